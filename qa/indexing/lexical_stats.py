"""Document frequencies of the keyword index's tokens, as a small file.

The no-answer decision (qa.search.relevance) weighs a question's words by how
rare they are in the archive. With the FAISS store it reads them from the bm25s
index; a Milvus build keeps only these counts locally, and retrieval goes to Milvus.
"""
from __future__ import annotations

import json
from pathlib import Path

FILE = "lexical_stats.json"


class LexicalStats:
    def __init__(self, num_docs: int, doc_freq: dict[str, int]) -> None:
        self.num_docs = int(num_docs)
        self._df = doc_freq

    @classmethod
    def of(cls, lexical) -> "LexicalStats":
        """The counts of a built qa.indexing.lexical.LexicalIndex."""
        return cls(lexical.num_docs, {t: lexical.doc_freq(t) for t in lexical.vocabulary()})

    def doc_freq(self, token: str) -> int:
        return self._df.get(token, 0)

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps({"num_docs": self.num_docs, "doc_freq": self._df}, ensure_ascii=False),
                              encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "LexicalStats":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["num_docs"], data["doc_freq"])
