"""Turning a document file into plain text, one reader per format.

Every reader returns the document's paragraphs joined by newlines, or raises
DocumentUnreadable(name, reason) when the file cannot be used.
"""
from __future__ import annotations

import html
import io
import logging
import re
import unicodedata
from collections import Counter
from pathlib import Path

from qa.errors import DocumentUnreadable
from qa.ingest.docmeta import WEB_PAGE_SUFFIXES
from qa.ingest.directives import is_contents_line, starts_with_marker
from qa.ingest.files import read_bytes, read_text_file
from qa.ingest.heading_levels import with_structure_marks
from qa.ingest.layout import front_matter_end, speaks_of_the_page
from qa.ingest.markdown_heads import bold_headings, title_front_matter
from qa.ingest.page_furniture import running_heads, without_furniture
from qa.ingest.page_numbers import is_page_number
from qa.ingest.parts import unspaced
from qa.ingest.roles import opens_editors_note
from qa.ingest.run_on_faq import with_faq_lines
from qa.ingest.shattered_lines import join_fragments
from qa.ingest.transcript import with_question_headings
from qa.ingest.limits import Reading, megabytes  # noqa: F401 (megabytes: part of this module's vocabulary)
from qa.ingest.zip_limits import MAX_DOCX_TAGS, ZIP_BOMB_BYTES, ZIP_RATIO, check_unpacked_size  # noqa: F401

# Formats LibreOffice turns into .docx first (qa.ingest.convert).
CONVERTED_SUFFIXES = {".doc", ".wps", ".rtf", ".odt"}
# Formats people commonly drop in the folder, with what to do about them.
HINTS = {
    ".pages": "Pages format; export it as .docx",
    ".ppt": "slides; save the speech as .docx",
    ".pptx": "slides; save the speech as .docx",
}
MAX_PDF_PAGES = 5000


# Control characters a PDF's text layer or an old editor leaves (厦大教〔2019〕83 号\x01): never
# text, and they keep a line from being read for what it is; a form feed is a page break.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_document(path: Path, data: bytes | None = None, reading: Reading | None = None) -> str:
    text = join_fragments(_CONTROL.sub("", _read(path, data, reading).replace("\x0c", "\n")))
    text = with_faq_lines(text)  # (an FAQ run into one line: a line each question and answer)
    text = with_question_headings(text)  # (a press conference's transcript: its questions head its answers)
    return _LETTER_SPACED_LINE.sub(lambda m: unspaced(m.group(0).replace("\u3000", " ")), text)


# 总 裁 办 电 子 邮 件 / 通　　知: a line set letter by letter is read as its words (as a title is)
_LETTER_SPACED_LINE = re.compile(r"^[ \t\u3000]*(?:[\u4e00-\u9fff][ \t\u3000]+){3,}[\u4e00-\u9fff][：:]?[ \t\u3000]*$", re.M)


def _read(path: Path, data: bytes | None = None, reading: Reading | None = None) -> str:
    reading = reading or Reading(path.name)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return unwrap(read_text_file(path, data, reading))
    if suffix == ".md":
        return markdown_text(read_text_file(path, data, reading))
    if suffix == ".docx":
        return read_docx(path, data, reading)
    if suffix == ".pdf":
        return read_pdf(path, data, reading)
    if suffix in WEB_PAGE_SUFFIXES:
        from qa.ingest.html_text import read_html

        return read_html(path, read_bytes(path) if data is None else data, reading)
    if suffix == ".ofd":
        from qa.ingest.ofd import read_ofd

        return read_ofd(path, read_bytes(path) if data is None else data, reading)
    if suffix in (".jpg", ".jpeg", ".png", ".tif", ".tiff"):
        from qa.ingest.scans import read_image

        return read_image(path, read_bytes(path) if data is None else data, reading)
    if suffix in CONVERTED_SUFFIXES:
        from qa.ingest.convert import convert_to_docx

        docx_bytes = convert_to_docx(path, read_bytes(path) if data is None else data, reading)
        return read_docx(path, docx_bytes, reading)
    hint = f" ({HINTS[suffix]})" if suffix in HINTS else ""
    raise DocumentUnreadable(path.name, f"unsupported file type {suffix or '(none)'}{hint}")


