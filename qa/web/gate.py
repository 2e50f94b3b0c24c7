"""With a login required, nothing but the login page answers without a session.

Gradio checks the login route by route, and leaves some open: /openapi.json
listed all 74 routes to anyone, /gradio_api/app_id, /gradio_api/startup-events
… answer too, and the login page itself carries the API description. This
ASGI middleware decides before any route: a request without a valid session
cookie reaches only the login page, the login form's POST, and the static
assets the login page loads, and the JSON API (which asks for a session or a
token itself); anything else gets 401. The login page's copy
of the API description is blanked.

Without a login (loopback, or --no-auth) it lets everything through, unless
QA_API_REQUIRE_AUTH=1: then every route that answers questions or returns
text (Gradio's call, queue and component routes, the 目录's reader) needs
``Authorization: Bearer <token>`` like /api/* does; only the page's shell
and its static assets stay open.
"""
from __future__ import annotations

import re

from qa.web.limits import respond

# What the login page loads before anyone has logged in (recorded in a browser,
# tests/browser/test_browser.py): the page, its scripts and styles, the login POST.
PUBLIC = re.compile(r"/(?:|login/?|favicon\.ico|robots\.txt|theme\.css|(?:assets|static)/.*)")
# The JSON API checks its own credentials (a page session or a bearer token,
# qa/web/api_access.py), so its routes pass through to that check.
OWN_ACCESS = re.compile(r"/api/.*")
API_INFO = re.compile(rb"window\.gradio_api_info\s*=\s*.*?;\s*</script>", re.DOTALL)
NO_API_INFO = b"window.gradio_api_info = {};</script>"


def login_required(app) -> bool:
    return getattr(app, "auth", None) is not None or getattr(app, "auth_dependency", None) is not None


def has_session(app, scope) -> bool:
    """A cookie holding a token Gradio issued at login (Gradio's own check)."""
    cookie_id = getattr(app, "cookie_id", None)
    tokens = getattr(app, "tokens", {})
    names = {f"access-token-{cookie_id}".encode(), f"access-token-unsecure-{cookie_id}".encode()}
    for key, value in scope.get("headers", []):
        if key.lower() != b"cookie":
            continue
        for part in value.split(b";"):
            name, _, token = part.strip().partition(b"=")
            if name in names and token.decode("latin-1") in tokens:
                return True
    return False


def has_token(scope, tokens) -> bool:
    """A bearer token from $QA_API_TOKEN (compared as the API compares it)."""
    from qa.web.api_access import ApiAccess

    for key, value in scope.get("headers", []):
        if key.lower() == b"authorization":
            scheme, _, given = value.decode("latin-1").partition(" ")
            return scheme.lower() == "bearer" and ApiAccess(False, tuple(tokens)).token_ok(given.strip())
    return False


class SessionRequired:
    """ASGI middleware: with a login configured, 401 for every route but the
    login page's; with ``require_auth`` and no login, a bearer token for
    every route but the page's shell, its assets, /api/* and ``own_access`` (which check their own)."""

    def __init__(self, app, require_auth: bool = False, tokens: tuple[str, ...] = (),
                 own_access: tuple[str, ...] = ()) -> None:
        self.app = app
        self.require_auth, self.tokens = require_auth, tokens
        self.own_access = frozenset(own_access)  # further routes that check credentials themselves (/mcp, /retrieval)

    async def __call__(self, scope, receive, send):
        app = scope.get("app")
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if not login_required(app):
            path = scope.get("path", "")
            if self.require_auth and not has_token(scope, self.tokens) and not (
                    scope["type"] == "http" and (PUBLIC.fullmatch(path) or OWN_ACCESS.fullmatch(path)
                                                 or path in self.own_access or _launching(app, path))):
                await _unauthorized(scope, send)
                return
            await self.app(scope, receive, send)
            return
        if has_session(app, scope):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if scope["type"] == "http" and (PUBLIC.fullmatch(path) or OWN_ACCESS.fullmatch(path)
                                        or path in self.own_access or _launching(app, path)):
            await self.app(scope, receive, _without_api_info(send) if path == "/" and scope.get("method") == "GET" else send)
            return
        await _unauthorized(scope, send)


async def _unauthorized(scope, send) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    await respond(send, 401, '{"detail": "Not authenticated"}\n',
                  [(b"www-authenticate", b'Form realm="login"')], content_type=b"application/json")


def _launching(app, path: str) -> bool:
    """Gradio's launch() calls this route itself, once, before anyone can log in."""
    return path == "/gradio_api/startup-events" and not getattr(app, "startup_events_triggered", True)


def _without_api_info(send):
    """The login page as Gradio renders it, minus its embedded API description."""
    start, chunks = None, []

    async def wrapped(message):
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
            return
        if message["type"] != "http.response.body" or start is None:
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = API_INFO.sub(NO_API_INFO, b"".join(chunks))
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        await send({**start, "headers": headers + [(b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    return wrapped
