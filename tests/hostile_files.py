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


def huge_text(path: Path, size: int = 200_000_000) -> None:
    """A text file of ``size`` bytes of real Chinese sentences, written a block at a time."""
    line = "各地各部门要提高政治站位，压实工作责任，确保各项措施落到实处。\n".encode("utf-8")
    block = line * (1_000_000 // len(line))
    with open(path, "wb") as f:
        written = 0
        while written < size:
            f.write(block[: size - written])
            written += len(block)
