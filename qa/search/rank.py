"""Stage: fuse and rank. Keyword and dense scores become one, a follow-up
leans toward what was just discussed, filters and the asked part keep only
their passages, each stored vector competes once, and near-identical
passages merge into one hit that lists the others under ``also``."""
from __future__ import annotations

import re

import numpy as np

from qa.cache import LRU
from qa.models import Passage
from qa.search.candidates import Candidates
from qa.search.result import Hit

# Fusion weight of the keyword score (scripts/evaluate.py prints the effect of each part): 0.7 on
# the bundled sets first; 0.6 over all the real-document development halves (1,089 questions), where
# the newest sets, the least fitted to, gain most from the embedder's say.
LEXICAL_WEIGHT = 0.6
DUPLICATE_JACCARD = 0.8
# Added to the fused score of the directive the previous turn answered from
# (more after a structural question: "第六部分讲了什么？" → "具体怎么落实？").
CONTEXT_BOOST = 0.15
STRUCTURAL_CONTEXT_BOOST = 0.3
# Passages whose character bigrams are kept for duplicate merging.
BIGRAM_CACHE = 20_000
# Further places of a passage stored as the same vector, listed under "also".
MAX_COPIES = 20


def _unit(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def fuse(lexical: np.ndarray, dense: np.ndarray, lexical_weight: float = LEXICAL_WEIGHT) -> np.ndarray:
    # Dense cosines of e5 crowd into a narrow band: stretch the band
    # between the median and the best candidate onto 0..1.
    floor = float(np.median(dense)) if len(dense) else 0.0
    span = float(dense.max()) - floor if len(dense) else 0.0
    dense_unit = np.clip((dense - floor) / span, 0, 1) if span > 0 else np.zeros_like(dense)
    return lexical_weight * _unit(lexical) + (1 - lexical_weight) * dense_unit


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"\W", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


class Ranker:
    """Ranks one build's candidates (its bigram cache lives as long as the build)."""

    def __init__(self, build, lexical_weight: float = LEXICAL_WEIGHT) -> None:
        self.build = build
        self.lexical_weight = lexical_weight
        self._bigrams: LRU[set[str]] = LRU(BIGRAM_CACHE)

    def rank(self, found: Candidates, k: int, speech: int | None, file: str | None,
             in_part: list[int] | None, context_rows: set[int], context_boost: float,
             factors: np.ndarray | None = None, bonus: np.ndarray | None = None,
             keep: set | None = None) -> tuple[list[Hit], float]:
        """The best ``k`` hits, and the best dense cosine among the allowed passages.

        ``factors`` and ``bonus`` (one per candidate) weigh the fused score:
        passage roles (qa.search.roles) and answer types (qa.search.answer_types);
        ``keep``: the (file, speech) a year or speaker filter leaves."""
        passages, rows, dense = self.build.passages, found.rows, found.dense
        fused = fuse(found.lexical, dense, self.lexical_weight)
        if factors is not None:
            fused = fused * factors
        if bonus is not None:
            fused = fused + bonus
        if context_rows:  # a follow-up stays near what was just discussed
            fused = fused + np.array([context_boost if r in context_rows else 0.0 for r in rows])
        allowed = np.ones(len(rows), dtype=bool)
        if in_part:  # "第三篇第三部分的疫情监测…": search inside that part only
            allowed &= np.isin(rows, in_part)
        if speech is not None or file is not None:
            allowed &= np.array([(speech is None or passages[r].speech == speech)
                                 and (file is None or passages[r].file == file) for r in rows], dtype=bool)
        if keep is not None:  # --year / --speaker
            allowed &= np.array([(passages[r].file, passages[r].speech) in keep for r in rows], dtype=bool)
        fused = np.where(allowed, fused, -1.0)
        order = np.argsort(-fused, kind="stable")
        order = self._one_per_vector(rows, order[fused[order] >= 0])[: k * 4]
        hits = [Hit(passages[rows[i]], float(fused[i]), int(rows[i]), dense=float(dense[i]),
                    also=self.copies(int(rows[i]))) for i in order]
        best_dense = float(dense[allowed].max()) if allowed.any() else 0.0
        return self._merge_duplicates(hits, k), best_dense

    def _one_per_vector(self, rows: np.ndarray, order: np.ndarray) -> np.ndarray:
        """``order`` keeping the best-placed passage of each stored vector."""
        groups = self.build.store.vector_groups(rows[order]) if len(order) else None
        if groups is None:
            return order
        _, first = np.unique(groups, return_index=True)
        return order[np.sort(first)]

    def copies(self, row: int) -> list[Passage]:
        """Passages stored as the same vector as ``row``, one per (file, speech) other than its own."""
        passages = self.build.passages
        own = passages[row]
        seen, copies = {(own.file, own.speech)}, []
        for other in self.build.store.same_vector(row):
            passage = passages[int(other)]
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
