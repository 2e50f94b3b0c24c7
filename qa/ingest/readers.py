"""Turning a document file into plain text, one reader per format.

Every reader returns the document's paragraphs joined by newlines, or raises
DocumentUnreadable(name, reason) when the file cannot be used.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path

from qa.errors import DocumentUnreadable
from qa.ingest.files import read_bytes, read_text_file
from qa.ingest.limits import Reading, megabytes

SUPPORTED_SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps", ".rtf", ".odt"}
# Formats LibreOffice turns into .docx first (qa.ingest.convert).
CONVERTED_SUFFIXES = {".doc", ".wps", ".rtf", ".odt"}
# Formats people commonly drop in the folder, with what to do about them.
HINTS = {
    ".pages": "Pages format; export it as .docx",
    ".ppt": "slides; save the speech as .docx",
    ".pptx": "slides; save the speech as .docx",
}
# A .docx member larger than this that packs more than ZIP_RATIO times smaller
# is a zip bomb (real Word XML packs 5-20 times).
ZIP_BOMB_BYTES, ZIP_RATIO = 10_000_000, 100
# A .docx of 5 M characters has some 500,000 tags; a tree of this many
# still parses in well under 1 GB.
MAX_DOCX_TAGS = 2_000_000
MAX_PDF_PAGES = 5000


def read_document(path: Path, data: bytes | None = None, reading: Reading | None = None) -> str:
    reading = reading or Reading(path.name)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return read_text_file(path, data, reading)
    if suffix == ".md":
        return markdown_text(read_text_file(path, data, reading))
    if suffix == ".docx":
        return read_docx(path, data, reading)
    if suffix == ".pdf":
        return read_pdf(path, data, reading)
    if suffix in (".html", ".htm"):
        from qa.ingest.html_text import read_html

        return read_html(path, read_bytes(path) if data is None else data, reading)
    if suffix in CONVERTED_SUFFIXES:
        from qa.ingest.convert import convert_to_docx

        docx_bytes = convert_to_docx(path, read_bytes(path) if data is None else data, reading)
        return read_docx(path, docx_bytes, reading)
    hint = f" ({HINTS[suffix]})" if suffix in HINTS else ""
    raise DocumentUnreadable(path.name, f"unsupported file type {suffix or '(none)'}{hint}")


# Markdown's own marks at a line start (# heading, - item, > quote) and emphasis:
# the speech's markers (一、 …) must open the line for the directives to be found.
_MD_LINE_MARK = re.compile(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|>\s?)+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def markdown_text(text: str) -> str:
    return "\n".join(_MD_EMPHASIS.sub(r"\2", _MD_LINE_MARK.sub("", line)).rstrip(" #")
                     for line in text.splitlines())


# -- Word .docx ----------------------------------------------------------------

def read_docx(path: Path, data: bytes | None = None, reading: Reading | None = None) -> str:
    """Paragraphs (tables included) in document order, with Word's automatic
    list numbers written out as the text a reader sees (一、 / （一） / 1.)."""
    from qa.ingest.docx_text import docx_paragraphs

    reading = reading or Reading(path.name)
    data = read_bytes(path) if data is None else data
    if not data.strip():
        raise DocumentUnreadable(path.name, "empty file")
    _check_unpacked_size(path, data, reading)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        paragraphs = docx_paragraphs(document, reading)
    except Exception as exc:  # a damaged zip or XML: say so, do not crash the build
        raise DocumentUnreadable(path.name, f"not a readable Word .docx file ({exc.__class__.__name__})") from exc
    return "\n".join(paragraphs)


def _check_unpacked_size(path: Path, data: bytes, reading: Reading) -> None:
    """Refuse a .docx whose parts unpack to more than the size limit, or far
    more than Word ever packs, before any XML is parsed (sizes from the zip
    directory; Python's zip reader never returns more than they say)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader below says so
    total = sum(m.file_size for m in members)
    if total > reading.limits.max_bytes:
        raise DocumentUnreadable(path.name, f"unpacks to {megabytes(total)}, over the "
                          f"{megabytes(reading.limits.max_bytes)} limit (QA_MAX_DOC_BYTES); not read")
    for m in members:
        if m.file_size > ZIP_BOMB_BYTES and m.file_size > ZIP_RATIO * max(m.compress_size, 1):
            raise DocumentUnreadable(path.name, f"{m.filename} unpacks {m.file_size // max(m.compress_size, 1)} times "
                              f"larger ({megabytes(m.file_size)}), which no Word file does; not read")
    tags = 0
    for m in members:  # the parsed tree's size follows its tags: count them first, unpacking as a stream
        if m.filename.endswith(".xml"):
            try:
                with archive.open(m) as part:
                    for block in iter(lambda: part.read(1 << 20), b""):
                        tags += block.count(b"<")
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
                return  # a damaged part: the reader below says so
            if tags > MAX_DOCX_TAGS:
                raise DocumentUnreadable(path.name, f"more than {MAX_DOCX_TAGS:,} XML tags, far more than "
                                  f"its text needs; not read")


# -- PDF -------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页(\s*[，,/]?\s*共\s*\d+\s*页)?$")
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
        pages = _pdf_pages(reader, reading)
    except DocumentUnreadable:
        raise
    except Exception as exc:
        raise DocumentUnreadable(path.name, f"not a readable PDF ({exc.__class__.__name__})") from exc
    text = "\n".join(_reflow(page) for page in pages)
    if not text.strip() and any("QA_MAX_PARSE_SECONDS" in n for n in reading.notes):
        raise DocumentUnreadable(path.name, reading.time_note("no text was read in time"))
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", text):
        raise DocumentUnreadable(path.name, "the PDF has no text layer (a scan?); "
                                            "run OCR on it or add the .docx/.txt instead")
    return text


def _pdf_pages(reader, reading: Reading) -> list[str]:
    pages, seen, repeated, chars = [], set(), 0, 0
    for number, page in enumerate(reader.pages, 1):
        ref = page.indirect_reference
        key = (ref.idnum, ref.generation) if ref is not None else None
        if key is not None and key in seen:
            repeated += 1
            continue
        seen.add(key)
        if len(pages) >= MAX_PDF_PAGES:
            reading.notes.append(f"read the first {MAX_PDF_PAGES} pages only")
            break
        if reading.out_of_time():
            reading.notes.append(reading.time_note(f"read {len(pages)} pages"))
            break
        try:
            pages.append(_page_text(page, reading))
        except _OutOfTime:
            reading.notes.append(reading.time_note(f"read {len(pages)} pages, stopped inside page {number}"))
            break
        chars += len(pages[-1])
        if chars > reading.limits.max_chars:
            break  # scan_documents cuts it and says so
    if repeated:
        reading.notes.append(f"the page list names the same page again {repeated} times; each page read once")
    return pages


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


def _reflow(page: str) -> str:
    """Join lines that only wrap at the page edge; keep real paragraph ends.

    A line runs to the edge when it is about as long as the page's longest
    line and does not end a sentence; it then continues on the next line.
    """
    lines = [_CJK_GAP.sub("", l.strip()) for l in page.splitlines()]
    lines = [l for l in lines if l and not _PAGE_NUMBER.match(l)]
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
        joining = full >= 20 and len(line) >= 0.85 * full and not line.endswith(_SENTENCE_END)
    return "\n".join(out)
