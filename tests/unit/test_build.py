"""Index build: incremental rebuilds, the closing report, and clear errors for a bad index."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa.ingest.limits import Limits

from qa.indexing import build as build_mod
import qa.api
from qa.indexing import build_folder as store
from qa.errors import BuildFailed
from qa.indexing.build import build_index

from qa.testing import HashEmbedder

from build_fixtures import built_index, docs, index, one_line_error, run_cli  # noqa: F401 (fixtures)
from sample_docs import FOREST, SAFETY


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed_passages(self, texts):
        self.texts.extend(texts)
        return super().embed_passages(texts)


class OtherEmbedder(HashEmbedder):
    id = "test:other"


def builds(index: Path) -> list[str]:
    return sorted(p.name for p in (index / "builds").iterdir())


def test_first_build_embeds_every_passage_and_reports_it(docs, index):
    embedder = CountingEmbedder()
    report = build_index(docs, index, embedder)
    assert report.added == ["flood.txt", "safety.txt"]
    assert report.passages == report.embedded > 0 and report.reused == 0
    # each distinct text once (a greeting alone, 同志们：, is no passage, so no two are alike here)
    passages, sentences = embedder.texts[:report.passages], embedder.texts[report.passages:]
    assert len(passages) == len(set(passages)) == report.passages
    # then each sentence once, for choosing the answer sentence (qa.indexing.sentence_vectors)
    assert len(sentences) == len(set(sentences)) == report.sentences_embedded > report.passages
    assert all("›" not in s and any(s in p for p in passages) for s in sentences)
    assert store.read_pointer(index) == report.build
    text = report.summary()
    assert "2 added" in text and f"({report.passages} embedded, 0 reused)" in text and "time:" in text


def test_rebuild_without_changes_keeps_the_build_and_embeds_nothing(docs, index):
    first = build_index(docs, index, HashEmbedder())
    embedder = CountingEmbedder()
    report = build_index(docs, index, embedder)
    assert report.kept and report.build == first.build and builds(index) == [first.build]
    assert embedder.texts == [] and report.embedded == 0 and report.reused == first.passages
    assert report.unchanged == ["flood.txt", "safety.txt"]
    assert "nothing changed" in report.summary()


def test_changed_document_re_embeds_only_its_changed_passages(docs, index):
    first = build_index(docs, index, HashEmbedder())
    (docs / "safety.txt").write_text(SAFETY.replace("形成有力震慑", "形成强大震慑"), encoding="utf-8")
    embedder = CountingEmbedder()
    report = build_index(docs, index, embedder)
    assert report.changed == ["safety.txt"] and report.unchanged == ["flood.txt"]
    assert report.embedded == 1 and report.sentences_embedded == 1 and len(embedder.texts) == 2
    assert "形成强大震慑" in embedder.texts[0]  # the passage, then its one changed sentence
    assert embedder.texts[1] == "应急管理部门要开展明察暗访，对违法违规行为严肃查处，形成强大震慑。"
    assert report.reused == first.passages - 1
    assert not report.kept and report.build != first.build
    # the previous build is kept a while for a process still loading it, no more
    assert builds(index) == sorted([first.build, report.build])


def test_removed_document_drops_out_and_added_one_comes_in(docs, index, fake_embedder):
    build_index(docs, index, fake_embedder)
    (docs / "flood.txt").unlink()
    (docs / "forest.txt").write_text(FOREST, encoding="utf-8")
    report = build_index(docs, index, fake_embedder)
    assert (report.added, report.removed, report.unchanged) == (["forest.txt"], ["flood.txt"], ["safety.txt"])
    files = {p.file for p in store.load_build(index).passages}
    assert files == {"forest.txt", "safety.txt"}
    assert "removed flood.txt" in report.summary()


def test_full_rebuild_re_embeds_everything(docs, index):
    first = build_index(docs, index, HashEmbedder())
    embedder = CountingEmbedder()
    report = build_index(docs, index, embedder, full=True)
    assert not report.kept and report.embedded == first.passages
    assert report.sentences_embedded == first.sentences_embedded > 0
    assert len(embedder.texts) == first.passages + first.sentences_embedded


def test_another_embedder_re_embeds_everything_and_says_so(docs, index):
    first = build_index(docs, index, HashEmbedder())
    report = build_index(docs, index, OtherEmbedder())
    assert report.embedded == first.passages
    assert any("test:hash-bigrams" in n for n in report.notes)
    assert store.load_build(index).manifest["embedder"]["id"] == "test:other"


def test_changed_pipeline_code_rebuilds_but_reuses_vectors(docs, index, monkeypatch):
    first = build_index(docs, index, HashEmbedder())
    monkeypatch.setattr(build_mod, "pipeline_fingerprint", lambda limits: "a-newer-parser")
    report = build_index(docs, index, HashEmbedder())
    assert not report.kept and report.embedded == 0 and report.reused == first.passages


def test_every_module_that_reads_documents_is_part_of_the_pipeline_fingerprint():
    """A change to any reader (a transcript's questions, an FAQ run into one line) rebuilds an index
    that was read with the code before it."""
    ingest = Path(build_mod.__file__).resolve().parent.parent / "ingest"
    readers = {f"ingest/{p.stem}" for p in ingest.glob("*.py") if p.stem != "__init__"}
    assert readers - set(build_mod.PIPELINE_MODULES) == set()


def test_rebuild_repairs_a_corrupt_current_build(docs, index, fake_embedder):
    first = build_index(docs, index, fake_embedder)
    (store.current_build(index) / "vectors.faiss").write_bytes(b"not faiss")
    report = build_index(docs, index, fake_embedder)
    assert not report.kept and report.build != first.build
    assert len(store.load_build(index).passages) == first.passages


def test_identical_copies_are_indexed_once_and_reported(docs, index, fake_embedder):
    shutil.copy(docs / "flood.txt", docs / "flood-copy.txt")
    report = build_index(docs, index, fake_embedder)
    assert [(d.file, d.same_as) for d in report.duplicates] == [("flood.txt", "flood-copy.txt")]
    assert "duplicate flood.txt: same bytes as flood-copy.txt, indexed once" in report.summary()
    assert {p.file for p in store.load_build(index).passages} == {"flood-copy.txt", "safety.txt"}
    again = build_index(docs, index, fake_embedder)
    assert again.kept and len(again.duplicates) == 1


def test_only_unusable_documents_is_an_error_and_keeps_the_old_index(docs, index, fake_embedder):
    first = build_index(docs, index, fake_embedder)
    for f in docs.iterdir():
        f.unlink()
    (docs / "empty.txt").write_bytes(b"")
    with pytest.raises(BuildFailed, match="no passages"):
        build_index(docs, index, fake_embedder)
    assert store.read_pointer(index) == first.build


def test_missing_documents_folder_is_an_error(tmp_path, fake_embedder):
    with pytest.raises(BuildFailed, match="does not exist"):
        build_index(tmp_path / "nope", tmp_path / "index", fake_embedder)


# -- the command line ----------------------------------------------------------

def test_build_command_prints_the_report(docs, index, capsys, monkeypatch):
    monkeypatch.setattr(qa.api, "load_embedder", lambda name=None: HashEmbedder())
    (docs / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, out, err = run_cli(capsys, "build", "--docs", docs, "--index", index, "--quiet")
    assert code == 0
    assert "2 added" in out and "1 skipped" in out
    assert "skipped photo.txt: looks like a PNG image" in out
    code, out, _ = run_cli(capsys, "build", "--docs", docs, "--index", index, "--quiet")
    assert code == 0 and "nothing changed" in out
    code, out, _ = run_cli(capsys, "build", "--docs", docs, "--index", index, "--quiet", "--full")
    assert code == 0 and "nothing changed" not in out and "0 reused" in out


def test_no_index_at_all(tmp_path, capsys):
    line = one_line_error(capsys, "outline", "--index", tmp_path / "empty")
    assert "CURRENT" in line


@pytest.mark.parametrize("name", ["passages.jsonl", "speeches.json", "vectors.faiss", "manifest.json"])
def test_missing_index_file_is_named(built_index, capsys, name):
    path = store.current_build(built_index) / name
    path.unlink()
    line = one_line_error(capsys, "outline", "--index", built_index)
    assert str(path) in line and "missing" in line


@pytest.mark.parametrize("name,content", [
    ("vectors.faiss", b"\x00garbage"),
    ("passages.jsonl", b'{"text": "half a line'),
    ("speeches.json", b"[{]"),
    ("manifest.json", b"{not json"),
    ("manifest.json", b"[1, 2]"),
])
def test_corrupt_index_file_is_named(built_index, capsys, name, content):
    path = store.current_build(built_index) / name
    path.write_bytes(content)
    line = one_line_error(capsys, "outline", "--index", built_index)
    assert str(path) in line


def test_corrupt_keyword_index_is_named(built_index, capsys):
    lexical = store.current_build(built_index) / "lexical"
    for f in lexical.iterdir():
        f.write_bytes(b"garbage")
    line = one_line_error(capsys, "outline", "--index", built_index)
    assert str(lexical) in line


def test_index_built_with_another_embedder_is_refused(built_index, capsys, monkeypatch):
    import qa.service

    monkeypatch.setattr(qa.service, "load_embedder", lambda name=None: OtherEmbedder())
    line = one_line_error(capsys, "ask", "--index", built_index, "防汛")
    manifest = store.current_build(built_index) / "manifest.json"
    assert str(manifest) in line and "test:hash-bigrams" in line and "test:other" in line


def test_build_into_a_missing_documents_folder_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(qa.api, "load_embedder", lambda name=None: HashEmbedder())
    code, out, err = run_cli(capsys, "build", "--docs", tmp_path / "nope", "--index", tmp_path / "i", "--quiet")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "does not exist" in err


def test_manifest_records_what_a_rebuild_needs(built_index):
    manifest = json.loads((store.current_build(built_index) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"] == {"id": HashEmbedder.id, "dim": HashEmbedder.dim}
    assert set(manifest["documents"]) == {"flood.txt", "safety.txt"}
    assert manifest["pipeline"] == build_mod.pipeline_fingerprint(Limits())
    assert manifest["chunking"] == {"max_chars": build_mod.MAX_CHARS, "min_chars": build_mod.MIN_CHARS}


def test_skipped_files_stay_reported_and_a_fixed_one_is_added(docs, index, fake_embedder):
    (docs / "forest.txt").write_bytes(b"")
    first = build_index(docs, index, fake_embedder)
    assert [s.file for s in first.skipped] == ["forest.txt"] and first.added == ["flood.txt", "safety.txt"]
    manifest = store.load_build(index).manifest
    assert "forest.txt" not in manifest["documents"]  # documents: what the index holds (and copies)
    again = build_index(docs, index, fake_embedder)
    assert again.kept and [(s.file, s.reason) for s in again.skipped] == [("forest.txt", "empty file")]
    assert "skipped forest.txt: empty file" in again.summary()
    (docs / "forest.txt").write_text(FOREST, encoding="utf-8")
    fixed = build_index(docs, index, fake_embedder)
    assert fixed.added == ["forest.txt"] and not fixed.skipped and not fixed.removed


def test_pointer_to_a_missing_build(built_index, capsys):
    (built_index / "CURRENT").write_text("20990101-000000-000000000\n", encoding="utf-8")
    line = one_line_error(capsys, "outline", "--index", built_index)
    assert "20990101-000000-000000000" in line
