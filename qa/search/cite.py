"""The one way a source is written: 第一篇《题目》 › 第五，要… · 第12段.

The plain-text reply, the page (as text and as HTML) and the copy action all
take their pieces from here, so the citation line reads the same everywhere.
"""
from __future__ import annotations

from qa.numerals import to_chinese

OUTSIDE_DIRECTIVES = "开头/结尾部分"


def speech_name(ordinal: int) -> str:
    """3 → 第三篇"""
    return f"第{to_chinese(int(ordinal))}篇"


def citation_parts(speech: int, title: str, path: list[str], paragraph: int) -> tuple[str, list[str], str]:
    """(第一篇《题目》, the directive path or its stand-in, 第12段)."""
    return f"{speech_name(speech)}《{title}》", list(path) or [OUTSIDE_DIRECTIVES], f"第{paragraph}段"


def citation_line(passage, file: bool = False, path: list[str] | None = None) -> str:
    """第一篇《…》 › 第五，要加快疫苗接种进度 · 第12段（file.txt when asked）; 第3页 · 第12段 where the page is known"""
    path = passage.path if path is None else path
    name, path, para = citation_parts(passage.speech, passage.title, path, passage.paragraph)
    page = getattr(passage, "page", None)  # PDFs, scans and OFD know the page
    line = f"{name} › {' › '.join(path)} · {f'第{page}页 · ' if page else ''}{para}"
    return f"{line}（{passage.file}）" if file else line
