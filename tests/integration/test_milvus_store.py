"""The Milvus store (milvus-lite): a build goes into a collection behind an
alias, the search answers as with the FAISS files, rebuilds switch the alias
only when complete, and a killed build leaves the old one serving."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")

from lite_server import LiteServer  # noqa: E402
from sample_docs import FLOOD, FOREST, SAFETY  # noqa: E402
from paused_build import start_paused_build  # noqa: E402

import qa.api  # noqa: E402
from qa.errors import BadSetting  # noqa: E402
from qa import cli  # noqa: E402
from qa.indexing import build_folder as store  # noqa: E402
from qa.errors import BuildFailed as BuildError, IndexProblem  # noqa: E402
from qa.indexing.build import build_index  # noqa: E402
from qa.errors import StoreError
from qa.settings import Settings
from qa.indexing.stores.base import Where  # noqa: E402
from qa.indexing.stores.milvus import filter_expression  # noqa: E402
from qa.indexing.stores.milvus_client import connect  # noqa: E402
from qa.indexing.stores.choice import StoreChoice  # noqa: E402
from qa.testing import serving  # noqa: E402

QUESTIONS = ["监测预警 雨情水情", "野外火源 设卡检查", "企业主体责任", "转移安置 群众", "扑火队伍"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    lite = LiteServer(tmp_path_factory.mktemp("milvus") / "data")
    yield lite
    lite.stop()


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in (("flood.txt", FLOOD), ("safety.txt", SAFETY), ("forest.txt", FOREST)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def on(server) -> StoreChoice:
    return StoreChoice("milvus", server.uri)


def top(index: Path, embedder, question: str, **filters) -> list[tuple[str, str]]:
    result = serving(index, embedder=embedder).ask(question, k=3, **filters)
    return [(h.passage.file, h.passage.text) for h in result.hits]


def aliased(server, index: Path) -> str:
    """The collection the index's alias points at."""
    info = store.read_manifest(index)["store"]
    return connect(server.uri).describe_alias(info["alias"])["collection_name"]


def test_a_milvus_build_answers_like_the_faiss_build(docs, tmp_path, fake_embedder, server):
    faiss_index, milvus_index = tmp_path / "faiss", tmp_path / "milvus"
    build_index(docs, faiss_index, fake_embedder)
    report = build_index(docs, milvus_index, fake_embedder, store=on(server))
    folder = store.current_build(milvus_index)
    info = store.read_manifest(milvus_index)["store"]
    assert info["kind"] == "milvus" and info["uri"] == server.uri and "token" not in info
    assert not (folder / "vectors.faiss").exists() and not (folder / "lexical").exists()
    assert (folder / "vectors.npy").is_file() and (folder / "lexical_stats.json").is_file()
    assert aliased(server, milvus_index) == info["collection"]
    assert any("Milvus" in n for n in report.notes)
    from qa.web.status import status_html

    assert f"Milvus {server.uri}" in status_html(serving(milvus_index, embedder=fake_embedder), docs)
    for question in QUESTIONS:
        assert top(milvus_index, fake_embedder, question)[0] == top(faiss_index, fake_embedder, question)[0]
    # the no-answer decision reads the same document frequencies
    loaded = store.load_build(milvus_index)
    faiss_loaded = store.load_build(faiss_index)
    assert loaded.lexical.num_docs == faiss_loaded.lexical.num_docs
    assert all(loaded.lexical.doc_freq(w) == faiss_loaded.lexical.doc_freq(w) for w in ("防汛", "安全", "火源", "无此词"))


def test_filters_go_to_milvus_as_expressions(docs, tmp_path, fake_embedder, server):
    index = tmp_path / "index"
    build_index(docs, index, fake_embedder, store=on(server))
    hits = top(index, fake_embedder, "要加强 责任", file="safety.txt")
    assert hits and {f for f, _ in hits} == {"safety.txt"}
    milvus = store.load_build(index).store
    rows, _ = milvus.keyword("责任", [], {}, 50, Where(file="forest.txt"))
    passages = store.load_build(index).passages
    assert len(rows) == 0 or {passages[r].file for r in rows} == {"forest.txt"}
    rows, _ = milvus.dense(fake_embedder.embed_query("火源"), 50, Where(speech=1))
    assert len(rows) == len(passages)  # every file's speech is its 1st
    rows, _ = milvus.dense(fake_embedder.embed_query("火源"), 50, Where(speech=2))
    assert len(rows) == 0
    assert filter_expression(Where(speech=3, file='a "b"\\c.txt')) == 'speech == 3 and file == "a \\"b\\"\\\\c.txt"'
    # an odd file name is a filter that matches nothing, not an error
    assert top(index, fake_embedder, "责任", file='x" or speech >= 0 or file == "') == []


