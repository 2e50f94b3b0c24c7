#!/usr/bin/env python
"""Time from opening the chat page to the first answer shown, in Chromium;
with --archive, page ready and 目录 search time on a large generated archive.

    python scripts/bench_ui.py [--index DIR] [--runs N] [--question Q]
    python scripts/bench_ui.py --archive [--runs N]

Starts the app in-process on the index (the bundled corpus is built into a
temporary folder when the index folder has none), waits until the index is
loaded and warm, then for each run opens the page in a fresh browser context
(empty cache), asks the question and waits for the reply. Prints the median.

--archive writes ARCHIVE_FILES × ARCHIVE_PER_FILE speeches (write_archive),
indexes them with a hash embedder (the 目录 does not use vectors), and for
each run times the page until ready, then a search over every directive
heading until its one match is listed, then opening that match in the reader.
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

from qa.settings import Settings  # noqa: E402
from qa.indexing import build_folder as store  # noqa: E402
from qa.errors import IndexProblem  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


# -- a large archive for the 目录 ---------------------------------------------------

ARCHIVE_FILES, ARCHIVE_PER_FILE = 100, 5
TOPICS = ["疫情防控", "防汛救灾", "安全生产", "森林防火", "学校开学", "疫苗接种", "物资保障", "值班值守",
          "宣传引导", "督查考核", "冷链物流", "社区管理"]
ACTIONS = ["压实工作责任", "强化监测预警", "加强督促指导", "完善应急预案", "细化防控措施", "做好服务保障"]
NUMERALS = "〇一二三四五六七八九十"  # the archive counts to five at most
# One heading stands once in the whole archive: the search must find it among ~6,000.
NEEDLE_FILE, NEEDLE_SPEECH = 73, 4
NEEDLE = "严把进口冷链食品第七十三道关口"


def archive_speech(f: int, s: int) -> list[str]:
    """The lines of speech ``s`` of file ``f``: three points, each with two sub-points."""
    topic = TOPICS[(f + s) % len(TOPICS)]
    lines = [f"第{NUMERALS[s]}篇：在第{f}次{topic}工作会议上的讲话（{s}）", "同志们：",
             f"今天召开第{f}次会议，研究部署{topic}工作。下面，我讲三点意见。"]
    for n in range(1, 4):
        subject = TOPICS[(f * 7 + s * 3 + n) % len(TOPICS)]
        lines.append(f"{NUMERALS[n]}、{ACTIONS[(f + s + n) % len(ACTIONS)]}，抓好{subject}。"
                     f"各地各部门要把{subject}摆在突出位置，第{f}号文件第{s}篇第{n}条的要求要逐项落实。")
        for j in range(1, 3):
            heading = NEEDLE if (f, s, n, j) == (NEEDLE_FILE, NEEDLE_SPEECH, 2, 1) else \
                f"{ACTIONS[(f + n + j) % len(ACTIONS)]}，做好{TOPICS[(s + n + j) % len(TOPICS)]}"
            lines.append(f"（{NUMERALS[j]}）{heading}。要明确任务分工，建立工作台账，确保第{n}项第{j}款落到实处。")
    lines.append("同志们，我就讲这些。")
    return lines


def write_archive(folder: Path, files: int = ARCHIVE_FILES, per_file: int = ARCHIVE_PER_FILE) -> Path:
    """``files`` compilations of ``per_file`` speeches each (archive-001.txt …)."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(1, files + 1):
        lines = [line for s in range(1, per_file + 1) for line in archive_speech(f, s)]
        (folder / f"archive-{f:03d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def index_folder(requested: Path | None, scratch: Path) -> Path:
    folder = Path(requested or Settings.load().index)
    try:
        store.current_build(folder)
        return folder
    except IndexProblem:
        from qa.indexing.build import build_index
        from qa.indexing.embedding import load_embedder

        folder = scratch / "index"
        print(f"no index in {requested or Settings.load().index}; building the bundled corpus into {folder} …")
        build_index(ROOT / "data" / "speeches", folder, load_embedder())
        return folder


def first_answer(page, url: str, question: str) -> tuple[float, float]:
    """Seconds until the page is ready, then until the answer is shown."""
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("#status .status", timeout=60_000)
    t1 = time.perf_counter()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_selector("#turn-1 .a", timeout=60_000)
    return t1 - t0, time.perf_counter() - t1


def outline_search(page, url: str, needle: str = NEEDLE) -> tuple[float, float, float]:
    """Seconds until the page is ready, then until a 目录 search lists its match,
    then until the reader shows it."""
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("#status .status", timeout=60_000)
    t1 = time.perf_counter()
    page.get_by_role("tab", name="目录").click()
    page.locator("#outline input.find").fill(needle)
    match = page.locator("#outline .results button.dir", has_text=needle)
    match.wait_for(timeout=60_000)
    t2 = time.perf_counter()
    match.click()
    page.locator("#outline .reader .in-target", has_text=needle).wait_for(timeout=60_000)
    return t1 - t0, t2 - t1, time.perf_counter() - t2


def archive_service(scratch: Path):
    """A QAService on a freshly written and indexed archive (hash vectors: the 目录 needs none)."""
    from qa.indexing.build import build_index
    from qa.testing import HashEmbedder, serving

    embedder = HashEmbedder("bench:fake-bigrams")
    docs = write_archive(scratch / "docs")
    started = time.perf_counter()
    build_index(docs, scratch / "index", embedder)
    print(f"archive of {ARCHIVE_FILES * ARCHIVE_PER_FILE} speeches in {ARCHIVE_FILES} files "
          f"indexed in {time.perf_counter() - started:.1f} s")
    return serving(scratch / "index", embedder=embedder), docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--question", default="打了针能防住病毒吗？")
    parser.add_argument("--archive", action="store_true",
                        help=f"time the 目录 search on {ARCHIVE_FILES * ARCHIVE_PER_FILE} generated speeches instead")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from qa.testing import serving
    from qa.web.page import build_page, launch_kwargs, warm_up

    with tempfile.TemporaryDirectory() as scratch:
        if args.archive:
            service, docs = archive_service(Path(scratch))
        else:
            service, docs = serving(index_folder(args.index, Path(scratch))), Settings.load().docs
        started = time.perf_counter()
        warm_up(service)
        print(f"index loaded and warm in {time.perf_counter() - started:.2f} s")
        app = build_page(service, docs)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **launch_kwargs())
        url = f"http://127.0.0.1:{port}/"
        rows = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for run in range(args.runs):
                    context = browser.new_context(viewport={"width": 1280, "height": 1000})
                    page = context.new_page()
                    if args.archive:
                        rows.append(outline_search(page, url))
                        print(f"run {run + 1}: page ready {rows[-1][0]:.2f} s, search listed {rows[-1][1]:.2f} s, "
                              f"reader shown {rows[-1][2]:.2f} s")
                    else:
                        rows.append(first_answer(page, url, args.question))
                        print(f"run {run + 1}: page ready {rows[-1][0]:.2f} s, answer {rows[-1][1]:.2f} s, "
                              f"total {sum(rows[-1]):.2f} s")
                    context.close()
                browser.close()
        finally:
            app.close()
    median = [statistics.median(col) for col in zip(*rows)]
    if args.archive:
        print(f"median of {args.runs} ({ARCHIVE_FILES * ARCHIVE_PER_FILE} speeches): page ready {median[0]:.2f} s, "
              f"目录 search listed its match {median[1]:.2f} s, reader shown {median[2]:.2f} s")
    else:
        print(f"median of {args.runs}: page load → first answer shown {statistics.median(map(sum, rows)):.2f} s "
              f"(page ready {median[0]:.2f} s + answer {median[1]:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
