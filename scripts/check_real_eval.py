"""Check a real-document question set against the documents it was written on.

Usage: python scripts/check_real_eval.py --docs ../shared/corpus/real data/eval/real/dev.jsonl [...]

Every answerable question must name a `file` in the documents folder and every gold
phrase must occur in that file's text exactly as written (nothing is normalised): a text file's
decoded text, an office file's (.docx, .pdf …) text as the tool reads it.
Negatives must have no gold. Prints the mix of kinds; exits 1 on any problem. A file the tool
itself cannot read (a type it does not take, a page with no article text) is noted, not a
problem: its questions are measured as misses.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from qa.errors import DocumentUnreadable  # noqa: E402
from qa.ingest.files import decode_bytes  # noqa: E402
from qa.ingest.readers import read_document  # noqa: E402

KINDS = {"keyword", "paraphrase", "colloquial", "structural", "negative", "doc_ref", "numeric", "person"}


def check(path: Path, docs: Path) -> list[str]:
    problems: list[str] = []
    texts: dict[str, str] = {}
    notes: dict[str, str] = {}  # a file the tool does not read: the reason it gives
    kinds: Counter[str] = Counter()
    ids: set[str] = set()
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        row = json.loads(line)
        where = f"{path.name}:{n} ({row.get('id')})"
        if row.get("id") in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(row.get("id"))
        kind = row.get("kind")
        kinds[kind] += 1
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r}")
        gold = row.get("gold") or []
        if kind == "negative":
            if gold:
                problems.append(f"{where}: a negative has gold phrases")
            continue
        name = row.get("file")
        if not name or not gold:
            problems.append(f"{where}: answerable question without file or gold")
            continue
        if name not in texts:
            file = docs / name
            if not file.is_file():
                problems.append(f"{where}: no document {name}")
                continue
            texts[name], notes[name] = document_text(file)
        for phrase in gold:
            if texts[name] and phrase not in texts[name]:
                problems.append(f"{where}: gold {phrase!r} not in {name}")
    total = sum(kinds.values())
    mix = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    print(f"{path}: {total} questions over {len(texts)} files; {mix}")
    for name in sorted(notes):
        if notes[name]:
            print(notes[name])
    return problems


def document_text(file: Path) -> tuple[str, str]:
    """(the text its gold phrases are looked for in, a note when the tool does not read the file),
    from one reading: a text file's text as the tool decodes it (UTF-8 or GBK); an office file's
    (.docx, .pdf, .doc …) as the tool reads it, since its bytes hold no phrase as written."""
    try:
        read, note = read_document(file), ""
    except DocumentUnreadable as exc:
        read, note = "", f"note: the tool does not read {exc}; its questions count as misses"
    try:
        return decode_bytes(file.read_bytes(), file.name), note
    except DocumentUnreadable:
        return read, note


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=Path, required=True)
    ap.add_argument("sets", type=Path, nargs="+")
    args = ap.parse_args(argv)
    problems = [p for s in args.sets for p in check(s, args.docs)]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
