"""The index on disk: a folder of plainly named files plus a JSON manifest.

Layout of an index directory::

    CURRENT                 name of the build folder in use (swapped atomically)
    builds/<stamp>/         one complete build:
        manifest.json       embedder, corpus hashes, counts, settings, build time
        passages.jsonl      one passage (text + citation fields) per line
        keys.jsonl          content hash of each passage (reuses vectors on rebuild)
        speeches.json       every speech's paragraphs (for context and outline)
        vectors.faiss       L2-normalized passage vectors, inner-product index
        lexical/            the bm25s keyword index
"""
from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from .models import Passage, Speech
from .vectors import make_vector_index

FORMAT_VERSION = 1
POINTER = "CURRENT"


class IndexError_(Exception):
    """The index is missing, corrupt, or does not fit the configured embedder."""


def rebuild_hint(index_dir: Path) -> str:
    return f"rebuild it with: python scripts/build_index.py --index {index_dir}"


@dataclass
class LoadedIndex:
    folder: Path
    manifest: dict
    passages: list[Passage]
    speeches: list[Speech]
    vectors: faiss.Index
    lexical: "object"
    speech_lookup: dict = field(default_factory=dict)

    def speech(self, file: str, ordinal: int) -> Speech | None:
        if not self.speech_lookup:
            self.speech_lookup = {(s.file, s.ordinal): s for s in self.speeches}
        return self.speech_lookup.get((file, ordinal))


def current_build(index_dir: Path) -> Path:
    index_dir = Path(index_dir)
    pointer = index_dir / POINTER
    if not pointer.is_file():
        raise IndexError_(f"no index in {index_dir} (missing {pointer.name}); {rebuild_hint(index_dir)}")
    folder = index_dir / "builds" / pointer.read_text(encoding="utf-8").strip()
    if not folder.is_dir():
        raise IndexError_(f"index build {folder} named by {pointer} is missing; {rebuild_hint(index_dir)}")
    return folder


def read_manifest(index_dir: Path) -> dict:
    path = current_build(index_dir) / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexError_(f"index file {path} is unreadable ({exc}); {rebuild_hint(Path(index_dir))}") from exc


def write_build(folder: Path, manifest: dict, passages: list[Passage], speeches: list[Speech],
                vectors: np.ndarray, lexical, keys: list[str]) -> None:
    folder.mkdir(parents=True)
    with open(folder / "keys.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps({"key": k}) + "\n" for k in keys)
    with open(folder / "passages.jsonl", "w", encoding="utf-8") as out:
        for p in passages:
            out.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
    (folder / "speeches.json").write_text(
        json.dumps([s.__dict__ for s in speeches], ensure_ascii=False), encoding="utf-8")
    faiss.write_index(make_vector_index(vectors), str(folder / "vectors.faiss"))
    lexical.save(folder / "lexical")
    # The manifest is written last: a build folder without one is incomplete.
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def activate(index_dir: Path, build_name: str, keep: int = 2) -> None:
    """Point CURRENT at a finished build (atomic rename), then prune old builds."""
    tmp = index_dir / f".{POINTER}.tmp"
    tmp.write_text(build_name + "\n", encoding="utf-8")
    tmp.replace(index_dir / POINTER)
    builds = sorted((index_dir / "builds").iterdir(), key=lambda p: p.name)
    finished = [b for b in builds if b.name != build_name]
    # Keep the previous build a while: a process may still be loading it.
    for old in finished[: max(len(finished) - (keep - 1), 0)]:
        shutil.rmtree(old, ignore_errors=True)


def new_build_folder(index_dir: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 10**9:09d}"
    return Path(index_dir) / "builds" / stamp


def load_index(index_dir: Path) -> LoadedIndex:
    """Load the current build; any problem becomes an IndexError_ naming the file."""
    from .lexical import LexicalIndex

    index_dir = Path(index_dir)
    folder = current_build(index_dir)
    manifest = read_manifest(index_dir)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexError_(f"index {folder} has format {manifest.get('format_version')}, "
                          f"this version reads {FORMAT_VERSION}; {rebuild_hint(index_dir)}")
    current = None
    try:
        current = folder / "passages.jsonl"
        with open(current, encoding="utf-8") as f:
            passages = [Passage(**json.loads(line)) for line in f if line.strip()]
        current = folder / "speeches.json"
        speeches = [Speech(**s) for s in json.loads(current.read_text(encoding="utf-8"))]
        current = folder / "vectors.faiss"
        vectors = faiss.read_index(str(current))
        current = folder / "lexical"
        lexical = LexicalIndex.load(current)
    except Exception as exc:
        raise IndexError_(f"index file {current} is missing or corrupt ({exc.__class__.__name__}); "
                          f"{rebuild_hint(index_dir)}") from exc
    if vectors.ntotal != len(passages) or manifest.get("passages") != len(passages):
        raise IndexError_(f"index {folder} is inconsistent ({vectors.ntotal} vectors, {len(passages)} passages); "
                          f"{rebuild_hint(index_dir)}")
    return LoadedIndex(folder, manifest, passages, speeches, vectors, lexical)
