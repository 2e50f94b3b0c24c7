"""Editable data files (synonyms, off-topic examples, word lists); the
paths of the editable ones are settings (qa/settings.py)."""
from __future__ import annotations

from pathlib import Path

from qa.cache import LRU
from qa.settings import PROJECT_ROOT

_DATA_LINES: LRU[tuple[tuple[int, int], tuple[str, ...]]] = LRU(32)


def data_lines(path: Path) -> tuple[str, ...]:
    """The non-empty, non-comment lines of an editable data file (synonyms,
    off-topic examples). Read again only when the file changes, so edits
    apply at the next question without a read per question."""
    path = Path(path)
    try:
        info = path.stat()
    except OSError:
        return ()
    stamp = (info.st_mtime_ns, info.st_size)
    cached = _DATA_LINES.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    lines = tuple(l.strip() for l in text.splitlines() if l.strip() and not l.strip().startswith("#"))
    _DATA_LINES.put(path, (stamp, lines))
    return lines


def data_file(name: str) -> Path:
    """A word list that ships with the package (data/stopwords.txt …)."""
    return PROJECT_ROOT / "data" / name


def data_words(name: str) -> list[str]:
    """The words of a shipped word list, in order: several per line, spaces between."""
    words = [w for line in data_lines(data_file(name)) for w in line.split()]
    if not words:
        raise RuntimeError(f"the word list {data_file(name)} is missing or empty: reinstall the package")
    return words
