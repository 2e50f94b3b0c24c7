"""Which heading levels of a marked-up document are its structure.

Markdown writes its headings' levels (## / ###); a web page's article marks
its sub-headings by a paragraph in bold. An unnumbered level is read as the
document's tree (qa.ingest.directives reads "## " back) only where no heading
numbers itself and the level has two or more headings; the unnumbered ones
beside numbered headings (## 概览 before ## 一、…, ## 说明 before ### 1 …) and a
lone one (## 会议纪要) are lines. In Markdown a numbered heading keeps its level
as well (read by its number, the level bounds what it holds), and an unnumbered
heading over a fresh numbered list of its own level titles that list.
"""
from __future__ import annotations

import re

from qa.ingest.directives import marker_number, starts_with_marker

HEADING = re.compile(r"^(#{2,6}) (?=\S)")


def with_structure_marks(lines: list[str], numbered_levels: bool = False) -> list[str]:
    """``lines``, a heading written "## words", keeping its marks where its level is structure;
    ``numbered_levels``: a numbered heading keeps its marks too (### 第一條 …, ### 一. …): read by its
    number, its level says which headings it stands beside and which items under it."""
    headings = [HEADING.match(line) for line in lines]
    numbered = [bool(h) and starts_with_marker(line[h.end():]) for h, line in zip(headings, lines)]
    levels: dict[str, list[bool]] = {}  # #s → whether each heading of that level numbers itself
    for heading, counts in zip(headings, numbered):
        if heading:
            levels.setdefault(heading.group(1), []).append(counts)
    # (and only where no level numbers its headings: ## 说明 / ## 适用范围 over ### 1 总体原则 … are a
    # preface's sections, not parts holding the numbered ones)
    kept = set() if any(any(numbered) for numbered in levels.values()) else {
        marks for marks, numbered in levels.items() if len(numbered) >= 2}
    kept |= _grouping_levels(lines, headings, numbered)
    out = []
    for i, (line, heading) in enumerate(zip(lines, headings)):
        if numbered_levels and heading and not numbered[i] and _opens_a_list(lines, i, heading.group(1)):
            out.append(f"{heading.group(1)[1:]} {line[heading.end():]}")  # (one level up: it holds them)
            continue
        keep = not heading or heading.group(1) in kept or numbered_levels and numbered[i]
        out.append(line if keep else line[heading.end():])
    return out


def _grouping_levels(lines, headings, numbered) -> set[str]:
    """## 如何维护… / ## 如何维护代码仓… each over its own ### 1. ### 2.: an unnumbered level under
    whose headings the numbered headings below start again at 1, in two or more of them, parts
    the document (a preface's ## 说明 over one numbered list does not)."""
    out = set()
    for marks in {h.group(1) for h, n in zip(headings, numbered) if h and not n}:
        starts, current = [], None  # the first number under each heading of that level
        for line, h, n in zip(lines, headings, numbered):
            if h and h.group(1) == marks and not n:
                starts.append(None)
                current = len(starts) - 1
            elif h and n and current is not None and len(h.group(1)) > len(marks) and starts[current] is None:
                starts[current] = marker_number(line[h.end():])
        given = [n for n in starts if n is not None]
        if len(given) >= 2 and all(n == 1 for n in given) and len(starts) >= 2:
            out.add(marks)
    return out


def _opens_a_list(lines: list[str], i: int, marks: str) -> bool:
    """### 管理辦法 over ### 一. 安全維護管理辦法 / ### 二. …: an unnumbered heading whose next heading, of
    its own level, starts a numbered list afresh, is the title of that list (## at most: # is the
    document's title)."""
    if len(marks) <= 2:
        return False
    nxt = next((line for line in lines[i + 1:] if HEADING.match(line)), "")
    heading = HEADING.match(nxt)
    return bool(heading) and heading.group(1) == marks and marker_number(nxt[heading.end():]) == 1
