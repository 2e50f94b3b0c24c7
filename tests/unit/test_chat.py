"""The chat page's handlers (qa/chat.py, qa/render.py), without a browser.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_chat_e2e.py."""
from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pytest

from qa.web import chat, outline
from qa.web import render
from qa.web import status as index_status
from qa.indexing.build import build_index
from qa.search.query import MAX_QUERY_CHARS, analyze
from qa.search.result import Hit, Result
from qa.testing import serving

INJECTION = "<img src=x onerror=alert(1)><script>alert(2)</script><b>粗</b>"
TINY = """第一篇：关于疫苗接种的讲话
同志们：
今天召开会议，部署疫苗接种和学校开学工作。
第一，要加快疫苗接种进度。各地要在月底前完成接种任务，做到应接尽接，尽快建立免疫屏障。
第二，要做好学校开学准备。学校要在开学前完成校园消毒，食堂和宿舍要开展专项督查。
第三，要原样显示标记文字。文件中的<b>粗</b>字和<img src=x onerror=alert(1)>标签要原样显示，<script>alert(2)</script>也不能执行。
同志们，我就讲这些。
第二篇：关于防汛救灾的讲话
同志们：
今天主要讲防汛救灾。
一、持续抓好防汛救灾。各地要加强雨情水情监测，及时转移受威胁群众。
二、抓紧做好灾后重建。倒塌校舍要尽快修复，确保按时开学。
"""


def no_markup_from_text(page_html: str) -> None:
    """None of the injected tags may appear as markup."""
    assert "<script" not in page_html.lower()
    assert "<img" not in page_html.lower()
    assert "<b>粗" not in page_html


@pytest.fixture
def tiny(make_index):
    built = make_index({"tiny.txt": TINY})
    return built.qa, built.docs


def passage_with(service, text: str):
    return next(p for p in service.build.passages if text in p.text)


def answered(service, question: str, *passages, also=()) -> Result:
    hits = [Hit(p, 1.0 - i * 0.1, i, dense=0.9) for i, p in enumerate(passages)]
    hits[0].also = list(also)
    return service.pipeline.answer(Result(analyze(question, {}), True, hits))


# -- escaping and highlighting --------------------------------------------------

def test_highlight_escapes_and_marks_question_words():
    out = render.highlight("<b>疫苗</b>接种a+b", ["疫苗", "a+b"])
    assert out == '&lt;b&gt;<mark class="kw">疫苗</mark>&lt;/b&gt;接种<mark class="kw">a+b</mark>'
    # adjacent words merge into one mark; no words: just escaped
    assert render.highlight("小区封闭管理", ["小区", "封闭", "管理"]) == '<mark class="kw">小区封闭管理</mark>'
    assert render.highlight("<i>x</i>", []) == "&lt;i&gt;x&lt;/i&gt;"


def test_question_is_escaped_in_the_conversation(tiny):
    service, docs = tiny
    turns = chat.ask(service, INJECTION, [], docs_dir=docs)
    page = chat.conversation_html(turns)
    no_markup_from_text(page)
    assert html.escape(INJECTION) in page
    assert turns[0]["question"] == INJECTION


def test_document_text_is_escaped_in_answer_context_copy_and_outline(tiny):
    service, _ = tiny
    marked = passage_with(service, "<script>")
    reply = chat.reply_html(answered(service, "标记文字怎么显示", marked))
    no_markup_from_text(reply)
    assert "&lt;img src=x onerror=alert(1)&gt;" in reply
    assert "&lt;b&gt;粗&lt;/b&gt;" in reply
    # the copy attribute holds the same text, escaped for the attribute
    copy = re.search(r'data-copy="([^"]*)"', reply).group(1)
    assert html.unescape(copy) == chat.copy_text(marked, marked.path)
    index_ = service.build
    for page in (outline.branch_html(index_, "tiny.txt", 1), outline.search_html(index_, "标记文字"),
                 outline.reader_html(index_, {"file": "tiny.txt", "speech": 1, "path": "2"})):
        no_markup_from_text(page)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in outline.reader_html(index_, {"file": "tiny.txt", "speech": 1})


