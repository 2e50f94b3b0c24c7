"""Attacks on the served page, each reproduced: oversized bodies before the
login, password guessing, routes that answered without a session, upload
and recording routes, a login that nobody could use.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_web_hardening.py."""
from __future__ import annotations

import socket
import time

import httpx
import pytest


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
            # padded with the material's own words (two it never uses would make it another topic)
            event, data = call_ask(http, url, "学校开学前要做什么准备？" + "开学准备" * 5000)
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
