"""Login throttling: too many failed logins, then 429 for a while.

Gradio's /login answers a wrong password at once, as often as asked (2,000
guesses in 5 s). This middleware counts failed logins per client address and
per user name: after ``attempts`` failures within ``window`` seconds, either
key is locked for ``lockout`` seconds, and every login it makes meanwhile is
answered 429 without being checked (the right password too, or guessing
would go on). A successful login clears both keys.

Attempts for one user name (and from one address) are checked one after
another, and an attempt counts as a failure only when it has failed: a
burst of parallel guesses cannot slip past the count, and twenty people of
an office logging in at once all get in.

Addresses and names are kept apart. The address table is bounded (least
recently used first): flushing it only forgets addresses. A user name's
failures and lock live in a fixed table of NAME_SLOTS slots, a name placed by
a keyed hash (a secret made at start), so no stream of other names or
addresses can push a locked name out, and memory stays fixed.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field

from qa import settings
from qa.web.limits import replay, respond

LOGIN_PATHS = ("/login", "/login/")
MAX_KEYS = 10_000
# Slots for user names: each holds at most ``attempts`` timestamps and a lock
# time (~200 bytes): 65,536 slots are ~13 MB at worst, and a made-up name
# shares a real one's slot with a chance of 1 in 65,536.
NAME_SLOTS = 65_536
# Attempts are serialised per key through this many asyncio locks (hashed).
SERIAL_LOCKS = 1024


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


class NameLocks(FailureLog):
    """Failures per user name in a fixed table: a name's lock is never evicted.

    The same interface as FailureLog; a name maps to one of ``slots`` slots
    by a hash keyed with a per-process secret (nobody can pick names that
    share the real user's slot on purpose)."""

    def __init__(self, settings: ThrottleSettings, slots: int = NAME_SLOTS, clock=time.monotonic) -> None:
        super().__init__(settings, max_keys=slots, clock=clock)
        self.slots = slots
        self._key = secrets.token_bytes(16)

    def slot(self, name: str) -> str:
        digest = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), key=self._key, digest_size=8).digest()
        return str(int.from_bytes(digest, "big") % self.slots)

    def wait(self, key: str) -> float:
        return super().wait(self.slot(key))

    def failed(self, key: str) -> None:
        super().failed(self.slot(key))  # at most ``slots`` keys: nothing is ever evicted

    def succeeded(self, key: str) -> None:
        super().succeeded(self.slot(key))


class _Serial:
    """One asyncio lock per hashed key, made in the running event loop."""

    def __init__(self, size: int = SERIAL_LOCKS) -> None:
        self.size, self._locks, self._loop = size, [], None

    def lock(self, key: str) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._locks = loop, [asyncio.Lock() for _ in range(self.size)]
        return self._locks[hash(key) % self.size]


class LoginThrottle:
    """ASGI middleware in front of Gradio's POST /login."""

    def __init__(self, app, settings: ThrottleSettings | None = None, clock=time.monotonic) -> None:
        self.app = app
        settings = settings or ThrottleSettings()
        self.log = FailureLog(settings, clock=clock)  # addresses
        self.names = NameLocks(settings, clock=clock)  # user names
        self.address_serial, self.name_serial = _Serial(), _Serial()  # two tables: no lock is taken twice

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST" or scope.get("path") not in LOGIN_PATHS:
            await self.app(scope, receive, send)
            return
        # The client address is the peer's, or what a trusted proxy forwarded
        # (the server rewrites it only for QA_TRUSTED_PROXIES; qa/web/server.py).
        address = "addr:" + (scope.get("client") or ("?",))[0]
        if await self._refused(send, self.log, address):
            return
        body = await _read_body(receive)  # small: the body limit stands in front of this
        if body is None:
            return
        user = (await _form_user(scope, body))[:200]
        # One attempt at a time per address and per name (always in this
        # order); each sees the result of the one before it.
        async with self.address_serial.lock(address), self.name_serial.lock(user):
            if await self._refused(send, self.log, address) or await self._refused(send, self.names, user):
                return
            status = 0

            async def watch(message):
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                await self.app(scope, replay(body, receive), watch)
            finally:
                if status == 200:
                    self.log.succeeded(address)
                    self.names.succeeded(user)
                else:  # a wrong login, or one cut off before its answer
                    self.log.failed(address)
                    self.names.failed(user)

    async def _refused(self, send, log: FailureLog, key: str) -> bool:
        wait = log.wait(key)
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
