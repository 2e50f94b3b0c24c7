"""Request bodies are refused above a size before anything reads them.

Gradio reads a whole body before it checks the login (a 300 MB POST to
/gradio_api/queue/join grew the server by 845 MiB, only to answer 401).
This ASGI middleware stands in front of every route, with or without a
login: a Content-Length above the limit gets 413 at once, unread; a body
without one (chunked) is counted while it arrives and refused as soon as it
passes the limit, so at most the limit is ever held. (Gradio's CORS and
compression wrappers sit outside it; neither reads a body.)

A question is at most a few thousand characters, and the page's largest
request (a pasted document of 20,000 characters, JSON-escaped) is ~120 KB,
so the default leaves room and still keeps a flood of bodies small.
"""
from __future__ import annotations

import json

from qa.settings import DEFAULT_MAX_BODY_BYTES



async def respond(send, status: int, text: str, headers: list[tuple[bytes, bytes]] = (),
                  content_type: bytes = b"text/plain; charset=utf-8") -> None:
    """A short answer; the connection closes (a refused body is not drained)."""
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *headers]})
    await send({"type": "http.response.body", "body": body})


async def refuse(send, status: int, message: str) -> None:
    """A refusal as JSON ({"error": …}), as the JSON API words its own errors;
    a browser shows it as readable text too."""
    await respond(send, status, json.dumps({"error": message.strip()}, ensure_ascii=False) + "\n",
                  content_type=b"application/json")


class BodyLimit:
    """ASGI middleware: 413 for a request body over ``limit`` bytes."""

    def __init__(self, app, limit: int | None = None) -> None:
        self.app = app
        self.limit = DEFAULT_MAX_BODY_BYTES if limit is None else limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _content_length(scope)
        if length == -1:
            await refuse(send, 400, "Bad Content-Length header.")
            return
        if length is not None and length > self.limit:
            await refuse(send, 413, self._too_large())
            return
        if length is not None or not _has_body(scope):
            await self.app(scope, _capped(receive, self.limit), send)
            return
        # No length given (chunked): read it here, up to the limit, then hand it on.
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await refuse(send, 413, self._too_large())
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        await self.app(scope, replay(b"".join(chunks), receive), send)

    def _too_large(self) -> str:
        return f"Request body too large: at most {self.limit / 1024:g} KiB ({self.limit} bytes) are accepted."


def _content_length(scope) -> int | None:
    """The declared length; None when there is none, -1 when it is not a number."""
    values = [v for k, v in scope.get("headers", []) if k.lower() == b"content-length"]
    if not values:
        return None
    try:
        lengths = {int(v.strip()) for v in values}
    except ValueError:
        return -1
    if len(lengths) != 1 or min(lengths) < 0:
        return -1
    return lengths.pop()


def _has_body(scope) -> bool:
    return any(k.lower() == b"transfer-encoding" for k, _ in scope.get("headers", []))


def _capped(receive, limit: int):
    """The server enforces Content-Length; this guards the count anyway."""
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise ValueError(f"request body passed {limit} bytes")
        return message

    return wrapped


def replay(body: bytes, receive=None):
    """A receive() that gives ``body`` once, then defers to ``receive`` (a disconnect without one)."""
    sent = False

    async def wrapped():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if receive is None:
            return {"type": "http.disconnect"}
        return await receive()  # later calls wait for the disconnect, as the server's would

    return wrapped
