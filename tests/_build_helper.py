"""A build in its own process that stops half way, for the interruption and lock tests.

    python tests/_build_helper.py DOCS INDEX SIGNAL STAGE

STAGE is where it stops: ``embed`` (inside the embedder, the lock held and
nothing written yet), ``write`` (the new build folder half written, no
manifest yet) or ``milvus`` (rows inserted into the new Milvus collection,
not flushed, the alias not switched; the store comes from $QA_STORE and
$QA_MILVUS_URI). There it creates SIGNAL and waits until SIGNAL.go exists,
then finishes the build. Test-only: the fake embedder comes from qa.testing.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa.indexing.build import build_index  # noqa: E402
from qa.indexing.lexical import LexicalIndex  # noqa: E402
from qa.indexing.stores.choice import StoreChoice  # noqa: E402
from qa.testing import HashEmbedder  # noqa: E402


def pause(signal: Path) -> None:
    signal.write_text("paused", encoding="utf-8")
    go = signal.with_name(signal.name + ".go")
    deadline = time.monotonic() + 120
    while not go.exists():
        if time.monotonic() > deadline:
            sys.exit(3)
        time.sleep(0.05)


class PausingEmbedder(HashEmbedder):
    def __init__(self, signal: Path) -> None:
        self.signal = signal

    def embed_passages(self, texts):
        if not self.signal.exists():
            pause(self.signal)
        return super().embed_passages(texts)


def main() -> int:
    docs, index, signal, stage = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    if stage == "write":
        save = LexicalIndex.save

        def save_then_pause(self, folder):
            save(self, folder)
            pause(signal)

        LexicalIndex.save = save_then_pause
        embedder = HashEmbedder()
    elif stage == "milvus":
        from pymilvus import MilvusClient

        flush = MilvusClient.flush

        def pause_then_flush(self, *args, **kwargs):
            pause(signal)
            return flush(self, *args, **kwargs)

        MilvusClient.flush = pause_then_flush
        embedder = HashEmbedder()
    else:
        embedder = PausingEmbedder(signal)
    report = build_index(docs, index, embedder, store=_store_choice())
    print(report.summary())
    return 0


def _store_choice() -> StoreChoice:
    """--store and its kin as the CLI reads them: once, from the environment."""
    from qa.settings import Settings

    chosen = Settings.load()
    return StoreChoice.of(chosen.store, chosen.milvus_uri, chosen.milvus_token)


if __name__ == "__main__":
    raise SystemExit(main())
