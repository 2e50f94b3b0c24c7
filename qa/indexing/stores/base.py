"""The store interface the search uses: dense and keyword candidates, filtered."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from qa.errors import QAError


@dataclass(frozen=True)
class Where:
    """Only passages of this speech ordinal and/or this file (None: any)."""

    speech: int | None = None
    file: str | None = None

    @property
    def empty(self) -> bool:
        return self.speech is None and self.file is None


class Store(Protocol):
    kind: str  # "faiss" or "milvus", for reports

    def dense(self, vector: np.ndarray, k: int, where: Where | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Rows and cosine scores of the k passages nearest ``vector``, best first."""

    def keyword(self, query_text: str, tokens: list[str], weights: dict[str, float], k: int,
                where: Where | None = None, also: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Rows and BM25 scores (> 0) of the k best keyword matches, best first.

        ``tokens``/``weights`` are the question as qa.indexing.lexical tokenizes
        it; a store with its own analyzer reads ``query_text`` instead. A store
        that scores every passage anyway (the FAISS files) adds the rows in
        ``also`` (the dense candidates) with their scores; others may ignore it."""


class StoreError(QAError):
    """The store cannot be reached, or does not hold what the index names."""
