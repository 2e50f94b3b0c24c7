"""Silent corruption and a full disk, each reproduced: a replaced keyword
matrix, speeches.json set to {}, passages with wrong field types (even with
the manifest's checksums forged to match), a confusing format message, and
a build that runs out of space while writing."""
from __future__ import annotations

import errno
import json

import numpy as np
import pytest

import qa.api
from qa import cli
from qa.errors import IndexProblem
from qa.indexing import build_folder as store, integrity
from qa.indexing.build import build_index
from qa.testing import serving
from sample_docs import FLOOD, SAFETY

QUESTION = "气象水文部门要做什么？"


@pytest.fixture
def built(tmp_path, fake_embedder, monkeypatch):
    import qa.service

    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    (docs / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (docs / "safety.txt").write_text(SAFETY, encoding="utf-8")
    build_index(docs, index, fake_embedder)
    monkeypatch.setattr(qa.service, "load_embedder", lambda name=None: fake_embedder)
    return docs, index, store.current_build(index)


def forge_manifest(folder, **changes) -> None:
    """What an attacker who also edits the manifest would do: checksums made to match again."""
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["files"] = integrity.file_records(folder)
    manifest.update(changes)
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def one_line_error(capsys, argv: list[str]) -> str:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert code == 2 and out == "", (code, out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "python scripts/build_index.py --index" in err
    return err


def test_the_manifest_records_every_file_and_the_counts(built):
    _, index, folder = built
    manifest = store.read_manifest(index)
    assert set(manifest["files"]) == set(integrity.file_records_names(folder))
    assert {"passages.jsonl", "speeches.json", "vectors.faiss", "vector_groups.npy", "keys.jsonl",
            "lexical/indptr.csc.index.npy"} <= set(manifest["files"])
    record = manifest["files"]["passages.jsonl"]
    assert record["bytes"] == (folder / "passages.jsonl").stat().st_size and len(record["sha256"]) == 64
    assert manifest["speeches"] == 2 and manifest["passages"] == len(store.load_build(index).passages)


def test_a_replaced_keyword_matrix_is_refused(built, capsys):
    """It used to change the top answer with exit status 0."""
    _, index, folder = built
    target = folder / "lexical" / "indptr.csc.index.npy"
    indptr = np.load(target)
    np.save(target, np.concatenate([indptr[:1], indptr[1:] * 0 + indptr[-1]]))  # same shape, other numbers
    with pytest.raises(IndexProblem, match="indptr.csc.index.npy does not match its manifest checksum"):
        store.load_build(index)
    err = one_line_error(capsys, ["ask", "--index", str(index), QUESTION])
    assert "indptr.csc.index.npy" in err


def test_speeches_set_to_an_empty_object_is_refused(built, capsys):
    """outline used to print [] with exit status 0."""
    _, index, folder = built
    (folder / "speeches.json").write_text("{}", encoding="utf-8")
    assert "speeches.json" in one_line_error(capsys, ["outline", "--json", "--index", str(index)])
    forge_manifest(folder)
    err = one_line_error(capsys, ["outline", "--json", "--index", str(index)])
    assert "speeches.json is corrupt (expected a list of speeches, found dict)" in err


def test_passages_with_wrong_field_types_are_refused_even_with_forged_checksums(built, capsys):
    _, index, folder = built
    path = folder / "passages.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[1])
    record["speech"], record["path"] = "1", "第一"
    lines[1] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "passages.jsonl has " in one_line_error(capsys, ["ask", "--index", str(index), QUESTION])  # size differs
    forge_manifest(folder)
    err = one_line_error(capsys, ["ask", "--index", str(index), QUESTION])
    assert "passages.jsonl is corrupt (record 2: field 'speech' is str, expected int)" in err


def test_counts_that_disagree_with_the_manifest_are_refused(built):
    _, index, folder = built
    forge_manifest(folder, speeches=3)
    with pytest.raises(IndexProblem, match="3 speeches"):
        store.load_build(index)


def test_a_file_the_manifest_does_not_list_is_refused(built):
    _, index, folder = built
    np.save(folder / "lexical" / "nonoccurrence_array.index.npy", np.ones(3))
    with pytest.raises(IndexProblem, match="nonoccurrence_array.index.npy is not listed in its manifest"):
        store.load_build(index)


@pytest.mark.parametrize("version, says", [("1", "has no valid format version ('1'; this version reads format 2)"),
                                           (1, "has format 1, this version reads format 2"),
                                           (None, "has no valid format version (None;")])
def test_the_format_message_says_what_differs(built, version, says):
    _, index, folder = built
    forge_manifest(folder, format_version=version)
    with pytest.raises(IndexProblem) as caught:
        store.load_build(index)
    assert says in str(caught.value) and "reads 1;" not in str(caught.value)


def test_an_intact_index_loads_and_answers(built, fake_embedder):
    _, index, _ = built
    result = serving(index, embedder=fake_embedder).ask(QUESTION)
    assert result.hits and "监测预警" in result.hits[0].passage.text


# -- a full disk ----------------------------------------------------------------------

def faiss_fails(index):
    raise RuntimeError("Error in faiss::VectorIOWriter at /project/faiss/faiss/impl/io.cpp:104: "
                       "Error: 'nitems == ret' failed: could not grow the buffer: No space left on device")


class FullDisk:
    """A file whose writes fail as on a full disk."""

    def __init__(self, real) -> None:
        self.real = real

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()


def disk_full_for(name: str, real_open):
    def fake(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        return FullDisk(handle) if "w" in str(mode) and str(file).endswith(name) else handle
    return fake


@pytest.mark.parametrize("how", ["passages.jsonl", "vectors.faiss", "vector_groups.npy", "faiss"])
def test_a_full_disk_is_one_line_and_the_old_index_serves(built, fake_embedder, capsys, monkeypatch, how):
    import builtins

    from qa.indexing import dense

    docs, index, folder = built
    before = store.read_pointer(index)
    (docs / "more.txt").write_text(FLOOD.replace("防汛", "抗旱"), encoding="utf-8")
    if how == "faiss":
        monkeypatch.setattr(dense.faiss, "serialize_index", faiss_fails)
    else:
        monkeypatch.setattr(builtins, "open", disk_full_for(how, builtins.open))
    import qa.indexing.build as build_module
    monkeypatch.setattr(qa.api, "load_embedder", lambda name=None: fake_embedder)
    code = cli.main(["build", "--quiet", "--docs", str(docs), "--index", str(index)])
    out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith("qa build: could not write the new index") and "No space left on device" in err
    assert "the current index is unchanged" in err and "faiss::" not in err
    monkeypatch.undo()
    assert store.read_pointer(index) == before
    assert [p.name for p in (index / "builds").iterdir()] == [folder.name]  # nothing half-written left
    assert serving(index, embedder=fake_embedder).ask(QUESTION).hits
    assert build_module.build_index(docs, index, fake_embedder).build != before  # space again: it builds
