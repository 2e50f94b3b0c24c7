"""Dify's external knowledge API (POST /retrieval) of a real app.py process on
127.0.0.1, on real indexes built with a tiny sentence-transformers model (so
the CLI answers from the same embedder): Dify's documented requests, the reply
checked field by field, its error codes, and the same passages as
`qa ask --json`. The mapping of metadata conditions and the scores are also
checked directly on a fake-embedder index.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_dify.py."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from qa.testing import stop_process
from tiny_model import SPRING, build_tiny

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "tok-dify-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# The examples of Dify's documentation (docs.dify.ai, External Knowledge API), as written there.
DOCUMENTED = {"knowledge_id": "your-knowledge-id", "query": "What is Dify?",
              "retrieval_setting": {"top_k": 3, "score_threshold": 0.5}}
DOCUMENTED_OLDER = {"knowledge_id": "your-knowledge-id", "query": "your question",
                    "retrieval_setting": {"top_k": 2, "score_threshold": 0.5}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """app.py with a token required (as off loopback), a /dify prefix and a second knowledge base."""
    root = tmp_path_factory.mktemp("dify")
    model, index = build_tiny(root)
    _, spring_index = build_tiny(root / "spring", {"spring.txt": SPRING})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QA_USER", "QA_PASSWORD", "QA_API_"))}
    env |= {"QA_MODEL": str(model), "QA_API_TOKEN": TOKEN, "QA_API_REQUIRE_AUTH": "1", "QA_DIFY_PREFIX": "/dify",
            "QA_KNOWLEDGE": f"spring={spring_index}", "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1",
            "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost", "PYTHONPATH": str(ROOT)}
    port = free_port()
    log = root / "app.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), "--index", str(index)],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    try:
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the app did not come up:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                if httpx.get(url + "/api/health", headers=AUTH, timeout=5, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        yield url, model, index
    finally:
        stop_process(proc)


def post(url: str, body, headers: dict | None = AUTH, path: str = "/retrieval") -> httpx.Response:
    kwargs = {"content": body} if isinstance(body, (bytes, str)) else {"json": body}
    return httpx.post(url + path, headers=headers or {}, timeout=60, trust_env=False, **kwargs)


def cli_ask(model: Path, index: Path, question: str, k: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "qa", "ask", "--json", "-k", str(k), "--index", str(index), question],
                         capture_output=True, text=True, cwd=ROOT, timeout=300,
                         env={**os.environ, "QA_MODEL": str(model), "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def check_shape(body: dict) -> None:
    """The reply as Dify's documentation describes it, field by field."""
    assert set(body) == {"records"} and isinstance(body["records"], list)
    for record in body["records"]:
        assert set(record) == {"content", "score", "title", "metadata"}
        assert isinstance(record["content"], str) and record["content"]
        assert isinstance(record["score"], float) and 0.0 <= record["score"] <= 1.0
        assert isinstance(record["title"], str) and record["title"]
        assert isinstance(record["metadata"], dict)  # never null: Dify's pipeline breaks on null
        meta = record["metadata"]
        assert isinstance(meta["file"], str) and isinstance(meta["speech"], int)
        assert isinstance(meta["paragraph"], int) and isinstance(meta["directive"], str)
        assert all(value is not None for value in meta.values())
    scores = [r["score"] for r in body["records"]]
    assert scores == sorted(scores, reverse=True)


def test_documented_examples(served):
    url, _, _ = served
    for example in (DOCUMENTED, DOCUMENTED_OLDER):
        r = post(url, example)
        assert r.status_code == 404 and r.json()["error_code"] == 2001, r.text
        assert "your-knowledge-id" in r.json()["error_msg"] and "default" in r.json()["error_msg"]
        r = post(url, {**example, "knowledge_id": "default"})  # an English question these speeches do not answer
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        assert r.json() == {"records": []}


def test_records_are_the_passages_of_qa_ask_json(served):
    url, model, index = served
    question = "商场学校要做消防检查吗？"
    expected = cli_ask(model, index, question, 3)
    assert expected["answerable"] and expected["results"]
    body = post(url, {"knowledge_id": "default", "query": question,
                      "retrieval_setting": {"top_k": 3, "score_threshold": 0.0}}).json()
    check_shape(body)
    by_rank = sorted(body["records"], key=lambda r: r["metadata"]["rank"])
    assert [r["content"] for r in by_rank] == [h["text"] for h in expected["results"]]
    for record, hit in zip(by_rank, expected["results"]):
        c, meta = hit["citation"], record["metadata"]
        assert (meta["file"], meta["speech"], meta["title"], meta["label"], meta["paragraph"]) == \
               (c["file"], c["speech"], c["title"], c["label"], c["paragraph"])
        assert meta["directive"] == " › ".join(c["path"]) and meta["knowledge_id"] == "default"
        assert record["title"] == f"{c['title']}（{c['file']}）"
    # a threshold of 0.5 keeps what the answer quotes, and only that
    quoted = {s["result"] for s in expected["answer"]["sentences"]}
    strict = post(url, {"knowledge_id": "default", "query": question,
                        "retrieval_setting": {"top_k": 3, "score_threshold": 0.5}}).json()
    check_shape(strict)
    assert {r["metadata"]["rank"] for r in strict["records"]} == quoted and quoted
    # under the prefix too
    again = post(url, {"knowledge_id": "default", "query": question,
                       "retrieval_setting": {"top_k": 3, "score_threshold": 0.0}}, path="/dify/retrieval")
    assert again.status_code == 200 and again.json() == body


