"""Loading documents: encodings, compilation splitting, boilerplate removal."""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .models import Speech

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md"}

# 第三篇：标题 — a compilation's speech header (also 第3篇 / half-width colon).
SPEECH_HEADER = re.compile(r"^\s*第([一二三四五六七八九十百零〇两\d]+)篇\s*[：:]\s*(.+?)\s*$")
# Site credits and URL footers that document sites append.
CREDIT_LINE = re.compile(
    r"(https?://|www\.|\.(com|net|cn|org)\b|本文档由|更多(优质)?范文|收集整理|版权所有|转载请注明)",
    re.IGNORECASE,
)


class CorpusError(Exception):
    """A document could not be read; the message names it."""


@dataclass
class Skipped:
    file: str
    reason: str


def decode_bytes(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        raise CorpusError(f"{name}: looks like a binary file, not text")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text):
            return text
    raise CorpusError(f"{name}: not UTF-8 or GB18030/GBK text")


def _mostly_printable(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\r\t")
    return bad / len(text) < 0.01


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


def read_text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    return decode_bytes(data, path.name)


def list_documents(docs_dir: Path) -> list[Path]:
    return sorted(p for p in Path(docs_dir).rglob("*") if p.is_file() and not p.name.startswith("."))


def load_speeches(docs_dir: Path) -> tuple[list[Speech], list[Skipped]]:
    """Every speech under ``docs_dir``; files that cannot be used are reported, not fatal."""
    from .readers import read_document  # formats live in their own module

    speeches: list[Speech] = []
    skipped: list[Skipped] = []
    docs_dir = Path(docs_dir)
    for path in list_documents(docs_dir):
        rel = path.relative_to(docs_dir).as_posix()
        try:
            text = read_document(path)
        except CorpusError as exc:
            skipped.append(Skipped(rel, str(exc).split(": ", 1)[-1]))
            log.warning("skipped %s", exc)
            continue
        found = split_speeches(text, rel)
        if not found:
            skipped.append(Skipped(rel, "no text"))
            log.warning("skipped %s: no text", rel)
        speeches.extend(found)
    return speeches, skipped
