"""Origins, hosts, logout, the API's content type, QA_API_REQUIRE_AUTH over
Gradio's routes, trusted proxies and the connection limits: each against a
page served the way app.py serves it (qa.web.server.launch), on 127.0.0.1.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_origins_hosts.py."""
from __future__ import annotations

import json
import socket
import time
from dataclasses import replace

import httpx
import pytest

from qa.settings import Settings
from qa.web.api import api_router, with_api
from qa.web.api_access import api_access
from qa.web.page import build_page, launch_kwargs
from qa.web.server import ServerOptions, launch
from helpers import free_port
from served import SPEECH, call_ask  # noqa: F401
from qa.testing import tiny_index

LOGIN = ("office", "right-password")
TOKEN = "t" * 24
EVIL = "https://evil.example.org"
FRIEND = "https://friend.example.org"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("origins"), {"speech.txt": SPEECH})


def serve(built, environ: dict, auth=None, **options):
    s = Settings.load(environ)
    page = build_page(built.qa, built.docs)
    port = free_port()
    access = api_access("127.0.0.1", auth, s)
    opts = replace(ServerOptions.from_settings(s), host="127.0.0.1", **options)
    launch(page, opts, server_port=port, prevent_thread_lock=True, quiet=True,
           **with_api(launch_kwargs(auth, s), api_router(built.qa, access, built.docs)))
    return page, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def open_page(built):
    page, url = serve(built, {"QA_ALLOWED_ORIGINS": FRIEND, "QA_ALLOWED_HOSTS": "qa.example.org"})
    yield url
    page.close()


@pytest.fixture(scope="module")
def login_page(built):
    page, url = serve(built, {"QA_USER": LOGIN[0], "QA_PASSWORD": LOGIN[1], "QA_LOGIN_ATTEMPTS": "5"}, auth=LOGIN)
    yield url
    page.close()


def test_a_dns_rebound_host_is_refused(open_page):
    r = httpx.get(open_page + "api/outline", headers={"host": "attacker.example"})
    assert r.status_code == 421 and "QA_ALLOWED_HOSTS" in r.json()["error"]
    assert httpx.get(open_page + "api/outline").status_code == 200
    assert httpx.get(open_page + "api/outline", headers={"host": "qa.example.org"}).status_code == 200


# -- origins -------------------------------------------------------------------------

def test_an_unlisted_origin_gets_no_cors_headers(open_page):
    # Host not a loopback name: Gradio's own CORS would echo any Origin with credentials
    for host in ("qa.example.org", None):
        headers = {"origin": EVIL, **({"host": host} if host else {})}
        r = httpx.get(open_page + "api/outline", headers=headers)
        assert r.status_code == 200
        assert "access-control-allow-origin" not in r.headers and "access-control-allow-credentials" not in r.headers
        pre = httpx.options(open_page + "api/ask", headers={**headers, "access-control-request-method": "POST",
                                                             "access-control-request-headers": "content-type"})
        assert "access-control-allow-origin" not in pre.headers


def test_a_cross_origin_write_from_an_unlisted_origin_is_refused(open_page):
    r = httpx.post(open_page + "api/ask", json={"question": "疫苗接种"}, headers={"origin": EVIL})
    assert r.status_code == 403 and "QA_ALLOWED_ORIGINS" in r.json()["error"]
    r = httpx.post(open_page + "gradio_api/call/ask", json={"data": ["疫苗", 0, 5]}, headers={"origin": EVIL})
    assert r.status_code == 403


def test_a_listed_origin_and_the_page_itself_may_call(open_page):
    r = httpx.get(open_page + "api/outline", headers={"origin": FRIEND, "host": "qa.example.org"})
    assert r.headers["access-control-allow-origin"] == FRIEND
    assert r.headers["access-control-allow-credentials"] == "true"
    same = open_page.rstrip("/")
    r = httpx.post(open_page + "api/ask", json={"question": "疫苗接种"}, headers={"origin": same})
    assert r.status_code == 200 and r.json()["results"]


# -- the API's bodies ------------------------------------------------------------------

@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_the_api_takes_json_only(open_page, content_type):
    headers = {"content-type": content_type} if content_type else {}
    r = httpx.post(open_page + "api/ask", content=b'{"question": "\xe7\x96\xab\xe8\x8b\x97"}', headers=headers)
    assert r.status_code == 415 and "application/json" in r.json()["error"]


