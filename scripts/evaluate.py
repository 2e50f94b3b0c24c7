#!/usr/bin/env python
"""Retrieval and answer quality, in one run.

Question files (data/eval/dev.jsonl format): retrieval for hybrid next to
keyword-only and dense-only baselines (and hybrid without the synonym list),
then answer quality of hybrid. Files whose rows hold "turns" are conversations;
rows with "speech" and no "gold" are whole-speech / count questions.

usage: scripts/evaluate.py FILE.jsonl [FILE.jsonl …] [--index DIR] [--misses]
       scripts/evaluate.py --docs FOLDER FILE.jsonl [FILE.jsonl …] [--json OUT]

--docs FOLDER scores the questions on any documents folder: its index is built
once into a cache folder (--cache, default artifacts/eval-index/) and reused;
a question's "file" names the document its gold must come from. Each file of
questions then gets its own headline row (hit@1, hit@5, MRR, first answer
sentence holds a gold phrase, negatives refused, answerable refused).
"""
import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.search.evaluate import (evaluate, evaluate_answers, evaluate_conversations, evaluate_outlines,  # noqa: E402
                                format_rows, format_table, load_questions)
from qa.service import QAService  # noqa: E402
from qa.search.pipeline import Pipeline  # noqa: E402
from qa.settings import Settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--misses", action="store_true", help="list questions not answered first")
    parser.add_argument("--answers-only", action="store_true", help="skip the retrieval baselines")
    parser.add_argument("--docs", type=Path, default=None, help="documents folder to build (or reuse) an index of")
    parser.add_argument("--cache", type=Path, default=ROOT / "artifacts" / "eval-index",
                        help="where --docs keeps its indexes (default artifacts/eval-index)")
    parser.add_argument("--json", type=Path, default=None, help="with --docs: write the headline numbers here")
    args = parser.parse_args()
    if args.docs is not None:
        return score_docs(args)
    rows = load_questions(*args.files)
    questions = [r for r in rows if "gold" in r and "turns" not in r]
    conversations = [r for r in rows if "turns" in r]
    outlines = [r for r in rows if "gold" not in r and "turns" not in r]
    chosen = Settings.load(index=args.index)
    hybrid = QAService(chosen.index, synonyms_path=chosen.synonyms, off_topic_path=chosen.off_topic,
                       model=chosen.model).load()
    systems = {"hybrid": hybrid}
    if not args.answers_only:
        systems.update({
            # the same without the synonym list, to show what it adds
            "hybrid, no synonyms": Pipeline(hybrid.build, hybrid.embedder, Path(os.devnull), chosen.off_topic),
            "keyword-only": Pipeline(hybrid.build, hybrid.embedder, chosen.synonyms, chosen.off_topic, lexical_weight=1.0),
            "dense-only": Pipeline(hybrid.build, hybrid.embedder, chosen.synonyms, chosen.off_topic, lexical_weight=0.0),
        })
    print(f"{len(rows)} rows from {', '.join(str(f) for f in args.files)}\n")
    reports = []
    if questions:
        runs = {name: evaluate(s, questions) for name, s in systems.items()}
        print(format_table(runs) + "\n")
        answers = evaluate_answers(hybrid, questions)
        print(format_rows("answers (hybrid)", answers["metrics"]) + "\n")
        reports += [(f"{name} misses", r["misses"]) for name, r in runs.items()] + [("answer misses", answers["misses"])]
    if outlines:
        report = evaluate_outlines(hybrid, outlines)
        print(format_rows("whole-speech questions", {"all": report["metrics"]}) + "\n")
        reports.append(("whole-speech misses", report["misses"]))
    if conversations:
        report = evaluate_conversations(hybrid, conversations)
        print(format_rows("conversations", {"all": report["metrics"]}) + "\n")
        reports.append(("conversation misses", report["misses"]))
    if args.misses:
        for name, misses in reports:
            print(f"\n{name}:")
            for miss in misses:
                print("  ", *miss)
    return 0


def score_docs(args) -> int:
    """Headline numbers of each question file on an index of ``args.docs``."""
    from qa.errors import QAError
    from qa.search.eval_docs import HEADLINE, index_for, score

    if not args.docs.is_dir():
        print(f"no documents folder at {args.docs}", file=sys.stderr)
        return 2
    try:
        folder = index_for(args.docs, args.cache, quiet=False)
        service = QAService(folder).load()
    except QAError as e:
        print(f"index of {args.docs} failed: {e}", file=sys.stderr)
        return 1
    results = {}
    lines = ["| set | n | " + " | ".join(HEADLINE) + " |", "|" + "---|" * (len(HEADLINE) + 2)]
    for path in args.files:
        rows = [r for r in load_questions(path) if "gold" in r and "turns" not in r]
        report = score(service, rows)
        results[str(path)] = report["headline"]
        h = report["headline"]
        lines.append(f"| {path.name} | {h['n']} | " + " | ".join(f"{h[c]:.3f}" for c in HEADLINE) + " |")
        print(f"\n{path}\n")
        print(format_table({"hybrid": report["retrieval"]}) + "\n")
        print(format_rows("answers", report["answers"]["metrics"]) + "\n")
        if args.misses:
            for miss in report["retrieval"]["misses"] + report["answers"]["misses"]:
                print("  ", *miss)
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
