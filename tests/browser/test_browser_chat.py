"""The chat page, round two, in a real browser (Debian's Chromium via
Playwright), at 1366×800 and as a phone (390×844): a conversation restored
from the browser's own copy, conversations to come back to, citations to peek
at, 返回问答, readable and tappable text, announced answers, Chinese
messages when a request fails. Every test checks that no request leaves
127.0.0.1."""
from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.browser
test_browser = pytest.importorskip("test_browser")  # skips when Chromium is missing
expect = pytest.importorskip("playwright.sync_api").expect
Tab, serve, browser, app_url = test_browser.Tab, test_browser.serve, test_browser.browser, test_browser.app_url
DESKTOP, PHONE, ANSWER_TIMEOUT = test_browser.DESKTOP, test_browser.PHONE, test_browser.ANSWER_TIMEOUT

QUESTIONS = ["打了针能防住病毒吗？", "房子倒了的学校怎么办？", "学校开学前要做哪些准备？",
             "疫情防控要做好哪些工作？", "小区封闭管理的重点是哪些地方？"]
MAX_REQUEST = 64 * 1024


class ChatTab(Tab):
    """A Tab that also records the size of every request body it sends."""

    def __init__(self, browser, url: str, viewport: dict = DESKTOP, **options) -> None:
        self.bodies: list[tuple[int, str]] = []
        self._options = options
        super().__init__(browser, url, viewport)
        self.context.on("request", lambda r: self.bodies.append((len(r.post_data_buffer or b""), r.url)))

    def largest_request(self) -> int:
        return max((size for size, _ in self.bodies), default=0)

    def scroll_y(self) -> float:
        return self.page.evaluate("window.scrollY")


@pytest.fixture
def chat_tab(browser, app_url):
    t = ChatTab(browser, app_url)
    yield t
    t.context.close()


@pytest.fixture
def phone_tab(browser, app_url):
    t = ChatTab(browser, app_url, viewport=PHONE)
    yield t
    t.context.close()


def new_phone(browser, url: str) -> ChatTab:
    """A phone: touch, no hover, a coarse pointer."""
    t = ChatTab.__new__(ChatTab)
    t.bodies, t.url = [], url
    t.context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True,
                                    device_scale_factor=2)
    t.requests, t.refused, t.dialogs = [], [], []
    t.context.on("request", lambda r: (t.requests.append(r.url), t.bodies.append((len(r.post_data_buffer or b""), r.url))))
    t.context.on("response", lambda r: r.status >= 400 and t.refused.append(f"{r.status} {r.url}"))
    t.page = t.context.new_page()
    t.page.on("dialog", lambda d: (t.dialogs.append(d.message), d.dismiss()))
    t.page.goto(url)
    t.page.wait_for_selector("#status .status", timeout=ANSWER_TIMEOUT)
    return t


# -- a conversation that never breaks on reload ---------------------------------------

@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_thirty_turns_survive_reload_without_being_posted(browser, app_url, viewport):
    t = ChatTab(browser, app_url, viewport=viewport)
    try:
        thirty_turns_survive_reload(t)
    finally:
        t.context.close()


def thirty_turns_survive_reload(t: ChatTab) -> None:
    for n in range(1, 31):
        t.ask(QUESTIONS[(n - 1) % len(QUESTIONS)], n)
        # each new answer is announced to a screen reader
        assert t.page.locator("#announce").inner_text().startswith(f"第 {n} 问的回答：")
    assert t.page.locator("#conversation .turn").count() == 30
    loads = len(t.bodies)
    t.page.reload()
    t.page.locator("#turn-30 .source").first.wait_for(timeout=ANSWER_TIMEOUT)
    assert t.page.locator("#conversation .turn").count() == 30
    assert t.page.locator("#turn-1 .q .bubble").inner_text() == QUESTIONS[0]
    reloaded = [size for size, url in t.bodies[loads:] if "queue/join" in url]
    assert reloaded and max(reloaded) < 2048  # the conversation is not sent back on load
    # sources and context still work on the restored turns
    first = t.page.locator("#turn-1 .source").first
    first.locator("details.context summary").click()
    assert first.locator("details.context .ctx mark.hit").count() == 1
    # a follow-up knows the restored conversation (turn 30 asked about 小区封闭管理)
    reply = t.ask("那具体怎么落实？", 31)
    assert "小区" in reply.locator(".sources").text_content()  # cited, or under 更多来源
    assert t.largest_request() < MAX_REQUEST, t.largest_request()
    t.assert_offline()


