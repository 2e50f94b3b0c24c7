"""Duplicates cannot crush the dense index: identical and near-identical
vectors are stored once (every copy still reachable), and an HNSW graph is
kept only when its measured recall holds up.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_dense_duplicates_e2e.py."""
from __future__ import annotations


import numpy as np
import pytest


from qa.indexing import dense
from qa.indexing.build import build_index
from qa.indexing.dense import DenseIndex, build_dense_index, index_kind, near_duplicate_groups
from qa.testing import serving


def unit_rows(n: int, d: int = 32, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_identical_vectors_are_stored_once_and_reach_every_row():
    distinct = unit_rows(50)
    vectors = np.vstack([distinct[:10], np.repeat(distinct[10:11], 3000, axis=0), distinct[11:]])
    built = build_dense_index(vectors, threshold=100)
    assert built.stored == 50 and built.ntotal == len(vectors)
    np.testing.assert_allclose(built.reconstruct_n(0, built.ntotal), vectors, atol=1e-6)
    rows, scores = built.search(distinct[10], 5)
    assert set(range(10, 3010)) <= set(rows.tolist())  # every copy comes back, with one score
    assert np.allclose(scores[: 3000], scores[0]) and scores[0] == pytest.approx(1.0, abs=1e-5)
    assert len(set(built.groups[rows].tolist())) == 5  # five distinct vectors, not five copies
    assert set(built.same_vector(10).tolist()) == set(range(11, 3010))
    assert int(built.is_first.sum()) == 50 and built.is_first[10] and not built.is_first[11]


def test_near_identical_vectors_join_and_distinct_ones_do_not():
    base = unit_rows(20, d=64, seed=1)
    noise = unit_rows(1, d=64, seed=2)[0]
    near = base[3] + 0.02 * noise
    near /= np.linalg.norm(near)  # cosine ~0.9998
    far = base[3] + 0.3 * noise
    far /= np.linalg.norm(far)  # cosine ~0.96
    groups = near_duplicate_groups(np.vstack([base, near, far]))
    assert groups[20] == 3 and groups[21] == 21
    assert (groups[:20] == np.arange(20)).all()


def test_the_groups_survive_a_save_and_load(tmp_path):
    vectors = np.vstack([unit_rows(30), unit_rows(1)[np.zeros(5, int)]])
    built = build_dense_index(vectors)
    built.save(tmp_path)
    loaded = DenseIndex.load(tmp_path)
    assert loaded.stored == built.stored and (loaded.groups == built.groups).all()
    np.testing.assert_allclose(loaded.reconstruct_n(0, loaded.ntotal), vectors, atol=1e-6)
    np.save(tmp_path / dense.GROUPS_FILE, np.full(35, 999, np.int32))
    with pytest.raises(ValueError, match="does not map passages"):
        DenseIndex.load(tmp_path)


def test_hnsw_is_kept_only_with_measured_recall(monkeypatch):
    vectors = unit_rows(300)
    built = build_dense_index(vectors, threshold=100)
    assert built.report["kind"] == "hnsw" and built.report["recall_at_10"] >= dense.MIN_RECALL

    seen = []
    monkeypatch.setattr(dense, "measured_recall", lambda index, stored: seen.append(
        dense.faiss.downcast_index(index).hnsw.efSearch) or (0.99 if len(seen) > 2 else 0.5))
    raised = build_dense_index(vectors, threshold=100)
    assert raised.report["kind"] == "hnsw" and raised.report["ef_search"] == 4 * dense.HNSW_EF_SEARCH
    assert seen == [dense.HNSW_EF_SEARCH, 2 * dense.HNSW_EF_SEARCH, 4 * dense.HNSW_EF_SEARCH]

    monkeypatch.setattr(dense, "measured_recall", lambda index, stored: 0.2)
    fallen = build_dense_index(vectors, threshold=100)
    assert fallen.report["kind"] == "exact" and index_kind(fallen) == "exact"


def test_a_filter_finds_its_own_copy_of_a_shared_passage(tmp_path, fake_embedder):
    """Two speeches with one identical directive: stored once, yet each speech's filter finds its own."""
    shared = "第一，要加强组织领导。各级党委政府要把防汛救灾摆在突出位置，压实各方责任，确保责任落实到人。"
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    (docs / "a.txt").write_text(f"第一篇：甲\n{shared}\n第二，要做好宣传。广泛宣传防灾减灾知识。\n"
                                f"第二篇：乙\n{shared}\n第二，要做好保障。确保物资储备充足到位。\n", encoding="utf-8")
    build_index(docs, index, fake_embedder)
    service = serving(index, embedder=fake_embedder)
    service.reload()
    assert service.build.store.vectors.stored < service.build.store.vectors.ntotal
    top = service.ask("防汛救灾压实责任", k=3).to_dict()["results"][0]
    assert [c["speech"] for c in top["citation"]["also"]] == [3 - top["citation"]["speech"]]
    for speech in (1, 2):
        hit = service.ask("防汛救灾压实责任", k=3, speech=speech).to_dict()["results"][0]
        assert hit["citation"]["speech"] == speech and "压实各方责任" in hit["text"]
