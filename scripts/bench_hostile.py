#!/usr/bin/env python
"""Hostile documents benchmark: time and peak memory of a real build.

Builds an index (scripts/build_index.py, bundled model, a fresh process) of
the bundled corpus plus files made to hurt a build: a .docx that unpacks to
50 MB of XML, a PDF whose page list names one page 31,000 times, a 200 MB
text file, a name that is not valid UTF-8 and a link to /etc/passwd. Prints
the build's wall time, its peak resident memory, and what it said about each
file; then the same for reading each hostile file alone.

    python scripts/bench_hostile.py
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_files import docx_bomb, huge_text, pdf_repeating_one_page  # noqa: E402

READ_ONE = """
import resource, sys, time
from pathlib import Path
from qa.ingest.corpus import scan_documents
started = time.perf_counter()
corpus = scan_documents(Path(sys.argv[1]))
outcome = "; ".join([f"skipped: {s.reason}" for s in corpus.skipped] + corpus.notes
                    + [f"{sum(len(s.text) for s in corpus.speeches):,} characters read"])
print(f"{time.perf_counter() - started:.2f}|{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}|{outcome}")
"""


def peak_of_children_mb() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="qa-hostile-") as tmp:
        docs = Path(tmp) / "docs"
        shutil.copytree(ROOT / "data" / "speeches", docs)
        docx_bomb(docs / "bomb.docx")
        pdf_repeating_one_page(docs / "pages.pdf")
        huge_text(docs / "huge.txt")
        with open(os.fsencode(str(docs)) + b"/bad\xff\xfename.txt", "wb") as f:
            f.write("关于安全生产的讲话\n第一，要压实企业主体责任。企业主要负责人要亲自抓安全生产。\n".encode())
        (docs / "passwd.txt").symlink_to("/etc/passwd")
        for name in ("bomb.docx", "pages.pdf", "huge.txt"):
            size = (docs / name).stat().st_size
            print(f"{name}: {size / 1e6:.1f} MB on disk")
        print()

        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_index.py"), "--docs", str(docs),
                               "--index", str(Path(tmp) / "index"), "--quiet"], capture_output=True, text=True)
        wall = time.perf_counter() - started
        print(f"build of the bundled corpus + hostile files: {wall:.1f} s wall, "
              f"peak RSS {peak_of_children_mb()} MB (exit {done.returncode})")
        print("\n".join("  " + l for l in (done.stdout or done.stderr).strip().splitlines()))

        print("\nscanning a folder holding only one hostile file (fresh process: seconds, peak RSS):")
        for name in ("bomb.docx", "pages.pdf", "huge.txt"):
            alone = Path(tmp) / f"alone-{name}"
            alone.mkdir()
            os.link(docs / name, alone / name)  # a hard link: the same file, inside that folder
            done = subprocess.run([sys.executable, "-c", READ_ONE, str(alone)], capture_output=True,
                                  text=True, cwd=ROOT)
            seconds, rss, outcome = done.stdout.strip().split("|", 2)
            print(f"  {name}: {seconds} s, {rss} MB — {outcome[:150]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