def test_knowledge_ids_and_metadata_conditions(served):
    url, _, _ = served
    question = "要做好哪些准备？"
    spring = post(url, {"knowledge_id": "spring", "query": "种子化肥供应怎么保障？",
                        "retrieval_setting": {"top_k": 5, "score_threshold": 0}}).json()
    check_shape(spring)
    assert spring["records"] and {r["metadata"]["file"] for r in spring["records"]} == {"spring.txt"}
    assert {r["metadata"]["knowledge_id"] for r in spring["records"]} == {"spring"}
    only = {"knowledge_id": "default", "query": "检查", "retrieval_setting": {"top_k": 5, "score_threshold": 0},
            "metadata_condition": {"logical_operator": "and", "conditions": [
                {"name": "file", "comparison_operator": "is", "value": "fire"},
                {"name": "speech", "comparison_operator": "=", "value": 1}]}}
    body = post(url, only).json()
    check_shape(body)
    assert body["records"] and {r["metadata"]["file"] for r in body["records"]} == {"fire.txt"}
    for conditions, operator, says in (
            ([{"name": "category", "comparison_operator": "is", "value": "AI"}], "and", 'cannot filter by "category"'),
            ([{"name": "file", "comparison_operator": "contains", "value": "fire"}], "and", '"contains"'),
            ([{"name": "file", "comparison_operator": "is", "value": "fire.txt"},
              {"name": "speech", "comparison_operator": "is", "value": "1"}], "or", "joined by or"),
            ([{"name": "file", "comparison_operator": "is", "value": "flood.txt"}], "and", "flood.txt")):
        r = post(url, {**only, "query": question,
                       "metadata_condition": {"logical_operator": operator, "conditions": conditions}})
        assert r.status_code == 400 and r.json()["error_code"] == 3002, r.text
        assert says in r.json()["error_msg"] and "filters by file, speech" in r.json()["error_msg"]


def test_errors_carry_difys_codes(served):
    url, _, _ = served
    good = {"knowledge_id": "default", "query": "消防", "retrieval_setting": {"top_k": 2, "score_threshold": 0.5}}
    for headers, status, code in (({}, 403, 1001), ({"Authorization": TOKEN}, 403, 1001),
                                  ({"Authorization": f"Basic {TOKEN}"}, 403, 1001),
                                  ({"Authorization": "Bearer wrong-key-0123456789"}, 403, 1002),
                                  ({"Authorization": f"Bearer {TOKEN}x"}, 403, 1002)):
        r = post(url, good, headers=headers)
        assert (r.status_code, r.json().get("error_code")) == (status, code), (headers, r.status_code, r.text[:300])
        assert TOKEN not in r.text
    # Dify checks an endpoint when it is saved by posting no body with the key: not a 403 or 404
    r = post(url, b"")
    assert r.status_code == 400 and r.json()["error_code"] == 3001
    for body, says in (({**good, "retrieval_setting": {"top_k": 0, "score_threshold": 0.5}}, "top_k"),
                       ({**good, "retrieval_setting": {"top_k": 2, "score_threshold": 1.5}}, "score_threshold"),
                       ({**good, "query": 5}, "query"), ({"query": "消防"}, "knowledge_id"), ([1, 2], "JSON object"),
                       (b"{not json", "not valid JSON")):
        r = post(url, body)
        assert r.status_code == 400 and r.json()["error_code"] == 3001 and says in r.json()["error_msg"], r.text
    assert post(url, "x" * 300_000).status_code == 413


def test_mcp_beside_the_page_needs_the_token(served):
    url, _, _ = served
    listing = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    accept = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    assert httpx.post(url + "/mcp", json=listing, headers=accept, trust_env=False).status_code == 401
    r = httpx.post(url + "/mcp", headers={**accept, **AUTH}, trust_env=False, timeout=60, json={
        "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
    assert r.status_code == 200, r.text
    r = httpx.post(url + "/mcp", json=listing, headers={**accept, **AUTH, "MCP-Protocol-Version": "2025-06-18"},
                   trust_env=False, timeout=60)
    assert r.status_code == 200, r.text
    assert {t["name"] for t in r.json()["result"]["tools"]} == {"ask", "outline", "read", "list_documents"}


def test_bench_script_measures_retrieval_beside_the_search(tmp_path):
    model, index = build_tiny(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QA_USER", "QA_PASSWORD", "QA_API_"))}
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_retrieval.py"), "--index", str(index),
                          "--clients", "2", "--questions", "3", "--rounds", "1", "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=600,
                         env={**env, "QA_MODEL": str(model), "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["retrieval"]["requests"] == 6 and figures["retrieval"]["errors"] == 0
    assert figures["in_process"]["requests"] == 6 and figures["retrieval_share_of_in_process"] > 0
