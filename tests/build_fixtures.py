"""What the build tests share (tests/unit/test_build.py and its _e2e twin):
a documents folder of two speeches, an index folder, a built index, and the
CLI run in this process with its one-line errors."""
from __future__ import annotations

import pytest

from qa import cli
from qa.indexing.build import build_index
from sample_docs import FLOOD, SAFETY


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (folder / "safety.txt").write_text(SAFETY, encoding="utf-8")
    return folder


@pytest.fixture
def index(tmp_path):
    return tmp_path / "index"


@pytest.fixture
def built_index(docs, index, fake_embedder):
    build_index(docs, index, fake_embedder)
    return index


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(capsys, *argv) -> str:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "scripts/build_index.py" in lines[0]
    return lines[0]