def test_answer_cites_with_markers_sources_and_highlights(tiny):
    service, _ = tiny
    vaccine = passage_with(service, "月底前完成接种任务")
    school = passage_with(service, "校园消毒")
    reply = chat.reply_html(answered(service, "疫苗接种什么时候完成", vaccine, school), turn=4)
    answer = re.search(r'<p class="answer">(.*?)</p>', reply).group(1)
    assert '<button type="button" class="ref" data-ref="t4-s1"' in answer and 'aria-label="来源 [1]">[1]</button>' in answer
    # the heading comes with the sentence that answers, never alone
    assert "月底前完成接种任务，做到应接尽接，尽快建立免疫屏障。[1]" in re.sub(r"<[^>]+>", "", answer)
    assert "要加快疫苗接种进度。[1]" not in re.sub(r"<[^>]+>", "", answer)
    assert '<mark class="kw">疫苗接种</mark>' in reply
    sources = re.findall(r'<li class="source[^"]*" id="t4-s(\d)"', reply)
    assert sources == ["1", "2"]
    assert "第一篇《关于疫苗接种的讲话》" in reply and "第一，要加快疫苗接种进度" in reply
    assert "第3段" in reply


def test_merged_duplicate_shows_also_in_other_speech(tiny):
    service, _ = tiny
    first = passage_with(service, "月底前完成接种任务")
    other = passage_with(service, "倒塌校舍")
    reply = chat.reply_html(answered(service, "疫苗", first, also=[other]))
    assert '<span class="also"' in reply and ">亦见第二篇<" in reply
    single = chat.reply_html(answered(service, "疫苗", first))
    assert "亦见" not in single


def test_no_answer_reply(tiny):
    service, _ = tiny
    hit = Hit(passage_with(service, "倒塌校舍"), 0.1, 0, dense=0.2)
    result = Result(analyze("火星上的天气怎么样", {}), False, [hit])
    result.topics = ["第一，要加快疫苗接种进度"]
    reply = chat.reply_html(service.pipeline.answer(result))
    assert reply.startswith('<p class="no-answer">抱歉')
    assert "二、抓紧做好灾后重建" in reply  # the closest topic is named
    assert '<li class="source' not in reply
    # through the whole ask path too: the fake embedder finds nothing close enough
    turns = chat.ask(service, "火星上的天气怎么样？", [])
    assert "抱歉，讲话材料中没有找到" in turns[0]["html"]


def test_empty_question_adds_no_turn(tiny):
    service, _ = tiny
    assert chat.ask(service, "   ", []) == []


def test_follow_up_passes_earlier_questions_as_history(tiny, monkeypatch):
    service, _ = tiny
    seen = []
    real_ask = service.ask

    def recording_ask(question, k=5, speech=None, history=None):
        seen.append((question, k, speech, list(history or [])))
        return real_ask(question, k=k, speech=speech, history=history)

    monkeypatch.setattr(service, "ask", recording_ask)
    turns = chat.ask(service, "学校开学前要做什么？", [], speech=1, k=3)
    turns = chat.ask(service, "那具体怎么落实？", turns, speech=0, k=4)
    assert seen == [("学校开学前要做什么？", 3, 1, []), ("那具体怎么落实？", 4, None, ["学校开学前要做什么？"])]
    assert [t["question"] for t in turns] == ["学校开学前要做什么？", "那具体怎么落实？"]
    assert 'id="turn-2"' in chat.conversation_html(turns)


# -- context and copy --------------------------------------------------------------

