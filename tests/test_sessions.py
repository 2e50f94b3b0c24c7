"""Per-session memory is bounded: at most QA_SESSIONS conversations, idle
ones dropped after QA_SESSION_IDLE seconds, login tokens aged out."""
from __future__ import annotations

import datetime
import threading
import time
from collections import OrderedDict

import httpx
import pytest

from qa.web.sessions import Sweeper, install
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


class Holder:
    def __init__(self) -> None:
        self.session_data: OrderedDict = OrderedDict()
        self.time_last_used: dict = {}
        self.lock = threading.Lock()
        self.cleaned = 0

    def delete_all_expired_state(self) -> None:
        self.cleaned += 1


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_sweeper_drops_idle_sessions_and_old_or_surplus_tokens():
    class App:
        state_holder = Holder()
        tokens = {f"t{i}": "wenmi" for i in range(5)}

    app, clock = App(), Clock()
    now = datetime.datetime.now()
    app.state_holder.session_data.update(old=1, fresh=2)
    app.state_holder.time_last_used.update(old=now - datetime.timedelta(seconds=100), fresh=now)
    sweeper = Sweeper(app, idle=60, token_ttl=30, max_tokens=3, clock=clock)
    sweeper.sweep()
    assert list(app.state_holder.session_data) == ["fresh"] and "old" not in app.state_holder.time_last_used
    assert len(app.tokens) == 3  # the surplus went first
    clock.now = 10
    app.tokens["late"] = "wenmi"
    sweeper.sweep()
    clock.now = 35
    sweeper.sweep()
    assert list(app.tokens) == ["late"]  # the others outlived their 30 s


def test_install_rides_on_gradios_cleanup_once():
    class App:
        state_holder = Holder()
        tokens: dict = {}

    app = App()
    first = install(app, 60, 60)
    assert install(app, 60, 60) is first
    app.state_holder.delete_all_expired_state()
    assert app.state_holder.cleaned == 1  # Gradio's own clean-up still runs
