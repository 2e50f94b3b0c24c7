"""What the page marks and names, decided on the search side.

The page (qa/web) only renders: which of the question's words are worth
highlighting, which directives a passage stands in, and how a directive
heading reads as a question all come from here, with the tokenizer, stop
words and directive grammar the search itself uses.
"""
from __future__ import annotations

from qa.indexing.tokenizer import TOKENIZER
from qa.ingest.directives import marker_length
from qa.models import Directive, Passage, containing
from qa.search.query import Query
from qa.search.sentences import GENERIC_WORDS, words_of

# Words a question often holds that say nothing about its topic (要求, 领导,
# 做好 …): never highlighted, since they stand in nearly every passage.
PLAIN_WORDS = GENERIC_WORDS | frozenset(
    "领导 同志 我们 你们 他们 大家 各级 部门 单位 地方 必须 需要 应当 能够 一定 进一步 这个 那个 哪些 "
    "什么 哪里 时候 讲话 讲了 提到 说了 怎么办 怎么样 多少 有没有 是否 是不是 可以 应该".split())
# A word standing in more than this share of the passages tells them apart too little to mark.
COMMON_SHARE = 0.2


def telling_words(query: Query, lexical=None) -> list[str]:
    """The question's words worth highlighting, longest first: its own topic
    words and their synonym expansions (two characters or more), without stop
    words, generic words, and, given the build's keyword statistics
    (``lexical``: num_docs and doc_freq), words that most passages hold."""
    words = {w for w in words_of(query.core) if w not in PLAIN_WORDS}
    words |= {w for w in query.expansions if len(w) >= 2 and w not in PLAIN_WORDS and w not in TOKENIZER.stop_words}
    if lexical is not None and getattr(lexical, "num_docs", 0) > 20:
        limit = COMMON_SHARE * lexical.num_docs
        words = {w for w in words if lexical.doc_freq(w) <= limit}
    return sorted(words, key=lambda w: (-len(w), w))


def directive_chain(index, passage: Passage) -> list[Directive]:
    """The directives a passage stands in, outermost first, found by position
    (as deep as the passage's recorded path)."""
    speech = index.speech(passage.file, passage.speech)
    if speech is None:
        return []
    return containing(index.directives(speech), passage.start, len(passage.path))


def topic_question(title: str) -> str:
    """A directive heading as a question to ask: its marker left out
    (第五，要加快疫苗接种进度 → 要加快疫苗接种进度)."""
    rest = title[marker_length(title):].lstrip("，、,： \u3000")
    return rest or title
