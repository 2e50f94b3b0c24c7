"""Passage roles (qa/search/roles.py) on real documents: greetings, the reporting formula,
forwarding lines and transitions are told from content, and do not outrank it."""
from __future__ import annotations

import pytest

from qa.models import Passage
from qa.search.roles import CONTENT, FRAME, PREAMBLE, TRANSITION, classify, passage_role, role_factors
from tests.real_search_docs import real_index

DOCS = ("gov-work-report-2024.txt", "edu-bureau-annual-speech-2010.txt", "city-education-conference-bulletin-2019.txt")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return real_index(tmp_path_factory, *DOCS)


def roles_by_text(searcher):
    return {p.text: role for p, role in zip(searcher.build.passages, searcher.roles)}


def test_roles_are_read_from_the_real_passages(real):
    searcher = real.qa.pipeline
    roles = roles_by_text(searcher)
    preamble = [t for t, r in roles.items() if "我代表国务院，向大会报告政府工作" in t]
    assert preamble and all(roles[t] == PREAMBLE for t in preamble)
    forwarding = [t for t, r in roles.items() if "请大家认真学习马卫光书记和盛阅春市长" in t]
    assert forwarding and all(roles[t] == FRAME for t in forwarding)
    # most of a document is content
    assert sum(r == CONTENT for r in searcher.roles) > 0.9 * len(searcher.roles)


def test_sentence_kinds():
    assert classify("下面，我讲三方面内容，一是回顾；二是要求；三是重点。") == TRANSITION
    assert classify("同志们：") != CONTENT
    assert classify("谢谢大家！") != CONTENT
    assert classify("国内生产总值超过126万亿元，增长5.2%。") == CONTENT


def test_a_role_set_by_the_ingest_side_wins():
    p = Passage("国内生产总值超过126万亿元。", "a.txt", 1, "t", [], "", 1, 0, 14)
    assert passage_role(p) == CONTENT
    p.role = "frame"
    assert passage_role(p) == FRAME


def test_non_content_passages_fall_behind_unless_asked_about():
    import numpy as np

    roles = [CONTENT, FRAME, PREAMBLE]
    rows = np.array([0, 1, 2])
    content = role_factors(roles, rows, "教育投入增长了多少？")
    assert content[0] == 1.0 and content[1] < 1.0 and content[2] < 1.0
    asked = role_factors(roles, rows, "这份通报是哪个单位印发的？")
    assert asked[1] == 1.0


def test_a_content_question_is_not_answered_by_the_reporting_formula(real):
    result = real.qa.ask("政府工作报告中今年的主要预期目标是什么？", k=5)
    assert result.hits and roles_by_text(real.qa.pipeline)[result.hits[0].passage.text] == CONTENT
    assert "请予审议" not in result.hits[0].passage.text
