"""A document named by its year (2010年全市教育工作会议上局长的讲话): the year belongs to the name,
and a year no document has is said so — on a real index of text laid out so."""
from __future__ import annotations

import pytest

from qa.testing import HashEmbedder, tiny_index

FILLER = "各地各校要提高认识，压实责任，确保各项工作落到实处。"
SPEECH = ("在全市教育系统年度工作会议上的讲话\n陈国阳局长\n（2010年3月5日）\n同志们：\n"
          "这次会议的主要任务是总结工作，部署任务。下面，我讲三方面内容。\n"
          "一、2009年教育工作的简要回顾\n一年来，全市教育事业取得新进展。" + FILLER + "\n"
          "二、2010年教育工作的总体要求\n今年教育工作的总体要求是稳中求进。" + FILLER + "\n"
          "三、2010年教育的工作重点\n（一）全力维护校园安全稳定\n完善防范管理体系。" + FILLER + "\n"
          "（二）推进义务教育均衡发展\n到2012年实现义务教育区域内初步均衡。" + FILLER + "\n")
NOTICE = ("关于学校食堂管理的通知\n（2019年9月1日）\n一、总体要求\n确保师生饮食安全。" + FILLER + "\n"
          "二、工作措施\n加强食材进货查验。" + FILLER + "\n")


REPORT = ("关于2020年度党风廉政建设情况分析会的情况报告\n（2021年1月12日）\n"
          "学校党委于2021年1月10日召开了2020年度党风廉政建设情况分析会。现将有关情况汇报如下：\n"
          "一、会议基本情况\n班子成员6人参加了会议。" + FILLER + "\n二、查摆的问题\n廉政教育的针对性不强。" + FILLER + "\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("years"), {"speech.txt": SPEECH, "notice.txt": NOTICE, "report.txt": REPORT},
                      HashEmbedder())


def test_a_year_no_document_has_is_said_so_with_the_document_there_is(index):
    """2012年 is in the speech's text (a target), but no document is of 2012: nothing is answered,
    and the reply names the 2010 speech the rest of the name fits."""
    result = index.qa.ask("2012年全市教育工作会议上局长讲了哪几个方面？")
    assert not result.answerable and not result.hits
    assert "材料中没有2012年的这份文档，只有2010年的《在全市教育系统年度工作会议上的讲话》" in result.answer.text


def test_the_year_that_names_the_document_is_no_topic_of_its_parts(index):
    """2010年 names the speech: its top level is listed, not the part whose heading says 2010年."""
    result = index.qa.ask("2010年全市教育工作会议上局长讲了哪几个方面？")
    assert result.mode == "outline" and "共讲了3点" in result.answer.text
    assert "第三部分是" not in result.answer.text


def test_the_year_a_report_is_about_names_it_too(index):
    """2020年度…分析会, held and reported in January 2021: asked by 2020年度 it is that report."""
    result = index.qa.ask("2020年度党风廉政建设分析会的报告第二部分讲了什么？")
    assert "问题指向《关于2020年度党风廉政建设情况分析会的情况报告》" in result.notice
    assert result.hits and "廉政教育的针对性不强" in result.answer.text


def test_a_year_of_a_topic_before_a_document_kind_is_no_name():
    """2012年均衡发展 (a target) asked 在讲话里: the year names no document, nothing is refused for it."""
    from qa.search.docrefs import DocInfo, _year_names

    doc = DocInfo("speech.txt", 1, "在全市教育系统年度工作会议上的讲话", "在全市教育系统年度工作会议上的讲话",
                  types={"讲话": 1.0}, offices={"局长"}, year=2010, words={"教育", "教育系统", "系统", "年度", "会议"})
    assert _year_names("2012年全市教育工作会议上局长讲了什么", 2012, doc)
    assert not _year_names("2012年义务教育均衡发展的目标在讲话里怎么说", 2012, doc)