def test_two_tabs_keep_two_conversations(browser, app_url):
    one = ChatTab(browser, app_url)
    try:
        two_page = one.context.new_page()  # same browser, same storage, another tab
        two_page.goto(app_url)
        two_page.wait_for_selector("#status .status", timeout=ANSWER_TIMEOUT)
        one.ask(QUESTIONS[0], 1)
        box = two_page.locator("#question textarea")
        box.fill(QUESTIONS[1])
        box.press("Enter")
        two_page.locator("#turn-1 .a").wait_for(timeout=ANSWER_TIMEOUT)
        one.ask(QUESTIONS[2], 2)
        for page in (one.page, two_page):
            page.reload()
            page.locator("#turn-1 .a").wait_for(timeout=ANSWER_TIMEOUT)
        assert [q.inner_text() for q in one.page.locator(".turn .q .bubble").all()] == [QUESTIONS[0], QUESTIONS[2]]
        assert [q.inner_text() for q in two_page.locator(".turn .q .bubble").all()] == [QUESTIONS[1]]
        # each lists both, its own marked current
        expect(two_page.locator("#convs li.conv")).to_have_count(2)
        assert QUESTIONS[1] in two_page.locator("#convs li.current").inner_text()
        one.assert_offline()
    finally:
        one.context.close()


def test_conversation_list_creates_switches_renames_deletes_and_undoes(chat_tab):
    t = chat_tab
    t.ask(QUESTIONS[0], 1)
    convs = t.page.locator("#convs")
    assert re.search(r"今天 \d\d:\d\d · 1 问", convs.locator("li.current").inner_text())
    convs.locator("button.new-conv").click()
    t.page.locator("#conversation .chat.empty").wait_for()
    t.ask(QUESTIONS[1], 1)
    assert convs.locator("li.conv").count() == 2
    # switch back to the first
    convs.locator("li.conv", has_text=QUESTIONS[0]).locator("button.conv-open").click()
    assert t.page.locator("#turn-1 .q .bubble").inner_text() == QUESTIONS[0]
    # rename it
    convs.locator("li.current button.conv-rename").click()
    convs.locator("input.rename").fill("疫苗的问题")
    convs.locator("input.rename").press("Enter")
    assert "疫苗的问题" in convs.locator("li.current").inner_text()
    # delete it, then undo
    convs.locator("li.current button.conv-delete").click()
    assert convs.locator("li.conv", has_text="疫苗的问题").count() == 0
    assert t.page.locator("#conversation .turn").count() == 0  # a new, empty one is open
    convs.locator(".undo button.undo-delete").click()
    assert convs.locator("li.current", has_text="疫苗的问题").count() == 1
    assert t.page.locator("#turn-1 .q .bubble").inner_text() == QUESTIONS[0]
    t.page.reload()
    t.page.locator("#turn-1 .a").wait_for(timeout=ANSWER_TIMEOUT)
    assert t.page.locator("#turn-1 .q .bubble").inner_text() == QUESTIONS[0]
    expect(convs.locator("li.conv")).to_have_count(2)  # the list follows the conversation by a moment
    # export all: both conversations in one file
    with t.page.expect_download() as download:
        convs.locator("button.export-all").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert f"## 问：{QUESTIONS[0]}" in text and f"## 问：{QUESTIONS[1]}" in text and "疫苗的问题" in text
    t.assert_offline()


