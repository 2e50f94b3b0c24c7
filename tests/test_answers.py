"""The answer builder: sentence choice, one citation line, whole-speech and
count questions, answers across the passage cut, follow-ups and filters.

Unit tests use hand-written sentences; the rest run on the real bundled
index (built once per session with the bundled model)."""
from __future__ import annotations

import html
import re

import pytest

from qa.models import Passage
from qa.search import scope
from qa.search.cite import citation_line, speech_name
from qa.search.conversation import Context, with_context
from qa.search.outline import asks_outline
from qa.search.query import analyze
from qa.search.sentences import SentenceScorer, split_sentences
from qa.web import chat, render

# -- sentence choice, without an index --------------------------------------------


def best(question: str, sentences: list[str]) -> str:
    scorer = SentenceScorer(analyze(question))
    return max(sentences, key=scorer.score)


def test_generic_words_do_not_pick_the_sentence():
    sentences = ["二是要求上，各地、各部门要有责任担当之勇、科学防控之智。",
                 "疫苗接种是疫情防控最经济、最有效的手段，要组织师生积极主动接种。"]
    assert best("疫苗接种有什么要求？", sentences) == sentences[1]


@pytest.mark.parametrize("question, answer", [
    ("为什么要推进疫苗接种？", "疫苗接种是疫情防控最有效的手段。"),
    ("疫苗接种什么时候完成？", "X月底前完成疫苗接种任务。"),
    ("疫苗接种由哪些部门负责？", "卫生健康部门要组织疫苗接种工作。"),
    ("疫苗接种要完成多少剂？", "每名学生疫苗接种两剂次。"),
])
def test_question_type_steers_among_sentences_on_the_topic(question, answer):
    sentences = ["要加快疫苗接种进度，做好疫苗接种宣传。", "疫苗接种是疫情防控最有效的手段。",
                 "X月底前完成疫苗接种任务。", "卫生健康部门要组织疫苗接种工作。", "每名学生疫苗接种两剂次。"]
    assert best(question, sentences) == answer


def test_bare_heading_scores_low_unless_headings_are_asked():
    scorer = SentenceScorer(analyze("开学准备怎么做？"))
    heading = "第七，要有序做好开学准备。"
    assert scorer.score(heading, bare_heading=True) < scorer.score(heading) / 2
    asks = SentenceScorer(analyze("开学准备有哪几点？"))
    assert asks.score(heading, bare_heading=True) == asks.score(heading)


def test_sentences_split_at_ends_and_keep_their_place():
    text = "第一，要扛稳责任。各地要落实；各校要配合！\n同志们"
    parts = split_sentences(text)
    assert [p.text for p in parts] == ["第一，要扛稳责任。", "各地要落实；", "各校要配合！", "同志们"]
    assert all(text[p.start:p.start + len(p.text)] == p.text for p in parts)


# -- one citation line ----------------------------------------------------------------

def test_one_citation_line_for_text_page_and_copy():
    p = Passage("疫苗接种是最有效的手段。", "a.txt", 1, "题目", ["第五，要加快疫苗接种进度"], "第五", 12, 0, 12)
    assert speech_name(1) == "第一篇" and speech_name(12) == "第十二篇"
    assert citation_line(p) == "第一篇《题目》 › 第五，要加快疫苗接种进度 · 第12段"
    assert chat.citation_text(p, p.path) == citation_line(p) + "（a.txt）"
    shown = re.sub(r"<[^>]+>", "", render.where_html(p.speech, p.title, p.path, p.paragraph))
    assert shown == citation_line(p)


# -- filters and follow-ups, without an index -------------------------------------------

def test_a_speech_named_in_the_question_wins_over_the_filter_with_a_notice():
    speech, notice = scope.choose_speech(chosen=3, named=1, inherited=None)
    assert speech == 1 and "第一篇" in notice and "第三篇" in notice
    speech, notice = scope.choose_speech(chosen=3, named=None, inherited=2)
    assert speech == 3 and notice == "按所选范围回答：只看第三篇。"
    assert scope.choose_speech(None, None, 2) == (2, "")
    assert "文件 a.txt" in scope.choose_speech(None, None, None, file="a.txt")[1]


@pytest.mark.parametrize("previous, question, part", [
    (([2], ["部分"]), "第四条具体是什么？", [2, 4]),  # a point inside the part just shown
    (([3], ["部分"]), "第五部分呢？", [5]),  # the same unit: the next part
    (([], []), "第三部分具体讲了什么？", [3]),
])
def test_a_bare_part_number_is_read_in_the_conversation(previous, question, part):
    context = Context(speech=2, part=previous[0], units=previous[1], structural=True)
    query = with_context(analyze(question), context, {})
    assert query.part == part and query.speech == 2


