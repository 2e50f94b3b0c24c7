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
from sample_docs import FLOOD

SCHOOL = ("关于学校开学工作的讲话\n同志们：\n"
          "第一，要做好开学准备。学校要在开学前完成校园消毒，食堂和宿舍要开展专项检查，确保师生安全返校。\n"
          "第二，要抓好日常防控。学校要落实晨午检制度，发现发热学生及时报告，做到早发现早处置。\n"
          "第三，要压实落实责任。教育部门要逐校督导检查，校长是第一责任人，具体落实要细化到班级和个人。\n")

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ["学校开学前要做哪些准备？", "那具体怎么落实？", "第二篇讲了什么？", "火星移民的费用是多少钱？"]


def write_docs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "school.txt").write_text(SCHOOL, encoding="utf-8")
    (folder / "flood.txt").write_text(FLOOD, encoding="utf-8")
    return folder


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
