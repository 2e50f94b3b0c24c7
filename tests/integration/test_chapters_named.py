"""Structure questions as people put them to a folder of several documents: the words before a
count name the document it counts in (学校给本科生定的课程考核管理办法一共有几章), 第二章 asked of no
document in particular is the one document that has chapters, and 最后一个大部分 is the last part. A part made of paragraphs, no numbered points (二、时间安排), gives
its first or last step as its first or last paragraph."""
from __future__ import annotations

import pytest

from qa.testing import HashEmbedder, tiny_index

RULES = ("东海大学本科课程考核管理办法\n第一章 总则\n第一条 为规范本科课程考核管理，特制定本办法。\n"
         "第二章 考核方式\n第二条 课程考核分为考试和考查两种方式。\n第三条 课程考试时间一般为120分钟。\n"
         "第三章 附则\n第四条 本办法自颁布之日起执行。\n")
SPEECH = ("在招标代理机构管理会上的讲话\n同志们：\n一、加强日常管理的重要性\n加强日常管理是资格认定的核心内容。\n"
          "二、日常管理中存在的问题\n与机构联系沟通的渠道有待丰富。\n三、关于修改管理办法的初步考虑\n"
          "第一，提高门槛。准入门槛有些低了。第二，完善退出机制。\n")
COUNTY = ("东湖县2018年度河长制工作目标管理考核细则\n一、组织领导\n积极配合各乡镇开展河长制工作（8分）。\n"
          "二、日常工作\n单位领导班子部署河长制相关工作，年内至少3次。\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    docs = {"rules.txt": RULES, "speech.txt": SPEECH, "county.txt": COUNTY}
    return tiny_index(tmp_path_factory.mktemp("chapters"), docs, HashEmbedder())


def test_the_words_before_a_count_name_the_document_counted(index):
    result = index.qa.ask("学校给本科生定的课程考核管理办法一共有几章，最后一章是什么？")
    assert result.mode == "outline"
    assert "共3章，最后一章是：第三章 附则" in result.answer.text


def test_a_chapter_asked_of_no_document_is_the_one_with_chapters(index):
    result = index.qa.ask("第二章讲的是什么？")
    assert "东海大学本科课程考核管理办法" in result.notice
    assert result.hits[0].passage.file == "rules.txt" and "第二章 考核方式" in result.hits[0].passage.text


def test_the_last_big_part_is_the_last_part(index):
    result = index.qa.ask("招标代理机构管理会上那篇讲话的最后一个大部分讲的是什么？")
    assert result.hits[0].passage.file == "speech.txt"
    assert result.hits[0].passage.text.startswith("三、关于修改管理办法的初步考虑")


SCHEDULE = ("南山省卫片执法检查工作通知\n一、主要任务\n发现、制止和查处违法用地行为。\n二、时间安排\n"
            "2012年1月至4月，各地结合土地变更调查，对发现的违法用地进行整改。\n"
            "2012年6月30日前，各省对所辖市县的核查工作开展督查，并向厅初报数据。\n"
            "在检查通过验收后15日内，各市国土资源主管部门向厅报送工作情况报告。\n"
            "三、工作要求\n各级国土资源主管部门要高度重视卫片执法检查工作。\n")


def test_a_step_of_a_part_without_numbered_points_is_its_paragraph(tmp_path):
    index = tiny_index(tmp_path, {"schedule.txt": SCHEDULE, "speech.txt": SPEECH}, HashEmbedder())
    last = index.qa.ask("卫片执法检查通知“时间安排”里的最后一步是什么？")
    assert last.hits[0].passage.file == "schedule.txt"
    assert last.answer.sentences[0].text.startswith("在检查通过验收后15日内")
    first = index.qa.ask("卫片执法检查通知“时间安排”里的第一步是什么？")
    assert first.answer.sentences[0].text.startswith("2012年1月至4月")
