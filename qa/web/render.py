"""HTML pieces of the chat page.

Every piece of question or document text goes through ``esc`` (or
``highlight``, which escapes) before it becomes HTML: the page renders these
strings with innerHTML, so nothing a user types or a document contains may
turn into markup.
"""
from __future__ import annotations

import html
import re
from typing import Iterable, Sequence

from qa.search.cite import citation_parts, speech_name  # noqa: F401  (speech_name: used by the page)


def esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def _pattern(words: Iterable[str]) -> re.Pattern | None:
    words = sorted({w for w in words if w and w.strip()}, key=len, reverse=True)
    # adjacent words (小区 + 封闭 + 管理) make one mark
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")+", re.IGNORECASE) if words else None


def highlight(text: str, words: Iterable[str]) -> str:
    """Escaped ``text`` with each occurrence of a question word in <mark>."""
    pattern = _pattern(words)
    if pattern is None:
        return esc(text)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out += [esc(text[pos:m.start()]), f'<mark class="kw">{esc(m.group())}</mark>']
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def marked_paragraph(text: str, base: int, words: Iterable[str], own: tuple[int, int],
                     hit: tuple[int, int] | None) -> str:
    """One paragraph of context (``text`` starts at offset ``base`` of the speech).

    Characters outside ``own`` (the directive) are dimmed, those inside ``hit``
    (the matched sentence) are marked; question words are highlighted throughout.
    """
    end = base + len(text)
    cuts = sorted({base, end, *(c for c in (*own, *(hit or ())) if base < c < end)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = highlight(text[a - base:b - base], words)
        if hit and hit[0] <= a and b <= hit[1]:
            piece = f'<mark class="hit">{piece}</mark>'
        if not (own[0] <= a and b <= own[1]):
            piece = f'<span class="around">{piece}</span>'
        out.append(piece)
    return "".join(out)


def copy_button(text: str, label: str = "复制引文", aria: str | None = None) -> str:
    """A button whose data-copy attribute the page's script puts on the clipboard
    (``aria``: its name for a screen reader, e.g. 复制引文 [2])."""
    named = f' aria-label="{esc(aria)}"' if aria else ""
    return (f'<button type="button" class="copy" data-copy="{esc(text)}" data-label="{esc(label)}"{named}>'
            f'{esc(label)}</button>')


def where_html(speech: int, title: str, path: Sequence[str], paragraph: int, file: str | None = None,
               page: int | None = None) -> str:
    """第一篇《…》 › 第五，要… · 第12段 (the pieces of qa.search.cite.citation_line),
    then the file when several are indexed"""
    name, path, para = citation_parts(speech, title, list(path), paragraph)
    if page:  # PDFs, scans and OFD know the page
        para = f"第{page}页 · {para}"
    crumbs = "".join(f'<span class="sep"> › </span><span class="dir">{esc(p)}</span>' for p in path)
    source = f'<span class="file">（{esc(file)}）</span>' if file else ""
    return (f'<span class="speech">{esc(name)}</span>{crumbs}<span class="para"> · {esc(para)}</span>'
            f'{source}')


def speech_place(speech: int, file: str | None = None) -> str:
    """第三篇, or "file 第三篇" when several files are indexed."""
    return f"{file} {speech_name(speech)}" if file else speech_name(speech)


def answer_html(text: str, words: Iterable[str], turn: int) -> str:
    """An answer's text with its [n] markers as buttons that show the numbered
    source in place (the page's script opens it by mouse, tap or keyboard)."""
    out = []
    for i, piece in enumerate(re.split(r"\[(\d+)\]", text)):
        out.append(f'<button type="button" class="ref" data-ref="t{turn}-s{piece}" aria-haspopup="dialog"'
                   f' aria-expanded="false" aria-label="来源 [{piece}]">[{piece}]</button>'
                   if i % 2 else highlight(piece, words))
    return "".join(out)


def answer_tools() -> str:
    """The buttons under an answer."""
    return ('<div class="turn-tools"><button type="button" class="copy-answer" data-label="复制回答"'
            ' title="把这一问的回答和它引用的来源复制为纯文本">复制回答</button></div>')


def notice(text: str, kind: str = "info") -> str:
    return f'<div class="notice {esc(kind)}">{esc(text)}</div>'


def turn(n: int, question: str, reply: str) -> str:
    return (f'<div class="turn" id="turn-{n}">'
            f'<div class="q"><span class="who">问</span><div class="bubble">{esc(question)}</div></div>'
            f'<div class="a"><span class="who">答</span><div class="bubble" tabindex="-1">{reply}</div></div></div>')


def conversation(turns: Sequence[dict], examples: Sequence[str] = ()) -> str:
    if not turns:
        tip = "在下方输入问题，按回车或点“提问”。"
        if examples:
            tip += "例如：" + "；".join(f"“{esc(q)}”" for q in examples[:2])
        return f'<div class="chat empty"><p class="hello">{tip}</p></div>'
    return '<div class="chat">' + "".join(t["html"] for t in turns) + "</div>"


def reader_paragraph(text: str, base: int, markers: Sequence[tuple[int, int, int]],
                     target: tuple[int, int] | None) -> str:
    """One paragraph of the reader (``text`` starts at offset ``base`` of the speech).

    Each directive's marker (start..body start, at a nesting depth) is shown
    as a badge; the characters inside ``target`` (a chosen directive or a
    cited passage) are marked.
    """
    end = base + len(text)
    cuts = {base, end}
    for a, b, _ in markers:
        cuts.update(c for c in (a, b) if base < c < end)
    if target:
        cuts.update(c for c in target if base < c < end)
    starts = {a: (b, depth) for a, b, depth in markers}
    out, badge_end, cuts = [], -1, sorted(cuts)
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a - base:b - base])
        if a in starts and starts[a][0] > a:
            badge_end, depth = starts[a][0], starts[a][1]
            out.append(f'<b class="dmark lv{min(depth, 4)}">')
        if target and target[0] <= a and b <= target[1]:
            piece = f'<mark class="hit">{piece}</mark>'
        out.append(piece)
        if b == badge_end:
            out.append("</b>")
            badge_end = -1
    if badge_end != -1:
        out.append("</b>")
    return "".join(out)


def hint(text: str, shown: bool = True) -> str:
    """A short line under the question box (e.g. when it was sent empty)."""
    return f'<p class="ask-hint" role="status"{"" if shown else " hidden"}>{esc(text)}</p>'
