"""Everyday words as search hints (`洗澡 ~ 洗浴 浴室 热水` in data/synonyms.txt): the words a hint
adds help find the passage written in official words, but they do not count as the material
saying what the asker's word says — on a real index built from text that never writes them."""
from __future__ import annotations

import pytest

from qa.search.query import analyze, load_synonyms
from qa.settings import DEFAULT_SYNONYMS
from qa.testing import HashEmbedder, tiny_index

FILLER = "各单位要提高认识，压实责任，确保各项要求落到实处。"
SUMMARY = ("后勤保障工作总结\n一是保障公寓服务。留校学生集中居住到松苑二号楼。" + FILLER + "\n"
           "二是保障浴室运行。浴室实行错峰延时供应热水。" + FILLER + "\n"
           "三是保障就业服务。为毕业生提供线上求职指导。" + FILLER + "\n"
           "四是严格入境管理。入境人员须完成十四天集中隔离。" + FILLER + "\n")


def test_a_hint_widens_the_search_and_is_no_synonym(tmp_path):
    table = tmp_path / "synonyms.txt"
    table.write_text("发烧 = 发热\n洗澡 ~ 洗浴 热水\n", encoding="utf-8")
    synonyms = load_synonyms(table)
    query = analyze("学校里洗澡怎么安排？发烧怎么办？", synonyms)
    assert {"洗浴", "热水", "发热"} <= set(query.expansions)
    assert "发烧" in query.synonyms and "洗澡" not in query.synonyms  # the hint covers nothing


@pytest.mark.parametrize("everyday, official", [("洗澡", "洗浴"), ("回国", "入境"), ("找工作", "就业")])
def test_the_shipped_list_carries_everyday_words_as_hints(everyday, official):
    query = analyze(f"{everyday}怎么安排？", load_synonyms(DEFAULT_SYNONYMS))
    assert official in query.expansions and everyday not in query.synonyms


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("hints"), {"summary.txt": SUMMARY}, HashEmbedder())


@pytest.mark.parametrize("question, said", [("学校里洗澡怎么安排？", "错峰延时供应热水"),
                                            ("回国的人要隔离几天？", "十四天集中隔离"),
                                            ("毕业生找工作有什么帮助？", "线上求职指导")])
def test_the_passage_in_official_words_comes_first(index, question, said):
    result = index.qa.ask(question)
    assert said in result.hits[0].passage.text


def test_a_hinted_word_is_not_covered_by_the_words_it_adds(tmp_path):
    """洗澡 ~ 洗浴: a passage on 洗浴 does not cover 洗澡 for the no-answer check; 发烧 = 发热 does."""
    from qa.search.coverage import _covers

    table = tmp_path / "synonyms.txt"
    table.write_text("发烧 = 发热\n洗澡 ~ 洗浴 热水\n", encoding="utf-8")
    query = analyze("洗澡和发烧怎么办？", load_synonyms(table))
    assert _covers("发烧", "发热病人到发热门诊就诊。", query)
    assert not _covers("洗澡", "浴室实行错峰延时供应热水，洗浴时间延长。", query)
