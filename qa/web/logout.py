"""Logging out: POST only, from this page only, ending only this session.

Gradio's GET /logout ends every session of the user (one shared office
account: everybody's), and any site can trigger it with a link or an image.
This ASGI middleware answers /logout itself: GET gets 405; a POST must carry
an Origin (or, without one, a Referer) of this same server; it ends only the
session of its own cookie, deletes the cookie, and asks the browser to clear
the site's stored data (Clear-Site-Data: "storage"), which holds the
conversation (the page's script removes it too, for browsers that ignore
that header on plain http).
"""
from __future__ import annotations

from qa.web.limits import refuse
from qa.web.server import _header, same_origin

LOGOUT_PATHS = ("/logout", "/logout/", "/gradio_api/logout")


def _cookie_token(app, scope) -> tuple[list[str], str | None]:
    cookie_id = getattr(app, "cookie_id", None)
    names = [f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}"]
    token = None
    for key, value in scope.get("headers", []):
        if key.lower() != b"cookie":
            continue
        for part in value.decode("latin-1").split(";"):
            name, _, val = part.strip().partition("=")
            if name in names and val:
                token = val
    return names, token


def _from_here(scope) -> bool:
    origin = _header(scope, b"origin")
    if origin is not None and origin != "null":
        return same_origin(origin, scope)
    referer = _header(scope, b"referer")
    if referer:
        scheme, _, rest = referer.partition("://")
        return same_origin(f"{scheme}://{rest.split('/')[0]}", scope)
    return False


class Logout:
    """ASGI middleware for /logout (see the module's description)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("path") not in LOGOUT_PATHS:
            await self.app(scope, receive, send)
            return
        if scope.get("method") != "POST":
            await refuse(send, 405, "log out with POST from the page (a link cannot log anyone out)")
            return
        if not _from_here(scope):
            await refuse(send, 403, "log out from this page only")
            return
        app = scope.get("app")
        names, token = _cookie_token(app, scope)
        tokens = getattr(app, "tokens", None)
        if token and isinstance(tokens, dict):
            tokens.pop(token, None)  # this session only
        headers = [(b"location", b"/"), (b"content-length", b"0"), (b"clear-site-data", b'"storage"'),
                   (b"cache-control", b"no-store")]
        headers += [(b"set-cookie", f"{name}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax".encode())
                    for name in names]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
