"""Handlers of the chat page: plain functions from a QAService (and the
user's inputs) to HTML strings. No Gradio here, so they are tested directly;
qa/web/page.py wires them to the page.

Domain errors (no index, an index built with another embedder, a model that
will not load) are caught here and become a sentence on the page.
"""
from __future__ import annotations

import bisect
import json
import logging
import re
from pathlib import Path

from qa.errors import IndexProblem, QAError, StoreError
from qa.indexing.build_folder import Build
from qa.ingest.directives import without_heading_marks
from qa.models import Passage
from qa.search.answer import closest_topics
from qa.search.cite import citation_line
from qa.search.conversation import MAX_CONTEXT_TURNS
from qa.search.highlight import directive_chain, telling_words, topic_question
from qa.search.result import Answer, Hit, Result
from qa.web.table_rows import passage_html
from qa.search.query import MAX_QUERY_CHARS
from qa.search.request import clean_question
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
# Turns the HTTP API's conversation keeps for a session (it replies with the
# whole conversation): an endless one must not grow every reply and the
# memory it holds without bound. The page keeps its conversations in the
# browser (qa/web/static/conversations.js) and sends only the last few questions.
MAX_TURNS = 30
SLIDER_MAX_K = 10  # the page's 结果数 slider runs 1–10 (qa.search.request.MAX_K bounds every front end)
CONTEXT_PARAGRAPHS = 8  # a longer directive shows a window around the passage


# -- one source ------------------------------------------------------------------

def citation_text(passage: Passage, path: list[str]) -> str:
    """第一篇《…》 › 第五，要加快疫苗接种进度 · 第12段（file）"""
    return citation_line(passage, file=True, path=path)


def copy_text(passage: Passage, path: list[str]) -> str:
    """What the copy action puts on the clipboard: the exact words, then their source."""
    return f"“{without_heading_marks(passage.text)}”\n——{citation_text(passage, path)}"


def sentence_span(passage: Passage, sentence: str) -> tuple[int, int]:
    """Where the matched sentence stands in the speech text."""
    at = passage.text.find(sentence)
    if at < 0 or not sentence:
        return passage.start, passage.end
    return passage.start + at, passage.start + at + len(sentence)


def context_html(index: Build, passage: Passage, sentence: str, words: list[str]) -> str:
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


def several_files(index: Build) -> bool:
    """Whether citations must name the file: speech numbers repeat across files."""
    return len({s.file for s in index.speeches}) > 1


def source_html(index: Build, turn: int, n: int, hit: Hit, sentence: str, words: list[str],
                cited: bool = True) -> str:
    """One numbered source card. Its buttons name their source ("复制引文 [2]")
    for a screen reader; a card whose passage says no more than the answer
    sentence taken from it shows the paragraph around it instead (or folds it)."""
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
    ref = f"[{n}]"
    open_button = (f'<button type="button" class="open" {place_attrs(p.file, p.speech, start=p.start, end=p.end)}'
                   f' aria-label="在原文中查看 {ref}" title="在目录中阅读整篇讲话，这段话已标出">在原文中查看</button>')
    return (f'<li class="source{" cited" if cited else ""}" id="t{turn}-s{n}" data-n="{n}">'
            f'<div class="cite"><span class="n">{ref}</span> '
            f'{render.where_html(p.speech, p.title, path, p.paragraph, p.file if several else None, p.page)}{also}</div>'
            f'{quote_html(index, p, sentence, words)}'
            f'<div class="tools">{render.copy_button(copy_text(p, path), aria=f"复制引文 {ref}")}{open_button}</div>'
            f'<details class="context"><summary aria-label="展开上下文 {ref}">展开上下文</summary>'
            f'<div class="ctx">{context_html(index, p, sentence, words)}</div></details></li>')


