"""Follow-up questions: what a turn takes from the one before it.

A conversation is only its questions (the page and the CLI send those); the
searcher replays the last few to know what each answered, so a follow-up
keeps the topic (key words, speech, directive) and never gets the reply it
just had.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.search.query import Query, analyze
from qa.search.sentences import GENERIC_WORDS, normalized, words_of

MAX_CONTEXT_TURNS = 3  # earlier questions replayed for a follow-up
SHORT_QUESTION = 4  # Han characters of topic at most: leans on the question before

FOLLOW_UP = re.compile(
    r"^(那|那么|还有|另外|再|这|这个|这些|它|其中|具体|此外|除此之外|然后|那第|第[一二三四五六七八九十\d]+(部分|点|条|项))|"
    r"(怎么落实|如何落实|具体怎么|具体要求|还有呢|还有吗|还有什么|别的呢|其他呢|呢[？?。]?$)")
ASKS_OTHER_SPEECHES = re.compile(r"只(提到|讲到|说到|有|在)?(一篇|这篇|这一篇)|哪几篇|哪些讲话|别的讲话|其他讲话|其它讲话|"
                                 r"几篇讲话|还有哪篇|别的篇|其他篇")


@dataclass
class Context:
    """What the previous turn was about and what it showed."""

    core: str = ""  # its topic words (a structural question: the part's heading)
    speech: int | None = None  # the speech it was about, when it named or listed one
    part: list[int] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    rows: set[int] = field(default_factory=set)  # the directive it answered from
    structural: bool = False  # it listed or quoted a numbered part
    shown: set[str] = field(default_factory=set)  # its answer sentences (normalized)
    answer: str = ""


def context_of(result, structure, before: Context | None = None) -> Context:
    """What ``result`` (the answer to one turn) leaves to the next; what the
    turns before it showed stays shown, so a third turn does not bring back the first."""
    q = result.query
    shown = {normalized(s.text) for s in result.answer.sentences} if result.answer else set()
    shown |= before.shown if before is not None else set()
    structural = result.mode in ("structural", "outline")
    rows: set[int] = set()
    core = q.core
    if result.hits and result.answerable:
        if structural:
            rows = {h.row for h in result.hits}
            top = result.hits[0].passage
            core = top.path[len(q.part) - 1] if q.part and len(top.path) >= len(q.part) else ""
        else:
            rows = set(structure.group(result.hits[0].row))
    return Context(core=core, speech=result.scope_speech, part=list(q.part), units=list(q.units), rows=rows,
                   structural=structural, shown=shown, answer=result.answer.text if result.answer else "")


def topic_chars(query: Query) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", query.core))


def is_follow_up(query: Query, context: Context | None = None, passages=None, doc_freq=None) -> bool:
    """Leans on the turn before: says so (那…/…呢/还有/具体怎么落实/只提到一篇吗),
    names only a speech, or is short. A short question that brings a topic
    of its own (防汛 after a question on vaccines) starts afresh: one of its
    telling words stands in the speeches but not in what was just answered."""
    if query.speech is not None and query.part:
        return False  # names its own place
    if (FOLLOW_UP.search(query.text) or ASKS_OTHER_SPEECHES.search(query.text)
            or (query.speech is not None and topic_chars(query) <= 2)):
        return True
    if topic_chars(query) > SHORT_QUESTION:
        return False
    if context is None or not context.rows or passages is None or doc_freq is None:
        return True
    shown = " ".join(passages[r].text for r in context.rows)
    return not any(w not in GENERIC_WORDS and doc_freq(w) > 0 and w not in shown for w in words_of(query.core))


def with_context(query: Query, context: Context, synonyms) -> Query:
    """The follow-up with the earlier topic words added (weighted less than its
    own), the earlier speech when it names none, and a bare part number read
    inside the earlier part when that makes sense."""
    merged, own_speech = query, query.speech
    if context.core and not query.part:
        merged = analyze(f"{context.core} {query.text}", synonyms)
        merged.raw, merged.own_core, merged.context = query.raw, query.core, context.core
        merged.speech, merged.part, merged.units = query.speech, list(query.part), list(query.units)
    if merged.speech is None and context.speech is not None and (query.part or context.structural
                                                                   or not ASKS_OTHER_SPEECHES.search(query.text)):
        merged.speech = context.speech
    if query.part and own_speech is None and context.part:
        same_unit = context.units and query.units and context.units[-1] == query.units[0]
        merged.part = context.part[:-1] + query.part if same_unit else context.part + query.part
    return merged