def test_outline_is_the_same_as_with_faiss(docs, tmp_path, fake_embedder, server, capsys):
    build_index(docs, tmp_path / "faiss", fake_embedder)
    build_index(docs, tmp_path / "milvus", fake_embedder, store=on(server))
    outlines = []
    for name in ("faiss", "milvus"):
        assert cli.main(["outline", "--json", "--index", str(tmp_path / name)]) == 0
        outlines.append(json.loads(capsys.readouterr().out))
    assert outlines[0] == outlines[1] and len(outlines[0]) == 3


def test_rebuild_switches_the_alias_and_answers_from_the_new_text(docs, tmp_path, fake_embedder, server):
    index = tmp_path / "index"
    build_index(docs, index, fake_embedder, store=on(server))
    first = aliased(server, index)
    kept = build_index(docs, index, fake_embedder, store=on(server))
    assert kept.kept and aliased(server, index) == first
    (docs / "flood.txt").write_text(FLOOD.replace("及时发布预警信息", "及时发布预警短信并开通应急广播"), encoding="utf-8")
    report = build_index(docs, index, fake_embedder, store=on(server))
    assert report.changed == ["flood.txt"] and report.reused > 0 and report.embedded > 0
    second = aliased(server, index)
    assert second != first and second == store.read_manifest(index)["store"]["collection"]
    assert "应急广播" in top(index, fake_embedder, "应急广播 预警短信")[0][1]
    (docs / "forest.txt").unlink()
    build_index(docs, index, fake_embedder, store=on(server))
    third = aliased(server, index)
    names = set(connect(server.uri).list_collections())
    # the build that served until now stays for a process still using it; older ones go
    assert third in names and second in names and first not in names


def test_a_build_killed_mid_way_leaves_the_old_alias_serving(docs, tmp_path, fake_embedder, server, monkeypatch):
    index = tmp_path / "index"
    (docs / "forest.txt").unlink()
    build_index(docs, index, fake_embedder, store=on(server))
    before, pointer = aliased(server, index), store.read_pointer(index)
    (docs / "forest.txt").write_text(FOREST, encoding="utf-8")
    monkeypatch.setenv("QA_STORE", "milvus")
    monkeypatch.setenv("QA_MILVUS_URI", server.uri)
    proc, _ = start_paused_build(docs, index, "milvus", tmp_path)
    client = connect(server.uri)
    half = [n for n in client.list_collections() if n.startswith(store.read_manifest(index)["store"]["alias"])
            and n != before]
    assert len(half) == 1  # rows inserted into the next collection …
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    # … but the alias, CURRENT and the answers are the old build's
    assert aliased(server, index) == before and store.read_pointer(index) == pointer
    assert top(index, fake_embedder, "野外火源 设卡检查")[0][0] != "forest.txt"
    report = build_index(docs, index, fake_embedder, store=on(server))
    assert report.added == ["forest.txt"]
    assert top(index, fake_embedder, "野外火源 设卡检查")[0][0] == "forest.txt"
    assert half[0] not in client.list_collections()  # the half-filled collection is cleaned up


def test_the_default_uri_is_a_milvus_lite_database_in_the_index_folder(docs, tmp_path, fake_embedder, caplog,
                                                                     capsys, monkeypatch):
    import logging

    index = tmp_path / "index"
    monkeypatch.setattr(qa.api, "load_embedder", lambda name=None: fake_embedder)
    with caplog.at_level(logging.WARNING):
        assert cli.main(["build", "--docs", str(docs), "--index", str(index), "--quiet", "--store", "milvus"]) == 0
    # the in-process milvus-lite server's complaints stay out of the administrator's terminal
    assert capsys.readouterr().err == "" and not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert store.read_manifest(index)["store"]["uri"] == "milvus.db" and (index / "milvus.db").is_dir()
    assert top(index, fake_embedder, "野外火源 设卡检查")[0][0] == "forest.txt"


