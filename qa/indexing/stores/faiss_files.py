"""The default store: a FAISS index and a bm25s keyword index, both files in the build folder.

    vectors.faiss       L2-normalized passage vectors (each distinct one once), inner-product index
    vector_groups.npy   for each passage, its stored vector in vectors.faiss
    lexical/            the bm25s keyword index
"""
from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from qa.indexing.dense import GROUPS_FILE, HNSW_EF_SEARCH, VECTORS_FILE, DenseIndex, build_dense_index
from qa.indexing.lexical import LexicalIndex
from qa.indexing.stores.base import CorruptFile, Where, saved_vectors

LEXICAL_DIR = "lexical"


class FaissFiles:
    """Copies (passages stored as one vector, qa.indexing.dense) compete as
    one in both lists, then every copy joins the candidates, so a filter still
    finds its own."""

    kind = "faiss"
    FILES = (VECTORS_FILE, GROUPS_FILE, LEXICAL_DIR)  # what a build folder must hold for it
    REUSABLE = ("keys.jsonl", VECTORS_FILE, GROUPS_FILE)  # what a rebuild reads its vectors from

    def __init__(self, vectors: DenseIndex, lexical, passages) -> None:
        self.vectors, self.lexical, self.passages = vectors, lexical, passages
        self._allowed: dict[Where, np.ndarray] = {}

    # -- its files -----------------------------------------------------------
    @staticmethod
    def write(folder: Path, passages, vectors: np.ndarray, lexical, target) -> dict:
        """Its files in a new build folder; what the manifest adds ("dense": how the vectors are indexed)."""
        dense = build_dense_index(vectors, target.choice.hnsw_threshold)  # each distinct vector once
        dense.save(folder)
        lexical.save(folder / LEXICAL_DIR)
        return {"dense": dense.report}

    @classmethod
    def load(cls, index_dir: Path, folder: Path, manifest: dict, passages, token: str = "") -> "FaissFiles":
        try:
            vectors = DenseIndex.load(folder, manifest.get("dense"))
        except Exception as exc:
            raise CorruptFile(folder / VECTORS_FILE, exc) from exc
        try:
            lexical = LexicalIndex.load(folder / LEXICAL_DIR)
        except Exception as exc:
            raise CorruptFile(folder / LEXICAL_DIR, exc) from exc
        return cls(vectors, lexical, passages)

    def inconsistency(self, folder: Path, manifest: dict) -> str:
        """What does not add up between its files and the manifest ('' when all does)."""
        n = len(self.passages)
        if ((n, self.vectors.ntotal, self.lexical.num_docs) != (manifest.get("passages"), n, n)
                or self.vectors.d != manifest["embedder"].get("dim", self.vectors.d)):
            return (f"index {folder} is inconsistent ({n} passages, {self.vectors.ntotal} vector rows, "
                    f"{self.lexical.num_docs} keyword rows; its manifest says {manifest.get('passages')} passages)")
        return ""

    @property
    def stats(self):
        """Token document frequencies, for the no-answer decision."""
        return self.lexical

    @classmethod
    def saved_vectors(cls, folder: Path, manifest: dict) -> dict[str, np.ndarray]:
        """key → vector of a build folder's passages (empty when its files do not check out)."""
        def load():
            index = DenseIndex.load(folder)
            return index.reconstruct_n(0, index.ntotal)
        return saved_vectors(folder, manifest, cls.REUSABLE, load)

    @staticmethod
    def publish(index_dir: Path, manifest: dict, target) -> str:
        """Nothing to switch outside the folder: CURRENT names the build."""
        return ""

    @staticmethod
    def cleanup(index_dir: Path, manifest: dict, target) -> None:
        """Old build folders go with qa.indexing.build_folder.activate."""

    # -- searching -------------------------------------------------------------
    def vector_groups(self, rows: np.ndarray) -> np.ndarray:
        return self.vectors.groups[rows]

    def same_vector(self, row: int) -> list[int]:
        return [int(r) for r in self.vectors.same_vector(row)]

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
