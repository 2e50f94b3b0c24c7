"""Scans and photos: page images → recognised paragraphs, within the document limits.

A PDF page with (almost) no text layer is rendered (pypdfium2) and
recognised; ``.jpg/.jpeg/.png/.tif/.tiff`` are recognised page by page (each
frame of a TIFF is a page). Every page counts against the time limit and the
page limit, and its recognised lines are cached by the document's content
hash (qa.ingest.ocr.OcrCache). ``Reading.sources`` gets the page and the
confidence of each paragraph returned.
"""
from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from typing import Callable

from qa.errors import DocumentUnreadable
from qa.ingest.limits import Reading

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}
MAX_PAGES = 5000
# A larger image is refused unread (a "decompression bomb": a few KB of PNG
# that would decode to gigabytes); an A4 page scanned at 600 dpi has 35 M.
MAX_PIXELS = 120_000_000
# A PDF page with fewer letters than this in its text layer is recognised.
MIN_TEXT_CHARS = 10
_LETTER = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
OCR_OFF = "OCR is off (QA_OCR=0)"


# …or fewer than this and an image of at least SCAN_PIXELS a side: a scan with
# a line of text over it (a header, a stamp, a page number).
FEW_TEXT_CHARS, SCAN_PIXELS = 200, 800


def needs_ocr(page_text: str) -> bool:
    return len(_LETTER.findall(page_text or "")) < MIN_TEXT_CHARS


def scanned_pages(reader, pages: list[tuple[int, str]]) -> set[int]:
    """The pages (0-based) to recognise: (almost) no text layer, or little
    text over a page-sized image. ``reader``: the open pypdf reader."""
    out = set()
    for i, text in pages:
        letters = len(_LETTER.findall(text or ""))
        if letters < MIN_TEXT_CHARS or (letters < FEW_TEXT_CHARS and _has_scan(reader.pages[i])):
            out.add(i)
    return out


def _has_scan(page) -> bool:
    """An image XObject of at least SCAN_PIXELS × SCAN_PIXELS among the page's resources."""
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        for ref in (xobjects.get_object().values() if xobjects is not None else ()):
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image" and min(int(obj.get("/Width", 0)), int(obj.get("/Height", 0))) >= SCAN_PIXELS:
                return True
    except Exception:  # resources the reader cannot follow: judge by the text alone
        return False
    return False


def recognise_pages(name: str, pages: list[tuple[int, Callable[[], object]]],
                    reading: Reading) -> dict[int, list]:
    """Page number → its paragraphs (qa.ingest.ocr_layout.Para), page by page
    until the time limit; cached pages cost nothing."""
    from tqdm import tqdm

    from qa.ingest.ocr import OcrCache, recognise
    from qa.ingest.ocr_layout import page_paragraphs

    cache = OcrCache(reading.cache_dir, reading.digest)
    out: dict[int, list] = {}
    recognised = 0
    for number, render in tqdm(pages, desc=f"OCR {name}", unit="page", disable=not reading.progress, leave=False):
        boxes = cache.get(number)
        if boxes is None:
            if reading.out_of_time():
                reading.notes.append(reading.time_note(f"recognised {recognised} pages by OCR; "
                                                       f"later pages not read (a rebuild goes on from there)"))
                break
            boxes = recognise(render(), name)
            cache.put(number, boxes)
            recognised += 1
        out[number] = page_paragraphs(boxes)
    return out


