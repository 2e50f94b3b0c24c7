"""退出登录 in a real browser, on a page served the way app.py serves it: the
stored conversation is removed from the browser, the session ends, and the
login page comes back; a stale copy of the key is of no use."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from browser_helpers import ANSWER_TIMEOUT, CHROMIUM, CHROMIUM_ARGS, log_in_and_ask

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed: run `make browser`", allow_module_level=True)

from helpers import free_port  # noqa: E402
from served import tiny  # noqa: E402,F401  (tiny is a fixture)

LOGIN = ("wenmi", "s3cret-password")


def test_logout_clears_the_stored_conversation(tiny):  # noqa: F811
    from playwright.sync_api import sync_playwright

    from qa.settings import Settings
    from qa.web.page import build_page, launch_kwargs
    from qa.web.server import ServerOptions, launch

    service, docs, _ = tiny
    s = Settings.load({"QA_USER": LOGIN[0], "QA_PASSWORD": LOGIN[1]})
    app = build_page(service, docs, logout=True)
    port = free_port()
    launch(app, replace(ServerOptions.from_settings(s), host="127.0.0.1"), server_port=port,
           prevent_thread_lock=True, quiet=True, **launch_kwargs(LOGIN, s))
    url = f"http://127.0.0.1:{port}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(locale="zh-CN").new_page()
            page.goto(url)
            page.wait_for_selector("input[type=password]", timeout=ANSWER_TIMEOUT)
            log_in_and_ask(page, *LOGIN, "学校开学前要做什么准备？")
            kept = "() => Object.keys(localStorage).filter(k => k.startsWith('jianghua-qa/v2/turns/')).length"
            page.wait_for_function(f"({kept})() > 0", timeout=ANSWER_TIMEOUT)
            page.locator("#logout").click()
            page.wait_for_selector("input[type=password]", timeout=ANSWER_TIMEOUT)  # back at the login
            assert page.evaluate(kept) == 0  # every conversation this browser kept is gone
            browser.close()
    finally:
        app.close()
