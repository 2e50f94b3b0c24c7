"""OCR speed and accuracy: pages per second, and characters recognised correctly.

    python scripts/bench_ocr.py [--pages N]
    python scripts/bench_ocr.py --text SPEECH.txt [--chars 2500]

Prints a known speech (tests/scans/flood-speech.txt) onto A4 page images
at 150 dpi (a CJK font is needed: fonts-noto-cjk), wraps them into an
image-only PDF of N pages, and reads it as a build does (render with
pypdfium2, recognise, lay out). Reports pages per second, the share of
characters recognised correctly (1 − character error rate) against the
printed text, and then how long the cached rebuild takes. With ``--text``,
the first ``--chars`` characters of another speech are printed (as many
pages as they take) and its directive tree is compared too.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from qa.ingest.limits import Limits, Reading  # noqa: E402
from qa.ingest.readers import read_document  # noqa: E402
from scan_docs import char_accuracy, image_pdf, print_pages, speech_lines  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--text", type=Path, help="a UTF-8 speech to print instead of the test speech")
    parser.add_argument("--chars", type=int, default=2500)
    args = parser.parse_args(argv)
    if args.text:
        return other_text(args.text, args.chars)
    lines = speech_lines()
    page = print_pages(lines)[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pdf = image_pdf([page] * args.pages, tmp / "scan.pdf")
        limits = Limits(max_seconds=3600)
        from qa.ingest import ocr

        ocr.engine()  # the engine's start is paid once per process; not counted per page
        started = time.perf_counter()
        text = read_document(pdf, None, Reading(pdf.name, limits, cache_dir=tmp / "cache", digest="bench"))
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        read_document(pdf, None, Reading(pdf.name, limits, cache_dir=tmp / "cache", digest="bench"))
        cached = time.perf_counter() - started
    once = "\n".join(text.split("\n")[: len(text.split("\n")) // args.pages])
    accuracy = char_accuracy("\n".join(lines), once)
    print(f"cores: {os.cpu_count()}; pages: {args.pages}; {seconds:.1f} s → {args.pages / seconds:.3f} pages/s "
          f"({seconds / args.pages:.1f} s a page)")
    print(f"characters recognised correctly: {accuracy:.2%}")
    print(f"the same file again, from the OCR cache: {cached:.2f} s")
    return 0


def other_text(path: Path, chars: int) -> int:
    from qa.ingest.corpus import split_speeches
    from qa.ingest.directives import parse_directives

    lines, total = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and total <= chars:
            lines.append(line.strip())
            total += len(line.strip())
    pages = print_pages(lines)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = image_pdf(pages, Path(tmp) / "scan.pdf")
        started = time.perf_counter()
        text = read_document(pdf, None, Reading(pdf.name, Limits(max_seconds=3600)))
        seconds = time.perf_counter() - started
    source = "\n".join(lines)

    def tree(text: str) -> list:
        def walk(ds):
            return [(d.title, walk(d.children)) for d in ds]
        return walk(parse_directives(split_speeches(text, "x")[0]))

    print(f"{path.name}: {len(pages)} pages, {seconds / len(pages):.1f} s a page; characters recognised "
          f"correctly: {char_accuracy(source, text):.2%} of {len(''.join(source.split()))}; "
          f"directive tree as printed: {tree(source) == tree(text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
