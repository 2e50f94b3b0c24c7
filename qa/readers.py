"""Turning a document file into plain text, one reader per format."""
from __future__ import annotations

from pathlib import Path

from .corpus import CorpusError, read_text_file

SUPPORTED_SUFFIXES = {".txt", ".md"}


def read_document(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        return read_text_file(path)
    raise CorpusError(f"{path.name}: unsupported file type {suffix or '(none)'}")
