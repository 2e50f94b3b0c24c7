"""One path for a question: the library, the CLI and the JSON API answer
through qa.Index.ask and give the same JSON; inputs are checked there once;
a store failure is one clear line at every edge; the pipeline counts its
searches."""
from __future__ import annotations

import json

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

import qa
import qa.service
from qa import cli
from qa.errors import BadSetting, StoreError
from qa.search.request import MAX_K
from qa.testing import HashEmbedder
from qa.web import chat
from qa.web.api import api_router
from qa.web.api_access import ApiAccess
from sample_docs import FLOOD, SAFETY

QUESTIONS = [
    {"question": "汛期要怎么监测预警？", "k": 3},
    {"question": "那具体怎么落实？", "k": 3, "history": ["汛期要怎么监测预警？"]},
    {"question": "企业主体责任怎么压实？", "k": 2, "file": "safety.txt"},
    {"question": "防汛", "k": 4, "file": "flood.txt", "speech": 1},
    {"question": "股票怎么买？", "k": 5},
]


@pytest.fixture
def built(make_index, monkeypatch):
    index = make_index({"flood.txt": FLOOD, "safety.txt": SAFETY})
    monkeypatch.setattr(qa.service, "load_embedder", lambda name=None: HashEmbedder())  # the CLI's model
    return index


def api(index, **options) -> TestClient:
    return TestClient(FastAPI(routes=api_router(index, ApiAccess(open=True), **options).routes))


def cli_line(capsys, index_dir, q: dict) -> dict:
    if q.get("history"):
        args = ["ask", "--json", "--conversation", "-k", str(q["k"]), "--index", str(index_dir)]
        stdin = "\n".join([*q["history"], q["question"]]) + "\n"
    else:
        args = ["ask", "--json", "-k", str(q["k"]), "--index", str(index_dir), q["question"]]
        stdin = ""
    args += ["--file", q["file"]] if q.get("file") else []
    args += ["--speech", str(q["speech"])] if q.get("speech") else []
    import io
    import sys

    real = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        assert cli.main(args) == 0
    finally:
        sys.stdin = real
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_library_cli_and_api_give_identical_json(built, capsys):
    library = qa.open_index(built.index)
    client = api(built.qa)
    for q in QUESTIONS:
        options = {k: v for k, v in q.items() if k != "question"}
        own = library.ask(q["question"], **options).to_dict()
        via_api = client.post("/api/ask", json=q)
        assert via_api.status_code == 200, via_api.text
        assert via_api.json() == own == cli_line(capsys, built.index, q), q
    assert own["answerable"] is False  # 股票: nothing says it, at every edge alike


def test_k_is_checked_once_with_one_maximum(built, capsys):
    index = qa.open_index(built.index)
    for bad in (0, MAX_K + 1, True, "3"):
        with pytest.raises(BadSetting, match="^k: expected an integer 1–50"):
            index.ask("防汛", k=bad)
    assert len(index.ask("防汛", k=MAX_K).hits) <= MAX_K
    client = api(built.qa)
    assert client.post("/api/ask", json={"question": "防汛", "k": MAX_K}).status_code == 200
    assert client.post("/api/ask", json={"question": "防汛", "k": MAX_K + 1}).status_code == 422
    assert cli.main(["ask", "-k", str(MAX_K + 1), "--index", str(built.index), "防汛"]) == 2
    assert capsys.readouterr().err.strip() == f"qa ask: k: expected an integer 1–{MAX_K}, got {MAX_K + 1}"


@pytest.mark.parametrize("limit, size, status", [(64 * 1024, 100 * 1024, 413), (1024 * 1024, 400 * 1024, 200)])
def test_the_api_body_limit_is_the_setting(built, limit, size, status):
    """QA_MAX_BODY_BYTES, not a number of the API's own: 400 KiB passes a 1 MiB limit."""
    body = json.dumps({"question": "防汛" + " " * size}).encode()
    r = api(built.qa, max_body_bytes=limit).post("/api/ask", content=body,
                                                  headers={"content-type": "application/json"})
    assert r.status_code == status, r.text[:200]


class BrokenStore:
    """A store whose service went away mid-question."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def dense(self, *args, **kwargs):
        raise StoreError("Milvus search in collection qa__1 failed: server unavailable")

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_store_failure_is_one_chinese_line_on_the_page_and_a_503_from_the_api(built, caplog):
    index = built.qa
    build = index.build
    build.store = BrokenStore(build.store)
    try:
        reply = chat.ask(index, "汛期要怎么监测预警？", [], docs_dir=built.docs)[0]["html"]
        assert "向量库（Milvus）暂时无法访问" in reply and "Traceback" not in reply
        r = api(index).post("/api/ask", json={"question": "汛期要怎么监测预警？"})
        assert r.status_code == 503 and "暂时无法访问" in r.json()["error"] and r.headers["retry-after"]
    finally:
        build.store = build.store.inner


def test_the_pipeline_counts_its_searches_and_times_its_stages(built):
    index = built.qa
    alone = index.ask("汛期要怎么监测预警？")
    assert alone.timing["searches"] == 1
    assert {"understand", "scope", "candidates", "rank", "answerable", "answer"} <= set(alone.timing["seconds"])
    follow = index.ask("那具体怎么落实？", history=["汛期要怎么监测预警？", "转移安置呢？"])
    assert follow.timing["searches"] == 3  # the two earlier turns are replayed
    filtered = index.ask("企业主体责任怎么压实？", file="flood.txt")
    assert filtered.timing["searches"] == 2  # the whole corpus is asked too, to say where it is discussed
    assert "timing" not in filtered.to_dict()  # the JSON contract is unchanged
