"""The one tokenizer: jieba words, Han character bigrams and the stop words.

The keyword index, sentence choice, the no-answer coverage and the page's
highlighting all cut text with this object, and a build names it in its
manifest (``TOKENIZER.describe()``), so a build and the questions asked of it
are cut the same way.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import re

import jieba
import jieba.posseg as pseg

from qa import config
from qa.cache import LRU
from qa.simplified import to_simplified

jieba.setLogLevel(logging.WARNING)

_HAN = re.compile(r"[\u3400-\u9fff]+")
_PIECE = re.compile(r"[\u3400-\u9fff]+|[A-Za-z]+|\d+")
_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_NUMERAL = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿]+")
SHORT = 200  # texts up to this long (questions, sentences) are remembered once cut


class Tokenizer:
    """``keywords`` for the keyword index, ``words`` for matching sentences,
    ``tagged`` for weighing a question's words by part of speech."""

    name = "jieba-search+han-bigrams/2"  # /2: cut in simplified characters

    def __init__(self, stop_words: frozenset[str]) -> None:
        # Words too common in this genre to tell passages apart (data/stopwords.txt;
        # the build's pipeline fingerprint includes it, so an edit rebuilds).
        self.stop_words = stop_words
        # A question's words are cut by several stages (sentence choice, both
        # no-answer checks): each short text is cut once (POS tagging is ~1 ms).
        self._words: LRU[tuple[str, ...]] = LRU(4096)
        self._keywords: LRU[tuple[str, ...]] = LRU(4096)
        self._tagged: LRU[tuple[tuple[str, str], ...]] = LRU(4096)
        self._edges: LRU[frozenset[int]] = LRU(20_000)

    def keywords(self, text: str) -> list[str]:
        """jieba search-mode words, plus Han character bigrams for unseen words."""
        if len(text) > SHORT:  # a passage, cut once by the build
            return self._cut_keywords(text)
        return list(self._keywords.get_or_make(text, lambda: tuple(self._cut_keywords(text))))

    def _cut_keywords(self, text: str) -> list[str]:
        tokens: list[str] = []
        for piece in _PIECE.findall(to_simplified(text).lower()):
            if _HAN.fullmatch(piece):
                tokens.extend(w for w in jieba.cut_for_search(piece) if w not in self.stop_words)
                tokens.extend(piece[i : i + 2] for i in range(len(piece) - 1))
            else:
                tokens.append(piece)
        return tokens

    def words(self, text: str) -> list[str]:
        """The words a sentence is matched by: jieba's (search mode, so 疫苗接种
        gives 疫苗, 接种 too), two characters or more, or Latin letters and digits."""
        if len(text) > SHORT:
            return self._cut_words(text)
        return list(self._words.get_or_make(text, lambda: tuple(self._cut_words(text))))

    def _cut_words(self, text: str) -> list[str]:
        return [w for w in jieba.cut_for_search(to_simplified(text).lower()) if w not in self.stop_words
                and (len(w) >= 2 and re.fullmatch(r"[\u3400-\u9fff]+", w) or re.fullmatch(r"[a-z0-9]+", w))]

    def telling_words(self, text: str) -> set[str]:
        """Search-mode words of two characters or more, stop words left out (what a reply highlights)."""
        return {w for w in jieba.cut_for_search(text) if len(w.strip()) >= 2 and w not in self.stop_words}

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech flag) of the content words (no stop words, no punctuation)."""
        if len(text) > SHORT:
            return self._tag(text)
        return list(self._tagged.get_or_make(text, lambda: tuple(self._tag(text))))

    def _tag(self, text: str) -> list[tuple[str, str]]:
        return [(w, flag) for w, flag in pseg.cut(to_simplified(text)) if _CONTENT.search(w) and w not in self.stop_words]

    def edges(self, text: str) -> frozenset[int]:
        """Offsets where jieba's words (precise mode) start or end in ``text``."""
        return self._edges.get_or_make(text, lambda: frozenset(
            i for _, start, end in jieba.tokenize(text) for i in (start, end)))

    def holds_word(self, word: str, text: str) -> bool:
        """``word`` stands in ``text`` as a word, or as the head or tail of one (换新 in 以旧换新),
        not across the middle of another (学风 in 教学风格, 家里 in 行家里手); numbers anywhere."""
        at = text.find(word)
        if at < 0 or _NUMERAL.fullmatch(word):
            return at >= 0
        edges = self.edges(text)
        while at >= 0:
            if at in edges or at + len(word) in edges:
                return True
            at = text.find(word, at + 1)
        return False

    def describe(self) -> dict:
        """What a manifest records: the tokenizer and the stop words it used."""
        digest = hashlib.sha1("\n".join(sorted(self.stop_words)).encode("utf-8")).hexdigest()[:12]
        return {"name": self.name, "stop_words": digest}


@functools.lru_cache(maxsize=1)
def _freq():
    jieba.initialize()
    return jieba.dt.FREQ


def general_frequency(word: str) -> int:
    """How often jieba's dictionary counts the word in general Chinese (0: not a word it knows,
    such as one its HMM guessed from unknown characters)."""
    return int(_freq().get(word, 0) or 0)


TOKENIZER = Tokenizer(frozenset(config.data_words("stopwords.txt")))
