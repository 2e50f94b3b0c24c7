"""The 目录 tab: documents → speeches → directives, a search over every
directive heading, and a reader that shows a whole speech.

Plain functions from a loaded index to HTML strings (escaped by qa/web/render.py).
The page sends only the documents and speeches at first; a speech's
directives come when it is opened (``branch_html``), so an archive of
hundreds of speeches stays a small page. A place in a speech is named by its
file and ordinal, never by a position in the index, so a link kept in a
stored conversation still finds its speech after a rebuild (or says it is gone).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from qa.errors import QAError
from qa.indexing.build_folder import Build
from qa.models import Directive, Speech, follow, walk
from qa.web import render

MAX_MATCHES = 50  # search results listed; the rest are counted
MAX_QUERY = 50  # characters of a search that are read


def current_index(index) -> Build | None:
    """The build the index answers from now, or None (the status line says why)."""
    try:
        return index.build
    except QAError:
        return None


def place_attrs(file: str, speech: int, **extra) -> str:
    """data-* attributes that name a place for the page's script."""
    attrs = {"file": file, "speech": speech, **extra}
    return " ".join(f'data-{k}="{render.esc(v)}"' for k, v in attrs.items())


def find_speech(index: Build, file: object, ordinal: object) -> Speech | None:
    try:
        return index.speech(str(file), int(ordinal))
    except (TypeError, ValueError, OverflowError):
        return None


# -- the tree -------------------------------------------------------------------

def tree_html(index: Build | None) -> str:
    """Documents, each with its speeches as closed <details> (directives come on opening)."""
    if index is None:
        return render.notice("没有可用的索引。", "warn")
    files: dict[str, list[Speech]] = {}
    for s in index.speeches:
        files.setdefault(s.file, []).append(s)
    single = len(files) == 1
    docs = []
    for file, speeches in files.items():
        items = "".join(
            f'<details class="speech" {place_attrs(s.file, s.ordinal)}>'
            f'<summary>{render.esc(render.speech_name(s.ordinal))} {render.esc(s.title)}</summary>'
            f'<div class="branch"></div></details>' for s in speeches)
        docs.append(f'<details class="doc"{" open" if single else ""}><summary>{render.esc(file)}'
                    f'<span class="count">（{len(speeches)} 篇）</span></summary>{items}</details>')
    return (f'<p class="tree-facts">{len(files)} 份文档，{len(index.speeches)} 篇讲话。'
            f'展开一篇讲话看它的条目，点条目阅读原文。</p>' + "".join(docs))


def directive_button(speech: Speech, path: tuple[int, ...], inner: str) -> str:
    """A button that opens a directive in the reader; ``inner`` is HTML (already escaped)."""
    return (f'<button type="button" class="dir" {place_attrs(speech.file, speech.ordinal, path="/".join(map(str, path)))}'
            f' title="在阅读区打开这一条">{inner}</button>')


def branch_html(index: Build | None, file: object, ordinal: object) -> str:
    """One speech's directives as a nested list, plus a link to read the whole speech."""
    speech = find_speech(index, file, ordinal) if index else None
    if speech is None:
        return render.notice("这篇讲话已不在当前索引中，请刷新页面。", "warn")

    def items(level: list[Directive], path: tuple[int, ...]) -> str:
        if not level:
            return ""
        return "<ul>" + "".join(f"<li>{directive_button(speech, path + (i,), render.esc(d.title))}"
                                f"{items(d.children, path + (i,))}</li>" for i, d in enumerate(level)) + "</ul>"

    whole = (f'<button type="button" class="dir whole" {place_attrs(speech.file, speech.ordinal)}>'
             f'阅读全文</button>')
    tree = items(index.directives(speech), ())
    return whole + (tree or '<p class="hint">这篇讲话没有分条目。</p>')


# -- search over every heading --------------------------------------------------

@dataclass(frozen=True)
class Heading:
    speech: Speech
    path: tuple[int, ...]
    title: str
    folded: str  # lower-cased, for matching


_HEADINGS: dict[str, list[Heading]] = {}
_HEADINGS_LOCK = threading.Lock()


def headings(index: Build) -> list[Heading]:
    """Every directive heading of every speech, in reading order (built once per index)."""
    key = str(index.folder)
    with _HEADINGS_LOCK:  # the first search of a large archive parses it once, not once per request
        found = _HEADINGS.get(key)
        if found is None:
            found = [Heading(s, path, d.title, d.title.lower())
                     for s in index.speeches for path, d in walk(index.directives(s))]
            _HEADINGS.clear()
            _HEADINGS[key] = found
    return found


