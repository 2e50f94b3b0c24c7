"""The answer builder: sentence choice, one citation line, whole-speech and
count questions, answers across the passage cut, follow-ups and filters.

Unit tests use hand-written sentences; the rest run on the real bundled
index (built once per session with the bundled model).

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_answers.py."""
from __future__ import annotations

import html
import re

import pytest

from qa.search.cite import speech_name
from qa.web import chat


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
    """The number, the last point first (its number is the count), then every point in order."""
    whole = bundled_qa.ask("第一篇一共讲了几点？")
    outline = outline_of(bundled_qa, 1)
    assert whole.answer.text.startswith(f"第一篇共{len(outline)}点，最后一点是：{outline[-1].title}[1]。依次是：")
    assert whole.answer.sentences[0].text == outline[-1].title
    assert outline[-1].start <= whole.hits[0].passage.start < outline[-1].end
    part = bundled_qa.ask("第二篇第二部分有几条？")
    children = outline_of(bundled_qa, 2)[1].children
    assert f"共{len(children)}条，最后一条是：{children[-1].title}" in part.answer.text
    assert children and all(c.title in part.answer.text for c in children)
    listing = bundled_qa.ask("第二篇第二部分讲了哪几条？")  # which ones, not how many: in order, no count first
    assert f"下分{len(children)}点" in listing.answer.text


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
