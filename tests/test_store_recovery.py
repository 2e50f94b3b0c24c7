"""Stores that recover: a Milvus failure marks the store unhealthy (/api/health
503, questions 503 with Retry-After, a Chinese line on the page, one log line
per burst), and the app reconnects by itself once Milvus is back."""
from __future__ import annotations

import logging
import subprocess
import sys
import time

import pytest

from qa.indexing.stores.recovery import MAX_BACKOFF, StoreHealth, StoreUnavailable, guarded


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Flaky:
    """A store call that fails while ``down``; ``recover`` works once it is up."""

    def __init__(self) -> None:
        self.down, self.loaded, self.calls, self.recoveries = False, True, 0, 0

    def call(self):
        self.calls += 1
        if self.down or not self.loaded:
            raise RuntimeError("collection not loaded")
        return "hits"

    def recover(self):
        self.recoveries += 1
        if self.down:
            raise RuntimeError("connection refused")
        self.loaded = True


def test_a_released_collection_is_reloaded_at_once():
    health, store = StoreHealth("test store"), Flaky()
    store.loaded = False  # a restarted server: up, but the collection released
    assert guarded(health, store.call, store.recover) == "hits"
    assert store.recoveries == 1 and health.healthy


def test_a_dead_store_backs_off_and_comes_back(caplog):
    clock = Clock()
    health, store = StoreHealth("test store", clock=clock), Flaky()
    store.down = True
    with caplog.at_level(logging.WARNING, logger="qa.store"):
        with pytest.raises(StoreUnavailable) as first:
            guarded(health, store.call, store.recover)
        assert not health.healthy and first.value.retry_after == 1
        calls = store.calls
        for _ in range(100):  # a flood of questions meanwhile: none reaches the store
            with pytest.raises(StoreUnavailable):
                guarded(health, store.call, store.recover)
        assert store.calls == calls
        waits = []
        for _ in range(8):  # each try after its backoff fails again: the wait doubles up to the cap
            clock.now = health.next_try
            with pytest.raises(StoreUnavailable) as again:
                guarded(health, store.call, store.recover)
            waits.append(again.value.retry_after)
        assert waits[:4] == [2, 4, 8, 16] and max(waits) == MAX_BACKOFF
        store.down = False
        clock.now = health.next_try
        assert guarded(health, store.call, store.recover) == "hits" and health.healthy
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines  # one line when it failed, one when it came back: no traceback per question
    assert "reconnecting" in lines[0] and "is back" in lines[1]
    assert not any(r.exc_info for r in caplog.records)


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
