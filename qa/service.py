"""One loaded index + embedder + searcher, shared by the CLI and the app.

It notices a rebuilt index (the CURRENT pointer changed) and swaps to it;
if the new build cannot be loaded, it keeps serving the one it has.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from . import config, store
from .answer import covered_topics
from .embedding import Embedder, load_embedder
from .search import Searcher, SearchResult

log = logging.getLogger(__name__)


class QAService:
    def __init__(self, index_dir: Path | None = None, embedder: Embedder | None = None,
                 synonyms_path: Path | None = None) -> None:
        self.index_dir = Path(index_dir or config.index_dir())
        self._embedder = embedder
        self._synonyms = synonyms_path
        self._lock = threading.Lock()
        self.searcher: Searcher | None = None
        self.build_name: str | None = None
        self.last_error: str = ""
        self._failed: str | None = None  # a build name that could not be loaded
        self.topics: list[str] = []

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder()
        return self._embedder

    def _pointer(self) -> str | None:
        return store.read_pointer(self.index_dir)

    def load(self) -> Searcher:
        """Load (or reload) the current build; raises IndexError_/EmbedderError."""
        with self._lock:
            return self._load_locked()

    def _load_locked(self) -> Searcher:
        name = self._pointer()
        if self.searcher is not None and name == self.build_name:
            return self.searcher
        index = store.load_index(self.index_dir)
        store.check_embedder(self.index_dir, index.folder, index.manifest, self.embedder.id)
        searcher = Searcher(index, self.embedder, self._synonyms)
        # One assignment swaps the searcher: a request holds whichever it took.
        self.searcher, self.build_name = searcher, index.folder.name
        self.topics = covered_topics(index.passages)
        self.last_error, self._failed = "", None
        log.info("loaded index build %s (%d passages)", index.folder.name, len(index.passages))
        return searcher

    def current(self) -> Searcher:
        """The searcher to use now: a newer build if one loads, else the old one.

        One request loads a rebuilt index while the others go on with the
        searcher they have; a build that failed to load is not retried until
        CURRENT changes again.
        """
        searcher = self.searcher
        if searcher is None:
            return self.load()
        name = self._pointer()
        if name in (self.build_name, self._failed) or name is None:
            return searcher
        if not self._lock.acquire(blocking=False):
            return searcher  # another request is loading it
        try:
            return self._load_locked()
        except Exception as exc:  # a bad rebuild must not take the service down
            self._failed = name
            self.last_error = f"新索引加载失败，继续使用原索引：{exc}"
            log.warning("reload failed, keeping build %s: %s", self.build_name, exc)
            return searcher
        finally:
            self._lock.release()

    def ask(self, question: str, k: int = 5, speech: int | None = None,
            history: list[str] | None = None, file: str | None = None) -> SearchResult:
        return self.current().search(question, k=k, speech=speech, history=history, file=file)
