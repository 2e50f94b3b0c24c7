"""Reading a document's bytes and decoding plain text: what the corpus and
every format reader share (kept apart so neither imports the other)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from qa.errors import DocumentUnreadable
from qa.ingest.limits import Limits, Reading

# What a binary file that was renamed .txt most likely is, by its first bytes.
MAGIC = [
    (b"PK\x03\x04", "a ZIP archive or Word .docx"),
    (b"%PDF-", "a PDF"),
    (b"\xd0\xcf\x11\xe0", "an old Word .doc / WPS file"),
    (b"{\\rtf", "an RTF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
]


def decode_bytes(data: bytes, name: str, cut: bool = False) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK).

    ``cut``: the bytes were cut off at a limit, so a character split at the
    end is dropped rather than taken for a wrong encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for magic, kind in MAGIC:
        if data.startswith(magic):
            raise DocumentUnreadable(name, f"looks like {kind}, not text (renamed?)")
    if b"\x00" in data[:4096]:
        raise DocumentUnreadable(name, "looks like a binary file, not text")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = _decode(data, encoding, cut)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text):
            return text
    raise DocumentUnreadable(name, "not UTF-8 or GB18030/GBK text")


def _decode(data: bytes, encoding: str, cut: bool) -> str:
    if not cut:
        return data.decode(encoding)
    for drop in range(4):  # a multi-byte character cut in two at the end
        try:
            return data[:len(data) - drop].decode(encoding)
        except UnicodeDecodeError:
            if drop == 3:
                raise
    raise AssertionError("unreachable")


def _mostly_printable(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\r\t")
    return bad / len(text) < 0.01


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentUnreadable(path.name, f"cannot be read ({exc.strerror})") from exc


def read_text_file(path: Path, data: bytes | None = None, reading: Reading | None = None) -> str:
    data = read_bytes(path) if data is None else data
    if not data.strip():
        raise DocumentUnreadable(path.name, "empty file")
    budget = 4 * (reading.limits.max_chars if reading else Limits().max_chars) + 4
    if len(data) > budget:  # more bytes than the character limit can use: decode only those
        data = data[:budget]
    return decode_bytes(data, path.name, cut=len(data) == budget)
