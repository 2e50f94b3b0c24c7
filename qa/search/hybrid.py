"""Hybrid retrieval: query analysis → keyword + dense → fusion → no-answer
decision → duplicate merging. Structural questions go to the directive tree."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np

from qa import settings
from qa.cache import LRU
from qa.errors import EmbedderFailed
from qa.indexing.embedding import Embedder
from qa.indexing.lexical import tokenize
from qa.indexing.store import LoadedIndex, check_embedder
from qa.models import Passage
from qa.search.query import MAX_QUERY_CHARS, Query, analyze, is_follow_up, load_synonyms
from qa.search.relevance import anchor_vectors, is_answerable
from qa.indexing.stores.base import Where

# Fusion weights, chosen on the development and project question sets
# (scripts/evaluate.py prints the effect of each part).
LEXICAL_WEIGHT = 0.7
DUPLICATE_JACCARD = 0.8
# Characters of the question that the dense embedder sees (keywords use all).
DENSE_QUERY_CHARS = 150
# How many keyword and dense candidates are fused (each).
CANDIDATES = 200
# Passages whose character bigrams are kept for duplicate merging.
BIGRAM_CACHE = 20_000


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
    index: LoadedIndex | None = None  # the build the hits come from (render with this one)

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
    """Searches one loaded build; files left None come from the settings."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, synonyms_path: Path | None = None,
                 lexical_weight: float = LEXICAL_WEIGHT, off_topic_path: Path | None = None) -> None:
        check_embedder(index.index_dir, index.folder, index.manifest, embedder.id)
        self.index = index
        self.embedder = embedder
        self.synonyms_path = Path(synonyms_path or settings.read("QA_SYNONYMS"))
        self.off_topic_path = Path(off_topic_path or settings.read("QA_OFF_TOPIC"))
        self.speech_numbers = {s.ordinal for s in index.speeches}
        self.speech_keys = {(s.file, s.ordinal) for s in index.speeches}
        self.files = sorted({s.file for s in index.speeches})
        self.lexical_weight = lexical_weight
        self._bigrams: LRU[set[str]] = LRU(BIGRAM_CACHE)

    # -- scoring -----------------------------------------------------------
    def query_tokens(self, query: Query) -> tuple[list[str], dict[str, float]]:
        tokens = tokenize(query.core)
        weights = {t: 1.0 for t in tokens}
        for word in query.expansions:
            for t in tokenize(word):
                weights.setdefault(t, 0.7)  # a synonym counts, a little less than the user's words
        return list(weights), weights

    def query_vector(self, query: Query) -> np.ndarray:
        # The embedder's cost grows with length; a question's meaning is in its
        # start, so a pasted document is embedded by its first sentences only.
        text = query.text[:DENSE_QUERY_CHARS]
        if query.expansions:
            text += " " + " ".join(query.expansions)
        return self.embedder.embed_query(text)

    def candidates(self, query: Query, vector: np.ndarray,
                   where: Where | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows of the best keyword and dense passages from the store, with both scores.

        A passage outside the dense top list gets the lowest dense score seen,
        one outside the keyword list none (the FAISS files score the dense
        candidates too), so a large archive never needs every vector compared.
        """
        tokens, weights = self.query_tokens(query)
        text = " ".join([query.core, *query.expansions])
        # a StoreError (Milvus gone away) is a QAError: the edges say it in one line
        dense_rows, dense_scores = self.index.store.dense(vector, CANDIDATES, where)
        lex_rows, lex_scores = self.index.store.keyword(text, tokens, weights, CANDIDATES, where,
                                                        also=dense_rows)
        rows = np.unique(np.concatenate([dense_rows, lex_rows])).astype(np.int64)
        at = {int(r): i for i, r in enumerate(rows)}
        floor = float(dense_scores.min()) if len(dense_scores) else 0.0
        dense = np.full(len(rows), floor, dtype=np.float32)
        lexical = np.zeros(len(rows), dtype=np.float32)
        for r, sc in zip(dense_rows, dense_scores):
            dense[at[int(r)]] = sc
        for r, sc in zip(lex_rows, lex_scores):
            lexical[at[int(r)]] = sc
        return rows, lexical, dense

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
        notice = f"问题过长，只按前 {MAX_QUERY_CHARS} 个字检索。" if query.truncated else ""
        if query.empty:
            return SearchResult(query, False, [], "请输入一个问题。", mode="empty", index=self.index)
        if history and is_follow_up(query):
            query = self._with_history(query, history, synonyms)
        speech = speech if speech is not None else query.speech
        if file is not None:
            file, problem = self.document(file)
            if problem:
                return SearchResult(query, False, [], problem, mode="empty", index=self.index)
        if speech is not None and not ((file, speech) in self.speech_keys if file is not None
                                       else speech in self.speech_numbers):
            where = f"《{file}》中" if file is not None else ""
            return SearchResult(query, False, [], f"{where}没有第{speech}篇讲话。", mode="empty", index=self.index)
        in_part = self.part_rows(speech, query.part, file) if query.part and speech is not None else None
        if in_part and query.structural:
            hits = [Hit(self.index.passages[r], 1.0 - j * 0.01, r) for j, r in enumerate(in_part[:k])]
            return SearchResult(query, True, hits, notice, mode="structural", index=self.index)
        try:
            vector = self.query_vector(query)
        except Exception as exc:
            raise EmbedderFailed(f"the embedder failed on this question: {exc}") from exc
        rows, lexical, dense = self.candidates(query, vector, Where(speech, file))
        fused = self.fuse(lexical, dense)
        if in_part:  # "第三篇第三部分的疫情监测…": search inside that part only
            allowed = set(in_part)
            fused = np.where([r in allowed for r in rows], fused, -1.0)
        if speech is not None or file is not None:
            fused = np.where([(speech is None or self.index.passages[r].speech == speech)
                              and (file is None or self.index.passages[r].file == file) for r in rows], fused, -1.0)
        order = np.argsort(-fused, kind="stable")[: k * 4]
        hits = [Hit(self.index.passages[rows[i]], float(fused[i]), int(rows[i]), dense=float(dense[i]))
                for i in order if fused[i] >= 0]
        hits = self._merge_duplicates(hits, k)
        # A question that names an existing part (第三篇第三部分的…) is answered from it.
        answerable = bool(hits) and (bool(in_part) or is_answerable(
            query, [h.passage for h in hits[:3]], float(dense.max()), vector,
            anchor_vectors(self.embedder, self.off_topic_path), self.index.lexical))
        return SearchResult(query, answerable, hits, notice, index=self.index)

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

    def document(self, name: str) -> tuple[str | None, str]:
        """The indexed file a name means (its path, file name or name without
        extension), or a sentence saying there is none or several."""
        if name in self.files:
            return name, ""
        matches = [f for f in self.files if name in (PurePosixPath(f).name, PurePosixPath(f).stem)]
        if len(matches) == 1:
            return matches[0], ""
        if matches:
            return None, f"有多个文档名为“{name}”：{'、'.join(matches)}，请写出完整路径。"
        return None, f"索引中没有名为“{name}”的文档。"

    def _merge_duplicates(self, hits: list[Hit], k: int) -> list[Hit]:
        kept: list[Hit] = []
        for hit in hits:
            grams = self._grams(hit)
            for other in kept:
                og = self._grams(other)
                if grams and og and len(grams & og) / len(grams | og) >= DUPLICATE_JACCARD:
                    # 亦见 names each other (file, speech) once, never the hit's own
                    where = (hit.passage.file, hit.passage.speech)
                    if where != (other.passage.file, other.passage.speech) and where not in {
                            (a.file, a.speech) for a in other.also}:
                        other.also.append(hit.passage)
                    break
            else:
                kept.append(hit)
            if len(kept) > k:
                break
        return kept[:k]

    def _grams(self, hit: Hit) -> set[str]:
        return self._bigrams.get_or_make(hit.row, lambda: _bigrams(hit.passage.text))

    # -- structural questions -------------------------------------------------
    def part_rows(self, speech: int, part: list[int], file: str | None = None) -> list[int]:
        """Rows of the passages inside the n-th directive (its m-th child …) of a speech."""
        passages = self.index.passages
        for s in self.index.speeches:
            if s.ordinal != speech or (file is not None and s.file != file):
                continue
            level, target = self.index.directives(s), None
            for n in part:
                if not 1 <= n <= len(level):
                    return []
                target = level[n - 1]
                level = target.children
            return [i for i in self.index.speech_rows(s.file, s.ordinal)
                    if passages[i].start < target.end and passages[i].end > target.start]
        return []
