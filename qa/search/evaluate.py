"""Retrieval quality on a question set (format of data/eval/dev.jsonl)."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from qa.models import numbered
from qa.search.pipeline import Pipeline
from qa.search.request import Request
from qa.search.result import Result

_SPACE = re.compile(r"\s+")


def same_file(cited: str, wanted: str) -> bool:
    """A citation's file (a path inside the documents folder) is the named one."""
    cited, wanted = cited.replace("\\", "/"), wanted.replace("\\", "/")
    return cited == wanted or cited.endswith("/" + wanted)


def load_questions(*paths: Path) -> list[dict]:
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def holds_gold(text: str, gold: list[str]) -> bool:
    """A gold phrase is in the text, runs of white space (no-break spaces
    copied from a page, which the ingest turns into spaces) counting as one."""
    text = _SPACE.sub(" ", text)
    return any(_SPACE.sub(" ", g) in text for g in gold)


def is_correct(hit_dict: dict, row: dict) -> bool:
    """Gold phrase in the passage text, from one of the gold speeches if given
    and from the named document (``file``) if given."""
    if not holds_gold(hit_dict["text"], row["gold"]):
        return False
    cited = [hit_dict["citation"]] + hit_dict["citation"].get("also", [])
    if row.get("file"):

        cited = [c for c in cited if same_file(c.get("file", ""), row["file"])]
        if not cited:
            return False
    if not row.get("speech"):
        return True
    return any(c["speech"] in row["speech"] for c in cited)


def first_correct_rank(result: Result, row: dict) -> int | None:
    for item in result.to_dict()["results"]:
        if is_correct(item, row):
            return item["rank"]
    return None


def evaluate(searcher: Pipeline, rows: list[dict], k: int = 10) -> dict:
    per_kind: dict[str, list[dict]] = defaultdict(list)
    misses = []
    for row in rows:
        result = searcher.run(Request.checked(row["q"], k))
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


# -- answer quality ------------------------------------------------------------

def answer_outcome(searcher: Pipeline, result: Result, row: dict) -> dict:
    """Does the answer hold a gold phrase (in its first sentence, anywhere), and
    how many of its sentences only state a heading."""
    sentences = result.answer.sentences if result.answer and result.answerable else []
    heads = result.mode in ("structural", "outline")  # these questions ask for headings
    bare = 0 if heads else sum(
        searcher.structure.is_bare_heading(result.hits[s.result - 1].passage, s.text) for s in sentences)
    text = result.answer.text if result.answer else ""
    return {"first": bool(sentences) and holds_gold(sentences[0].text, row["gold"]),
            "text": result.answerable and holds_gold(text, row["gold"]),
            "bare": bare, "sentences": len(sentences)}


def answer_metrics(outcomes: list[dict]) -> dict:
    n = len(outcomes)
    sentences = sum(o["sentences"] for o in outcomes)
    return {"n": n,
            "first_sentence": sum(o["first"] for o in outcomes) / n if n else 0.0,
            "answer_text": sum(o["text"] for o in outcomes) / n if n else 0.0,
            "bare_heading": sum(o["bare"] for o in outcomes) / sentences if sentences else 0.0}


def evaluate_answers(searcher: Pipeline, rows: list[dict], k: int = 5) -> dict:
    per_kind: dict[str, list[dict]] = defaultdict(list)
    misses = []
    for row in rows:
        if row["kind"] == "negative":
            continue
        result = searcher.run(Request.checked(row["q"], k))
        outcome = answer_outcome(searcher, result, row)
        per_kind[row["kind"]].append(outcome)
        if not outcome["first"]:
            first = result.answer.sentences[0].text if result.answer and result.answer.sentences else ""
            misses.append((row["id"], row["q"], "gold in text" if outcome["text"] else "no gold", first[:60]))
    table = {kind: answer_metrics(outs) for kind, outs in sorted(per_kind.items())}
    table["all"] = answer_metrics([o for outs in per_kind.values() for o in outs])
    return {"metrics": table, "misses": misses}


def evaluate_outlines(searcher: Pipeline, rows: list[dict], k: int = 5) -> dict:
    """Whole-speech and count questions: every heading of the speech (or of the
    part asked about) listed, each cited, and the count said when asked."""
    listed = counted = asked = 0
    misses = []
    for row in rows:
        result = searcher.run(Request.checked(row["q"], k))
        found = searcher.structure.speeches(row["speech"])
        level = searcher.structure.tree(*found[0]) if found else []
        chain = numbered(level, row.get("part", []))
        level = (chain[-1].children if chain else level) if chain is not None else []
        text = result.answer.text if result.answer else ""
        cited = {s.text for s in result.answer.sentences if 1 <= s.result <= len(result.hits)} if result.answer else set()
        ok = bool(level) and all(d.title in text and d.title in cited for d in level)
        listed += ok
        if "count" in row:
            asked += 1
            # the count in the unit the question asked in (共7点 / 共7部分 / 共6条)
            said = re.search(rf"共{row['count']}(?:点|部分|条|项|章|节|方面|块|类)", text) is not None
            counted += said
            ok = ok and said
        if not ok:
            misses.append((row["id"], row["q"], text[:80]))
    return {"metrics": {"n": len(rows), "lists_every_heading": listed / len(rows) if rows else 0.0,
                        "count_right": counted / asked if asked else 0.0},
            "misses": misses}


def evaluate_conversations(searcher: Pipeline, rows: list[dict], k: int = 5) -> dict:
    """Conversations of 2-3 turns: the last turn's gold phrase in the top 3
    results, and no turn's answer the same as the one before it."""
    hits = repeats = 0
    misses = []
    for row in rows:
        previous, history = None, []
        for question in row["turns"]:
            result = searcher.run(Request.checked(question, k, history=history))
            text = result.answer.text if result.answer else ""
            if previous is not None and text == previous:
                repeats += 1
                misses.append((row["id"], question, "repeats the previous answer"))
            previous, history = text, history + [question]
        rank = first_correct_rank(result, row) if result.answerable else None
        hits += rank is not None and rank <= 3
        if rank is None or rank > 3:
            misses.append((row["id"], " / ".join(row["turns"]), f"rank {rank}", text[:60]))
    n = len(rows)
    return {"metrics": {"n": n, "last_turn_hit@3": hits / n if n else 0.0, "repeats": repeats},
            "misses": misses}


def format_rows(title: str, metrics: dict[str, dict]) -> str:
    """Markdown table of named metric rows (keys in the order of the first row)."""
    cols = list(next(iter(metrics.values())).keys())
    lines = [f"| {title} | " + " | ".join(cols) + " |", "|" + "---|" * (len(cols) + 1)]
    for name, m in metrics.items():
        lines.append(f"| {name} | " + " | ".join(f"{m[c]:.3f}" if isinstance(m[c], float) else str(m[c])
                                               for c in cols) + " |")
    return "\n".join(lines)
