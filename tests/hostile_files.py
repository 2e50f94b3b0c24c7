"""Files built to hurt a build: a zip bomb .docx, a PDF whose page list names one
page thousands of times, a huge text file. Shared by the tests and by
scripts/bench_hostile.py, which measures time and peak memory on them."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path


def docx_bomb(path: Path, xml_bytes: int = 50_000_000) -> None:
    """A .docx (~80 KB) whose document.xml is ``xml_bytes`` of empty paragraphs."""
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("空段落")
    document.save(buffer)
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    tail = b"</w:body></w:document>"
    para = b"<w:p/>"
    body = para * ((xml_bytes - len(head) - len(tail)) // len(para))
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for item in src.infolist():
            data = head + body + tail if item.filename == "word/document.xml" else src.read(item.filename)
            out.writestr(item.filename, data)


def pdf_repeating_one_page(path: Path, times: int = 31_000, text: str = "Speech on flood control") -> None:
    """A PDF whose page list names the same page object ``times`` times."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    kids = b" ".join([b"3 0 R"] * times)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(times).encode() + b" >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    write_pdf(path, objects)


def huge_text(path: Path, size: int = 200_000_000) -> None:
    """A text file of ``size`` bytes of real Chinese sentences, written a block at a time."""
    line = "各地各部门要提高政治站位，压实工作责任，确保各项措施落到实处。\n".encode("utf-8")
    block = line * (1_000_000 // len(line))
    with open(path, "wb") as f:
        written = 0
        while written < size:
            f.write(block[: size - written])
            written += len(block)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_numbering_bomb(path: Path, paragraphs: int = 10, fmt: str = "upperLetter", start: str = "2600000000",
                        lvl_text: str = "%1、") -> None:
    """A small .docx whose list numbering, written out naively, is gigabytes:
    each of ``paragraphs`` numbered paragraphs shows number ``start`` (plus
    its place) in ``fmt`` through ``lvl_text``. Three variants from the
    review: upperLetter at 2.6e9 (100 million letters a marker), lvlText
    "%1" × 50,000 with a 4,000-digit start, lowerRoman at 3e9."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    lvl_text_xml = lvl_text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    numbering = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{_W}">'
                 f'<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{lvl_text_xml}"/></w:lvl></w:abstractNum>'
                 f'<w:num w:numId="9"><w:abstractNumId w:val="7"/></w:num></w:numbering>').encode()
    para = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="9"/></w:numPr></w:pPr>'
            '<w:r><w:t>要加强组织领导，压实工作责任。</w:t></w:r></w:p>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
                '<w:p><w:r><w:t>关于列表编号的讲话</w:t></w:r></w:p>'
                + para * paragraphs + '</w:body></w:document>').encode()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for item in src.infolist():
            data = {"word/document.xml": document, "word/numbering.xml": numbering}.get(item.filename)
            out.writestr(item.filename, data if data is not None else src.read(item.filename))


def pdf_nested_forms(path: Path, fanout: int = 40, depth: int = 3, leaf_ops: int = 20_000,
                     text: str = "Speech on flood control") -> None:
    """A PDF of a few KB whose one page draws a form that draws a form …
    ``fanout`` times at each of ``depth`` levels, the last one ``leaf_ops``
    text operations packed small: hundreds of millions of operations to
    extract from a single page (pypdf stops at 5,000 form invocations, which
    still leaves 100 million)."""
    import zlib

    leaf = zlib.compress(b"BT /F1 12 Tf 72 720 Td " + f"({text}) Tj ".encode("latin-1") * leaf_ops + b"ET", 9)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>",
                            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]

    def stream(body: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length " + str(len(body)).encode() + extra + b" >>\nstream\n" + body + b"\nendstream"

    font = b" /Resources << /Font << /F1 4 0 R >>"
    # object 5 is the leaf form; each further one draws the one before ``fanout`` times
    objects.append(stream(leaf, b" /Filter /FlateDecode /Type /XObject /Subtype /Form /BBox [0 0 612 792]"
                                + font + b" >>"))
    for level in range(1, depth):
        child = len(objects)  # the object number of the previous form (1-based)
        body = b" ".join([b"/X Do"] * fanout)
        objects.append(stream(body, b" /Type /XObject /Subtype /Form /BBox [0 0 612 792]" + font +
                              b" /XObject << /X " + str(child).encode() + b" 0 R >> >>"))
    top = len(objects)
    objects.append(stream(b" ".join([b"/X Do"] * fanout)))
    objects[2] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents " + str(top + 1).encode()
                  + b" 0 R" + font + b" /XObject << /X " + str(top).encode() + b" 0 R >> >> >>")
    write_pdf(path, objects)


def write_pdf(path: Path, objects: list[bytes]) -> None:
    """A PDF of these numbered objects (1 is the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
