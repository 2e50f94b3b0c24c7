#!/usr/bin/env python
"""Retrieval quality: hybrid next to keyword-only and dense-only baselines
(and hybrid without the synonym list), in one run.

usage: scripts/evaluate.py FILE.jsonl [FILE.jsonl …] [--index DIR] [--misses]
"""
import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa import config  # noqa: E402
from qa.search.evaluate import evaluate, format_table, load_questions  # noqa: E402
from qa.service import QAService  # noqa: E402
from qa.search.hybrid import Searcher  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--misses", action="store_true", help="list questions not answered first")
    args = parser.parse_args()
    rows = load_questions(*args.files)
    hybrid = QAService(args.index or config.index_dir()).load()
    systems = {
        "hybrid": hybrid,
        # the same without the synonym list, to show what it adds
        "hybrid, no synonyms": Searcher(hybrid.index, hybrid.embedder, synonyms_path=Path(os.devnull)),
        "keyword-only": Searcher(hybrid.index, hybrid.embedder, lexical_weight=1.0),
        "dense-only": Searcher(hybrid.index, hybrid.embedder, lexical_weight=0.0),
    }
    runs = {name: evaluate(s, rows) for name, s in systems.items()}
    print(f"{len(rows)} questions from {', '.join(str(f) for f in args.files)}\n")
    print(format_table(runs))
    if args.misses:
        for name, report in runs.items():
            print(f"\n{name} misses:")
            for miss in report["misses"]:
                print("  ", *miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
