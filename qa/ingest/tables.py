"""A table as lines a reader (and the search) understands: one per row, with its header.

    序号 | 重点任务     | 责任单位 | 完成时限
    1    | 开展隐患排查 | 市水利局 | 6月底前
  → 序号：1；重点任务：开展隐患排查；责任单位：市水利局；完成时限：6月底前。

so that "隐患排查的责任单位是谁" finds the row, and the row is quoted whole.
Cells are given top to bottom; a cell that continues the one above (a merged
cell, given as None) repeats its value. A table of one row or one column is
just its cells' text.
"""
from __future__ import annotations

import re

_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_WRAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_END = "。；;，,、：:"


def clean_cell(text: str | None) -> str:
    """A cell's text on one line: wraps inside Chinese text dropped, other runs of space one space."""
    if text is None:
        return ""
    return re.sub(r"\s+", " ", _WRAP.sub("", text)).strip()


# A cell longer than this holds running text: the table only lays a page out.
MAX_CELL_CHARS = 300


def is_data_table(rows: list[list[str | None]]) -> bool:
    """Two rows or more, two columns or more, and short cells: a table of data."""
    return (len(rows) >= 2 and max((len(r) for r in rows), default=0) >= 2
            and all(len(c or "") <= MAX_CELL_CHARS for r in rows for c in r))


# 分数 | ____ / 评阅人 | ____: the boxes a cover sheet leaves for a grader
BLANK_LABEL_CHARS = 6


def is_blank_form(rows: list[list[str | None]]) -> bool:
    """One row of short labels, each beside an empty cell: a box to fill in, which states nothing."""
    if len(rows) != 1 or len(rows[0]) < 2:
        return False
    cells = [clean_cell(c) for c in rows[0]]
    filled = [c for c in cells if c]
    return (0 < len(filled) <= len(cells) / 2 and all(len(c.rstrip("：:")) <= BLANK_LABEL_CHARS for c in filled)
            and not any(re.search(r"[\d。；;，,]", c) for c in filled))


def row_lines(rows: list[list[str | None]]) -> list[str]:
    filled: list[list[str]] = []
    for row in rows:
        above = filled[-1] if len(filled) >= 2 else []  # the header is never carried down
        cells = [clean_cell(c) if c is not None else (above[i] if i < len(above) else "")
                 for i, c in enumerate(row)]
        if any(cells):
            filled.append(cells)
    if not filled:
        return []
    width = max(len(r) for r in filled)
    if len(filled) < 2 or width < 2:
        return [_join(r) for r in filled]
    fields = _field_lines(filled)
    if fields:
        return fields
    header = filled[0]
    if sum(1 for h in header if h) < 2:  # no header to name the columns by
        return [_join(r) for r in filled]
    out = [_join(header, "、")]
    for row in filled[1:]:
        pairs, last = [], None
        for i, value in enumerate(row):
            name = header[i] if i < len(header) else ""
            if not value or (value, name) == last:
                continue  # an empty cell, or a cell merged across two columns under one header
            last = (value, name)
            value = value.rstrip(_END)
            pairs.append(f"{name}：{value}" if name and name != value else value)
        if pairs:
            out.append("；".join(pairs) + "。")
    return out


# 任课教师： | 张华 / 学    院： | 机械工程学院: a label ending in a colon before each value
_LABEL = re.compile(r"^(.{1,12}?)\s*[：:]$")


def _field_lines(rows: list[list[str]]) -> list[str]:
    """A form's rows (label, value, label, value …: every label ends in a colon) as ``label：value``
    lines, or [] when the table is not one: its first row is no header."""
    out = []
    for row in rows:
        pairs = [(_LABEL.match(label), value) for label, value in zip(row[::2], row[1::2] + [""]) if label or value]
        if not pairs or not all(label for label, _ in pairs):
            return []
        out.append("；".join(f"{re.sub(r'[ ]+', '', label.group(1))}：{value}" for label, value in pairs))
    return out


# 会议日期 | 2014-03-29 | 开始时间 | 13：30: a form row whose labels carry no colon (a minutes
# template laid out as one table, its header rows label and value side by side)
_BARE_LABEL = re.compile(r"[\u4e00-\u9fff]{2,6}")
MAX_FIELD_VALUE = 60  # a value beside a label is a name, a date, a place: no paragraph


def field_row(cells: list[str | None]) -> str:
    """A layout table's row of label, value (, label, value …) pairs as one ``label：value；…`` line,
    or "" when the row is not one: every label 2–6 characters of Chinese (spaces between them
    dropped, a colon allowed), every value short, with no sentence in it."""
    cells = [clean_cell(c) for c in cells]
    if len(cells) < 2 or len(cells) % 2:
        return ""
    pairs = []
    for label, value in zip(cells[::2], cells[1::2]):
        name = re.sub(r"\s+", "", label).rstrip("：:")
        if (not _BARE_LABEL.fullmatch(name) or not value or len(value) > MAX_FIELD_VALUE
                or re.search(r"[。；;！？]", value)):
            return ""
        pairs.append(f"{name}：{value}")
    return "；".join(pairs)


def _join(cells: list[str], sep: str = " ") -> str:
    seen: list[str] = []
    for c in cells:
        if c and (not seen or seen[-1] != c):
            seen.append(c)
    return sep.join(seen)
