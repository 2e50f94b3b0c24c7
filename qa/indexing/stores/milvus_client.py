"""One connection per Milvus address and token in a process, and the
parameters the build and the search share."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from qa.errors import StoreError
from qa.indexing.stores.choice import is_remote

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
