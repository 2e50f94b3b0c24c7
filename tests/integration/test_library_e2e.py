"""The library API: `import qa` builds, opens, asks, follows up and reads the
outline, and gives exactly what the CLI prints; every failure is a qa.QAError.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_library.py."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import qa
import qa.api
from sample_docs import FLOOD, SCHOOL, write_school_and_flood as write_docs  # noqa: F401


ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ["学校开学前要做哪些准备？", "那具体怎么落实？", "第二篇讲了什么？", "火星移民的费用是多少钱？"]


def test_a_model_that_is_not_there_raises_embedder_failed(tmp_path):
    with pytest.raises(qa.EmbedderFailed, match="not on this machine"):
        qa.build_index(write_docs(tmp_path / "docs"), tmp_path / "index", model=str(tmp_path / "no-model"))


# -- the real thing, with nothing but `import qa` -------------------------------------------

def test_import_qa_alone_against_the_cli_process(tmp_path, real_model):
    """Build with the bundled model, ask, follow up, read the outline; then the
    same questions through `python -m qa ask --json` in another process."""
    docs, folder = write_docs(tmp_path / "docs"), tmp_path / "index"
    report = qa.build_index(docs, folder)
    assert report.embedded == report.passages > 0
    index = qa.open_index(folder)
    first = index.ask(QUESTIONS[0])
    follow = index.ask(QUESTIONS[1], history=[QUESTIONS[0]])
    assert first.answerable and first.results[0]["citation"]["file"] == "school.txt"
    assert follow.results[0]["citation"]["file"] == "school.txt"
    assert not index.ask(QUESTIONS[3]).answerable

    env = {k: v for k, v in os.environ.items() if k != "QA_MODEL"}
    out = subprocess.run([sys.executable, "-m", "qa", "ask", "--json", "--index", str(folder)],
                         input="\n".join([QUESTIONS[0], QUESTIONS[3]]) + "\n", capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines == [first.to_json(), index.ask(QUESTIONS[3]).to_json()]
    outline = subprocess.run([sys.executable, "-m", "qa", "outline", "--json", "--index", str(folder)],
                             capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert json.loads(outline.stdout) == index.outline()
    shutil.rmtree(folder)