# Markdown's own marks at a line start (# heading, - item, > quote) and emphasis:
# the speech's markers (一、 …) must open the line for the directives to be found. A heading's #s
# glued to its words (##第一章 总则, #P2俱乐部章程) mark a heading too: Chinese writers often leave out the space
# (not a #话题# tag, which closes with one).
_GLUED = r"(?=[^\s#])(?=.*[\u4e00-\u9fff])(?!.*#)"
_GLUED_HASHES = r"#{1,6}" + _GLUED
_MD_LINE_MARK = re.compile(r"^\s{0,3}(#{1,6}\s+|" + _GLUED_HASHES + r"|[-*+]\s+|>\s?)+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
# `路通天下`: a code span of Chinese words in prose marks them out, as bold does (`--delete-after`,
# code, keeps its marks: a line opening --… is no dash of a byline)
_MD_CODE_SPAN = re.compile(r"`([^`\n]*[\u4e00-\u9fff][^`\n]*)`")


# (as written; qa.ingest.directives reads "## " back)
_MD_HEADING = re.compile(r"^\s{0,3}(#{2,6})(?:\s+(?=\S)|" + _GLUED + ")")
# A list item's or quote's mark however deep it is nested (     - **问题 1：** … /     > - 公司出资…)
_MD_NESTED_ITEM = re.compile(r"^\s+(?:>\s?|[-*+]\s+)+(?=\S)")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")  # --- between sections: no words
# What Markdown writes around words, not words: [Ivy](https://…) is "Ivy", an image is nothing, and the
# HTML a page's Markdown carries (<br>, &nbsp;, <font …>) is a line break, a space, nothing
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
# (a block's tags end a line: </p><p> between two paragraphs of a page pasted whole)
_HTML_BREAK = re.compile(r"[ \t]*(?:<br\s*/?>|</?(?:p|div|li|ul|ol|center|blockquote|h[1-6])(?:\s[^<>]*)?>)[ \t]*",
                         re.I)
_HTML_TAG = re.compile(r"</?(?:span|font|b|strong|i|em|u|sup|sub|a|img|small|big|del|s|ins|mark)(?:\s[^<>]*)?/?>",
                       re.I)


# ::: tip 修订信息 / ::: info 附录 / ::: (markdown-it containers, as VuePress writes them): the fence is no
# text; a title after its kind is a line of its own (附录 then starts the annex, qa.ingest.parts)
_MD_CONTAINER = re.compile(r"^\s{0,3}:{3,}\s*(?:[A-Za-z][\w-]*)?\s*(.*?)\s*$")
# ## 分级标准{align="center"} / ### 校园网{#network-card}: an attribute list after a heading, no words of it
_ATTR = r"(?:[#.][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s{}]+))"
_MD_ATTRIBUTES = re.compile(rf"\s*\{{\s*{_ATTR}(?:\s+{_ATTR})*\s*\}}\s*$")


# O1 \- 协助… / 1\. 不是编号: a backslash keeps a mark from being one; the reader sees the mark alone
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def _markdown_inline(line: str) -> str:
    if not speaks_of_the_page(line):  # (a note on the page keeps its link, and goes with it: qa.ingest.layout)
        line = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", line))
    return _MD_ESCAPE.sub(r"\1", html.unescape(_HTML_TAG.sub("", line)).replace("\xa0", " "))


def markdown_text(text: str) -> str:
    """The text of a Markdown file, its marks gone; a heading below the title keeps its #s where its
    level is the document's structure (qa.ingest.heading_levels)."""
    lines = text.splitlines()
    top = front_matter_end(lines)  # (left as written: qa.ingest.corpus reads its title and date)
    if not top:
        lines = title_front_matter(lines)
        top = front_matter_end(lines)
    lines = lines[:top] + [line for line in _HTML_BREAK.sub("\n", "\n".join(lines[top:])).split("\n")
                           if not _MD_RULE.match(line)]
    out = lines[:top]
    body = _chapters_kept(_soft_wraps_joined(_quoted_note_joined(_nested_numbers(lines[top:]))))
    titles = bold_headings(body)
    for i, line in enumerate(body):
        fence = _MD_CONTAINER.match(line)
        if fence:
            line = fence.group(1)
        line = _MD_ATTRIBUTES.sub("", _MD_CODE_SPAN.sub(r"\1", line))
        if i in titles:  # **年度演讲**: a section's title, as ## 年度演讲 would be
            line = "## " + line.strip()
        bare = _markdown_inline(_MD_EMPHASIS.sub(r"\2", _MD_LINE_MARK.sub("", _MD_NESTED_ITEM.sub("", line))))
        bare = bare.rstrip(" #")
        heading = _MD_HEADING.match(line)
        out.append(f"{heading.group(1)} {bare}" if heading and bare else bare)
    return "\n".join(with_structure_marks(out, numbered_levels=True))


_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_ORDERED = re.compile(r"^(\s*)(\d{1,2})[.)]\s+(?=\S)")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)")
NESTED_INDENT = 2  # columns deeper than the item above that make an item its child


