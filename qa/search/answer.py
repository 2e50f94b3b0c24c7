"""Reply composition: an extractive answer with numbered citations."""
from __future__ import annotations

import re
from collections import Counter

from qa.indexing.lexical import tokenize
from qa.models import Passage
from qa.search.hybrid import SearchResult

SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]?")


def source_line(passage: Passage) -> str:
    """第三篇《…》 › 三、… › 一是… · 第12段"""
    where = " › ".join(passage.path) if passage.path else "（开头/结尾部分）"
    return f"第{passage.speech}篇《{passage.title}》 › {where} · 第{passage.paragraph}段"


def best_sentence(passage: Passage, query_words: set[str]) -> str:
    """The sentence of a passage that shares most words with the question."""
    sentences = [s.strip() for s in SENTENCE.findall(passage.text) if s.strip()]
    if not sentences:
        return passage.text.strip()
    scored = [(sum(1 for t in set(tokenize(s)) if t in query_words), -i, s) for i, s in enumerate(sentences)]
    return max(scored)[2]


def closest_topics(result: SearchResult, n: int = 3) -> list[str]:
    seen: list[str] = []
    for hit in result.hits:
        topic = hit.passage.path[0] if hit.passage.path else ""
        if topic and topic not in seen:
            seen.append(topic)
    return seen[:n]


def no_answer_text(result: SearchResult, covered_topics: list[str]) -> str:
    topics = closest_topics(result) or covered_topics
    text = "抱歉，讲话材料中没有找到与这个问题直接相关的内容。"
    if topics:
        text += "材料涉及的相近内容有：" + "；".join(topics[:3]) + "。"
    return text


def compose(result: SearchResult, covered_topics: list[str] | None = None, max_points: int = 3) -> str:
    """Plain-text reply: answer sentences with [n] markers, then the sources."""
    if result.notice and not result.hits:
        return result.notice
    if not result.answerable:
        text = no_answer_text(result, covered_topics or [])
        return f"{result.notice}\n{text}" if result.notice else text
    words = set(tokenize(result.query.core + " " + " ".join(result.query.expansions)))
    points = [f"{best_sentence(h.passage, words)}[{i}]" for i, h in enumerate(result.hits[:max_points], 1)]
    lines = ([result.notice] if result.notice else []) + ["".join(points), "", "来源："]
    for i, hit in enumerate(result.hits, 1):
        line = f"[{i}] {source_line(hit.passage)}"
        if hit.also:
            line += "（亦见 " + "、".join(f"第{p.speech}篇" for p in hit.also) + "）"
        lines.append(line)
    return "\n".join(lines)


def covered_topics(passages: list[Passage], n: int = 5) -> list[str]:
    """The most common top-level topics of the corpus, for the no-answer reply."""
    counts = Counter(p.path[0] for p in passages if p.path)
    return [t for t, _ in counts.most_common(n)]
