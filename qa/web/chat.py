"""Handlers of the chat page: plain functions from a QAService (and the
user's inputs) to HTML strings. No Gradio here, so they are tested directly;
qa/web/page.py wires them to the page.

Domain errors (no index, an index built with another embedder, a model that
will not load) are caught here and become a sentence on the page.
"""
from __future__ import annotations

import bisect
import logging
import re
from pathlib import Path

import jieba

from qa.errors import EmbedderFailed, IndexProblem
from qa.indexing.lexical import STOP_WORDS
from qa.indexing.store import LoadedIndex
from qa.models import Directive, Passage
from qa.search.answer import closest_topics, ensure_answer
from qa.search.cite import citation_line
from qa.search.hybrid import Hit, SearchResult
from qa.search.query import MAX_QUERY_CHARS, Query
from qa.service import MAX_QUESTION_CHARS, clean_question
from qa.web import doc_filters, render
from qa.web.outline import place_attrs
from qa.web.status import problem_text

log = logging.getLogger(__name__)

EXAMPLES = [
    "打了针能防住病毒吗？",
    "小区封闭管理的重点是哪些地方？",
    "房子倒了的学校怎么办？",
    "学校开学前要做哪些准备？",
    "第三篇第三部分讲了什么？",
]
# Turns a conversation keeps: the page sends the whole conversation with each
# answer, so an endless one (a script asking in one session) must not grow
# every reply and the memory it holds without bound.
MAX_TURNS = 30
CONTEXT_PARAGRAPHS = 8  # a longer directive shows a window around the passage


# -- words of the question ------------------------------------------------------

def question_words(query: Query) -> list[str]:
    """Words to highlight: the question's own words and its synonym expansions
    (two characters or more, no stop words), longest first."""
    words = {w for w in jieba.cut_for_search(query.core) if len(w.strip()) >= 2 and w not in STOP_WORDS}
    words |= {w for w in query.expansions if len(w) >= 2}
    return sorted(words, key=len, reverse=True)


# -- directives -----------------------------------------------------------------

def directive_chain(index: LoadedIndex, passage: Passage) -> list[Directive]:
    """The directives a passage stands in, outermost first, found by position
    (as deep as the passage's recorded path)."""
    speech = index.speech(passage.file, passage.speech)
    if speech is None:
        return []
    chain, level = [], index.directives(speech)
    for _ in passage.path:
        d = next((d for d in level if d.start <= passage.start < d.end), None)
        if d is None:
            break
        chain.append(d)
        level = d.children
    return chain


# -- one source ------------------------------------------------------------------

def citation_text(passage: Passage, path: list[str]) -> str:
    """第一篇《…》 › 第五，要加快疫苗接种进度 · 第12段（file）"""
    return citation_line(passage, file=True, path=path)


def copy_text(passage: Passage, path: list[str]) -> str:
    """What the copy action puts on the clipboard: the exact words, then their source."""
    return f"“{passage.text}”\n——{citation_text(passage, path)}"


def sentence_span(passage: Passage, sentence: str) -> tuple[int, int]:
    """Where the matched sentence stands in the speech text."""
    at = passage.text.find(sentence)
    if at < 0 or not sentence:
        return passage.start, passage.end
    return passage.start + at, passage.start + at + len(sentence)


