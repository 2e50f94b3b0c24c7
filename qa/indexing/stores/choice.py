"""Which store a build writes to: the flags and settings first (--store,
--milvus-uri, --milvus-token; QA_STORE, QA_MILVUS_URI, QA_MILVUS_TOKEN, read
once by the entry point), then the store of the index's current build (a
rebuild without flags stays where it was), else the FAISS files."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa.errors import StoreError
from qa.settings import DEFAULT_HNSW_THRESHOLD

KINDS = ("faiss", "milvus")
# A milvus-lite database inside the index folder, recorded relative to it so
# the folder can move (or be mounted elsewhere by a replica).
LOCAL_DB = "milvus.db"


@dataclass(frozen=True)
class StoreChoice:
    kind: str = "faiss"  # "" until settled: the current build's store (see settled)
    uri: str = ""  # Milvus only: http(s)://host:port, or a milvus-lite .db path
    token: str = ""  # Milvus only: "user:password" or an API key; never written to the index
    hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD  # FAISS only: passages from which an HNSW graph is built

    @classmethod
    def of(cls, kind: str = "", uri: str = "", token: str = "",
           hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD) -> "StoreChoice":
        """The choice the settings make (qa.settings.Settings: store, milvus_uri, milvus_token, hnsw_threshold)."""
        kind = (kind or "").strip().lower()
        if kind and kind not in KINDS:
            raise StoreError(f"QA_STORE / --store: expected one of {', '.join(KINDS)}, got '{kind}'")
        uri = (uri or "").strip()
        if kind == "faiss" and uri:
            raise StoreError("--milvus-uri / QA_MILVUS_URI is set, but the store is faiss; "
                             "drop one of them (a Milvus URI means --store milvus)")
        if uri:
            kind = "milvus"
        return cls(kind, uri or (LOCAL_DB if kind == "milvus" else ""), token or "", hnsw_threshold)

    def settled(self, previous_manifest: dict) -> "StoreChoice":
        """With no store asked for, the current build's (kind and URI), else the FAISS files."""
        if self.kind:
            return self
        info = previous_manifest.get("store", {})
        if info.get("kind") == "milvus" and info.get("uri"):
            return StoreChoice("milvus", info["uri"], self.token, self.hnsw_threshold)
        return StoreChoice("faiss", "", self.token, self.hnsw_threshold)

    def same_as(self, previous_manifest: dict) -> bool:
        """Whether the current build went where this one is asked to go."""
        info = previous_manifest.get("store", {"kind": "faiss"})
        return info.get("kind") == self.kind and (self.kind == "faiss" or info.get("uri") == self.recorded_uri())

    def recorded_uri(self) -> str:
        """The URI as the manifest keeps it: a server address as given, a local
        database as an absolute path (or relative to the index folder by default)."""
        if self.uri == LOCAL_DB or is_remote(self.uri):
            return self.uri
        return str(Path(self.uri).expanduser().resolve())


def is_remote(uri: str) -> bool:
    return "://" in uri


def resolve_uri(recorded: str, index_dir: Path) -> str:
    """The address to connect to for a URI read from a manifest."""
    if is_remote(recorded) or Path(recorded).is_absolute():
        return recorded
    return str(Path(index_dir).resolve() / recorded)
