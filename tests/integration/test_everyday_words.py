"""The shipped synonym list (data/synonyms.txt) carries everyday words to the words documents use,
beyond the epidemic speeches it started with: 洗澡 → 洗浴/热水, 回国 → 入境, 找工作 → 就业 —
on a real index built from text that never writes the asker's words."""
from __future__ import annotations

import pytest

from qa.settings import DEFAULT_SYNONYMS
from qa.search.query import analyze, load_synonyms
from qa.testing import HashEmbedder, tiny_index

FILLER = "各单位要提高认识，压实责任，确保各项要求落到实处。"
SUMMARY = ("后勤保障工作总结\n一是保障公寓服务。留校学生集中居住到松苑二号楼。" + FILLER + "\n"
           "二是保障浴室运行。浴室实行错峰延时供应热水。" + FILLER + "\n"
           "三是保障就业服务。为毕业生提供线上求职指导。" + FILLER + "\n"
           "四是严格入境管理。入境人员须完成十四天集中隔离。" + FILLER + "\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("everyday"), {"summary.txt": SUMMARY}, HashEmbedder())


@pytest.mark.parametrize("everyday, official", [("洗澡", "洗浴"), ("回国", "入境"), ("找工作", "就业"),
                                                ("吃饭", "就餐")])
def test_the_list_carries_everyday_words(everyday, official):
    synonyms = load_synonyms(DEFAULT_SYNONYMS)
    assert official in analyze(f"{everyday}怎么安排？", synonyms).expansions


@pytest.mark.parametrize("question, said", [("学校里洗澡怎么安排？", "错峰延时供应热水"),
                                            ("回国的人要隔离几天？", "十四天集中隔离"),
                                            ("毕业生找工作有什么帮助？", "线上求职指导")])
def test_the_passage_in_official_words_comes_first(index, question, said):
    result = index.qa.ask(question)
    assert said in result.hits[0].passage.text
