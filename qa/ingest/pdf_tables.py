"""Ruled tables in a PDF's text layer (pdfplumber), kept as rows.

A page of a text-layer PDF that holds a table is laid out again: its text
above, between and below the tables as usual, and each table as one line per
row with its header (qa.ingest.tables). Looking for tables costs time, so
only pages that draw lines or boxes are searched, and the search stops at
half the reading time limit; a page that cannot be searched keeps its plain text.
"""
from __future__ import annotations

import io
import logging
import re
from typing import Callable

from qa.ingest.limits import Reading
from qa.ingest.tables import row_lines

MAX_TABLE_PAGES = 500
MIN_PATHS = 4  # lines or boxes a page must draw to be searched for a table
_DRAWING = re.compile(rb"[\d.]\s+(?:re|l)\s")


def table_pages(data: bytes, pages: list[tuple[int, str]], reading: Reading,
                reflow: Callable[[str], str]) -> dict[int, str]:
    """0-based page index → the page's text with its tables as rows, for pages that have tables."""
    from qa.ingest.scans import needs_ocr

    wanted = _ruled([i for i, text in pages if not needs_ocr(text)][:MAX_TABLE_PAGES], data)
    if not wanted:
        return {}
    try:
        import pdfplumber
    except ImportError:
        return {}
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out: dict[int, str] = {}
    budget = reading.limits.max_seconds / 2
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i in wanted:
                if reading.elapsed() > budget:
                    break
                try:
                    text = _page(pdf.pages[i], reflow)
                except Exception:  # a page pdfplumber cannot take apart keeps its plain text
                    continue
                if text is not None:
                    out[i] = text
    except Exception:
        return out
    return out


def _ruled(pages: list[int], data: bytes) -> list[int]:
    """The pages whose content draws enough lines or boxes (``l`` / ``re``) to hold a
    ruled table: a glance at the page's drawing commands, where pdfplumber takes
    some 0.1 s a page to look."""
    if not pages:
        return []
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        out = []
        for i in pages:
            content = reader.pages[i].get_contents()
            drawn = _DRAWING.findall(content.get_data()) if content is not None else []
            if len(drawn) >= MIN_PATHS:
                out.append(i)
        return out
    except Exception:
        return []


def _page(page, reflow: Callable[[str], str]) -> str | None:
    tables = [t for t in page.find_tables() if _has_columns(t)]
    if not tables:
        return None
    tables.sort(key=lambda t: t.bbox[1])
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    free = page.filter(outside)
    parts: list[str] = []
    top = page.bbox[1]
    for table in tables:
        parts.append(_region(free, top, table.bbox[1], reflow))
        rows = [[cell or "" for cell in row] for row in table.extract()]
        parts.append("\n".join(row_lines(rows)))
        top = table.bbox[3]
    parts.append(_region(free, top, page.bbox[3], reflow))
    return "\n".join(p for p in parts if p.strip())


def _has_columns(table) -> bool:
    """A table of two rows or more with two cells or more filled in each of two of them: lines ruled
    under a paragraph's lines, or a box around it, make a table of one column, which is no table."""
    rows = table.extract() if len(table.rows) >= 2 else []
    return sum(1 for row in rows if sum(1 for cell in row if cell and cell.strip()) >= 2) >= 2


def _region(page, top: float, bottom: float, reflow: Callable[[str], str]) -> str:
    if bottom - top < 1:
        return ""
    x0, _, x1, _ = page.bbox
    return reflow(page.crop((x0, top, x1, bottom), strict=False).extract_text() or "")
