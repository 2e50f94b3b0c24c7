"""讲话问答 — the browser chat page.

    python app.py [--host H] [--port P] [--index DIR] [--docs DIR] [--no-auth]

Serves on 127.0.0.1:7860 unless told otherwise ($QA_HOST, $QA_PORT,
$QA_INDEX, $QA_DOCS). With $QA_USER and $QA_PASSWORD set, the page asks for
that login. Another address than loopback (--host 0.0.0.0) needs them, or
--no-auth to serve it open on purpose. The page itself lives in
qa/web/page.py and qa/web/chat.py; the JSON API beside it (/api/ask …) in
qa/web/api.py, with tokens from $QA_API_TOKEN (qa/web/api_access.py);
MCP at /mcp and Dify's POST /retrieval beside it (qa/web/integrations.py).
Exit codes: 0 stopped; 2 a bad setting or a refused address (one line on
stderr, naming the variable or flag).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from qa.api import index_for  # noqa: E402
from qa.errors import QAError  # noqa: E402
from qa.web.api import WorkerPool, api_router, with_api, workers  # noqa: E402
from qa.web.integrations import integration_routes, with_integrations  # noqa: E402
from qa.web.api_access import api_access  # noqa: E402
from qa.settings import Settings  # noqa: E402
from qa.web.page import build_page, launch_kwargs, login_for, warm_up  # noqa: E402
from qa.web.server import ServerOptions, launch, limit_logs  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The flags as given (None when not given: the settings fill them in)."""
    parser = argparse.ArgumentParser(description="讲话问答：浏览器问答页面",
                                     epilog="exit codes: 0 stopped, 2 a bad setting or refused address "
                                            "(one line on stderr)")
    parser.add_argument("--host", default=None, help="address to listen on (default: $QA_HOST or 127.0.0.1)")
    parser.add_argument("--port", default=None, help="port (default: $QA_PORT or 7860)")
    parser.add_argument("--index", type=Path, default=None, help="index folder (default: $QA_INDEX or ./index)")
    parser.add_argument("--docs", type=Path, default=None,
                        help="documents folder the index should match (default: $QA_DOCS or data/speeches)")
    parser.add_argument("--no-auth", action="store_true",
                        help="serve a non-loopback --host without a login (a login from $QA_USER/$QA_PASSWORD "
                             "still applies when they are set)")
    return parser.parse_args(argv)


def load_settings(args: argparse.Namespace) -> Settings:
    """Flags over the environment over the defaults, every value checked (raises BadSetting)."""
    return Settings.load(host=args.host, port=args.port, index=args.index, docs=args.docs)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parse_args(argv)
    try:
        chosen = load_settings(args)
        auth = login_for(chosen.host, args.no_auth, settings_=chosen)
        access = api_access(chosen.host, auth, chosen)
    except QAError as exc:
        print(f"app.py: {exc}", file=sys.stderr)
        return 2
    index = index_for(chosen)  # the one path every question of the page, the API and the integrations takes
    warm_up(index)
    page = build_page(index, chosen.docs, concurrency=chosen.concurrency, logout=auth is not None)
    pool = WorkerPool(workers(chosen.api_workers))  # /api/ask and /retrieval share the question workers
    api = api_router(index, access, chosen.docs, pool=pool, max_body_bytes=chosen.max_body_bytes)
    kwargs = with_integrations(with_api(launch_kwargs(auth, chosen), api),
                               *integration_routes(index, access, chosen, pool))
    limit_logs()  # serving from here on: a flood of one message cannot fill the disk (qa/web/server.py)
    launch(page, ServerOptions.from_settings(chosen), server_port=chosen.port, **kwargs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
