"""A printed page number on a line of its own: ``12``, ``- 12 -``, ``第 3 页``, ``第3页，共10页``, ``27 / 44``.

PDF pages, OCR'd pages and the head of a text saved from a PDF all carry
them; none is ever content, a title or a paragraph.
"""
from __future__ import annotations

import re

_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(?:第\s*)?\d{1,4}\s*页?[-—–－\s]*$"
    r"|^第\s*\d+\s*页(\s*[，,/]?\s*共\s*\d+\s*页)?$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$")  # 27 / 44: the page of how many


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))
