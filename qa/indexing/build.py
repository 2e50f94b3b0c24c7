"""Index build: documents → passages → vectors + keyword index → atomic swap.

A rebuild is incremental: passage vectors are cached by a hash of the
embedder id and the passage text, so only new or edited passages are
embedded; when no document, setting or pipeline code changed at all, the
current build is kept as it is. The new build is written beside the old one
and CURRENT is switched to it only when it is complete, under a lock.
"""
from __future__ import annotations

import hashlib
import logging
import re
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
from filelock import FileLock, Timeout

from qa import config
from qa.errors import BuildFailed, DocumentUnreadable, IndexProblem, StoreError
from qa.indexing import build_folder, sentence_vectors
from qa.indexing.changes import compare_documents
from qa.ingest import ocr
from qa.ingest.limits import Limits
from qa.indexing.embedding import Embedder
from qa.indexing.lexical import LexicalIndex
from qa.ingest.corpus import Duplicate, Skipped, file_hashes, scan_documents
from qa.ingest.directives import MAX_CHARS, MIN_CHARS, speech_passages
from qa.indexing.stores import WriteTarget, kind_of, store_class
from qa.indexing.stores.choice import StoreChoice

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on itself at import
LOCK_NAME = ".build.lock"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
# The modules whose code decides what the passages and keyword index are: when
# one changes, an otherwise unchanged corpus is rebuilt (vectors still reused).
PIPELINE_MODULES = ("ingest/corpus", "ingest/files", "ingest/readers", "ingest/docx_text", "ingest/directives",
                    "ingest/layout", "ingest/parts", "ingest/roles", "ingest/docmeta", "ingest/html_text",
                    "ingest/convert", "ingest/limits",
                    "ingest/ocr", "ingest/ocr_layout", "ingest/scans", "ingest/ofd", "ingest/tables",
                    "ingest/pdf_tables", "ingest/sources", "ingest/zip_limits",
                    "numerals", "models", "indexing/lexical", "indexing/tokenizer", "indexing/dense",
                    "indexing/build", "indexing/build_folder", "indexing/sentence_vectors", "ingest/flat_tables",
                    "ingest/sentences", "ingest/shattered_lines", "ingest/heading_levels", "simplified",
                    "ingest/markdown_heads", "ingest/page_furniture", "ingest/page_numbers", "ingest/pdf_text_layer",
                    "ingest/pdfium_child", "ingest/run_on_faq", "ingest/transcript")
OCR_CACHE = "ocr-cache"  # pages recognised by OCR, by document content hash (qa/ingest/ocr.py)


