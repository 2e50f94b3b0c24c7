"""The JSON HTTP API, served beside the page by the same app process:

    POST /api/ask          {"question", "k", "history", "speech", "file"} → one `qa ask --json` object
    GET  /api/outline      → `qa outline --json`
    GET  /api/health       → status, index build, passages, embedder
    GET  /api/openapi.json → the OpenAPI description of these routes (no docs page: it would load a CDN)

A question goes straight to the library on a small pool of worker threads
(no page rendering, no event stream); the service's question-vector cache
serves repeated questions. The routes are added to the FastAPI app that
page.launch() builds (see with_api), so the page's middleware (no file
serving, body limits) applies to them too. Access: qa/web/api_access.py.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import anyio
from fastapi import APIRouter, Request
from fastapi.openapi.utils import get_openapi
from starlette.responses import JSONResponse

from qa.errors import BadSetting, QAError, StoreError
from qa.settings import DEFAULT_MAX_BODY_BYTES
from qa.web.api_access import ApiAccess
from qa.web.api_schema import (ASK_EXAMPLE, AskRequest, BadRequest, error_response, error_responses, json_content,
                               parse_ask)
from qa.web.status import problem_text

log = logging.getLogger(__name__)

# Questions waiting for a worker beyond this are answered 503 at once.
QUEUE_SIZE = 256


def answer(index, request: AskRequest) -> dict:
    """One `qa ask --json` object, through the one path (qa.api.Index.ask;
    the CLI prints the same ``to_dict()``)."""
    return index.ask(request.question, k=request.k, speech=request.speech, history=request.history,
                     file=request.file, year=request.year, speaker=request.speaker).to_dict()


def outline(index) -> list[dict]:
    """`qa outline --json` of the index in use (parsed once when it loaded)."""
    return index.outline()


def health(index) -> dict:
    build = index.build
    m = build.manifest
    out = {"status": "ok", "build": build.folder.name, "built_at": m.get("built_at"),
           "documents": len(m.get("documents", {})), "speeches": len(build.speeches),
           "passages": len(build.passages), "embedder": m.get("embedder", {}).get("id")}
    if index.service.last_error:  # a rebuilt index failed to load: still serving this one
        out["notice"] = index.service.last_error
    health_ = getattr(build.store, "health", None)  # a Milvus store that failed and is reconnecting
    if health_ is not None and not health_.healthy:
        out.update(status="store unavailable", store=health_.status())
    return out


def workers(setting: int = 0) -> int:
    """Questions searched at once: one per core (the search is CPU work; more
    threads only queue inside); the QA_API_WORKERS setting changes it."""
    return max(1, setting or os.cpu_count() or 2)


class Busy(Exception):
    pass


class WorkerPool:
    """Runs blocking calls on at most ``size`` threads; refuses beyond ``queue`` waiting."""

    def __init__(self, size: int, queue: int = QUEUE_SIZE) -> None:
        self.size, self.queue = size, queue
        self.limiter: anyio.CapacityLimiter | None = None  # made in the event loop that uses it
        self.waiting = 0  # only touched from the event loop: no lock needed

    async def run(self, fn, *args):
        if self.limiter is None:
            self.limiter = anyio.CapacityLimiter(self.size)
        if self.waiting >= self.size + self.queue:
            raise Busy()
        self.waiting += 1
        try:
            return await anyio.to_thread.run_sync(fn, *args, limiter=self.limiter)
        finally:
            self.waiting -= 1


async def read_body(request: Request, limit: int = DEFAULT_MAX_BODY_BYTES) -> bytes:
    """The request body, or BadRequest(413) as soon as it passes ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BadRequest(413, f"the body is over {limit // 1024} KiB")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BadRequest(413, f"the body is over {limit // 1024} KiB")
    return bytes(body)


