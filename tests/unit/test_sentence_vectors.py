"""Sentence vectors: written with each build, one per sentence as the answer
stage cuts them, read back with the build; a build made before them still
answers (by words alone), a damaged file is named; and the closeness bonus
they give is bounded and counts only the sentences of the unit scored."""
from __future__ import annotations

import json

import numpy as np
import pytest

from qa.errors import IndexProblem
from qa.indexing import build_folder, integrity
from qa.indexing.build import build_index
from qa.indexing.sentence_vectors import FILE, SentenceVectors
from qa.ingest.sentences import split_sentences
from qa.search.closeness import FLOOR, NONE, SPAN, WEIGHT, Closeness
from qa.testing import HashEmbedder, serving
from sample_docs import FLOOD, SAFETY


@pytest.fixture
def built(tmp_path):
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    (docs / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (docs / "safety.txt").write_text(SAFETY, encoding="utf-8")
    build_index(docs, index, HashEmbedder())
    return index


def test_each_passage_keeps_a_vector_for_each_of_its_sentences(built):
    build = build_folder.load_build(built)
    embedder = HashEmbedder()
    assert build.sentences is not None and build.sentences.passages() == len(build.passages)
    for row, passage in enumerate(build.passages):
        sentences = split_sentences(passage.text)
        starts, _ = build.sentences.cosines(row, np.zeros(embedder.dim, dtype=np.float32))
        assert starts.tolist() == [s.start for s in sentences]
        a, b = build.sentences.offsets[row], build.sentences.offsets[row + 1]
        expected = embedder.embed_passages([s.text for s in sentences])
        assert np.allclose(build.sentences.vectors[a:b].astype(np.float32), expected, atol=2e-3)


def test_a_build_made_before_sentence_vectors_still_answers_by_words(built):
    folder = build_folder.current_build(built)
    (folder / FILE).unlink()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"].pop(FILE)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert build_folder.load_build(built).sentences is None
    index = serving(built, HashEmbedder())
    result = index.ask("气象水文部门要做什么？")
    assert result.hits and "气象水文部门要密切监视雨情水情" in result.hits[0].passage.text


def test_a_damaged_sentence_file_is_named(built):
    folder = build_folder.current_build(built)
    (folder / FILE).write_bytes(b"not numpy")
    with pytest.raises(IndexProblem) as err:
        build_folder.load_build(built)
    assert FILE in str(err.value)
    # even with the checksums made to match again, the file that cannot be read is named
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"] = integrity.file_records(folder)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexProblem) as err:
        build_folder.load_build(built)
    assert FILE in str(err.value)


def _vectors(cosines: list[float], starts: list[int]) -> SentenceVectors:
    """One passage whose sentences have these cosines with the question vector (1, 0, …)."""
    vectors = np.array([[c, (1 - c * c) ** 0.5, 0.0] for c in cosines], dtype=np.float16)
    return SentenceVectors(vectors, np.array([0, len(cosines)]), np.array(starts, dtype=np.int32))


def test_closeness_adds_nothing_below_the_floor_and_at_most_its_weight():
    question = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    near = Closeness(_vectors([FLOOR - 0.05, FLOOR + SPAN / 2, 0.99], [0, 10, 20]), question)
    assert near.bonus(0, 0, 10) == 0.0  # only the first sentence is inside
    assert near.bonus(0, 10, 20) == pytest.approx(WEIGHT / 2, abs=0.02)
    assert near.bonus(0, 20, 30) == pytest.approx(WEIGHT)
    assert near.bonus(0, 0, 30) == pytest.approx(WEIGHT)  # a unit of several: its closest sentence
    assert near.bonus(1, 0, 30) == 0.0  # a row the build has no sentences for
    assert Closeness(near.sentences, None).bonus(0, 0, 30) == 0.0 and NONE.bonus(0, 0, 30) == 0.0