def test_copy_text_contains_quote_and_citation(tiny):
    service, _ = tiny
    p = passage_with(service, "月底前完成接种任务")
    text = chat.copy_text(p, p.path)
    quote, citation = text.split("\n", 1)
    assert quote == f"“{p.text}”"
    assert citation == "——第一篇《关于疫苗接种的讲话》 › 第一，要加快疫苗接种进度 · 第3段（tiny.txt）"


def test_context_shows_directive_and_neighbours_with_sentence_marked(tiny):
    service, _ = tiny
    index = service.build
    p = passage_with(service, "校园消毒")
    ctx = chat.context_html(index, p, "学校要在开学前完成校园消毒，食堂和宿舍要开展专项督查。", ["消毒"])
    paragraphs = re.findall(r'<p class="(ctx-p[^"]*)"><span class="pno">(\d+)</span>', ctx)
    assert paragraphs == [("ctx-p neighbour", "3"), ("ctx-p", "4"), ("ctx-p neighbour", "5")]
    before, hit = ctx.split('<mark class="hit">', 1)
    assert before.endswith("第二，要做好学校开学准备。")  # the sentence starts after the heading
    hit = hit.split("</p>", 1)[0]
    assert hit == '学校要在开学前完成校园<mark class="kw">消毒</mark>，食堂和宿舍要开展专项督查。</mark>'


# -- status and index problems ------------------------------------------------------

def test_status_lists_index_facts(tiny):
    service, docs = tiny
    status = index_status.status_html(service, docs)
    text = re.sub(r"<[^>]+>", "", status)
    # 段落 as a citation's 第N段 counts them: the speeches' paragraphs (6 + 4), not the 8 search passages
    assert re.search(r"文档 1 份 · 讲话 2 篇 · 段落 10 段 · 更新于 20\d\d-\d\d-\d\d \d\d:\d\d详情", text), text
    details = re.search(r'<details class="more">(.*?)</details>', status).group(1)
    assert "test:hash-bigrams" in details and "检索片段 8 条" in details
    assert "test:hash-bigrams" not in status.replace(details, "")
    assert "notice" not in status


def test_build_time_is_shown_in_the_servers_time_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert index_status.local_time("2026-11-29T06:40:00+0000") == "2026-11-29 14:40"
        assert index_status.local_time("2026-11-29T14:40:00+0800") == "2026-11-29 14:40"
        assert index_status.local_time("nonsense") == "未知" and index_status.local_time(None) == "未知"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_status_warns_when_documents_changed(tiny):
    service, docs = tiny
    (docs / "tiny.txt").write_text(TINY + "三、新增一段。\n", encoding="utf-8")
    (docs / "more.txt").write_text("另一份讲话。", encoding="utf-8")
    status = index_status.status_html(service, docs)
    assert "notice warn" in status
    assert "新增：more.txt" in status and "已修改：tiny.txt" in status
    assert "python scripts/build_index.py" in status


def test_missing_index_page_says_how_to_rebuild(tmp_path, fake_embedder):
    service = serving(tmp_path / "nowhere", embedder=fake_embedder)
    status = index_status.status_html(service, tmp_path)
    assert "还没有索引" in status and "python scripts/build_index.py" in status
    turns = chat.ask(service, "疫苗", [])
    assert "还没有索引" in turns[0]["html"] and 'class="notice error"' in turns[0]["html"]
    assert chat.speech_choices(service) == [("全部讲话", 0)]
    assert outline.current_index(service) is None
    assert "没有可用的索引" in outline.page_html(None)
    assert "没有可用的索引" in outline.reader_html(None, {"file": "tiny.txt", "speech": 1})


def test_embedder_mismatch_message(tiny):
    service, docs = tiny

    class OtherEmbedder(type(service.service.embedder)):
        id = "test:other"

    other = serving(service.path, embedder=OtherEmbedder())
    status = index_status.status_html(other, docs)
    assert "test:hash-bigrams" in status and "test:other" in status
    assert "不一致" in status and "python scripts/build_index.py" in status
    assert "不一致" in chat.ask(other, "疫苗", [])[0]["html"]