def test_conversations_are_bounded_with_a_notice(chat_tab):
    t = chat_tab
    # fifty older conversations already kept in this browser
    t.page.evaluate("""() => {
      for (let i = 0; i < 50; i++) {
        const id = 'old' + i, meta = { id, title: '旧对话' + i, created: i, updated: 1000 + i, count: 1 };
        localStorage.setItem('jianghua-qa/v2/meta/' + id, JSON.stringify(meta));
        localStorage.setItem('jianghua-qa/v2/turns/' + id, JSON.stringify([{ n: 1, q: '问', html: '<div class="turn" id="turn-1"></div>' }]));
      }
    }""")
    t.ask(QUESTIONS[0], 1)
    note = t.page.locator("#convs .note")
    assert note.is_visible() and "最多保存 50 个对话" in note.inner_text() and "旧对话0" in note.inner_text()
    assert t.page.evaluate("qa.store.list().length") == 50
    assert t.page.locator("#convs li.conv", has_text="旧对话0").count() == 0
    t.assert_offline()


# -- failures in Chinese, the page still usable ------------------------------------

def test_refused_request_says_so_in_chinese_and_keeps_the_page(chat_tab):
    t = chat_tab
    t.ask(QUESTIONS[0], 1)
    status_before = t.page.locator("#status").inner_text()
    t.page.route("**/gradio_api/queue/join*", lambda route: route.fulfill(
        status=413, content_type="application/json", body=json.dumps({"error": "Request body too large (limit 262144 bytes)."})))
    box = t.page.locator("#question textarea")
    box.fill(QUESTIONS[1])
    box.press("Enter")
    failed = t.page.locator("#conversation .turn.failed")
    failed.wait_for(timeout=ANSWER_TIMEOUT)
    assert "没有得到回答" in failed.inner_text()
    assert box.input_value() == QUESTIONS[1]  # the question is given back
    t.page.wait_for_timeout(500)
    visible = t.page.evaluate("""[...document.querySelectorAll('[class*="toast-"]')]
        .filter(el => el.offsetParent !== null).map(el => el.innerText).join(' ')""")
    assert not re.search(r"[A-Za-z]{3,}", visible), visible
    # nothing else is lost: the status line, the earlier answer, the filter, the 目录
    assert t.page.locator("#status").inner_text() == status_before
    assert t.page.locator("#turn-1 .source").count() > 0
    assert t.page.locator("#filter").is_visible()
    t.page.unroute("**/gradio_api/queue/join*")
    t.refused.clear()
    reply = t.ask(QUESTIONS[1], 2)  # asked again, it is answered
    assert reply.locator(".source").count() > 0
    t.open_outline()
    t.assert_offline()


def test_stopped_server_says_so_in_chinese(browser, bundled_qa):
    from qa.web.page import build_page, launch_kwargs  # noqa: F401  (serve builds it)

    app, url = serve(bundled_qa, test_browser.ROOT / "data" / "speeches")
    t = ChatTab(browser, url)
    try:
        t.ask(QUESTIONS[0], 1)
        app.close()
        box = t.page.locator("#question textarea")
        box.fill(QUESTIONS[1])
        box.press("Enter")
        t.page.locator("#conversation .turn.failed").wait_for(timeout=ANSWER_TIMEOUT)
        t.page.wait_for_timeout(500)
        shown = t.page.evaluate("""[...document.querySelectorAll('[class*="toast-"]')]
            .filter(el => el.offsetParent !== null).map(el => el.innerText).join(' ')""")
        assert not re.search(r"[A-Za-z]{3,}", shown), shown
        assert t.page.locator("#turn-1 .source").count() > 0  # the conversation stays
        assert box.input_value() == QUESTIONS[1]
        own = [u for u in t.requests if not u.startswith(url) and not u.startswith(("data:", "blob:"))]
        assert own == []
    finally:
        t.context.close()
        app.close()


# -- citations you can peek at, and the way back from the reader -------------------

