"""Term coverage in ranking: a word of the question that only a passage or two of the material
use (Hijacker, GetRequestId) names what is asked. Those passages get a bonus, the way a passage that
states the asked answer type does (qa.search.answer_types.type_bonus)."""
from __future__ import annotations

import re

import numpy as np

from qa.indexing.tokenizer import TOKENIZER

DISTINCT_DF = 2  # at most this many passages use the word
DISTINCT_BOOST = 0.25  # added to the fused score of a candidate holding it
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_.\-]{2,}")  # a name in letters (Hijacker, GetRequestId, CAF)


def distinct_words(question: str, lexical, titles: str = "") -> list[str]:
    """The question's names in letters that few passages use (lower-cased, as the index has them);
    not those of a document's title (这次 PFCC 会议的主题: PFCC names the meeting, not the answer)."""
    return sorted({w for w in TOKENIZER.words(question)
                   if _IDENTIFIER.fullmatch(w) and 0 < lexical.doc_freq(w) <= DISTINCT_DF and w not in titles})


def distinct_bonus(question: str, rows, passages, lexical, titles: str = "") -> np.ndarray:
    """Per candidate row: DISTINCT_BOOST when its passage holds one of the question's distinct words;
    ``titles``: the documents' titles, lower-cased."""
    words = distinct_words(question, lexical, titles)
    if not words:
        return np.zeros(len(rows), dtype=np.float32)
    named = re.compile("(?<![a-z0-9])(?:" + "|".join(map(re.escape, words)) + ")(?![a-z0-9])")
    return np.array([DISTINCT_BOOST if named.search(passages[int(r)].text.lower()) else 0.0 for r in rows],
                    dtype=np.float32)
