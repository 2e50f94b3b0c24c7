#!/usr/bin/env python
"""What the index checks add to a load: load time with and without them.

    python scripts/bench_integrity.py [--index DIR] [--synthetic N] [--repeat 5] [--json]

Loads the index (--index, default $QA_INDEX or ./index) --repeat times with
every check (file sizes and SHA-256 against the manifest, record types,
counts) and as many times with the checksum pass left out, and reports the
medians, the bytes hashed and the hash rate. With --synthetic N it first
writes a build of N passages into a temporary folder: the passages of
--index repeated (each text made distinct), random 384-d unit vectors in an
exact index, and their real keyword index; that measures a large archive
without embedding it.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.indexing import build_folder as store, integrity  # noqa: E402
from qa.settings import Settings  # noqa: E402


def timed_loads(index: Path, repeat: int) -> tuple[float, float]:
    """Median load time with every check, and without the checksum pass
    (alternated, so that both see the same machine)."""
    real = integrity.mismatch
    times: dict[bool, list[float]] = {True: [], False: []}
    try:
        for _ in range(repeat):
            for checked in (True, False):
                integrity.mismatch = real if checked else (lambda *a, **k: None)
                started = time.perf_counter()
                store.load_build(index)
                times[checked].append(time.perf_counter() - started)
    finally:
        integrity.mismatch = real
    return statistics.median(times[True]), statistics.median(times[False])


def synthetic(source: Path, n: int, work: Path) -> Path:
    """A build of ``n`` passages made from the passages of ``source`` (see the module docstring)."""
    import faiss

    from qa.indexing import dense
    from qa.indexing.lexical import LexicalIndex
    from qa.indexing.stores import WriteTarget, faiss_files
    from qa.indexing.stores.choice import StoreChoice
    from qa.indexing.tokenizer import TOKENIZER
    from qa.models import Passage

    loaded = store.load_build(source)
    passages = []
    for i in range(n):
        p = loaded.passages[i % len(loaded.passages)]
        passages.append(Passage(**{**p.to_dict(), "text": f"{p.text}（{i}）"}))
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(n, loaded.store.vectors.d)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    def flat(v):  # distinct random vectors: no copies to find, exact search
        index = faiss.IndexFlatIP(v.shape[1])
        index.add(v)
        return dense.DenseIndex(index, np.arange(len(v)), {"kind": "exact"})

    faiss_files.build_dense_index = lambda v, threshold=None: flat(v)
    # The repeated texts are tokenized once each (jieba on every copy would take
    # most of the run); the number that makes each copy distinct is its own token.
    real_tokenize, seen = TOKENIZER.keywords, {}

    def tokenize(text: str) -> list[str]:
        base, _, number = text.rpartition("（")
        if base not in seen:
            seen[base] = real_tokenize(base)
        return seen[base] + [number.rstrip("）")]

    TOKENIZER.keywords = tokenize  # this object only; the class keeps the real one
    try:
        lexical = LexicalIndex.build(p.search_text for p in passages)
    finally:
        del TOKENIZER.keywords
    manifest = {**loaded.manifest, "passages": n}
    folder = work / "builds" / "synthetic"
    store.write_build(folder, manifest, passages, loaded.speeches, vectors, lexical, [""] * n,
                      WriteTarget(StoreChoice("faiss"), work, folder.name))
    store.activate(work, folder.name)
    return work


def measure(index: Path, repeat: int) -> dict:
    folder = store.current_build(index)
    records = store.read_manifest(index)["files"]
    hashed = sum(r["bytes"] for r in records.values())
    started = time.perf_counter()
    integrity.mismatch(folder, records)
    hash_s = time.perf_counter() - started
    with_checks, without = timed_loads(index, repeat)
    return {"index": str(index), "passages": len(store.load_build(index).passages),
            "bytes_hashed": hashed, "checks_s": round(hash_s, 4), "hash_mb_per_s": round(hashed / hash_s / 1e6, 1),
            "load_s": round(with_checks, 4), "load_without_checksums_s": round(without, 4),
            "extra_s": round(with_checks - without, 4),
            "extra_share": round((with_checks - without) / without, 3) if without else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--synthetic", type=int, default=0, help="also measure a generated build of N passages")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    index = args.index or Settings.load().index
    if not 1 <= args.repeat <= 50 or not 0 <= args.synthetic <= 1_000_000:
        parser.error("--repeat must be 1..50 and --synthetic 0..1000000")
    show(measure(index, args.repeat), args.json)
    if args.synthetic:
        work = Path(tempfile.mkdtemp(prefix="qa-integrity-"))
        try:
            show(measure(synthetic(index, args.synthetic, work), args.repeat), args.json)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def show(r: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(r), flush=True)
    else:
        print(f"{r['passages']} passages, {r['bytes_hashed'] / 2**20:.1f} MiB hashed: load {r['load_s']:.3f} s, "
              f"{r['load_without_checksums_s']:.3f} s without checksums ({r['extra_s']:+.3f} s, "
              f"{r['extra_share']:+.0%}); hashing alone {r['checks_s']:.3f} s ({r['hash_mb_per_s']:.0f} MB/s)",
              flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
