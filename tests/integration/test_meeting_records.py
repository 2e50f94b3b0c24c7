"""A file that keeps a committee's meeting records, one after another under their days: each
record is named by its day (2022年3月2日那次例会), a day none is of is said so, and the committee
all of them keep (TC) is no term a record must repeat."""
from __future__ import annotations

import pytest

from helpers import UNRELATED_NOTICE
from qa.search.docrefs import named_days
from qa.testing import HashEmbedder, tiny_index

MINUTES = ("2022-06-22\n会议链接：https://example.org/j/839\n轮值主持：叶青龙\n与会人：魏刚、叶青龙、王悦良\n议题列表：\n"
           "1、申请成立标准工具SIG组 --苗宗利\n全票同意成立，由TC委员叶青龙指导运作。\n"
           "2、申请新建节能SIG组 --阙燕文\n节能目标：能效比提升10%。\n"
           "2022-3-2\n=========\n轮值主持人：王志钢\n与会人：王建民、王志钢、吴峰光\n议题列表：\n"
           "1、版本生命周期规划\nLTS以2+2为主，超期后按诉求成立联合维护团队。\n"
           "2、邮件服务专业化\n邮件列表迁移到新平台。\n")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("minutes"), {"minutes.txt": MINUTES, "notice.txt": UNRELATED_NOTICE},
                      HashEmbedder()).qa


@pytest.mark.parametrize("question, day", [
    ("2022年3月2日那次例会讨论了什么？", (2022, 3, 2)),
    ("6月22日的TC例会是谁主持的？", (None, 6, 22)),
    ("2022-06-22会议纪要里说了什么", (2022, 6, 22)),
    ("3月2日前要交什么材料？", None),  # a deadline, no meeting named by its day
])
def test_a_day_names_a_meeting_only_beside_the_meeting(question, day):
    assert [d for _, d in named_days(question)] == ([day] if day else [])


def test_a_meeting_is_named_by_its_day(qa):
    asked = qa.ask("2022年3月2日那次例会的第二个议题是什么？")
    assert "2022-3-2" in asked.notice and asked.hits[0].passage.speech == 2
    assert "邮件服务专业化" in asked.answer.text


def test_a_day_no_record_is_of_is_said_so_with_the_days_there_are(qa):
    asked = qa.ask("2022年7月6日那次例会讨论了哪些议题？")
    assert not asked.answerable
    assert "没有2022年7月6日的记录" in asked.answer.text and "2022-03-02" in asked.answer.text


def test_the_committee_every_record_keeps_is_no_missing_term(qa):
    """TC stands in the June record only; asked of the March one it is the committee's, not a topic
    the March record leaves out. The notice, which is no record, still misses it."""
    asked = qa.ask("TC在2022年3月2日的例会上，版本生命周期是怎么规划的？")
    assert asked.hits[0].passage.speech == 2 and "TC" not in asked.missing
    assert "TC" in qa.ask("读书活动通知里TC有什么要求？").missing



def test_what_was_decided_is_the_records_conclusion():
    """批了没有 / 到底有没有换 asks what the meeting decided: of two sentences that hold the same words,
    the record's 结论：… scores higher; asked something else, neither does."""
    from qa.search.query import analyze
    from qa.search.sentences import SentenceScorer

    said = "继续使用dbus-daemon，dbus-broker作为候选项引入。"
    for question in ("到底有没有从dbus-daemon换成dbus-broker？", "dbus-broker的申请TC批了没有？"):
        scorer = SentenceScorer(analyze(question))
        assert scorer.score("结论：" + said) > scorer.score("胡欣蔚：" + said)
    proposed = SentenceScorer(analyze("dbus-broker有什么用处？"))
    assert proposed.score("结论：" + said) == proposed.score("胡欣蔚：" + said)
