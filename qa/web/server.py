"""The server in front of the page: which hosts and origins it answers, how
many connections it holds, and how long a request may take to arrive.

Gradio starts uvicorn itself (gradio/http_server.py) with its defaults: no
cap on connections, no time limit on request headers (~20,000 trickling
connections used up every file descriptor), X-Forwarded-For believed from
127.0.0.1, and a CORS middleware that echoes any Origin with credentials
when the Host is not a loopback name. ``launch`` starts the page with its
uvicorn configured from the settings instead:

- Host: a request whose Host header is not a loopback name or address, the
  QA_HOST it serves on, or one of QA_ALLOWED_HOSTS is refused (421), so a
  DNS-rebound name cannot reach a page on loopback. Served on a wildcard
  address (0.0.0.0) without QA_ALLOWED_HOSTS, any IP address is accepted.
- Origin: a cross-origin request gets no Access-Control-Allow-* headers
  unless QA_ALLOWED_ORIGINS lists its origin, and a cross-origin POST (or
  other write) from an unlisted origin is refused (403) before any route.
- X-Forwarded-For is believed only from QA_TRUSTED_PROXIES (none by default).
- At most QA_MAX_CONNECTIONS connections (more are closed at once); request
  headers must arrive within QA_HEADER_TIMEOUT seconds; idle keep-alive
  connections close after QA_KEEP_ALIVE seconds; one request's headers are
  at most 64 KiB.
- Repeated log lines are rate-limited (LogLimit), so a flood cannot fill a disk.
"""
from __future__ import annotations

import ipaddress
import json
import logging
import threading
import time
from dataclasses import dataclass

from uvicorn.protocols.http.h11_impl import H11Protocol

from qa import settings as settings_mod

log = logging.getLogger(__name__)

MAX_HEADER_BYTES = 64 * 1024
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class ServerOptions:
    host: str = settings_mod.DEFAULT_HOST
    allowed_hosts: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    trusted_proxies: tuple[str, ...] = ()
    max_connections: int = settings_mod.DEFAULT_MAX_CONNECTIONS
    header_timeout: float = settings_mod.DEFAULT_HEADER_TIMEOUT
    keep_alive: float = settings_mod.DEFAULT_KEEP_ALIVE

    @classmethod
    def from_settings(cls, s: settings_mod.Settings) -> "ServerOptions":
        return cls(s.host, s.allowed_hosts, s.allowed_origins, s.trusted_proxies, s.max_connections,
                   s.header_timeout, s.keep_alive)


# -- Host and Origin ------------------------------------------------------------------

def _host_name(value: str) -> str:
    """The name of a Host header or an origin's host part, lower case, without port or brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.split(":")[0]
    return value.rstrip(".")


def _is_ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def host_allowed(host_header: str, options: ServerOptions) -> bool:
    name = _host_name(host_header)
    if not name:
        return False
    ip = _is_ip(name)
    if name in LOOPBACK_NAMES or (ip is not None and ip.is_loopback):
        return True
    if name == _host_name(options.host) or name in {_host_name(h) for h in options.allowed_hosts}:
        return True
    if any(h.startswith("*.") and name.endswith(h[1:]) for h in options.allowed_hosts):
        return True
    wildcard = _host_name(options.host) in ("0.0.0.0", "::", "")
    return wildcard and not options.allowed_hosts and ip is not None


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def same_origin(origin: str, scope) -> bool:
    """Whether ``origin`` is this server as the browser reached it (scheme, Host)."""
    host = _header(scope, b"host") or ""
    scheme = scope.get("scheme", "http")
    forwarded = _header(scope, b"x-forwarded-proto")
    schemes = {scheme} | ({forwarded.split(",")[0].strip()} if forwarded else set())
    origin = origin.strip().lower().rstrip("/")
    return any(origin == f"{s}://{host.lower()}" or origin == f"{s}://{_host_name(host)}"
               and not _explicit_port(host, s) for s in schemes)


def _explicit_port(host: str, scheme: str) -> bool:
    port = host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else ""
    return bool(port) and port != {"http": "80", "https": "443"}.get(scheme, "")


class Guard:
    """ASGI middleware outside Gradio's own: Host check, origins, CORS headers."""

    def __init__(self, app, options: ServerOptions) -> None:
        self.app, self.options = app, options
        self.origins = set(options.allowed_origins)

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if not host_allowed(_header(scope, b"host") or "", self.options):
            await _refuse(scope, send, 421, "this server does not answer for that host name "
                                            "(QA_ALLOWED_HOSTS lists the names it answers for)")
            return
        origin = _header(scope, b"origin")
        if origin is None or origin.lower().rstrip("/") in self.origins or same_origin(origin, scope):
            listed = origin is not None and origin.lower().rstrip("/") in self.origins
            await self.app(scope, receive, _cors(send, origin) if listed else send)
            return
        # another origin, not listed: no CORS headers, and no writes
        if scope["type"] == "websocket" or scope.get("method") in WRITE_METHODS:
            await _refuse(scope, send, 403, "cross-origin request refused (QA_ALLOWED_ORIGINS lists the "
                                            "origins allowed to call this server)")
            return
        await self.app(scope, receive, _without_cors(send))


