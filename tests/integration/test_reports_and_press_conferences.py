"""A district government's work report (a review of last year, then this year's plan in （一）…（四）),
a city's press-conference Q&A page (numbered questions, each answered under 答：) and an essay to
graduates that counts its advice as 第一个方子 / 第二个方子 — each on a real index of text laid out so."""
from __future__ import annotations

import pytest

from helpers import UNRELATED_NOTICE
from qa.ingest.corpus import load_speeches
from qa.ingest.directives import parse_directives
from qa.testing import HashEmbedder, tiny_index

REPORT = ("政府工作报告\n"
          "——2016年2月19日在东山区第十四届人民代表大会第五次会议上\n"
          "东山区人民政府区长 李明\n"
          "各位代表：\n"
          "现在，我代表区人民政府，向大会报告工作，请予审议，并请区政协委员提出意见。\n"
          "一、2015年工作回顾\n"
          "过去一年，我们坚持稳中求进，经济社会保持平稳发展。全年新增就业5650人，城镇登记失业率控制到3.9%。"
          "全年完成固定资产投资52亿元，建成乡村公路86公里。\n"
          "在看到成绩的同时，我们也清醒地认识到当前存在的诸多困难和问题：经济总量不大、产业结构不优的问题依然突出，"
          "财政收支矛盾不断加大。\n"
          "二、2016年工作安排\n"
          "今年是实施“十三五”规划的第一年。实现上述目标，要突出抓好以下四个方面的工作：\n"
          "（一）狠抓项目建设，保持经济稳定增长\n"
          "全年计划实施重点项目66个，完成投资54亿元，其中棚户区改造投资15亿元。\n"
          "（二）调整产业结构，发展壮大实体经济\n"
          "依托开发区推进老城区企业退城入园，发展协作配套和社会服务产业。\n"
          "（三）保障和改善民生，增进人民福祉\n"
          "认真落实全民参保计划，进一步扩大社会保险覆盖面，新建中小学校舍3所。\n"
          "（四）加强自身建设，全面提升依法行政能力\n"
          "坚决整治行政不作为、乱作为，坚决克服懒政、怠政，建设人民满意的政府。"
          "各位代表，今年的任务十分艰巨。在此，我向全区政府工作人员提三点希望：\n"
          "一是要进一步树立大局意识，自觉服从全区发展大局。\n"
          "二是要进一步树立责任意识，做到在其位、谋其政。\n"
          "三是要进一步树立前列意识，想在先、干在先。\n")

PRESS = ("建设科技园区支持人才创新创业——西江市人才支持计划新闻发布会答记者问\n"
         "1、西江人才支持计划支持的对象主要有哪些？\n"
         "答：人才支持计划主要涵盖了以下人才：国家级领军人才、省级领军人才和市级拔尖人才。"
         "人才支持计划常年受理申报，连续三年内每年集中评审一次。\n"
         "2、西江在大学生实习实训方面有哪些优惠政策？\n"
         "答：对来西江实习的大学生，连续三年内按每人每月1000元的标准给予实习补贴，并提供免费住宿。\n"
         "3、高层次人才来西江后，其配偶和子女随迁就业、入学问题如何解决？\n"
         "答：对于高层次人才的配偶就业问题，原则上以用人单位为主进行安置；子女入学问题，由用人单位提请教育部门协调解决。\n"
         "4、请介绍一下西江在支持企业建设科技创新平台方面有哪些扶持政策？\n"
         "答：对获得国家认定的博士后科研工作站，当年一次性奖励20万元；对省级工作站奖励10万元。\n")

ESSAY = ("# 赠与今年的毕业生\n\n"
         "你们毕业之后，可走的路不出这几条：少数的人还可以继续作学术研究，多数的人要寻个吃饭的职业。\n\n"
         "有什么好法子呢？依我个人的经验，有三种防身的药方是值得一试的。\n\n"
         "第一个方子只有一句话：“总得时时寻一两个值得研究的问题！”问题是知识学问的老祖宗，没有问题的人们，关在图书馆里也不会用书。\n\n"
         "第二个方子也只有一句话：“总得多发展一点非职业的兴趣。”为糊口而作不感兴趣的工作，就很难保持求知的兴趣。"
         "最好的救济方法只有多多发展职业以外的正当兴趣与活动。\n\n"
         "第三个方子也只有一句话：“你总得有一点信心。”法国有一位科学家，终身研究了三个问题：（1）发酵由于微菌；"
         "（2）传染病由于微菌；（3）传染病的微菌在特殊的培养之下，可以减轻毒力，使它从病菌变成防病的药苗。\n\n"
         "朋友们，在你最失望的时候，那正是你必须鼓起信心的时候。成功不必在我，而功力必不唐捐。\n")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("reports20"), {
        "work-report.txt": REPORT, "press-qa.txt": PRESS, "essay.md": ESSAY, "notice.txt": UNRELATED_NOTICE},
        HashEmbedder()).qa


