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

MAYOR = ("狠抓落实 办好人民满意的教育\n——在全市教育大会上的讲话\n市长 盛阅春\n（2019年6月5日）\n同志们：\n"
         "第一，要提高站位抓落实。" + FILLER + "\n第二，要突出重点抓落实。" + FILLER + "\n"
         "第三，要强化保障抓落实。" + FILLER + "\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("years"), {"speech.txt": SPEECH, "notice.txt": NOTICE, "mayor.txt": MAYOR},
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


def test_the_meeting_that_names_a_speech_is_no_topic_of_a_count(index):
    """在全市教育大会上 (the byline's meeting, not the title's words) names the mayor's speech."""
    result = index.qa.ask("2019年全市教育大会上市长讲了几点？")
    assert result.mode == "outline" and "共3点，最后一点是：第三，要强化保障抓落实" in result.answer.text