def test_reload_error_is_shown(tiny):
    service, docs = tiny
    service.service.last_error = "新索引加载失败，继续使用原索引：<broken>"
    status = index_status.status_html(service, docs)
    assert "新索引加载失败" in status and "&lt;broken&gt;" in status


def test_page_picks_up_a_rebuilt_index(tmp_path, fake_embedder):
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    service = serving(index, embedder=fake_embedder)
    assert "还没有索引" in index_status.status_html(service, docs)
    (docs / "tiny.txt").write_text(TINY, encoding="utf-8")
    build_index(docs, index, fake_embedder)
    assert "讲话</b> 2 篇" in index_status.status_html(service, docs)


def test_rebuild_command_names_non_default_folders(tmp_path):
    from qa import config

    assert index_status.rebuild_command(config.PROJECT_ROOT / "index", config.PROJECT_ROOT / "data" / "speeches") == \
        "python scripts/build_index.py"
    assert index_status.rebuild_command(tmp_path / "i", tmp_path / "d") == \
        f"python scripts/build_index.py --docs {tmp_path / 'd'} --index {tmp_path / 'i'}"


# -- controls ----------------------------------------------------------------------

def test_speech_filter(tiny):
    service, _ = tiny
    assert chat.speech_choices(service) == [("全部讲话", 0), ("第一篇 关于疫苗接种的讲话", 1),
                                            ("第二篇 关于防汛救灾的讲话", 2)]


# -- 目录: tree, search, reader ------------------------------------------------------

def test_outline_tree_lists_speeches_and_fills_one_when_asked(tiny):
    service, _ = tiny
    index = service.build
    tree = outline.tree_html(index)
    assert re.findall(r'<details class="speech" data-file="tiny.txt" data-speech="(\d)">', tree) == ["1", "2"]
    assert "第二篇 关于防汛救灾的讲话" in tree and 'class="dir"' not in tree  # directives come later
    branch = outline.branch_html(index, "tiny.txt", 2)
    assert re.findall(r'data-path="([\d/]+)"[^>]*>([^<]+)</button>', branch) == [
        ("0", "一、持续抓好防汛救灾"), ("1", "二、抓紧做好灾后重建")]
    assert "阅读全文" in branch
    for file, speech in (("tiny.txt", 9), ("other.txt", 1), ("tiny.txt", "x"), (None, None)):
        assert "已不在当前索引" in outline.branch_html(index, file, speech)


def test_outline_search_finds_headings_of_every_speech(tiny):
    service, _ = tiny
    index = service.build
    found = outline.search_html(index, "要 学校")  # every word must stand in the heading
    assert "找到 1 条" in found and "第二，要做好学校开学准备" in re.sub(r"<[^>]+>", "", found)
    assert 'data-speech="1" data-path="1"' in found and '<mark class="kw">学校</mark>' in found
    assert "找到 2 条" in outline.search_html(index, "二")  # 第二，… and 二、…
    assert "没有条目标题包含" in outline.search_html(index, "火星")
    assert outline.search_html(index, "   ") == ""


def test_reader_shows_the_whole_speech_with_the_directive_marked(tiny):
    service, _ = tiny
    index = service.build
    page = outline.reader_html(index, {"file": "tiny.txt", "speech": 2, "path": "1"})
    paragraphs = re.findall(r'<p class="(rp[^"]*)" id="rp-(\d+)"><span class="pno">\d+</span>', page)
    assert paragraphs == [("rp", "1"), ("rp", "2"), ("rp", "3"), ("rp in-target", "4")]
    assert '<b class="dmark lv1">一、</b>持续抓好防汛救灾' in page  # each directive's marker shown
    assert '<b class="dmark lv1"><mark class="hit">二、</mark></b><mark class="hit">抓紧做好灾后重建。' in page
    assert '<div class="place">二、抓紧做好灾后重建</div>' in page
    assert "不在当前索引" in outline.reader_html(index, {"file": "tiny.txt", "speech": 2, "path": "5"})
    assert "不在当前索引" in outline.reader_html(index, {"file": "tiny.txt", "speech": 3})
    assert "不在当前索引" in outline.reader_html(index, "not a place")
    whole = outline.reader_html(index, {"file": "tiny.txt", "speech": 1})
    assert "<mark" not in whole and "in-target" not in whole and whole.count('class="rp"') == 6


