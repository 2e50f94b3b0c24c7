"""Dify's external knowledge API: ``POST /retrieval`` (and ``{QA_DIFY_PREFIX}/retrieval``).

Request (Dify's documented body)::

    {"knowledge_id": "default", "query": "…",
     "retrieval_setting": {"top_k": 5, "score_threshold": 0.5},
     "metadata_condition": {"logical_operator": "and",
                            "conditions": [{"name": "file", "comparison_operator": "is", "value": "x.txt"}]}}

Reply: ``{"records": [{"content", "score" (0–1), "title", "metadata": {…}}]}``,
best first; no records when the documents do not answer the query. The score
is qa.integrations.answers.relevance: a threshold of 0.5 keeps the passages
the answer quotes. ``knowledge_id`` names an index: ``default`` is the app's
own, others come from $QA_KNOWLEDGE (``id=folder,…``).

Errors are ``{"error_code", "error_msg"}`` with Dify's suggested codes: 403
with 1001 (no ``Authorization: Bearer <key>`` header) or 1002 (a key that is
not one of $QA_API_TOKEN); 404 with 2001 (unknown knowledge id); and our own:
400 with 3001 (a body Dify's API does not describe) or 3002 (a metadata
condition this tool cannot apply), 503 with 5001 (no usable index, or too
busy). The key is checked whenever $QA_API_TOKEN is set, in constant time,
and is required wherever /api/* requires credentials.
"""
from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from qa.errors import BadSetting, EmbedderFailed, IndexProblem, QAError
from qa.integrations import answers
from qa.web.api import Busy, WorkerPool, read_body
from qa.web.api_access import ApiAccess, page_user
from qa.web.api_schema import BadRequest

log = logging.getLogger(__name__)

DEFAULT_ID = "default"
MAX_TOP_K = 50
EQUALS = {"is", "=", "in"}
FIELDS = {"file": "file", "document": "file", "文件": "file", "speech": "speech", "讲话": "speech",
          "year": "year", "年份": "year", "speaker": "speaker", "讲话人": "speaker"}


class DifyError(Exception):
    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> JSONResponse:
        return JSONResponse({"error_code": self.code, "error_msg": self.message}, status_code=self.status)


class Knowledge:
    """knowledge_id → a qa.Index: ``default`` the app's own, the others opened on first use."""

    def __init__(self, default: object, others: dict[str, Path], opener: Callable[[Path], object]) -> None:
        self.folders = dict(others)
        self.opener = opener
        self.opened: dict[str, object] = {DEFAULT_ID: default}
        self.lock = threading.Lock()

    def ids(self) -> list[str]:
        return [DEFAULT_ID, *self.folders]

    def get(self, knowledge_id: str):
        """The index, or DifyError 404/2001; raises the library's error when it cannot be opened."""
        if knowledge_id not in self.opened and knowledge_id not in self.folders:
            raise DifyError(404, 2001, f"The knowledge does not exist: {knowledge_id!r} "
                                       f"(knowledge ids here: {', '.join(self.ids())})")
        with self.lock:
            if knowledge_id not in self.opened:
                self.opened[knowledge_id] = self.opener(self.folders[knowledge_id])
            return self.opened[knowledge_id]


@dataclass(frozen=True)
class Query:
    knowledge_id: str
    query: str
    top_k: int
    score_threshold: float
    conditions: list[dict]
    logical_operator: str


def check_key(request: Request, access: ApiAccess) -> None:
    """Raises DifyError 403 unless this request may retrieve (see the module's docstring)."""
    if access.open and not access.tokens:
        return
    header = request.headers.get("authorization")
    scheme, _, key = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        if page_user(request) is not None:
            return
        raise DifyError(403, 1001, "Invalid Authorization header format. Expected 'Bearer <api-key>' format.")
    if not access.token_ok(key.strip()):
        raise DifyError(403, 1002, "Authorization failed. Please check your API key"
                                   + ("" if access.tokens else " (no key is configured here: set QA_API_TOKEN)") + ".")


def parse(body: bytes) -> Query:
    """The request in ``body``, or DifyError 400/3001 naming what is wrong."""
    def bad(message: str) -> DifyError:
        return DifyError(400, 3001, message)

    try:
        data = json.loads(body or b"null")
    except (ValueError, RecursionError):
        raise bad("the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise bad('the body must be a JSON object: {"knowledge_id", "query", "retrieval_setting": '
                  '{"top_k", "score_threshold"}}')
    knowledge_id, query, setting = data.get("knowledge_id"), data.get("query"), data.get("retrieval_setting")
    if not isinstance(knowledge_id, str) or not knowledge_id.strip():
        raise bad("knowledge_id: expected a string such as \"default\"")
    if not isinstance(query, str):
        raise bad("query: expected a string")
    if not isinstance(setting, dict):
        raise bad("retrieval_setting: expected an object with top_k and score_threshold")
    top_k, threshold = setting.get("top_k"), setting.get("score_threshold", 0.0)
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= MAX_TOP_K:
        raise bad(f"retrieval_setting.top_k: expected an integer 1–{MAX_TOP_K}, got {json.dumps(top_k)}")
    threshold = 0.0 if threshold is None else threshold
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
        raise bad(f"retrieval_setting.score_threshold: expected a number 0–1, got {json.dumps(threshold)}")
    condition = data.get("metadata_condition") or {}
    if not isinstance(condition, dict):
        raise bad("metadata_condition: expected an object with conditions")
    conditions = condition.get("conditions") or []
    operator = str(condition.get("logical_operator") or "and").lower()
    if not isinstance(conditions, list) or not all(isinstance(c, dict) for c in conditions):
        raise bad("metadata_condition.conditions: expected a list of objects")
    if operator not in ("and", "or"):
        raise bad(f"metadata_condition.logical_operator: expected and or or, got {json.dumps(operator)}")
    return Query(knowledge_id.strip(), query, top_k, float(threshold), conditions, operator)


