"""The search, as explicit stages, one path for every front end:

    understand  the question: type, terms, the speech/part it names, a follow-up's context,
                the document it names by title, type, speaker or year (qa.search.doc_scope)
    scope       which documents, speech and part; a filter or name that does not exist ends here
    outline     a question about a document's points, or about the document itself, is answered
                from its directive tree and head lines (qa.search.outline, doc_structure, doc_scope)
    candidates  keyword + dense passages from the store (qa.search.candidates); the words that name a
                document count half alike for its passages (qa.search.title_words)
    rank        fusion weighed by passage roles and answer types, context, filters, one per
                vector, duplicates merged (qa.search.rank, roles, answer_types)
    answerable  does the material cover the question's key terms, and does the best passage
                answer it? (qa.search.coverage, relevance)
    elsewhere   a filtered question checked against the whole corpus (one more search)
    answer      the one answer builder (qa.search.answer)

Each stage is a function or small object with one job, so it can be measured
or replaced alone; the extra searches (a follow-up replays up to
MAX_CONTEXT_TURNS earlier turns; a filtered question looks elsewhere once, and so does 这份指南…
with no document in view where the one 指南 does not answer)
happen here, in sight, and each result counts them in ``result.timing``.
"""
from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path

from qa.indexing.stores.base import Where
from qa.ingest.parts import is_record_title
from qa.search.answer import ALL_SAID, SAME_TOPIC, build_answer, covered_topics, same_topic, speeches_intro
from qa.search.answer_types import DATE, asked_type, holds, type_bonus
from qa.search.distinct_terms import distinct_bonus
from qa.search.candidates import CANDIDATES, candidates, query_vector
from qa.search.closeness import Closeness
from qa.search.conversation import (ASKS_OTHER_SPEECHES, MAX_CONTEXT_TURNS, Context, context_of, is_follow_up,
                                    with_context)
from qa.search.coverage import missing_terms, typed_check
from qa.search.years import year_factors
from qa.search.doc_scope import about_document, document_fact, filter_documents, scope_question, worded_as_asked
from qa.search.doc_structure import (NUMBER_THEN_NAME, cite_stated_count, edge_factors, edge_reply, heading_part,
                                     part_title, which_number_reply)
from qa.search.docrefs import FOCUS, TYPES, DocumentReferences
from qa.search.outline import asks_outline, outline_reply
from qa.search.query import MAX_QUERY_CHARS, Query, analyze, load_synonyms
from qa.search.rank import CONTEXT_BOOST, LEXICAL_WEIGHT, STRUCTURAL_CONTEXT_BOOST, Ranker
from qa.search.relevance import anchor_vectors, is_answerable
from qa.search.request import Request
from qa.search.result import Answer, AnswerSentence, Hit, Result
from qa.search.roles import ASKS_ABOUT, FRAME, passage_roles, role_factors
from qa.search.scope import Scope, choose_scope, not_covered_text, only_close_text
from qa.search.sentences import ASKS_HEADINGS, SentenceScorer, normalized
from qa.search.structure import Structure
from qa.search.title_words import even_naming_dense, even_naming_words, without_names


# 这份指南 / 这篇讲话: the words that point at a document, with the kind they name
_POINTING = re.compile(f"(?:{FOCUS.pattern})(?:{'|'.join(TYPES)})?")
EACH_SHOWN = "以下依次是各份的相应内容。"
EMPTY_SECTION = "材料中“{}”一项只有标题，下面没有内容。"
# Results whose passages must cover the key terms of a question (qa.search.coverage); 3 chosen on the dev half.
COVERAGE_DEPTH = 3


class Timer:
    """Seconds per stage and the number of searches, for one question."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.searches = 0
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now

    def report(self) -> dict:
        return {"searches": self.searches, "seconds": {k: round(v, 6) for k, v in self.seconds.items()}}


# What a document's frame states (its contact line, its issue number): a question asking it is answered there
_FRAME_FACTS = re.compile(r"邮箱|电话|联系|传真|网址|地址|编号|文号|期号|签发")


def _named_by_kind(reference) -> bool:
    """这份指南 named the document by its kind alone (a guess, where another may answer); 这篇形势与政策
    作业 by its title's words, its speaker or its year names that one, which is not looked past."""
    return all(word in TYPES for word in reference.words)


