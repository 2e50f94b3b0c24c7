"""The furniture of a PDF's text layer: running heads and feet, and page numbers.

A printed document repeats a running head or foot on its pages (《员工手册》, 学生手册, a
chapter's name) and numbers them (27 / 44); the text layer sets these between the last
line of one page and the first of the next, where they were read as lines of the text.
Heads and feet are the short lines at the top or foot of most pages.
"""
from __future__ import annotations

from collections import Counter

from qa.ingest.page_numbers import is_page_number

EDGE_LINES = 2  # lines at each end of a page where a head or foot stands
HEAD_SHARE = 0.5  # … on at least this share of the pages
MIN_HEAD_PAGES = 3  # … and of at least this many
HEAD_CHARS = 40  # a head or foot is short


def _content(text: str) -> list[str]:
    return [l.strip() for l in text.splitlines() if l.strip() and not is_page_number(l.strip())]


def running_heads(pages: list[str]) -> set[str]:
    """The lines that stand at the top or the foot of most pages."""
    counts: Counter = Counter()
    for text in pages:
        lines = _content(text)
        counts.update(set(lines[:EDGE_LINES] + lines[-EDGE_LINES:]))
    least = max(MIN_HEAD_PAGES, HEAD_SHARE * len(pages))
    return {line for line, n in counts.items() if n >= least and len(line) <= HEAD_CHARS}


def without_furniture(text: str, heads: set[str], first: bool = False) -> str:
    """The page without the heads and page numbers at its ends. The first page keeps its heads:
    there the same words are the document's title."""
    lines = text.splitlines()

    def furniture(line: str) -> bool:
        s = line.strip()
        return not s or is_page_number(s) or (not first and s in heads)

    top = 0
    while top < len(lines) and top <= EDGE_LINES * 2 and furniture(lines[top]):
        top += 1
    end = len(lines)
    while end > top and len(lines) - end <= EDGE_LINES * 2 and furniture(lines[end - 1]):
        end -= 1
    return "\n".join(lines[top:end])

