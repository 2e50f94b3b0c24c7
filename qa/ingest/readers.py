"""Turning a document file into plain text, one reader per format.

Every reader returns the document's paragraphs joined by newlines, or raises
DocumentUnreadable(name, reason) when the file cannot be used.
"""
from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from qa.errors import DocumentUnreadable
from qa.ingest.files import read_bytes, read_text_file

SUPPORTED_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}
# Formats people commonly drop in the folder, with what to do about them.
HINTS = {
    ".doc": "old Word format; save it as .docx",
    ".wps": "WPS format; save it as .docx",
    ".rtf": "RTF; save it as .docx",
    ".odt": "OpenDocument; save it as .docx",
    ".pages": "Pages format; export it as .docx",
}


def read_document(path: Path, data: bytes | None = None) -> str:
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        return read_text_file(path, data)
    if suffix == ".docx":
        return read_docx(path, data)
    if suffix == ".pdf":
        return read_pdf(path, data)
    hint = f" ({HINTS[suffix]})" if suffix in HINTS else ""
    raise DocumentUnreadable(path.name, f"unsupported file type {suffix or '(none)'}{hint}")


# -- Word .docx ----------------------------------------------------------------

def read_docx(path: Path, data: bytes | None = None) -> str:
    """Paragraphs (tables included) in document order, with Word's automatic
    list numbers written out as the text a reader sees (一、 / （一） / 1.)."""
    from qa.ingest.docx_text import docx_paragraphs

    data = read_bytes(path) if data is None else data
    if not data.strip():
        raise DocumentUnreadable(path.name, "empty file")
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        paragraphs = docx_paragraphs(document)
    except Exception as exc:  # a damaged zip or XML: say so, do not crash the build
        raise DocumentUnreadable(path.name, f"not a readable Word .docx file ({exc.__class__.__name__})") from exc
    return "\n".join(paragraphs)


# -- PDF -------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,4}[-—–\s]*$|^第\s*\d+\s*页(\s*[，,/]?\s*共\s*\d+\s*页)?$")
_SENTENCE_END = tuple("。！？!?；;：:”’」』")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def read_pdf(path: Path, data: bytes | None = None) -> str:
    """The text layer of a PDF, with visual line wraps joined back into paragraphs."""
    data = read_bytes(path) if data is None else data
    if not data.strip():
        raise DocumentUnreadable(path.name, "empty file")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair notices are not ours to print
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentUnreadable(path.name, "the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentUnreadable:
        raise
    except Exception as exc:
        raise DocumentUnreadable(path.name, f"not a readable PDF ({exc.__class__.__name__})") from exc
    text = "\n".join(_reflow(page) for page in pages)
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", text):
        raise DocumentUnreadable(path.name, "the PDF has no text layer (a scan?); "
                                            "run OCR on it or add the .docx/.txt instead")
    return text


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
