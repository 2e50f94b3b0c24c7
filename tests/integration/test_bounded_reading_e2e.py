"""Bounded work per document: Word list numbers, lvlText, the text limit while
text is produced, and time limits inside a .docx and inside a PDF page.

The hostile files are made here (tests/hostile_files.py); the build over the
numbering bomb runs in a fresh process whose peak memory is measured.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_bounded_reading.py."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


from hostile_files import docx_numbering_bomb

ROOT = Path(__file__).resolve().parents[2]


BUILD = """
import json, resource, sys, time
from pathlib import Path
from qa.indexing.build import build_index
from qa.testing import HashEmbedder
started = time.monotonic()
report = build_index(Path(sys.argv[1]), Path(sys.argv[2]), HashEmbedder())
print(json.dumps({"seconds": time.monotonic() - started, "added": sorted(report.added),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def test_a_build_over_the_numbering_bombs_is_quick_and_small(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    docx_numbering_bomb(docs / "letters.docx", paragraphs=20, fmt="upperLetter", start="2600000000")
    docx_numbering_bomb(docs / "digits.docx", paragraphs=10, fmt="decimal", start="7" * 4000,
                        lvl_text="%1" * 50_000)
    docx_numbering_bomb(docs / "roman.docx", paragraphs=10, fmt="lowerRoman", start="3000000000")
    (docs / "speech.txt").write_text("关于安全生产的讲话\n第一，要压实企业主体责任。\n", encoding="utf-8")
    # bounded whatever happens: the child's address space is capped (the old code took 3.86 GiB of
    # memory for ten such paragraphs), one thread per library so the cap fits any machine
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30));"
    threads = {v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    proc = subprocess.run([sys.executable, "-c", limit + BUILD, str(docs), str(tmp_path / "index")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**__import__("os").environ, **threads, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["added"] == ["digits.docx", "letters.docx", "roman.docx", "speech.txt"]
    assert out["seconds"] < 20, out
    assert out["peak_mib"] < 1024, out
