"""A vector for each sentence of each passage, so that the answer sentence is
chosen by meaning as well as by shared words (家长怎么想的 finds 家长普遍反映…).

Written beside the passage vectors as ``sentences.npz``: the vectors (float16:
half the disk, and a cosine needs no more), and for each passage the range of
its sentences and where each starts in its text. A sentence whose text an
earlier build embedded is taken from it. A build without the file (made
before it existed) answers by words alone.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from qa.ingest.sentences import split_sentences

FILE = "sentences.npz"
BATCH = 64


def sentence_key(embedder_id: str, text: str) -> str:
    return hashlib.sha1(f"{embedder_id}\n{text}".encode("utf-8")).hexdigest()[:20]


def saved_vectors(folder: Path | None, embedder_id: str) -> dict[str, np.ndarray]:
    """key → vector of an earlier build's sentences ({} when it has none or they are unreadable)."""
    try:
        with np.load(Path(folder) / FILE) as data:
            if str(data["embedder"]) != embedder_id:
                return {}
            return dict(zip(data["keys"].tolist(), data["vectors"]))
    except Exception:  # no file, or one that cannot be read: embed again
        return {}


def embed_sentences(passages, embedder, cache: dict[str, np.ndarray],
                    progress=None) -> tuple[dict[str, np.ndarray], int]:
    """The arrays of ``sentences.npz`` for ``passages``, and how many texts were embedded new
    (``BATCH`` at a time, each once). ``progress(done, total)`` is told as they go."""
    starts, offsets, keys, texts = [], [0], [], []
    for p in passages:
        for s in split_sentences(p.text):
            starts.append(s.start)
            keys.append(sentence_key(embedder.id, s.text))
            texts.append(s.text)
        offsets.append(len(starts))
    vectors = np.zeros((len(keys), embedder.dim), dtype=np.float16)
    new: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key in cache:
            vectors[i] = cache[key]
        elif key not in new:
            new[key] = i
    todo = list(new.values())
    for n in range(0, len(todo), BATCH):
        batch = todo[n : n + BATCH]
        vectors[batch] = np.asarray(embedder.embed_passages([texts[i] for i in batch]), dtype=np.float32)
        if progress:
            progress(min(n + BATCH, len(todo)), len(todo))
    for i, key in enumerate(keys):
        if key in new and new[key] != i:
            vectors[i] = vectors[new[key]]
    arrays = {"vectors": vectors, "offsets": np.asarray(offsets, dtype=np.int64),
              "starts": np.asarray(starts, dtype=np.int32), "keys": np.asarray(keys),
              "embedder": np.asarray(embedder.id)}
    return arrays, len(new)


def write(folder: Path, arrays: dict[str, np.ndarray]) -> None:
    np.savez(Path(folder) / FILE, **arrays)


class SentenceVectors:
    """The sentence vectors of one build, read once when it loads."""

    def __init__(self, vectors: np.ndarray, offsets: np.ndarray, starts: np.ndarray) -> None:
        self.vectors, self.offsets, self.starts = vectors, offsets, starts

    @classmethod
    def load(cls, folder: Path) -> SentenceVectors | None:
        """None when the build has no such file; a file that cannot be read raises."""
        path = Path(folder) / FILE
        if not path.exists():
            return None
        with np.load(path) as data:
            out = cls(data["vectors"], data["offsets"], data["starts"])
        if len(out.starts) != len(out.vectors) or out.offsets[-1] != len(out.vectors):
            raise ValueError(f"{len(out.vectors)} vectors for {len(out.starts)} sentences")
        return out

    def passages(self) -> int:
        return len(self.offsets) - 1

    def cosines(self, row: int, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each sentence of passage ``row`` starts, and its cosine with ``vector``."""
        a, b = int(self.offsets[row]), int(self.offsets[row + 1])
        return self.starts[a:b], self.vectors[a:b].astype(np.float32) @ vector