def _cors(send, origin: str):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", [])
                       if not k.lower().startswith(b"access-control-allow-origin")
                       and k.lower() != b"access-control-allow-credentials"]
            headers += [(b"access-control-allow-origin", origin.encode("latin-1")),
                        (b"access-control-allow-credentials", b"true"), (b"vary", b"Origin")]
            message = {**message, "headers": headers}
        await send(message)
    return wrapped


def _without_cors(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": [(k, v) for k, v in message.get("headers", [])
                                              if not k.lower().startswith(b"access-control-")]}
        await send(message)
    return wrapped


async def _refuse(scope, send, status: int, text: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    body = (json.dumps({"error": text}, ensure_ascii=False) + "\n").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


# -- connections -------------------------------------------------------------------------

class LimitedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a cap on connections and a header deadline.

    The cap and timeout ride on the uvicorn Config (``qa_max_connections``,
    ``qa_header_timeout``, set by ``launch``)."""

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._qa_requests = self._qa_seen = 0
        self._qa_timer = None
        cap = getattr(self.config, "qa_max_connections", None)
        if cap is not None and len(self.connections) > cap:
            _burst("connections over QA_MAX_CONNECTIONS (%d): new ones are closed at once", cap)
            transport.close()
            return
        self._qa_arm()

    def _qa_arm(self) -> None:
        timeout = getattr(self.config, "qa_header_timeout", None)
        if timeout:
            self._qa_seen = self._qa_requests
            self._qa_timer = self.loop.call_later(timeout, self._qa_check)

    def _qa_check(self) -> None:
        if self.transport.is_closing() or self.transport.get_protocol() is not self:
            return  # closed, or handed to the websocket protocol
        busy = self.cycle is not None and not self.cycle.response_complete
        if busy or self._qa_requests != self._qa_seen:
            self._qa_arm()
            return
        _burst("closed connections that sent no complete request within QA_HEADER_TIMEOUT")
        self.transport.close()

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before:
            self._qa_requests += 1

    def connection_lost(self, exc) -> None:
        if getattr(self, "_qa_timer", None) is not None:
            self._qa_timer.cancel()
        super().connection_lost(exc)


_bursts: dict[str, float] = {}


def _burst(message: str, *args) -> None:
    """One warning per kind a minute, not one per connection."""
    now = time.monotonic()
    if now - _bursts.get(message, -1e9) >= 60:
        _bursts[message] = now
        log.warning(message, *args)


class LogLimit(logging.Filter):
    """At most ``per_minute`` records of one message template a minute (per
    logger); then one line saying how many were left out."""

    def __init__(self, per_minute: int = 20, clock=time.monotonic) -> None:
        super().__init__()
        self.per_minute, self.clock = per_minute, clock
        self._seen: dict[tuple[str, str], list] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg)[:200])
        now = self.clock()
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen.clear()
            start, count, dropped = self._seen.get(key, (now, 0, 0))
            if now - start >= 60:
                if dropped:
                    record.msg = f"{record.msg} [{dropped} more like this in the last minute left out]"
                start, count, dropped = now, 0, 0
            count += 1
            if count > self.per_minute:
                self._seen[key] = [start, count, dropped + 1]
                return False
            self._seen[key] = [start, count, dropped]
            return True


_LOG_LIMIT = LogLimit()


SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "asyncio")


def limit_logs(names: tuple[str, ...] = ("", *SERVER_LOGGERS)) -> None:
    """Put the rate limit on every handler of these loggers (once each): the
    program's own root handler (app.py) and the server's (at each launch)."""
    for name in names:
        for handler in logging.getLogger(name).handlers:
            if _LOG_LIMIT not in handler.filters:
                handler.addFilter(_LOG_LIMIT)


# -- starting it -------------------------------------------------------------------------

_launching = threading.Lock()


def launch(page, options: ServerOptions, **kwargs):
    """``page.launch(**kwargs)`` with uvicorn configured from ``options``
    (server_name defaults to options.host)."""
    import gradio.http_server as http_server
    import uvicorn

    real = http_server.uvicorn

    class Shim:
        def __getattr__(self, name):
            return getattr(real, name)

        @staticmethod
        def Config(app, **config_kwargs):  # noqa: N802 (uvicorn's name)
            config = uvicorn.Config(
                Guard(app, options), **config_kwargs, http=LimitedH11,
                limit_concurrency=options.max_connections, timeout_keep_alive=options.keep_alive,
                h11_max_incomplete_event_size=MAX_HEADER_BYTES,
                proxy_headers=bool(options.trusted_proxies),
                forwarded_allow_ips=list(options.trusted_proxies) or [])
            config.qa_max_connections = options.max_connections
            config.qa_header_timeout = options.header_timeout
            limit_logs(SERVER_LOGGERS)  # the root logger's handlers are the program's (app.py limits them)
            return config

    kwargs.setdefault("server_name", options.host)
    with _launching:
        http_server.uvicorn = Shim()
        try:
            return page.launch(**kwargs)
        finally:
            http_server.uvicorn = real
