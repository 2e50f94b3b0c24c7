"""A PDF's text layer read by PDFium (pypdfium2), in a child process that can be stopped.

PDFium reads a long designed PDF's text some thirty times faster than pypdf (a 230-page
handbook: about 1.3 s against 46 s, most of the reading time limit, cut short on
a busy machine), and keeps figures and Latin words inside their line where
pypdf sets each on a line of its own (`2004` / `年获得…` / `Telfort`). But a
call into PDFium cannot be interrupted: one page of forms drawn inside forms
keeps it busy for minutes. So the pages are read by a child process
(qa/ingest/pdfium_child.py) that sends each page as it is read, and is killed
at the reading's time limit; the pages read by then are kept.
"""
from __future__ import annotations

import importlib.util
import json
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

from qa.ingest.limits import Reading

CHILD = Path(__file__).with_name("pdfium_child.py")
# False reads every text layer with pypdf in this process (the unit tests start no process)
USE_CHILD = True
# Control characters PDFium writes for soft hyphens and unmapped glyphs; its line ends are \r\n
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class TextLayerUnavailable(Exception):
    """PDFium could not be used (not installed, no child process, or a file PDFium does
    not open): the caller reads the text layer with pypdf instead."""


def read_pages(data: bytes, wanted: list[int], reading: Reading) -> tuple[list[tuple[int, str | None]], int | None]:
    """(0-based page index, text) of the pages in ``wanted`` read by PDFium, in order,
    and the index of the page the time limit stopped it inside (None when it did not).

    A page PDFium cannot read comes back with ``None``, for the caller to read otherwise.
    Reading stops once the text passes the reading's character limit."""
    if not USE_CHILD:
        raise TextLayerUnavailable("child processes are off")
    if importlib.util.find_spec("pypdfium2") is None:  # (looked for, not loaded: the child loads it)
        raise TextLayerUnavailable("pypdfium2 is not installed")
    if not wanted:
        return [], None
    try:
        child = subprocess.Popen([sys.executable, "-I", str(CHILD)], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError as exc:  # no processes here (a sandbox), or no interpreter to start
        raise TextLayerUnavailable(f"no child process ({exc.__class__.__name__})") from exc
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_feed, args=(child, wanted, data), daemon=True).start()
    threading.Thread(target=_collect, args=(child, lines), daemon=True).start()
    pages: list[tuple[int, str | None]] = []
    chars, stopped = 0, None
    try:
        while len(pages) < len(wanted):
            left = reading.limits.max_seconds - reading.elapsed()
            try:
                line = lines.get(timeout=max(left, 0))
            except queue.Empty:
                stopped = wanted[len(pages)]
                break
            if line is None:  # the child ended early (PDFium crashed on this file)
                if not pages:
                    raise TextLayerUnavailable("the PDFium reader stopped")
                stopped = wanted[len(pages)]
                break
            message = json.loads(line)
            if message == "unopenable":
                raise TextLayerUnavailable("PDFium does not open this file")
            index, text = message
            pages.append((index, _clean(text) if text is not None else None))
            chars += len(text or "")
            if chars > reading.limits.max_chars:
                break  # scan_documents cuts it and says so
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=10)
        for pipe in (child.stdin, child.stdout):
            try:
                pipe.close()
            except (OSError, ValueError):  # (the feeding thread's write may have failed on it)
                pass
    return pages, stopped


def _feed(child: subprocess.Popen, wanted: list[int], data: bytes) -> None:
    try:
        child.stdin.write(json.dumps(wanted).encode() + b"\n")
        child.stdin.write(data)
        child.stdin.close()
    except (OSError, ValueError):  # the child was killed or died before it read everything
        pass


def _collect(child: subprocess.Popen, lines: queue.Queue) -> None:
    """Each line the child writes, then None at its end."""
    try:
        for line in child.stdout:
            lines.put(line)
    except (OSError, ValueError):
        pass
    lines.put(None)


def _clean(text: str) -> str:
    return _UNWANTED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
