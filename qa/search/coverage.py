"""No-answer that generalises: a question is answerable only when the
passages found cover its specific content.

- Key terms: the question's nouns that are specific (rare in general
  Chinese, by jieba's dictionary frequency), after synonyms, leaving out
  the words that name a document (its type, speaker, office, title words)
  and the words that shape a question (标题, 内容, 部分 …). Each must stand in
  the top passages (their directive path and document title included), as a
  whole or by all of its parts (清华北大 → 清华 + 北大).
- The year or period asked about (2025年) must be one the passages or their
  document speak of.

The terms that are not covered are returned, so the reply can say which
(材料中没有提到“冷链”).
"""
from __future__ import annotations

import functools
import re

import jieba

from qa.search.answer_types import match_text
from qa.search.relevance import content_words
from qa.search.sentences import GENERIC_WORDS

# A noun this frequent in general Chinese (jieba's dictionary count) is a way
# of speaking (时候, 老百姓), not a specific topic.
RARE_FREQ = 1000
# … and a term more passages than this use is a topic of the material, not a near miss
RARE_IN_CORPUS = 5
RARE_SHARE = 0.01
_QUESTION_WORDS = set("标题 题目 内容 部分 方面 意见 要求 规定 政策 措施 办法 情况 问题 事情 东西 文件 材料 讲话 报告 通知 "
                      "通报 方案 时间 日期 时候 数字 数量 人数 比例 金额 多少 哪些 哪个 什么 具体 主要 重点 一共 总共 "
                      "开头 结尾 最后 第几 几点 几条 几项 今年 去年 明年 全文 原文 文章 哪天 目标 任务 工作".split())
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


@functools.lru_cache(maxsize=1)
def _freq():
    jieba.initialize()
    return jieba.dt.FREQ


def general_frequency(word: str) -> int:
    return int(_freq().get(word, 0) or 0)


def _parts(word: str) -> list[str]:
    return [w for w in jieba.cut_for_search(word) if len(w) >= 2 and w != word]


def key_terms(query, refs=None) -> list[str]:
    """The question's specific nouns, without the words that name a document or shape a question."""
    naming: set[str] = set()
    if refs is not None:
        for d in refs.docs:
            naming |= d.words | set(d.types) | set(d.speakers) | d.offices
    out = []
    for word, weight in content_words(query.asked_core):
        if (weight < 1.0 or len(word) < 2 or word in GENERIC_WORDS or word in _QUESTION_WORDS or word in naming
                or not re.search(r"[\u4e00-\u9fff]", word) or general_frequency(word) >= RARE_FREQ):
            continue
        if word not in out:
            out.append(word)
    return out


def missing_terms(query, passages, lexical=None, refs=None) -> list[str]:
    """Key terms and asked years that the passages (with their paths and titles) do not cover."""
    if not passages:
        return []
    text = " ".join(match_text(p.search_text) for p in passages) + " " + " ".join(
        match_text(t) for t in {p.title for p in passages})
    missing = []
    for term in key_terms(query, refs):
        synonyms = [v for key, values in query.synonyms.items() if term in key or key in term for v in values]
        if term in text or any(s in text for s in synonyms):
            continue
        parts = _parts(term)
        if parts and all(p in text for p in parts):
            continue
        # A term the documents never use is often the asker's own wording (防疫 for 防控): the dense
        # and coverage signals judge it. One the documents do use elsewhere, but not here, is not covered.
        if lexical is not None and not lexical.doc_freq(term):
            continue
        # A term many passages use is a topic of the material: missing from these passages it means the
        # search went to the wrong place more often than that the material is silent on it.
        if lexical is not None and lexical.doc_freq(term) > max(RARE_IN_CORPUS, RARE_SHARE * lexical.num_docs):
            continue
        missing.append(term)
    years = {int(y) for y in _YEAR.findall(match_text(query.text))}
    if years:
        doc_years = set()
        if refs is not None:
            for p in passages:
                d = refs.find(p.file, p.speech)
                if d is not None and d.year is not None:
                    doc_years.add(d.year)
        for y in sorted(years):
            if f"{y}" not in text and y not in doc_years:
                missing.append(f"{y}年")
    return missing
