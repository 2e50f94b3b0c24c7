"""scripts/bench_store.py cannot rot: a tiny run fills its section of the report
and leaves the rest of the report as it was."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("milvus_lite")

ROOT = Path(__file__).resolve().parents[2]


def test_bench_store_smoke_run_writes_its_section(tmp_path):
    out = tmp_path / "benchmarks.md"
    # an earlier run's section is replaced, not added to
    out.write_text("# Benchmarks\n\nscripts/bench.py's tables\n\n<!-- scripts/bench_store.py -->\nstale | 1 |\n",
                   encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_store.py"), "--sizes", "80",
                          "--fake-embedder", "--out", str(out), "--work", str(tmp_path / "work")],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "stale" not in text
    assert text.startswith("# Benchmarks\n\nscripts/bench.py's tables\n")
    assert text.count("<!-- scripts/bench_store.py -->") == 1 and "milvus-lite is not the server" in text
    rows = [line for line in text.splitlines() if re.match(r"\| \d", line)]
    assert [r.split("|")[3].strip() for r in rows] == ["FAISS + bm25s files", "milvus-lite (local .db)"]
    for row in rows:
        recall = float(row.split("|")[8])
        assert 0.9 <= recall <= 1.0  # the dense search of both stores finds the exact neighbours


def test_bad_sizes_are_one_clear_error():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_store.py"), "--sizes", "ten"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 2 and "--sizes" in run.stderr and "Traceback" not in run.stderr
