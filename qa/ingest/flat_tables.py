"""Tables a saved page gives one cell a line, put back together.

A page scraped to text often loses its table's rows: the header cells, then
each row's cells, each on a line of its own (序号 / 区域 / 新增装机容量（MW） /
1 / 黄浦区 / 0.3-0.4 / 2 / 徐汇区 / …). Where lines 1, 2, 3 … stand at the
same stride with short cells between them, and as many short header lines
stand before the first, they are that table: it is written back as one line a
row with its header (qa.ingest.tables.row_lines), so that 浦东新区的装机任务是
多少MW finds the row and the row names its unit.
"""
from __future__ import annotations

import re

from qa.ingest.tables import row_lines

MAX_COLUMNS = 12
MIN_ROWS = 3  # a run of fewer numbered records is no table worth the guess
MAX_FLAT_CELL = 30  # a cell of a flattened table is short and no sentence
_SENTENCE = re.compile(r"[。！？!?；;]")


def _cell(line: str) -> bool:
    return 0 < len(line) <= MAX_FLAT_CELL and not _SENTENCE.search(line)


def _run(lines: list[str], first: int, width: int) -> int:
    """How many records numbered 1, 2, 3 … start at ``first``, ``width`` lines each."""
    n = 0
    while first + (n + 1) * width <= len(lines):
        record = lines[first + n * width: first + (n + 1) * width]
        if record[0].strip() != str(n + 1) or not all(_cell(c) for c in record):
            break
        n += 1
    return n


def unflatten_tables(lines: list[str]) -> list[str]:
    """``lines`` with each table given one cell a line written back as one line a row."""
    out, i, written = [], 0, 0  # (lines before ``written`` may be a table already written back)
    while i < len(lines):
        table = None
        if lines[i].strip() == "1":
            for width in range(2, MAX_COLUMNS + 1):
                head = lines[i - width:i] if i - width >= written else []
                rows = _run(lines, i, width)
                if rows >= MIN_ROWS and head and all(_cell(h) and not h.strip().isdigit() for h in head):
                    table = (width, rows)
                    break
        if table is None:
            out.append(lines[i])
            i += 1
            continue
        width, rows = table
        del out[len(out) - width:]  # the header lines, already passed
        records = [lines[i + r * width: i + (r + 1) * width] for r in range(rows)]
        out.extend(row_lines([lines[i - width:i]] + records))
        i += rows * width
        written = i
    return out
