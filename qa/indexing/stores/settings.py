"""Which store a build writes to: flags first, then $QA_STORE, $QA_MILVUS_URI,
$QA_MILVUS_TOKEN, then the store of the index's current build (a rebuild
without flags stays where it was), else the FAISS files."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa import settings
from qa.indexing.stores.base import StoreError

KINDS = ("faiss", "milvus")
# A milvus-lite database inside the index folder, recorded relative to it so
# the folder can move (or be mounted elsewhere by a replica).
LOCAL_DB = "milvus.db"


@dataclass(frozen=True)
class StoreSettings:
    kind: str = "faiss"  # "" until settled: the current build's store (see settled)
    uri: str = ""  # Milvus only: http(s)://host:port, or a milvus-lite .db path
    token: str = ""  # Milvus only: "user:password" or an API key; never written to the index

    @classmethod
    def from_env(cls, kind: str | None = None, uri: str | None = None, token: str | None = None) -> "StoreSettings":
        kind = (kind or settings.read("QA_STORE")).strip().lower()
        if kind and kind not in KINDS:
            raise StoreError(f"QA_STORE / --store: expected one of {', '.join(KINDS)}, got '{kind}'")
        uri = (uri or settings.read("QA_MILVUS_URI")).strip()
        token = token if token is not None else settings.read("QA_MILVUS_TOKEN")
        if kind == "faiss" and uri:
            raise StoreError("--milvus-uri / QA_MILVUS_URI is set, but the store is faiss; "
                             "drop one of them (a Milvus URI means --store milvus)")
        if uri:
            kind = "milvus"
        return cls(kind, uri or (LOCAL_DB if kind == "milvus" else ""), token or "")

    def settled(self, previous_manifest: dict) -> "StoreSettings":
        """With no store asked for, the current build's (kind and URI), else the FAISS files."""
        if self.kind:
            return self
        info = previous_manifest.get("store", {})
        if info.get("kind") == "milvus" and info.get("uri"):
            return StoreSettings("milvus", info["uri"], self.token)
        return StoreSettings("faiss", "", self.token)

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


def token() -> str:
    """The token for reading: only from the environment (the manifest never holds one)."""
    return settings.read("QA_MILVUS_TOKEN")
