"""Retrieval mechanisms: synonyms, structural lookup, part filter, duplicate
merging, rejection, answer types, follow-ups.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_search.py."""

import pytest

from qa.search.query import analyze


# -- on the real bundled corpus and embedder -----------------------------------

def test_structural_question_returns_the_numbered_directive(bundled_qa):
    result = bundled_qa.ask("第一篇的第三条要求是什么？")
    assert result.mode == "structural" and result.answerable
    assert result.hits[0].passage.path[0].startswith("第三，要严防死守果断施策")
    fourth = bundled_qa.ask("第四篇第三点是什么")
    assert fourth.hits[0].passage.path[0].startswith("三要作风上再严实")
    assert all(h.passage.speech == 4 for h in fourth.hits)


def test_placeholder_directive_is_reachable_by_its_number(bundled_qa):
    result = bundled_qa.ask("第一篇讲话里第六项工作是啥")
    assert result.mode == "structural"
    assert result.hits[0].passage.path[0] == "第六，要统筹做好防汛防疫"


def test_search_inside_a_named_part(bundled_qa):
    result = bundled_qa.ask("第三篇第四部分里医院防护怎么管", k=5)
    assert result.mode == "hybrid"
    assert result.hits and all(h.passage.path[0].startswith("四、尽最大努力开展医疗救治") for h in result.hits)


def test_missing_speech_gets_a_notice(bundled_qa):
    result = bundled_qa.ask("第九篇第一部分讲了什么")
    assert not result.answerable and "没有第9篇" in result.notice


def test_near_copies_merge_into_one_result_citing_both(bundled_qa):
    result = bundled_qa.ask("小区封闭管理的重点是哪些地方？", k=5)
    top = result.hits[0]
    assert "城乡结合部" in top.passage.text
    cited = {top.passage.speech} | {p.speech for p in top.also}
    assert cited == {4, 5}
    texts = [h.passage.text for h in result.hits]
    assert len(texts) == len(set(texts))
    assert result.to_dict()["results"][0]["citation"]["also"][0]["speech"] in (4, 5)


@pytest.mark.parametrize("question", ["个人所得税怎么申报？", "How do I reset my password?", "红烧肉怎么做才好吃"])
def test_questions_the_corpus_cannot_answer_are_rejected_politely(bundled_qa, question):
    result = bundled_qa.ask(question)
    assert result.answerable is False
    reply = result.text()
    assert reply.startswith("抱歉") and "相近内容" in reply


@pytest.mark.parametrize("question, phrase, speech", [
    ("打了针能防住病毒吗？", "免疫屏障", 1),
    ("房子倒了的学校怎么办？", "倒塌校舍", 1),
    ("第二篇讲话第三部分讲了什么？", "快马加鞭", 2),
])
def test_colloquial_and_structural_questions_find_the_directive_first(bundled_qa, question, phrase, speech):
    result = bundled_qa.ask(question)
    assert result.answerable
    assert phrase in result.hits[0].passage.text and result.hits[0].passage.speech == speech


def test_follow_up_reuses_the_earlier_topic_and_applies_the_new_speech(bundled_qa):
    first = "疫苗接种要在什么时间前完成？"
    follow = bundled_qa.ask("那第三篇是怎么说的？", history=[first])
    assert follow.hits and all(h.passage.speech == 3 for h in follow.hits)
    assert "疫苗" in follow.query.core
    alone = bundled_qa.ask("那第三篇是怎么说的？")
    assert "疫苗" not in alone.query.core


def test_follow_up_asking_for_details_keeps_the_topic(bundled_qa):
    result = bundled_qa.ask("具体怎么落实？", history=["集中隔离要做到什么程度？"])
    assert "隔离" in result.hits[0].passage.search_text


def test_traditional_characters_are_searched_as_simplified(bundled_qa):
    assert analyze("學校開學前要做哪些準備？").text.startswith("学校开学前")
    result = bundled_qa.ask("學校開學前要做哪些準備？")
    assert result.answerable
    assert any(h.passage.path and h.passage.path[0].startswith("第七，要有序做好开学准备") for h in result.hits[:3])


def test_a_pasted_document_is_embedded_by_its_start_only(bundled_qa):
    seen = []
    searcher = bundled_qa.pipeline
    original = searcher.embedder.embed_query
    searcher.embedder.embed_query = lambda text: seen.append(text) or original(text)
    try:
        bundled_qa.ask("疫苗接种" + "很长的粘贴内容" * 300)
    finally:
        searcher.embedder.embed_query = original
    assert seen and len(seen[0]) <= 150 + 50  # the start, plus any synonym words
