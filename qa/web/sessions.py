"""Per-session memory is bounded in count and in age.

Each Gradio session holds its conversation twice (the turns, and the page's
last conversation HTML): ~0.6 MiB after 10 questions, up to ~1.5 MiB at the
30-turn cap. Gradio keeps ``state_session_capacity`` sessions (the least
recently used go first) and never drops an idle one; its login tokens are
kept forever. Memory under a stream of new sessions grew by ~18 MiB per 20
sessions without levelling off (scripts/soak.py).

So: at most QA_SESSIONS sessions (default 200), a session idle for
QA_SESSION_IDLE seconds (default 3600) is dropped, and login tokens live at
most QA_LOGIN_TTL seconds (default 12 h; at most MAX_TOKENS of them). The
sweep rides on Gradio's own once-a-second clean-up of expired state; this
ASGI middleware installs it on the app at its first request.
"""
from __future__ import annotations

import datetime
import logging
import time

from qa.settings import DEFAULT_LOGIN_TTL, DEFAULT_SESSION_IDLE


log = logging.getLogger(__name__)

MAX_TOKENS = 1000
# A result of /gradio_api/call/… nobody fetches within this many seconds is
# dropped (Gradio keeps it until read: never-read results held hundreds of MiB).
UNREAD_RESULT_SECONDS = 120


class Sweeper:
    """Drops idle sessions and old login tokens of one Gradio app."""

    def __init__(self, app, idle: float, token_ttl: float, max_tokens: int = MAX_TOKENS,
                 clock=time.monotonic) -> None:
        self.app, self.idle, self.token_ttl, self.max_tokens = app, idle, token_ttl, max_tokens
        self.clock = clock
        self.token_seen: dict[str, float] = {}  # token → when this sweep first saw it
        self.unread_since: dict[str, float] = {}  # session → since when its results wait unread

    def sweep(self) -> None:
        self.drop_idle_sessions()
        self.drop_old_tokens()
        self.drop_unread_results()

    def drop_unread_results(self, ttl: float = UNREAD_RESULT_SECONDS) -> None:
        """Results that have waited unread for ``ttl`` seconds (a reader takes
        them at once, so a queue that stays full has nobody reading it)."""
        try:
            queue = self.app.get_blocks()._queue
            pending = queue.pending_messages_per_session
        except AttributeError:
            return
        now = self.clock()
        for session in list(self.unread_since):
            if session not in pending:
                self.unread_since.pop(session)
        for session, messages in list(pending.items()):
            if not hasattr(messages, "qsize") or messages.qsize() == 0:
                self.unread_since.pop(session, None)
                continue
            since = self.unread_since.setdefault(session, now)
            if now - since > ttl:
                pending.pop(session, None)
                queue.pending_event_ids_session.pop(session, None)
                self.unread_since.pop(session, None)

    def drop_idle_sessions(self) -> None:
        holder = getattr(self.app, "state_holder", None)
        used = getattr(holder, "time_last_used", None)
        if used is None:
            return
        cutoff = datetime.datetime.now() - datetime.timedelta(seconds=self.idle)
        for session in [s for s, last in list(used.items()) if last < cutoff]:
            with holder.lock:
                if used.get(session, cutoff) < cutoff:
                    holder.session_data.pop(session, None)
                    used.pop(session, None)

    def drop_old_tokens(self) -> None:
        tokens = getattr(self.app, "tokens", None)
        if not isinstance(tokens, dict):
            return
        now = self.clock()
        for token in list(tokens):
            self.token_seen.setdefault(token, now)
        for token in list(self.token_seen):
            if token not in tokens or now - self.token_seen[token] > self.token_ttl:
                tokens.pop(token, None)
                self.token_seen.pop(token, None)
        for token in sorted(self.token_seen, key=self.token_seen.get)[: max(0, len(tokens) - self.max_tokens)]:
            tokens.pop(token, None)
            self.token_seen.pop(token, None)


def install(app, idle: float, token_ttl: float) -> Sweeper | None:
    """Run a Sweeper with every clean-up Gradio does (once a second); once per app."""
    holder = getattr(app, "state_holder", None)
    if holder is None or getattr(holder, "_qa_sweeper", None) is not None:
        return getattr(holder, "_qa_sweeper", None)
    sweeper = Sweeper(app, idle, token_ttl)
    gradio_cleanup = holder.delete_all_expired_state

    def cleanup():
        gradio_cleanup()
        try:
            sweeper.sweep()
        except Exception:  # a clean-up must never stop Gradio's loop
            log.exception("session sweep failed")

    holder.delete_all_expired_state = cleanup
    holder._qa_sweeper = sweeper
    return sweeper


class SessionLimits:
    """ASGI middleware: installs the sweep on the Gradio app at its first request."""

    def __init__(self, app, idle: float | None = None, token_ttl: float | None = None) -> None:
        self.app = app
        self.idle = DEFAULT_SESSION_IDLE if idle is None else idle
        self.token_ttl = DEFAULT_LOGIN_TTL if token_ttl is None else token_ttl
        self.installed = False

    async def __call__(self, scope, receive, send):
        if not self.installed and scope.get("app") is not None:
            self.installed = install(scope["app"], self.idle, self.token_ttl) is not None
        await self.app(scope, receive, send)
