"""Which page (and, for OCR, what confidence) each paragraph of a speech came from.

A reader that knows pages (PDF, scans, OFD) fills ``Reading.sources`` with one
(page, confidence or None) per line of the text it returns. Splitting into
speeches trims lines and drops some (titles, credits, bylines), so each
speech paragraph is matched, in order, to the line it came from.
"""
from __future__ import annotations

from qa.models import Speech

WINDOW = 400  # lines looked ahead for a paragraph's source (dropped lines are few)


def attach_sources(speeches: list[Speech], text: str, sources: list[tuple[int, float | None]]) -> None:
    if not sources:
        return
    lines = [l.replace("\u00a0", " ").replace("\u3000", " ").strip() for l in text.split("\n")]  # as corpus.normalize_line
    if len(lines) != len(sources):
        lines = lines[:len(sources)]
    cursor = 0
    for speech in speeches:
        pages: list[int] = []
        scores: list[float | None] = []
        for para in speech.paragraphs:
            found = next((j for j in range(cursor, min(cursor + WINDOW, len(lines)))
                          if lines[j] == para or (para and para in lines[j])), None)
            if found is not None:
                cursor = found + 1
                page, score = sources[found]
            else:  # not found as written: it stands where the paragraph before it ended
                page, score = (pages[-1], scores[-1]) if pages else sources[min(cursor, len(sources) - 1)]
            pages.append(int(page))
            scores.append(None if score is None else float(score))
        speech.pages = pages
        speech.ocr = scores if any(s is not None for s in scores) else None