def test_a_year_inside_the_report_names_its_part_and_the_count_names_the_last_item(qa):
    """报告里2016年的工作: the year is that part's, not the document's name; the reply counts that
    part's points and quotes the last one first."""
    result = qa.ask("东山区政府工作报告里2016年的工作分成几个方面？最后一个方面是什么？")
    assert result.mode == "outline"
    assert result.answer.sentences[0].text == "（四）加强自身建设，全面提升依法行政能力"
    assert "二、2016年工作安排" in result.answer.text
    assert "共4个方面，最后一个方面是：（四）加强自身建设，全面提升依法行政能力" in result.answer.text
    # a count alone asked of that part: the part's own words counting them come first
    counted = qa.ask("东山区政府工作报告里2016年的工作分成几个方面？")
    assert counted.answer.sentences[0].text.startswith("实现上述目标，要突出抓好以下四个方面的工作")


def test_a_number_asked_of_a_year_is_not_answered_from_the_part_about_another_year(qa):
    """2016年的失业率: the review headed 2015年工作回顾 states last year's, not this year's target."""
    result = qa.ask("东山区2016年的城镇登记失业率要控制在多少以内？")
    assert not result.answerable
    kept = qa.ask("东山区2015年的城镇登记失业率控制到了多少？")
    assert kept.answerable and "3.9%" in kept.answer.sentences[0].text


def test_a_count_of_a_kind_of_people_needs_those_people_counted(qa):
    """多少名高层次人才: 高层次 says which 人才; the report counts projects and yuan, never 人才."""
    assert not qa.ask("东山区2016年计划引进多少名高层次人才？").answerable


def test_weak_points_asked_in_plain_words_find_the_problems_the_report_admits(qa):
    """短板 is the report's 不足 / 问题 (the keyword side: the test's embedder knows no meanings)."""
    result = qa.ask("东山区政府工作报告承认眼下还有哪些短板和难处？")
    assert "短板" not in result.missing
    assert "经济总量不大" in result.results[0]["text"]


def test_the_nth_question_of_a_press_conference_is_its_nth_numbered_question(qa):
    result = qa.ask("西江人才新闻发布会答记者问里第二个问题问的是什么？")
    assert result.answerable
    assert result.answer.sentences[0].text.startswith("2、西江在大学生实习实训方面有哪些优惠政策？")


def test_the_last_question_counted_is_quoted_with_its_question_mark(qa):
    result = qa.ask("西江人才新闻发布会答记者问一共答了几个问题？最后一个问的是什么？")
    assert "共4个问题" in result.answer.text
    assert result.answer.sentences[0].text == "4、请介绍一下西江在支持企业建设科技创新平台方面有哪些扶持政策？"


def test_a_deadline_asked_needs_a_deadline_not_any_time(qa):
    """连续三年内 bounds how often applications are reviewed, it sets no 申报截止日期."""
    assert not qa.ask("西江人才支持计划的申报截止日期是哪一天？").answerable


def test_who_chaired_needs_the_chairing_to_be_written(qa):
    assert not qa.ask("西江这场人才新闻发布会是由哪位领导主持的？").answerable


def test_a_spouse_and_children_asked_in_everyday_words_find_the_answer(qa):
    result = qa.ask("高端人才来西江后，爱人的工作和孩子上学怎么安排？")
    assert result.answerable
    assert "配偶" in result.answer.sentences[0].text


def test_advice_counted_by_its_noun_is_the_essays_points(tmp_path):
    (tmp_path / "essay.md").write_text(ESSAY, encoding="utf-8")
    speeches, _ = load_speeches(tmp_path)
    top = parse_directives(speeches[0])
    assert [d.title[:5] for d in top] == ["第一个方子", "第二个方子", "第三个方子"]


def test_how_an_essay_rounds_off_is_its_last_words(qa):
    result = qa.ask("赠与今年的毕业生这篇文章最后是用什么话收尾的？")
    assert "成功不必在我" in result.answer.text


def test_the_name_of_a_part_asked_is_its_heading(qa):
    """最后一部分叫什么: its heading answers, not a sentence of its text."""
    result = qa.ask("东山区政府工作报告最后一部分叫什么？")
    assert result.answer.sentences[0].text == "二、2016年工作安排"
    assert result.results[0]["citation"]["path"][0] == "二、2016年工作安排"


def test_a_count_asked_alone_is_answered_first_by_the_line_that_counts_the_list(qa):
    """最后提了几点希望: …提三点希望： says it in the report's words; the reply then lists them."""
    result = qa.ask("东山区政府工作报告最后提了几点希望？")
    assert result.answer.sentences[0].text == "在此，我向全区政府工作人员提三点希望："
    assert "共3点" in result.answer.text and "三是要进一步树立前列意识" in result.answer.text
    cited = result.results[result.answer.sentences[0].result - 1]
    assert "提三点希望" in cited["text"]
