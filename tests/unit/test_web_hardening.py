"""Attacks on the served page, each reproduced: oversized bodies before the
login, password guessing, routes that answered without a session, upload
and recording routes, a login that nobody could use.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_web_hardening_e2e.py."""
from __future__ import annotations

import asyncio

import httpx
import pytest


from qa.web.gate import SessionRequired
from qa.web.limits import BodyLimit
from qa.errors import AccessRefused as AccessError
from qa.web.page import login_for
from qa.web.throttle import FailureLog, LoginThrottle, ThrottleSettings
from helpers import login_app


def test_a_bad_content_length_is_a_clear_400():
    app_calls = []

    async def app(scope, receive, send):
        app_calls.append(scope)

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", b"12abc")]}
    asyncio.run(BodyLimit(app, limit=100)(scope, None, send))
    assert sent[0]["status"] == 400 and not app_calls


def test_a_small_chunked_body_reaches_the_app_whole():
    seen = []

    async def app(scope, receive, send):
        message = await receive()
        seen.append(message["body"])

    parts = iter([{"type": "http.request", "body": b"ab", "more_body": True},
                  {"type": "http.request", "body": b"cd", "more_body": False}])

    async def receive():
        return next(parts)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"transfer-encoding", b"chunked")]}
    asyncio.run(BodyLimit(app, limit=100)(scope, receive, None))
    assert seen == [b"abcd"]


def test_a_bad_limit_setting_names_the_variable(monkeypatch, capsys):
    import app

    monkeypatch.setenv("QA_MAX_BODY_BYTES", "lots")
    assert app.main([]) == 2
    assert "QA_MAX_BODY_BYTES: expected an integer" in capsys.readouterr().err


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failure_log_window_lockout_and_reset():
    clock = Clock()
    log = FailureLog(ThrottleSettings(attempts=3, window=60, lockout=120), clock=clock)
    log.failed("a")
    log.failed("a")
    clock.now += 61  # the first two fall out of the window
    log.failed("a")
    log.failed("a")
    assert log.wait("a") == 0
    log.failed("a")
    assert log.wait("a") == 120
    clock.now += 119
    assert 0 < log.wait("a") <= 1
    clock.now += 2
    assert log.wait("a") == 0
    log.failed("b")
    log.failed("b")
    log.succeeded("b")
    log.failed("b")
    assert log.wait("b") == 0  # a success reset the count


def test_failure_log_is_bounded():
    log = FailureLog(ThrottleSettings(attempts=3), max_keys=100)
    for i in range(1000):
        log.failed(f"user:{i}")
    assert len(log) == 100


async def attempts(app, tries: list[tuple[str, str, str]]) -> list[int]:
    """(address, user, password) → status, each from its own client address."""
    codes = []
    for address, user, password in tries:
        transport = httpx.ASGITransport(app=app, client=(address, 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            r = await http.post("/login", data={"username": user, "password": password})
            codes.append(r.status_code)
    return codes


def test_one_user_name_guessed_from_many_addresses_is_locked():
    app = LoginThrottle(login_app(), ThrottleSettings(attempts=3, window=60, lockout=60))
    tries = [(f"10.0.0.{i}", " boss ", "wrong") for i in range(3)] + [("10.0.1.1", "boss", "right"),
                                                                      ("10.0.1.2", "other", "right")]
    assert asyncio.run(attempts(app, tries)) == [400, 400, 400, 429, 200]


def test_a_successful_login_clears_the_count():
    app = LoginThrottle(login_app(), ThrottleSettings(attempts=3, window=60, lockout=60))
    tries = [("10.0.0.1", "boss", "wrong")] * 2 + [("10.0.0.1", "boss", "right")] + \
            [("10.0.0.1", "boss", "wrong")] * 2 + [("10.0.0.1", "boss", "right")]
    assert asyncio.run(attempts(app, tries)) == [400, 400, 200, 400, 400, 200]


def test_parallel_guesses_do_not_slip_past_the_count():
    app = LoginThrottle(login_app(), ThrottleSettings(attempts=3, window=60, lockout=60))

    async def burst():
        transport = httpx.ASGITransport(app=app, client=("10.0.0.9", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            rs = await asyncio.gather(*(http.post("/login", data={"username": "x", "password": "w"})
                                        for _ in range(20)))
        return [r.status_code for r in rs]

    codes = asyncio.run(burst())
    assert codes.count(400) == 3 and codes.count(429) == 17


# -- a login nobody could use -----------------------------------------------------------

@pytest.mark.parametrize("env", [{"QA_USER": "wenmi ", "QA_PASSWORD": "s3cret"},
                                 {"QA_USER": " wenmi", "QA_PASSWORD": "s3cret"},
                                 {"QA_USER": "wenmi", "QA_PASSWORD": "s3cret\t"},
                                 {"QA_USER": "   ", "QA_PASSWORD": "s3cret"}])
def test_credentials_with_outer_blanks_are_refused_at_start(env):
    with pytest.raises(AccessError, match="(QA_USER|QA_PASSWORD) begins or ends with a space"):
        login_for("0.0.0.0", environ=env)


def test_app_says_so_in_one_line(monkeypatch, capsys, tmp_path):
    import app

    monkeypatch.setenv("QA_USER", "wenmi ")
    monkeypatch.setenv("QA_PASSWORD", "s3cret")
    monkeypatch.setattr(app, "index_for", lambda *a, **k: pytest.fail("must not start"))
    assert app.main(["--index", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("app.py: QA_USER begins or ends with a space")


def test_the_gate_lets_everything_through_without_a_login():
    calls = []

    async def inner(scope, receive, send):
        calls.append(scope["path"])

    class App:
        auth = None
        auth_dependency = None

    scope = {"type": "http", "method": "GET", "path": "/config", "headers": [], "app": App()}
    asyncio.run(SessionRequired(inner)(scope, None, None))
    assert calls == ["/config"]