def test_a_locked_lite_database_is_one_clear_error(docs, tmp_path, fake_embedder):
    db = tmp_path / "other.db"
    holder = subprocess.Popen([sys.executable, "-c", "import sys; from pymilvus import MilvusClient; "
                               f"MilvusClient(uri={str(db)!r}); print('open', flush=True); sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(BuildError, match="open in another process.*milvus_lite server"):
            build_index(docs, tmp_path / "index", fake_embedder, store=StoreChoice("milvus", str(db)))
        assert store.read_pointer(tmp_path / "index") is None
    finally:
        holder.communicate("", timeout=30)


def _from_env(kind=None, uri=None):
    """The choice the entry points make: the settings read once, the flags over them."""
    chosen = Settings.load().overridden("--", store=kind, milvus_uri=uri)
    return StoreChoice.of(chosen.store, chosen.milvus_uri, chosen.milvus_token)


def test_store_settings_from_flags_and_environment(monkeypatch):
    assert _from_env() == StoreChoice("", "", "")
    assert _from_env().settled({}) == StoreChoice("faiss", "", "")
    milvus_build = {"store": {"kind": "milvus", "uri": "http://db:19530"}}
    assert _from_env().settled(milvus_build) == StoreChoice("milvus", "http://db:19530", "")
    assert _from_env("faiss").settled(milvus_build).kind == "faiss"
    assert _from_env("milvus").uri == "milvus.db"
    assert _from_env(uri="http://db:19530").kind == "milvus"  # a Milvus URI means Milvus
    monkeypatch.setenv("QA_STORE", "Milvus")
    monkeypatch.setenv("QA_MILVUS_URI", "http://db:19530")
    monkeypatch.setenv("QA_MILVUS_TOKEN", "root:Milvus")
    assert _from_env() == StoreChoice("milvus", "http://db:19530", "root:Milvus")
    assert _from_env(uri="http://other:19530").uri == "http://other:19530"
    monkeypatch.setenv("QA_STORE", "elastic")
    with pytest.raises(BadSetting, match="QA_STORE: expected faiss or milvus"):
        _from_env()
    monkeypatch.delenv("QA_STORE")
    with pytest.raises(StoreError, match="the store is faiss"):
        _from_env("faiss", "http://db:19530")


@pytest.mark.parametrize("argv, message", [
    (["--store", "milvus", "--milvus-uri", "http://127.0.0.1:9"], "cannot connect to Milvus at http://127.0.0.1:9"),
    (["--store", "milvus", "--milvus-uri", "no-db-suffix"], "cannot connect to Milvus"),
    (["--store", "faiss", "--milvus-uri", "http://127.0.0.1:9"], "the store is faiss"),
])
def test_cli_store_mistakes_are_one_line(docs, tmp_path, argv, message, capsys, monkeypatch, fake_embedder):
    import qa.indexing.stores.milvus_client as milvus_client

    monkeypatch.setattr(milvus_client, "CONNECT_TIMEOUT", 2)
    monkeypatch.setattr(qa.api, "load_embedder", lambda name=None: fake_embedder)
    code = cli.main(["build", "--docs", str(docs), "--index", str(tmp_path / "index"), "--quiet", *argv])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_dropped_collection_is_reported_with_the_rebuild_hint(docs, tmp_path, fake_embedder, server):
    index = tmp_path / "index"
    build_index(docs, index, fake_embedder, store=on(server))
    connect(server.uri).drop_collection(store.read_manifest(index)["store"]["collection"])
    with pytest.raises(IndexProblem, match="has no collection.*build_index.py"):
        store.load_build(index)


def test_a_rebuild_without_flags_stays_in_milvus_and_store_faiss_goes_back(docs, tmp_path, fake_embedder, server,
                                                                          capsys, monkeypatch):
    index = tmp_path / "index"
    monkeypatch.setattr(qa.api, "load_embedder", lambda name=None: fake_embedder)
    base = ["build", "--docs", str(docs), "--index", str(index), "--quiet"]
    assert cli.main([*base, "--milvus-uri", server.uri]) == 0
    first = store.read_manifest(index)["store"]
    (docs / "forest.txt").unlink()
    assert cli.main(base) == 0  # what README tells an administrator to run after a change
    again = store.read_manifest(index)["store"]
    assert again["kind"] == "milvus" and again["uri"] == server.uri and again["collection"] != first["collection"]
    assert cli.main([*base, "--store", "faiss"]) == 0
    assert "store" not in store.read_manifest(index) and (store.current_build(index) / "vectors.faiss").is_file()
    assert "forest.txt" not in {f for f, _ in top(index, fake_embedder, "野外火源 设卡检查")}
    capsys.readouterr()


def test_milvus_going_away_is_a_sentence_on_the_page_and_one_line_in_the_cli(docs, tmp_path, fake_embedder,
                                                                              capsys, monkeypatch):
    from qa.web import chat
    import qa.indexing.stores.milvus as milvus
    import qa.indexing.stores.milvus_client as milvus_client

    monkeypatch.setattr(milvus_client, "CONNECT_TIMEOUT", 2)
    monkeypatch.setattr(milvus, "SEARCH_TIMEOUT", 2)
    lite = LiteServer(tmp_path / "gone")
    index = tmp_path / "index"
    try:
        build_index(docs, index, fake_embedder, store=on(lite))
        service = serving(index, embedder=fake_embedder)
        assert 'class="answer"' in chat.ask(service, "野外火源 设卡检查", [], docs_dir=docs)[0]["html"]
    finally:
        lite.stop()
    started = time.monotonic()
    reply = chat.ask(service, "野外火源 设卡检查", [], docs_dir=docs)[0]["html"]
    print(f"answered in {time.monotonic() - started:.1f} s with Milvus gone")
    assert 'class="notice error"' in reply and "Milvus" in reply and "Traceback" not in reply
    monkeypatch.setattr(milvus_client, "_CLIENTS", {})  # a fresh process: nothing connected yet
    import qa.service

    monkeypatch.setattr(qa.service, "load_embedder", lambda name=None: fake_embedder)
    assert cli.main(["ask", "--index", str(index), "野外火源"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qa ask: ") and lite.uri in err and len(err.strip().splitlines()) == 1