def preview_check(t: ChatTab, ref, open_it, close_it) -> None:
    before = t.scroll_y()
    open_it()
    dialog = t.page.locator("#conversation [role=dialog], #conversation [role=tooltip]")
    dialog.wait_for(timeout=5000)
    assert re.search(r"第\d+段", dialog.inner_text())
    assert ref.get_attribute("aria-expanded") == "true"
    assert abs(t.scroll_y() - before) < 1
    close_it()
    dialog.wait_for(state="detached", timeout=5000)
    assert abs(t.scroll_y() - before) < 1


def test_citation_preview_by_mouse_and_keyboard(chat_tab):
    t = chat_tab
    t.ask(QUESTIONS[0], 1)
    t.ask(QUESTIONS[1], 2)
    ref = t.page.locator("#turn-2 .answer button.ref").first
    # mouse: hover opens, leaving closes
    preview_check(t, ref, lambda: ref.hover(), lambda: t.page.mouse.move(5, 5))
    # keyboard: Enter opens (focus moves into it), Escape closes and gives focus back
    ref.focus()
    preview_check(t, ref, lambda: t.page.keyboard.press("Enter"), lambda: t.page.keyboard.press("Escape"))
    assert t.page.evaluate("document.activeElement.classList.contains('ref')")
    # its buttons are named with their source
    assert t.page.locator("#turn-2 li.source").first.locator("button.copy").get_attribute("aria-label") == "复制引文 [1]"
    t.assert_offline()


def test_citation_preview_by_tap_on_a_phone(browser, app_url):
    t = new_phone(browser, app_url)
    try:
        t.ask(QUESTIONS[0], 1)
        ref = t.page.locator("#turn-1 .answer button.ref").first
        ref.scroll_into_view_if_needed()
        t.page.wait_for_timeout(200)
        preview_check(t, ref, lambda: ref.tap(), lambda: ref.tap())
        t.assert_offline()
    finally:
        t.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_back_to_chat_restores_scroll_and_focus(browser, app_url, viewport):
    t = ChatTab(browser, app_url, viewport=viewport)
    try:
        for n, q in enumerate(QUESTIONS[:3], 1):
            t.ask(q, n)
        button = t.page.locator("#turn-2 li.source").first.locator("button.open")
        button.scroll_into_view_if_needed()
        t.page.evaluate("window.scrollBy(0, -120)")
        before = t.scroll_y()
        assert before > 100
        button.click()
        reader = t.page.locator("#outline .reader .reading")
        reader.wait_for(timeout=ANSWER_TIMEOUT)
        t.page.wait_for_timeout(300)
        # the marked passage is below the reader's sticky header, not under it
        covered = t.page.evaluate("""() => {
          const head = document.querySelector('#outline .reader-head'), hit = document.querySelector('#outline mark.hit');
          return head.getBoundingClientRect().bottom - hit.getBoundingClientRect().top; }""")
        assert covered <= 0, covered
        t.page.locator("#outline button.back-to-chat").click()
        t.page.wait_for_timeout(400)
        assert abs(t.scroll_y() - before) <= 50, (t.scroll_y(), before)
        assert t.page.evaluate("document.activeElement.matches('#turn-2 li.source button.open')")
        t.assert_offline()
    finally:
        t.context.close()


# -- readable, tappable, in order ---------------------------------------------------------

CONTRAST_JS = """() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => {  // the colours behind el, painted from the page up
    const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c[3] > 0) layers.push(c); if (c && c[3] >= 1) break; }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = out.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
    return out;
  };
  const bad = [], small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.trim(), el = node.parentElement;
    if (!text || !el || el.closest('script, style, .sr-only, [hidden]')) continue;
    const style = getComputedStyle(el), rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden' || el.offsetParent === null && style.position !== 'fixed') continue;
    let opacity = 1; for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    if (opacity < 0.05) continue;
    const fg = parse(style.color), bg = background(el);
    const mixed = fg.slice(0, 3).map((v, i) => v * fg[3] * opacity + bg[i] * (1 - fg[3] * opacity));
    const [a, b] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) bad.push(`${ratio.toFixed(2)} ${el.tagName}.${el.className} "${text.slice(0, 20)}"`);
    const size = parseFloat(style.fontSize), button = el.closest('button, [role=tab]');
    if (size < (button ? 13 : 14) - 0.01 && !el.closest('.pno')) small.push(`${size}px ${el.tagName}.${el.className} "${text.slice(0, 20)}"`);
  }
  return { bad, small };
}"""


