"""A document's own short name for its party names the document:
- 适用于…有限公司（以下统称为“星河科技”或“公司”）: a question about 星河科技那本员工手册 is
  answered from that handbook, with a notice naming it, and 星河科技 is no topic a sentence must
  repeat (the handbook says 公司 from then on), so it is not refused;
- a common word given as a short name (公司), a role (乙方) or the document itself (本办法) names
  nothing."""
from __future__ import annotations

import pytest

from qa.testing import HashEmbedder, tiny_index

STAR = ("员工手册\n前言\n本手册订立之条款适用于北京星河科技有限公司、上海星河网络技术有限公司及其关联公司"
        "（以下统称为“星河科技”或“公司”）所有员工。\n"
        "第一章 绩效管理\n1. 评估目的：帮助员工了解自身的工作表现。\n"
        "2. 评估周期：公司每半年进行一次绩效评估，通常为每年的2月和8月。\n"
        "3. 评估结果：分为优秀、良好、合格和待改进四档。\n"
        "第二章 假期\n正式员工每年享有年假10天，入职满一年后开始计算。\n")
MOUNTAIN = ("员工手册\n总则\n本手册适用于远山物流有限公司（以下简称“远山物流”）与其派遣单位（以下简称“乙方”）"
            "派驻的员工，依据本办法（以下简称“本办法”）执行。\n"
            "第一章 考核\n一、公司每季度进行一次绩效考核，考核结果与奖金挂钩。\n"
            "第二章 休假\n员工每年享有带薪年假5天。\n")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("aliases"), {"star-handbook.txt": STAR, "mountain-handbook.txt": MOUNTAIN},
                      HashEmbedder()).qa


def test_the_short_name_a_handbook_gives_its_company_names_the_handbook(qa):
    result = qa.ask("星河科技那本员工手册里，绩效评估多久做一次？", k=3)
    assert result.answerable
    assert result.hits[0].passage.file == "star-handbook.txt"
    assert "每半年进行一次绩效评估" in result.hits[0].passage.text
    assert "问题指向" in result.notice  # (both are called 员工手册: the notice names the one meant)
    assert all(h.passage.file == "star-handbook.txt" for h in result.hits)


def test_the_other_handbook_s_short_name_names_the_other_one(qa):
    result = qa.ask("远山物流的员工手册里，年假有几天？", k=3)
    assert "问题指向" in result.notice and all(h.passage.file == "mountain-handbook.txt" for h in result.hits)
    assert "带薪年假5天" in result.hits[0].passage.text  # (not the line that gives the name)


def test_common_words_roles_and_the_document_itself_are_no_short_names(qa):
    docs = {d.file: d for d in qa.pipeline.docrefs.docs}
    assert docs["star-handbook.txt"].aliases == {"星河科技"}  # (not 公司)
    assert docs["mountain-handbook.txt"].aliases == {"远山物流"}  # (not 乙方, not 本办法)
