"""The FAISS-files store behind the store interface: the same candidates as
before the interface existed, and filters applied inside the search.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_stores_e2e.py."""
from __future__ import annotations

import numpy as np

from sample_docs import FLOOD, FOREST, SAFETY

from qa.indexing import build_folder as store
from qa.indexing.build import build_index
from qa.indexing.stores.base import Where
from qa.search.candidates import CANDIDATES, candidates, query_tokens
from qa.search.query import analyze
from qa.testing import serving


def big_archive(folder, copies: int = 60):
    """Well over CANDIDATES passages: three speeches reworded ``copies`` times."""
    folder.mkdir()
    for i in range(copies):
        for name, text in (("flood", FLOOD), ("safety", SAFETY), ("forest", FOREST)):
            body = text.replace("要", f"要第{i}次")
            (folder / f"{name}-{i:02d}.txt").write_text(body, encoding="utf-8")


def test_candidates_are_what_the_search_scored_before_the_store_interface(tmp_path, fake_embedder):
    big_archive(tmp_path / "docs")
    build_index(tmp_path / "docs", tmp_path / "index", fake_embedder)
    index = store.load_build(tmp_path / "index")
    assert len(index.passages) > CANDIDATES + 150
    # the last two match most passages (every one says 要第…次): the keyword list is full
    for question in ("监测预警 雨情水情", "要第3次压实责任", "要第7次备足扑火力量"):
        query = analyze(question, {})
        vector = fake_embedder.embed_query(question)
        found = candidates(index.store, fake_embedder, query)
        rows, lexical, dense = found.rows, found.lexical, found.dense
        # the search as it was: every passage's BM25 score, the dense top list
        tokens, weights = query_tokens(query)
        every = index.lexical.scores(tokens, weights)
        # (copies stored as one vector compete as one, then every copy joins: qa.indexing.dense)
        vectors = index.store.vectors
        dense_rows, dense_scores = vectors.search(vector, CANDIDATES)
        competing = np.where(vectors.is_first, every, 0)
        lex_rows = np.argpartition(-competing, CANDIDATES)[:CANDIDATES]
        lex_rows = vectors.rows_of(vectors.groups[lex_rows[competing[lex_rows] > 0]])[0]
        expected = np.unique(np.concatenate([dense_rows, lex_rows]))
        assert np.array_equal(rows, expected)
        assert np.allclose(lexical, every[rows])
        cosine = dict(zip(dense_rows.tolist(), dense_scores.tolist()))
        assert np.allclose(dense, [cosine.get(r, dense_scores.min()) for r in rows.tolist()])


def test_filters_pick_candidates_inside_the_filter(tmp_path, fake_embedder):
    big_archive(tmp_path / "docs")
    build_index(tmp_path / "docs", tmp_path / "index", fake_embedder)
    index = store.load_build(tmp_path / "index")
    files = [p.file for p in index.passages]
    vector = fake_embedder.embed_query("监测预警 雨情水情")
    rows, scores = index.store.dense(vector, 10, Where(file="safety-07.txt"))
    assert len(rows) == files.count("safety-07.txt") and {files[r] for r in rows} == {"safety-07.txt"}
    assert np.all(np.diff(scores) <= 1e-6)  # best first
    rows, scores = index.store.keyword("", ["责任"], {"责任": 1.0}, 5, Where(file="forest-03.txt"))
    assert len(rows) == 0 or {files[r] for r in rows} == {"forest-03.txt"}
    rows, _ = index.store.keyword("", ["责任"], {"责任": 1.0}, 5, Where(file="safety-03.txt"))
    assert len(rows) > 0 and {files[r] for r in rows} == {"safety-03.txt"}
    assert len(index.store.dense(vector, 10, Where(speech=2))[0]) == 0
    # through the search: a filtered question is answered from that file even when
    # its passages are not among the unfiltered top candidates
    result = serving(tmp_path / "index", embedder=fake_embedder).ask("监测预警 雨情水情", k=3, file="flood-39.txt")
    assert result.hits and {h.passage.file for h in result.hits} == {"flood-39.txt"}