def _nested_numbers(lines: list[str]) -> list[str]:
    """1. **进展** / ····1. 已完成 / ····2. …: a numbered list indented under a numbered item is its
    child, which the numbering alone does not say (both count 1. 2.). The child's numbers are written
    as a deeper level writes them, （1） and then ①, so that the item holds its own list."""
    out: list[str] = []
    stack: list[int] = []  # the indents of the numbered items open, outermost first
    blank = False
    for line in lines:
        if not line.strip():
            out.append(line)
            blank = True
            continue
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        numbered, bullet = _MD_ORDERED.match(line), _MD_BULLET.match(line)
        if _MD_HEADING_ANY.match(line) or not numbered and not bullet and indent == 0 and blank:
            stack = []  # a heading or an unindented paragraph ends the lists
        elif numbered or bullet:
            while stack and stack[-1] > indent + 1:  # (the lists deeper than this item are over)
                stack.pop()
        blank = False
        if not numbered:
            out.append(line)
            continue
        if stack and indent >= stack[-1] + NESTED_INDENT:
            stack.append(indent)
        elif not stack:
            stack = [indent]
        depth, n = len(stack) - 1, int(numbered.group(2))
        if depth == 1 or depth == 2 and n <= 20:
            mark = f"（{n}）" if depth == 1 else chr(0x2460 + n - 1)
            line = numbered.group(1) + mark + line[numbered.end():]
        out.append(line)
    return out


def _quoted_note_joined(lines: list[str]) -> list[str]:
    """> 【导读】… / > (blank) / > …: an editor's note set as a quote runs on over the quote's
    paragraphs, so they are one paragraph, the note (qa.ingest.roles); other quotes stay as written."""
    out: list[str] = []
    note, blanks = None, []  # index in out of the note being joined; blank lines after it
    for line in lines:
        quoted = _MD_QUOTE.match(line)
        text = line[quoted.end():].strip() if quoted else ""
        if note is not None and not line.strip():
            blanks.append(line)
            continue
        if note is not None and quoted:
            out[note] = out[note].rstrip() + text if text else out[note]
            blanks = []
            continue
        out += blanks
        note, blanks = None, []
        out.append(line)
        if quoted and opens_editors_note(text):
            note = len(out) - 1
    return out + blanks


_MD_H1 = re.compile(r"^\s{0,3}#(?=\s+\S|" + _GLUED + ")")
_MD_HEADING_ANY = re.compile(r"^\s{0,3}#{1,5}(?=\s+\S|" + _GLUED + ")")
_MD_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")


def _chapters_kept(lines: list[str]) -> list[str]:
    """# 如何维护… / # 总结: a file with two or more top headings uses # for its chapters, not for
    its title; every heading goes one level down so that the chapters stay headings (## …)."""
    fenced, prose = False, []  # the lines outside code blocks (# 注释 in a ```text block is no heading)
    for line in lines:
        fenced ^= bool(_MD_FENCE.match(line))
        prose.append(not fenced)
    if sum(ok and bool(_MD_H1.match(line)) for ok, line in zip(prose, lines)) < 2:
        return lines
    return ["#" + line.lstrip() if ok and _MD_HEADING_ANY.match(line) else line for ok, line in zip(prose, lines)]


# A line that a Markdown paragraph wraps (a converter breaks lines at a width, …英文名称: Quality /
# Science Brach of …) is one paragraph with the next line, where the file parts its paragraphs by
# blank lines: a line of a converter's width (a title or byline is shorter) that stops mid-sentence, before a line
# that is no block of its own (# heading, | table, - item, > quote, a link, a numbered point).
_MD_BLOCK = re.compile(r"^\s*(?:\||[-*+]\s|>|<|!\[|http|\[\^)|^\s{0,3}(?:#|```|\d+[.)]\s)")
SOFT_WRAP_COLUMNS = 50  # printed columns of a wrapped line (a Chinese character is two)
BLANK_PARTED_SHARE = 0.6  # of the non-empty lines, those a blank line follows


def _soft_wraps_joined(lines: list[str]) -> list[str]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    parted = sum(1 for i in filled if i + 1 < len(lines) and not lines[i + 1].strip())
    if not filled or parted < BLANK_PARTED_SHARE * len(filled):
        return lines
    out: list[str] = []
    joining = False
    for line in lines:
        stripped = line.strip()
        if joining and stripped and not _MD_BLOCK.match(line) and not starts_with_marker(stripped):
            gap = " " if _LATIN_END.search(out[-1]) and _LATIN_START.match(stripped) else ""
            out[-1] = out[-1].rstrip() + gap + stripped
        else:
            out.append(line)
        last = out[-1].strip()
        joining = (bool(last) and 2 * _width(last) > SOFT_WRAP_COLUMNS and not last.endswith(_SENTENCE_END)
                   and not _MD_BLOCK.match(out[-1]) and not line.endswith("  "))  # (two spaces: a line break)
    return out


