"""The library API: `import qa` builds, opens, asks, follows up and reads the
outline, and gives exactly what the CLI prints; every failure is a qa.QAError.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_library_e2e.py."""
from __future__ import annotations

import json
import sys

import pytest

import qa
import qa.api
from qa import cli
from qa.testing import HashEmbedder
from sample_docs import FLOOD, SCHOOL, write_school_and_flood as write_docs  # noqa: F401


QUESTIONS = ["学校开学前要做哪些准备？", "那具体怎么落实？", "第二篇讲了什么？", "火星移民的费用是多少钱？"]


def cli_lines(capsys, *argv, stdin: str | None = None) -> list[str]:
    import io

    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        code = cli.main([str(a) for a in argv])
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    assert code == 0, err
    return out.splitlines()


@pytest.fixture
def fake_model(monkeypatch):
    """The fake embedder wherever a model is loaded by name (library and CLI)."""
    import qa.api
    import qa.service

    monkeypatch.setattr(qa.api, "load_embedder", lambda name=None: HashEmbedder())
    monkeypatch.setattr(qa.service, "load_embedder", lambda name=None: HashEmbedder())


def test_build_open_ask_and_outline_match_the_cli(tmp_path, capsys, fake_model):
    docs, folder = write_docs(tmp_path / "docs"), tmp_path / "index"
    report = qa.build_index(docs, folder)
    assert (report.documents, report.speeches) == (2, 2) and report.passages > 4
    index = qa.open_index(folder)

    first = index.ask(QUESTIONS[0], k=3)
    assert first.answerable and first.notice == "" and len(first.results) == 3
    assert "开学" in first.results[0]["text"]
    assert first.results[0]["citation"]["file"] == "school.txt"
    assert first.answer.to_dict() == first.to_dict().get("answer")  # whatever the answer builder puts there
    assert first.build is index.build and first.hits[0].passage.text == first.results[0]["text"]
    # the follow-up keeps the topic of the question before it
    follow = index.ask(QUESTIONS[1], k=3, history=[QUESTIONS[0]])
    assert follow.results[0]["citation"]["file"] == "school.txt"
    assert index.ask("第三篇讲了什么？").notice  # no such speech: said, not raised

    # each result is one line of `qa ask --json`, the outline `qa outline --json`
    lines = cli_lines(capsys, "ask", "--json", "-k", 3, "--index", folder, QUESTIONS[0])
    assert json.loads(lines[0]) == first.to_dict() and lines[0] == first.to_json()
    outline = json.loads(cli_lines(capsys, "outline", "--json", "--index", folder)[0])
    assert outline == index.outline()
    assert [s["file"] for s in outline] == ["flood.txt", "school.txt"]
    assert outline[1]["directives"][0]["label"] == "第一"

    # the plain-text reply is what `qa ask` prints under the question
    text = cli_lines(capsys, "ask", "-k", 3, "--index", folder, QUESTIONS[0])
    assert "\n".join(text[1:]).strip() == first.text()


def test_filters_and_bad_arguments(tmp_path, fake_model):
    folder = tmp_path / "index"
    qa.build_index(write_docs(tmp_path / "docs"), folder)
    index = qa.open_index(folder)
    only = index.ask("要做好哪些工作", k=10, file="flood.txt")
    assert only.results and {r["citation"]["file"] for r in only.results} == {"flood.txt"}
    for bad in (dict(k=0), dict(k=51), dict(k="3"), dict(speech="1"), dict(history="学校")):
        with pytest.raises(qa.BadSetting) as err:
            index.ask("学校", **bad)
        assert isinstance(err.value, qa.QAError)


def test_bad_parameters_are_named_as_parameters(tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(qa.BadSetting, match="^index: expected a folder"):
        qa.open_index(tmp_path / "a-file")
    with pytest.raises(qa.BadSetting, match="^synonyms: expected an existing text file"):
        qa.open_index(tmp_path, synonyms=tmp_path / "missing.txt")


def test_progress_is_reported_to_a_function(tmp_path, fake_model):
    seen: list[tuple[int, int]] = []
    report = qa.build_index(write_docs(tmp_path / "docs"), tmp_path / "index",
                            progress=lambda done, total: seen.append((done, total)))
    done, total = seen[-1]
    # texts to embed (a repeated one counts once): the passages, then their sentences
    assert done == total and 0 < total <= report.sentences_embedded
    assert any(t == report.embedded for _, t in seen)


# -- failures are QAErrors --------------------------------------------------------------

def test_opening_a_missing_index_raises_index_missing(tmp_path, fake_model):
    with pytest.raises(qa.IndexMissing) as err:
        qa.open_index(tmp_path / "nowhere")
    assert isinstance(err.value, qa.QAError) and err.value.folder == tmp_path / "nowhere"
    assert err.value.rebuild == f"python scripts/build_index.py --index {tmp_path / 'nowhere'}"
    assert err.value.rebuild in str(err.value)


@pytest.mark.parametrize("damage", ["vectors.faiss", "passages.jsonl", "manifest.json"])
def test_opening_a_corrupt_index_raises_index_corrupt(tmp_path, fake_model, damage):
    folder = tmp_path / "index"
    qa.build_index(write_docs(tmp_path / "docs"), folder)
    build = folder / "builds" / (folder / "CURRENT").read_text(encoding="utf-8").strip()
    (build / damage).write_bytes(b"\x00garbage")
    with pytest.raises(qa.IndexCorrupt) as err:
        qa.open_index(folder)
    assert damage in str(err.value) and isinstance(err.value, qa.QAError)


def test_another_embedder_raises_embedder_mismatch(tmp_path, fake_model):
    folder = tmp_path / "index"
    qa.build_index(write_docs(tmp_path / "docs"), folder)
    with pytest.raises(qa.EmbedderMismatch) as err:
        qa.open_index(folder, embedder=HashEmbedder("test:other"))
    assert (err.value.built_with, err.value.configured) == ("test:hash-bigrams", "test:other")


def test_build_problems_raise_build_failed(tmp_path, fake_model):
    with pytest.raises(qa.BuildFailed, match="does not exist"):
        qa.build_index(tmp_path / "no-docs", tmp_path / "index")
    (tmp_path / "empty").mkdir()
    with pytest.raises(qa.BuildFailed, match="no passages"):
        qa.build_index(tmp_path / "empty", tmp_path / "index")


# -- reloading ---------------------------------------------------------------------------

def test_an_opened_index_stays_on_its_build_unless_asked_to_reload(tmp_path, fake_model):
    docs, folder = write_docs(tmp_path / "docs"), tmp_path / "index"
    qa.build_index(docs, folder)
    pinned, following = qa.open_index(folder), qa.open_index(folder, reload=True)
    (docs / "flood.txt").unlink()
    qa.build_index(docs, folder)
    assert {s["file"] for s in pinned.outline()} == {"flood.txt", "school.txt"}
    assert {s["file"] for s in following.outline()} == {"school.txt"}
    assert {s["file"] for s in pinned.reload().outline()} == {"school.txt"}
