"""The index on disk: a folder of plainly named files plus a JSON manifest.

Layout of an index directory::

    CURRENT                 name of the build folder in use (swapped atomically)
    .build.lock             held while a build runs (see qa.indexing.build)
    builds/<stamp>/         one complete build:
        manifest.json       embedder, corpus hashes, counts, settings, build time (written last)
        passages.jsonl      one passage (text + citation fields) per line
        keys.jsonl          content hash of each passage (reuses vectors on rebuild)
        speeches.json       every speech's paragraphs (for context and outline)
        vectors.faiss       L2-normalized passage vectors (each distinct one once), inner-product index
        vector_groups.npy   for each passage, its stored vector in vectors.faiss
        lexical/            the bm25s keyword index

The manifest records the SHA-256 and size of every other file and the
passage and speech counts; loading checks them all (qa.indexing.integrity).
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.indexing import integrity
from qa.indexing.dense import DenseIndex, build_dense_index
from qa.models import Passage, Speech

# 2: file checksums in the manifest, each distinct vector stored once (vector_groups.npy).
FORMAT_VERSION = 2
POINTER = "CURRENT"
REQUIRED = ("passages.jsonl", "speeches.json", "vectors.faiss", "vector_groups.npy", "lexical")


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
    vectors: DenseIndex
    lexical: "object"
    speech_lookup: dict = field(default_factory=dict)

    def speech(self, file: str, ordinal: int) -> Speech | None:
        if not self.speech_lookup:
            self.speech_lookup = {(s.file, s.ordinal): s for s in self.speeches}
        return self.speech_lookup.get((file, ordinal))


def read_pointer(index_dir: Path) -> str | None:
    """The build name in CURRENT, or None when there is none."""
    try:
        return (Path(index_dir) / POINTER).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def current_build(index_dir: Path) -> Path:
    index_dir = Path(index_dir)
    pointer = index_dir / POINTER
    if not pointer.is_file():
        raise IndexError_(f"no index in {index_dir} (missing {pointer.name}); {rebuild_hint(index_dir)}")
    name = read_pointer(index_dir)
    folder = index_dir / "builds" / (name or "")
    if not name or "/" in name or "\\" in name or name.startswith(".") or not folder.is_dir():
        raise IndexError_(f"index build {folder} named by {pointer} is missing; {rebuild_hint(index_dir)}")
    return folder


def read_manifest(index_dir: Path, folder: Path | None = None) -> dict:
    """The manifest of the current build (or of ``folder``), checked to be one."""
    folder = folder or current_build(index_dir)
    path = folder / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        reason = "missing" if isinstance(exc, FileNotFoundError) else f"unreadable: {exc.__class__.__name__}"
        raise IndexError_(f"index file {path} is {reason}; {rebuild_hint(Path(index_dir))}") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("embedder"), dict):
        raise IndexError_(f"index file {path} is not an index manifest; {rebuild_hint(Path(index_dir))}")
    return manifest


def check_embedder(index_dir: Path, folder: Path, manifest: dict, embedder_id: str) -> None:
    """Refuse an index built with another embedder than the configured one."""
    built_with = manifest.get("embedder", {}).get("id")
    if built_with != embedder_id:
        raise IndexError_(f"index {folder / 'manifest.json'} was built with embedder '{built_with}', "
                          f"but '{embedder_id}' is configured; {rebuild_hint(Path(index_dir))} "
                          f"(with the same --model / QA_MODEL as here)")


def write_build(folder: Path, manifest: dict, passages: list[Passage], speeches: list[Speech],
                vectors: np.ndarray, lexical, keys: list[str]) -> None:
    """Write one complete build into a new folder; the manifest goes last."""
    folder.mkdir(parents=True)
    with open(folder / "keys.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps({"key": k}) + "\n" for k in keys)
    with open(folder / "passages.jsonl", "w", encoding="utf-8") as out:
        for p in passages:
            out.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
    (folder / "speeches.json").write_text(
        json.dumps([s.__dict__ for s in speeches], ensure_ascii=False), encoding="utf-8")
    dense = build_dense_index(vectors)
    dense.save(folder)
    lexical.save(folder / "lexical")
    manifest = {**manifest, "dense": dense.report, "files": integrity.file_records(folder)}
    # The manifest is written last: a build folder without one is incomplete.
    _write_synced(folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def activate(index_dir: Path, build_name: str) -> None:
    """Point CURRENT at a finished build (atomic rename), then prune.

    The build that was current until now is kept, for a process that may be
    loading it this very moment; every other folder goes.
    """
    index_dir = Path(index_dir)
    previous = read_pointer(index_dir)
    tmp = index_dir / f".{POINTER}.tmp"
    _write_synced(tmp, build_name + "\n")
    tmp.replace(index_dir / POINTER)
    _sync_dir(index_dir)
    remove_builds(index_dir, keep={build_name, previous})


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_builds(index_dir: Path, keep: set, incomplete_only: bool = False) -> list[str]:
    """Delete build folders not in ``keep`` (only unfinished ones if asked); their names."""
    builds = Path(index_dir) / "builds"
    if not builds.is_dir():
        return []
    removed = []
    for folder in sorted(builds.iterdir()):
        if folder.name in keep or (incomplete_only and (folder / "manifest.json").is_file()):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder.name)
    return removed


def new_build_folder(index_dir: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 10**9:09d}"
    return Path(index_dir) / "builds" / stamp


def load_index(index_dir: Path, embedder_id: str | None = None) -> LoadedIndex:
    """Load the current build; any problem becomes an IndexError_ naming the file.

    With ``embedder_id``, an index built by another embedder is refused too.
    """
    from qa.indexing.lexical import LexicalIndex

    index_dir = Path(index_dir)
    folder = current_build(index_dir)  # resolved once: a rebuild may swap CURRENT meanwhile
    manifest = read_manifest(index_dir, folder)
    check_format(index_dir, folder, manifest)
    if embedder_id is not None:
        check_embedder(index_dir, folder, manifest, embedder_id)
    for name in REQUIRED:
        if not (folder / name).exists():
            raise IndexError_(f"index file {folder / name} is missing; {rebuild_hint(index_dir)}")
    problem = integrity.mismatch(folder, manifest.get("files"))
    if problem:
        raise IndexError_(f"{problem}; {rebuild_hint(index_dir)}")
    current = None
    try:
        current = folder / "passages.jsonl"
        with open(current, encoding="utf-8") as f:
            passages = [_record(Passage, line, current, n) for n, line in enumerate(f, 1) if line.strip()]
        current = folder / "speeches.json"
        records = json.loads(current.read_text(encoding="utf-8"))
        if not isinstance(records, list):
            raise ValueError(f"expected a list of speeches, found {type(records).__name__}")
        speeches = [_record(Speech, record, current, n) for n, record in enumerate(records, 1)]
        current = folder / "vectors.faiss"
        vectors = DenseIndex.load(folder, manifest.get("dense"))
        current = folder / "lexical"
        lexical = LexicalIndex.load(current)
    except Exception as exc:
        detail = str(exc) if isinstance(exc, (ValueError, TypeError)) and str(exc) else exc.__class__.__name__
        raise IndexError_(f"index file {current} is corrupt ({detail.splitlines()[0]}); "
                          f"{rebuild_hint(index_dir)}") from exc
    counts = (len(passages), len(speeches), vectors.ntotal, lexical.num_docs)
    if (counts != (manifest.get("passages"), manifest.get("speeches"), len(passages), len(passages))
            or vectors.d != manifest["embedder"].get("dim", vectors.d)):
        raise IndexError_(f"index {folder} is inconsistent ({len(passages)} passages, {len(speeches)} speeches, "
                          f"{vectors.ntotal} vector rows, {lexical.num_docs} keyword rows; its manifest says "
                          f"{manifest.get('passages')} passages, {manifest.get('speeches')} speeches); "
                          f"{rebuild_hint(index_dir)}")
    known = {(s.file, s.ordinal) for s in speeches}
    stray = next((p for p in passages if (p.file, p.speech) not in known), None)
    if stray is not None:
        raise IndexError_(f"index file {folder / 'passages.jsonl'} cites speech {stray.speech} of {stray.file}, "
                          f"which {folder / 'speeches.json'} does not hold; {rebuild_hint(index_dir)}")
    return LoadedIndex(folder, manifest, passages, speeches, vectors, lexical)


def check_format(index_dir: Path, folder: Path, manifest: dict) -> None:
    """Refuse a build of another format, saying which."""
    found = manifest.get("format_version")
    if found == FORMAT_VERSION and type(found) is int:
        return
    what = (f"format {found}, this version reads format {FORMAT_VERSION}" if type(found) is int
            else f"no valid format version ({found!r}; this version reads format {FORMAT_VERSION})")
    raise IndexError_(f"index {folder / 'manifest.json'} has {what}; {rebuild_hint(Path(index_dir))}")


def _record(cls, record, path: Path, number: int):
    """One passage or speech from its JSON record, its fields' types checked."""
    if isinstance(record, str):
        record = json.loads(record)
    problem = integrity.record_problem(cls, record)
    if problem:
        raise ValueError(f"record {number}: {problem}")
    return cls(**record)
