"""Clean output: file names with control and bidi characters are shown
escaped; the exported Markdown carries no live HTML or javascript: links;
the browser's copy of the conversation is keyed per installation and cleared
on logout; unread /gradio_api/call results expire.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_clean_output.py."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import time

import httpx
import pytest

from qa.web import scripts


def run_js(source: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the page's script is not run here")
    return subprocess.run([node, "-e", source], capture_output=True, text=True, timeout=30, check=True).stdout


def test_the_markdown_export_escapes_html_and_breaks_javascript_links():
    body = re.search(r"  mdText\(s\) \{\n(.*?)\n  \},", scripts.HEAD, re.DOTALL).group(1)
    hostile = ('<img src=x onerror=alert(1)><script>alert(2)</script>[点我](javascript:alert(3)) '
               '![图](x) <a href="JavaScript:alert(4)">链接</a> 第一，要加强领导。')
    out = run_js(f"const mdText = (s) => {{\n{body}\n}};\nprocess.stdout.write(mdText({json.dumps(hostile)}));")
    assert "<" not in out and ">" not in out  # no tag survives, so none runs in a viewer
    assert "&lt;script&gt;" in out and "&lt;img" in out
    assert not re.search(r"javascript\s*:", out, re.IGNORECASE)
    assert not re.search(r"\]\s*\(", out)  # no inline link or image: "](" is escaped
    assert "第一，要加强领导。" in out
    assert run_js(f"const mdText = (s) => {{\n{body}\n}};\nprocess.stdout.write(mdText('要加强领导[1]。'));") \
        == "要加强领导[1]。"  # citation marks stay as they are


def test_a_logout_button_comes_only_after_login(tmp_path_factory):
    """Before login the page serves nothing of itself; after it, 退出登录 (which
    clears the conversations this browser keeps, qa.logout in static/qa.js)."""
    from dataclasses import replace

    from qa.settings import Settings
    from qa.testing import tiny_index
    from qa.web.page import build_page, launch_kwargs
    from qa.web.server import ServerOptions, launch
    from helpers import free_port
    from served import SPEECH

    login = ("office", "a-long-password")
    built = tiny_index(tmp_path_factory.mktemp("key"), {"speech.txt": SPEECH})
    page = build_page(built.qa, built.docs, logout=True)
    port = free_port()
    s = Settings.load({"QA_USER": login[0], "QA_PASSWORD": login[1]})
    launch(page, replace(ServerOptions.from_settings(s), host="127.0.0.1"), server_port=port,
           prevent_thread_lock=True, quiet=True, **launch_kwargs(login, s))
    url = f"http://127.0.0.1:{port}/"
    try:
        before = httpx.get(url).text + httpx.get(url + "config").text
        assert "退出登录" not in before and "qa.logout" not in before
        with httpx.Client(base_url=url) as http:
            assert http.post("login", data={"username": login[0], "password": login[1]}).status_code == 200
            assert "退出登录" in http.get("config").text  # the page has a way out that clears what it kept
    finally:
        page.close()
    assert "qa.store.list().forEach(m => qa.store.remove(m.id))" in scripts.HEAD  # what qa.logout clears


def test_unread_call_results_of_a_served_page_are_dropped(tmp_path_factory):
    """On Gradio's own queue: results of /gradio_api/call/ask nobody fetched go."""
    from qa.testing import tiny_index
    from served import SPEECH, serve

    built = tiny_index(tmp_path_factory.mktemp("unread"), {"speech.txt": SPEECH})
    page, url = serve(built.qa, built.docs)
    try:
        sessions = [f"unread-{i}" for i in range(3)]
        for session in sessions:
            r = httpx.post(url + "gradio_api/call/ask", json={"data": ["疫苗接种", 0, 5], "session_hash": session})
            assert r.status_code == 200
        queue = page.server_app.get_blocks()._queue
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not all(
                s in queue.pending_messages_per_session and queue.pending_messages_per_session[s].qsize()
                for s in sessions):
            time.sleep(0.2)
        assert all(queue.pending_messages_per_session[s].qsize() for s in sessions)  # held, unread
        sweeper = page.server_app.state_holder._qa_sweeper
        sweeper.drop_unread_results(ttl=0.05)
        time.sleep(0.1)
        sweeper.drop_unread_results(ttl=0.05)
        assert not any(s in queue.pending_messages_per_session for s in sessions)
    finally:
        page.close()
