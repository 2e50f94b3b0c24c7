"""Who may call the JSON API (/api/…).

The API is as open as the page: served on loopback with no page login, anyone
on this machine may call it. Otherwise (another address, a page login from
$QA_USER/$QA_PASSWORD, or $QA_API_REQUIRE_AUTH=1, e.g. behind a reverse proxy
on this machine, where every request looks local) a request needs a logged-in
page session (Gradio's login cookie) or ``Authorization: Bearer <token>`` with
one of the comma-separated tokens in $QA_API_TOKEN.
"""
from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass

from qa import settings
from qa.web.addresses import is_loopback

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class ApiAccess:
    open: bool  # no credentials needed
    tokens: tuple[str, ...] = ()

    def allows(self, request) -> bool:
        """Whether this Starlette request may use the API."""
        if self.open:
            return True
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and self.token_ok(value.strip()):
            return True
        return page_user(request) is not None

    def token_ok(self, given: str) -> bool:
        given_bytes = given.encode("utf-8", "replace")
        # compare with every token, in constant time, so timing tells nothing
        matches = [hmac.compare_digest(given_bytes, t.encode("utf-8")) for t in self.tokens]
        return bool(given) and any(matches)


def page_user(request) -> str | None:
    """The user of a logged-in page session: the cookie Gradio's /login sets
    (the same lookup as Gradio's own /gradio_api/user route)."""
    app = request.scope.get("app")
    cookie_id, sessions = getattr(app, "cookie_id", None), getattr(app, "tokens", None)
    if not cookie_id or not sessions:
        return None
    token = (request.cookies.get(f"access-token-{cookie_id}")
             or request.cookies.get(f"access-token-unsecure-{cookie_id}"))
    return sessions.get(token) if token else None


def api_access(host: str, page_login: tuple[str, str] | None, chosen: settings.Settings) -> ApiAccess:
    """The access rule for an app served on ``host`` with ``page_login``
    (what page.login_for returned), and the QA_API_TOKEN / QA_API_REQUIRE_AUTH settings."""
    tokens = chosen.api_tokens
    if is_loopback(host) and page_login is None and not chosen.api_require_auth:
        return ApiAccess(open=True, tokens=tokens)
    if not tokens and page_login is None:
        log.warning("the JSON API on %s answers nobody (401): set QA_API_TOKEN to give other systems a token, "
                    "or QA_USER/QA_PASSWORD for a page login", host)
    return ApiAccess(open=False, tokens=tokens)