def test_a_lone_surrogate_is_a_json_400(open_page):
    for body in (b'{"question": "\\ud800"}', b'{"question": "q", "file": "\\udfff"}', b'{"\\ud800": 1}'):
        r = httpx.post(open_page + "api/ask", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 400 and "surrogate" in r.json()["error"], r.text


# -- logout ----------------------------------------------------------------------------

def logged_in(url: str) -> httpx.Client:
    http = httpx.Client(base_url=url)
    assert http.post("login", data={"username": LOGIN[0], "password": LOGIN[1]}).status_code == 200
    return http


def test_logout_is_post_only_same_origin_and_ends_one_session(login_page):
    one, two = logged_in(login_page), logged_in(login_page)
    assert one.get("api/outline").status_code == 200 and two.get("api/outline").status_code == 200
    assert one.get("logout").status_code == 405  # a link on any site cannot log anyone out
    assert one.post("logout").status_code == 403  # no Origin: not from the page
    assert one.post("logout", headers={"origin": EVIL}).status_code == 403
    r = one.post("logout", headers={"origin": login_page.rstrip("/")})
    assert r.status_code == 303 and r.headers["clear-site-data"] == '"storage"'
    assert one.get("api/outline").status_code == 401
    assert two.get("api/outline").status_code == 200  # the other session of the same account goes on


def test_twenty_simultaneous_correct_logins_to_gradio_all_get_in(login_page):
    from concurrent.futures import ThreadPoolExecutor

    def login(_):
        with httpx.Client(base_url=login_page) as http:
            return http.post("login", data={"username": LOGIN[0], "password": LOGIN[1]}).status_code

    with ThreadPoolExecutor(20) as pool:
        assert list(pool.map(login, range(20))) == [200] * 20


def test_forwarded_addresses_are_not_believed_from_an_untrusted_peer(login_page):
    """Five wrong logins, each claiming another X-Forwarded-For: still one address, locked."""
    codes = [httpx.post(login_page + "login", data={"username": f"made-up-{i}", "password": "x"},
                        headers={"x-forwarded-for": f"203.0.113.{i}"}).status_code for i in range(6)]
    assert codes[:5] == [400] * 5 and codes[5] == 429


# -- QA_API_REQUIRE_AUTH over Gradio's routes ---------------------------------------------

def test_require_auth_covers_gradio_routes(built):
    env = {"QA_API_REQUIRE_AUTH": "1", "QA_API_TOKEN": TOKEN}
    page, url = serve(built, env)
    try:
        for path in ("gradio_api/call/ask", "gradio_api/queue/join", "gradio_api/run/ask"):
            r = httpx.post(url + path, json={"data": ["疫苗", 0, 5], "fn_index": 0, "session_hash": "x"})
            assert r.status_code == 401, (path, r.status_code)
        assert httpx.get(url + "gradio_api/info").status_code == 401
        assert httpx.post(url + "api/ask", json={"question": "疫苗"}).status_code == 401
        bearer = {"authorization": f"Bearer {TOKEN}"}
        with httpx.Client(headers=bearer) as http:
            event, data = call_ask(http, url, "疫苗接种怎么推进？")
            assert event == "complete" and "疫苗" in json.dumps(data, ensure_ascii=False)
            assert http.post(url + "api/ask", json={"question": "疫苗"}).status_code == 200
        assert httpx.get(url).status_code == 200  # the page's shell itself holds no answers
    finally:
        page.close()


# -- connections ---------------------------------------------------------------------------

def test_connections_are_capped_and_slow_headers_time_out(built):
    page, url = serve(built, {}, max_connections=8, header_timeout=1.0)
    port = int(url.rsplit(":", 1)[1].strip("/"))
    socks = []
    try:
        for _ in range(30):  # trickling clients: a request line, never the end of the headers
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            socks.append(s)
        time.sleep(0.5)
        closed = sum(_closed(s, 0.2) for s in socks)
        assert closed >= 30 - 8, closed  # beyond the cap: closed at once
        time.sleep(3.0)
        assert all(_closed(s, 0.5) for s in socks)  # the rest: closed at the header deadline
        assert httpx.get(url + "api/health", timeout=10).json()["status"] == "ok"  # the server still answers
    finally:
        for s in socks:
            s.close()
        page.close()


def _closed(s: socket.socket, wait: float) -> bool:
    s.settimeout(wait)
    try:
        return s.recv(1) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


@pytest.mark.parametrize("path", ["api/ask", "gradio_api/call/ask", "gradio_api/queue/join", "gradio_api/run/ask"])
@pytest.mark.parametrize("body", [b'{"data": "\\ud800", "question": "\\udc00"}', b'{"data": [', b'\xff\xfe'])
def test_every_malformed_json_body_gets_a_json_400(open_page, path, body):
    r = httpx.post(open_page + path, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/json"), (r.status_code, r.text)
    assert r.json()["error"].startswith("the body is not valid JSON")