def measure_contrast(t: ChatTab) -> dict:
    """CONTRAST_JS once no component is pending: Gradio fades one (opacity .2, a flashing
    animation) while an event such as the status refresh runs, and a loaded machine caught it
    there once."""
    t.page.wait_for_function("!document.querySelector('.pending')", timeout=ANSWER_TIMEOUT)
    return t.page.evaluate(CONTRAST_JS)


def open_everything(t: ChatTab) -> None:
    t.ask(QUESTIONS[0], 1)
    t.page.locator("#filter").click()
    t.page.locator("#k input[type=number]").wait_for(state="visible")
    t.page.locator("#status details.more summary").click()
    first = t.page.locator("#turn-1 .source").first
    first.locator("details.context summary").click()
    more = t.page.locator("#turn-1 details.more-sources > summary")
    if more.count():
        more.click()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_text_is_readable(browser, app_url, viewport):
    t = ChatTab(browser, app_url, viewport=viewport)
    try:
        empty = measure_contrast(t)  # the empty page's instruction too
        assert empty["bad"] == [], empty["bad"]
        open_everything(t)
        found = measure_contrast(t)
        assert found["bad"] == [], found["bad"]
        assert found["small"] == [], found["small"]
        t.open_outline()
        t.page.locator("#outline details.speech summary").first.click()
        t.page.locator("#outline details.speech button.dir").nth(1).click()
        t.page.locator("#outline .reader .reading").wait_for(timeout=ANSWER_TIMEOUT)
        found = measure_contrast(t)
        assert found["bad"] == [], found["bad"]
        t.assert_offline()
    finally:
        t.context.close()


TAP_TARGETS_JS = """() => [...document.querySelectorAll('button, a[href], input:not([type=hidden]), textarea, select, summary, [role=tab], [role=option]')]
  .filter(el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && el.offsetParent !== null
                         && !el.closest('[aria-hidden=true]'); })
  .map(el => { const r = el.getBoundingClientRect(); return { h: r.height, w: r.width,
                what: `${el.tagName}.${el.className} ${(el.innerText || el.getAttribute('aria-label') || '').slice(0, 16)}` }; })
  .filter(t => t.h < 40 || t.w < 40).map(t => `${Math.round(t.w)}×${Math.round(t.h)} ${t.what}`)"""


def test_phone_tap_targets_are_large_enough(phone_tab):
    t = phone_tab
    open_everything(t)
    small = t.page.evaluate(TAP_TARGETS_JS)
    assert small == [], small
    t.assert_offline()


def test_keyboard_goes_from_the_box_to_the_newest_answer_and_its_sources(chat_tab):
    t = chat_tab
    t.ask(QUESTIONS[0], 1)
    t.ask(QUESTIONS[1], 2)
    t.page.locator("#question textarea").focus()
    t.page.keyboard.press("Tab")
    assert t.page.evaluate("document.activeElement.matches('#turn-2 .a .bubble')")
    order = []
    for _ in range(12):
        t.page.keyboard.press("Tab")
        order.append(t.page.evaluate("""() => { const el = document.activeElement;
            return el.closest('#turn-2') ? (el.getAttribute('aria-label') || el.innerText || '').trim() : 'outside'; }"""))
    assert order[0].startswith("来源 [")  # the answer's [n] first
    assert "复制回答" in order
    copy = next(i for i, name in enumerate(order) if name.startswith("复制引文 [1]"))
    assert order.index("复制回答") < copy
    t.assert_offline()


# -- small things users noticed ---------------------------------------------------------

