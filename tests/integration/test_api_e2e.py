"""The JSON HTTP API (/api/…) of a real app process on 127.0.0.1 over a real
index of the bundled corpus: the same objects as `qa ask --json` and
`qa outline --json`, JSON errors for bad requests, tokens when exposed; the
page beside it keeps working, and nothing is fetched from elsewhere.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_api.py."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from helpers import free_port, run_qa
import pytest


ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TOKENS = ("tok-first-0123456789abcdef", "tok-second-0123456789abcdef")
LOGIN = ("wenmi", "s3cret-passw0rd")


# -- real app processes -----------------------------------------------------------------

class Trap:
    """A local HTTP proxy that only counts: the app's $HTTP(S)_PROXY points at
    it, so any request the app makes to another host lands here."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.hits: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.hits.append(conn.recv(200))
                except OSError:
                    self.hits.append(b"?")

    def close(self) -> None:
        self.sock.close()


def start_app(index: Path, env: dict, log: Path, trap: Trap) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QA_USER", "QA_PASSWORD", "QA_API_"))} | env
    env |= {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost"}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env[name] = trap.url
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(port),
                                 "--index", str(index)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"app exited {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(url + "api/openapi.json", timeout=5, trust_env=False).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise AssertionError("the app did not come up")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


@pytest.fixture(scope="module")
def trap():
    trap = Trap()
    yield trap
    trap.close()
    assert trap.hits == [], f"the app made requests beyond 127.0.0.1: {trap.hits}"


@pytest.fixture(scope="module")
def open_app(bundled_index, trap, tmp_path_factory):
    proc, url = start_app(bundled_index, {}, tmp_path_factory.mktemp("api") / "app.log", trap)
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def exposed_app(bundled_index, trap, tmp_path_factory):
    env = {"QA_API_REQUIRE_AUTH": "1", "QA_API_TOKEN": ",".join(TOKENS), "QA_USER": LOGIN[0], "QA_PASSWORD": LOGIN[1]}
    proc, url = start_app(bundled_index, env, tmp_path_factory.mktemp("api-exposed") / "app.log", trap)
    yield url
    stop(proc)


@pytest.fixture
def http():
    with httpx.Client(timeout=60, trust_env=False) as client:
        yield client


def cli(*args: str, stdin: str = "") -> str:
    return run_qa(*args, stdin=stdin)  # qa.cli.main in this process


QUESTIONS = ["打了针能防住病毒吗？", "小区封闭管理的重点是哪些地方？", "股票怎么买？", "第三篇第三部分讲了什么？"]


def test_ask_equals_the_cli(open_app, http, bundled_index):
    lines = cli("ask", "--json", "-k", "3", "--index", str(bundled_index), stdin="\n".join(QUESTIONS) + "\n")
    expected = [json.loads(line) for line in lines.splitlines()]
    got = []
    for question in QUESTIONS:
        r = http.post(open_app + "api/ask", json={"question": question, "k": 3})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json"), r.text
        got.append(r.json())
    assert got == expected
    assert [e["answerable"] for e in expected] == [True, True, False, True]  # 股票 is refused
    assert all(len(e["results"]) <= 3 for e in expected) and expected[0]["results"]


def test_speech_filter_equals_the_cli(open_app, http, bundled_index):
    question = "野生动物交易怎么管？"  # what the second speech discusses
    expected = json.loads(cli("ask", "--json", "--speech", "2", "--index", str(bundled_index), question))
    r = http.post(open_app + "api/ask", json={"question": question, "speech": 2})
    assert r.json() == expected
    assert expected["results"] and {h["citation"]["speech"] for h in expected["results"]} == {2}
    missing = http.post(open_app + "api/ask", json={"question": question, "speech": 99}).json()
    assert missing == json.loads(cli("ask", "--json", "--speech", "99", "--index", str(bundled_index), question))
    assert missing["results"] == [] and "第99篇" in missing["notice"]


def test_follow_up_takes_the_topic_from_history(open_app, http, bundled_qa):
    body = {"question": "那学校呢？", "history": ["打了针能防住病毒吗？"], "k": 4}
    got = http.post(open_app + "api/ask", json=body).json()
    assert got == bundled_qa.ask("那学校呢？", k=4, history=["打了针能防住病毒吗？"]).to_dict()
    alone = http.post(open_app + "api/ask", json={"question": "那学校呢？", "k": 4}).json()
    assert got["results"] != alone["results"]
    assert any("疫苗" in h["text"] or "接种" in h["text"] for h in got["results"])


def test_file_filter(open_app, http, bundled_qa):
    name = "covid-prevention-speeches.txt"
    got = http.post(open_app + "api/ask", json={"question": "疫苗接种", "file": name}).json()
    assert got == bundled_qa.ask("疫苗接种", file=name).to_dict()
    assert got["results"] and {h["citation"]["file"] for h in got["results"]} == {name}
    assert http.post(open_app + "api/ask", json={"question": "疫苗接种", "file": "other.txt"}).json()["results"] == []


@pytest.mark.parametrize("body,status,says", [
    (b"", 400, "not valid JSON"),
    (b"{bad json", 400, "not valid JSON"),
    (b"\xff\xfe\x00garbage", 400, "not valid JSON"),
    ('["打了针能防住病毒吗？"]'.encode(), 400, "must be a JSON object"),
    (b"null", 400, "not null"),
    (b"{}", 422, "question: Field required"),
    (b'{"question": 3}', 422, "question: Input should be a valid string"),
    (b'{"question": "q", "k": 0}', 422, "k: Input should be greater than or equal to 1"),
    (b'{"question": "q", "k": 51}', 422, "k: Input should be less than or equal to 50"),
    (b'{"question": "q", "k": "5"}', 422, "k: Input should be a valid integer"),
    (b'{"question": "q", "k": true}', 422, "k: Input should be a valid integer"),
    (b'{"question": "q", "k": 2.5}', 422, "k: Input should be a valid integer"),
    (b'{"question": "q", "history": "earlier"}', 422, "history: Input should be a valid list"),
    (b'{"question": "q", "history": ["a", 2]}', 422, "history.1: Input should be a valid string"),
    (b'{"question": "q", "history": ' + json.dumps(["a"] * 31).encode() + b"}", 422, "history: List should have at most 30"),
    (b'{"question": "q", "speech": 0}', 422, "speech: Input should be greater than or equal to 1"),
    (b'{"question": "q", "speech": "2"}', 422, "speech: Input should be a valid integer"),
    (b'{"question": "q", "file": ""}', 422, "file: String should have at least 1 character"),
    (b'{"question": "q", "top_k": 3}', 422, "top_k: Extra inputs are not permitted"),
])
def test_bad_requests_get_a_json_error(open_app, http, body, status, says):
    r = http.post(open_app + "api/ask", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    assert says in r.json()["error"]
    assert "Traceback" not in r.text


def test_a_body_over_the_limit_is_refused(open_app, http):
    r = http.post(open_app + "api/ask", json={"question": "疫苗" * 200_000})
    assert r.status_code == 413 and "KiB" in r.json()["error"]
    # sent in chunks without a length: refused all the same
    r = http.post(open_app + "api/ask", content=iter([b'{"question": "', b"x" * 300_000, b'"}']))
    assert r.status_code == 413
    # a long question within the limit is cut like the CLI does, with a notice
    r = http.post(open_app + "api/ask", json={"question": "疫情防控" * 5000})
    assert r.status_code == 200 and "问题过长" in r.json()["notice"]


def test_outline_and_health(open_app, http, bundled_index):
    assert http.get(open_app + "api/outline").json() == json.loads(cli("outline", "--json", "--index",
                                                                       str(bundled_index)))
    health = http.get(open_app + "api/health").json()
    build = (bundled_index / "CURRENT").read_text().strip()
    manifest = json.loads((bundled_index / "builds" / build / "manifest.json").read_text(encoding="utf-8"))
    assert health["status"] == "ok" and health["build"] == build
    assert health["passages"] == manifest["passages"] and health["embedder"] == manifest["embedder"]["id"]
    assert http.post(open_app + "api/health").status_code == 405


def test_openapi_is_served_locally_without_a_docs_page(open_app, http):
    schema = http.get(open_app + "api/openapi.json").json()
    assert {"/api/ask", "/api/outline", "/api/health"} <= set(schema["paths"])
    ask = schema["paths"]["/api/ask"]["post"]
    assert set(ask["requestBody"]["content"]["application/json"]["schema"]["properties"]) == \
        {"question", "k", "history", "speech", "file", "year", "speaker"}
    assert {"200", "401", "422", "503"} <= set(ask["responses"])
    for page in ("docs", "redoc", "api/docs"):
        assert http.get(open_app + page).status_code == 404


def test_page_keeps_working_and_loads_nothing_from_elsewhere(open_app, http):
    html = http.get(open_app).text
    assert not re.findall(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    r = http.post(open_app + "gradio_api/call/ask", json={"data": ["学校开学前要做什么准备？", 0, 5],
                                                         "session_hash": "api-test"})
    event_id = r.json()["event_id"]
    stream = http.get(open_app + f"gradio_api/call/ask/{event_id}").text
    assert "event: complete" in stream
    conversation = json.loads(stream.split("data:", 1)[1])[1]
    assert 'id="turn-1"' in conversation and '<li class="source' in conversation and "notice error" not in conversation


def test_exposed_app_needs_a_token_or_a_login(exposed_app, http):
    ask = {"question": "打了针能防住病毒吗？", "k": 2}
    for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": TOKENS[0]}):
        r = http.post(exposed_app + "api/ask", json=ask, headers=headers)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert "QA_API_TOKEN" in r.json()["error"]
        assert http.get(exposed_app + "api/outline", headers=headers).status_code == 401
        assert http.get(exposed_app + "api/health", headers=headers).status_code == 401
    for token in TOKENS:
        r = http.post(exposed_app + "api/ask", json=ask, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200 and r.json()["answerable"] and len(r.json()["results"]) == 2
    assert http.get(exposed_app + "config").status_code == 401  # the page asks for its login as before
    assert http.post(exposed_app + "login", data={"username": LOGIN[0], "password": LOGIN[1]}).status_code == 200
    assert http.get(exposed_app + "api/health").json()["status"] == "ok"  # the page session's cookie
    assert http.post(exposed_app + "api/ask", json=ask).json()["results"]


def ask_api(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k != "QA_API_TOKEN"}
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "ask_api.py"), *args], input=stdin,
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env={**clean, **(env or {})})


def test_client_example_writes_the_cli_lines(open_app, bundled_index, bundled_qa):
    out = ask_api("--url", open_app, "-k", "3", *QUESTIONS[:2])
    assert out.returncode == 0, out.stderr
    expected = cli("ask", "--json", "-k", "3", "--index", str(bundled_index), stdin="\n".join(QUESTIONS[:2]))
    assert [json.loads(line) for line in out.stdout.splitlines()] == \
        [json.loads(line) for line in expected.splitlines()]
    out = ask_api("--url", open_app, "--conversation", stdin="打了针能防住病毒吗？\n那学校呢？\n\n那学校呢？\n")
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert out.returncode == 0 and len(lines) == 3
    assert lines[1] == bundled_qa.ask("那学校呢？", history=["打了针能防住病毒吗？"]).to_dict()
    assert lines[2] == bundled_qa.ask("那学校呢？").to_dict() != lines[1]  # a new conversation
    gbk = subprocess.run([sys.executable, str(ROOT / "scripts" / "ask_api.py"), "--url", open_app, "-k", "3"],
                         input=f"{QUESTIONS[0]}\n".encode("gbk"), capture_output=True, timeout=120)
    assert json.loads(gbk.stdout) == json.loads(expected.splitlines()[0])  # a GBK line reads as the CLI reads it
    out = ask_api("--url", open_app, "-k", "51", "疫苗")
    assert out.returncode == 1 and "422: k: Input should be less than or equal to 50" in out.stderr


def test_client_example_sends_the_token(exposed_app):
    out = ask_api("--url", exposed_app, "疫苗接种")
    assert out.returncode == 1 and "401" in out.stderr and out.stdout == ""
    out = ask_api("--url", exposed_app, "疫苗接种", env={"QA_API_TOKEN": f" {TOKENS[1]} ,{TOKENS[0]}"})
    assert out.returncode == 0 and json.loads(out.stdout)["results"]
    out = ask_api("--url", "http://127.0.0.1:9", "疫苗接种")
    assert out.returncode == 2 and "no answer from" in out.stderr


def test_bench_script_smoke_run(bundled_index):
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_api.py"), "--index", str(bundled_index),
                          "--clients", "2", "--questions", "2", "--rounds", "2", "--json"],
                         capture_output=True, text=True, timeout=600, cwd=ROOT,
                         env={k: v for k, v in os.environ.items() if not k.startswith(("QA_USER", "QA_PASSWORD", "QA_API"))})
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    figures = json.loads(out.stdout)
    for run in ("in_process", "api", "api_repeated", "page"):
        assert figures[run]["requests"] == 4 and figures[run]["errors"] == 0, run
        assert 0 < figures[run]["latency_s"]["p50"] <= figures[run]["latency_s"]["max"]
    assert figures["api_share_of_in_process"] > 0 and isinstance(figures["target_met"], bool)
