"""The default store: a FAISS index and a bm25s keyword index, both files in the build folder."""
from __future__ import annotations

import faiss
import numpy as np

from qa.indexing.dense import HNSW_EF_SEARCH, DenseIndex
from qa.indexing.stores.base import Where


class FaissFiles:
    """Copies (passages stored as one vector, qa.indexing.dense) compete as
    one in both lists, then every copy joins the candidates, so a filter still
    finds its own."""

    kind = "faiss"

    def __init__(self, vectors: DenseIndex, lexical, passages) -> None:
        self.vectors, self.lexical, self.passages = vectors, lexical, passages
        self._allowed: dict[Where, np.ndarray] = {}

    def allowed_rows(self, where: Where) -> np.ndarray:
        """Rows that pass a filter (cached: a page asks with the same few filters)."""
        if where not in self._allowed:
            if len(self._allowed) > 256:
                self._allowed.clear()
            self._allowed[where] = np.array(
                [i for i, p in enumerate(self.passages)
                 if (where.speech is None or p.speech == where.speech) and (where.file is None or p.file == where.file)],
                dtype=np.int64)
        return self._allowed[where]

    def dense(self, vector, k, where=None):
        if where is None or where.empty:
            return self.vectors.search(vector, k)
        allowed = self.allowed_rows(where)
        stored = np.unique(self.vectors.groups[allowed])
        if not len(stored):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        ids, scores = _top_k_among(self.vectors.index, vector, min(k, len(stored)), stored)
        rows, which = self.vectors.rows_of(ids)
        keep = np.isin(rows, allowed)
        return rows[keep], scores[which][keep]

    def keyword(self, query_text, tokens, weights, k, where=None, also=None):
        scores = self.lexical.scores(tokens, weights)
        filtered = where is not None and not where.empty
        if filtered:
            mask = np.zeros(len(scores), dtype=bool)
            mask[self.allowed_rows(where)] = True
            scores = competing = np.where(mask, scores, 0.0)
        else:
            competing = np.where(self.vectors.is_first, scores, 0)  # one row stands for its copies
        rows = np.argpartition(-competing, k)[:k] if len(competing) > k else np.arange(len(competing))
        rows = rows[competing[rows] > 0]
        if not filtered:
            rows = self.vectors.rows_of(self.vectors.groups[rows])[0]  # then every copy joins
        if also is not None and len(also):
            rows = np.union1d(rows, also)
        rows = rows[scores[rows] > 0]
        rows = rows[np.argsort(-scores[rows], kind="stable")]
        return rows.astype(np.int64), scores[rows]


def _top_k_among(index: faiss.Index, query: np.ndarray, k: int, allowed: np.ndarray):
    """top_k restricted to ``allowed`` rows (a FAISS ID selector: the search
    skips other rows instead of filtering a global list afterwards)."""
    selector = faiss.IDSelectorBatch(allowed)
    inner = faiss.downcast_index(index)
    if isinstance(inner, faiss.IndexHNSW):
        params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, k))
    else:
        params = faiss.SearchParameters(sel=selector)
    scores, rows = inner.search(np.ascontiguousarray(query[None, :], dtype=np.float32), k, params=params)
    valid = rows[0] >= 0
    return rows[0][valid].astype(np.int64), scores[0][valid]
