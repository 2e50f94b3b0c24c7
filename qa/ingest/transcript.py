"""A press conference's transcript (问答实录 / 答记者问): each turn opens with who speaks
(新华社：… / 屈炜：…), and the reporters' turns end in a question. Each asking turn heads the
answers after it, as an FAQ's question line does, so `第二个问题` / `最后一个问题` / `一共几个问题`
count the questions asked and an answer's own 一是… / 首先… nest under its question, not under
another speaker's. Read by qa.ingest.readers for every kind of file."""
from __future__ import annotations

import re

from qa.ingest.directives import starts_with_marker

# 新华社： / 上海电视台记者： / 屈炜： / 记者： at a paragraph's start: who speaks, then what they say
_TURN = re.compile(r"^\s*(?P<who>[\u4e00-\u9fff·]{2,10})\s*[：:]\s*(?P<said>\S.*)$")
_ASKS = re.compile(r"[？?]\s*[”」』）)]?\s*$")
MIN_QUESTIONS = 3  # asking turns a transcript has at least: one or two are a speech quoting a question
HEADING = "## "


def _turn(line: str):
    m = _TURN.match(line)
    return m if m and not starts_with_marker(line) else None


def question_turns(lines: list[str]) -> set[int]:
    """Indexes of the asking turns: a turn ending in a question, answered by the next turn, which
    another speaker opens and which asks nothing. Empty where the text has headings of its own or
    fewer than MIN_QUESTIONS such turns."""
    if any(line.lstrip().startswith("#") for line in lines):
        return set()
    asked = set()
    for i, line in enumerate(lines):
        m = _turn(line)
        if not m or not _ASKS.search(m.group("said")):
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1  # (blank lines between turns: no copy of the rest of the text for each turn)
        answer = _turn(lines[j]) if j < len(lines) else None
        if answer and answer.group("who") != m.group("who") and not _ASKS.search(answer.group("said")):
            asked.add(i)
    return asked if len(asked) >= MIN_QUESTIONS else set()


def with_question_headings(text: str) -> str:
    """The text with each asking turn of a transcript marked as a heading of its own."""
    lines = text.split("\n")
    asked = question_turns(lines)
    if not asked:
        return text
    return "\n".join(HEADING + line.strip() if i in asked else line for i, line in enumerate(lines))
