"""Stores that recover: a Milvus failure marks the store unhealthy (/api/health
503, questions 503 with Retry-After, a Chinese line on the page, one log line
per burst), and the app reconnects by itself once Milvus is back.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_store_recovery_e2e.py."""
from __future__ import annotations

import logging

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
