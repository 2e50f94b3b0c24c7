"""Hybrid retrieval: query analysis → keyword + dense → fusion → no-answer
decision → duplicate merging. Structural questions go to the directive tree."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa import config
from qa.indexing.embedding import Embedder, EmbedderError
from qa.indexing.lexical import tokenize
from qa.models import Passage
from qa.search.query import Query, analyze, is_follow_up, load_synonyms
from qa.search.relevance import anchor_vectors, is_answerable
from qa.indexing.store import IndexError_, LoadedIndex
from qa.indexing.dense import DenseIndex, top_k

# Fusion weights, chosen on the development and project question sets
# (scripts/evaluate.py prints the effect of each part).
LEXICAL_WEIGHT = 0.7
DUPLICATE_JACCARD = 0.8
# Characters of the question that the dense embedder sees (keywords use all).
DENSE_QUERY_CHARS = 150
# How many keyword and dense candidates are fused (each).
CANDIDATES = 200
# Further places of a passage stored as the same vector, listed under "also".
MAX_COPIES = 20


@dataclass
class Hit:
    passage: Passage
    score: float
    row: int
    dense: float = 0.0  # cosine with the question, for the no-answer decision
    also: list[Passage] = field(default_factory=list)

    def to_dict(self, rank: int) -> dict:
        citation = self.passage.citation()
        citation["also"] = [p.citation() for p in self.also]
        return {"rank": rank, "score": round(float(self.score), 4), "text": self.passage.text,
                "citation": citation}


@dataclass
class SearchResult:
    query: Query
    answerable: bool
    hits: list[Hit]
    notice: str = ""  # e.g. the query was truncated, or the speech does not exist
    mode: str = "hybrid"  # hybrid / structural / empty

    def to_dict(self) -> dict:
        out = {"query": self.query.raw, "answerable": self.answerable,
               "results": [h.to_dict(i) for i, h in enumerate(self.hits, 1)]}
        if self.notice:
            out["notice"] = self.notice
        return out


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"\W", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _unit(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


class Searcher:
    def __init__(self, index: LoadedIndex, embedder: Embedder, synonyms_path: Path | None = None,
                 lexical_weight: float = LEXICAL_WEIGHT) -> None:
        built_with = index.manifest.get("embedder", {}).get("id")
        if built_with != embedder.id:
            raise IndexError_(f"index {index.folder} was built with embedder '{built_with}', "
                              f"but '{embedder.id}' is configured; rebuild it with: "
                              f"python scripts/build_index.py --index {index.folder.parent.parent}")
        self.index = index
        self.embedder = embedder
        self.synonyms_path = Path(synonyms_path or config.synonyms_file())
        self.off_topic_path = config.off_topic_file()
        self.speech_numbers = {s.ordinal for s in index.speeches}
        self.lexical_weight = lexical_weight
        self._bigram_cache: dict[int, set[str]] = {}

    # -- scoring -----------------------------------------------------------
    def query_tokens(self, query: Query) -> tuple[list[str], dict[str, float]]:
        tokens = tokenize(query.core)
        weights = {t: 1.0 for t in tokens}
        for word in query.expansions:
            for t in tokenize(word):
                weights.setdefault(t, 0.7)  # a synonym counts, a little less than the user's words
        return list(weights), weights

    def lexical_scores(self, query: Query) -> np.ndarray:
        tokens, weights = self.query_tokens(query)
        return self.index.lexical.scores(tokens, weights)

    def query_vector(self, query: Query) -> np.ndarray:
        # The embedder's cost grows with length; a question's meaning is in its
        # start, so a pasted document is embedded by its first sentences only.
        text = query.text[:DENSE_QUERY_CHARS]
        if query.expansions:
            text += " " + " ".join(query.expansions)
        return self.embedder.embed_query(text)

    def candidates(self, query: Query, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows of the best keyword and dense passages, with both scores.

        A passage outside the dense top list gets the lowest dense score seen,
        so a large archive never needs every vector compared. Passages stored
        as one vector (copies) compete as one for either list, then all join
        the candidates, so a filter still finds its own copy.
        """
        vectors = self.index.vectors
        grouped = isinstance(vectors, DenseIndex)
        dense_rows, dense_scores = vectors.search(vector, CANDIDATES) if grouped else top_k(vectors, vector, CANDIDATES)
        lexical = self.lexical_scores(query)
        competing = np.where(vectors.is_first, lexical, 0) if grouped else lexical
        if len(competing) > CANDIDATES:
            lex_rows = np.argpartition(-competing, CANDIDATES)[:CANDIDATES]
        else:
            lex_rows = np.arange(len(competing))
        lex_rows = lex_rows[competing[lex_rows] > 0]
        if grouped:
            lex_rows = vectors.rows_of(vectors.groups[lex_rows])[0]
        rows = np.unique(np.concatenate([dense_rows, lex_rows])).astype(np.int64)
        floor = float(dense_scores.min()) if len(dense_scores) else 0.0
        dense = np.full(len(rows), floor, dtype=np.float32)
        dense[np.searchsorted(rows, dense_rows)] = dense_scores
        return rows, lexical[rows], dense

    def fuse(self, lexical: np.ndarray, dense: np.ndarray) -> np.ndarray:
        # Dense cosines of e5 crowd into a narrow band: stretch the band
        # between the median and the best candidate onto 0..1.
        floor = float(np.median(dense)) if len(dense) else 0.0
        span = float(dense.max()) - floor if len(dense) else 0.0
        dense_unit = np.clip((dense - floor) / span, 0, 1) if span > 0 else np.zeros_like(dense)
        w = self.lexical_weight
        return w * _unit(lexical) + (1 - w) * dense_unit

    # -- the whole search --------------------------------------------------
    def search(self, question: str, k: int = 5, speech: int | None = None,
               history: list[str] | None = None, file: str | None = None) -> SearchResult:
        """``speech``/``file`` filter by speech ordinal and document; ``history``
        holds the earlier questions of the conversation, oldest first."""
        synonyms = load_synonyms(self.synonyms_path)  # re-read when the file changes: edits apply at once
        query = analyze(question, synonyms)
        notice = "问题过长，只按前 500 个字检索。" if query.truncated else ""
        if query.empty:
            return SearchResult(query, False, [], "请输入一个问题。", mode="empty")
        if history and is_follow_up(query):
            query = self._with_history(query, history, synonyms)
        speech = speech if speech is not None else query.speech
        if speech is not None and speech not in self.speech_numbers:
            return SearchResult(query, False, [], f"没有第{speech}篇讲话。", mode="empty")
        in_part = self.part_rows(speech, query.part, file) if query.part and speech is not None else None
        if in_part and query.structural:
            hits = [Hit(self.index.passages[r], 1.0 - j * 0.01, r) for j, r in enumerate(in_part[:k])]
            return SearchResult(query, True, hits, notice, mode="structural")
        try:
            vector = self.query_vector(query)
        except Exception as exc:
            raise EmbedderError(f"the embedder failed on this question: {exc}") from exc
        rows, lexical, dense = self.candidates(query, vector)
        fused = self.fuse(lexical, dense)
        if in_part:  # "第三篇第三部分的疫情监测…": search inside that part only
            allowed = set(in_part)
            fused = np.where([r in allowed for r in rows], fused, -1.0)
        if speech is not None or file is not None:
            fused = np.where([(speech is None or self.index.passages[r].speech == speech)
                              and (file is None or self.index.passages[r].file == file) for r in rows], fused, -1.0)
        order = np.argsort(-fused, kind="stable")
        order = self._one_per_vector(rows, order[fused[order] >= 0])[: k * 4]
        hits = [Hit(self.index.passages[rows[i]], float(fused[i]), int(rows[i]), dense=float(dense[i]),
                    also=self._copies(int(rows[i]))) for i in order]
        hits = self._merge_duplicates(hits, k)
        # A question that names an existing part (第三篇第三部分的…) is answered from it.
        answerable = bool(hits) and (bool(in_part) or is_answerable(
            query, [h.passage for h in hits[:3]], float(dense.max()), vector,
            anchor_vectors(self.embedder, self.off_topic_path), self.index.lexical))
        return SearchResult(query, answerable, hits, notice)

    def _with_history(self, query: Query, history: list[str], synonyms) -> Query:
        """Carry the earlier topic into a follow-up question."""
        for earlier in reversed(history):
            previous = analyze(earlier, synonyms)
            if previous.core and not previous.structural:
                merged = analyze(f"{previous.core} {query.text}", synonyms)
                merged.raw = query.raw
                merged.speech = query.speech if query.speech is not None else previous.speech
                return merged
        return query

    def _one_per_vector(self, rows: np.ndarray, order: np.ndarray) -> np.ndarray:
        """``order`` keeping the best-placed passage of each stored vector."""
        vectors = self.index.vectors
        if not isinstance(vectors, DenseIndex) or not len(order):
            return order
        _, first = np.unique(vectors.groups[rows[order]], return_index=True)
        return order[np.sort(first)]

    def _copies(self, row: int) -> list[Passage]:
        """Passages stored as the same vector as ``row``, one per (file, speech) other than its own."""
        vectors = self.index.vectors
        if not isinstance(vectors, DenseIndex):
            return []
        own = self.index.passages[row]
        seen, copies = {(own.file, own.speech)}, []
        for other in vectors.same_vector(row):
            passage = self.index.passages[int(other)]
            if (passage.file, passage.speech) not in seen:
                seen.add((passage.file, passage.speech))
                copies.append(passage)
                if len(copies) >= MAX_COPIES:
                    break
        return copies

    def _merge_duplicates(self, hits: list[Hit], k: int) -> list[Hit]:
        kept: list[Hit] = []
        for hit in hits:
            grams = self._grams(hit)
            for other in kept:
                og = self._grams(other)
                if grams and og and len(grams & og) / len(grams | og) >= DUPLICATE_JACCARD:
                    other.also.append(hit.passage)
                    break
            else:
                kept.append(hit)
            if len(kept) > k:
                break
        return kept[:k]

    def _grams(self, hit: Hit) -> set[str]:
        if hit.row not in self._bigram_cache:
            if len(self._bigram_cache) > 20_000:  # bounded in a long-running server
                self._bigram_cache.clear()
            self._bigram_cache[hit.row] = _bigrams(hit.passage.text)
        return self._bigram_cache[hit.row]

    # -- structural questions -------------------------------------------------
    def part_rows(self, speech: int, part: list[int], file: str | None = None) -> list[int]:
        """Rows of the passages inside the n-th directive (its m-th child …) of a speech."""
        from qa.ingest.directives import parse_directives

        for s in self.index.speeches:
            if s.ordinal != speech or (file is not None and s.file != file):
                continue
            level, target = parse_directives(s), None
            for n in part:
                if not 1 <= n <= len(level):
                    return []
                target = level[n - 1]
                level = target.children
            return [i for i, p in enumerate(self.index.passages)
                    if p.file == s.file and p.speech == s.ordinal and p.start < target.end and p.end > target.start]
        return []
