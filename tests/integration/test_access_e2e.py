"""Who can reach the page and what a request can get from it: loopback by
default, a login from the environment, no files read, no uploads taken; and
the page's HTTP API under odd questions and a small load run.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_access.py."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
from served import call_ask, serve, tiny  # noqa: F401  (tiny is a fixture)
import pytest


ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


# -- a served page ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tiny):
    service, docs, index = tiny
    # even an administrator who widens Gradio's allowed paths gets no file served
    before = os.environ.get("GRADIO_ALLOWED_PATHS")
    os.environ["GRADIO_ALLOWED_PATHS"] = f"{ROOT},{docs},{index}"
    try:
        page, url = serve(service, docs)
    finally:
        if before is None:
            os.environ.pop("GRADIO_ALLOWED_PATHS")
        else:
            os.environ["GRADIO_ALLOWED_PATHS"] = before
    yield page, url, docs, index
    page.close()


def file_urls(docs: Path, index: Path) -> list[str]:
    manifest = next((index / "builds").iterdir()) / "manifest.json"
    return [
        "gradio_api/file=/etc/passwd",
        "gradio_api/file=%2Fetc%2Fpasswd",
        "gradio_api/file=../../../../../../etc/passwd",
        f"gradio_api/file={ROOT / 'pyproject.toml'}",
        "gradio_api/file=pyproject.toml",
        f"gradio_api/file={docs / 'speech.txt'}",
        f"gradio_api/file={manifest}",
        "gradio_api/file/etc/passwd",
        "gradio_api/FILE=/etc/passwd",
        "file=/etc/passwd",
        "gradio_api/file=http://127.0.0.1:1/x",
        "gradio_api/proxy=http://127.0.0.1:1/x",
        "static/../../../../etc/passwd",
        "assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    ]


def test_no_request_reads_a_file(served):
    page, url, docs, index = served
    assert str(ROOT) in page.allowed_paths  # widened on purpose for this test: still nothing is served
    with httpx.Client(timeout=30, trust_env=False) as http:
        for path in file_urls(docs, index):
            for method in ("GET", "HEAD"):
                r = http.request(method, url + path)
                assert r.status_code in (403, 404, 405), (method, path, r.status_code)
                assert "root:" not in r.text and "[project]" not in r.text and "接种" not in r.text, path


def test_uploads_are_refused(served):
    _, url, _, _ = served
    with httpx.Client(timeout=30, trust_env=False) as http:
        r = http.post(url + "gradio_api/upload", files={"files": ("evil.html", b"<script>alert(1)</script>")})
        assert r.status_code == 403
        r = http.post(url + "gradio_api/upload?upload_id=x", files={"files": ("a.txt", b"")})
        assert r.status_code == 403
        assert http.get(url + "gradio_api/upload_progress?upload_id=x").status_code == 403


def test_page_has_no_file_components_and_one_api_endpoint(served):
    page, url, _, _ = served
    with httpx.Client(timeout=30, trust_env=False) as http:
        config = http.get(url + "config").json()
        kinds = {c["type"] for c in config["components"]}
        assert not kinds & {"file", "uploadbutton", "image", "audio", "video", "gallery", "model3d", "imageeditor",
                            "multimodaltextbox", "filexplorer", "fileexplorer"}, kinds
        info = http.get(url + "gradio_api/info").json()
        assert set(info["named_endpoints"]) == {"/ask"}
        assert http.get(url + "gradio_api/runs").status_code == 404  # no run history
        assert http.get(url + "monitoring").status_code in (403, 404)  # no monitoring page
    assert config["max_file_size"] == 0


def test_odd_questions_over_http(served):
    from sample_docs import BLANK, ODD

    _, url, _, _ = served
    with httpx.Client(timeout=60, trust_env=False) as http:
        turns = 0
        for name, question in {**ODD, **BLANK, "k out of range": "疫苗"}.items():
            k = 10**6 if name == "k out of range" else 5
            if name == "lone surrogate":  # not valid JSON text: refused as one, before any route (qa/web/json_bodies.py)
                body = json.dumps({"data": [question, 0, k], "session_hash": "odd"})
                r = http.post(url + "gradio_api/call/ask", content=body, headers={"content-type": "application/json"})
                assert r.status_code == 400 and "error" in r.json()
                continue
            event, data = call_ask(http, url, question, session="odd", k=k)
            if name == "k out of range":
                assert event == "error"  # the slider refuses it: a clear error, not a crash
                continue
            assert event == "complete", (name, data)
            conversation = data[1]
            turns += 0 if name in BLANK else 1
            assert conversation.count('<div class="turn"') == turns, name
            last = conversation[conversation.rfind('<div class="turn"'):] if turns else ""
            assert "notice error" not in last and "<script" not in conversation, name
        # the server is fine afterwards
        event, data = call_ask(http, url, "学校开学前要做什么准备？", session="after")
        assert event == "complete" and "校园消毒" in data[1]


def test_load_script_smoke_run(served):
    _, url, _, _ = served
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "load_test.py"), "--url", url, "--clients", "3",
                          "--questions", "3", "--time-limit", "120", "--json"],
                         capture_output=True, text=True, timeout=180, cwd=ROOT,
                         env={k: v for k, v in os.environ.items() if k not in ("QA_USER", "QA_PASSWORD")})
    assert out.returncode == 0, out.stdout + out.stderr
    figures = json.loads(out.stdout)
    assert figures["errors"] == 0 and figures["requests"] == 9
    assert 0 < figures["latency_s"]["p50"] <= figures["latency_s"]["max"] < 60


# -- a page behind a login ------------------------------------------------------------

def test_login_is_required_when_set(tiny):
    service, docs, _ = tiny
    page, url = serve(service, docs, auth=("wenmi", "s3cret"))
    try:
        assert page.allowed_paths == []  # the app never widens it
        with httpx.Client(timeout=30, trust_env=False) as http:
            assert http.get(url + "config").status_code == 401
            r = http.post(url + "gradio_api/call/ask", json={"data": ["疫苗", 0, 5]})
            assert r.status_code == 401
            assert http.post(url + "gradio_api/queue/join", json={"data": [], "fn_index": 0,
                                                                  "session_hash": "x"}).status_code == 401
            r = http.post(url + "login", data={"username": "wenmi", "password": "wrong"})
            assert r.status_code in (400, 401)
            assert http.get(url + "config").status_code == 401
            assert "请输入用户名和密码" in http.get(url).text  # the login page says what to do
        with httpx.Client(timeout=30, trust_env=False) as http:
            assert http.post(url + "login", data={"username": "wenmi", "password": "s3cret"}).status_code == 200
            event, data = call_ask(http, url, "学校开学前要做什么准备？")
            assert event == "complete" and "校园消毒" in data[1]
        # the load script logs in with the same environment variables
        out = subprocess.run([sys.executable, str(ROOT / "scripts" / "load_test.py"), "--url", url, "--clients", "2",
                              "--questions", "2", "--json"], capture_output=True, text=True, timeout=180, cwd=ROOT,
                             env={**os.environ, "QA_USER": "wenmi", "QA_PASSWORD": "s3cret"})
        assert out.returncode == 0, out.stdout + out.stderr
        assert json.loads(out.stdout)["errors"] == 0
    finally:
        page.close()
