"""Score a question set on any documents folder (``scripts/evaluate.py --docs``).

The index of the folder is built once into a cache folder (one per documents
folder, under ``artifacts/eval-index/``) and reused: a later run only embeds what
changed. Questions name the document their gold must come from in ``file``.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

HEADLINE = ("hit@1", "hit@5", "mrr@10", "first_sentence", "negatives_refused", "answerable_refused")


def cache_dir(docs: Path, root: Path) -> Path:
    """The index folder kept for ``docs`` under ``root``: named after the folder
    and a short hash of its absolute path, so two folders never share one."""
    docs = Path(docs).resolve()
    return Path(root) / f"{docs.name}-{hashlib.sha1(str(docs).encode()).hexdigest()[:10]}"


def index_for(docs: Path, root: Path, embedder=None, model: str | None = None, quiet: bool = True) -> Path:
    """Build (or bring up to date) the index of ``docs`` in its cache folder."""
    from qa.indexing.build import build_index
    from qa.indexing.embedding import load_embedder
    from qa.settings import DEFAULT_MODEL

    folder = cache_dir(docs, root)
    folder.parent.mkdir(parents=True, exist_ok=True)
    report = build_index(docs, folder, embedder or load_embedder(model or DEFAULT_MODEL), progress=not quiet)
    if not quiet:
        print(report.summary())
    return folder


def headline(retrieval: dict, answers: dict) -> dict:
    """The six numbers reported for a set: retrieval of the right passage of the
    right file, first answer sentence holding a gold phrase (answerable
    questions), negatives refused and answerable questions refused."""
    r = retrieval["metrics"]["all"]
    a = answers["metrics"]["all"]
    return {"n": r["n"], "hit@1": r.get("hit@1", 0.0), "hit@5": r.get("hit@5", 0.0),
            "mrr@10": r.get("mrr@10", 0.0), "first_sentence": a.get("first_sentence", 0.0),
            "negatives_refused": r.get("negatives_rejected", 0.0),
            "answerable_refused": r.get("wrongly_rejected", 0.0)}


def score(searcher, rows: list[dict]) -> dict:
    """Retrieval and answer reports plus the headline numbers for ``rows``."""
    from qa.search.evaluate import evaluate, evaluate_answers

    retrieval = evaluate(searcher, rows)
    answers = evaluate_answers(searcher, rows)
    return {"retrieval": retrieval, "answers": answers, "headline": headline(retrieval, answers)}
