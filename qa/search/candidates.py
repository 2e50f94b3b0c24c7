"""Stage: candidates. The question's keyword tokens and vector, and the best
keyword and dense passages the store returns for them (top CANDIDATES of each)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qa.errors import EmbedderFailed
from qa.indexing.stores.base import Where
from qa.indexing.tokenizer import TOKENIZER
from qa.search.query import Query

# How many keyword and dense candidates are fused (each).
CANDIDATES = 200
# Characters of the question that the dense embedder sees (keywords use all).
DENSE_QUERY_CHARS = 150
CONTEXT_WEIGHT = 0.6  # keyword weight of a topic word carried over from an earlier question
SYNONYM_WEIGHT = 0.7  # a synonym counts, a little less than the user's words


@dataclass
class Candidates:
    rows: np.ndarray  # passage rows, each once
    lexical: np.ndarray  # BM25 score per row (0 outside the keyword list)
    dense: np.ndarray  # cosine per row (the lowest seen outside the dense list)
    vector: np.ndarray  # the question's vector
    tokens: list[str] = field(default_factory=list)  # the question's keyword tokens …
    weights: dict[str, float] = field(default_factory=dict)  # … and their weights (query_tokens)


def query_tokens(query: Query) -> tuple[list[str], dict[str, float]]:
    weights = {t: 1.0 for t in TOKENIZER.keywords(query.asked_core)}
    for t in TOKENIZER.keywords(query.context):
        weights.setdefault(t, CONTEXT_WEIGHT)  # the conversation's topic, behind the new words
    for word in query.expansions:
        for t in TOKENIZER.keywords(word):
            weights.setdefault(t, SYNONYM_WEIGHT)
    return list(weights), weights


def query_vector(embedder, query: Query) -> np.ndarray:
    # The embedder's cost grows with length; a question's meaning is in its
    # start, so a pasted document is embedded by its first sentences only.
    text = (query.dense_text or query.text)[:DENSE_QUERY_CHARS]
    if query.expansions:
        text += " " + " ".join(query.expansions)
    try:
        return embedder.embed_query(text)
    except Exception as exc:
        raise EmbedderFailed(f"the embedder failed on this question: {exc}") from exc


def candidates(store, embedder, query: Query, where: Where | None = None) -> Candidates:
    """Rows of the best keyword and dense passages from the store, with both scores.

    A passage outside the dense top list gets the lowest dense score seen,
    one outside the keyword list none (the FAISS files score the dense
    candidates too), so a large archive never needs every vector compared.
    A StoreError (Milvus gone away) is a QAError: the edges say it in one line.
    """
    vector = query_vector(embedder, query)
    tokens, weights = query_tokens(query)
    text = " ".join([query.core, *query.expansions])
    dense_rows, dense_scores = store.dense(vector, CANDIDATES, where)
    lex_rows, lex_scores = store.keyword(text, tokens, weights, CANDIDATES, where, also=dense_rows)
    rows = np.unique(np.concatenate([dense_rows, lex_rows])).astype(np.int64)
    at = {int(r): i for i, r in enumerate(rows)}
    floor = float(dense_scores.min()) if len(dense_scores) else 0.0
    dense = np.full(len(rows), floor, dtype=np.float32)
    lexical = np.zeros(len(rows), dtype=np.float32)
    for r, sc in zip(dense_rows, dense_scores):
        dense[at[int(r)]] = sc
    for r, sc in zip(lex_rows, lex_scores):
        lexical[at[int(r)]] = sc
    return Candidates(rows, lexical, dense, vector, tokens, weights)