def test_filter_chip_chinese_filtering_length_note_outline_ask_and_details(chat_tab):
    t = chat_tab
    page = t.page
    # the filter narrows on Chinese input, and a chip says it is on when the panel is folded
    page.locator("#filter").click()
    box = page.locator("#speech input")
    box.click()
    all_options = page.get_by_role("option").count()
    box.fill("")
    box.press_sequentially("第三篇")
    page.wait_for_timeout(300)
    options = page.get_by_role("option")
    assert 0 < options.count() < all_options
    assert all("第三篇" in o.inner_text() for o in options.all())
    options.first.click()
    page.locator("#filter").click()  # folded again
    chip = page.locator("#chip .filter-chip")
    chip.wait_for(state="visible", timeout=5000)
    assert "已限定：第三篇" in chip.inner_text()
    # one length limit, said honestly
    question = page.locator("#question textarea")
    question.fill("疫苗" * 400)
    note = page.locator("#hint .len-note")
    assert note.is_visible() and "800 字" in note.inner_text() and "500 字" in note.inner_text()
    question.fill("")
    assert not note.is_visible()
    # 详情 names no folder of the server
    page.locator("#status details.more summary").click()
    details = page.locator("#status details.more").inner_text()
    assert "检索模型" in details and "/" not in details.replace("检索模型：", "", 1).split("；")[-1]
    assert "索引目录" not in details and "/tmp" not in details
    # 目录 search with no heading: ask it in 问答, prefilled
    t.open_outline()
    page.locator("#outline input.find").fill("打了针能防住病毒吗")
    ask = page.locator("#outline button.ask-in-chat")
    ask.wait_for(timeout=ANSWER_TIMEOUT)
    assert "在问答中提问" in ask.inner_text()
    ask.click()
    page.wait_for_timeout(300)
    assert question.input_value() == "打了针能防住病毒吗"
    assert page.locator("#conversation .turn").count() == 0  # prefilled, not asked
    t.assert_offline()


def test_phone_lists_three_conversations_above_the_chat_and_the_rest_on_request(phone_tab):
    t = phone_tab
    t.page.evaluate("""() => {
      for (let i = 0; i < 5; i++) {
        const id = 'old' + i, meta = { id, title: '旧对话' + i, created: i, updated: 1000 + i, count: 1 };
        localStorage.setItem('jianghua-qa/v2/meta/' + id, JSON.stringify(meta));
        localStorage.setItem('jianghua-qa/v2/turns/' + id, JSON.stringify([{ n: 1, q: '问', html: '<div class="turn" id="turn-1"></div>' }]));
      }
    }""")
    t.page.reload()
    t.page.wait_for_selector("#status .status", timeout=ANSWER_TIMEOUT)
    items = t.page.locator("#convs li.conv")
    items.first.wait_for()
    assert sum(item.is_visible() for item in items.all()) == 3  # the new, empty one and the two latest
    more = t.page.locator("#convs button.conv-more")
    assert more.is_visible() and "显示全部（6）" in more.inner_text()
    more.click()
    assert sum(item.is_visible() for item in items.all()) == 6
    t.assert_offline()


def test_text_stays_readable_when_the_system_prefers_dark(browser, app_url):
    """The page keeps its light look (its colours are checked for it) in a dark system."""
    t = ChatTab.__new__(ChatTab)
    t.bodies, t.url, t.requests, t.refused, t.dialogs = [], app_url, [], [], []
    t.context = browser.new_context(viewport=DESKTOP, locale="zh-CN", color_scheme="dark")
    t.context.on("request", lambda r: t.requests.append(r.url))
    t.context.on("response", lambda r: r.status >= 400 and t.refused.append(f"{r.status} {r.url}"))
    try:
        t.page = t.context.new_page()
        t.page.goto(app_url)
        t.page.wait_for_selector("#status .status", timeout=ANSWER_TIMEOUT)
        t.ask(QUESTIONS[0], 1)
        t.page.locator("#turn-1 .source").first.locator("details.context summary").click()
        found = measure_contrast(t)
        assert found["bad"] == [], found["bad"]
        assert not t.page.evaluate("document.body.classList.contains('dark')")
        t.assert_offline()
    finally:
        t.context.close()