def api_router(index, access: ApiAccess, docs_dir: Path | None = None, pool: WorkerPool | None = None,
               max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> APIRouter:
    """The routes over ``index`` (a qa.api.Index); ``max_body_bytes`` is the QA_MAX_BODY_BYTES setting."""
    pool = pool or WorkerPool(workers())
    router = APIRouter(prefix="/api")

    def unauthorized() -> JSONResponse:
        return error_response(401, "this API needs Authorization: Bearer <token> (a token from $QA_API_TOKEN) "
                                   "or a logged-in page session", headers={"WWW-Authenticate": "Bearer"})

    async def run(fn, *args, pooled: bool = True) -> JSONResponse:
        """``fn(*args)`` on a worker thread as a JSON response; a bad argument
        is 422, an index, model or store problem 503 with the sentence the page shows."""
        try:
            if pooled:
                return JSONResponse(await pool.run(fn, *args))
            out = await anyio.to_thread.run_sync(fn, *args)
            if isinstance(out, dict) and out.get("status") == "store unavailable":
                return JSONResponse(out, status_code=503, headers={"Retry-After": str(out["store"]["retry_after"])})
            return JSONResponse(out)
        except StoreError as exc:  # Milvus down: it reconnects by itself (qa.indexing.stores.recovery)
            wait = str(getattr(exc, "retry_after", 5))
            return error_response(503, problem_text(index, exc, docs_dir), headers={"Retry-After": wait})
        except Busy:
            return error_response(503, "too many questions waiting; try again shortly", headers={"Retry-After": "1"})
        except BadSetting as exc:
            return error_response(422, str(exc))
        except QAError as exc:
            return error_response(503, problem_text(index, exc, docs_dir))
        except Exception as exc:  # never a traceback to the client; the log has it
            log.exception("API request failed")
            return error_response(500, f"internal error ({exc.__class__.__name__}); the server log has the details")

    @router.post("/ask", summary="Answer one question", response_description="one `qa ask --json` object",
                 responses={200: {"content": {"application/json": {"example": ASK_EXAMPLE}}},
                            **error_responses(400, 401, 413, 415, 422, 503)},
                 openapi_extra={"requestBody": {"required": True, "content": {
                     "application/json": {"schema": AskRequest.model_json_schema()}}}})
    async def ask(request: Request):
        if not access.allows(request):
            return unauthorized()
        if not json_content(request.headers.get("content-type")):
            return error_response(415, "send the question as Content-Type: application/json")
        try:
            question = parse_ask(await read_body(request, max_body_bytes))
        except BadRequest as exc:
            return exc.response()
        return await run(answer, index, question)

    @router.get("/outline", summary="The directive tree of every speech (`qa outline --json`)",
                responses=error_responses(401, 503))
    async def get_outline(request: Request):
        if not access.allows(request):
            return unauthorized()
        return await run(outline, index)

    @router.get("/health", summary="Index status: build, passages, embedder", responses=error_responses(401, 503))
    async def get_health(request: Request):
        if not access.allows(request):
            return unauthorized()
        # not behind the question pool: a busy server still says it is up
        return await run(health, index, pooled=False)

    schema: dict = {}

    @router.get("/openapi.json", include_in_schema=False)
    async def openapi():
        if not schema:
            schema.update(get_openapi(title="讲话问答 HTTP API", version="1",
                                      description="JSON over HTTP; the same objects as `qa ask --json` "
                                                  "and `qa outline --json`.",
                                      routes=[r for r in router.routes if getattr(r, "include_in_schema", False)]))
            schema.setdefault("components", {}).setdefault("schemas", {})["AskRequest"] = \
                AskRequest.model_json_schema()
        return JSONResponse(schema)

    return router


def with_api(launch_kwargs: dict, router: APIRouter) -> dict:
    """``launch_kwargs`` with the API's routes in the app page.launch() builds:
    they come before Gradio's own, in the same app and middleware."""
    app_kwargs = dict(launch_kwargs.get("app_kwargs") or {})
    app_kwargs["routes"] = list(app_kwargs.get("routes") or []) + list(router.routes)
    return {**launch_kwargs, "app_kwargs": app_kwargs}