def filters(conditions: list[dict], operator: str, index) -> dict:
    """Dify's metadata conditions as ``index.ask`` filters, or DifyError 400/3002 saying what cannot be applied."""
    supported = answers.filters(index)
    offered = ", ".join(n for n in ("file", "speech", "year", "speaker") if n in supported)

    def refuse(message: str) -> DifyError:
        return DifyError(400, 3002, f"metadata_condition: {message} (this index filters by {offered}, "
                                    f"with is / = / in one value, joined by and)")

    if operator == "or" and len(conditions) > 1:
        raise refuse("conditions joined by or cannot be applied")
    chosen: dict = {}
    for c in conditions:
        name = c.get("name")
        if isinstance(name, list) and len(name) == 1:  # the older documentation: "name": ["file"]
            name = name[0]
        field = FIELDS.get(name) if isinstance(name, str) else None
        if field is None or field not in supported:
            raise refuse(f"cannot filter by {json.dumps(name, ensure_ascii=False)}")
        op, value = str(c.get("comparison_operator") or ""), c.get("value")
        if op not in EQUALS:
            raise refuse(f"the operator {json.dumps(op, ensure_ascii=False)} cannot be applied to {field}")
        if isinstance(value, list):
            if len(value) != 1:
                raise refuse(f"{field} can be one value, not {len(value)}")
            value = value[0]
        if field in chosen:
            raise refuse(f"{field} is named twice")
        if field in ("speech", "year"):
            try:
                value = int(str(value).strip())
            except ValueError:
                raise refuse(f"{field} must be a number, got {json.dumps(value, ensure_ascii=False)}") from None
        elif not isinstance(value, str) or not value.strip():
            raise refuse(f"{field} must be a text value")
        chosen[field] = value
    if "file" in chosen:
        try:
            chosen["file"] = answers.resolve_file(index, chosen["file"])
        except BadSetting as exc:
            raise refuse(str(exc)) from None
    return chosen


def records(result: dict, top_k: int, threshold: float, knowledge_id: str) -> list[dict]:
    """Dify's records from one `qa ask --json` object: none when it is not answered; best first."""
    if not result.get("answerable"):
        return []
    out = []
    for s in answers.sources(result)[:top_k]:
        if s["score"] < threshold:
            continue
        metadata = {"file": s["file"], "speech": s["speech"], "title": s["title"],
                    "directive": " › ".join(s["path"]), "label": s["label"], "paragraph": s["paragraph"],
                    "rank": s["n"], "knowledge_id": knowledge_id,
                    "citation": answers.place(s)}
        for key in ("speaker", "date"):
            if s.get(key):
                metadata[key] = s[key]
        if s["also"]:
            metadata["also"] = "；".join(answers.place(o) for o in s["also"])
        out.append({"content": s["quote"], "score": s["score"], "title": f"{s['title']}（{s['file']}）",
                    "metadata": metadata})
    return sorted(out, key=lambda r: -r["score"])


def retrieve(index, query: Query) -> dict:
    """The reply body for ``query`` on ``index`` (runs the search: call it on a worker thread)."""
    chosen = filters(query.conditions, query.logical_operator, index)
    result = index.ask(query.query, k=query.top_k, **chosen).to_dict()
    return {"records": records(result, query.top_k, query.score_threshold, query.knowledge_id)}


def dify_routes(knowledge: Knowledge, access: ApiAccess, pool: WorkerPool, prefix: str = "") -> list[Route]:
    """POST /retrieval, and {prefix}/retrieval when a prefix is set."""
    async def retrieval(request: Request) -> JSONResponse:
        try:
            check_key(request, access)
            try:
                query = parse(await read_body(request))
            except BadRequest as exc:  # a body over the limit
                raise DifyError(exc.status, 3001, exc.message) from None
            # on a worker: the first question to another knowledge base opens its index
            return JSONResponse(await pool.run(lambda: retrieve(knowledge.get(query.knowledge_id), query)))
        except DifyError as exc:
            return exc.response()
        except Busy:
            return JSONResponse({"error_code": 5001, "error_msg": "too many questions waiting; try again shortly"},
                                status_code=503, headers={"Retry-After": "1"})
        except (IndexProblem, EmbedderFailed) as exc:
            return JSONResponse({"error_code": 5001, "error_msg": str(exc)}, status_code=503)
        except QAError as exc:  # a value the library refuses: the request's fault
            return JSONResponse({"error_code": 3001, "error_msg": str(exc)}, status_code=400)
        except Exception as exc:  # never a traceback to the client; the log has it
            log.exception("retrieval failed")
            return JSONResponse({"error_code": 5000, "error_msg": f"internal error ({exc.__class__.__name__}); "
                                                                  "the server log has the details"}, status_code=500)

    paths = ["/retrieval"] + ([f"{prefix}/retrieval"] if prefix else [])
    return [Route(path, retrieval, methods=["POST"]) for path in paths]
