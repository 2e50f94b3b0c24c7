"""A question's words that name its document (in its title, and in few of its passages) say
which document, not which passage.

"深圳市智造产业联盟的宗旨是什么？": all but 宗旨 is the charter's name, which only its first article
repeats (第一条 联盟名称为深圳市智造产业联盟), so that article would win on the name alone. Here half of
what such words score counts the same for every candidate passage of that document (all get half
the name's best score there, so it still tells this document from others), and the sentence
scorer credits them to every sentence of it. A title word most of its passages use (绩效考核 in
a 绩效考核 意见) is its topic and keeps counting passage by passage.

On the dense side the named document's passages are scored by the question without the name
(the embedder otherwise finds a short passage that is mostly the name nearest to a question that is
mostly the name), shifted so that the document's best keeps its place among the others.
"""
from __future__ import annotations

import numpy as np

from qa.indexing.stores.base import Where
from qa.indexing.tokenizer import TOKENIZER
from qa.search.candidates import CANDIDATES, Candidates
from qa.simplified import to_simplified

# A title word held by fewer than this share of its document's passages names the document.
NAMING_SHARE = 0.2
# The documents whose names are evened out, per question (each is one more keyword search).
MAX_NAMED_DOCUMENTS = 3
# The share of the name's score that is evened out: all of it took a dated head's own words from
# questions about the head (哪天开的); half, chosen on the development halves.
EVEN_SHARE = 0.5


def naming_words(title: str, texts: list[str]) -> frozenset[str]:
    """The keyword tokens of ``title`` that fewer than NAMING_SHARE of ``texts`` (its passages) hold."""
    if not title or not texts:
        return frozenset()
    cut = [to_simplified(t).lower() for t in texts]
    return frozenset(t for t in dict.fromkeys(TOKENIZER.keywords(title))
                     if sum(t in text for text in cut) < NAMING_SHARE * len(cut))


def even_naming_words(found: Candidates, structure, store, where: Where | None) -> np.ndarray:
    """The candidates' keyword scores with the words naming each document counted evenly over its passages."""
    passages = structure.index.passages
    at_of: dict[tuple[str, int], list[int]] = {}
    for i, row in enumerate(found.rows):
        p = passages[int(row)]
        at_of.setdefault((p.file, p.speech), []).append(i)
    lexical = found.lexical.copy()
    # the documents with the most keyword weight first: where a question names one, it is among them
    done = 0
    for key in sorted(at_of, key=lambda key: -float(found.lexical[at_of[key]].max())):
        if done >= MAX_NAMED_DOCUMENTS:
            break
        named = [t for t in found.tokens if t in structure.naming_words(*key)]
        if not named:
            continue
        done += 1
        at = at_of[key]
        rows = found.rows[at]
        got_rows, got = store.keyword(" ".join(named), named, {t: found.weights.get(t, 1.0) for t in named},
                                      CANDIDATES, where, also=rows)
        part = dict(zip(got_rows.tolist(), got.tolist()))
        named_part = np.array([part.get(int(r), 0.0) for r in rows], dtype=np.float32)
        if named_part.any():
            lexical[at] = np.maximum(0.0, found.lexical[at] - EVEN_SHARE * named_part) + EVEN_SHARE * named_part.max()
    return lexical


NAME_SPAN = 4  # characters in a row a document's naming words must cover to count as its name


def without_names(text: str, structure, keys) -> tuple[str, tuple[str, int]] | None:
    """(``text`` without the longest run of characters whose every pair is a naming word of one
    document, that document), or None where no run is NAME_SPAN long (深圳市智造产业联盟 of
    深圳市智造产业联盟的宗旨是什么 → 的宗旨是什么, the charter)."""
    best, named = (0, 0), None
    pairs = [to_simplified(text[i:i + 2]).lower() for i in range(len(text) - 1)]
    for key in keys:
        names = structure.naming_words(*key)
        if not names:
            continue
        start = None
        for i in range(len(text)):
            inside = i < len(pairs) and pairs[i] in names
            if inside and start is None:
                start = i
            elif not inside and start is not None:
                if i + 1 - start > best[1] - best[0]:  # (the last pair's second character ends it)
                    best, named = (start, i + 1), key
                start = None
    rest = (text[:best[0]] + text[best[1]:]).strip()
    return (rest, named) if best[1] - best[0] >= NAME_SPAN and len(rest) >= 2 else None


def even_naming_dense(found: Candidates, bare_rows: np.ndarray, bare_scores: np.ndarray, rows_of_named) -> np.ndarray:
    """The candidates' dense scores, those of the named document's passages taken from the question
    without its name (``bare_rows``/``bare_scores``: that document's dense search) and shifted so that
    its best stays where the whole question put it: the name still tells this document from the
    others, while its passages compete on what is asked of it."""
    dense = found.dense.copy()
    bare = dict(zip(bare_rows.tolist(), bare_scores.tolist()))
    at = [i for i, r in enumerate(found.rows.tolist()) if r in rows_of_named and r in bare]
    if not at:
        return dense
    shift = float(found.dense[at].max()) - max(bare[int(found.rows[i])] for i in at)
    for i in at:
        dense[i] = bare[int(found.rows[i])] + shift
    return dense
