"""qa/search/highlight.py: what the page marks and names, decided on the search side."""
from __future__ import annotations

import pytest

from qa.search.highlight import directive_chain, telling_words, topic_question
from qa.search.query import analyze

TEXT = """第一篇：关于疫苗接种的讲话
同志们：
一、抓好疫苗接种。
（一）加快接种进度。各地要在月底前完成接种任务，做到应接尽接。
（二）做好宣传引导。要讲清疫苗接种的好处。
二、做好学校开学准备。学校要在开学前完成校园消毒。
"""


@pytest.mark.parametrize("title, question", [
    ("第五，要加快疫苗接种进度", "要加快疫苗接种进度"), ("三、加强疫情动态监测", "加强疫情动态监测"),
    ("（二）加强监测", "加强监测"), ("一是强化源头管理", "强化源头管理"), ("首先，做好准备", "做好准备"),
    ("3. 完善预案", "完善预案"), ("没有标记的标题", "没有标记的标题"), ("一、", "一、"),
])
def test_topic_question_leaves_the_marker_out(title, question):
    assert topic_question(title) == question


def test_telling_words_leave_generic_ones_out():
    words = telling_words(analyze("各级领导要求做好疫苗接种工作吗", {}))
    assert {"疫苗", "接种"} <= set(words) or "疫苗接种" in words
    assert not {"领导", "要求", "做好", "工作", "各级"} & set(words)
    assert words == sorted(words, key=lambda w: (-len(w), w))  # longest first: marks take whole words


def test_telling_words_leave_out_words_most_passages_hold():
    class Stats:
        num_docs = 100

        @staticmethod
        def doc_freq(word):
            return 90 if word == "接种" else 3

    words = telling_words(analyze("疫苗接种进度", {}), Stats())
    assert "接种" not in words and "进度" in words


def test_directive_chain_follows_the_passage_path(make_index):
    built = make_index({"a.txt": TEXT})
    index = built.qa.build
    passage = next(p for p in index.passages if "好处" in p.text)
    chain = directive_chain(index, passage)
    assert [d.label for d in chain] == ["一", "（二）"] and len(chain) == len(passage.path)
    assert all(d.start <= passage.start < d.end for d in chain)
    school = next(p for p in index.passages if "校园消毒" in p.text)
    assert [d.label for d in directive_chain(index, school)] == ["二"]
