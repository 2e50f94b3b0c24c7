"""Index build: documents → passages → vectors + keyword index → atomic swap."""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np
from filelock import FileLock, Timeout

from . import store
from .corpus import Skipped, list_documents, load_speeches
from .directives import speech_passages
from .embedding import Embedder
from .lexical import LexicalIndex

log = logging.getLogger(__name__)
MAX_CHARS, MIN_CHARS = 300, 40


class BuildError(Exception):
    """The build could not run; the previous index is untouched."""


@dataclass
class BuildReport:
    index: str
    documents: int = 0
    speeches: int = 0
    passages: int = 0
    embedded: int = 0
    reused: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [
            f"index: {self.index}",
            f"documents: {self.documents} ({len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {len(self.unchanged)} unchanged, {len(self.skipped)} skipped)",
            f"speeches: {self.speeches}, passages: {self.passages} "
            f"({self.embedded} embedded, {self.reused} reused)",
        ]
        lines += [f"skipped {s.file}: {s.reason}" for s in self.skipped]
        lines.append(f"time: {self.seconds:.1f} s")
        return "\n".join(lines)


def file_hashes(docs_dir: Path) -> dict[str, str]:
    return {p.relative_to(docs_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in list_documents(docs_dir)}


def passage_key(embedder_id: str, text: str) -> str:
    return hashlib.sha1(f"{embedder_id}\n{text}".encode("utf-8")).hexdigest()


def _previous_vectors(index_dir: Path, embedder_id: str) -> tuple[dict, dict[str, np.ndarray]]:
    """Manifest and key→vector of the current build, to skip re-embedding."""
    try:
        folder = store.current_build(index_dir)
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("embedder", {}).get("id") != embedder_id:
            return manifest, {}
        keys = [json.loads(l)["key"] for l in open(folder / "keys.jsonl", encoding="utf-8")]
        index = faiss.read_index(str(folder / "vectors.faiss"))
        vectors = index.reconstruct_n(0, index.ntotal)
        return manifest, dict(zip(keys, vectors))
    except Exception:  # no usable previous build: embed everything
        return {}, {}


def build_index(docs_dir: Path, index_dir: Path, embedder: Embedder, full: bool = False,
                progress: bool = False) -> BuildReport:
    docs_dir, index_dir = Path(docs_dir), Path(index_dir)
    if not docs_dir.is_dir():
        raise BuildError(f"documents folder {docs_dir} does not exist")
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / ".build.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildError(f"another build of {index_dir} is running; wait for it to finish") from None
    try:
        return _build_locked(docs_dir, index_dir, embedder, full, progress)
    finally:
        lock.release()


def _build_locked(docs_dir: Path, index_dir: Path, embedder: Embedder, full: bool,
                  progress: bool) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport(index=str(index_dir))
    previous, cache = _previous_vectors(index_dir, embedder.id)
    if full:
        cache = {}
    hashes = file_hashes(docs_dir)
    speeches, report.skipped = load_speeches(docs_dir)
    old = previous.get("documents", {})
    for name, digest in hashes.items():
        bucket = report.unchanged if old.get(name) == digest else report.changed if name in old else report.added
        bucket.append(name)
    report.removed = sorted(set(old) - set(hashes))
    passages = [p for s in speeches for p in speech_passages(s, MAX_CHARS, MIN_CHARS)]
    if not passages:
        raise BuildError(f"no passages found in {docs_dir}; nothing to index")
    keys = [passage_key(embedder.id, p.search_text) for p in passages]
    missing = [i for i, k in enumerate(keys) if k not in cache]
    fresh = _embed(embedder, [passages[i].search_text for i in missing], progress)
    vectors = np.zeros((len(passages), embedder.dim), dtype=np.float32)
    for row, i in enumerate(missing):
        vectors[i] = fresh[row]
    for i, k in enumerate(keys):
        if k in cache:
            vectors[i] = cache[k]
    lexical = LexicalIndex.build(p.search_text for p in passages)
    manifest = {
        "format_version": store.FORMAT_VERSION,
        "embedder": {"id": embedder.id, "dim": embedder.dim},
        "documents": {k: v for k, v in hashes.items() if k not in {s.file for s in report.skipped}},
        "skipped": [s.__dict__ for s in report.skipped],
        "speeches": len(speeches),
        "passages": len(passages),
        "chunking": {"max_chars": MAX_CHARS, "min_chars": MIN_CHARS},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    folder = store.new_build_folder(index_dir)
    try:
        store.write_build(folder, manifest, passages, speeches, vectors, lexical, keys)
        store.activate(index_dir, folder.name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # the old build stays current
        raise
    report.documents = len(hashes)
    report.speeches, report.passages = len(speeches), len(passages)
    report.embedded, report.reused = len(missing), len(passages) - len(missing)
    report.seconds = time.perf_counter() - started
    return report


def _embed(embedder: Embedder, texts: list[str], progress: bool) -> np.ndarray:
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    if not progress:
        return embedder.embed_passages(texts)
    from tqdm import tqdm

    step = 64
    parts = []
    with tqdm(total=len(texts), desc="embedding", unit="passage") as bar:
        for i in range(0, len(texts), step):
            parts.append(embedder.embed_passages(texts[i : i + step]))
            bar.update(len(parts[-1]))
    return np.vstack(parts)