def _bare(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def quote_html(index: Build, p: Passage, sentence: str, words: list[str]) -> str:
    """The card's quote: the passage; when the answer already says all of it,
    the paragraph it stands in with the passage marked, or, when that is the
    same text too, the passage folded away."""
    # (a Markdown heading's level marks, #### , are structure, not words to show)
    plain = f'<blockquote class="passage">{passage_html(without_heading_marks(p.text), words, render.highlight)}</blockquote>'
    if not sentence or _bare(p.text) not in _bare(sentence):
        return plain
    speech = index.speech(p.file, p.speech)
    offsets = speech.paragraph_offsets() if speech else []
    i = bisect.bisect_right(offsets, p.start) - 1
    if speech is not None and 0 <= i < len(speech.paragraphs):
        para = speech.paragraphs[i]
        if len(_bare(para)) > len(_bare(p.text)) + 8:
            body = render.marked_paragraph(para, offsets[i], words, (offsets[i], offsets[i] + len(para)),
                                           (p.start, p.end))
            return f'<blockquote class="passage wider" data-quote="{render.esc(p.text)}">{body}</blockquote>'
    return (f'<details class="same"><summary>引文与回答中的这句相同，点此展开</summary>{plain}</details>')


def _order(result: Result, answer) -> tuple[list[int], dict[int, int]]:
    """The hits in the order a reply shows them (indexes into result.hits):
    those the answer cites first, in the order it cites them, then the rest;
    a hit from the same paragraph as one before it is merged into that one.
    Returns the order and old number → new number (1-based)."""
    cited = []
    for m in re.finditer(r"\[(\d+)\]", answer.text or ""):
        i = int(m.group(1)) - 1
        if 0 <= i < len(result.hits) and i not in cited:
            cited.append(i)
    order, number, seen = [], {}, {}
    for i in cited + [i for i in range(len(result.hits)) if i not in cited]:
        p = result.hits[i].passage
        key = (p.file, p.speech, p.paragraph)
        if key in seen:
            number[i + 1] = seen[key]
            continue
        order.append(i)
        number[i + 1] = seen[key] = len(order)
    return order, number


def _renumber(text: str, number: dict[int, int]) -> str:
    """The answer's [n] markers in the reply's numbering; a marker repeated
    at once ([1][1], after a merge) is written once."""
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{number.get(int(m.group(1)), int(m.group(1)))}]", text)
    return re.sub(r"(\[\d+\])(?:\1)+", r"\1", text)


# -- a reply ---------------------------------------------------------------------

def reply_html(result: Result, turn: int = 1) -> str:
    """The pipeline's answer (qa.search.answer) with [n] buttons, the copy
    button under it, then the sources it cites; the others folded under
    更多来源 (N). Drawn from the build that answered (``result.build``)."""
    index, topics = result.build, result.topics
    if result.notice and not result.hits and result.mode == "empty":
        return render.notice(result.notice)
    head = render.notice(result.notice) if result.notice else ""  # a filter, a cut question, …
    answer = result.answer or Answer()
    if not result.answerable or not result.hits:
        buttons = topic_buttons(result, topics, answer.text) if not result.answerable else ""
        return f'{head}<p class="no-answer">{render.esc(answer.text)}</p>{buttons}'
    words = telling_words(result.query, getattr(index, "lexical", None))
    order, number = _order(result, answer)
    text = _renumber(answer.text, number)
    cited = set(int(m) for m in re.findall(r"\[(\d+)\]", text))
    # each source's context marks the answer sentence taken from it (else its first words)
    quoted: dict[int, str] = {}
    for s in answer.sentences:
        quoted.setdefault(number.get(s.result, s.result), s.text)
    cards = [source_html(index, turn, n, result.hits[i], quoted.get(n, ""), words, n in cited)
             for n, i in enumerate(order, 1)]
    shown = [c for n, c in enumerate(cards, 1) if n in cited] or cards[:1]
    rest = cards[len(shown):]
    more = (f'<details class="more-sources"><summary>更多来源 ({len(rest)})</summary>'
            f'<ol>{"".join(rest)}</ol></details>') if rest else ""
    return (f'{head}<p class="answer">{render.answer_html(text, words, turn)}</p>'
            f'{render.answer_tools()}'
            f'<div class="sources"><div class="sources-h">来源</div><ol>{"".join(shown)}</ol>{more}</div>')


def topic_buttons(result: Result, topics: list[str], text: str | None = None) -> str:
    """The topics a no-answer reply names (picked as qa.search.answer.no_answer_text
    picks them; with ``text``, only those that text names), each a button that asks about it."""
    shown = [t for t in (closest_topics(result) or topics)[:3] if text is None or t in text]
    buttons = "".join(
        f'<button type="button" class="ask-topic" data-question="{render.esc(topic_question(t))}"'
        f' title="就这一条提问">{render.esc(t)}</button>' for t in shown)
    return f'<div class="topics"><span class="hint">可以这样问：</span>{buttons}</div>' if buttons else ""


def shown_question(question: str) -> str:
    """The question as its bubble shows it: a pasted document is cut where the
    search stops reading (the reply says so)."""
    if len(question) <= MAX_QUERY_CHARS:
        return question
    return f"{question[:MAX_QUERY_CHARS]}……（以下从略）"