@pytest.mark.parametrize("question, asks", [
    ("第二篇讲了哪几点？", True), ("第一篇一共讲了几点？", True), ("第三篇的主要内容是什么？", True),
    ("第二篇第二部分有几条？", True), ("第二篇讲了什么？", True),
    ("第三篇第三部分的疫情监测怎么做？", False), ("疫苗接种要在什么时间前完成？", False),
])
def test_outline_questions_are_told_from_topic_questions(question, asks):
    assert asks_outline(analyze(question)) is asks


# -- on the bundled corpus ----------------------------------------------------------------

def outline_of(service, speech: int) -> list:
    s = next(s for s in service.build.speeches if s.ordinal == speech)
    return service.pipeline.structure.tree(s.file, s.ordinal)


def check_answer_is_quoted(result) -> None:
    """Each answer sentence stands in the result it cites; the text carries its markers."""
    d = result.to_dict()
    assert d["answer"]["text"] == result.answer.text
    for s in d["answer"]["sentences"]:
        assert s["text"] in d["results"][s["result"] - 1]["text"]
        assert f"{s['text']}[{s['result']}]" in d["answer"]["text"]


def test_answer_in_the_json_line_quotes_its_results(bundled_qa):
    result = bundled_qa.ask("学校开学前要做哪些准备？")
    check_answer_is_quoted(result)
    assert 1 <= len(result.answer.sentences) <= 5  # a list is asked for
    single = bundled_qa.ask("联防联控机制领导小组下设几个工作组？")
    check_answer_is_quoted(single)
    assert len(single.answer.sentences) <= 3 and "下设8个工作组" in single.answer.sentences[0].text


def test_no_answer_sentence_is_a_bare_heading(bundled_qa):
    structure = bundled_qa.pipeline.structure
    for question in ["开学前要做哪些准备？", "防汛", "疫苗接种有什么要求？"]:
        result = bundled_qa.ask(question)
        for s in result.answer.sentences:
            assert not structure.is_bare_heading(result.hits[s.result - 1].passage, s.text), (question, s.text)


def test_an_answer_cut_by_the_passage_split_is_quoted_from_the_part_that_answers(bundled_qa):
    result = bundled_qa.ask("为什么说要推进疫苗接种？")
    assert "最有效的手段" in result.answer.sentences[0].text
    assert "最有效的手段" in result.hits[0].passage.text


@pytest.mark.parametrize("speech", [1, 2, 3])
def test_whole_speech_question_lists_every_heading_in_order_each_cited(bundled_qa, speech):
    result = bundled_qa.ask(f"{speech_name(speech)}讲了哪几点？")
    assert result.mode == "outline" and result.answerable
    titles = [d.title for d in outline_of(bundled_qa, speech)]
    text = result.answer.text
    assert [s.text for s in result.answer.sentences] == titles
    assert [text.index(t) for t in titles] == sorted(text.index(t) for t in titles)
    for s in result.answer.sentences:
        assert result.hits[s.result - 1].passage.speech == speech


def test_count_questions_say_the_number_then_list(bundled_qa):
    whole = bundled_qa.ask("第一篇一共讲了几点？")
    n = len(outline_of(bundled_qa, 1))
    assert whole.answer.text.startswith(f"第一篇共讲了{n}点：")
    part = bundled_qa.ask("第二篇第二部分有几条？")
    children = outline_of(bundled_qa, 2)[1].children
    assert f"下分{len(children)}点" in part.answer.text
    assert children and all(c.title in part.answer.text for c in children)


def test_follow_up_answers_the_new_aspect_and_never_repeats(bundled_qa):
    first = bundled_qa.ask("疫苗接种有什么要求？")
    follow = bundled_qa.ask("那具体什么时候完成？", history=["疫苗接种有什么要求？"])
    assert "月底前" in follow.answer.text or follow.answer.text.startswith("上一条回答")
    assert follow.answer.text != first.answer.text
    history = ["校舍安全排查查哪些风险？"]
    again = bundled_qa.ask("还有呢？", history=history)
    assert again.answer.text != bundled_qa.ask(history[0]).answer.text
    shown = {s.text for s in bundled_qa.ask(history[0]).answer.sentences}
    assert not shown & {s.text for s in again.answer.sentences}


def test_follow_up_after_a_structural_question_reads_parts_in_that_speech(bundled_qa):
    third = bundled_qa.ask("第三部分具体讲了什么？", history=["第二篇讲了哪几点？"])
    assert third.hits and all(h.passage.speech == 2 for h in third.hits)
    assert third.hits[0].passage.path[0].startswith("三、快马加鞭")
    fourth = bundled_qa.ask("第四条具体是什么？", history=["第二篇第二部分讲了什么？"])
    assert "24小时应急值守" in fourth.hits[0].passage.text and "24小时应急值守" in fourth.answer.text
    details = bundled_qa.ask("那具体怎么落实？", history=["第一篇第六部分讲了什么？"])
    assert details.answerable and details.hits[0].passage.path[0] == "第六，要统筹做好防汛防疫"