# -- Word .docx ----------------------------------------------------------------

def read_docx(path: Path, data: bytes | None = None, reading: Reading | None = None) -> str:
    """Paragraphs (tables included) in document order, with Word's automatic
    list numbers written out as the text a reader sees (一、 / （一） / 1.)."""
    from qa.ingest.docx_text import docx_paragraphs

    reading = reading or Reading(path.name)
    data = read_bytes(path) if data is None else data
    if not data.strip():
        raise DocumentUnreadable(path.name, "empty file")
    check_unpacked_size(path, data, reading)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        paragraphs = docx_paragraphs(document, reading)
    except Exception as exc:  # a damaged zip or XML: say so, do not crash the build
        raise DocumentUnreadable(path.name, f"not a readable Word .docx file ({exc.__class__.__name__})") from exc
    return "\n".join(paragraphs)


# -- PDF -------------------------------------------------------------------------

_SENTENCE_END = tuple("。！？!?；;：:”’」』")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def read_pdf(path: Path, data: bytes | None = None, reading: Reading | None = None) -> str:
    """The text layer of a PDF, with visual line wraps joined back into paragraphs.

    Each page object is read once, however often the page list names it; reading
    stops at MAX_PDF_PAGES pages, at the character limit, or at the time limit."""
    reading = reading or Reading(path.name)
    data = read_bytes(path) if data is None else data
    if not data.strip():
        raise DocumentUnreadable(path.name, "empty file")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair notices are not ours to print
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentUnreadable(path.name, "the PDF is password-protected")
        pages = _pdf_pages(reader, data, reading)
    except DocumentUnreadable:
        raise
    except Exception as exc:
        raise DocumentUnreadable(path.name, f"not a readable PDF ({exc.__class__.__name__})") from exc
    from qa.ingest.pdf_tables import table_pages
    from qa.ingest.scans import ocr_pdf, scanned_pages

    if not any(text.strip() for _, text in pages) and any("QA_MAX_PARSE_SECONDS" in n for n in reading.notes):
        raise DocumentUnreadable(path.name, reading.time_note("no text was read in time"))
    scanned = scanned_pages(reader, pages)
    tables = table_pages(data, [p for p in pages if p[0] not in scanned], reading, _reflow)
    # the running heads and page numbers at the pages' ends go
    heads = running_heads([text for i, text in pages if i not in scanned])
    first = pages[0][0] if pages else 0
    pages = [(i, text if i in scanned else without_furniture(text, heads, i == first)) for i, text in pages]
    tables = {i: without_furniture(text, heads, i == first) for i, text in tables.items()}
    return ocr_pdf(path, data, pages, reading, _reflow, tables, scanned)


def _pdf_pages(reader, data: bytes, reading: Reading) -> list[tuple[int, str]]:
    """(0-based index, text layer) of each page read: by PDFium where it can
    (qa.ingest.pdf_text_layer), else (and for a page PDFium cannot read) by pypdf."""
    from qa.ingest.pdf_text_layer import TextLayerUnavailable, read_pages

    wanted = _distinct_pages(reader, reading)
    try:
        read, stopped = read_pages(data, wanted, reading)
    except TextLayerUnavailable:
        read, stopped = [], None
    else:
        if stopped is not None:
            reading.notes.append(reading.time_note(f"read {len(read)} pages, stopped inside page {stopped + 1}"))
        if stopped is not None or len(read) < len(wanted):  # stopped at the time or character limit
            return [(i, text or "") for i, text in read]
        if all(text is not None for _, text in read):
            return read
    done = {i: text for i, text in read if text is not None}
    pages, chars = [], 0
    for number in wanted:
        if number in done:
            pages.append((number, done[number]))
        elif reading.out_of_time():
            reading.notes.append(reading.time_note(f"read {len(pages)} pages"))
            break
        else:
            try:
                pages.append((number, _page_text(reader.pages[number], reading)))
            except _OutOfTime:
                reading.notes.append(reading.time_note(f"read {len(pages)} pages, stopped inside page {number + 1}"))
                break
        chars += len(pages[-1][1])
        if chars > reading.limits.max_chars:
            break  # scan_documents cuts it and says so
    return pages


