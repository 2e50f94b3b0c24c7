"""A build folder on disk, and a build in memory (``Build``).

Layout of an index directory::

    CURRENT                 name of the build folder in use (swapped atomically)
    .build.lock             held while a build runs (see qa.indexing.build)
    builds/<stamp>/         one complete build:
        manifest.json       embedder, tokenizer, corpus hashes, counts, settings, build time (written last)
        passages.jsonl      one passage (text + citation fields) per line
        keys.jsonl          content hash of each passage (reuses vectors on rebuild)
        speeches.json       every speech's paragraphs (for context and outline)
        …                   the store's own files (qa/indexing/stores/: FAISS + bm25s files by
                            default; with --store milvus a local copy of the vectors and the token
                            counts, while the vectors and keyword index live in a Milvus collection)
    milvus.db/              the default milvus-lite database (when no URI was given)

The manifest records the SHA-256 and size of every other file and the
passage and speech counts; loading checks them all (qa.indexing.integrity).
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from qa.errors import EmbedderMismatch, IndexCorrupt, IndexMissing, StoreError
from qa.settings import rebuild_command
from qa.indexing import integrity, sentence_vectors
from qa.indexing.stores import WriteTarget, kind_of, store_class
from qa.indexing.stores.base import CorruptFile
from qa.indexing.tokenizer import TOKENIZER
from qa.ingest.directives import parse_directives
from qa.models import Directive, Passage, Speech

# 2: file checksums in the manifest, each distinct vector stored once (vector_groups.npy).
FORMAT_VERSION = 2
POINTER = "CURRENT"
REQUIRED = ("passages.jsonl", "speeches.json")  # besides the store's own files


@dataclass
class Build:
    """One build in memory. Never changed once loaded: a rebuild is a new
    Build, so whatever holds this one reads one consistent build.

    Each speech's directive tree is parsed once, the first time it is asked
    for, and kept with the build it belongs to (outline, structural search,
    the page's context all read it from here)."""

    folder: Path
    manifest: dict
    passages: list[Passage]
    speeches: list[Speech]
    store: "object"  # what the search retrieves from (qa.indexing.stores)
    sentences: sentence_vectors.SentenceVectors | None = None  # None: a build made before they were stored
    speech_lookup: dict = field(default_factory=dict)
    _trees: dict = field(default_factory=dict, repr=False)
    _rows: dict = field(default_factory=dict, repr=False)

    @property
    def index_dir(self) -> Path:
        """The index folder this build belongs to (index/builds/<name> → index)."""
        return self.folder.parent.parent

    @property
    def lexical(self):
        """Token document frequencies (``num_docs``, ``doc_freq``), whichever store holds the keywords."""
        return self.store.stats

    @cached_property
    def files(self) -> list[str]:
        return sorted({s.file for s in self.speeches})

    @cached_property
    def speech_numbers(self) -> set[int]:
        return {s.ordinal for s in self.speeches}

    @cached_property
    def speech_keys(self) -> set[tuple[str, int]]:
        return {(s.file, s.ordinal) for s in self.speeches}

    def check_embedder(self, embedder_id: str) -> None:
        check_embedder(self.index_dir, self.folder, self.manifest, embedder_id)

    def speech(self, file: str, ordinal: int) -> Speech | None:
        if not self.speech_lookup:
            self.speech_lookup = {(s.file, s.ordinal): s for s in self.speeches}
        return self.speech_lookup.get((file, ordinal))

    def directives(self, speech: Speech) -> list[Directive]:
        """The directive tree of one of this build's speeches."""
        key = (speech.file, speech.ordinal)
        tree = self._trees.get(key)  # several threads may ask: each gets a complete tree
        if tree is None:
            tree = self._trees[key] = parse_directives(speech)
        return tree

    def speech_rows(self, file: str, ordinal: int) -> list[int]:
        """Rows (in ``passages``) of one speech's passages, in order."""
        if not self._rows:
            rows: dict = {}
            for i, p in enumerate(self.passages):
                rows.setdefault((p.file, p.speech), []).append(i)
            self._rows = rows
        return self._rows.get((file, ordinal), [])

    def outline(self) -> list[dict]:
        """The directive tree of every speech, as ``qa outline --json`` prints it."""
        return [{"file": s.file, "speech": s.ordinal, "title": s.title,
                 **{k: getattr(s, k, "") for k in SPEECH_FACTS},
                 "directives": [d.to_outline() for d in self.directives(s)]} for s in self.speeches]


# What a speech says about itself (qa.ingest.docmeta), in the outline; "" where not stated.
SPEECH_FACTS = ("doc_type", "speaker", "office", "date", "meeting")


def _missing(index_dir: Path, problem: str) -> IndexMissing:
    return IndexMissing(index_dir, problem, rebuild_command(index_dir))


def _corrupt(index_dir: Path, problem: str) -> IndexCorrupt:
    return IndexCorrupt(index_dir, problem, rebuild_command(index_dir))


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
        raise _missing(index_dir, f"no index in {index_dir} (missing {pointer.name})")
    name = read_pointer(index_dir)
    folder = index_dir / "builds" / (name or "")
    if not name or "/" in name or "\\" in name or name.startswith(".") or not folder.is_dir():
        raise _missing(index_dir, f"index build {folder} named by {pointer} is missing")
    return folder


def read_manifest(index_dir: Path, folder: Path | None = None) -> dict:
    """The manifest of the current build (or of ``folder``), checked to be one."""
    folder = folder or current_build(index_dir)
    path = folder / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        reason = "missing" if isinstance(exc, FileNotFoundError) else f"unreadable: {exc.__class__.__name__}"
        raise _corrupt(index_dir, f"index file {path} is {reason}") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("embedder"), dict):
        raise _corrupt(index_dir, f"index file {path} is not an index manifest")
    return manifest


