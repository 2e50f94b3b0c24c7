"""A passage's sentences, as the answer stage quotes them and the index
embeds them (qa.indexing.sentence_vectors): both must cut a text the same way."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Sentence ends; ； also ends one (a 要… list gives one sentence per item).
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*[”’」』）)]*")
# …except a table row (qa/ingest/tables.py: 表头：值；表头：值。), which is one sentence.
_TABLE_ROW = re.compile(r"(?m)^[^：；。\n]{1,16}：[^；\n]*(；[^：；。\n]{1,16}：[^；\n]*)+。$")
_ONE = re.compile(_TABLE_ROW.pattern + "|" + _SENTENCE.pattern, re.M)


@dataclass
class Sentence:
    text: str
    start: int  # offset within the passage text


def split_sentences(text: str) -> list[Sentence]:
    out = []
    for m in (_ONE if "：" in text else _SENTENCE).finditer(text):
        raw = m.group()
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if re.search(r"\w", body):
            out.append(Sentence(body, m.start() + lead))
    return out