def test_reader_marks_a_cited_passage(tiny):
    service, _ = tiny
    index = service.build
    p = passage_with(service, "校园消毒")
    reply = chat.reply_html(answered(service, "学校消毒", p))
    button = re.search(r'<button type="button" class="open" ([^>]*)>', reply).group(1)
    place = dict(re.findall(r'data-(\w+)="([^"]*)"', button))
    assert place == {"file": "tiny.txt", "speech": "1", "start": str(p.start), "end": str(p.end)}
    page = outline.reader_html(index, place)
    marked = "".join(re.findall(r'<mark class="hit">(.*?)</mark>', page))
    assert re.sub(r"<[^>]+>", "", marked) == html.escape(p.text)
    assert '<div class="place">第二，要做好学校开学准备</div>' in page


# -- what the page sends and gets back -------------------------------------------------

def test_page_reply_is_one_turn_from_the_question_and_the_last_few_questions(tiny, monkeypatch):
    service, _ = tiny
    seen = []
    real_ask = service.ask

    def recording_ask(question, k=5, speech=None, history=None, **where):
        seen.append((question, list(history or [])))
        return real_ask(question, k=k, speech=speech, history=history, **where)

    monkeypatch.setattr(service, "ask", recording_ask)
    history = [f"问题{i}" for i in range(10)]
    reply = json.loads(chat.page_reply(service, "疫苗接种什么时候完成？", json.dumps({"n": 7, "history": history}),
                                       speech=0, k=3, status="<div>状态</div>"))
    assert reply["n"] == 7 and reply["question"] == "疫苗接种什么时候完成？" and reply["status"] == "<div>状态</div>"
    assert 'id="turn-7"' in reply["html"]
    assert seen == [("疫苗接种什么时候完成？", history[-3:])]  # the search replays three at most
    assert chat.page_reply(service, "  ", "{}") == ""


@pytest.mark.parametrize("value", [None, "text", "[]", '{"n": "7"}', '{"n": true}', '{"n": -1}', '{"n": 10000000}',
                                   '{"history": "many"}', {"n": 3.5}])
def test_a_context_the_page_did_not_write_counts_as_a_new_conversation(value):
    n, history = chat.parse_context(value)
    assert n == 1 and history == []


def test_context_keeps_strings_only_cut_to_the_question_limit():
    n, history = chat.parse_context(json.dumps({"n": 4, "history": ["甲", 5, "乙" * 900, None, "丙"]}))
    assert n == 4 and history == ["甲", "乙" * MAX_QUERY_CHARS, "丙"]


