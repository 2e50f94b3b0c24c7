"""An FAQ run into one line (a policy Q&A pasted from a page that kept no breaks: `1 、问：…？ 答：…
2 、问：…`): each numbered question starts a line of its own and its answer the next, as the
FAQ was written, so the questions are read as its headings (`第5个问题` / `最后一个问题`).
Read by qa.ingest.readers for every kind of file."""
from __future__ import annotations

import re

# 1、问： / 1 2 、 问： / 3.问: a numbered question inside a line (a PDF's or a page's spaces kept),
# at the line's start or after the end of the answer before it
_ASKED = re.compile(r"(?:^|(?<=[。！？!?；;”）)\s]))\s*(?P<n>\d(?:\s?\d)?)\s*[、.．]\s*问\s*[：:]")
_ANSWER = re.compile(r"(?<=[？?])\s*(?=答\s*[：:])")
MIN_QUESTIONS = 3  # numbered questions in one line, 1, 2, 3 …, that make it a run-on FAQ


def _split(line: str) -> str:
    found = list(_ASKED.finditer(line))
    numbers = [int(m.group("n").replace(" ", "")) for m in found]
    if len(found) < MIN_QUESTIONS or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return line
    pieces = [line[:found[0].start()].rstrip()] if line[:found[0].start()].strip() else []
    for m, n, end in zip(found, numbers, [f.start() for f in found[1:]] + [len(line)]):
        item = f"{n}、问：" + line[m.end():end].strip()
        pieces.extend(part.strip() for part in _ANSWER.split(item, maxsplit=1))
    return "\n".join(pieces)


def with_faq_lines(text: str) -> str:
    """The text with each run-on FAQ line cut into its questions and answers."""
    if len(_ASKED.findall(text)) < MIN_QUESTIONS:
        return text
    return "\n".join(_split(line) for line in text.split("\n"))
