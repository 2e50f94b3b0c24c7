"""A notice that attaches a plan (附：活动具体方案 over its own 一、…), lists its annexes on the
line 附件：1. … 2. …, and then gives each annex (附件1 …) — on a real index of text laid out so."""
from __future__ import annotations

import pytest

from qa.ingest.corpus import split_speeches
from qa.testing import HashEmbedder, tiny_index

FILLER = "各班要高度重视，认真组织，确保活动取得实效。"
NOTICE = ("关于开展2019年中华经典诵写讲系列活动的通知\n全校师生：\n现就有关事项通知如下：\n"
          "一、经典诵读大赛\n" + FILLER + "\n二、诗文创作大赛\n" + FILLER + "\n校团委\n2019年5月11日\n"
          "附：活动具体方案\n2019年中华经典诵写讲大赛\n一、活动宗旨\n弘扬中华优秀传统文化。\n二、活动主题\n祖国颂。\n"
          "附件：1. 经典诵读大赛方案\n2. 诗文创作大赛方案\n3. “迦陵杯·诗教中国”诗词讲解大赛方案\n"
          + "".join(f"附件{n}\n{name}\n一、组织机构\n主办单位：市语委。\n二、作品要求\n{FILLER}\n"
                    for n, name in [(1, "经典诵读大赛方案"), (2, "诗文创作大赛方案"), (3, "“迦陵杯·诗教中国”诗词讲解大赛方案")]))
OTHER = "关于学校食堂管理的通知\n一、总体要求\n确保师生饮食安全。\n二、工作措施\n加强食材进货查验。\n"


def test_an_attached_plan_is_a_part_and_the_list_of_annexes_is_not():
    titles = [s.title for s in split_speeches(NOTICE, "notice.txt")]
    assert titles == ["关于开展2019年中华经典诵写讲系列活动的通知", "附：活动具体方案",
                      "附件1 经典诵读大赛方案", "附件2 诗文创作大赛方案", "附件3 “迦陵杯·诗教中国”诗词讲解大赛方案"]
    (alone,) = split_speeches("整改报告\n一、整改情况\n已全部整改。\n附：《廉洁风险防控清单》\n学校党委\n2021年1月18日\n", "r.txt")
    assert alone.paragraphs[-3:] == ["附：《廉洁风险防控清单》", "学校党委", "2021年1月18日"]  # names an attachment


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("annexes"), {"notice.txt": NOTICE, "canteen.txt": OTHER}, HashEmbedder())


def test_how_many_annexes_and_the_last_from_the_notice_s_own_list(index):
    result = index.qa.ask("诵写讲大赛方案一共附了几个附件，最后一个是什么？")
    assert result.answer.text.startswith("共3个附件，最后一个是：3. “迦陵杯·诗教中国”诗词讲解大赛方案")
    assert "问题指向《关于开展2019年中华经典诵写讲系列活动的通知》" in result.notice


def test_the_nth_annex_when_the_name_fits_the_annexes_themselves(index):
    result = index.qa.ask("诵写讲大赛的附件二是什么方案？")
    assert result.answer.text.startswith("2. 诗文创作大赛方案")


def test_the_day_under_the_signature(index):
    result = index.qa.ask("团委那份诵写讲系列活动的通知落款是哪天？")
    assert result.answer.text.startswith("2019年5月11日")


def test_an_annex_named_by_its_title_words_and_the_word_annex(tmp_path):
    """考核指标附件里…: no kind of document is named, but 附件 with the annex's title words is."""
    opinion = ("关于加强医院绩效考核工作的意见\n一、指标体系\n国家制定《医院绩效考核指标》（见附件）供各地使用。\n"
               "二、考核程序\n医院每年开展自查自评。\n附件\n医院绩效考核指标\n一、医疗质量\n1.门诊人次数与出院人次数比\n"
               "2.手术患者并发症发生率▲\n二、运营效率\n3.每名执业医师日均住院工作负担\n注：1.标记“▲”的2个指标为国家监测指标，"
               "其中1个指标自动生成，1个指标由医院填报。\n")
    qa = tiny_index(tmp_path, {"opinion.txt": opinion, "canteen.txt": OTHER}, HashEmbedder()).qa
    result = qa.ask("医院绩效考核指标附件里，国家监测指标的数据从哪里来？")
    assert "问题指向《附件 医院绩效考核指标》" in result.notice
    assert "其中1个指标自动生成" in result.hits[0].passage.text


def test_the_list_of_annexes_is_frame_and_no_point_of_the_part_above_it(index):
    """附件：1. … / 2. … / 3. … closes the attached plan: it names what is attached, so it is one
    frame passage, not points 1.–3. under the plan's last part (二、活动主题)."""
    from qa.ingest.roles import frame_paragraphs

    listed = ["二、活动主题", "祖国颂。", "附件：1. 经典诵读大赛方案", "2. 诗文创作大赛方案", "3. 诗词讲解大赛方案"]
    assert frame_paragraphs(listed) == [3, 4, 5]
    assert frame_paragraphs(["一、总体要求", "1. 指导思想。坚持立德树人。", "2. 基本原则。"]) == []  # points, no list
    passages = [p for p in index.qa.pipeline.build.passages if "诗文创作大赛方案" in p.text and p.text.startswith(("附件：", "2."))]
    assert [p.role for p in passages] == ["frame"] and passages[0].path == []