def test_cited_sources_come_first_same_paragraph_merges_and_the_rest_fold(tiny):
    service, _ = tiny
    vaccine = passage_with(service, "月底前完成接种任务")
    school = passage_with(service, "校园消毒")
    flood = passage_with(service, "雨情水情监测")
    result = answered(service, "学校开学前要做什么", flood, school, vaccine)
    from qa.search.answer import Answer, AnswerSentence

    # the answer cites the third hit, then the second: they become [1] and [2]; the first is folded
    result.answer = Answer("学校要在开学前完成校园消毒。[3]各地要在月底前完成接种任务。[2]",
                           [AnswerSentence("学校要在开学前完成校园消毒。", 3), AnswerSentence("各地要在月底前完成接种任务。", 2)])
    result.hits[1], result.hits[2] = result.hits[2], result.hits[1]  # [2] vaccine, [3] school
    reply = chat.reply_html(result, turn=2)
    text = re.sub(r"<[^>]+>", "", re.search(r'<p class="answer">(.*?)</p>', reply).group(1))
    assert text == "学校要在开学前完成校园消毒。[1]各地要在月底前完成接种任务。[2]"
    shown, folded = reply.split('<details class="more-sources">')
    assert re.findall(r'<li class="source cited" id="t2-s(\d)"', shown) == ["1", "2"]
    assert "更多来源 (1)" in folded and re.findall(r'<li class="source" id="t2-s(\d)"', folded) == ["3"]
    assert shown.index("复制回答") < shown.index('class="sources"')  # the copy button right under the answer
    assert 'aria-label="复制引文 [2]"' in shown and 'aria-label="在原文中查看 [2]"' in shown
    # two hits from one paragraph are one source
    twice = answered(service, "学校开学前要做什么", school, school)
    twice.answer = Answer("学校要在开学前完成校园消毒。[1]食堂要开展专项督查。[2]",
                          [AnswerSentence("学校要在开学前完成校园消毒。", 1), AnswerSentence("食堂要开展专项督查。", 2)])
    reply = chat.reply_html(twice)
    assert reply.count('<li class="source') == 1 and "[2]" not in reply


def test_a_card_that_only_repeats_the_answer_shows_its_paragraph(tiny):
    service, _ = tiny
    from qa.search.answer import Answer, AnswerSentence

    p = passage_with(service, "校园消毒")
    result = answered(service, "学校消毒", p)
    result.answer = Answer(p.text + "[1]", [AnswerSentence(p.text, 1)])
    reply = chat.reply_html(result)
    card = reply[reply.index('<li class="source'):]
    quote = re.search(r'<blockquote class="passage[^"]*"[^>]*>(.*?)</blockquote>', card, re.S)
    # the passage is the whole paragraph here: the card folds it rather than repeat the answer
    assert 'class="passage wider"' in card or '<details class="same">' in card
    assert quote is not None


def test_only_telling_words_are_highlighted(tiny):
    from qa.search.highlight import telling_words

    words = telling_words(analyze("领导要求做好疫苗接种工作", {}))
    assert "疫苗" in words or "疫苗接种" in words
    assert not {"领导", "要求", "做好", "工作"} & set(words)


def test_refused_question_offers_its_topics_as_questions(tiny):
    service, _ = tiny
    hit = Hit(passage_with(service, "倒塌校舍"), 0.1, 0, dense=0.2)
    result = Result(analyze("火星上的天气怎么样", {}), False, [hit])
    result.topics = ["第一，要加快疫苗接种进度"]
    reply = chat.reply_html(service.pipeline.answer(result))
    buttons = re.findall(r'<button type="button" class="ask-topic" data-question="([^"]*)"[^>]*>([^<]*)</button>', reply)
    assert buttons == [("抓紧做好灾后重建", "二、抓紧做好灾后重建")]  # the marker left out of the question
    nothing_close = Result(analyze("火星", {}), False, [], topics=["第一，要加快疫苗接种进度"])
    reply = chat.reply_html(service.pipeline.answer(nothing_close))
    assert 'data-question="要加快疫苗接种进度"' in reply


def test_app_cli_defaults_and_overrides(monkeypatch, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import app

    monkeypatch.delenv("QA_PORT", raising=False)
    monkeypatch.delenv("QA_HOST", raising=False)
    chosen = app.load_settings(app.parse_args([]))
    assert (chosen.host, chosen.port, chosen.index) == ("127.0.0.1", 7860, tmp_path / "index")
    monkeypatch.setenv("QA_PORT", "8123")
    assert app.load_settings(app.parse_args([])).port == 8123
    chosen = app.load_settings(app.parse_args(["--host", "0.0.0.0", "--port", "9000", "--index", "/x"]))
    assert (chosen.host, chosen.port, str(chosen.index)) == ("0.0.0.0", 9000, "/x")
