"""The Milvus store: one collection per build, searched by the serving processes.

Each row is one passage: ``row`` (its line in passages.jsonl), file, speech,
directive path, the text that is keyword-indexed (jieba analyzer → BM25
function → sparse field) and its dense vector (COSINE, HNSW). A search is two
Milvus searches, dense and BM25, both with the file/speech filter as an
expression; qa.search.hybrid fuses them the way it fuses the FAISS store's.

The build writes ``manifest["store"]`` = {kind, uri, alias, collection}; a
reader searches the collection named there, so the passages it cites and the
vectors it searches always come from one build, while the alias (switched by
qa.indexing.stores.milvus_build) names the newest build for anyone else.
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from qa.errors import StoreError
from qa.indexing.lexical_stats import FILE as STATS_FILE, LexicalStats
from qa.indexing.stores.base import CorruptFile, Where, saved_vectors
from qa.indexing.stores.choice import resolve_uri
from qa.indexing.stores.milvus_client import CONNECT_TIMEOUT, EF_SEARCH, SEARCH_TIMEOUT, _reason, connect
from qa.indexing.stores.recovery import StoreHealth, guarded

log = logging.getLogger(__name__)


def quoted(value: str) -> str:
    """A Milvus string literal (milvus-lite takes no expression templates, so values are escaped)."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def filter_expression(where: Where | None) -> str:
    """A Milvus boolean expression for a filter ('' for none)."""
    if where is None or where.empty:
        return ""
    parts = []
    if where.speech is not None:
        parts.append(f"speech == {int(where.speech)}")
    if where.file is not None:
        parts.append(f"file == {quoted(where.file)}")
    return " and ".join(parts)


def _row(hit) -> int:
    """A hit's passage row: the primary key, as an output field (milvus-lite) or as its id."""
    entity = hit.get("entity") or {}
    return int(entity["row"] if "row" in entity else hit.get("row", hit.get("id")))


class MilvusStore:
    """Searches one collection; after a failure it reconnects and reloads the
    collection by itself, with backoff (qa.indexing.stores.recovery).

    The build folder keeps, beside passages and speeches:

        vectors.npy         the passage vectors (reused by the next build, not searched)
        lexical_stats.json  token document frequencies (for the no-answer decision)
    """

    kind = "milvus"
    FILES = (STATS_FILE,)
    REUSABLE = ("keys.jsonl", "vectors.npy")

    def __init__(self, client, collection: str, uri: str = "", token: str = "",
                 stats: LexicalStats | None = None) -> None:
        self.client, self.collection, self.uri, self.token = client, collection, uri, token
        self.stats = stats
        self.health = StoreHealth(f"Milvus collection {collection}")

    # -- its files and collection ----------------------------------------------
    @staticmethod
    def write(folder: Path, passages, vectors: np.ndarray, lexical, target) -> dict:
        """A local copy of the vectors and the token counts, and a new collection; the manifest's "store"."""
        from qa.indexing.stores.milvus_build import write_collection

        np.save(folder / "vectors.npy", np.ascontiguousarray(vectors, dtype=np.float32))
        LexicalStats.of(lexical).save(folder / STATS_FILE)
        return {"store": write_collection(target.choice, target.index_dir, target.previous, target.build_name,
                                          passages, vectors)}

    @classmethod
    def load(cls, index_dir: Path, folder: Path, manifest: dict, passages, token: str = "") -> "MilvusStore":
        try:
            stats = LexicalStats.load(folder / STATS_FILE)
        except Exception as exc:
            raise CorruptFile(folder / STATS_FILE, exc) from exc
        store = open_store(index_dir, manifest, len(passages), token)
        store.stats = stats
        return store

    def inconsistency(self, folder: Path, manifest: dict) -> str:
        return ""  # open_store checked one row per passage

    @classmethod
    def saved_vectors(cls, folder: Path, manifest: dict) -> dict[str, np.ndarray]:
        return saved_vectors(folder, manifest, cls.REUSABLE, lambda: np.load(folder / "vectors.npy"))

    @staticmethod
    def publish(index_dir: Path, manifest: dict, target) -> str:
        """Point the serving alias at the new collection; a line for the build report."""
        from qa.indexing.stores.milvus_build import serve

        info = manifest["store"]
        serve(target.choice, index_dir, info)
        return (f"vectors and keyword index in Milvus at {info['uri']}: collection "
                f"{info['collection']}, serving alias {info['alias']}")

    @staticmethod
    def cleanup(index_dir: Path, manifest: dict, target) -> None:
        """The previous build's collection stays, like its folder, for a process still using it."""
        from qa.indexing.stores.milvus_build import drop_unused

        keep = {manifest["store"]["collection"], target.previous.get("store", {}).get("collection")}
        drop_unused(target.choice, index_dir, manifest["store"], keep)

    # -- searching -------------------------------------------------------------
    def vector_groups(self, rows):
        return None  # each passage is its own row in the collection

    def same_vector(self, row: int) -> list[int]:
        return []

    def _recover(self) -> None:
        """Load the collection again (a restarted server has released it); on
        failure, a new connection, then load it."""
        try:
            self.client.load_collection(self.collection, timeout=CONNECT_TIMEOUT)
            return
        except Exception:
            if not self.uri:
                raise
        self.client = connect(self.uri, self.token, fresh=True)
        self.client.load_collection(self.collection, timeout=CONNECT_TIMEOUT)

    def _search(self, data, field: str, k: int, where: Where | None, params: dict):
        def search():
            return self.client.search(self.collection, data=data, anns_field=field, limit=k,
                                      filter=filter_expression(where), output_fields=["row"],
                                      search_params=params, timeout=SEARCH_TIMEOUT)

        found = guarded(self.health, search, self._recover)  # StoreUnavailable (a StoreError) when down
        hits = found[0] if found else []
        rows = np.array([_row(h) for h in hits], dtype=np.int64)
        scores = np.array([h["distance"] for h in hits], dtype=np.float32)
        return rows, scores

    def dense(self, vector, k, where=None):
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return self._search([np.asarray(vector, dtype=np.float32).tolist()], "vector", k, where,
                            {"metric_type": "COSINE", "params": {"ef": max(EF_SEARCH, k)}})

    def keyword(self, query_text, tokens, weights, k, where=None, also=None):
        if k <= 0 or not query_text.strip():
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        rows, scores = self._search([query_text], "sparse", k, where, {"metric_type": "BM25"})
        # milvus-lite returns BM25 scores negated (a distance), a server positive: the size is the score.
        scores = np.abs(scores)
        keep = scores > 0
        return rows[keep], scores[keep]


def open_store(index_dir: Path, manifest: dict, passages: int, token: str = "") -> MilvusStore:
    """The store a build's manifest names, checked to hold one row per passage."""
    info = manifest.get("store", {})
    uri, collection = resolve_uri(info.get("uri", ""), index_dir), info.get("collection", "")
    if not info.get("uri") or not collection:
        raise StoreError("the manifest names no Milvus URI or collection")
    client = connect(uri, token)
    try:
        if not client.has_collection(collection):
            raise StoreError(f"Milvus at {info['uri']} has no collection {collection} (dropped, or another "
                             f"Milvus than the one the index was built on)")
        rows = int(client.get_collection_stats(collection).get("row_count", -1))
        client.load_collection(collection)
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"Milvus at {info['uri']}: {_reason(exc)}") from exc
    if rows != passages:
        raise StoreError(f"Milvus collection {collection} holds {rows} rows for {passages} passages")
    return MilvusStore(client, collection, uri, token)
