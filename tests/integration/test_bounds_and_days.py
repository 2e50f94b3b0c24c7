"""How rules state numbers, met on a real index: a number of days written with 日
(中标通知书发出后15日之内报送) answers 几天内; a bound asked for (考勤的占比上限) is stated by
不超过 10% (上限 is no topic a sentence must name); and 乡（镇）, as rules write it, is 乡镇. A
count asked in hours, minutes, courses or lessons (几小时, 几门) asks a number, and 1～2门 or 3节
states one."""
from __future__ import annotations

import pytest

from qa.search.answer_types import asked_type, asked_unit, holds, match_text
from qa.testing import HashEmbedder, tiny_index

RULES = ("本科课程考核管理办法\n第一章 总则\n第一条 为规范本科课程考核管理，特制定本办法。\n"
         "第二章 成绩评定\n第二条 课程成绩一般由考勤、平时考核和期末考核等综合评定。"
         "考勤占总成绩比例原则上不超过10%。\n"
         "第三章 业绩报送\n第三条 各代理机构应如实报送招标业绩，应在中标通知书发出后15日之内及时报送。\n"
         "第四章 审计试点\n第四条 县审计局选择至少一个乡（镇）开展自然资源资产离任审计试点。\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("bounds"), {"rules.txt": RULES}, HashEmbedder())


@pytest.mark.parametrize("text, counts", [
    ("应在中标通知书发出后15日之内及时报送。", True),
    ("5个工作日内办结。", True),
    ("十五日内报送。", True),
    ("3月15日后报送。", False),  # a date, no count of days
])
def test_days_written_with_ri_are_a_count(text, counts):
    assert holds("number", text, "最迟几天内要报上去？") is counts


def test_an_alternative_in_brackets_is_read_as_one_word():
    assert "一个乡镇" in match_text("选择至少一个乡（镇）开展试点")
    assert match_text("选择至少一个乡（镇）开展试点").startswith("选择至少一个乡镇")


@pytest.mark.parametrize("question, words", [
    ("发完中标通知书后，业绩最迟几天内要报上去？", "15日之内"),
    ("课程成绩里考勤的占比上限是多少？", "不超过10%"),
    ("审计局要在多少个乡镇搞离任审计试点？", "至少一个乡（镇）"),
])
def test_the_rule_that_states_it_answers(index, question, words):
    result = index.qa.ask(question)
    assert result.unstated == [] and result.answerable
    assert words in result.answer.sentences[0].text


@pytest.mark.parametrize("question", ["几小时内要出警？", "考试考几分钟？", "一学期选几门课？", "每周上几节课？", "一年开几次会？"])
def test_a_count_asked_in_hours_minutes_or_courses_asks_a_number(question):
    assert asked_type(question) == "number"


@pytest.mark.parametrize("text", ["每个学生每学期选修1～2门课程。", "每周安排3节体育课。", "配备2辆校车。"])
def test_courses_lessons_and_vehicles_are_counted(text):
    assert holds("number", text)


def test_hours_the_rules_never_state_are_not_answered_by_another_number(tmp_path):
    docs = {"rules.txt": RULES + "第五章 出警\n第五条 公安机关接到侵害未成年人的报案后，应当立即出警，并在3日内立案。\n"}
    index = tiny_index(tmp_path, docs, HashEmbedder())
    result = index.qa.ask("公安机关接到侵害未成年人的报案后要在几小时内出警？")
    assert not result.answerable


def test_a_span_of_time_named_with_ji_asks_nothing():
    # 前几年 / 近几年 are the topic's time, not what is asked: 重复多少 asks a share, in no unit of years
    assert asked_unit("老师出卷子，和前几年的题能重复多少？") is None
    assert asked_unit("近几年学校一共招了多少人？").search("招收新生1200人")
    assert asked_unit("至少得在一中干满几年？").search("服务期满5年")


LENDERS = {"lenders.txt": "关于平台出借人情况的报告\n一、基本情况\n截至2月底，平台仍有出借人22.2万，待偿金额145亿元。\n",
           "insurance.txt": "医保工作情况\n一、补助标准\n居民医保人均财政补助标准提高30元。\n"}


def test_an_average_asked_is_answered_only_where_one_is_stated(tmp_path):
    """平均每人…多少钱 asks an average: a total (待偿金额145亿元) states none, so the question is
    refused, naming what is missing; 人均 …30元 states one and answers."""
    index = tiny_index(tmp_path, LENDERS, HashEmbedder())
    refused = index.qa.ask("平台出借人平均每人出借了多少钱？")
    assert not refused.answerable and refused.unstated[0] == "平均"
    answered = index.qa.ask("居民医保财政补助平均每人提高多少钱？")
    assert answered.answerable and "人均财政补助标准提高30元" in answered.answer.sentences[0].text
