"""Stores that recover: a Milvus failure marks the store unhealthy (/api/health
503, questions 503 with Retry-After, a Chinese line on the page, one log line
per burst), and the app reconnects by itself once Milvus is back.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_store_recovery.py."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest


# -- with milvus-lite's server, restarted under a running service -----------------------------

def start_lite(data_dir, port: int) -> subprocess.Popen:
    import socket

    proc = subprocess.Popen([sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(data_dir),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            assert proc.poll() is None, "milvus-lite server exited"
            time.sleep(0.2)
    raise AssertionError("milvus-lite server did not start")


def test_a_milvus_restart_is_survived_without_restarting_the_app(tmp_path, fake_embedder):
    pytest.importorskip("pymilvus")
    pytest.importorskip("milvus_lite")
    from fastapi import FastAPI
    from starlette.testclient import TestClient

    from lite_server import free_port
    from sample_docs import FLOOD
    from qa.indexing.build import build_index
    from qa.indexing.stores.choice import StoreChoice
    from qa.testing import serving, stop_process
    from qa.web import chat
    from qa.web.api import api_router
    from qa.web.api_access import ApiAccess

    port, data = free_port(), tmp_path / "milvus"
    proc = start_lite(data, port)
    try:
        docs = tmp_path / "docs"
        docs.mkdir()
        (docs / "flood.txt").write_text(FLOOD, encoding="utf-8")
        build_index(docs, tmp_path / "index", fake_embedder,
                    store=StoreChoice("milvus", f"http://127.0.0.1:{port}"))
        service = serving(tmp_path / "index", embedder=fake_embedder)
        service.reload()
        api = FastAPI()
        api.include_router(api_router(service, ApiAccess(open=True), docs))
        http = TestClient(api)
        assert http.post("/api/ask", json={"question": "防汛责任怎么落实？"}).json()["results"]
        assert http.get("/api/health").json()["status"] == "ok"

        stop_process(proc)  # Milvus goes away under the running service
        r = http.post("/api/ask", json={"question": "防汛责任怎么落实？"})
        assert r.status_code == 503 and int(r.headers["retry-after"]) >= 1, r.text
        assert "暂时无法访问" in r.json()["error"]
        health = http.get("/api/health")
        assert health.status_code == 503 and health.json()["status"] == "store unavailable"
        turns = chat.ask(service, "防汛责任怎么落实？", [], docs_dir=docs)
        assert "向量库" in turns[-1]["html"] and "Error" not in turns[-1]["html"]

        proc = start_lite(data, port)  # back, its collection released
        deadline, answered = time.monotonic() + 90, None
        while time.monotonic() < deadline:
            r = http.post("/api/ask", json={"question": "防汛责任怎么落实？"})
            if r.status_code == 200:
                answered = r.json()
                break
            assert r.status_code == 503, r.text
            time.sleep(min(float(r.headers.get("retry-after", "1")), 5))
        assert answered and answered["results"], "questions did not work again after Milvus came back"
        assert "防汛" in answered["results"][0]["text"]
        assert http.get("/api/health").json()["status"] == "ok"
    finally:
        stop_process(proc)
