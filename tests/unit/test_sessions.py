"""Per-session memory is bounded: at most QA_SESSIONS conversations, idle
ones dropped after QA_SESSION_IDLE seconds, login tokens aged out.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_sessions_e2e.py."""
from __future__ import annotations

import datetime
import threading
from collections import OrderedDict


from qa.web.sessions import Sweeper, install


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
