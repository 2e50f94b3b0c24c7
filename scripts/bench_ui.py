#!/usr/bin/env python
"""Time from opening the chat page to the first answer shown, in Chromium.

    python scripts/bench_ui.py [--index DIR] [--runs N] [--question Q]

Starts the app in-process on the index (the bundled corpus is built into a
temporary folder when the index folder has none), waits until the index is
loaded and warm, then for each run opens the page in a fresh browser context
(empty cache), asks the question and waits for the reply. Prints the median.
Needs Debian's Chromium (`make browser`).
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa import config  # noqa: E402
from qa.indexing import store  # noqa: E402
from qa.errors import IndexProblem  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def index_folder(requested: Path | None, scratch: Path) -> Path:
    folder = Path(requested or config.index_dir())
    try:
        store.current_build(folder)
        return folder
    except IndexProblem:
        from qa.indexing.build import build_index
        from qa.indexing.embedding import load_embedder

        folder = scratch / "index"
        print(f"no index in {requested or config.index_dir()}; building the bundled corpus into {folder} …")
        build_index(ROOT / "data" / "speeches", folder, load_embedder())
        return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--question", default="打了针能防住病毒吗？")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from qa.web.page import build_page, launch_kwargs, warm_up
    from qa.service import QAService

    with tempfile.TemporaryDirectory() as scratch:
        service = QAService(index_folder(args.index, Path(scratch)))
        started = time.perf_counter()
        warm_up(service)
        print(f"index loaded and warm in {time.perf_counter() - started:.2f} s")
        app = build_page(service, config.docs_dir())
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **launch_kwargs())
        url = f"http://127.0.0.1:{port}/"
        loads, answers, totals = [], [], []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for run in range(args.runs):
                    context = browser.new_context(viewport={"width": 1280, "height": 1000})
                    page = context.new_page()
                    t0 = time.perf_counter()
                    page.goto(url)
                    page.wait_for_selector("#status .status", timeout=60_000)
                    t1 = time.perf_counter()
                    box = page.locator("#question textarea")
                    box.fill(args.question)
                    box.press("Enter")
                    page.wait_for_selector("#turn-1 .a", timeout=60_000)
                    t2 = time.perf_counter()
                    context.close()
                    loads.append(t1 - t0)
                    answers.append(t2 - t1)
                    totals.append(t2 - t0)
                    print(f"run {run + 1}: page ready {t1 - t0:.2f} s, answer {t2 - t1:.2f} s, total {t2 - t0:.2f} s")
                browser.close()
        finally:
            app.close()
    print(f"median of {args.runs}: page load → first answer shown {statistics.median(totals):.2f} s "
          f"(page ready {statistics.median(loads):.2f} s + answer {statistics.median(answers):.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