def check_embedder(index_dir: Path, folder: Path, manifest: dict, embedder_id: str) -> None:
    """Refuse an index built with another embedder than the configured one:
    the one place that compares them."""
    built_with = manifest.get("embedder", {}).get("id")
    if built_with != embedder_id:
        raise EmbedderMismatch(index_dir, folder / "manifest.json", built_with, embedder_id,
                               rebuild_command(index_dir))


def write_build(folder: Path, manifest: dict, passages: list[Passage], speeches: list[Speech],
                vectors: np.ndarray, lexical, keys: list[str], target: WriteTarget,
                sentences: dict | None = None) -> dict:
    """Write one complete build into a new folder, the store's part through
    its class; the manifest goes last. Returns the manifest as written."""
    write_files(folder, passages, speeches, keys)
    if sentences is not None:
        sentence_vectors.write(folder, sentences)
    manifest = {**manifest, "tokenizer": TOKENIZER.describe()}
    manifest.update(store_class(target.choice.kind).write(folder, passages, vectors, lexical, target))
    write_manifest(folder, manifest)
    return manifest


def write_files(folder: Path, passages: list[Passage], speeches: list[Speech], keys: list[str]) -> None:
    """The passages, speeches and vector keys of a build (the store writes the rest)."""
    folder.mkdir(parents=True)
    with open(folder / "keys.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps({"key": k}) + "\n" for k in keys)
    with open(folder / "passages.jsonl", "w", encoding="utf-8") as out:
        for p in passages:
            out.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
    (folder / "speeches.json").write_text(
        json.dumps([s.to_dict() for s in speeches], ensure_ascii=False), encoding="utf-8")


def write_manifest(folder: Path, manifest: dict) -> None:
    """The SHA-256 and size of every file go in (checked at load), then the
    manifest is written last: a build folder without one is incomplete."""
    manifest = {**manifest, "files": integrity.file_records(folder)}
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


def load_build(index_dir: Path, embedder_id: str | None = None, token: str = "") -> Build:
    """Load the current build; any problem becomes an IndexProblem naming the file.

    With ``embedder_id``, an index built by another embedder is refused too;
    ``token`` is the store's credential (Milvus), never kept in the index.
    """
    index_dir = Path(index_dir)
    folder = current_build(index_dir)  # resolved once: a rebuild may swap CURRENT meanwhile
    manifest = read_manifest(index_dir, folder)
    check_format(index_dir, folder, manifest)
    if embedder_id is not None:
        check_embedder(index_dir, folder, manifest, embedder_id)
    check_tokenizer(index_dir, folder, manifest)
    try:
        kind = store_class(kind_of(manifest))
    except ValueError as exc:
        raise _corrupt(index_dir, f"index {folder / 'manifest.json'}: {exc}") from None
    for name in REQUIRED + kind.FILES:
        if not (folder / name).exists():
            raise _corrupt(index_dir, f"index file {folder / name} is missing")
    problem = integrity.mismatch(folder, manifest.get("files"))
    if problem:
        raise _corrupt(index_dir, problem)
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
        current = folder / sentence_vectors.FILE
        sentences = sentence_vectors.SentenceVectors.load(folder)
        if sentences is not None and sentences.passages() != len(passages):
            raise ValueError(f"sentences of {sentences.passages()} passages, not {len(passages)}")
    except Exception as exc:
        raise _corrupt(index_dir, f"index file {current} is corrupt ({_detail(exc)})") from exc
    known = {(s.file, s.ordinal) for s in speeches}
    stray = next((p for p in passages if (p.file, p.speech) not in known), None)
    if stray is not None:
        raise _corrupt(index_dir, f"index file {folder / 'passages.jsonl'} cites speech {stray.speech} of "
                                  f"{stray.file}, which {folder / 'speeches.json'} does not hold")
    if len(speeches) != manifest.get("speeches"):
        raise _corrupt(index_dir, f"index {folder} is inconsistent ({len(speeches)} speeches; its manifest says "
                                  f"{manifest.get('speeches')} speeches)")
    if manifest.get("passages") != len(passages):
        raise _corrupt(index_dir, f"index {folder} is inconsistent ({len(passages)} passages, manifest says "
                                  f"{manifest.get('passages')})")
    try:
        store = kind.load(index_dir, folder, manifest, passages, token)
    except CorruptFile as exc:
        raise _corrupt(index_dir, f"index file {exc.path} is corrupt ({_detail(exc.cause)})") from exc
    except StoreError as exc:
        raise _corrupt(index_dir, f"index {folder}: {exc}") from exc
    problem = store.inconsistency(folder, manifest)
    if problem:
        raise _corrupt(index_dir, problem)
    return Build(folder, manifest, passages, speeches, store, sentences)


def _detail(exc: BaseException) -> str:
    detail = str(exc) if isinstance(exc, (ValueError, TypeError)) and str(exc) else exc.__class__.__name__
    return detail.splitlines()[0]


def check_tokenizer(index_dir: Path, folder: Path, manifest: dict) -> None:
    """Refuse a build whose keyword index another tokenizer (or stop-word list) cut."""
    recorded = manifest.get("tokenizer")
    if recorded is not None and recorded != TOKENIZER.describe():
        raise _corrupt(index_dir, f"index {folder / 'manifest.json'} was cut by tokenizer {recorded}, "
                                  f"this version cuts questions with {TOKENIZER.describe()}")


def check_format(index_dir: Path, folder: Path, manifest: dict) -> None:
    """Refuse a build of another format, saying which."""
    found = manifest.get("format_version")
    if found == FORMAT_VERSION and type(found) is int:
        return
    what = (f"format {found}, this version reads format {FORMAT_VERSION}" if type(found) is int
            else f"no valid format version ({found!r}; this version reads format {FORMAT_VERSION})")
    raise _corrupt(index_dir, f"index {folder / 'manifest.json'} has {what}")


def _record(cls, record, path: Path, number: int):
    """One passage or speech from its JSON record, its fields' types checked."""
    if isinstance(record, str):
        record = json.loads(record)
    problem = integrity.record_problem(cls, record)
    if problem:
        raise ValueError(f"record {number}: {problem}")
    return cls(**record)
