"""Attacks on the served page, each reproduced: oversized bodies before the
login, password guessing, routes that answered without a session, upload
and recording routes, a login that nobody could use."""
from __future__ import annotations

import asyncio
import socket
import time

import httpx
import pytest


from qa.web.gate import SessionRequired
from qa.web.limits import BodyLimit
from qa.errors import AccessRefused as AccessError
from qa.web.page import login_for
from qa.web.throttle import FailureLog, LoginThrottle, ThrottleSettings
from helpers import login_app
from served import call_ask, serve, tiny  # noqa: F401  (tiny is a fixture)

AUTH = ("wenmi", "s3cret")
LIMIT = 8192


@pytest.fixture(scope="module")
def guarded(tiny):  # noqa: F811
    """The page behind a login, with a small body limit and a quick lockout."""
    service, docs, _ = tiny
    env = {"QA_MAX_BODY_BYTES": str(LIMIT), "QA_LOGIN_ATTEMPTS": "3", "QA_LOGIN_WINDOW": "60",
           "QA_LOGIN_LOCKOUT": "60"}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        page, url = serve(service, docs, auth=AUTH)
    yield url
    page.close()


def raw_request(url: str, head: str, body: bytes = b"", timeout: float = 10) -> bytes:
    """Send ``head`` and ``body`` on a socket without finishing the body; the whole answer."""
    host, port = url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        s.sendall(head.encode() + b"\r\n\r\n" + body)
        reply = b""
        while chunk := s.recv(4096):  # the server closes after a refusal
            reply += chunk
        return reply


# -- body limits -------------------------------------------------------------------

def test_a_huge_declared_body_is_refused_before_it_is_sent(guarded):
    """300 MB announced, 1 KB sent, no cookie: 413 at once (it used to read it all, then 401)."""
    started = time.monotonic()
    reply = raw_request(guarded, "POST /gradio_api/queue/join HTTP/1.1\r\nHost: x\r\n"
                                 "Content-Type: application/json\r\nContent-Length: 300000000", b"{" * 1024)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert b"at most 8 KiB (8192 bytes)" in reply
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("path", ["gradio_api/call/ask", "login", "gradio_api/upload", "no/such/route", ""])
def test_every_route_refuses_a_declared_oversized_body(guarded, path):
    reply = raw_request(guarded, f"POST /{path} HTTP/1.1\r\nHost: x\r\nContent-Length: {LIMIT + 1}", b"x" * 100)
    assert reply.startswith(b"HTTP/1.1 413"), (path, reply[:200])


def test_without_a_login_the_default_limit_applies_too(tiny):  # noqa: F811
    """Six 400 MB bodies on loopback used to take 4 GiB."""
    from qa.settings import DEFAULT_MAX_BODY_BYTES

    service, docs, _ = tiny
    page, url = serve(service, docs)
    try:
        for declared in (400_000_000, DEFAULT_MAX_BODY_BYTES + 1):
            reply = raw_request(url, "POST /gradio_api/queue/join HTTP/1.1\r\nHost: x\r\n"
                                     f"Content-Type: application/json\r\nContent-Length: {declared}", b"{")
            assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
        with httpx.Client(timeout=60, trust_env=False) as http:  # a long question is still far below it
            event, data = call_ask(http, url, "学校开学前要做什么准备？" + "疫情防控" * 5000)
            assert event == "complete" and "校园消毒" in data[1]
    finally:
        page.close()


def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(guarded):
    """The body never ends; the answer must not wait for its end."""
    chunk = b"x" * 1024
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(LIMIT // 1024 + 2))
    reply = raw_request(guarded, "POST /gradio_api/queue/join HTTP/1.1\r\nHost: x\r\n"
                                 "Content-Type: application/json\r\nTransfer-Encoding: chunked", body)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]


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


# -- password guessing -------------------------------------------------------------

def test_guessing_is_stopped_with_429_and_the_right_password_waits_too(guarded):
    with httpx.Client(timeout=30, trust_env=False) as http:
        codes = [http.post(guarded + "login", data={"username": "guess-me", "password": f"w{i}"}).status_code
                 for i in range(3)]
        assert codes == [400, 400, 400]
        r = http.post(guarded + "login", data={"username": AUTH[0], "password": "again"})
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
        assert "Too many failed logins" in r.json()["detail"]
        # the address is locked: the right password is not even checked
        r = http.post(guarded + "login", data={"username": AUTH[0], "password": AUTH[1]})
        assert r.status_code == 429


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


# -- routes without a session -------------------------------------------------------

CLOSED = ["openapi.json", "docs", "redoc", "config", "gradio_api/info", "gradio_api/info?all_endpoints=true",
          "gradio_api/app_id", "gradio_api/startup-events", "gradio_api/heartbeat/abc", "gradio_api/user",
          "gradio_api/token", "gradio_api/login_check", "gradio_api/queue/data?session_hash=x",
          "gradio_api/upload_progress?upload_id=x", "manifest.json", "gradio_api/file=/etc/passwd"]


def test_without_a_session_only_the_login_page_answers(guarded):
    with httpx.Client(timeout=30, trust_env=False) as http:
        for path in CLOSED:
            r = http.get(guarded + path)
            assert r.status_code == 401, (path, r.status_code, r.text[:200])
            assert "/ask" not in r.text and "app_id" not in r.text, path
        for path in ["gradio_api/queue/join", "gradio_api/call/ask", "gradio_api/process_recording",
                     "gradio_api/stream/x", "gradio_api/cancel", "gradio_api/reset"]:
            assert http.post(guarded + path, json={}).status_code == 401, path
        page = http.get(guarded)
        assert page.status_code == 200 and "请输入用户名和密码" in page.text
        assert "window.gradio_api_info = {};" in page.text and '"/ask"' not in page.text
        assert http.get(guarded + "?all_endpoints=true").text.count('"/ask"') == 0
        assert http.get(guarded + "theme.css").status_code == 200


def test_with_a_session_the_page_works_and_recording_takes_no_body(tiny):  # noqa: F811
    service, docs, _ = tiny
    page, url = serve(service, docs, auth=AUTH)
    try:
        with httpx.Client(timeout=30, trust_env=False) as http:
            assert http.post(url + "login", data={"username": AUTH[0], "password": AUTH[1]}).status_code == 200
            assert http.get(url + "config").status_code == 200
            event, data = call_ask(http, url, "学校开学前要做什么准备？")
            assert event == "complete" and "校园消毒" in data[1]
            empty = {"files": ("a.wav", b"", "audio/wav")}
            for path in ["gradio_api/process_recording", "gradio_api/upload", "gradio_api/stream/x"]:
                r = http.post(url + path, files=empty)
                assert r.status_code == 403, (path, r.status_code)
    finally:
        page.close()


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
