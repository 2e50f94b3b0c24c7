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
import threading
from pathlib import Path

import numpy as np

from qa.indexing.stores.base import StoreError, Where
from qa.indexing.stores.recovery import StoreHealth, guarded
from qa.indexing.stores.settings import is_remote, resolve_uri, token as env_token

# milvus-lite logs a traceback of its own when a database is locked; the
# message raised here says what to do instead.
logging.getLogger("milvus_lite.server_manager").setLevel(logging.CRITICAL)
logging.getLogger("pymilvus").setLevel(logging.CRITICAL)  # it logs each failed call; StoreError says it once
# milvus-lite's in-process server lacks AllocTimestamp, which pymilvus asks for
# once after creating an index (and carries on); gRPC logs that with a traceback.
logging.getLogger("grpc._server").setLevel(logging.CRITICAL)

# Same candidate exploration as the FAISS HNSW graph (qa.indexing.dense).
HNSW_PARAMS = {"M": 32, "efConstruction": 200}
EF_SEARCH = 512
CONNECT_TIMEOUT = 10  # seconds to wait for a server that does not answer
SEARCH_TIMEOUT = 10  # seconds for one search, retries included: a question must not hang

_CLIENTS: dict[tuple[str, str], object] = {}
_CLIENTS_LOCK = threading.Lock()


def _locked_elsewhere(path: str) -> bool:
    """Whether another process holds a milvus-lite database open (its LOCK file)."""
    lock = Path(path) / "LOCK"
    if not lock.exists():
        return False
    import fcntl  # POSIX only, like milvus-lite's own lock; imported here so FAISS users never need it
    try:
        with open(lock, "a") as f:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(f, fcntl.LOCK_UN)
        return False
    except OSError:
        return True


def connect(uri: str, token: str = "", fresh: bool = False):
    """One MilvusClient per address and token in a process (thread-safe, reused);
    ``fresh``: a new one in place of the cached one (after a server restart)."""
    key = (uri, token)
    with _CLIENTS_LOCK:
        if fresh and key in _CLIENTS:
            old = _CLIENTS.pop(key)
            try:
                old.close()
            except Exception:  # a dead connection may fail to close; it is dropped anyway
                pass
        if key in _CLIENTS:
            return _CLIENTS[key]
        try:
            from pymilvus import MilvusClient
        except ImportError:
            raise StoreError("Milvus needs pymilvus, which is not installed: pip install -e '.[milvus]' "
                             "(pymilvus and milvus-lite)") from None
        if not is_remote(uri):
            try:
                from milvus_lite.server_manager import server_manager_instance as lite
            except ImportError:
                raise StoreError(f"a local Milvus database ({uri}) needs milvus-lite, which is not installed: "
                                 f"pip install milvus-lite, or give a server's http:// URI") from None
            opened_here = str(Path(uri).resolve()) in getattr(lite, "_servers", {})
            if not opened_here and _locked_elsewhere(uri):
                raise StoreError(
                    f"the milvus-lite database {uri} is open in another process (a running app or build); "
                    f"one process at a time can open a milvus-lite file. Stop that process, or serve the "
                    f"database to all of them: python -m milvus_lite server --data-dir {uri} "
                    f"--host 127.0.0.1 --port 19530, and build with --milvus-uri http://127.0.0.1:19530")
            Path(uri).parent.mkdir(parents=True, exist_ok=True)
        try:
            client = MilvusClient(uri=uri, token=token, timeout=CONNECT_TIMEOUT)
        except Exception as exc:
            raise StoreError(f"cannot connect to Milvus at {uri}: {_reason(exc)}") from exc
        _CLIENTS[key] = client
        return client


def _reason(exc: Exception) -> str:
    return getattr(exc, "message", None) or f"{exc.__class__.__name__}: {exc}"


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
    collection by itself, with backoff (qa.indexing.stores.recovery)."""

    kind = "milvus"

    def __init__(self, client, collection: str, uri: str = "", token: str = "") -> None:
        self.client, self.collection, self.uri, self.token = client, collection, uri, token
        self.health = StoreHealth(f"Milvus collection {collection}")

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


def open_store(index_dir: Path, manifest: dict, passages: int) -> MilvusStore:
    """The store a build's manifest names, checked to hold one row per passage."""
    info = manifest.get("store", {})
    uri, collection = resolve_uri(info.get("uri", ""), index_dir), info.get("collection", "")
    if not info.get("uri") or not collection:
        raise StoreError("the manifest names no Milvus URI or collection")
    token = env_token()
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
