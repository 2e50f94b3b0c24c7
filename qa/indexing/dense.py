"""The dense vector index (FAISS), chosen by size; each distinct vector stored once.

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

from qa.settings import DEFAULT_HNSW_THRESHOLD

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


def make_vector_index(vectors: np.ndarray, threshold: int | None = None) -> faiss.Index:
    """An exact index for a small archive, an HNSW graph from ``threshold`` rows on."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = vectors.shape[1]
    if len(vectors) < (DEFAULT_HNSW_THRESHOLD if threshold is None else threshold):
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    if len(vectors):
        index.add(vectors)  # graph construction runs on every core
    return index


def index_kind(index) -> str:
    """'exact' or 'hnsw', for reports (of a faiss index or a DenseIndex)."""
    index = getattr(index, "index", index)
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


# -- one stored vector per distinct passage vector ------------------------------------

# Two passage vectors this close (cosine) are one stored vector: thousands of
# copies of one page (a PDF naming a page 31,000 times) otherwise fill every
# HNSW neighbour list and every candidate list, and nothing else is found.
NEAR_DUPLICATE = 0.995
# The HNSW graph is kept only if it finds this share of the exact top 10 for
# a sample of its own vectors; otherwise efSearch is raised, then exact search used.
MIN_RECALL = 0.95
RECALL_SAMPLE = 200
MAX_EF_SEARCH = 4096
GROUPS_FILE = "vector_groups.npy"
VECTORS_FILE = "vectors.faiss"