def context_html(index: LoadedIndex, passage: Passage, sentence: str, words: list[str]) -> str:
    """The whole directive a passage belongs to, with the paragraph before and
    after it; the matched sentence marked, the question words highlighted."""
    speech = index.speech(passage.file, passage.speech)
    if speech is None:
        return render.notice("找不到这篇讲话的原文（索引可能需要重建）。", "warn")
    chain = directive_chain(index, passage)
    own = (chain[-1].start, chain[-1].end) if chain else (passage.start, passage.end)
    offsets = speech.paragraph_offsets()
    first = bisect.bisect_right(offsets, own[0]) - 1
    last = bisect.bisect_right(offsets, max(own[1] - 1, own[0])) - 1
    if last - first + 1 > CONTEXT_PARAGRAPHS:  # a long directive: the part around the passage
        middle = passage.paragraph - 1
        first = max(first, middle - CONTEXT_PARAGRAPHS // 2)
        last = min(last, first + CONTEXT_PARAGRAPHS - 1)
    lo, hi = max(first - 1, 0), min(last + 1, len(speech.paragraphs) - 1)
    hit = sentence_span(passage, sentence)
    rows = []
    for i in range(lo, hi + 1):
        body = render.marked_paragraph(speech.paragraphs[i], offsets[i], words, own, hit)
        cls = "ctx-p" if first <= i <= last else "ctx-p neighbour"
        rows.append(f'<p class="{cls}"><span class="pno">{i + 1}</span>{body}</p>')
    return "".join(rows)


def several_files(index: LoadedIndex) -> bool:
    """Whether citations must name the file: speech numbers repeat across files."""
    return len({s.file for s in index.speeches}) > 1


def source_html(index: LoadedIndex, turn: int, n: int, hit: Hit, sentence: str, words: list[str]) -> str:
    p = hit.passage
    path = list(p.path)
    several = several_files(index)
    also, places = "", []
    for a in hit.also:  # each other (file, speech) once
        if (a.file, a.speech) not in {(x.file, x.speech) for x in places} | {(p.file, p.speech)}:
            places.append(a)
    if places:
        names = "、".join(render.speech_place(a.speech, a.file if several else None) for a in places)
        tip = "；".join(citation_text(a, a.path) for a in places)
        also = f' <span class="also" title="{render.esc(tip)}">亦见{render.esc(names)}</span>'
    return (f'<li class="source" id="t{turn}-s{n}">'
            f'<div class="cite"><span class="n">[{n}]</span> '
            f'{render.where_html(p.speech, p.title, path, p.paragraph, p.file if several else None)}{also}</div>'
            f'<blockquote class="passage">{render.highlight(p.text, words)}</blockquote>'
            f'<div class="tools">{render.copy_button(copy_text(p, path))}'
            f'<button type="button" class="open" {place_attrs(p.file, p.speech, start=p.start, end=p.end)}'
            f' title="在目录中阅读整篇讲话，这段话已标出">在原文中查看</button></div>'
            f'<details class="context"><summary>展开上下文</summary>'
            f'<div class="ctx">{context_html(index, p, sentence, words)}</div></details></li>')


# -- a reply ---------------------------------------------------------------------

def reply_html(index: LoadedIndex, result: SearchResult, topics: list[str], turn: int = 1) -> str:
    """The search's answer (qa.search.answer) with [n] links, then the numbered sources."""
    if result.notice and not result.hits and result.mode == "empty":
        return render.notice(result.notice)
    head = render.notice(result.notice) if result.notice else ""  # a filter, a cut question, …
    answer = ensure_answer(result, index, topics)
    if not result.answerable or not result.hits:
        buttons = topic_buttons(result, topics, answer.text) if not result.answerable else ""
        return f'{head}<p class="no-answer">{render.esc(answer.text)}</p>{buttons}'
    words = question_words(result.query)
    # each source's context marks the answer sentence taken from it (else its first words)
    quoted = {}
    for s in answer.sentences:
        quoted.setdefault(s.result, s.text)
    sources = "".join(source_html(index, turn, i, h, quoted.get(i, ""), words)
                      for i, h in enumerate(result.hits, 1))
    return (f'{head}<p class="answer">{render.answer_html(answer.text, words, turn)}</p>'
            f'<div class="sources"><div class="sources-h">来源</div><ol>{sources}</ol></div>')


# A directive title's marker (一、 / （二） / 第三， / 四是 / 5. / ⑥ / 首先), left out when a topic becomes a question.
_MARKER = re.compile(r"^(第?[一二三四五六七八九十百零〇\d]+[、，,.．是要]|[（(][一二三四五六七八九十\d]+[)）]"
                     r"|[①-⑳]|首先|其次|再次|最后)[，、\s]*")


def topic_buttons(result: SearchResult, topics: list[str], text: str | None = None) -> str:
    """The topics a no-answer reply names (picked as qa.search.answer.no_answer_text
    picks them; with ``text``, only those that text names), each a button that asks about it."""
    shown = [t for t in (closest_topics(result) or topics)[:3] if text is None or t in text]
    buttons = "".join(
        f'<button type="button" class="ask-topic" data-question="{render.esc(_MARKER.sub("", t) or t)}"'
        f' title="就这一条提问">{render.esc(t)}</button>' for t in shown)
    return f'<div class="topics"><span class="hint">可以这样问：</span>{buttons}</div>' if buttons else ""


def shown_question(question: str) -> str:
    """The question as its bubble shows it: a pasted document is cut where the
    search stops reading (the reply says so)."""
    if len(question) <= MAX_QUERY_CHARS:
        return question
    return f"{question[:MAX_QUERY_CHARS]}……（以下从略）"


def ask(service, question: str, turns: list[dict] | None = None, speech: int | None = None,
        k: int = 5, docs_dir: Path | None = None) -> list[dict]:
    """Answer ``question`` in the conversation ``turns``; returns the new turns.

    Earlier questions go to the search as history, so a follow-up
    (那具体怎么落实？) keeps the topic. Nothing a user sends makes it raise:
    a blank question adds no turn, every failure becomes a sentence in the
    reply (and a line in the log).
    """
    turns = list(turns or [])
    question = clean_question(question).strip()
    if not question:
        return turns
    try:
        k = min(max(int(k), 1), 10)
    except (TypeError, ValueError, OverflowError):
        k = 5
    by_document = doc_filters.search_args(speech)  # the filter's 2010年的文档 / 讲话人：… entries
    file, speech = parse_filter(speech) if by_document is None else (None, None)
    n = turns[-1].get("n", len(turns)) + 1 if turns else 1
    history = [t["question"] for t in turns]
    try:
        where = {"file": file} if file is not None else dict(by_document or {})
        result = service.ask(question, k=k, speech=speech, history=history, **where)
        # the build the answer came from: a rebuild may have been swapped in since
        reply = reply_html(result.index, result, result.index.topics, n)
    except IndexProblem as exc:
        log.warning("question not answered, no usable index: %s", exc)
        reply = render.notice(problem_text(service, exc, docs_dir), "error")
    except EmbedderFailed as exc:
        log.error("question not answered, the embedder failed: %s", exc)
        reply = render.notice(problem_text(service, exc, docs_dir), "error")
    except Exception as exc:  # the page must keep working
        log.exception("question failed: %s", question[:200])
        reply = render.notice(f"出错了，这个问题没能回答：{exc.__class__.__name__}: {exc}", "error")
    turns.append({"n": n, "question": question, "html": render.turn(n, shown_question(question), reply)})
    return turns[-MAX_TURNS:]


# -- the conversation the browser keeps -------------------------------------------

# The page keeps the turns in the browser's localStorage (gr.BrowserState),
# so a reload shows them again; the server keeps them only for the session.
# A stored value carries this version: one written by another layout is dropped.
STORED_VERSION = 1
# A browser keeps about 5 million characters per site in localStorage, and
# Gradio stores the value encrypted as base64 (4/3 of its UTF-8 bytes): the
# oldest turns go first beyond this many bytes, so the newest always fit.
MAX_STORED_BYTES = 2_400_000


def stored(turns: list[dict]) -> dict:
    """The conversation as the browser stores it: the latest turns that fit."""
    kept, size = [], 0
    for t in reversed(turns[-MAX_TURNS:]):
        size += len(t["html"].encode()) + len(t["question"].encode())
        if size > MAX_STORED_BYTES:
            break
        kept.append(t)
    return {"version": STORED_VERSION, "turns": kept[::-1]}


def restored(value: object) -> list[dict]:
    """Turns from a value the browser sent back, or [] when it is not one the
    page stored (another version, edited, damaged)."""
    if not isinstance(value, dict) or value.get("version") != STORED_VERSION:
        return []
    turns, last = [], 0
    for t in value.get("turns") or []:
        if not (isinstance(t, dict) and isinstance(t.get("n"), int) and isinstance(t.get("question"), str)
                and isinstance(t.get("html"), str) and t["n"] > last):
            return []
        turns.append({"n": t["n"], "question": t["question"][:MAX_QUESTION_CHARS], "html": t["html"]})
        last = t["n"]
    return stored(turns)["turns"]


def conversation_html(turns: list[dict]) -> str:
    page = render.conversation(turns, EXAMPLES)
    dropped = turns[0].get("n", 1) - 1 if turns else 0
    if dropped > 0:  # the oldest turns are no longer kept
        page = page.replace('<div class="chat">', '<div class="chat">' + render.notice(
            f"只显示最近 {len(turns)} 轮对话，更早的 {dropped} 轮已不再显示。"), 1)
    return page


# -- choices for the controls ----------------------------------------------------

def _index_or_none(service) -> LoadedIndex | None:
    try:
        return service.current().index
    except (IndexProblem, EmbedderFailed):
        return None


def speech_choices(service) -> list[tuple[str, int | str]]:
    """(label, value) for the speech filter; 0 means every speech.

    With one file a speech is its number. With several, each document is
    listed (all its speeches), then each of its speeches, and a value names
    the file too ("file#2", "file#0" for the whole document): two
    compilations that both have a 第一篇 are never mixed up.
    """
    index = _index_or_none(service)
    speeches = index.speeches if index else []
    if index is None or not several_files(index):
        return [("全部讲话", 0)] + [(f"{render.speech_name(s.ordinal)} {s.title}", s.ordinal) for s in speeches]
    out: list[tuple[str, int | str]] = [("全部讲话", 0)]
    by_file: dict[str, list] = {}
    for s in speeches:
        by_file.setdefault(s.file, []).append(s)
    for file, items in sorted(by_file.items()):
        if len(items) == 1:
            out.append((f"{file} · {items[0].title}", f"{file}#0"))
            continue
        out.append((f"{file}（全部{len(items)}篇）", f"{file}#0"))
        out += [(f"{file} · {render.speech_name(s.ordinal)} {s.title}", f"{file}#{s.ordinal}") for s in items]
    return out + doc_filters.choices(service)


def parse_filter(value) -> tuple[str | None, int | None]:
    """(file, speech) from a filter value: 0 / None for all, a number for a
    speech, "file#n" for a speech of a file, "file#0" for the whole file."""
    if isinstance(value, str) and "#" in value:
        file, _, number = value.rpartition("#")
        try:
            n = int(number)
        except ValueError:
            return None, None
        return (file or None), (n if n > 0 else None)
    try:
        n = int(value) if value else None
    except (TypeError, ValueError, OverflowError):
        return None, None
    return None, (n if n and n > 0 else None)
