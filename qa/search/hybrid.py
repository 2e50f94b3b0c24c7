"""Hybrid retrieval: query analysis → keyword + dense → fusion → no-answer
decision → duplicate merging. Structural questions go to the directive tree."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import numpy as np

from qa import settings
from qa.cache import LRU
from qa.errors import EmbedderFailed
from qa.indexing.embedding import Embedder
from qa.indexing.lexical import tokenize
from qa.indexing.store import LoadedIndex, check_embedder
from qa.indexing.dense import DenseIndex
from qa.indexing.stores.base import Where
from qa.numerals import to_chinese
from qa.models import Passage
from qa.search.answer import ALL_SAID, SAME_TOPIC, Answer, AnswerSentence, build_answer, covered_topics, same_topic, speeches_intro
from qa.search.conversation import (ASKS_OTHER_SPEECHES, MAX_CONTEXT_TURNS, Context, context_of, is_follow_up,
                                    with_context)
from qa.search.outline import asks_outline, outline_reply
from qa.search.query import MAX_QUERY_CHARS, Query, analyze, load_synonyms
from qa.search.scope import choose_speech, not_covered_text, only_close_text
from qa.search.sentences import SentenceScorer
from qa.search.structure import Structure
from qa.search.relevance import anchor_vectors, is_answerable
from qa.search.roles import passage_roles, role_factors
from qa.search.answer_types import type_bonus
from qa.search.docrefs import DocumentReferences
from qa.search.doc_scope import about_document, document_fact, filter_documents, scope_question
from qa.search.doc_structure import cite_stated_count, heading_part, which_number_reply
from qa.search.coverage import missing_terms

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
# Added to the fused score of the directive the previous turn answered from
# (more after a structural question: "第六部分讲了什么？" → "具体怎么落实？").
CONTEXT_BOOST = 0.15
CONTEXT_WEIGHT = 0.6  # keyword weight of a topic word carried over from an earlier question
STRUCTURAL_CONTEXT_BOOST = 0.3
# Further places of a passage stored as the same vector, listed under "also".
MAX_COPIES = 20
# Results whose passages must cover the key terms of a question (qa.search.coverage); 3 chosen on the dev half.
COVERAGE_DEPTH = 3


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
    notice: str = ""  # e.g. the query was truncated, the speech does not exist, a filter was used
    mode: str = "hybrid"  # hybrid / structural / outline / elsewhere / empty
    answer: Answer | None = None  # set by the search (qa.search.answer)
    scope_speech: int | None = None  # the speech the search was kept to
    missing: list[str] = field(default_factory=list)  # key terms of the question the material never covers
    index: LoadedIndex | None = None  # the build the hits come from (render with this one)

    def to_dict(self) -> dict:
        """Exactly one line of `qa ask --json`."""
        answer = self.answer or Answer()
        out = {"query": self.query.raw, "answerable": self.answerable, "answer": answer.to_dict(),
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
        self.structure = Structure(index)
        self.topics = index.topics or covered_topics(index.passages)
        self.roles = passage_roles(index.passages)  # greeting/preamble/frame/transition/closing/content
        self.docrefs = DocumentReferences(index.speeches)  # what people call each document

    # -- scoring -----------------------------------------------------------
    def query_tokens(self, query: Query) -> tuple[list[str], dict[str, float]]:
        weights = {t: 1.0 for t in tokenize(query.asked_core)}
        for t in tokenize(query.context):
            weights.setdefault(t, CONTEXT_WEIGHT)  # the conversation's topic, behind the new words
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
               history: list[str] | None = None, file: str | None = None,
               year: int | None = None, speaker: str | None = None) -> SearchResult:
        """``speech``/``file`` filter by speech ordinal and document; ``history``
        holds the earlier questions of the conversation, oldest first (the
        last few are replayed to know what each turn answered)."""
        synonyms = load_synonyms(self.synonyms_path)  # re-read when the file changes: edits apply at once
        if year is not None or speaker:  # --year / --speaker: the documents of that year or speaker
            file, speech, keep, problem = filter_documents(self.docrefs, year, speaker, file, speech)
            if problem:
                return self._finish(SearchResult(analyze(question, synonyms), False, [], problem, mode="empty"))
        else:
            keep = None
        context = None
        for earlier in (history or [])[-MAX_CONTEXT_TURNS:]:
            context = context_of(self._search(earlier, k, speech, file, context, synonyms, keep), self.structure, context)
        return self._search(question, k, speech, file, context, synonyms, keep)

    def _search(self, question: str, k: int, chosen: int | None, file: str | None,
                context: Context | None, synonyms, keep: set | None = None) -> SearchResult:
        """``keep``: the (file, speech) a --year/--speaker filter leaves, when several."""
        query = analyze(question, synonyms)
        notices = [f"问题过长，只按前 {MAX_QUERY_CHARS} 个字检索。"] if query.truncated else []
        if query.empty:
            return self._finish(SearchResult(query, False, [], "请输入一个问题。", mode="empty"))
        named = query.speech
        follow = context is not None and is_follow_up(query, context, self.index.passages, self.index.lexical.doc_freq)
        if follow:
            query = with_context(query, context, synonyms)
        scoped = scope_question(self.docrefs, query, chosen, file, context, self.index.passages, self.structure.tree,
                                keep)
        if scoped.stop:  # a document name that fits several: list them
            return self._finish(SearchResult(query, False, [], scoped.stop, mode="empty"))
        query, referenced = scoped.query, scoped.notice != "" or scoped.file != file
        speech, scope_notice = choose_speech(chosen, named, query.speech, file)
        if referenced:  # the document the question names
            speech, file, scope_notice = scoped.speech, scoped.file, scoped.notice
        notices += [scope_notice] if scope_notice else []
        notice = " ".join(notices)
        if file is not None:
            file, problem = self.document(file)
            if problem:
                return self._finish(SearchResult(query, False, [], problem, mode="empty"))
        if speech is not None and not ((file, speech) in self.speech_keys if file is not None
                                       else speech in self.speech_numbers):
            where = f"《{file}》中" if file is not None else ""
            return self._finish(SearchResult(query, False, [], f"{where}没有第{speech}篇讲话。", mode="empty"))
        if query.part and query.structural and speech is None and len(self.speech_keys) > 1:
            n = "".join(f"第{to_chinese(n)}{unit}" for n, unit in zip(query.part, query.units))
            where = (f"请加上“第几篇”（共有{len(self.speech_numbers)}篇讲话）" if len(self.files) == 1 else
                     f"请说明是哪一份文档（共有{len(self.files)}份），例如写出标题、类型或讲话人")
            return self._finish(SearchResult(query, False, [], f"问题问的是{n}，但没有说是哪一篇讲话；{where}。",
                                             mode="empty"))
        result = self._outline(query, k, speech, file, notice)
        fact = document_fact(query, scoped.reference, self.index, self.structure) if referenced and result is None else None
        if fact is not None:  # 这份报告是在哪次会议上作的？ from the document's own head lines
            row, line = fact
            result = SearchResult(query, True, [Hit(self.index.passages[row], 1.0, row)], notice, mode="outline",
                                  answer=Answer.of([AnswerSentence(line, 1)]))
        if result is None:
            # under a filter the user chose, the whole corpus is asked next (_elsewhere) and says where it is
            gate = referenced or (chosen is None and file is None)
            result = self._hybrid(query, k, speech, file, notice, context if follow else None, keep, gate)
        result.scope_speech = speech
        if referenced and about_document(result, query):  # 这份通知是哪天发的: the document itself is the topic
            result.answerable = True
        if (chosen is not None or file is not None) and named is None and result.mode == "hybrid" and not referenced:
            result = self._elsewhere(result, question, k, speech, file, context, synonyms)
        return self._finish(result, context if follow else None)

    def _outline(self, query: Query, k: int, speech: int | None, file: str | None, notice: str) -> SearchResult | None:
        """A question about a speech's points ("第二篇讲了哪几点？"), from its directive tree."""
        if speech is None and len(self.speech_keys) == 1:
            file, speech = next(iter(self.speech_keys))
        key = (file, speech) if file is not None else next(iter(self.structure.speeches(speech or 0)), None)
        reply = which_number_reply(query, self.structure, key) if key else None  # "“X”是第几点？"
        named = heading_part(query, self.structure, [key] if key else sorted(self.speech_keys))  # 时间步骤分几个阶段？
        if reply is None and named is not None:
            (file, speech), part = named
            query = replace(query, part=part, units=["部分"] * len(part))
            reply = outline_reply(query, self.structure, speech, part, file, self._name(file, speech))
        if reply is None and (speech is None or not asks_outline(query)):
            return None
        reply = reply or cite_stated_count(query, outline_reply(query, self.structure, speech, query.part, file,
                                                                self._name(file, speech)), self.structure, key)
        if reply is None:
            return None
        hits = [Hit(self.index.passages[r], 1.0 - j * 0.01, r, also=self.structure.copies(r))
                for j, r in enumerate(reply.rows)]
        return SearchResult(query, True, hits, notice, mode="outline", answer=reply.answer)

    def _name(self, file: str | None, speech: int | None) -> str:
        """How an outline reply names a document when there are several files ("" = 第N篇)."""
        doc = self.docrefs.find(file, speech) if file is not None and len(self.files) > 1 else None
        return doc.name if doc is not None else ""

    def _hybrid(self, query: Query, k: int, speech: int | None, file: str | None, notice: str,
                context: Context | None, keep: set | None = None, gate: bool = True) -> SearchResult:
        in_part = self.part_rows(speech, query.part, file) if query.part and speech is not None else None
        if in_part and query.structural:
            hits = [Hit(self.index.passages[r], 1.0 - j * 0.01, r) for j, r in enumerate(in_part[:k])]
            return SearchResult(query, True, hits, notice, mode="structural")
        try:
            vector = self.query_vector(query)
        except Exception as exc:
            raise EmbedderFailed(f"the embedder failed on this question: {exc}") from exc
        rows, lexical, dense = self.candidates(query, vector, Where(speech, file))
        fused = self.fuse(lexical, dense)
        fused = fused * role_factors(self.roles, rows, query.text) + type_bonus(query.text, rows, self.index.passages)
        if context is not None and context.rows:  # a follow-up stays near what was just discussed
            boost = STRUCTURAL_CONTEXT_BOOST if context.structural else CONTEXT_BOOST
            fused = fused + np.array([boost if r in context.rows else 0.0 for r in rows])
        allowed = np.ones(len(rows), dtype=bool)
        if in_part:  # "第三篇第三部分的疫情监测…": search inside that part only
            allowed &= np.isin(rows, in_part)
        if speech is not None or file is not None:
            allowed &= np.array([(speech is None or self.index.passages[r].speech == speech)
                                 and (file is None or self.index.passages[r].file == file) for r in rows], dtype=bool)
        if keep is not None:  # --year / --speaker
            allowed &= np.array([(self.index.passages[r].file, self.index.passages[r].speech) in keep for r in rows])
        fused = np.where(allowed, fused, -1.0)
        order = np.argsort(-fused, kind="stable")
        order = self._one_per_vector(rows, order[fused[order] >= 0])[: k * 4]
        hits = [Hit(self.index.passages[rows[i]], float(fused[i]), int(rows[i]), dense=float(dense[i]),
                    also=self._copies(int(rows[i]))) for i in order]
        hits = self._merge_duplicates(hits, k)
        best_dense = float(dense[allowed].max()) if allowed.any() else 0.0
        # A question that names an existing part (第三篇第三部分的…) is answered from it.
        covering = [h.passage for h in hits[:COVERAGE_DEPTH]]
        if hits:  # the document the best passage comes from counts as a whole: a term it never uses is missing
            covering += [self.index.passages[r] for r in self.structure.rows(hits[0].passage.file, hits[0].passage.speech)]
        missing = missing_terms(query, covering, self.index.lexical, self.docrefs) if hits and gate else []
        answerable = bool(hits) and (bool(in_part) or not missing and is_answerable(
            query, [h.passage for h in hits[:3]], best_dense, vector,
            anchor_vectors(self.embedder, self.off_topic_path), self.index.lexical))
        return SearchResult(query, answerable, hits, notice, missing=missing)

    def _elsewhere(self, result: SearchResult, question: str, k: int, speech: int | None, file: str | None,
                   context: Context | None, synonyms) -> SearchResult:
        """A filtered search checked against the whole corpus: when the chosen
        speech does not discuss the question (or only touches it while others
        discuss it), say so and name the speeches that do."""
        everywhere = self._search(question, k, None, None, context, synonyms)
        if not everywhere.answerable:
            return result
        scorer = SentenceScorer(everywhere.query, self.index.lexical.doc_freq, self.index.lexical.num_docs)
        places = [p for h in same_topic(everywhere.hits, scorer) for p in [h.passage, *h.also]]
        inside = [p for p in places if (speech is None or p.speech == speech) and (file is None or p.file == file)]
        if not result.answerable:
            text = not_covered_text(speech, file, places)
            return SearchResult(result.query, False, [], result.notice, mode="elsewhere", answer=Answer(text))
        own = scorer.overlap(result.hits[0].passage.text)
        if not inside and own < SAME_TOPIC * scorer.overlap(everywhere.hits[0].passage.text):
            result.notice = " ".join(filter(None, [result.notice, only_close_text(speech, file, places)]))
        return result

    def _finish(self, result: SearchResult, context: Context | None = None) -> SearchResult:
        """Put the answer on the result: never the reply the conversation just had."""
        result.index = self.index
        if result.answer is None:
            scorer = SentenceScorer(result.query, self.index.lexical.doc_freq, self.index.lexical.num_docs)
            other_speeches = context is not None and ASKS_OTHER_SPEECHES.search(result.query.text)
            avoid = context.shown if context is not None and not other_speeches else set()
            result.answer = build_answer(result, self.structure, scorer, self.topics, avoid)
            if other_speeches and result.answerable:
                result.answer.text = speeches_intro(result.hits, scorer) + result.answer.text
        if context is not None and result.answer.text == context.answer and result.answer.sentences:
            result.answer = Answer(ALL_SAID)
        return result

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
