"""Recognised lines → paragraphs, by layout; OCR's variants of the numbering markers.

OCR gives one box per printed line. A paragraph starts where a line is
indented (or centred), where the line before it stopped short of the right
margin, after a wider gap than the page's line spacing, or where a line opens
with a numbering marker after a finished sentence; every other line continues
the one before. A paragraph that runs on over a page break is joined.

``normalise_markers`` turns the half-width and misread forms of the markers
OCR produces — ``(二)`` ``(二）`` ``(—)`` ``一.`` ``1 .`` ``第一,`` — into the
forms the speech prints, before the directive parser runs; nothing else in the
text is touched.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from qa.ingest.directives import starts_with_marker
from qa.ingest.ocr import Box
from qa.ingest.page_numbers import is_page_number

_NUM = "一二三四五六七八九十"
_ENDS_SENTENCE = tuple("。！？!?；;：:”’」』")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass
class Para:
    text: str
    score: float  # the mean confidence of its lines, weighted by their length
    opens: bool  # its first line is indented, centred or a marker: it cannot continue the page before


def _rows(boxes: list[Box]) -> list[Box]:
    """Boxes whose middles lie on one line (within half a line height) form one row (itself a box)."""
    rows: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: (b.y0 + b.y1) / 2):
        if not b.text.strip():
            continue
        mid, h = (b.y0 + b.y1) / 2, b.y1 - b.y0
        if rows:
            last = rows[-1]
            lmid = sum((x.y0 + x.y1) / 2 for x in last) / len(last)
            if abs(mid - lmid) < 0.5 * min(h, min(x.y1 - x.y0 for x in last)):
                last.append(b)
                continue
        rows.append([b])
    out = []
    for row in rows:
        row.sort(key=lambda b: b.x0)
        text = ""
        for b in row:
            piece = b.text.strip()
            if text and _ASCII_WORD.match(text[-1]) and _ASCII_WORD.match(piece[:1]):
                text += " "
            text += piece
        chars = sum(len(b.text) for b in row) or 1
        out.append(Box(min(b.x0 for b in row), min(b.y0 for b in row), max(b.x1 for b in row),
                        max(b.y1 for b in row), text, sum(b.score * len(b.text) for b in row) / chars))
    return out


def page_paragraphs(boxes: list[Box]) -> list[Para]:
    rows = _rows(boxes)
    if len(rows) > 1:  # a page number above or below the text
        rows = [r for i, r in enumerate(rows) if not (i in (0, len(rows) - 1) and is_page_number(r.text))]
    if not rows:
        return []
    long_rows = [r for r in rows if len(r.text) >= 5] or rows
    char = statistics.median((r.x1 - r.x0) / max(len(r.text), 1) for r in long_rows)
    height = statistics.median(r.y1 - r.y0 for r in rows)
    char = min(char, 1.5 * height) or height
    left = min(r.x0 for r in long_rows)
    right = max(r.x1 for r in long_rows)
    steps = [b.y0 - a.y0 for a, b in zip(rows, rows[1:]) if b.y0 > a.y0]
    pitch = sorted(steps)[len(steps) // 4] if steps else height  # the usual line step (gaps are rarer)
    paras: list[Para] = []
    weights: list[int] = []
    prev: Box | None = None
    for row in rows:
        text = normalise_markers(row.text)
        indented = row.x0 > left + 1.2 * char
        new = (prev is None or indented or prev.x1 < right - 1.5 * char
               or prev.x0 > left + 4 * char  # after a centred line (a title)
               or row.y0 - prev.y0 > 1.6 * pitch
               or (paras[-1].text.endswith(_ENDS_SENTENCE) and starts_with_marker(text)))
        if new:
            paras.append(Para(text, row.score, indented or starts_with_marker(text)))
            weights.append(len(text))
        else:
            last = paras[-1]
            if _ASCII_WORD.match(last.text[-1:]) and _ASCII_WORD.match(text[:1]):
                text = " " + text
            n = weights[-1]
            last.score = (last.score * n + row.score * len(text)) / max(n + len(text), 1)
            last.text += text
            weights[-1] = n + len(text)
        prev = row
    for p in paras:  # a marker completed by the joined line (（ at a line end, 二) on the next)
        p.text = normalise_markers(p.text)
    return paras


def join_pages(pages: list[tuple[int, list[Para]]]) -> list[tuple[str, int, float]]:
    """(text, page, confidence) of every paragraph; one that runs on over a page
    break (no sentence end, the next page's first line not indented) is joined
    and keeps the page it starts on."""
    out: list[list] = []
    for number, paras in pages:
        for i, p in enumerate(paras):
            if i == 0 and out and not p.opens and not out[-1][0].endswith(_ENDS_SENTENCE):
                text, page, score = out[-1]
                n = len(text)
                out[-1] = [text + p.text, page, (score * n + p.score * len(p.text)) / max(n + len(p.text), 1)]
            else:
                out.append([p.text, number, p.score])
    return [(t, page, round(score, 3)) for t, page, score in out]


# -- markers ---------------------------------------------------------------------------

_BOUNDARY = r"(^|(?<=[。！？!?；;：:]))"
_BRACKETED = re.compile(_BOUNDARY + rf"[（(]\s*([{_NUM}]{{1,3}}|\d{{1,2}}|[—－一-])\s*[)）]")
_CN_DOT = re.compile(rf"^([{_NUM}]{{1,3}})\s*[.．]\s*(?=[^\d０-９\s])")
_CN_DASH = re.compile(r"^[—－-]\s*(、)")
_DI = re.compile(_BOUNDARY + rf"第\s*([{_NUM}]{{1,3}})\s*([,，、：:])")
_DIGIT_DOT = re.compile(_BOUNDARY + r"(\d{1,2})\s+([.．、])(?=\s*[^\d\s])")
_SEQ = re.compile(_BOUNDARY + r"(首先|其次|再次|最后)\s*([,，])")
_FULL = {",": "，", ":": "："}


def _bracketed(m: re.Match) -> str:
    inner = m.group(2)
    if inner in "—－-":
        inner = "一"  # 一 in brackets is read as a dash
    return f"{m.group(1)}（{inner}）"


def normalise_markers(text: str) -> str:
    """The numbering markers of a recognised line in the forms speeches print."""
    text = _BRACKETED.sub(_bracketed, text)
    text = _CN_DOT.sub(r"\1．", text)
    text = _CN_DASH.sub(r"一\1", text)
    text = _DI.sub(lambda m: f"{m.group(1)}第{m.group(2)}{_FULL.get(m.group(3), m.group(3))}", text)
    text = _DIGIT_DOT.sub(r"\1\2\3", text)
    text = _SEQ.sub(lambda m: f"{m.group(1)}{m.group(2)}，", text)
    return text
