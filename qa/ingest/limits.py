"""Limits on reading one document (size, text, time), and safe file names.

A documents folder is filled by people, not checked by them: a huge text
file, a .docx that unpacks to gigabytes of XML, a PDF whose page list names
one page thousands of times, a name that is not valid UTF-8 or a link to a
file elsewhere must each cost seconds and bounded memory, and be reported.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field

from qa import settings


@dataclass(frozen=True)
class Limits:
    max_bytes: int = settings.DEFAULT_MAX_DOC_BYTES
    max_chars: int = settings.DEFAULT_MAX_DOC_CHARS
    max_seconds: float = settings.DEFAULT_MAX_PARSE_SECONDS
    soffice: str = ""  # the LibreOffice program that converts .doc/.wps/.rtf/.odt ('' = the one on PATH)
    ocr: bool = settings.DEFAULT_OCR  # recognise scans and photos (qa/ingest/scans.py)

    @classmethod
    def of(cls, chosen: "settings.Settings") -> "Limits":
        """The limits the settings name (QA_MAX_DOC_BYTES, QA_MAX_DOC_CHARS, QA_MAX_PARSE_SECONDS, QA_SOFFICE,
        QA_OCR)."""
        return cls(chosen.max_doc_bytes, chosen.max_doc_chars, chosen.max_parse_seconds, chosen.soffice, chosen.ocr)


@dataclass
class Reading:
    """One document being read: its limits, the clock, and what was cut."""

    name: str
    limits: Limits = field(default_factory=Limits)
    notes: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    # Where each line of the text returned came from, when the reader knows:
    # (page, OCR confidence or None), one per line (qa/ingest/sources.py).
    sources: list[tuple[int, float | None]] = field(default_factory=list)
    cache_dir: "os.PathLike | None" = None  # recognised pages are cached here (qa/ingest/ocr.py) …
    digest: str | None = None  # … under the document's SHA-256
    progress: bool = False  # show a bar of the pages recognised by OCR

    def out_of_time(self) -> bool:
        return time.monotonic() - self.started > self.limits.max_seconds

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def time_note(self, what: str) -> str:
        return (f"reading stopped after {self.limits.max_seconds:g} s (QA_MAX_PARSE_SECONDS); "
                f"{what}")


def megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n < 10_000_000 else f"{n / 1_000_000:.0f} MB"


# Characters a file name may hold that would forge or reorder what is shown:
# control characters (a newline makes a second report line), and the bidi
# controls (U+202E turns "txt.exe" round), line and paragraph separators.
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def display_name(name: str) -> str:
    """A file name as valid Unicode, safe to show, for the index, the page and the logs.

    A name that is not valid UTF-8 comes from the file system with lone
    surrogates (Python's surrogateescape); such a name is read as GB18030
    when it is one (a name written on a Chinese Windows), else its bad bytes
    become U+FFFD. Control and bidi characters are written as escapes
    (\\n, \\u202e), so a name can neither start a line of its own in a
    report nor turn the text around it. The file itself is still opened by
    its real name.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        try:
            name = raw.decode("gb18030")
        except UnicodeDecodeError:
            name = raw.decode("utf-8", "replace")
    return _UNSHOWN.sub(_escape, name)


def _escape(match: re.Match) -> str:
    ch = match.group(0)
    return _ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def safe_text(text: str) -> str:
    """Any message, with lone surrogates replaced, so it can be written as UTF-8."""
    return text.encode("utf-8", "replace").decode("utf-8")
