"""Which heading levels of a marked-up document are its structure.

Markdown writes its headings' levels (## / ###); a web page's article marks
its sub-headings by a paragraph in bold. A level is read as the document's
tree (qa.ingest.directives reads "## " back) only where no heading numbers
itself and the level has two or more headings: numbered headings (一、总体要求,
1 总体原则) are read by their numbers, and the unnumbered ones beside them
(## 概览 before ## 一、…, ## 说明 before ### 1 …) and a lone one (## 会议纪要)
are lines.
"""
from __future__ import annotations

import re

from qa.ingest.directives import starts_with_marker

HEADING = re.compile(r"^(#{2,6}) (?=\S)")


def with_structure_marks(lines: list[str]) -> list[str]:
    """``lines``, a heading written "## words", keeping its marks where its level is structure."""
    levels: dict[str, list[bool]] = {}  # #s → whether each heading of that level numbers itself
    for line in lines:
        heading = HEADING.match(line)
        if heading:
            levels.setdefault(heading.group(1), []).append(starts_with_marker(line[heading.end():]))
    # (and only where no level numbers its headings: ## 说明 / ## 适用范围 over ### 1 总体原则 … are a
    # preface's sections, not parts holding the numbered ones)
    kept = set() if any(any(numbered) for numbered in levels.values()) else {
        marks for marks, numbered in levels.items() if len(numbered) >= 2}
    out = []
    for line in lines:
        heading = HEADING.match(line)
        out.append(line if not heading or heading.group(1) in kept else line[heading.end():])
    return out
