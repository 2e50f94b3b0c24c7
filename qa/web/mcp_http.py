"""The MCP server (qa/integrations/mcp_server.py) over streamable HTTP at /mcp, beside the page.

Stateless and JSON-answering (each POST is one exchange; no server-side MCP
session to keep, so any app replica can answer). Access is the JSON API's
(qa/web/api_access.py): open on loopback without a page login, otherwise a
logged-in page session or ``Authorization: Bearer <token>`` from
$QA_API_TOKEN; anything else gets 401 before the MCP SDK sees the request.
On an open loopback app the SDK's own DNS-rebinding check (Host and Origin
must be local) stays on as well.
"""
from __future__ import annotations

import json
from typing import Callable

from mcp.server.transport_security import TransportSecuritySettings
from starlette.requests import Request
from starlette.routing import Route

from qa.integrations.mcp_server import build_server
from qa.web.api_access import ApiAccess

PATH = "/mcp"
UNAUTHORIZED = json.dumps({"error": "MCP at /mcp needs Authorization: Bearer <token> (a token from $QA_API_TOKEN) "
                                    "or a logged-in page session"}).encode()


class Guarded:
    """ASGI: the MCP endpoint for those the API's access rule allows; 401 for others."""

    def __init__(self, app, access: ApiAccess) -> None:
        self.app, self.access = app, access

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and not self.access.allows(Request(scope)):
            await send({"type": "http.response.start", "status": 401,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(UNAUTHORIZED)).encode()),
                                    (b"www-authenticate", b"Bearer")]})
            await send({"type": "http.response.body", "body": UNAUTHORIZED})
            return
        await self.app(scope, receive, send)


def mcp_route(get_index: Callable[[], object], max_chars: int, access: ApiAccess, host: str, run=None):
    """(the /mcp route, the lifespan that runs its session manager) for the app's FastAPI;
    ``run`` runs the tools' searches (the app's question pool)."""
    server = build_server(get_index, max_chars, run)
    # On an open loopback app the SDK checks Host/Origin itself (DNS rebinding);
    # elsewhere the credentials stand guard and the Host is whatever the proxy passes.
    security = None if access.open else TransportSecuritySettings(enable_dns_rebinding_protection=False)
    app = server.streamable_http_app(streamable_http_path=PATH, stateless_http=True, json_response=True,
                                     transport_security=security, host=host)
    return Route(PATH, endpoint=Guarded(app, access)), lambda _app: server.session_manager.run()