def read_image(path: Path, data: bytes, reading: Reading) -> str:
    """A photo or scan of one or more pages, recognised."""
    if not data.strip():
        raise DocumentUnreadable(path.name, "empty file")
    if not reading.limits.ocr:
        raise DocumentUnreadable(path.name, f"an image; {OCR_OFF}")
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():  # the size is checked here, against our own limit
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        width, height = image.size
    except Exception as exc:
        raise DocumentUnreadable(path.name, f"not a readable image ({exc.__class__.__name__})") from exc
    if width * height > MAX_PIXELS:
        raise DocumentUnreadable(path.name, f"an image of {width}×{height} pixels, over {MAX_PIXELS:,}; not read")
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_PAGES:
        reading.notes.append(f"read the first {MAX_PAGES} pages only")

    def frame(i: int):
        def render():
            try:
                image.seek(i)
                return ImageOps.exif_transpose(image.convert("RGB"))
            except Exception as exc:
                raise DocumentUnreadable(path.name, f"page {i + 1} of the image cannot be decoded "
                                                    f"({exc.__class__.__name__})") from exc
        return render

    pages = recognise_pages(path.name, [(i + 1, frame(i)) for i in range(min(frames, MAX_PAGES))], reading)
    return _assemble(path.name, [(n, None) for n in sorted(pages)], pages, reading, "the image")


def ocr_pdf(path: Path, data: bytes, page_texts: list[tuple[int, str]], reading: Reading,
            reflow: Callable[[str], str], ready: dict[int, str] | None = None,
            scanned: set[int] | None = None) -> str:
    """A PDF's text: the text layer where it has one, OCR where it has (almost) none.

    ``page_texts``: (0-based page index, text layer) of each page read;
    ``ready``: pages whose text is already laid out (their tables as rows);
    ``scanned``: the pages to recognise (default: those with almost no text)."""
    ready = ready or {}
    if scanned is None:
        scanned = {i for i, text in page_texts if needs_ocr(text)}
    scanned = [i for i, _ in page_texts if i in scanned and i not in ready]
    recognised: dict[int, list] = {}
    if scanned and reading.limits.ocr:
        try:
            import pypdfium2
        except ImportError:
            raise DocumentUnreadable(path.name, "the PDF has pages without a text layer and pypdfium2 "
                                                "(which renders them for OCR) is not installed") from None
        from qa.ingest.ocr import render_pdf_page

        try:
            pdf = pypdfium2.PdfDocument(data)
        except Exception as exc:
            raise DocumentUnreadable(path.name, f"the PDF's pages cannot be rendered for OCR "
                                                f"({exc.__class__.__name__})") from exc
        try:
            recognised = recognise_pages(path.name, [(i + 1, lambda i=i: render_pdf_page(pdf, i))
                                                     for i in scanned], reading)
        finally:
            pdf.close()
    # a page not recognised (OCR off, or out of time) keeps what text layer it has
    pages = [(i + 1, ready[i] if i in ready else None if i + 1 in recognised or needs_ocr(text) else reflow(text))
             for i, text in page_texts]
    return _assemble(path.name, pages, recognised, reading, "the PDF")


def _assemble(name: str, pages: list[tuple[int, str | None]], recognised: dict[int, list],
              reading: Reading, kind: str) -> str:
    """The document's lines, page by page, and ``reading.sources`` beside them."""
    from qa.ingest.ocr_layout import join_pages

    lines: list[str] = []
    sources: list[tuple[int, float | None]] = []
    run: list[tuple[int, list]] = []  # consecutive recognised pages, joined across their breaks

    def flush() -> None:
        for text, page, score in join_pages(run):
            lines.append(text)
            sources.append((page, score))
        run.clear()

    for number, text in pages:
        if text is None:
            if number in recognised:
                run.append((number, recognised[number]))
            continue
        flush()
        for line in text.split("\n"):
            if line.strip():
                lines.append(line)
                sources.append((number, None))
    flush()
    if not any(_LETTER.search(l) for l in lines):
        stopped = [n for n in reading.notes if "QA_MAX_PARSE_SECONDS" in n]
        if stopped:
            raise DocumentUnreadable(name, stopped[-1])
        if not reading.limits.ocr:
            raise DocumentUnreadable(name, f"the PDF has no text layer (a scan?) and {OCR_OFF}; "
                                           f"set QA_OCR=1 or add the .docx/.txt instead")
        layer = "the PDF has no text layer, and " if kind == "the PDF" else ""
        raise DocumentUnreadable(name, f"{layer}OCR found no text in {kind}")
    reading.sources = sources
    return "\n".join(lines)
