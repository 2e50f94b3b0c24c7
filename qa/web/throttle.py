"""Login throttling: too many failed logins, then 429 for a while.

Gradio's /login answers a wrong password at once, as often as asked (2,000
guesses in 5 s). This middleware counts failed logins per client address and
per user name: after ``attempts`` failures within ``window`` seconds, either
key is locked for ``lockout`` seconds, and every login it makes meanwhile is
answered 429 without being checked (the right password too, or guessing
would go on). A successful login clears both keys.

Every attempt counts as a failure when it starts and is cleared when it
succeeds, so a burst of parallel guesses cannot slip past the count. The
table is bounded (least recently used keys go first), so guesses under ever
new names cannot grow it without end.
"""
from __future__ import annotations

import json
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field

from qa import settings
from qa.web.limits import replay, respond

LOGIN_PATHS = ("/login", "/login/")
MAX_KEYS = 10_000


@dataclass(frozen=True)
class ThrottleSettings:
    attempts: int = settings.DEFAULT_LOGIN_ATTEMPTS
    window: float = settings.DEFAULT_LOGIN_WINDOW
    lockout: float = settings.DEFAULT_LOGIN_LOCKOUT

    @classmethod
    def of(cls, chosen: "settings.Settings") -> "ThrottleSettings":
        """QA_LOGIN_ATTEMPTS, QA_LOGIN_WINDOW and QA_LOGIN_LOCKOUT, as the entry point read them."""
        return cls(chosen.login_attempts, chosen.login_window, chosen.login_lockout)


@dataclass
class _Record:
    failures: deque = field(default_factory=deque)
    locked_until: float = 0.0


class FailureLog:
    """Failures per key within a sliding window; a key with too many is locked."""

    def __init__(self, settings: ThrottleSettings, max_keys: int = MAX_KEYS, clock=time.monotonic) -> None:
        self.settings = settings
        self.max_keys = max_keys
        self.clock = clock
        self._records: OrderedDict[str, _Record] = OrderedDict()

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may try again (0 when it may now)."""
        record = self._records.get(key)
        return max(0.0, record.locked_until - self.clock()) if record else 0.0

    def failed(self, key: str) -> None:
        now = self.clock()
        record = self._records.pop(key, None) or _Record()
        self._records[key] = record  # most recent last
        while record.failures and record.failures[0] <= now - self.settings.window:
            record.failures.popleft()
        record.failures.append(now)
        if len(record.failures) >= self.settings.attempts:
            record.locked_until = now + self.settings.lockout
            record.failures.clear()
        while len(self._records) > self.max_keys:
            self._records.popitem(last=False)

    def succeeded(self, key: str) -> None:
        self._records.pop(key, None)

    def __len__(self) -> int:
        return len(self._records)


class LoginThrottle:
    """ASGI middleware in front of Gradio's POST /login."""

    def __init__(self, app, settings: ThrottleSettings | None = None, clock=time.monotonic) -> None:
        self.app = app
        self.log = FailureLog(settings or ThrottleSettings(), clock=clock)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST" or scope.get("path") not in LOGIN_PATHS:
            await self.app(scope, receive, send)
            return
        # Each key is checked and counted with no await in between: parallel
        # guesses see each other's counts.
        address = "addr:" + (scope.get("client") or ("?",))[0]
        if await self._refused(send, address):
            return
        self.log.failed(address)  # counted now, cleared on success
        body = await _read_body(receive)  # small: the body limit stands in front of this
        if body is None:
            return
        user = "user:" + (await _form_user(scope, body))[:200]
        if await self._refused(send, user):
            return
        self.log.failed(user)
        status = 0

        async def watch(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, replay(body, receive), watch)
        if status == 200:
            self.log.succeeded(address)
            self.log.succeeded(user)

    async def _refused(self, send, key: str) -> bool:
        wait = self.log.wait(key)
        if not wait:
            return False
        seconds = int(wait) + 1
        detail = f"Too many failed logins; try again in {seconds} s."
        await respond(send, 429, json.dumps({"detail": detail}) + "\n",
                      [(b"retry-after", str(seconds).encode())])
        return True


async def _read_body(receive) -> bytes | None:
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


async def _form_user(scope, body: bytes) -> str:
    """The user name of a login form (stripped, as Gradio compares it); '' when there is none."""
    from starlette.requests import Request

    try:
        form = await Request(scope, replay(body, None)).form()
        return str(form.get("username") or "").strip()
    except Exception:  # a malformed form: Gradio answers it; the address still counts
        return ""
