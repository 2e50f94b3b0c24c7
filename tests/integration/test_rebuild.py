"""Rebuilding while the old index serves: interruption, a second build, live reload."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from qa.indexing import build_folder as store
from qa.errors import BuildFailed
from qa.indexing.build import build_index
from qa.indexing.lexical import LexicalIndex
from qa.testing import serving

ROOT = Path(__file__).resolve().parents[2]

from paused_build import start_paused_build
from sample_docs import FLOOD, FOREST, SAFETY


@pytest.fixture
def built(make_index):
    made = make_index({"flood.txt": FLOOD, "safety.txt": SAFETY})
    return made.docs, made.index


def answers_from(index: Path, embedder, question: str) -> list[str]:
    service = serving(index, embedder=embedder)
    return [h.passage.file for h in service.ask(question, k=3).hits]


def test_killed_while_embedding_leaves_the_old_index_answering(built, tmp_path, fake_embedder):
    docs, index = built
    before = store.read_pointer(index)
    (docs / "forest.txt").write_text(FOREST, encoding="utf-8")
    proc, _ = start_paused_build(docs, index, "embed", tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert store.read_pointer(index) == before
    assert answers_from(index, fake_embedder, "监测预警 雨情水情")[0] == "flood.txt"
    # The killed process held the lock; the next build is not blocked by it.
    report = build_index(docs, index, fake_embedder)
    assert report.added == ["forest.txt"] and report.unchanged == ["flood.txt", "safety.txt"]
    assert answers_from(index, fake_embedder, "野外火源 设卡检查")[0] == "forest.txt"


def test_killed_while_writing_leaves_the_old_index_and_the_next_build_cleans_up(built, tmp_path, fake_embedder):
    docs, index = built
    before = store.read_pointer(index)
    (docs / "forest.txt").write_text(FOREST, encoding="utf-8")
    proc, _ = start_paused_build(docs, index, "write", tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    leftovers = [b for b in (index / "builds").iterdir() if not (b / "manifest.json").exists()]
    assert len(leftovers) == 1 and (leftovers[0] / "passages.jsonl").exists()
    assert store.read_pointer(index) == before
    assert answers_from(index, fake_embedder, "监测预警 雨情水情")[0] == "flood.txt"

    report = build_index(docs, index, fake_embedder)
    assert report.cleaned == [leftovers[0].name]
    assert not leftovers[0].exists()
    assert "cleaned up 1 unfinished build" in report.summary()
    assert store.load_build(index).manifest["documents"].keys() == {"flood.txt", "forest.txt", "safety.txt"}


def test_a_second_rebuild_while_one_runs_is_refused_with_a_clear_message(built, tmp_path, fake_embedder):
    docs, index = built
    (docs / "forest.txt").write_text(FOREST, encoding="utf-8")
    proc, sig = start_paused_build(docs, index, "embed", tmp_path)
    try:
        second = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_index.py"), "--docs", str(docs),
                                 "--index", str(index), "--quiet"],
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 2
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and "another build" in lines[0] and str(index) in lines[0]
        assert "Traceback" not in second.stderr
        with pytest.raises(BuildFailed, match="another build"):
            build_index(docs, index, fake_embedder)
    finally:
        sig.with_name(sig.name + ".go").touch()
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "1 added" in out
    assert answers_from(index, fake_embedder, "野外火源 设卡检查")[0] == "forest.txt"


def test_an_exception_while_writing_keeps_the_old_index_and_no_leftover(built, fake_embedder, monkeypatch):
    docs, index = built
    before = store.read_pointer(index)
    folders = sorted(p.name for p in (index / "builds").iterdir())
    (docs / "forest.txt").write_text(FOREST, encoding="utf-8")

    def disk_full(self, folder):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(LexicalIndex, "save", disk_full)
    with pytest.raises(BuildFailed, match="No space left on device; the current index is unchanged"):
        build_index(docs, index, fake_embedder)
    assert store.read_pointer(index) == before
    assert sorted(p.name for p in (index / "builds").iterdir()) == folders
    assert store.load_build(index).manifest["documents"].keys() == {"flood.txt", "safety.txt"}


def test_ctrl_c_while_embedding_keeps_the_old_index(built, fake_embedder):
    docs, index = built
    before = store.read_pointer(index)
    (docs / "forest.txt").write_text(FOREST, encoding="utf-8")

    class Interrupted(type(fake_embedder)):
        def embed_passages(self, texts):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(docs, index, Interrupted())
    assert store.read_pointer(index) == before
    assert len(list((index / "builds").iterdir())) == 1
    # and the lock was released
    assert build_index(docs, index, fake_embedder).added == ["forest.txt"]


def test_the_service_picks_up_rebuilds_while_threads_are_asking(built, fake_embedder):
    docs, index = built
    service = serving(index, embedder=fake_embedder)
    service.reload()
    first = service.service.build_name
    errors: list[BaseException] = []
    seen: set[str] = set()
    stop = threading.Event()

    def ask_in_a_loop():
        while not stop.is_set():
            try:
                result = service.ask("监测预警 雨情水情", k=2)
                assert result.hits and result.hits[0].passage.file == "flood.txt"
                seen.add(service.service.build_name)
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)
                return

    threads = [threading.Thread(target=ask_in_a_loop) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for n in range(3):
            (docs / f"forest{n}.txt").write_text(FOREST.replace("野外火源", f"野外火源{n}号"), encoding="utf-8")
            build_index(docs, index, fake_embedder)
            deadline = time.monotonic() + 30
            while service.service.build_name != store.read_pointer(index) and time.monotonic() < deadline:
                time.sleep(0.02)
            assert service.service.build_name == store.read_pointer(index)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert not errors, errors[:1]
    assert first in seen and len(seen) >= 3
    assert any(h.passage.file == "forest2.txt" for h in service.ask("野外火源2号", k=3).hits)


def test_a_build_that_cannot_be_loaded_is_not_served_and_not_retried(built, fake_embedder, monkeypatch):
    docs, index = built
    service = serving(index, embedder=fake_embedder)
    service.reload()
    old = service.service.build_name
    (docs / "forest.txt").write_text(FOREST, encoding="utf-8")
    build_index(docs, index, fake_embedder)
    (store.current_build(index) / "vectors.faiss").write_bytes(b"garbage")
    calls = []
    real = store.load_build
    monkeypatch.setattr(store, "load_build", lambda *a, **k: calls.append(1) or real(*a, **k))
    for _ in range(5):
        assert service.ask("监测预警 雨情水情", k=1).hits[0].passage.file == "flood.txt"
    assert service.service.build_name == old
    assert len(calls) == 1
    assert "vectors.faiss" in service.service.last_error
    build_index(docs, index, fake_embedder, full=True)  # a good build replaces the bad one
    service.ask("野外火源", k=1)
    assert service.service.build_name == store.read_pointer(index) and not service.service.last_error
