"""The store interface: what a build writes and loads through it, and the
dense and keyword candidates the search asks of it, filtered.

A store class owns its files and services: ``write`` (its part of a new
build folder, and of a Milvus collection), ``load`` (a store for a loaded
build), ``saved_vectors`` (the vectors a rebuild may reuse), ``publish`` /
``cleanup`` (around the switch to a new build). Only qa/indexing/stores/
knows which kinds there are."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from qa.indexing import integrity

log = logging.getLogger(__name__)



@dataclass(frozen=True)
class Where:
    """Only passages of this speech ordinal and/or this file (None: any)."""

    speech: int | None = None
    file: str | None = None

    @property
    def empty(self) -> bool:
        return self.speech is None and self.file is None


class Store(Protocol):
    kind: str  # "faiss" or "milvus", for reports

    def dense(self, vector: np.ndarray, k: int, where: Where | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Rows and cosine scores of the k passages nearest ``vector``, best first."""

    def keyword(self, query_text: str, tokens: list[str], weights: dict[str, float], k: int,
                where: Where | None = None, also: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Rows and BM25 scores (> 0) of the k best keyword matches, best first.

        ``tokens``/``weights`` are the question as qa.indexing.lexical tokenizes
        it; a store with its own analyzer reads ``query_text`` instead. A store
        that scores every passage anyway (the FAISS files) adds the rows in
        ``also`` (the dense candidates) with their scores; others may ignore it."""

    def vector_groups(self, rows: np.ndarray) -> np.ndarray | None:
        """The stored vector of each row (passages stored as one vector share it), or None
        when every passage has its own."""

    def same_vector(self, row: int) -> list[int]:
        """Other rows stored as the same vector as ``row``."""


def saved_vectors(folder: Path, manifest: dict, files: tuple[str, ...],
                  load: Callable[[], np.ndarray]) -> dict[str, np.ndarray]:
    """key → vector of a build folder's passages, for a rebuild to reuse: ``files``
    (keys.jsonl and the store's vector file) checked against the manifest first,
    ``load`` giving one vector per passage; empty when anything does not check out."""
    problem = integrity.mismatch(folder, manifest.get("files"), only=files)
    if problem:
        log.warning("not reusing vectors: %s", problem)
        return {}
    with open(folder / "keys.jsonl", encoding="utf-8") as f:
        keys = [json.loads(line)["key"] for line in f if line.strip()]
    vectors = load()
    return dict(zip(keys, vectors)) if len(vectors) == len(keys) else {}


class CorruptFile(Exception):
    """A store's file in a build folder could not be read (the loader names it)."""

    def __init__(self, path, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.path, self.cause = path, cause