def search_html(index: Build | None, query: object) -> str:
    """The headings containing every word of ``query``, each a button that opens it."""
    if index is None:
        return render.notice("没有可用的索引。", "warn")
    words = str(query or "").lower().split()[:8]
    words = [w[:MAX_QUERY] for w in words]
    if not words:
        return ""
    found = [h for h in headings(index) if all(w in h.folded for w in words)]
    if not found:
        asked = str(query or "").strip()[:MAX_QUERY * 4]
        return (f'<p class="hint">没有条目标题包含“{render.esc(" ".join(words))}”。</p>'
                f'<button type="button" class="ask-in-chat" data-question="{render.esc(asked)}"'
                f' title="转到问答，问题已填好">在问答中提问：“{render.esc(asked)}”</button>')
    several = len({s.file for s in index.speeches}) > 1
    rows = []
    for h in found[:MAX_MATCHES]:
        where = f'{render.speech_name(h.speech.ordinal)}《{h.speech.title}》' + (f"（{h.speech.file}）" if several else "")
        inner = f'{render.highlight(h.title, words)}<span class="where">{render.esc(where)}</span>'
        rows.append(f"<li>{directive_button(h.speech, h.path, inner)}</li>")
    more = f"，显示前 {MAX_MATCHES} 条" if len(found) > MAX_MATCHES else ""
    return f'<p class="tree-facts">找到 {len(found)} 条{more}：</p><ul class="matches">{"".join(rows)}</ul>'


# -- the reader -----------------------------------------------------------------

def _int(value: object, default: int = -1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


def reader_html(index: Build | None, where: object) -> str:
    """A whole speech, paragraphs numbered, each directive's marker shown.

    ``where`` names the speech ({"file", "speech"}) and optionally a directive
    ("path": "0/2", child positions) or a passage ("start", "end": its span):
    that part is marked, and the page scrolls to it.
    """
    if index is None:
        return render.notice("没有可用的索引。", "warn")
    where = where if isinstance(where, dict) else {}
    speech = find_speech(index, where.get("file"), where.get("speech"))
    if speech is None:
        return render.notice("这篇讲话已不在当前索引中（索引可能已重建），请在目录中重新查找。", "warn")
    tree = index.directives(speech)
    target: tuple[int, int] | None = None
    chain: list[Directive] = []
    path = str(where.get("path") or "")
    if re.fullmatch(r"\d+(/\d+)*", path):
        chain = follow(tree, [int(x) for x in path.split("/")])
        if not chain:
            return render.notice("这个条目已不在当前索引中，请在目录中重新查找。", "warn")
        target = (chain[-1].start, chain[-1].end)
    start, end = _int(where.get("start")), _int(where.get("end"))
    if 0 <= start < end <= len(speech.text):
        target = (start, end)
        chain = [d for _, d in walk(tree) if d.start <= start < d.end]
    return _speech_html(speech, tree, target, chain)


def _speech_html(speech: Speech, tree: list[Directive], target: tuple[int, int] | None,
                 chain: list[Directive]) -> str:
    offsets = speech.paragraph_offsets()
    markers = sorted((d.start, d.body_start, depth) for depth, d in
                     ((len(p), d) for p, d in walk(tree)))
    rows = []
    for i, para in enumerate(speech.paragraphs):
        base = offsets[i]
        own = [(a, b, depth) for a, b, depth in markers if base <= a < base + len(para)]
        body = render.reader_paragraph(para, base, own, target)
        cls = "rp"
        if target and base < target[1] and target[0] < base + len(para) + 1:
            cls += " in-target"
        rows.append(f'<p class="{cls}" id="rp-{i + 1}"><span class="pno">{i + 1}</span>{body}</p>')
    place = " › ".join(d.title for d in chain)
    head = (f'<div class="reader-head"><button type="button" class="back" title="回到目录列表">返回目录</button>'
            f'<span class="speech">{render.esc(render.speech_name(speech.ordinal))}《{render.esc(speech.title)}》</span>'
            f'<span class="file">{render.esc(speech.file)}</span>'
            + (f'<div class="place">{render.esc(place)}</div>' if place else "") + "</div>")
    return (f'<div class="reading" {place_attrs(speech.file, speech.ordinal)}>{head}'
            f'<div class="speech-text">{"".join(rows)}</div></div>')



def page_html(index: Build | None) -> str:
    """The whole 目录 tab: the heading search, the tree, and the reader beside it
    (on a phone the reader takes the list's place)."""
    return ('<div class="outline"><div class="finder">'
            '<input type="search" class="find" placeholder="搜索所有讲话的条目标题，如：疫苗接种" '
            'aria-label="搜索所有讲话的条目标题" title="输入标题中的字词，按空格分开多个词"></div>'
            '<div class="panes"><nav class="tree-pane" aria-label="讲话目录">'
            f'<div class="results" hidden></div><div class="tree">{tree_html(index)}</div></nav>'
            '<article class="reader" aria-label="讲话原文" aria-live="polite">'
            '<p class="hint">在目录中点一个条目，这里显示整篇讲话并标出这一条。</p></article></div></div>')
