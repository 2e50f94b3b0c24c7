"""Where the real documents are (kept outside the project, never copied in).

``REAL_DOCS`` names the folder; else ../shared/corpus/real next to the
project. Tests that need it skip with a plain message when it is absent.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_SETS = ROOT / "data" / "eval" / "real"


def real_docs() -> Path | None:
    folder = Path(os.environ.get("REAL_DOCS") or ROOT.parent / "shared" / "corpus" / "real")
    return folder if folder.is_dir() else None


def need_real_docs() -> Path:
    folder = real_docs()
    if folder is None:
        pytest.skip("skipped: the real documents (../shared/corpus/real, or REAL_DOCS) are not here")
    return folder
