"""A passage that quotes table rows (qa/ingest/tables.py: 表头：值；表头：值。) shown as a table.

Lines of a passage that are rows become one <table> (the column names of the
first row as its head, each row's values under them); other lines stay text.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

ROW = re.compile(r"^[^：；。\n]{1,16}：[^；\n]*(；[^：；。\n]{1,16}：[^；\n]*)+。$")
_CELL = 'style="border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top"'


def _pairs(line: str) -> list[tuple[str, str]]:
    return [tuple(part.split("：", 1)) for part in line[:-1].split("；")]


def passage_html(text: str, words: Iterable[str], highlight: Callable[[str, Iterable[str]], str]) -> str:
    """The passage as HTML: its row lines as a table, the rest highlighted as text."""
    lines = text.split("\n")
    if not any(ROW.match(l) for l in lines):
        return highlight(text, words)
    words = list(words)
    out: list[str] = []
    rows: list[list[tuple[str, str]]] = []

    def flush() -> None:
        if not rows:
            return
        names = list(dict.fromkeys(name for row in rows for name, _ in row))
        head = "".join(f"<th {_CELL}>{highlight(n, words)}</th>" for n in names)
        body = "".join("<tr>" + "".join(f"<td {_CELL}>{highlight(dict(row).get(n, ''), words)}</td>" for n in names)
                       + "</tr>" for row in rows)
        out.append(f'<table class="rows" style="border-collapse:collapse;margin:.3em 0">'
                   f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
        rows.clear()

    for line in lines:
        if ROW.match(line):
            rows.append(_pairs(line))
            continue
        flush()
        out.append(highlight(line, words))
    flush()
    return "".join(o if o.startswith("<table") else f"<div>{o}</div>" for o in out if o)
