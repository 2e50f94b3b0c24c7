"""讲话问答 — the browser chat page.

    python app.py [--host H] [--port P] [--index DIR] [--docs DIR] [--no-auth]

Serves on 127.0.0.1:7860 unless told otherwise ($QA_HOST, $QA_PORT,
$QA_INDEX, $QA_DOCS). With $QA_USER and $QA_PASSWORD set, the page asks for
that login. Another address than loopback (--host 0.0.0.0) needs them, or
--no-auth to serve it open on purpose. The page itself lives in qa/page.py
and qa/chat.py.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from qa import config  # noqa: E402
from qa.web.page import AccessError, build_page, launch_kwargs, login_for, warm_up  # noqa: E402
from qa.service import QAService  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="讲话问答：浏览器问答页面")
    parser.add_argument("--host", default=config.host(), help="address to listen on (default: $QA_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, default=config.port(), help="port (default: $QA_PORT or 7860)")
    parser.add_argument("--index", type=Path, default=config.index_dir(), help="index folder (default: $QA_INDEX or ./index)")
    parser.add_argument("--docs", type=Path, default=config.docs_dir(),
                        help="documents folder the index should match (default: $QA_DOCS or data/speeches)")
    parser.add_argument("--no-auth", action="store_true",
                        help="serve a non-loopback --host without a login (a login from $QA_USER/$QA_PASSWORD "
                             "still applies when they are set)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parse_args(argv)
    try:
        auth = login_for(args.host, args.no_auth)
        settings = launch_kwargs(auth)  # limits and throttling from the environment, checked now
    except (AccessError, config.SettingError) as exc:
        print(f"app.py: {exc}", file=sys.stderr)
        return 2
    service = QAService(args.index)
    warm_up(service)
    page = build_page(service, args.docs)
    page.launch(server_name=args.host, server_port=args.port, **settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
