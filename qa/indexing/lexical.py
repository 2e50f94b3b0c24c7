"""Keyword index: jieba words plus character bigrams, scored with BM25 (bm25s)."""
from __future__ import annotations

from array import array
from pathlib import Path
from typing import Iterable, Sequence

import bm25s
import numpy as np

from qa.indexing.tokenizer import TOKENIZER


class LexicalIndex:
    """A bm25s index over tokenized passages; scores every passage at once."""

    def __init__(self, retriever: bm25s.BM25) -> None:
        self._bm25 = retriever
        self._vocab = retriever.vocab_dict

    @classmethod
    def build(cls, texts: Iterable[str]) -> "LexicalIndex":
        """Tokens become ids one passage at a time, so a large archive never
        holds all its tokens as strings (one int32 per token instead)."""
        vocab: dict[str, int] = {}
        corpus_ids = [array("i", [vocab.setdefault(t, len(vocab)) for t in TOKENIZER.keywords(text) or ["∅"]])
                      for text in texts]
        retriever = bm25s.BM25()
        retriever.index((corpus_ids, vocab), show_progress=False)
        return cls(retriever)

    def scores(self, query_tokens: Sequence[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """BM25 score of every passage, each token's times its weight; unknown tokens are ignored.

        Reads each token's column of the sparse score matrix once: the work
        follows the postings, not tokens × passages.
        """
        matrix = self._bm25.scores
        columns = len(matrix["indptr"]) - 1
        ids, factors = [], []
        for token in dict.fromkeys(query_tokens):
            col = self._vocab.get(token)
            if col is not None and col < columns:
                ids.append(col)
                factors.append(weights.get(token, 1.0) if weights else 1.0)
        total = np.zeros(matrix["num_docs"], dtype=np.float32)
        indptr, rows, data = matrix["indptr"], matrix["indices"], matrix["data"]
        for col, factor in zip(ids, factors):
            a, b = indptr[col], indptr[col + 1]
            total[rows[a:b]] += np.float32(factor) * data[a:b]  # a column holds each row once
        extra = self._bm25.nonoccurrence_array  # BM25L / BM25+ only
        if ids and extra is not None:
            total += np.float32(np.dot(extra[ids], factors))
        return total

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        return cls(bm25s.BM25.load(str(folder), show_progress=False))

    @property
    def num_docs(self) -> int:
        return int(self._bm25.scores["num_docs"])

    def vocabulary(self) -> list[str]:
        return list(self._vocab)

    def doc_freq(self, token: str) -> int:
        """How many passages contain the token (0 when it is not in the vocabulary)."""
        col = self._vocab.get(token)
        indptr = self._bm25.scores["indptr"]
        if col is None or col >= len(indptr) - 1:
            return 0
        return int(indptr[col + 1] - indptr[col])