class DenseIndex:
    """Passage vectors, each distinct one stored once.

    ``groups[row]`` is the stored vector of passage ``row``; passages sharing
    one are identical or near-identical. A search returns every passage of
    each stored vector it finds, so results still reach every citation.
    """

    def __init__(self, index: faiss.Index, groups: np.ndarray, report: dict | None = None) -> None:
        self.index = index
        self.groups = np.ascontiguousarray(groups, dtype=np.int64)
        self.ntotal = len(self.groups)  # passages, as for a plain index
        self.d = index.d
        self.report = report or {}
        self._order = np.argsort(self.groups, kind="stable")  # rows by stored vector, each in row order
        self._starts = np.searchsorted(self.groups[self._order], np.arange(index.ntotal + 1))
        self.is_first = np.zeros(len(self.groups), dtype=bool)  # one row stands for each stored vector
        self.is_first[self._order[self._starts[:-1][self._starts[:-1] < len(self.groups)]]] = True

    @property
    def stored(self) -> int:
        return int(self.index.ntotal)

    def rows_of(self, stored_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every passage row of the given stored vectors, and which of them each row belongs to."""
        stored_ids = np.asarray(stored_ids, dtype=np.int64)
        if not len(stored_ids):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        sizes = self._starts[stored_ids + 1] - self._starts[stored_ids]
        rows = np.concatenate([self._order[self._starts[g]:self._starts[g + 1]] for g in stored_ids])
        return rows, np.repeat(np.arange(len(stored_ids)), sizes)

    def same_vector(self, row: int) -> np.ndarray:
        """The other passage rows stored as the same vector as ``row``."""
        rows, _ = self.rows_of(self.groups[[row]])
        return rows[rows != row]

    def reconstruct_n(self, start: int, n: int) -> np.ndarray:
        """Each passage's vector (as a plain index gives them)."""
        stored = self.index.reconstruct_n(0, self.index.ntotal) if self.index.ntotal else np.zeros((0, self.d))
        return np.asarray(stored, dtype=np.float32)[self.groups[start:start + n]]

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and scores of the passages of the ``k`` nearest stored vectors, best first."""
        ids, scores = top_k(self.index, query, k)
        rows, which = self.rows_of(ids)
        return rows, scores[which]

    def save(self, folder) -> None:
        # Written by Python, not faiss.write_index: FAISS only prints a failed
        # close (a full disk) and returns as if the file were whole.
        with open(folder / VECTORS_FILE, "wb") as out:
            out.write(memoryview(faiss.serialize_index(self.index)))
        with open(folder / GROUPS_FILE, "wb") as out:
            np.save(out, self.groups.astype(np.int32))

    @classmethod
    def load(cls, folder, report: dict | None = None) -> "DenseIndex":
        index = faiss.read_index(str(folder / VECTORS_FILE))
        groups = np.load(folder / GROUPS_FILE, allow_pickle=False)
        if groups.ndim != 1 or groups.dtype.kind not in "iu" or (
                len(groups) and (groups.min() < 0 or groups.max() >= index.ntotal)):
            raise ValueError(f"{GROUPS_FILE} does not map passages to the {index.ntotal} stored vectors")
        return cls(index, groups, report)


def build_dense_index(vectors: np.ndarray, threshold: int | None = None) -> DenseIndex:
    """Store each distinct vector once, then index the stored ones (exact or HNSW, recall checked)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    groups, probe = _near_duplicates(vectors, threshold)
    first = np.unique(groups)  # the representative of a group is its first row
    stored = vectors[first]
    groups = np.searchsorted(first, groups)
    if probe is not None and probe.ntotal == len(stored):  # no near copies: the probe is the index
        index = probe
        if index_kind(index) == "hnsw":
            faiss.downcast_index(index).hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = make_vector_index(stored, threshold)
    report = {"passages": len(vectors), "stored_vectors": len(stored)}
    if index_kind(index) == "hnsw":
        index, recall = _checked_hnsw(index, stored)
        report["recall_at_10"] = round(recall, 4)
    report["kind"] = index_kind(index)
    if report["kind"] == "hnsw":
        report["ef_search"] = int(faiss.downcast_index(index).hnsw.efSearch)
    return DenseIndex(index, groups, report)


def near_duplicate_groups(vectors: np.ndarray, near: float = NEAR_DUPLICATE) -> np.ndarray:
    """For each row, the first row whose vector is the same or within ``near`` (cosine) of it."""
    return _near_duplicates(np.ascontiguousarray(vectors, dtype=np.float32), None, near)[0]


def _near_duplicates(vectors: np.ndarray, threshold: int | None,
                     near: float = NEAR_DUPLICATE) -> tuple[np.ndarray, faiss.Index | None]:
    """Each row's group (its first row), and the index of the distinct vectors used to find them."""
    if len(vectors) == 0:
        return np.zeros(0, np.int64), None
    _, first, inverse = np.unique(vectors, axis=0, return_index=True, return_inverse=True)
    parent = first[inverse.ravel()].astype(np.int64)  # identical vectors: their first row
    distinct = np.unique(parent)
    if len(distinct) < 2:
        return parent, None
    # Near copies: each distinct vector's nearest other one (exact below the
    # HNSW size, else the graph; both search in batches on every core).
    probe = make_vector_index(vectors[distinct], threshold)
    if index_kind(probe) == "hnsw":
        faiss.downcast_index(probe).hnsw.efSearch = 64
    scores, ids = probe.search(vectors[distinct], 2)
    link = np.arange(len(distinct))
    for i, (score_row, id_row) in enumerate(zip(scores, ids)):
        for score, j in zip(score_row, id_row):
            if j >= 0 and j != i and score >= near:
                a, b = _root(link, i), _root(link, int(j))
                link[max(a, b)] = min(a, b)
    roots = np.array([_root(link, i) for i in range(len(distinct))])
    representative = dict(zip(distinct.tolist(), distinct[roots].tolist()))
    return np.array([representative[p] for p in parent.tolist()], dtype=np.int64), probe


def _root(link: np.ndarray, i: int) -> int:
    while link[i] != i:
        link[i] = link[link[i]]
        i = int(link[i])
    return i


def measured_recall(index: faiss.Index, stored: np.ndarray, sample: int = RECALL_SAMPLE, k: int = 10) -> float:
    """Recall@k of ``index`` against exact search, for a sample of its own vectors.

    A result counts when it scores at least the exact k-th (ann-benchmarks'
    rule), so which of several equal vectors comes back does not matter."""
    rng = np.random.default_rng(0)
    queries = stored[rng.choice(len(stored), size=min(sample, len(stored)), replace=False)]
    k = min(k, len(stored))
    exact = faiss.IndexFlatIP(stored.shape[1])
    exact.add(stored)
    kth = exact.search(queries, k)[0][:, -1]
    found = index.search(queries, k)[0]
    return float(np.mean(np.sum(found >= kth[:, None] - 1e-5, axis=1) / k))


def _checked_hnsw(index: faiss.Index, stored: np.ndarray) -> tuple[faiss.Index, float]:
    """The graph with an efSearch that reaches MIN_RECALL, else exact search."""
    hnsw = faiss.downcast_index(index).hnsw
    recall = measured_recall(index, stored)
    while recall < MIN_RECALL and hnsw.efSearch < MAX_EF_SEARCH:
        hnsw.efSearch = min(MAX_EF_SEARCH, hnsw.efSearch * 2)
        recall = measured_recall(index, stored)
    if recall >= MIN_RECALL:
        return index, recall
    exact = faiss.IndexFlatIP(stored.shape[1])
    exact.add(stored)
    return exact, 1.0
