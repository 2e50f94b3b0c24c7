#!/usr/bin/env python
"""PDF reading benchmark: the text layer of a long PDF read by PDFium in its child
process (how the tool reads a PDF) against pypdf in this process (its fallback).

Prints a table of seconds per reading for PDFs made here with reportlab: the bundled
speeches printed again and again onto N pages, each line drawn in pieces, figures and
Latin words in a font of their own (as wkhtmltopdf and Word write them). Or pass your
own PDFs. Compare the ratio, not the seconds: the machine is shared.

    python scripts/bench_pdf.py [--pages 200] [--repeat 3] [PDF ...]
"""
from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.ingest import pdf_text_layer  # noqa: E402
from qa.ingest.limits import Limits, Reading  # noqa: E402
from qa.ingest.readers import _pdf_pages, read_pdf  # noqa: E402


def made_pdf(path: Path, pages: int) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "speeches").glob("*.txt")))
    lines = [l.strip()[i:i + 36] for l in text.splitlines() if l.strip() for i in range(0, len(l.strip()), 36)]
    c = canvas.Canvas(str(path))
    n = 0
    for page in range(pages):
        y = 800
        for _ in range(36):
            x = 50
            for piece in re.findall(r"[0-9A-Za-z.%]+|[^0-9A-Za-z.%]+", lines[n % len(lines)]):
                font = "Helvetica" if piece[0].isascii() else "STSong-Light"
                c.setFont(font, 12)
                c.drawString(x, y, piece)
                x += c.stringWidth(piece, font, 12)
            y -= 20
            n += 1
        c.setFont("Helvetica", 10)
        c.drawString(290, 40, str(page + 1))
        c.showPage()
    c.save()
    return path


def seconds(path: Path, child: bool, repeat: int) -> tuple[float, float, int]:
    """Median seconds of reading the text layer alone, and of the whole reading
    (tables and the rest included), and the characters read."""
    from pypdf import PdfReader

    pdf_text_layer.USE_CHILD = child
    layer, whole, chars = [], [], 0
    data = path.read_bytes()
    for _ in range(repeat):
        started = time.perf_counter()
        _pdf_pages(PdfReader(io.BytesIO(data)), data, Reading(path.name, Limits(max_seconds=3600)))
        layer.append(time.perf_counter() - started)
        started = time.perf_counter()
        chars = len(read_pdf(path, reading=Reading(path.name, Limits(max_seconds=3600))))
        whole.append(time.perf_counter() - started)
    return statistics.median(layer), statistics.median(whole), chars


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = args.pdfs or [made_pdf(Path(tmp) / f"speeches-{args.pages}-pages.pdf", args.pages)]
        print(f"{'PDF':36s} {'text layer: PDFium / pypdf':>30s} {'whole reading: PDFium / pypdf':>34s}")
        for pdf in pdfs:
            fast, fast_whole, fast_chars = seconds(pdf, True, args.repeat)
            slow, slow_whole, slow_chars = seconds(pdf, False, args.repeat)
            print(f"{pdf.name[:36]:36s} {fast:8.2f} s {slow:7.2f} s {slow / fast:6.1f}×"
                  f" {fast_whole:10.2f} s {slow_whole:7.2f} s {slow_whole / fast_whole:6.1f}×"
                  f"   ({fast_chars} / {slow_chars} characters)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