def answer_turn(index, question: str, n: int = 1, history: list[str] | None = None,
                speech: int | str | None = None, k: int = 5, docs_dir: Path | None = None) -> dict | None:
    """Turn ``n`` of a conversation: {"n", "question", "html"}, or None for a
    blank question. ``history`` holds the earlier questions a follow-up
    needs (the last few; the browser keeps the rest). Nothing a user sends
    makes it raise: every failure becomes a sentence in the reply (and a
    line in the log)."""
    question = clean_question(question).strip()
    if not question:
        return None
    try:
        k = min(max(int(k), 1), SLIDER_MAX_K)  # the slider's own range (a crafted value is taken as its end)
    except (TypeError, ValueError, OverflowError):
        k = 5
    by_document = doc_filters.search_args(speech)  # the filter's 2010年的文档 / 讲话人：… entries
    file, speech = parse_filter(speech) if by_document is None else (None, None)
    history = [h for h in (clean_question(h).strip() for h in (history or [])[-MAX_CONTEXT_TURNS:]) if h]
    try:
        where = {"file": file} if file is not None else dict(by_document or {})
        result = index.ask(question, k=k, speech=speech, history=history, **where)
        reply = reply_html(result, n)  # drawn from the build that answered
    except QAError as exc:  # no usable index, the embedder or the store failed: one line, no traceback
        # a missing index is the status line's news, a failing model the administrator's; a store
        # that went away logs once per failure burst by itself (qa.indexing.stores.recovery)
        if not isinstance(exc, StoreError):
            (log.warning if isinstance(exc, IndexProblem) else log.error)("question not answered: %s", exc)
        reply = render.notice(problem_text(index, exc, docs_dir), "error")
    except Exception as exc:  # the page must keep working
        log.exception("question failed: %s", question[:200])
        reply = render.notice(f"出错了，这个问题没能回答：{exc.__class__.__name__}: {exc}", "error")
    return {"n": n, "question": question,
            "html": render.turn(n, shown_question(question), reply)}


def ask(index, question: str, turns: list[dict] | None = None, speech: int | None = None,
        k: int = 5, docs_dir: Path | None = None) -> list[dict]:
    """Answer ``question`` in the conversation ``turns``; returns the new turns
    (the HTTP API's conversation, kept for its session; the page keeps its
    own in the browser and sends only what a follow-up needs)."""
    turns = list(turns or [])
    n = turns[-1].get("n", len(turns)) + 1 if turns else 1
    turn = answer_turn(index, question, n, [t["question"] for t in turns], speech, k, docs_dir)
    if turn is None:
        return turns
    turns.append(turn)
    return turns[-MAX_TURNS:]


# -- what the page sends with a question -------------------------------------------

MAX_TURN_NUMBER = 1_000_000


def parse_context(value: object) -> tuple[int, list[str]]:
    """(turn number, earlier questions) from the small JSON the page sends with
    a question ({"n": 7, "history": ["…", "…"]}); anything else counts as the
    first turn of a new conversation."""
    try:
        data = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return 1, []
    n = data.get("n")
    n = n if isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= MAX_TURN_NUMBER else 1
    history = data.get("history")
    history = [h for h in history if isinstance(h, str)] if isinstance(history, list) else []
    return n, [h[:MAX_QUERY_CHARS] for h in history[-MAX_CONTEXT_TURNS:]]


def page_reply(index, question: str, context: object, speech=None, k=5, docs_dir: Path | None = None,
               status: str = "") -> str:
    """What the page's question event returns: the new turn and the status
    line as JSON (the browser adds the turn to the conversation it keeps);
    "" for a blank question."""
    n, history = parse_context(context)
    turn = answer_turn(index, question, n, history, speech, k, docs_dir)
    if turn is None:
        return ""
    return json.dumps({**turn, "status": status}, ensure_ascii=False)


def conversation_html(turns: list[dict]) -> str:
    page = render.conversation(turns, EXAMPLES)
    dropped = turns[0].get("n", 1) - 1 if turns else 0
    if dropped > 0:  # the oldest turns are no longer kept
        page = page.replace('<div class="chat">', '<div class="chat">' + render.notice(
            f"只显示最近 {len(turns)} 轮对话，更早的 {dropped} 轮已不再显示。"), 1)
    return page


# -- choices for the controls ----------------------------------------------------

def _index_or_none(index) -> Build | None:
    try:
        return index.build
    except QAError:
        return None


def speech_choices(qa_index) -> list[tuple[str, int | str]]:
    """(label, value) for the speech filter; 0 means every speech.

    With one file a speech is its number. With several, each document is
    listed (all its speeches), then each of its speeches, and a value names
    the file too ("file#2", "file#0" for the whole document): two
    compilations that both have a 第一篇 are never mixed up.
    """
    index = _index_or_none(qa_index)
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
    return out + doc_filters.choices(qa_index)


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
