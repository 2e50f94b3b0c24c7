"""Retrieval quality on a question set (format of data/eval/dev.jsonl)."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from qa.search.hybrid import Searcher, SearchResult


def load_questions(*paths: Path) -> list[dict]:
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def is_correct(hit_dict: dict, row: dict) -> bool:
    """Gold phrase in the passage text, from one of the gold speeches if given."""
    if not any(g in hit_dict["text"] for g in row["gold"]):
        return False
    if not row.get("speech"):
        return True
    cited = [hit_dict["citation"]] + hit_dict["citation"].get("also", [])
    return any(c["speech"] in row["speech"] for c in cited)


def first_correct_rank(result: SearchResult, row: dict) -> int | None:
    for item in result.to_dict()["results"]:
        if is_correct(item, row):
            return item["rank"]
    return None


def evaluate(searcher: Searcher, rows: list[dict], k: int = 10) -> dict:
    per_kind: dict[str, list[dict]] = defaultdict(list)
    misses = []
    for row in rows:
        result = searcher.search(row["q"], k=k)
        rank = first_correct_rank(result, row) if row["kind"] != "negative" else None
        outcome = {"rank": rank, "answerable": result.answerable, "negative": row["kind"] == "negative"}
        per_kind[row["kind"]].append(outcome)
        if not outcome["negative"] and (rank != 1 or not result.answerable):
            misses.append((row["id"], row["q"], rank, result.answerable))
        if outcome["negative"] and result.answerable:
            misses.append((row["id"], row["q"], "accepted negative", True))
    table = {kind: _metrics(outs) for kind, outs in sorted(per_kind.items())}
    table["all"] = _metrics([o for outs in per_kind.values() for o in outs])
    return {"metrics": table, "misses": misses}


def _metrics(outcomes: list[dict]) -> dict:
    pos = [o for o in outcomes if not o["negative"]]
    neg = [o for o in outcomes if o["negative"]]
    m = {"n": len(outcomes)}
    if pos:
        m["hit@1"] = sum(o["rank"] == 1 for o in pos) / len(pos)
        m["hit@5"] = sum(o["rank"] is not None and o["rank"] <= 5 for o in pos) / len(pos)
        m["mrr@10"] = sum(1 / o["rank"] for o in pos if o["rank"] and o["rank"] <= 10) / len(pos)
        m["wrongly_rejected"] = sum(not o["answerable"] for o in pos) / len(pos)
    if neg:
        m["negatives_rejected"] = sum(not o["answerable"] for o in neg) / len(neg)
    return m


def format_table(runs: dict[str, dict]) -> str:
    """Markdown table: one row per (system, kind)."""
    cols = ["n", "hit@1", "hit@5", "mrr@10", "negatives_rejected", "wrongly_rejected"]
    lines = ["| system | kind | " + " | ".join(cols) + " |", "|" + "---|" * (len(cols) + 2)]
    for name, report in runs.items():
        for kind, m in report["metrics"].items():
            cells = [f"{m[c]:.3f}" if isinstance(m.get(c), float) else str(m.get(c, "–")) for c in cols]
            lines.append(f"| {name} | {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
