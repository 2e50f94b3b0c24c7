"""The login page in a real browser, behind the route gate and the login
throttle: it loads with nothing refused, a wrong password is refused, the
right one opens the page and a question is answered."""
from __future__ import annotations

from pathlib import Path

import pytest

from browser_helpers import ANSWER_TIMEOUT, CHROMIUM, CHROMIUM_ARGS, log_in_and_ask

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed: run `make browser`", allow_module_level=True)

from served import serve, tiny  # noqa: E402,F401  (tiny is a fixture)


def test_login_page_works_behind_the_gate(tiny):  # noqa: F811
    from playwright.sync_api import sync_playwright

    service, docs, _ = tiny
    page_app, url = serve(service, docs, auth=("wenmi", "s3cret"))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(locale="zh-CN")
            refused: list[str] = []
            context.on("response", lambda r: r.status >= 400 and refused.append(f"{r.status} {r.url}"))
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector("input[type=password]", timeout=ANSWER_TIMEOUT)
            assert "请输入用户名和密码" in page.content()
            assert refused == []  # the login page needs nothing the gate refuses
            page.fill("input[type=text]", "wenmi")
            page.fill("input[type=password]", "wrong")
            page.keyboard.press("Enter")
            page.wait_for_timeout(1000)
            assert page.locator("#status .status").count() == 0
            assert [r for r in refused if "/login" not in r] == [] and any("400" in r for r in refused)
            # the form clears both fields after a refusal: filled again
            answer = log_in_and_ask(page, "wenmi", "s3cret", "学校开学前要做什么准备？")
            assert "校园消毒" in answer.inner_text()
            assert [r for r in refused if "/login" not in r] == []
            browser.close()
    finally:
        page_app.close()
