"""The no-answer decision: does the best passage answer the question, or is
the question about something the speeches never discuss?

An answer-type check first (a price asked, none stated), then two signals,
each weak alone (measured in README):
- contrast: the question's best dense similarity to the corpus minus its best
  similarity to a list of typical off-topic questions (data/off_topic.txt);
  e5 scores every Chinese question high, so only the difference tells;
- coverage: the share of the question's informative words (IDF-weighted,
  synonyms counted) that the top passages contain.
"""
from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import numpy as np

from qa import config
from qa.cache import LRU
from qa.indexing.tokenizer import TOKENIZER
from qa.models import Passage
from qa.search.answer_types import CALLING, MONEY, PHONE_GROUPS, SUM_IN_WAN, match_text
from qa.search.query import Query
from qa.search.sentences import QUOTED

# answerable when contrast + COVERAGE_WEIGHT * coverage >= MIN_SCORE
COVERAGE_WEIGHT = 0.05
MIN_SCORE = 0.01
# Embedded anchor lists, per embedder and file content: an edited file is
# embedded again, and old versions fall out.
_ANCHORS: LRU[np.ndarray] = LRU(8)


def anchor_vectors(embedder, path: Path) -> np.ndarray:
    """Embedded off-topic anchors, cached per embedder and file content."""
    anchors = list(config.data_lines(path))
    key = (embedder.id, hashlib.sha1("\n".join(anchors).encode("utf-8")).hexdigest())
    return _ANCHORS.get_or_make(key, lambda: (embedder.embed_passages(anchors) if anchors
                                              else np.zeros((0, embedder.dim), dtype=np.float32)))


# Nouns carry what a question is about: an unknown noun (潜伏期, 车险) means
# an unanswered topic, an unknown verb or particle (耍, 没得) often only a way
# of speaking. Other words count at this share of a noun.
NOUN_TAGS = ("n", "vn", "nz", "nr", "ns", "nt", "eng", "an", "j", "l", "i")
OTHER_WORD_WEIGHT = 0.4


def content_words(text: str) -> list[tuple[str, float]]:
    """(word, weight) for the informative words of a question."""
    return [(w, 1.0 if flag.startswith(NOUN_TAGS) else OTHER_WORD_WEIGHT) for w, flag in TOKENIZER.tagged(text)]


def coverage(query: Query, passages: list[Passage], lexical) -> float:
    """IDF- and part-of-speech-weighted share of the question's words found
    in the passages.

    A user word from the synonym list counts as found when one of its
    synonyms stands in the passages; a longer word not found counts by the
    share of its character pairs that are."""
    text = " ".join(p.search_text for p in passages)
    n = max(lexical.num_docs, 1)
    core = query.core
    total = found = 0.0
    for key, values in sorted(query.synonyms.items(), key=lambda kv: -len(kv[0])):
        if key in core:
            core = core.replace(key, " ")
            idf = math.log((n + 1) / 0.5)  # a user's word: as telling as a rare one
            total += idf
            found += idf if key in text or any(v in text for v in values) else 0.0
    for word, weight in content_words(core):
        idf = weight * math.log((n + 1) / (lexical.doc_freq(word) + 0.5))
        total += idf
        if word in text:
            found += idf
        elif len(word) >= 2:
            pairs = [word[i : i + 2] for i in range(len(word) - 1)]
            found += idf * sum(p in text for p in pairs) / len(pairs)
    return found / total if total else 0.0


# Expected answer types: a question asking for a price, a clock time, a
# duration or a dose is answered only by a passage that states one.
_NUMBER = r"[\dXxＸｘ一二三四五六七八九十两几半]+"
ANSWER_TYPES = [
    ("price", re.compile(r"多少钱|价格|价钱|收费|几块钱|多少费用|费用是多少|贵不贵"),
     re.compile(rf"{_NUMBER}(?:\.\d+)?\s*[万亿千百]?[余多]?\s*(元|块|角)|{MONEY}|免费|价格|收费|{SUM_IN_WAN}")),
    ("clock", re.compile(r"几点|什么时[候间]开门|什么时[候间]关门|营业时间"),
     re.compile(rf"{_NUMBER}\s*[点时:：]|[上下]午|营业")),
    ("duration", re.compile(r"(?<!哪)几天|多少天|多久|多长时间|(?<!哪)几个月|(?<!哪)几年|多少年|潜伏期"),  # 哪几天 asks dates
     re.compile(rf"{_NUMBER}\s*(天|日|小时|周|个月|年)|潜伏期")),
    ("dose", re.compile(r"毫克|剂量|吃几次|吃几片|用量"), re.compile(r"毫克|剂量|片|用量")),
    # 举报电话是多少: a number one can dial, not the word 电话
    # (400-810-8888 / 1-866-860-4259: a number dialled in dashed groups, the last of 3 or 4 digits, no date)
    ("phone", re.compile(r"电话|热线|手机号"), re.compile(r"\d{3,4}\s*[-－—]?\s*\d{7,8}|1[3-9]\d{9}|(?<!\d)\d{5,8}(?![\d年月日号.%])|"
                                                    + PHONE_GROUPS)),
    # 发到哪个邮箱 / 办公地址在哪里: an address one can write to or go to, not the word 邮箱 or 地址
    ("email", re.compile(r"邮箱|电子邮件|(?i:e-?mail)"), re.compile(r"[\w.+-]+\s*@\s*[\w-]+\.\w")),
    ("address", re.compile(r"地址|办公地点"),
     re.compile(r"(?:地址|地点)\s*[：:]\s*\S|[路街巷道]\s*\d+\s*号|\d+\s*号(?:楼|院)|大厦|[\d一二三四五六七八九十]+\s*楼|\d+\s*室")),
]


def missing_answer_type(query: Query, passages: list[Passage]) -> str | None:
    """The answer type the question asks for that none of the passages states."""
    text = match_text(" ".join(p.text for p in passages))  # (夜間十一時: the simplified form states 时)
    asked = CALLING.sub("", query.text)
    for name, asks, states in ANSWER_TYPES:
        if asks.search(asked) and not states.search(text):
            return name
    return None


def _quotes_what_it_finds(query: Query, passages: list[Passage]) -> bool:
    quoted = [q for q in QUOTED.findall(query.raw) if re.search(r"[\u4e00-\u9fff]{2}", q)]
    return bool(quoted) and all(q in p.text for q in quoted for p in passages)


def contrast(best_dense: float, query_vector: np.ndarray, anchors: np.ndarray) -> float:
    if not len(anchors):
        return best_dense
    return best_dense - float((anchors @ query_vector).max())


def is_answerable(query: Query, passages: list[Passage], best_dense: float, query_vector: np.ndarray,
                  anchors: np.ndarray, lexical) -> bool:
    if missing_answer_type(query, passages):
        return False
    if _quotes_what_it_finds(query, passages[:1]):
        return True  # “职教高考”是怎么回事: the asker quotes the material's own words, and the passage holds them
    score = contrast(best_dense, query_vector, anchors) + COVERAGE_WEIGHT * coverage(query, passages, lexical)
    return score >= MIN_SCORE