def test_which_speeches_follow_up_names_the_speeches(bundled_qa):
    result = bundled_qa.ask("只提到一篇讲话吗？", history=["小区封闭管理有什么要求？"])
    assert result.answer.text.startswith("讲到这一点的有第四篇、第五篇")


def test_filter_is_named_overridden_by_a_named_speech_and_never_misleads(bundled_qa):
    named = bundled_qa.ask("第一篇第五点是什么？", speech=3)
    assert named.hits[0].passage.speech == 1 and "没有按所选的“只看第三篇”筛选" in named.notice
    missing = bundled_qa.ask("疫苗接种有什么要求？", speech=3)
    assert not missing.answerable and not missing.hits
    assert missing.answer.text.startswith("第三篇没有讲到这个问题") and "第一篇" in missing.answer.text
    assert "只看第三篇" in missing.notice
    found = bundled_qa.ask("医疗废物怎么处置？", speech=3)
    assert found.answerable and found.notice == "按所选范围回答：只看第三篇。"
    close = bundled_qa.ask("小区封闭管理有什么要求？", speech=1)
    assert "第四篇" in close.notice and "只有相近的内容" in close.notice


def test_page_shows_the_same_answer_as_the_cli(bundled_qa):
    turns = chat.ask(bundled_qa, "疫苗接种有什么要求？", [])
    turns = chat.ask(bundled_qa, "那具体什么时候完成？", turns)
    expected = bundled_qa.ask("那具体什么时候完成？", history=["疫苗接种有什么要求？"]).answer.text
    answer = re.search(r'<p class="(?:answer|no-answer)">(.*?)</p>', turns[-1]["html"]).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", answer)) == expected


def test_evaluation_reports_answer_quality_outlines_and_conversations(bundled_qa):
    from qa.search.evaluate import evaluate_answers, evaluate_conversations, evaluate_outlines

    searcher = bundled_qa.pipeline
    rows = [{"id": "x", "q": "联防联控机制领导小组下设几个工作组？", "gold": ["下设8个工作组"], "speech": [3], "kind": "keyword"},
            {"id": "y", "q": "联防联控机制领导小组下设几个工作组？", "gold": ["没有这句话"], "speech": [3], "kind": "keyword"}]
    answers = evaluate_answers(searcher, rows)["metrics"]["all"]
    assert answers["first_sentence"] == 0.5 and answers["answer_text"] == 0.5 and answers["bare_heading"] == 0.0
    outlines = evaluate_outlines(searcher, [{"id": "w", "q": "第一篇一共讲了几点？", "speech": 1, "count": 7},
                                            {"id": "v", "q": "第一篇一共讲了几点？", "speech": 1, "count": 6}])
    assert outlines["metrics"] == {"n": 2, "lists_every_heading": 1.0, "count_right": 0.5}
    talk = evaluate_conversations(searcher, [
        {"id": "c", "turns": ["疫苗接种有什么要求？", "为什么要接种？"], "gold": ["最有效的手段"], "speech": [1]},
        {"id": "d", "turns": ["疫苗接种有什么要求？", "为什么要接种？"], "gold": ["没有这句话"], "speech": [1]}])
    assert talk["metrics"] == {"n": 2, "last_turn_hit@3": 0.5, "repeats": 0}


def test_a_short_question_on_a_new_topic_starts_afresh(bundled_qa):
    history = ["疫苗接种有什么要求？"]
    switched = bundled_qa.ask("防汛", history=history)
    assert "防汛" in switched.answer.sentences[0].text and "疫苗" not in switched.query.core
    leaning = bundled_qa.ask("为什么要接种？", history=history)  # the same topic: a follow-up
    assert "疫苗" in leaning.query.core
    assert leaning.answer.text != bundled_qa.ask(history[0]).answer.text


def test_a_synonym_standing_for_an_unused_word_counts_fully():
    query = analyze("发烧了去医院看哪里？", {"发烧": ["发热"]})
    unused = SentenceScorer(query, doc_freq=lambda w: 0 if w == "发烧" else 1, num_docs=10)
    used = SentenceScorer(query, doc_freq=lambda w: 1, num_docs=10)
    assert "发烧" not in unused.weights  # no sentence holds it: it cannot tell them apart
    assert unused.weights["发热"] > used.weights["发热"]
    sentence = "加强发热门诊管理，强化发热病人预检分诊。"
    assert unused.score(sentence) > used.score(sentence)
