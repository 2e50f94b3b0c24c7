"""The FAISS-files store behind the store interface: the same candidates as
before the interface existed, and filters applied inside the search.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_stores.py."""
from __future__ import annotations


def test_the_faiss_store_needs_no_milvus_packages(tmp_path):
    """`make run` on the default store: build and ask with pymilvus and milvus-lite unimportable."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    script = f"""
import sys
sys.modules["pymilvus"] = None; sys.modules["milvus_lite"] = None  # any import of them fails
sys.path[:0] = [{str(root)!r}, {str(root / 'tests')!r}]
from pathlib import Path
from qa.testing import HashEmbedder
from sample_docs import FLOOD
from qa.indexing.build import build_index
from qa.testing import serving
docs, index = Path({str(tmp_path / 'docs')!r}), Path({str(tmp_path / 'index')!r})
docs.mkdir(); (docs / "flood.txt").write_text(FLOOD, encoding="utf-8")
build_index(docs, index, HashEmbedder())
print(serving(index, embedder=HashEmbedder()).ask("监测预警 雨情水情").hits[0].passage.file)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "flood.txt"