def _reason(exc: BaseException) -> str:
    """An OS or FAISS error in a few words (FAISS puts a stack of C++ frames in its message)."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}" + (f" ({exc.filename})" if exc.filename else "")
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return exc.__class__.__name__
    return re.split(r"\bfailed: |\bError: ", lines[-1])[-1]




@dataclass
class BuildReport:
    index: str
    build: str = ""  # the build folder now current
    kept: bool = False  # nothing had changed: the current build was kept as it is
    documents: int = 0  # files found in the documents folder
    speeches: int = 0
    passages: int = 0
    embedded: int = 0
    reused: int = 0
    sentences_embedded: int = 0  # sentence vectors made new (qa.indexing.sentence_vectors)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)  # half-written builds left by an interrupted run
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        head = (f"index: {self.index} (nothing changed; build {self.build} kept)" if self.kept
                else f"index: {self.index} (build {self.build})")
        lines = [
            head,
            f"documents: {self.documents} ({len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {len(self.unchanged)} unchanged, {len(self.skipped)} skipped, "
            f"{len(self.duplicates)} duplicate)",
            f"speeches: {self.speeches}, passages: {self.passages} "
            f"({self.embedded} embedded, {self.reused} reused)",
        ]
        lines += [f"added {f}" for f in self.added]
        lines += [f"changed {f}" for f in self.changed]
        lines += [f"removed {f}" for f in self.removed]
        lines += [f"skipped {s.file}: {s.reason}" for s in self.skipped]
        lines += [f"duplicate {d.file}: same bytes as {d.same_as}, indexed once" for d in self.duplicates]
        if self.cleaned:
            lines.append(f"cleaned up {len(self.cleaned)} unfinished build folder(s) from an interrupted run")
        lines += [f"note: {n}" for n in self.notes]
        lines.append(f"time: {self.seconds:.1f} s")
        return "\n".join(lines)


def passage_key(embedder_id: str, text: str) -> str:
    return hashlib.sha1(f"{embedder_id}\n{text}".encode("utf-8")).hexdigest()


def pipeline_fingerprint(limits: Limits) -> str:
    """Code, chunking, limits (other limits read other text) and stop words of a build."""
    digest = hashlib.sha256(f"{MAX_CHARS}/{MIN_CHARS}/{limits}".encode())
    for name in PIPELINE_MODULES:
        digest.update((PACKAGE_ROOT / f"{name}.py").read_bytes())
    digest.update(config.data_file("stopwords.txt").read_bytes())  # the keyword index leaves these out
    return digest.hexdigest()[:16]


def build_index(docs_dir: Path, index_dir: Path, embedder: Embedder, full: bool = False,
                progress: bool | Callable[[int, int], None] = False,
                store: StoreChoice | None = None, limits: Limits | None = None) -> BuildReport:
    """Build or rebuild the index of ``docs_dir`` in ``index_dir``; one build at a time.

    ``store`` says where vectors and the keyword index go (default: where the
    current build has them, else FAISS + bm25s files; see qa.indexing.stores);
    ``limits`` bound the reading of each document. Raises BuildFailed when it
    cannot (the previous index stays in use). ``qa.build_index`` is the same
    with the embedder named and the settings read."""
    docs_dir, index_dir = Path(docs_dir), Path(index_dir)
    settings = store or StoreChoice("")  # no store asked for: stay where the index is
    limits = limits or Limits()
    if not docs_dir.is_dir():
        raise BuildFailed(f"documents folder {docs_dir} does not exist")
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / LOCK_NAME))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildFailed(f"another build of {index_dir} is running (it holds {index_dir / LOCK_NAME}); "
                         f"wait for it to finish, then run this again") from None
    try:
        return _build_locked(docs_dir, index_dir, embedder, full, progress, settings, limits)
    except StoreError as exc:
        raise BuildFailed(f"{exc}; the current index is unchanged") from exc
    finally:
        lock.release()


def _build_locked(docs_dir: Path, index_dir: Path, embedder: Embedder, full: bool,
                  progress, settings: StoreChoice, limits: Limits) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport(index=str(index_dir))
    # Under the lock nobody else is writing: a folder without a manifest is a leftover.
    report.cleaned = build_folder.remove_builds(index_dir, keep={build_folder.read_pointer(index_dir)},
                                                incomplete_only=True)
    folder, previous = _previous_build(index_dir)
    settings = settings.settled(previous)
    if (not full and settings.same_as(previous)
            and _nothing_changed(index_dir, previous, docs_dir, embedder, limits, settings.token)):
        return _kept(report, folder, previous, started)

    corpus = scan_documents(docs_dir, limits, index_dir / OCR_CACHE, progress=progress is True)
    ocr.prune(index_dir / OCR_CACHE, set(corpus.hashes.values()))
    _classify(report, corpus, previous.get("documents", {}))
    report.notes += corpus.notes
    passages = once_per_document(p for s in corpus.speeches for p in speech_passages(s, MAX_CHARS, MIN_CHARS))
    if not passages:
        raise BuildFailed(f"no passages found in {docs_dir} ({report.documents} files, "
                         f"{len(report.skipped)} skipped); the current index is unchanged")
    built_with = previous.get("embedder", {}).get("id")
    if built_with and built_with != embedder.id:
        report.notes.append(f"the previous index was built with '{built_with}'; "
                            f"every passage is embedded again with '{embedder.id}'")
    cache = {} if full else _cached_vectors(folder, previous, embedder)
    keys, vectors, fresh = _vectors(passages, embedder, cache, progress)
    sentences, sentences_embedded = _sentence_vectors(passages, embedder, None if full else folder, progress)
    lexical = LexicalIndex.build(p.search_text for p in passages)
    manifest = _manifest(corpus, embedder, len(passages), limits)
    new = build_folder.new_build_folder(index_dir)
    target = WriteTarget(settings, index_dir, new.name, previous)
    kind = store_class(settings.kind)
    try:
        manifest = build_folder.write_build(new, manifest, passages, corpus.speeches, vectors, lexical, keys, target,
                                            sentences)
    except (OSError, RuntimeError) as exc:  # disk full, no permission; FAISS reports them as RuntimeError
        shutil.rmtree(new, ignore_errors=True)
        raise BuildFailed(f"could not write the new index to {new}: {_reason(exc)}; "
                          f"the current index is unchanged") from exc
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise  # the old build (and the Milvus alias) stays current
    note = kind.publish(index_dir, manifest, target)  # e.g. a Milvus alias now names the new collection
    report.notes += [note] if note else []
    try:
        build_folder.activate(index_dir, new.name)
    except OSError as exc:
        raise BuildFailed(f"could not switch {index_dir / build_folder.POINTER} to the new build: {_reason(exc)}; "
                          f"the current index is unchanged") from exc
    kind.cleanup(index_dir, manifest, target)
    report.build = new.name
    report.speeches, report.passages = len(corpus.speeches), len(passages)
    report.embedded = sum(1 for k in keys if k in fresh)
    report.reused = len(passages) - report.embedded
    report.sentences_embedded = sentences_embedded
    report.seconds = time.perf_counter() - started
    return report


def once_per_document(passages) -> list:
    """The passages, each text once per speech: a page or section a file
    repeats (a PDF that names one page twice, a pasted block) is indexed once."""
    seen, out = set(), []
    for p in passages:
        key = (p.file, p.speech, p.text)  # another speech of a compilation may quote it: its own citation
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _vectors(passages, embedder: Embedder, cache: dict[str, np.ndarray],
             progress) -> tuple[list[str], np.ndarray, set[str]]:
    """Each passage's key and vector: from the cache, or embedded now (each new text once).

    Vectors go straight into one array, and texts are handed to the embedder
    a batch at a time, so a large archive never holds its text twice."""
    keys = [passage_key(embedder.id, p.search_text) for p in passages]
    vectors = np.empty((len(passages), embedder.dim), dtype=np.float32)
    first: dict[str, int] = {}  # new text → the row that embeds it
    for row, key in enumerate(keys):
        if key in cache:
            vectors[row] = cache[key]
        elif key not in first:
            first[key] = row
    cache.clear()
    _embed_rows(embedder, passages, list(first.values()), vectors, progress)
    for row, key in enumerate(keys):
        if key in first and first[key] != row:
            vectors[row] = vectors[first[key]]
    return keys, vectors, set(first)


def _manifest(corpus, embedder: Embedder, passages: int, limits: Limits) -> dict:
    skipped = {s.file for s in corpus.skipped}
    return {
        "format_version": build_folder.FORMAT_VERSION,
        "embedder": {"id": embedder.id, "dim": embedder.dim},
        "pipeline": pipeline_fingerprint(limits),
        # indexed files and their byte-identical copies; skipped ones are listed with their reason
        "documents": {f: h for f, h in corpus.hashes.items() if f not in skipped},
        "skipped": [{**asdict(s), "sha256": corpus.hashes.get(s.file)} for s in corpus.skipped],
        "duplicates": [asdict(d) for d in corpus.duplicates],
        "speeches": len(corpus.speeches),
        "passages": passages,
        "chunking": {"max_chars": MAX_CHARS, "min_chars": MIN_CHARS},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def _previous_build(index_dir: Path) -> tuple[Path | None, dict]:
    """The current build folder and its manifest, if there is a readable one."""
    try:
        folder = build_folder.current_build(index_dir)
        return folder, build_folder.read_manifest(index_dir, folder)
    except IndexProblem:
        return None, {}


def _all_files(manifest: dict) -> dict[str, str | None]:
    """Every file the build saw, skipped ones included, with its SHA-256."""
    files = dict(manifest.get("documents", {}))
    files.update({s["file"]: s.get("sha256") for s in manifest.get("skipped", [])})
    return files


def _nothing_changed(index_dir: Path, previous: dict, docs_dir: Path, embedder: Embedder, limits: Limits,
                     token: str) -> bool:
    """Same documents, embedder, settings and code as the current build, which loads."""
    if not previous:
        return False
    try:
        if file_hashes(docs_dir) != _all_files(previous):
            return False
    except DocumentUnreadable:  # an unreadable file: let the full scan report it
        return False
    if (previous.get("embedder") != {"id": embedder.id, "dim": embedder.dim}
            or previous.get("pipeline") != pipeline_fingerprint(limits)
            or previous.get("format_version") != build_folder.FORMAT_VERSION):
        return False
    try:
        build_folder.load_build(index_dir, embedder.id, token)
    except IndexProblem as exc:
        log.warning("rebuilding: %s", exc)
        return False
    return True


def _kept(report: BuildReport, folder: Path, manifest: dict, started: float) -> BuildReport:
    report.kept, report.build = True, folder.name
    report.documents = len(_all_files(manifest))
    report.skipped = [Skipped(s["file"], s["reason"]) for s in manifest.get("skipped", [])]
    report.duplicates = [Duplicate(**d) for d in manifest.get("duplicates", [])]
    other = {s.file for s in report.skipped} | {d.file for d in report.duplicates}
    report.unchanged = sorted(f for f in manifest["documents"] if f not in other)
    report.speeches, report.passages = manifest.get("speeches", 0), manifest.get("passages", 0)
    report.reused = report.passages
    report.seconds = time.perf_counter() - started
    return report


def _classify(report: BuildReport, corpus, old: dict[str, str]) -> None:
    report.documents = len(corpus.hashes) + sum(1 for s in corpus.skipped if s.file not in corpus.hashes)
    report.skipped, report.duplicates = list(corpus.skipped), list(corpus.duplicates)
    other = {s.file for s in corpus.skipped} | {d.file for d in corpus.duplicates}
    changes = compare_documents(old, corpus.hashes, other)
    report.added, report.changed, report.unchanged = changes.added, changes.changed, changes.unchanged
    report.removed = changes.removed


def _cached_vectors(folder: Path | None, manifest: dict, embedder: Embedder) -> dict[str, np.ndarray]:
    """key → vector of the current build, when it was made by the same embedder (and is intact)."""
    if folder is None or manifest.get("embedder") != {"id": embedder.id, "dim": embedder.dim}:
        return {}
    try:
        return store_class(kind_of(manifest)).saved_vectors(folder, manifest)
    except Exception as exc:  # no usable previous vectors: embed everything
        log.warning("not reusing vectors of %s: %s", folder, exc)
        return {}


def _sentence_vectors(passages, embedder: Embedder, previous: Path | None, progress) -> tuple[dict, int]:
    """The sentence vectors of a build (qa.indexing.sentence_vectors), those of ``previous`` reused,
    and how many were embedded new."""
    from tqdm import tqdm

    cache = sentence_vectors.saved_vectors(previous, embedder.id) if previous is not None else {}
    with tqdm(desc="sentences", unit="sentence", disable=progress is not True) as bar:
        def told(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)
            if callable(progress):
                progress(done, total)

        try:
            return sentence_vectors.embed_sentences(passages, embedder, cache, told)
        except Exception as exc:
            raise BuildFailed(f"the embedder '{embedder.id}' failed on sentences ({exc.__class__.__name__}: "
                              f"{exc}); the current index is unchanged") from exc


def _embed_rows(embedder: Embedder, passages, rows: list[int], vectors: np.ndarray, progress) -> None:
    """Embed the passages at ``rows`` into ``vectors``, 64 at a time, with a
    progress bar (``progress`` True) or calls of ``progress(done, total)``."""
    from tqdm import tqdm

    step = 64
    report = progress if callable(progress) else None  # a library caller's own progress display
    with tqdm(total=len(rows), desc="embedding", unit="passage", disable=progress is not True) as bar:
        for i in range(0, len(rows), step):
            batch = rows[i : i + step]
            try:
                part = np.asarray(embedder.embed_passages([passages[r].search_text for r in batch]),
                                  dtype=np.float32)
            except Exception as exc:
                raise BuildFailed(f"the embedder '{embedder.id}' failed ({exc.__class__.__name__}: {exc}); "
                                 f"the current index is unchanged") from exc
            if part.shape != (len(batch), embedder.dim):
                raise BuildFailed(f"the embedder '{embedder.id}' returned vectors of shape {part.shape}; "
                                 f"the current index is unchanged")
            vectors[batch] = part
            bar.update(len(batch))
            if report:
                report(min(i + step, len(rows)), len(rows))
