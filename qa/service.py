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
        self.topics: list[str] = []

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder()
        return self._embedder

    def _pointer(self) -> str | None:
        try:
            return (self.index_dir / store.POINTER).read_text(encoding="utf-8").strip()
        except OSError:
            return None

    def load(self) -> Searcher:
        """Load (or reload) the current build; raises IndexError_/EmbedderError."""
        with self._lock:
            name = self._pointer()
            if self.searcher is not None and name == self.build_name:
                return self.searcher
            index = store.load_index(self.index_dir)
            searcher = Searcher(index, self.embedder, self._synonyms)
            self.searcher, self.build_name = searcher, index.folder.name
            self.topics = covered_topics(index.passages)
            self.last_error = ""
            log.info("loaded index build %s (%d passages)", index.folder.name, len(index.passages))
            return searcher

    def current(self) -> Searcher:
        """The searcher to use now: a newer build if one loads, else the old one."""
        if self.searcher is None:
            return self.load()
        if self._pointer() != self.build_name:
            try:
                return self.load()
            except Exception as exc:  # a bad rebuild must not take the service down
                self.last_error = f"新索引加载失败，继续使用原索引：{exc}"
                log.warning("reload failed, keeping build %s: %s", self.build_name, exc)
        return self.searcher

    def ask(self, question: str, k: int = 5, speech: int | None = None,
            history: list[str] | None = None) -> SearchResult:
        return self.current().search(question, k=k, speech=speech, history=history)
