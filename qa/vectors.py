"""The dense vector index: exact inner-product search (FAISS)."""
from __future__ import annotations

import faiss
import numpy as np


def make_vector_index(vectors: np.ndarray) -> faiss.Index:
    index = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def top_k(index: faiss.Index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and cosine scores of the k nearest passages, best first."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    scores, rows = index.search(np.ascontiguousarray(query[None, :], dtype=np.float32), k)
    valid = rows[0] >= 0
    return rows[0][valid], scores[0][valid]