class Pipeline:
    """Answers questions from one build (qa.indexing.build_folder.Build) with one embedder.

    ``synonyms_path`` is read at every question (edits apply at once);
    ``off_topic_path`` holds the typical off-topic questions of the no-answer decision.
    """

    def __init__(self, build, embedder, synonyms_path: Path, off_topic_path: Path,
                 lexical_weight: float = LEXICAL_WEIGHT) -> None:
        build.check_embedder(embedder.id)
        self.build = build
        self.embedder = embedder
        self.synonyms_path = Path(synonyms_path)
        self.off_topic_path = Path(off_topic_path)
        self.structure = Structure(build)
        self.ranker = Ranker(build, lexical_weight)
        self.topics = covered_topics(build.passages)  # once per build, for no-answer replies
        self.roles = passage_roles(build.passages)  # greeting/preamble/frame/transition/closing/content
        lexical = build.lexical  # what people call each document; a word many passages use names none
        self.docrefs = DocumentReferences(build.speeches, lambda w: lexical.doc_freq(w) / max(1, lexical.num_docs))

    def run(self, request: Request) -> Result:
        timer = Timer()
        synonyms = load_synonyms(self.synonyms_path)  # re-read when the file changes: edits apply at once
        keep = None
        if request.year is not None or request.speaker:  # the documents of that year or speaker
            file, speech, keep, problem = filter_documents(self.docrefs, request.year, request.speaker,
                                                           request.file, request.speech)
            if problem:
                return self._finish(Result(analyze(request.question, synonyms), False, [], problem, mode="empty"),
                                    timer)
            request = replace(request, file=file, speech=speech)
        context = None
        for earlier in request.history[-MAX_CONTEXT_TURNS:]:  # what each earlier turn answered
            context = context_of(self._search(earlier, request, context, synonyms, timer, keep=keep),
                                 self.structure, context)
            timer.lap("conversation")
        result = self._search(request.question, request, context, synonyms, timer, keep=keep)
        result.timing = timer.report()
        return result

    def answer(self, result: Result) -> Result:
        """The answer stage alone, for a result put together elsewhere (tests, tools)."""
        return self._finish(result, Timer())

    # -- one search ------------------------------------------------------------
    def _search(self, question: str, request: Request, context: Context | None, synonyms, timer: Timer,
                whole_corpus: bool = False, keep: set | None = None) -> Result:
        """``keep``: the (file, speech) a year or speaker filter leaves, when several."""
        timer.searches += 1
        chosen, file = (None, None) if whole_corpus else (request.speech, request.file)
        k = request.k
        # understand
        query = analyze(question, synonyms)
        notices = [f"问题过长，只按前 {MAX_QUERY_CHARS} 个字检索。"] if query.truncated else []
        if query.empty:
            return self._finish(Result(query, False, [], "请输入一个问题。", mode="empty"), timer)
        named = query.speech
        follow = context is not None and is_follow_up(query, context, self.build.passages,
                                                      self.build.lexical.doc_freq)
        if follow:
            query = with_context(query, context, synonyms)
        scoped = scope_question(self.docrefs, query, chosen, file, context, self.build.passages, self.structure.tree,
                                keep, self._speech_text)
        if scoped.stop and scoped.choices and not whole_corpus:  # 章程的第四部分, of three 章程: each one's
            each = self._each_choice(question, request, scoped, synonyms, timer)
            if each is not None:
                return each
        if scoped.stop:  # a document name that fits several: list them
            return self._finish(Result(query, False, [], scoped.stop, mode="empty"), timer)
        query, referenced = scoped.query, scoped.notice != "" or scoped.file != file
        timer.lap("understand")
        # scope
        scope = choose_scope(self.build, self.structure, query, chosen, named, file, notices,
                             (scoped.speech, scoped.file, scoped.notice) if referenced else None)
        timer.lap("scope")
        if scope.problem:
            return self._finish(Result(query, False, [], scope.problem, mode="empty"), timer)
        kinds = tuple(scoped.reference.doc.types) if referenced and scoped.reference and scoped.reference.doc else ()
        result = self._outline(query, scope, kinds)
        fact = document_fact(query, scoped.reference, self.build, self.structure) if referenced and result is None \
            else None
        if fact is not None:  # 这份报告是在哪次会议上作的？ from the document's own head lines
            row, line = fact
            result = Result(query, True, [Hit(self.build.passages[row], 1.0, row)], scope.notice, mode="outline",
                            answer=Answer.of([AnswerSentence(line, 1)]))
        if result is None:
            # under a filter the user chose, the whole corpus is asked next (elsewhere) and says where it is
            gate = referenced or (chosen is None and file is None)
            result = self._ranked(query, k, scope, context if follow else None, timer, keep, gate)
        result.scope_speech = scope.speech
        if referenced and about_document(result, query):  # 这份通知是哪天发的: the document itself is the topic
            result.answerable = True
        if ((chosen is not None or file is not None) and named is None and result.mode == "hybrid"
                and not referenced):
            result = self._elsewhere(result, question, request, scope, context, synonyms, timer)
        elif (referenced and not result.answerable and result.mode == "hybrid" and context is None
              and chosen is None and file is None and scoped.reference is not None and scoped.reference.doc is not None
              and keep is None and FOCUS.search(question) and not whole_corpus
              and _named_by_kind(scoped.reference)):
            result = self._pointed_elsewhere(result, question, request, scoped.reference.doc, synonyms, timer)
        return self._finish(result, timer, context if follow else None)

    def _each_choice(self, question: str, request: Request, scoped, synonyms, timer: Timer) -> Result | None:
        """A part asked of a name several documents fit (讲话的第三点, two 讲话): that part of each, one
        result apiece, the one whose own label is worded as asked (第三个问题) first; the notice still
        asks which is meant. None when no document has it."""
        found = []
        for doc in scoped.choices:
            # (kept to that one document, the name means it: its naming words are no topic)
            one = self._search(question, request, None, synonyms, timer, keep={(doc.file, doc.speech)})
            if one.answerable and one.hits and one.mode in ("outline", "structural"):  # (its tree answers, no search)
                found.append(one)
        if not found:
            return None
        found.sort(key=lambda one: not worded_as_asked(question, one.hits[0].passage.text))
        hits = [replace(one.hits[0], score=1.0 - j * 0.01) for j, one in enumerate(found)]
        sentences = [AnswerSentence(one.answer.sentences[0].text, i)
                     for i, one in enumerate(found, 1) if one.answer and one.answer.sentences]
        result = Result(found[0].query, True, hits, scoped.stop + EACH_SHOWN, mode="outline",
                        answer=Answer.of(sentences))
        return self._finish(result, timer)

    def _pointed_elsewhere(self, result: Result, question: str, request: Request, doc, synonyms,
                           timer: Timer) -> Result:
        """这份指南里… with no document in view: the one 指南 was taken for it; where that one does
        not answer and another document does, the other answers, and the notice says so."""
        unnamed = _POINTING.sub("", question)  # (这份指南里… → 里…)
        everywhere = self._search(unnamed, request, None, synonyms, timer, whole_corpus=True)
        top = everywhere.hits[0].passage if everywhere.hits else None
        if not everywhere.answerable or top is None or (top.file, top.speech) == (doc.file, doc.speech):
            return result
        everywhere.notice = f"{doc.quoted}里没有找到，以下是其他文档中的相关内容。"
        return everywhere

    def _outline(self, query: Query, scope: Scope, kinds: tuple[str, ...] = ()) -> Result | None:
        """A question about a document's points ("第二篇讲了哪几点？", "“X”是第几点？",
        "时间步骤分几个阶段？"), from its directive tree; where the document states
        its own count, that sentence is cited too. ``kinds``: the kinds of the document
        the question named (办法, 讲话…)."""
        speech, file = scope.speech, scope.file
        in_file = [key for key in self.build.speech_keys if file is None or key[0] == file]
        if speech is None and len(in_file) == 1:  # one document, or a file filter (--file) on a file of one
            file, speech = in_file[0]
        key = (file, speech) if file is not None else next(iter(self.structure.speeches(speech or 0)), None)
        reply = which_number_reply(query, self.structure, key) if key else None  # "“X”是第几点？"
        if reply is None and key and speech is not None:  # "开头说了什么", "最后一句话是什么"
            reply = edge_reply(query, self.structure, key, self.build.passages)
        named = heading_part(query, self.structure.tree, [key] if key else sorted(self.build.speech_keys), self._speech_text)
        if reply is None and named is not None:  # 时间步骤分几个阶段？: the heading (or the line announcing the list) names it
            (file, speech), part, run = named
            query = replace(query, part=part, units=["部分"] * len(part))
            reply = cite_stated_count(query, outline_reply(query, self.structure, speech, part, file,
                                                           self._name(file, speech), run, items_first=True),
                                      self.structure, (file, speech))
        if reply is None and (speech is None or not asks_outline(query, kinds)):
            return None
        # 第二部分“认真做好分管工作”包括哪几块: the asker named the part by its heading too: its items first
        named_too = bool(NUMBER_THEN_NAME.search(query.raw))
        reply = reply or cite_stated_count(query, outline_reply(query, self.structure, speech, query.part, file,
                                                                self._name(file, speech), items_first=named_too),
                                           self.structure, key)
        if reply is None:
            return None
        hits = [Hit(self.build.passages[r], 1.0 - j * 0.01, r, also=self.structure.copies(r))
                for j, r in enumerate(reply.rows)]
        return Result(query, True, hits, scope.notice, mode="outline", answer=reply.answer)

    def _paragraph_of_part(self, query: Query, in_part: list[int], k: int, scope: Scope) -> Result:
        """The first, Nth or last paragraph of a part that has no numbered points of its own
        (its heading's line is no step of it), quoted whole."""
        lines = [(r, line.strip()) for r in in_part for line in self.build.passages[r].text.split("\n")
                 if line.strip() and line.strip() not in self.build.passages[r].path]
        n = query.paragraph
        if not lines or n > len(lines):
            return Result(query, False, [], scope.notice, mode="structural")
        row, line = lines[n - 1 if n > 0 else -1]
        rows = [row] + [r for r in in_part if r != row]
        hits = [Hit(self.build.passages[r], 1.0 - j * 0.01, r) for j, r in enumerate(rows[:k])]
        return Result(query, True, hits, scope.notice, mode="structural",
                      answer=Answer(f"{line}[1]", [AnswerSentence(line, 1)]))

    def _speech_text(self, file: str, speech: int) -> str | None:
        found = self.build.speech(file, speech)
        return found.text if found is not None else None

    def _name(self, file: str | None, speech: int | None) -> str:
        """How an outline reply names a document when there are several files: 《its title》, or a file
        with no title by the file's name ("" = 第N篇)."""
        doc = self.docrefs.find(file, speech) if file is not None and len(self.build.files) > 1 else None
        return doc.quoted if doc is not None else ""

    def _ranked(self, query: Query, k: int, scope: Scope, context: Context | None, timer: Timer,
                keep: set | None = None, gate: bool = True) -> Result:
        """``gate``: decide the key-term coverage here (not under a filter the user
        chose: the whole corpus is asked next, and says where the topic is)."""
        in_part = scope.part_rows
        named = in_part and part_title(query, self.structure.tree(self.build.passages[in_part[0]].file,
                                                                  self.build.passages[in_part[0]].speech))
        if named:  # 最后一个小标题叫什么: its heading is the answer, its passages the evidence
            hits = [Hit(self.build.passages[r], 1.0 - j * 0.01, r) for j, r in enumerate(in_part[:k])]
            return Result(query, True, hits, scope.notice, mode="structural",
                          answer=Answer(f"{named}[1]", [AnswerSentence(named, 1)]))
        if in_part and query.structural:  # "第二篇第一部分": the part itself, in order
            if query.paragraph is not None:  # 时间安排里的最后一步
                return self._paragraph_of_part(query, in_part, k, scope)
            hits = [Hit(self.build.passages[r], 1.0 - j * 0.01, r) for j, r in enumerate(in_part[:k])]
            return Result(query, True, hits, scope.notice, mode="structural")
        where = Where(scope.speech, scope.file)
        found = candidates(self.build.store, self.embedder, query, where)
        found = replace(found, lexical=even_naming_words(found, self.structure, self.build.store, where))
        found = self._even_named_dense(query, found)
        timer.lap("candidates")
        boost = (STRUCTURAL_CONTEXT_BOOST if context.structural else CONTEXT_BOOST) if context else 0.0
        factors = role_factors(self.roles, found.rows, query.text) * year_factors(
            self.build.passages, found.rows, query.raw) * edge_factors(query.text, self.structure,
                                                                       self.build.passages, found.rows)
        bonus = type_bonus(query.text, found.rows, self.build.passages) + distinct_bonus(
            query.raw, found.rows, self.build.passages, self.build.lexical, self.docrefs.titles)
        # (ranked at least COVERAGE_DEPTH deep: whether the material answers does not depend on how
        # many results the asker wants shown)
        hits, best_dense = self.ranker.rank(found, max(k, COVERAGE_DEPTH), scope.speech, scope.file, in_part,
                                            context.rows if context else set(), boost, factors, bonus, keep)
        timer.lap("rank")
        covering = [h.passage for h in hits[:COVERAGE_DEPTH]]
        if hits:  # the document the best passage comes from counts as a whole: a term it never uses is missing
            top = hits[0].passage
            covering += [self.build.passages[r] for r in self.structure.rows(top.file, top.speech)]
        # LTC said only in the editor's introduction (【导读】…即IPD、LTC、ITR): what the editor says of a
        # thing is no answer to what the document says of it
        content = covering if ASKS_ABOUT[FRAME].search(query.text) or _FRAME_FACTS.search(query.text) \
            else [p for p in covering if p.role != FRAME]
        # (讲话开头引用了哪句古诗: where the question places what it asks and the best passage stands
        # there, words no document uses are the asker's own for it)
        missing = missing_terms(query, content + self._other_records(hits), self.build.lexical, self.docrefs,
                                unused_count=edge_factors(query.text, self.structure, self.build.passages,
                                                          [hits[0].row])[0] == 1) if hits and gate else []
        # 多少/哪天: a sentence must state the number or date about the question's topic; where the
        # best passage does (考核要在什么时候前做完), that answers whatever the dense contrast says
        unstated, stated = typed_check(query, covering[:COVERAGE_DEPTH], self.build.lexical, self.docrefs, covering) \
            if hits and gate and not missing and not in_part else ([], False)
        stated = stated and holds(asked_type(query.text), hits[0].passage.text, query.text)
        # A question that names an existing part (第三篇第三部分的…) is answered from it.
        answerable = bool(hits) and (bool(in_part) or not missing and not unstated and (stated or is_answerable(
            query, [h.passage for h in hits[:COVERAGE_DEPTH]], best_dense, found.vector,
            anchor_vectors(self.embedder, self.off_topic_path), self.build.lexical)))
        notice = scope.notice
        empty = self.structure.empty_section(hits[0].passage) if answerable and not in_part else None
        if empty is not None and normalized(empty.heading) in normalized(query.text):
            # 提案建议管理模块讨论出了什么结论, of minutes whose 七、提案建议管理 records nothing: no answer
            answerable = False
            notice = " ".join(filter(None, [notice, EMPTY_SECTION.format(empty.title)]))
        timer.lap("answerable")
        return Result(query, answerable, hits[:k], notice, missing=missing, unstated=unstated,
                      vector=found.vector)

    def _even_named_dense(self, query: Query, found):
        """The named document's dense scores from the question without its name (qa.search.title_words);
        not when its date or title is asked: its head, which holds the name, answers those."""
        if asked_type(query.text) == DATE or ASKS_HEADINGS.search(query.text):
            return found
        # (the documents among the candidates: a named one is, by its name's keywords)
        passages = self.build.passages
        keys = dict.fromkeys((passages[int(r)].file, passages[int(r)].speech) for r in found.rows)
        bare = without_names(query.text, self.structure, keys)
        if bare is None:
            return found
        text, (file, speech) = bare
        vector = query_vector(self.embedder, replace(query, dense_text=text))
        rows, scores = self.build.store.dense(vector, CANDIDATES, Where(speech, file))
        named = set(self.structure.rows(file, speech))
        return replace(found, dense=even_naming_dense(found, rows, scores, named))

    def _other_records(self, hits) -> list:
        """The passages of the other meetings' records in the file of the best passage, when that is one
        meeting's record: the committee they all keep (openEuler TC) none of them names again."""
        top = hits[0].passage if hits else None
        speech = self.build.speech(top.file, top.speech) if top is not None else None
        if speech is None or not is_record_title(speech.title):
            return []
        return [self.build.passages[r] for s in self.build.speeches if s.file == top.file and s.ordinal != top.speech
                for r in self.structure.rows(s.file, s.ordinal)]

    def _elsewhere(self, result: Result, question: str, request: Request, scope: Scope, context: Context | None,
                   synonyms, timer: Timer) -> Result:
        """A filtered search checked against the whole corpus: when the chosen
        speech does not discuss the question (or only touches it while others
        discuss it), say so and name the speeches that do."""
        everywhere = self._search(question, request, context, synonyms, timer, whole_corpus=True)
        if not everywhere.answerable:
            return result
        speech, file = scope.speech, scope.file
        scorer = SentenceScorer(everywhere.query, self.build.lexical.doc_freq, self.build.lexical.num_docs)
        places = [p for h in same_topic(everywhere.hits, scorer) for p in [h.passage, *h.also]]
        inside = [p for p in places if (speech is None or p.speech == speech) and (file is None or p.file == file)]
        if not result.answerable:
            text = not_covered_text(speech, file, places)
            return Result(result.query, False, [], result.notice, mode="elsewhere", answer=Answer(text),
                          scope_speech=result.scope_speech)
        own = scorer.overlap(result.hits[0].passage.text)
        if not inside and own < SAME_TOPIC * scorer.overlap(everywhere.hits[0].passage.text):
            result.notice = " ".join(filter(None, [result.notice, only_close_text(speech, file, places)]))
        return result

    def _finish(self, result: Result, timer: Timer, context: Context | None = None) -> Result:
        """The answer stage: put the answer on the result, never the reply the conversation just had."""
        result.build, result.topics = self.build, result.topics or self.topics
        if result.answer is None:
            scorer = SentenceScorer(result.query, self.build.lexical.doc_freq, self.build.lexical.num_docs)
            other_speeches = context is not None and ASKS_OTHER_SPEECHES.search(result.query.text)
            avoid = context.shown if context is not None and not other_speeches else set()
            # (a follow-up's own words, 具体怎么落实, say too little of its topic to be close to)
            closeness = Closeness(self.build.sentences, result.vector if context is None else None)
            result.answer = build_answer(result, self.structure, scorer, self.topics, avoid, closeness)
            if other_speeches and result.answerable:
                result.answer.text = speeches_intro(result.hits, scorer) + result.answer.text
        if context is not None and result.answer.text == context.answer and result.answer.sentences:
            result.answer = Answer(ALL_SAID)
        timer.lap("answer")
        return result
