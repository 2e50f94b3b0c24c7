"""A staff-meeting file that holds a signed notice and then a speech outline under a two-line
title, the outline's measures written 第一项措施：… with numbered items under them — on a
real index: the speech is a piece of its own, the measures are its points, and a list the
question names by some of its items (备课、上课、作业……) is found by them."""
from __future__ import annotations

import pytest

from qa.testing import HashEmbedder, tiny_index

NOTICE = ("2010年11月22日教工大会\n关于组织远足活动的通知\n为了培养毅力，锤炼意志，学校决定组织远足活动。\n"
          "一、参加对象：全体师生。\n二、活动时间：11月25日下午14：50开始。\n三、行走路线：沿胜利西路向西，原路返回。\n"
          "四、注意事项：班主任要统计好参加活动的人数。\n德育处\n2010年11月16日\n有关年级下午上课提前到1:00。\n")
OUTLINE = ("“内因+外因”激发干劲\n“肯教+会教”优化队伍\n"
           "在现在这个时代，我们如何进一步提高教育教学质量？教师最关键。\n"
           "一、怎样使教师肯教呢？\n促使教师肯教的具体措施主要有三项：\n"
           "第一项措施：评优评先，树立榜样。\n每年评选优秀教师，发挥榜样作用。\n"
           "第二项措施：人事改革，全员聘任。\n实行全员聘任，竞争上岗。\n"
           "第三项措施：和谐校园，凝聚人心。\n减轻教师不必要的负担，缓解教师压力。\n"
           "二、怎样使教师会教？\n为了促使教师会教，我们要采取以下两项措施：\n"
           "第一项措施：完善校本教研的学习制度。\n学习形式要多样。\n"
           "第二项措施：抓好常规管理，实施有效教学。\n认真备课、上课、辅导、改作、考评。\n"
           "1．备课是有效教学的基础。\n要发挥集体备课的长处。\n2．上课是有效教学的关键。\n课堂要精讲多练。\n"
           "3．作业是有效教学的载体。\n要控制资料、优化资料。\n4．考试是有效教学的手段。\n考试要有针对性。\n"
           "5．评价是有效教学的促进。\n要注重教学质量评价。\n")
OTHER = "关于学校食堂管理的通知\n一、总体要求\n确保师生饮食安全。\n二、工作措施\n加强食材进货查验。\n"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("signed"), {"staff-meeting.txt": NOTICE + OUTLINE,
                                                          "canteen.txt": OTHER}, HashEmbedder())


def test_a_title_after_a_dated_signature_starts_the_next_piece(index):
    pieces = [s for s in index.qa.build.outline() if s["file"] == "staff-meeting.txt"]
    assert [s["title"] for s in pieces][1:] == ["“内因+外因”激发干劲 “肯教+会教”优化队伍"]
    assert [d["label"] for d in pieces[0]["directives"]] == ["一", "二", "三", "四"]  # the notice keeps its own
    assert [d["heading"] for d in pieces[1]["directives"]] == ["怎样使教师肯教呢", "怎样使教师会教"]


def test_numbered_measures_are_points_with_what_they_count(index):
    piece = [s for s in index.qa.build.outline() if s["file"] == "staff-meeting.txt"][1]
    measures = piece["directives"][0]["children"]
    assert [d["heading"] for d in measures] == ["评优评先，树立榜样", "人事改革，全员聘任", "和谐校园，凝聚人心"]
    result = index.qa.ask("讲“怎样使教师肯教”时一共提了几项措施，最后一项是什么？")
    # the item asked is quoted first, and the reply counts the list it ends
    assert result.answerable and result.answer.sentences[0].text == "第三项措施：和谐校园，凝聚人心"
    assert "共3项，最后一项是：第三项措施：和谐校园，凝聚人心" in result.answer.text


def test_a_list_named_by_some_of_its_items(index):
    last = index.qa.ask("备课、上课、作业……这一串环节里，最后一个是什么？")
    assert last.answerable and "评价是有效教学的促进" in last.answer.text
    count = index.qa.ask("备课、上课、作业这几个环节一共有几个？")
    assert count.mode == "outline" and "共5点" in count.answer.text and "评价是有效教学的促进" in count.answer.text
    # items that no one level holds side by side name no list: the question is searched
    other = index.qa.ask("备课、评优这两个方面最后一个是什么？")
    assert "评价是有效教学的促进" not in other.answer.text[:40]
