#!/usr/bin/env python
"""Ask a running 讲话问答 app questions over its JSON API; print JSON lines like `qa ask --json`.

    python scripts/ask_api.py [--url URL] [-k K] [--speech N] [--file NAME] [--conversation]
                              ["question" …]   (or one question per line on stdin)

Each argument is one question (quote it); without arguments, every line of
stdin is one. --conversation reads stdin as conversations: each line is
asked with the earlier lines as its history, an empty line starts a new one.
Prints one JSON object per question, the same as `python -m qa ask --json`.

An app served beyond loopback wants a token: --token, or $QA_API_TOKEN (the
first of a comma-separated list). Only the standard library is used, so this
file can be copied to any machine with Python 3.9+.

Exit status: 0 when every question was answered, 1 when some were refused
(the reason goes to stderr), 2 when the app could not be reached.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request

MAX_HISTORY = 30  # earlier questions the API takes


class Unreachable(Exception):
    pass


def ask(url: str, body: dict, token: str | None, timeout: float) -> tuple[int, dict]:
    """(HTTP status, JSON reply) of one POST /api/ask."""
    request = urllib.request.Request(url.rstrip("/") + "/api/ask", data=json.dumps(body).encode("utf-8"),
                                     headers={"Content-Type": "application/json"}, method="POST")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.load(exc)
        except ValueError:
            return exc.code, {"error": exc.reason}
    except (urllib.error.URLError, OSError) as exc:
        raise Unreachable(f"no answer from {url}: {getattr(exc, 'reason', exc)}") from None


def decoded(raw: bytes) -> str:
    """A line of stdin: UTF-8, else GB18030 (a file saved on Windows), as `qa ask` reads it."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def questions(args) -> list[tuple[str, list[str]]]:
    """(question, history) pairs to ask, in order."""
    if args.question:
        return [(q, []) for q in args.question]
    lines = [decoded(line.rstrip(b"\r\n")) for line in sys.stdin.buffer]
    if not args.conversation:
        return [(line, []) for line in lines]
    out, history = [], []
    for line in lines:
        if not line.strip():
            history = []
            continue
        out.append((line, history[-MAX_HISTORY:]))
        history = history + [line]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("question", nargs="*", help="questions (default: one per line on stdin)")
    parser.add_argument("--url", default=os.environ.get("QA_URL", "http://127.0.0.1:7860"),
                        help="the app (default: $QA_URL or http://127.0.0.1:7860)")
    parser.add_argument("-k", type=int, default=5, help="passages per question (1–50, default 5)")
    parser.add_argument("--speech", type=int, default=None, help="only this speech (1-based)")
    parser.add_argument("--file", default=None, help="only this document")
    parser.add_argument("--conversation", action="store_true",
                        help="stdin lines are one conversation (an empty line starts a new one)")
    parser.add_argument("--token", default=None, help="API token (default: the first in $QA_API_TOKEN)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds for one question")
    args = parser.parse_args(argv)
    token = args.token or next((t.strip() for t in os.environ.get("QA_API_TOKEN", "").split(",") if t.strip()), None)

    failed = 0
    for question, history in questions(args):
        body = {"question": question, "k": args.k, "history": history}
        body.update({name: value for name, value in (("speech", args.speech), ("file", args.file))
                     if value is not None})
        try:
            status, reply = ask(args.url, body, token, args.timeout)
        except Unreachable as exc:
            print(f"ask_api: {exc}", file=sys.stderr)
            return 2
        if status == 200:
            print(json.dumps(reply, ensure_ascii=False), flush=True)
        else:
            failed += 1
            print(f"ask_api: {status}: {reply.get('error', reply)} (question: {question[:40]!r})", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
