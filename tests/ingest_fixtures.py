"""What the ingest-safety tests share (tests/unit/test_ingest_safety.py and its
_e2e twin): a documents folder holding one speech, and the skipped files of a scan."""
from __future__ import annotations

from pathlib import Path

import pytest

from sample_docs import FLOOD


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "flood.txt").write_text(FLOOD, encoding="utf-8")
    return folder


def skipped(corpus) -> dict[str, str]:
    return {s.file: s.reason for s in corpus.skipped}
