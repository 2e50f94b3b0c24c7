"""Per-session memory is bounded: at most QA_SESSIONS conversations, idle
ones dropped after QA_SESSION_IDLE seconds, login tokens aged out.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_sessions.py."""
from __future__ import annotations

import time

import httpx
import pytest

from served import call_ask, serve, tiny  # noqa: F401  (tiny is a fixture)


@pytest.fixture
def bounded(tiny, monkeypatch):  # noqa: F811
    service, docs, _ = tiny
    monkeypatch.setenv("QA_SESSIONS", "4")
    monkeypatch.setenv("QA_SESSION_IDLE", "2")
    page, url = serve(service, docs)
    yield page, url
    page.close()


def test_sessions_are_bounded_in_count_and_idle_age(bounded):
    page, url = bounded
    holder = page.state_holder
    with httpx.Client(timeout=60, trust_env=False) as http:
        for n in range(10):
            event, _ = call_ask(http, url, "学校开学前要做什么准备？", session=f"count-{n}")
            assert event == "complete"
        assert len(holder.session_data) <= 4  # used to keep 1000
        deadline = time.monotonic() + 20
        while holder.session_data and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not holder.session_data  # idle ones are dropped (Gradio never did)
        event, data = call_ask(http, url, "学校开学前要做什么准备？", session="count-9")
        assert event == "complete" and data[1].count('<div class="turn"') == 1  # a new conversation
