"""Every JSON body is checked once, before any route: a malformed one gets a
JSON 400, never a plain-text 500.

A JSON string may escape a lone surrogate ("\\ud800"): it parses, but is no
text, and a route that echoes it in a 422 (FastAPI lists the bad input) or
answers a question about it failed to encode its answer: a plain-text 500
and a traceback in the log. This ASGI middleware reads a JSON body (the body
limit in front of it keeps it small), refuses one that does not parse or
holds a lone surrogate with a JSON 400, and hands the rest on unchanged.
"""
from __future__ import annotations

import json

from qa.web.api_schema import _has_lone_surrogate, json_content
from qa.web.limits import refuse, replay

WRITES = {"POST", "PUT", "PATCH"}


def _content_type(scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == b"content-type":
            return value.decode("latin-1")
    return None


class JsonBodies:
    """ASGI middleware: a JSON 400 for a JSON body that is malformed or holds a lone surrogate."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") not in WRITES or not json_content(_content_type(scope)):
            await self.app(scope, receive, send)
            return
        chunks, more = [], True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body.strip():
            try:
                data = json.loads(body)
            except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
                await refuse(send, 400, f"the body is not valid JSON: {str(exc)[:200]}")
                return
            if _has_lone_surrogate(data):
                await refuse(send, 400, "the body is not valid JSON text: a string holds a lone surrogate "
                                        "(\\ud800–\\udfff)")
                return
        await self.app(scope, replay(body, receive), send)
