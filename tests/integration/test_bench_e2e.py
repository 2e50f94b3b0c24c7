"""scripts/bench.py cannot rot, and the scale-dependent index structures hold.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_bench.py."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "scripts" / "bench.py"


def test_bench_smoke_run_writes_the_table(tmp_path):
    out = tmp_path / "benchmarks.md"
    run = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "200", "--fake-embedder", "--hnsw-threshold", "100",
         "--out", str(out), "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    for column in ("build passages/s", "embedder raw passages/s", "build ÷ raw", "peak RSS build MiB",
                   "index on disk MiB", "query p50 ms", "query p95 ms", "embed query p95 ms",
                   "HNSW recall@10", "peak RSS serving MiB"):
        assert column in text
    build_rows = [l for l in text.splitlines() if re.match(r"\| \d[\d,]* \| \d+ \| fake \|", l)]
    assert len(build_rows) == 1
    passages = int(build_rows[0].split("|")[1].replace(",", ""))
    assert 200 <= passages < 260  # about the size asked for
    query_row = next(l for l in text.splitlines() if re.match(rf"\| {passages} \| HNSW \|", l))
    recall = float(query_row.split("|")[10].split()[0])
    assert 0.9 <= recall <= 1.0
    assert "## Targets" in text and "peak memory" in text
