"""The JSON HTTP API (/api/…) of a real app process on 127.0.0.1 over a real
index of the bundled corpus: the same objects as `qa ask --json` and
`qa outline --json`, JSON errors for bad requests, tokens when exposed; the
page beside it keeps working, and nothing is fetched from elsewhere.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_api_e2e.py."""
from __future__ import annotations

import re
import sys
import threading
from pathlib import Path

import anyio
import httpx
import pytest

from qa.settings import Settings
from starlette.requests import Request

from qa.web.api import Busy, WorkerPool
from qa.web.api_access import ApiAccess, api_access, page_user
from qa.errors import BadSetting

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import app  # noqa: E402

TOKENS = ("tok-first-0123456789abcdef", "tok-second-0123456789abcdef")
LOGIN = ("wenmi", "s3cret-passw0rd")


# -- the access rule, directly --------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_loopback_without_a_page_login_is_open(host):
    assert api_access(host, None, Settings.load({})).open


@pytest.mark.parametrize("host,login,env", [
    ("0.0.0.0", None, {}),
    ("192.168.1.20", LOGIN, {}),
    ("127.0.0.1", LOGIN, {}),  # the page asks for a login, so does the API
    ("127.0.0.1", None, {"QA_API_REQUIRE_AUTH": "1"}),  # e.g. behind a reverse proxy on this machine
    ("127.0.0.1", None, {"QA_API_REQUIRE_AUTH": " Yes "}),
])
def test_exposed_apps_need_credentials(host, login, env):
    access = api_access(host, login, Settings.load({**env, "QA_API_TOKEN": " , ".join(TOKENS) + ", "}))
    assert not access.open
    assert access.tokens == TOKENS


def request_with(headers: dict | None = None, cookies: str = "", app=None) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if cookies:
        raw.append((b"cookie", cookies.encode()))
    return Request({"type": "http", "method": "GET", "path": "/api/health", "headers": raw, "app": app})


class FakeGradioApp:
    cookie_id = "abc"
    tokens = {"session-token": "wenmi"}


def test_bearer_token_or_page_session_is_accepted():
    access = ApiAccess(open=False, tokens=TOKENS)
    assert access.allows(request_with({"Authorization": f"Bearer {TOKENS[1]}"}))
    assert access.allows(request_with({"Authorization": f"bearer  {TOKENS[0]} "}))
    for header in ["", "Bearer", "Bearer ", f"Bearer {TOKENS[0]}x", f"Basic {TOKENS[0]}", TOKENS[0],
                   f"Bearer {TOKENS[0][:-1]}", "Bearer é"]:
        assert not access.allows(request_with({"Authorization": header} if header else {})), header
    gradio = FakeGradioApp()
    assert page_user(request_with(cookies="access-token-unsecure-abc=session-token", app=gradio)) == "wenmi"
    assert access.allows(request_with(cookies="access-token-abc=session-token", app=gradio))
    assert not access.allows(request_with(cookies="access-token-abc=forged", app=gradio))
    assert not access.allows(request_with(cookies="access-token-other=session-token", app=gradio))
    assert not ApiAccess(open=False).allows(request_with({"Authorization": "Bearer "}))
    assert ApiAccess(open=True).allows(request_with())


@pytest.mark.parametrize("env,message", [
    ({"QA_API_TOKEN": "short"}, "QA_API_TOKEN: expected tokens of at least 16 characters"),
    ({"QA_API_TOKEN": f"{TOKENS[0]},abc"}, "QA_API_TOKEN"),
    ({"QA_API_REQUIRE_AUTH": "maybe"}, "QA_API_REQUIRE_AUTH: expected 1 or 0, got 'maybe'"),
])
def test_bad_settings_are_refused_with_the_variable_named(env, message):
    with pytest.raises(BadSetting, match=re.escape(message)) as caught:
        api_access("127.0.0.1", None, Settings.load(env))
    assert "'short'" not in str(caught.value) and ",abc" not in str(caught.value)  # tokens are never repeated


def test_app_refuses_a_bad_token_before_loading_anything(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("QA_API_TOKEN", "1234")
    monkeypatch.delenv("QA_USER", raising=False)
    monkeypatch.delenv("QA_PASSWORD", raising=False)
    monkeypatch.setattr(app, "index_for", lambda *a, **k: pytest.fail("must not start"))
    assert app.main(["--index", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("app.py: QA_API_TOKEN: expected tokens of at least 16 characters")


def test_worker_pool_refuses_beyond_its_queue():
    async def main():
        pool = WorkerPool(1, queue=1)
        gate = threading.Event()
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(pool.run, gate.wait)  # takes the one worker
            tasks.start_soon(pool.run, gate.wait)  # waits for it
            while pool.waiting < 2:
                await anyio.sleep(0.01)
            with pytest.raises(Busy):
                await pool.run(lambda: 1)
            gate.set()
        assert pool.waiting == 0 and await pool.run(lambda: 2) == 2

    anyio.run(main)


@pytest.fixture
def http():
    with httpx.Client(timeout=60, trust_env=False) as client:
        yield client


def test_missing_index_is_a_503_with_the_fix(tmp_path):
    from fastapi import FastAPI
    from starlette.testclient import TestClient

    from qa.testing import serving
    from qa.web.api import api_router

    service = serving(tmp_path / "nothing-here")
    client = TestClient(FastAPI(routes=api_router(service, ApiAccess(open=True)).routes))
    for r in (client.post("/api/ask", json={"question": "疫苗"}), client.get("/api/health"),
              client.get("/api/outline")):
        assert r.status_code == 503
        assert "还没有索引" in r.json()["error"] and "build_index.py" in r.json()["error"]
