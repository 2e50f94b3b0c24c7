"""Dify's external knowledge API (POST /retrieval) of a real app.py process on
127.0.0.1, on real indexes built with a tiny sentence-transformers model (so
the CLI answers from the same embedder): Dify's documented requests, the reply
checked field by field, its error codes, and the same passages as
`qa ask --json`. The mapping of metadata conditions and the scores are also
checked directly on a fake-embedder index.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_dify_e2e.py."""
from __future__ import annotations


import pytest

from tiny_model import FIRE, SPRING


# -- directly, on a fake-embedder index ---------------------------------------------------

def test_relevance_bands_follow_what_the_tool_cites():
    from qa.integrations.answers import relevance

    answered = {"answerable": True, "answer": {"sentences": [{"text": "…", "result": 2}]},
                "results": [{"score": 1.0}, {"score": 0.5}, {"score": 0.0}]}
    assert relevance(answered) == [0.49, 0.75, 0.25]
    assert relevance({**answered, "answerable": False}) == [0.24, 0.12, 0.0]
    assert relevance({"answerable": True, "answer": {"sentences": []}, "results": [{"score": 0.9}, {"score": 0.9}]}) \
        == [1.0, 0.49]
    assert relevance({"answerable": False, "results": []}) == []


def test_metadata_conditions_map_onto_the_filters(make_index):
    from qa.web.dify import DifyError, filters

    index = make_index({"fire.txt": FIRE, "spring.txt": SPRING}).qa
    assert filters([], "and", index) == {}
    assert filters([{"name": "file", "comparison_operator": "in", "value": ["spring"]},
                    {"name": ["speech"], "comparison_operator": "is", "value": "1"}], "and", index) == \
        {"file": "spring.txt", "speech": 1}
    assert filters([{"name": "文件", "comparison_operator": "is", "value": "fire.txt"}], "or", index) == \
        {"file": "fire.txt"}
    from qa.integrations.answers import filters as offered

    unmapped = [[{"name": name, "comparison_operator": "is", "value": value}]  # until the library filters by them
                for name, value in (("year", 2024), ("speaker", "张三")) if name not in offered(index)]
    for conditions in (*unmapped,
                       [{"name": "file", "comparison_operator": "in", "value": ["fire", "spring"]}],
                       [{"name": "speech", "comparison_operator": "is", "value": "第一篇"}],
                       [{"name": "file", "comparison_operator": "empty"}]):
        with pytest.raises(DifyError) as refused:
            filters(conditions, "and", index)
        assert refused.value.status == 400 and refused.value.code == 3002
