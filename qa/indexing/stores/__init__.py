"""Where passage vectors and the keyword index live, behind one interface
(qa/indexing/stores/base.py).

``faiss_files``: FAISS + bm25s files inside the build folder (the default).
``milvus``: a Milvus collection (milvus-lite file, a server or a cluster by URI).
This is the one place that knows which kinds there are: the build and the
loader ask ``store_class`` for the class a kind or a manifest names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qa.indexing.stores.choice import KINDS, StoreChoice


@dataclass(frozen=True)
class WriteTarget:
    """What a store needs to write its part of a new build."""

    choice: StoreChoice
    index_dir: Path
    build_name: str
    previous: dict = field(default_factory=dict)  # the manifest of the build in use until now


def kind_of(manifest: dict) -> str:
    """The store a build's manifest names (builds without one are FAISS files)."""
    return manifest.get("store", {}).get("kind", "faiss")


def describe(manifest: dict) -> str:
    """Where a build's vectors are searched, for a status line ('' for the files in its own folder)."""
    if kind_of(manifest) != "milvus":
        return ""
    uri = str(manifest.get("store", {}).get("uri", ""))
    return f"Milvus {uri}" if re.match(r"(https?|tcp|grpc)://", uri) else "Milvus（本机）"


def store_class(kind: str):
    """The class of a store kind (Milvus is imported only when a build uses it)."""
    if kind == "milvus":
        from qa.indexing.stores.milvus import MilvusStore

        return MilvusStore
    if kind == "faiss":
        from qa.indexing.stores.faiss_files import FaissFiles

        return FaissFiles
    raise ValueError(f"unknown store kind {kind!r} (known: {', '.join(KINDS)})")
