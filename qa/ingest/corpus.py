"""Loading documents: encodings, compilation splitting, boilerplate removal."""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from qa.errors import DocumentUnreadable
# decode_bytes and read_text_file lived here; importing them from here still works
from qa.ingest.files import decode_bytes, read_bytes, read_text_file  # noqa: F401
from qa.ingest.readers import read_document
from qa.models import Speech

# The old name, while code written against it (other branches) moves to the error family.
CorpusError = DocumentUnreadable

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md"}

# 第三篇：标题 — a compilation's speech header (also 第3篇 / half-width colon).
SPEECH_HEADER = re.compile(r"^\s*第([一二三四五六七八九十百零〇两\d]+)篇\s*[：:]\s*(.+?)\s*$")
# Site credits and URL footers that document sites append.
CREDIT_LINE = re.compile(
    r"(https?://|www\.|\.(com|net|cn|org)\b|本文档由|更多(优质)?范文|收集整理|版权所有|转载请注明)",
    re.IGNORECASE,
)


@dataclass
class Skipped:
    file: str
    reason: str


@dataclass
class Duplicate:
    file: str
    same_as: str  # the byte-identical document that was indexed


@dataclass
class Corpus:
    """Everything found in a documents folder, file by file."""

    hashes: dict[str, str] = field(default_factory=dict)  # every file → SHA-256 of its bytes
    speeches: list[Speech] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)


def normalize_line(line: str) -> str:
    """Trim whitespace (including full-width and NBSP) around a line."""
    return line.replace("\u00a0", " ").replace("\u3000", " ").strip()


def split_speeches(text: str, file: str) -> list[Speech]:
    """Split a document into speeches at 第X篇 lines; otherwise one speech."""
    lines = [normalize_line(l) for l in text.splitlines()]
    lines = [l for l in lines if l and not CREDIT_LINE.search(l)]
    if not lines:
        return []
    headers = [i for i, l in enumerate(lines) if SPEECH_HEADER.match(l)]
    if not headers:
        title, body = lines[0], lines[1:]
        return [Speech(file=file, ordinal=1, title=title, paragraphs=body or [title])]
    speeches = []
    bounds = headers + [len(lines)]
    for n, (start, stop) in enumerate(zip(bounds, bounds[1:]), 1):
        title = SPEECH_HEADER.match(lines[start]).group(2)
        body = lines[start + 1 : stop]
        if body and _is_title_repeat(body[0], title):
            body = body[1:]
        if body:
            speeches.append(Speech(file=file, ordinal=n, title=title, paragraphs=body))
    return speeches


def _is_title_repeat(line: str, title: str) -> bool:
    """The line under a 第X篇 header often repeats the title (…讲话范文)."""
    core = re.sub(r"(范文|全文|原文)$", "", line)
    if len(core) > len(title) + 10:
        return False
    a, b = set(core), set(title)
    return len(a & b) / max(len(a | b), 1) >= 0.7


def list_documents(docs_dir: Path) -> list[Path]:
    """Every file under ``docs_dir`` except hidden ones (or in hidden folders) and Word's ~$ lock files."""
    docs_dir = Path(docs_dir)
    return sorted(p for p in docs_dir.rglob("*")
                  if p.is_file() and not p.name.startswith("~$")
                  and not any(part.startswith(".") for part in p.relative_to(docs_dir).parts))


def file_hashes(docs_dir: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every document (cheap: no parsing)."""
    docs_dir = Path(docs_dir)
    return {p.relative_to(docs_dir).as_posix(): hashlib.sha256(read_bytes(p)).hexdigest()
            for p in list_documents(docs_dir)}


def scan_documents(docs_dir: Path) -> Corpus:
    """Read every document under ``docs_dir``; unusable files are reported, not fatal.

    Byte-identical copies are read once: the first (in path order) is indexed,
    the others are listed as duplicates of it.
    """
    corpus, docs_dir = Corpus(), Path(docs_dir)
    first: dict[str, str] = {}  # digest → first file with it
    reasons: dict[str, str] = {}  # file → why it was skipped
    for path in list_documents(docs_dir):
        rel = path.relative_to(docs_dir).as_posix()
        try:
            data = read_bytes(path)
        except DocumentUnreadable as exc:
            _skip(corpus, reasons, rel, _reason(exc, path.name))
            continue
        digest = corpus.hashes[rel] = hashlib.sha256(data).hexdigest()
        if digest in first:
            original = first[digest]
            if original in reasons:  # the same unusable bytes again
                _skip(corpus, reasons, rel, reasons[original])
            else:
                corpus.duplicates.append(Duplicate(rel, original))
                log.info("duplicate %s: same bytes as %s", rel, original)
            continue
        first[digest] = rel
        try:
            found = split_speeches(read_document(path, data), rel)
        except DocumentUnreadable as exc:
            _skip(corpus, reasons, rel, _reason(exc, path.name))
            continue
        if not found:
            _skip(corpus, reasons, rel, "no text")
        corpus.speeches.extend(found)
    return corpus


def _reason(exc: DocumentUnreadable, name: str) -> str:
    return exc.reason or str(exc)


def _skip(corpus: Corpus, reasons: dict[str, str], rel: str, reason: str) -> None:
    reasons[rel] = reason
    corpus.skipped.append(Skipped(rel, reason))
    log.info("skipped %s: %s", rel, reason)


def load_speeches(docs_dir: Path) -> tuple[list[Speech], list[Skipped]]:
    """Every speech under ``docs_dir``, and the files that could not be used."""
    corpus = scan_documents(docs_dir)
    return corpus.speeches, corpus.skipped
