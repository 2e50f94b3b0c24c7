"""The dense vector index (FAISS), chosen by size.

Below the HNSW threshold (30k passages): exact inner-product search (IndexFlatIP).
From there on: an HNSW graph (IndexHNSWFlat, inner product), whose search
time barely grows with the archive; its recall@10 against exact search is
measured by scripts/bench.py (docs/benchmarks.md). Both keep the vectors, so
``reconstruct_n`` (vector reuse on rebuild) works for either, and
``faiss.read_index`` gives back whichever was written, efSearch included.
"""
from __future__ import annotations

from contextlib import contextmanager

import faiss
import numpy as np

from qa import settings

# Exact search scans every vector; the graph visits about efSearch of them.
# Measured top-200 for one 384-d query on one core (docs/benchmarks.md):
# exact 0.7 ms at 10k passages and 8.7 ms at 100k, HNSW 0.8 ms and 2.2 ms:
# they cross near 25-30k, so up to that size exact search costs no more and
# is exact: settings.DEFAULT_HNSW_THRESHOLD (30k); $QA_HNSW_THRESHOLD
# overrides it (tests, benchmarks).
HNSW_M = 32  # graph degree: 2·M links per vector on the base layer
# Recall@10 against exact search on e5 vectors of generated archives: 1.000 at
# 10k, 0.999 at 100k (tiled, clusters of near copies) with efConstruction 200 and
# efSearch 512 (~2 ms); efSearch 128 fell to 0.95-0.97 there, and more links
# (M=48) bought little.
HNSW_EF_CONSTRUCTION = 200
# Candidate list kept while searching; a search for k results uses max(efSearch, k).
HNSW_EF_SEARCH = 512


def hnsw_threshold() -> int:
    return settings.read("QA_HNSW_THRESHOLD")


def make_vector_index(vectors: np.ndarray, threshold: int | None = None) -> faiss.Index:
    """An exact index for a small archive, an HNSW graph from ``threshold`` rows on."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = vectors.shape[1]
    if len(vectors) < (hnsw_threshold() if threshold is None else threshold):
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    if len(vectors):
        index.add(vectors)  # graph construction runs on every core
    return index


def index_kind(index: faiss.Index) -> str:
    """'exact' or 'hnsw', for reports."""
    return "hnsw" if isinstance(faiss.downcast_index(index), faiss.IndexHNSW) else "exact"


@contextmanager
def _one_thread():
    """One query is one thread's work; waking a pool for it costs more than it
    saves, a lot more on a busy machine. The setting is per calling thread."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def top_k(index: faiss.Index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and cosine scores of the k nearest passages, best first."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    with _one_thread():
        scores, rows = index.search(np.ascontiguousarray(query[None, :], dtype=np.float32), k)
    valid = rows[0] >= 0
    return rows[0][valid], scores[0][valid]
