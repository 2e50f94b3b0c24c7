"""What the JSON API accepts, what it answers, and its errors as JSON.

The request is checked here, before any search: a wrong type or value gets
a 4xx body naming the field (``{"error": "k: …", "details": [{"field", "message"}]}``),
never a traceback.
"""
from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import JSONResponse

from qa.search.request import MAX_HISTORY, MAX_K



class AskRequest(BaseModel):
    """POST /api/ask: the options of `qa ask --json`."""

    model_config = ConfigDict(extra="forbid", strict=True)

    question: str = Field(description="the question (cut at 2,000 characters; the search reads the first 500)")
    k: int = Field(5, ge=1, le=MAX_K, description="number of passages")
    history: list[str] = Field(default_factory=list, max_length=MAX_HISTORY,
                               description="earlier questions of the conversation, oldest first; "
                                           "a follow-up (那学校呢？) takes its topic from them")
    speech: int | None = Field(None, ge=1, description="only this speech (1-based ordinal)")
    file: str | None = Field(None, min_length=1, description="only this document (file name as cited)")
    year: int | None = Field(None, ge=1900, le=2100, description="only documents of this year")
    speaker: str | None = Field(None, min_length=1, max_length=40, description="only documents by this speaker or office")


class ErrorBody(BaseModel):
    error: str
    details: list[dict] = []


class BadRequest(Exception):
    """A request the API refuses, with its HTTP status and a sentence."""

    def __init__(self, status: int, message: str, details: list[dict] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.details = status, message, details or []

    def response(self) -> JSONResponse:
        return error_response(self.status, self.message, self.details)


def error_response(status: int, message: str, details: list[dict] | None = None,
                   headers: dict | None = None) -> JSONResponse:
    body = {"error": message}
    if details:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


def parse_ask(body: bytes) -> AskRequest:
    """The request in ``body``, or BadRequest: 400 for what is not a JSON
    object, 422 for fields of the wrong type or out of range."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise BadRequest(400, f"the body is not valid JSON: {str(exc)[:200]}") from None
    if _has_lone_surrogate(data):  # "\ud800" parses, but is no text: it could not even be answered
        raise BadRequest(400, "the body is not valid JSON text: a string holds a lone surrogate (\\ud800–\\udfff)")
    if not isinstance(data, dict):
        raise BadRequest(400, f'the body must be a JSON object such as {{"question": "…"}}, '
                              f"not {type(data).__name__ if data is not None else 'null'}")
    try:
        return AskRequest.model_validate(data)
    except ValidationError as exc:
        details = [{"field": ".".join(str(p) for p in e["loc"]) or "body", "message": _message(e)}
                   for e in exc.errors(include_url=False)]
        raise BadRequest(422, "; ".join(f"{d['field']}: {d['message']}" for d in details), details) from None


def _has_lone_surrogate(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def json_content(content_type: str | None) -> bool:
    """Whether a Content-Type names JSON (application/json, with or without a charset).

    Anything else is refused with 415: a form on another site can post
    text/plain or form bodies without asking first, never application/json."""
    kind = (content_type or "").split(";")[0].strip().lower()
    return kind == "application/json"


def _message(error: dict) -> str:
    text = error["msg"]
    if error["type"] != "missing" and "input" in error:
        shown = json.dumps(error["input"], ensure_ascii=False, default=str)
        text += f" (got {shown[:60]}{'…' if len(shown) > 60 else ''})"
    return text


ASK_EXAMPLE = {
    "query": "打了针能防住病毒吗？", "answerable": True,
    "results": [{"rank": 1, "score": 0.83, "text": "…",
                 "citation": {"file": "covid-prevention-speeches.txt", "speech": 1, "title": "…",
                              "path": ["第五，要加快疫苗接种进度"], "label": "第五", "paragraph": 12,
                              "also": []}}]}


def error_responses(*codes: int) -> dict:
    """OpenAPI descriptions of the error statuses a route can answer."""
    what = {400: "the body is not a JSON object", 401: "credentials needed (Bearer token or page login)",
            413: "body over the QA_MAX_BODY_BYTES limit", 415: "the body is not Content-Type: application/json",
            422: "a field has the wrong type or value",
            503: "no usable index, or too many questions waiting"}
    return {code: {"description": what[code], "model": ErrorBody} for code in codes}
