"""A store that failed is marked unhealthy and brought back without a restart.

After a Milvus server restarts, its collections are released: every search
failed until the app was restarted. A store keeps a StoreHealth: the first
failure of a burst is logged once (not a traceback per question) and the
store reconnects and reloads its collection, then again after a backoff
that doubles from MIN_BACKOFF to MAX_BACKOFF seconds while it keeps failing.
Between tries a question gets StoreUnavailable at once, with the seconds to
wait (the API's Retry-After). The first search that works again logs one
line and marks the store healthy.
"""
from __future__ import annotations

import logging
import threading
import time

from qa.errors import StoreError

log = logging.getLogger("qa.store")

MIN_BACKOFF = 1.0
MAX_BACKOFF = 30.0


class StoreUnavailable(StoreError):
    """The store failed and is reconnecting; ask again after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class StoreHealth:
    """Healthy or not, since when, and when the next reconnection may be tried."""

    def __init__(self, name: str, clock=time.monotonic) -> None:
        self.name, self.clock = name, clock
        self.healthy = True
        self.error = ""
        self.failures = 0  # in the current burst
        self.backoff = MIN_BACKOFF
        self.next_try = 0.0
        self._lock = threading.Lock()
        self._trying = False

    def retry_after(self) -> int:
        return max(1, int(self.next_try - self.clock() + 0.999))

    def unavailable(self) -> StoreUnavailable:
        return StoreUnavailable(f"{self.name} is unavailable ({self.error}); reconnecting, "
                                f"try again in {self.retry_after()} s", self.retry_after())

    def begin_try(self) -> bool:
        """Whether this caller may try the store now (healthy, or its turn to reconnect)."""
        with self._lock:
            if self.healthy:
                return True
            if self._trying or self.clock() < self.next_try:
                return False
            self._trying = True
            return True

    def failed(self, error: str) -> None:
        with self._lock:
            self._trying = False
            self.failures += 1
            self.error = error[:300]
            if self.healthy:
                self.healthy, self.backoff = False, MIN_BACKOFF
                log.warning("%s failed: %s; reconnecting with backoff (one line per failure burst)",
                            self.name, self.error)
            else:
                self.backoff = min(self.backoff * 2, MAX_BACKOFF)
            self.next_try = self.clock() + self.backoff

    def succeeded(self) -> None:
        with self._lock:
            self._trying = False
            if not self.healthy:
                log.warning("%s is back after %d failed tries", self.name, self.failures)
            self.healthy, self.error, self.failures, self.backoff, self.next_try = True, "", 0, MIN_BACKOFF, 0.0

    def status(self) -> dict:
        out = {"healthy": self.healthy}
        if not self.healthy:
            out.update(error=self.error, retry_after=self.retry_after())
        return out


def guarded(health: StoreHealth, call, recover):
    """``call()`` through ``health``: a failure marks the store unhealthy and
    tries ``recover()`` then ``call()`` once more at once; while unhealthy,
    only one caller per backoff period tries (recover, then call), the others
    get StoreUnavailable without touching the store."""
    if not health.begin_try():
        raise health.unavailable()
    was_healthy = health.healthy
    try:
        if not was_healthy:
            recover()
        result = call()
    except Exception as exc:
        if not was_healthy:
            health.failed(_reason(exc))
            raise health.unavailable() from None
        # the first failure: a released collection (a restarted server) comes back with one reload
        try:
            recover()
            result = call()
        except Exception as again:
            health.failed(_reason(again))
            raise health.unavailable() from None
    health.succeeded()
    return result


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "message", None) or exc) or exc.__class__.__name__
    return (text.splitlines() or [exc.__class__.__name__])[0]
