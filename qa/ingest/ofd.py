"""OFD (GB/T 33190, the format official-document systems export): its text layer, page by page.

An .ofd is a zip of XML: OFD.xml names each document's Document.xml, which
lists its pages (Pages/Page_N/Content.xml). A page's text is its TextObjects
(Boundary = where it stands, in mm) and their TextCode runs (X, Y = where the
run's baseline starts inside the object, DeltaX = its character advances).
The runs are placed on the page and put back into lines and paragraphs by
layout, as recognised lines are (qa.ingest.ocr_layout). A page with no text
but an image (a scanned or image-only OFD) is recognised by OCR. The zip is
checked for bombs before any XML is parsed, as a .docx is.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from qa.errors import DocumentUnreadable
from qa.ingest.limits import Reading
from qa.ingest.zip_limits import check_unpacked_size

MAX_PAGES = 5000
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el, name: str):
    return [c for c in el if _local(c) == name]


def _descendants(el, name: str):
    return [c for c in el.iter() if _local(c) == name]


def _numbers(text: str | None) -> list[float]:
    try:
        return [float(v) for v in (text or "").split()]
    except ValueError:
        return []


def _advances(delta: str | None) -> list[float]:
    """DeltaX, with its ``g N v`` shorthand (N advances of v) written out."""
    out, parts, i = [], (delta or "").split(), 0
    try:
        while i < len(parts):
            if parts[i] == "g" and i + 2 < len(parts):
                out += [float(parts[i + 2])] * int(parts[i + 1])
                i += 3
            else:
                out.append(float(parts[i]))
                i += 1
    except ValueError:
        return []
    return out


class _Package:
    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path, self.archive = path, archive
        self.names = {n.lstrip("/"): n for n in archive.namelist()}

    def xml(self, name: str):
        real = self.names.get(name.lstrip("/"))
        if real is None:
            raise DocumentUnreadable(self.path.name, f"not a readable OFD file ({name} is missing)")
        return etree.fromstring(self.archive.read(real), _PARSER)

    def has(self, name: str) -> bool:
        return name.lstrip("/") in self.names

    def read(self, name: str) -> bytes:
        return self.archive.read(self.names[name.lstrip("/")])


def _resolve(base: str, loc: str) -> str:
    loc = (loc or "").strip()
    return posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc))


def read_ofd(path: Path, data: bytes, reading: Reading) -> str:
    if not data.strip():
        raise DocumentUnreadable(path.name, "empty file")
    check_unpacked_size(path, data, reading)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentUnreadable(path.name, "not a readable OFD file (not a zip archive)") from exc
    package = _Package(path, archive)
    try:
        return _read(package, reading)
    except DocumentUnreadable:
        raise
    except Exception as exc:  # damaged XML or zip members: say so, do not crash the build
        raise DocumentUnreadable(path.name, f"not a readable OFD file ({exc.__class__.__name__})") from exc


def _read(package: _Package, reading: Reading) -> str:
    name = package.path.name
    if not package.has("OFD.xml"):
        raise DocumentUnreadable(name, "not a readable OFD file (OFD.xml is missing)")
    root = package.xml("OFD.xml")
    docs = [d.text.strip() for d in _descendants(root, "DocRoot") if d.text and d.text.strip()]
    if not docs:
        raise DocumentUnreadable(name, "not a readable OFD file (OFD.xml names no document)")
    pages: list[tuple[str, str]] = []  # (content file, its folder) of every page, in order
    media: dict[str, str] = {}  # resource ID → image file
    for doc in docs[:1]:  # an OFD holds one document in practice; the first is the one shown
        doc_dir = posixpath.dirname(doc)
        document = package.xml(doc)
        for res in _descendants(document, "PublicRes") + _descendants(document, "DocumentRes"):
            if res.text and package.has(_resolve(doc_dir, res.text)):
                _media(package, _resolve(doc_dir, res.text), media)
        for page in _descendants(document, "Page"):
            loc = page.get("BaseLoc")
            if loc:
                content = _resolve(doc_dir, loc)
                pages.append((content, posixpath.dirname(content)))
    if len(pages) > MAX_PAGES:
        reading.notes.append(f"read the first {MAX_PAGES} pages only")
        pages = pages[:MAX_PAGES]
    return _text(package, pages, media, reading)


def _media(package: _Package, res_file: str, media: dict[str, str]) -> None:
    res = package.xml(res_file)
    base = posixpath.join(posixpath.dirname(res_file), res.get("BaseLoc") or "")
    for m in _descendants(res, "MultiMedia"):
        files = _descendants(m, "MediaFile")
        if m.get("ID") and files and files[0].text:
            media[m.get("ID")] = _resolve(base, files[0].text)


def _text(package: _Package, pages: list[tuple[str, str]], media: dict[str, str], reading: Reading) -> str:
    from qa.ingest.ocr import Box
    from qa.ingest.ocr_layout import join_pages, page_paragraphs
    from qa.ingest.scans import OCR_OFF, recognise_pages

    laid_out: dict[int, list] = {}
    images: list[tuple[int, str]] = []
    for number, (content, _) in enumerate(pages, 1):
        if reading.out_of_time():
            reading.notes.append(reading.time_note(f"read {number - 1} pages"))
            break
        if not package.has(content):
            continue
        page = package.xml(content)
        boxes = []
        for obj in _descendants(page, "TextObject"):
            bx, by, *_ = _numbers(obj.get("Boundary")) + [0, 0]
            size = (_numbers(obj.get("Size")) or [3.5])[0]
            for code in _descendants(obj, "TextCode"):
                text = "".join(code.itertext())
                if not text.strip():
                    continue
                x, y = bx + float(code.get("X") or 0), by + float(code.get("Y") or 0)
                advances = _advances(code.get("DeltaX"))
                width = sum(advances[:len(text) - 1]) + size if advances else len(text) * size
                boxes.append(Box(x, y - size, x + width, y, text, 1.0))
        if any(b.text.strip() for b in boxes):
            laid_out[number] = page_paragraphs(boxes)
            continue
        found = [media[i] for i in (o.get("ResourceID") for o in _descendants(page, "ImageObject")) if i in media]
        if found:
            images.append((number, max(found, key=lambda f: package.archive.getinfo(package.names[f]).file_size
                                       if f in package.names else 0)))
    recognised: dict[int, list] = {}
    if images and reading.limits.ocr:
        from PIL import Image

        from qa.ingest.scans import MAX_PIXELS

        def render(file: str):
            image = Image.open(io.BytesIO(package.read(file)))
            if image.size[0] * image.size[1] > MAX_PIXELS:
                raise DocumentUnreadable(package.path.name, f"an image of {image.size[0]}×{image.size[1]} "
                                                            f"pixels, over {MAX_PIXELS:,}; not read")
            return image.convert("RGB")

        recognised = recognise_pages(package.path.name, [(n, lambda f=f: render(f)) for n, f in images], reading)
    merged = sorted({**laid_out, **recognised}.items())
    lines, sources = [], []
    for text, page, score in join_pages(merged):
        lines.append(text)
        sources.append((page, score if page in recognised else None))
    if not any(re.search(r"[\u4e00-\u9fffA-Za-z0-9]", l) for l in lines):
        if images and not reading.limits.ocr:
            raise DocumentUnreadable(package.path.name, f"an image-only OFD (a scan?) and {OCR_OFF}")
        raise DocumentUnreadable(package.path.name, "the OFD has no text" + (", not even by OCR" if images else ""))
    reading.sources = sources
    return "\n".join(lines)