def _distinct_pages(reader, reading: Reading) -> list[int]:
    """The 0-based indexes of the pages to read: each page object once, however
    often the page list names it, and at most MAX_PDF_PAGES of them."""
    wanted, seen, repeated = [], set(), 0
    for number, page in enumerate(reader.pages):
        ref = page.indirect_reference
        key = (ref.idnum, ref.generation) if ref is not None else None
        if key is not None and key in seen:
            repeated += 1
            continue
        seen.add(key)
        if len(wanted) >= MAX_PDF_PAGES:
            reading.notes.append(f"read the first {MAX_PDF_PAGES} pages only")
            break
        wanted.append(number)
    if repeated:
        reading.notes.append(f"the page list names the same page again {repeated} times; each page read once")
    return wanted


class _OutOfTime(BaseException):
    """Raised from inside pypdf's extraction (which swallows Exceptions in forms)."""


def _page_text(page, reading: Reading) -> str:
    """One page's text, the time limit checked at every drawing operation: a
    page of a few KB can hold forms drawn inside forms, millions of
    operations, so checking between pages is not enough."""
    count = 0

    def check(*_args) -> None:
        nonlocal count
        count += 1
        if count % 256 == 0 and reading.out_of_time():
            raise _OutOfTime()

    return page.extract_text(visitor_operand_before=check) or ""


# A text saved from a PDF keeps the page's line breaks (…规范本科课程考核管 / 理，严肃考风考纪): when
# this share of its long lines run to the same width and end no sentence, it is read as wrapped
WRAPPED_SHARE = 0.25
AT_WIDTH_SHARE = 0.4  # …and this share of them are as wide as the page (headings of one length are not)


def unwrap(text: str) -> str:
    """A hard-wrapped text (from a PDF) with its wrapped lines joined again; a line that ends a
    sentence, a short line (a heading) and a line before a new point (第三条, （六）) end a paragraph.
    Its page numbers are dropped. Any other text comes back as it is."""
    lines = text.split("\n")
    widths = [_width(l) for l in lines]
    sizes = Counter(round(w) for w in widths if w >= 10)
    if sum(sizes.values()) < 10:
        return text
    full = max(sizes, key=lambda n: (sizes[n], n))  # the page's width: the width most lines have
    total = sum(sizes.values())
    at_width = sum(sizes[n] for n in range(full - 2, full + 5))
    # (a paragraph's first line lost its indent of two, and pages differ by a character)
    wraps = [full >= 20 and full - 3 <= w <= full + 4 and not l.strip().endswith(_SENTENCE_END)
             for l, w in zip(lines, widths)]
    if at_width < AT_WIDTH_SHARE * total or sum(wraps[:-1]) < WRAPPED_SHARE * total:
        return text
    out: list[str] = []
    joining = False
    for line, wrapped in zip(lines, wraps):
        stripped = line.strip()
        if is_page_number(stripped):
            continue
        if joining and stripped and not starts_with_marker(stripped):
            # (…“关切的变异株”（variant / of concern…: Latin words keep their space)
            gap = " " if _LATIN_END.search(out[-1]) and _LATIN_START.match(stripped) else ""
            out[-1] = out[-1].rstrip() + gap + stripped
        else:
            out.append(line)
        joining = wrapped
    return "\n".join(out)


_LATIN_END = re.compile(r"[A-Za-z,]$")
_LATIN_START = re.compile(r"[A-Za-z]")


def _width(line: str) -> float:
    """A line's printed width in Chinese characters: a Latin letter, digit or space is half of one."""
    return sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in line.strip())


def _reflow(page: str) -> str:
    """Join lines that only wrap at the page edge; keep real paragraph ends.

    A line runs to the edge when it is about as long as the page's longest
    line and does not end a sentence; it then continues on the next line.
    """
    lines = [_CJK_GAP.sub("", l.strip()) for l in page.splitlines()]
    lines = [l for l in lines if l and not is_page_number(l)]
    if not lines:
        return ""
    full = max(len(l) for l in lines)
    out: list[str] = []
    joining = False
    for line in lines:
        if joining:
            out[-1] += line
        else:
            out.append(line)
        # (a contents entry, 前言……4, ends at its page number however wide it runs)
        joining = full >= 20 and len(line) >= 0.85 * full and not line.endswith(_SENTENCE_END) \
            and not is_contents_line(line)
        # (…两高一部《关于办理非法集资刑事 / 案件若干问题的意见》的通知: no line ends inside a title's 《》)
        joining = joining or line.count("《") > line.count("》")
    return "\n".join(out)
