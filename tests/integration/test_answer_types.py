"""Answer types (qa/search/answer_types.py): what a question asks for, whether a text states
it, and numbers and dates matched across PDF spacing, full-width digits and Chinese years,
never changed in what is quoted. End to end on a real document."""
from __future__ import annotations

import pytest

from qa.search.answer_types import CONTACT, DATE, NUMBER, PERSON, asked_type, holds, match_text
from tests.real_search_docs import small_real_index  # noqa: F401 (a fixture)


@pytest.mark.parametrize("question, kind", [
    ("去年教育投入多少钱？", NUMBER), ("赤字率定的是多少？", NUMBER), ("省级幼儿园占比是多少", NUMBER),
    ("全市教育大会是哪天开的？", DATE), ("什么时候完成？", DATE), ("上午几点开会？", DATE),
    ("整改工作由谁牵头？", PERSON), ("哪个部门负责？", PERSON),
    ("有问题发到哪个邮箱？", CONTACT), ("联系电话是多少？", CONTACT),
    ("乡村振兴有什么意义？", None),
    # 哪几个 asks which ones, not how many; 哪几家 asks for bodies
    ("讲话说他是哪几个方面的榜样？", None), ("晚自修几点结束？", DATE), ("待岗培训最多多久？", NUMBER), ("定点医院是哪几家？", PERSON), ("一共有几个方面？", NUMBER),
])
def test_asked_type(question, kind):
    assert asked_type(question) == kind


def test_matching_form_closes_pdf_gaps_and_reads_chinese_years():
    assert match_text("去年达124.2 亿元") == "去年达124.2亿元"
    assert match_text("3 .5 亿元") == "3.5亿元"
    assert match_text("2020 年6 月") == "2020年6月"
    assert match_text("二〇一九年三月") == "2019年三月"
    assert match_text("增长１２％") == "增长12%"
    assert match_text("组长 王  琛") == "组长王琛"  # a two-character name padded to three
    assert match_text("王\u00a0琛、蒋\u3000明") == "王琛、蒋明"


def test_holds():
    assert holds(NUMBER, "教育投入年均增长11.5%")
    assert holds(NUMBER, "去年达124.2 亿元")
    assert holds(DATE, "（2021年12月10日前）")
    assert holds(DATE, "于二〇一九年召开")
    assert holds(DATE, "受灾较轻的校舍利用暑假期间加固维修")  # a time a plan names without a date
    assert holds(PERSON, "会议由党委书记、校长王琛主持")
    assert holds(PERSON, "组长：王  琛")  # a list of members: role, colon, name
    assert holds(PERSON, "总指挥：国家发展改革委主要负责人。")  # … or body: an emergency plan's command
    assert holds(CONTACT, "联系电话：010-81929506")
    assert not holds(NUMBER, "坚持以人民为中心的发展思想")
    assert not holds(DATE, "坚持以人民为中心的发展思想")


def test_temperatures_and_counted_things_are_numbers_and_those_few_days_ask_none():
    assert holds(NUMBER, "对体温检测超过37.3℃的人员，需在临时隔离点短暂休息后重新测量。")
    assert holds(NUMBER, "室外温度超过35摄氏度，可开空调") and holds(NUMBER, "已获4枚国际金牌")
    assert asked_type("进考点量体温，烧到多少度要复测？") == NUMBER
    assert asked_type("高考那几天考场太热的话能不能开空调？") is None  # 那几天 points, it does not ask
    assert asked_type("这几天能不能开空调？") is None and asked_type("几天能办完？") == NUMBER
    # a share written as a fraction (a date written with slashes is none)
    assert holds(NUMBER, "有1/5以上考场存在雷同卷的") and holds(NUMBER, "须经三分之二以上委员同意")
    assert not holds(NUMBER, "2019/3/15发布") and not holds(NUMBER, "每个考场存在雷同卷的")


def test_what_the_question_already_says_is_not_the_answer():
    """工作领导小组 asked about is no body that answers 组长是谁; the name after 组长： is."""
    question = "工作领导小组组长是谁？"
    assert holds(PERSON, "学校成立工作领导小组，负责竞聘工作。")  # a body, asked of nothing
    assert not holds(PERSON, "学校成立工作领导小组，负责竞聘工作。", question)
    assert holds(PERSON, "组长：王  琛", question)
    assert not holds(DATE, "2020年高考成绩喜人", "2020年高考考得怎么样？")
    assert holds(DATE, "2020年7月8日放榜", "2020年高考哪天放榜？")


def test_a_number_question_is_answered_with_the_number_as_written(small_real_index):
    result = small_real_index.qa.ask("近五年教育投入年均增长多少，去年达到多少？", k=5)
    first = result.answer.sentences[0].text
    assert "124.2 亿元" in first  # quoted as the document writes it, spaces and all
    assert holds(NUMBER, first)


def test_a_date_question_is_answered_with_a_date(small_real_index):
    result = small_real_index.qa.ask("巡视反馈会是哪天开的？", k=5)
    assert result.answerable and holds(DATE, result.answer.sentences[0].text)


def test_a_share_asked_is_stated_by_a_fraction(tmp_path):
    """比例超过多少 is answered by `1/5以上考场` (not refused for want of a percentage), and the
    sentence stating it is quoted first."""
    from qa.testing import HashEmbedder, tiny_index

    rules = ("国家教育考试违规处理办法\n第一条 考点管理混乱的，由教育行政部门处理。\n第二条 同一考点同一时间的考试"
             "有1/5以上考场存在雷同卷的，取消该考点当年的设置资格。\n")
    qa = tiny_index(tmp_path, {"rules.txt": rules, "other.txt": "读书活动通知\n一、活动要求\n每人读一本书。\n"},
                    HashEmbedder()).qa
    share = qa.ask("一个考点里雷同卷的考场比例超过多少，会取消考点资格？")
    assert share.answerable and "1/5以上" in share.answer.sentences[0].text
