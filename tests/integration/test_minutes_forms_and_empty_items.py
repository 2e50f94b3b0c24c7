"""Meeting minutes and rules as offices keep them:
- a Word minutes template laid out as one table: its header rows (会议名称 | … | 会议地点 | …) are
  read as ``label：value`` lines, so the meeting's day answers 哪天开的 and the 会议名称 names the record;
- an item the minutes list with nothing under it (七、提案建议管理) answers nothing: a question about
  it is refused, saying so, not answered from the items around it;
- 最后一项“其他”里，第一条: the ordinal after a quoted heading is asked inside it; 排第二的是哪个系统:
  哪个 asks, it names no list;
- 第四章规定的…: words of two annexes' titles, neither with a 第四章, do not stop the question; the
  one document with a 第四章 answers;
- 什么时间段可以申报: the asking words (时间段) are no topic the dates must repeat;
- 组长由哪位领导担任 / 组长是谁: a post's headcount (组长1人) does not say who holds it."""
from __future__ import annotations

import pytest

from helpers import SCHOOL_NOTICES, UNRELATED_NOTICE
from qa.ingest.readers import read_document
from qa.testing import HashEmbedder, serving, tiny_index

DISCUSSION = ("本次会议介绍讨论了平台产品功能规划，并针对各功能相关需求进行了讨论，会议持续了一个下午，"
              "参会人员围绕产品定位、实施场景、接口预留、部署方式和后续分工逐项发表了意见。") * 6


def minutes_docx(path):
    """A minutes template: one table, its title and section rows one merged cell, its header rows
    label | value | label | value, and a long cell of discussion (so no table of data)."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=7, cols=4)

    def whole_row(i: int, text: str) -> None:
        cell = table.rows[i].cells[0].merge(table.rows[i].cells[3])
        cell.text = text

    whole_row(0, "会议记录")
    whole_row(1, "一、基本信息")
    for i, cells in [(2, ["会议名称", "协同办公平台产品功能规划2014", "会议地点", "4楼会议室"]),
                     (3, ["会议日期", "2014-03-29", "开始时间", "13：30"]),
                     (4, ["主 持 人", "周明", "持续时间", "4小时"])]:
        for cell, text in zip(table.rows[i].cells, cells):
            cell.text = text
    whole_row(5, "二、讨论内容")
    whole_row(6, DISCUSSION)
    document.save(str(path))
    return path


def test_a_minutes_template_s_header_rows_are_read_as_fields(tmp_path):
    lines = read_document(minutes_docx(tmp_path / "minutes.docx")).splitlines()
    assert "会议名称：协同办公平台产品功能规划2014；会议地点：4楼会议室" in lines
    assert "会议日期：2014-03-29；开始时间：13：30" in lines
    assert "主持人：周明；持续时间：4小时" in lines
    assert "会议地点" not in lines and "2014-03-29" not in lines  # (each cell once, in its field)
    assert DISCUSSION in lines  # the layout's long cell is still read as it is


def test_the_day_of_a_minutes_template_answers_when_the_meeting_was(tmp_path):
    from qa.indexing.build import build_index

    docs = tmp_path / "docs"
    docs.mkdir()
    minutes_docx(docs / "minutes.docx")
    (docs / "notice.txt").write_text(UNRELATED_NOTICE, encoding="utf-8")
    build_index(docs, tmp_path / "index", HashEmbedder())
    qa = serving(tmp_path / "index", HashEmbedder())
    qa.reload()
    result = qa.ask("这次产品功能规划会是哪天开的？")
    assert result.answerable and "2014-03-29" in result.answer.sentences[0].text
    named = qa.ask("协同办公平台产品功能规划2014那份会议记录里讨论了什么？")
    assert "《协同办公平台产品功能规划2014会议记录》" in named.notice


MINUTES = ("产品规划会议纪要\n"
           "讨论内容及结论\n"
           "介绍讨论平台产品功能规划，并针对各功能相关需求进行了讨论。\n"
           "一、信息报送系统\n1、报送端只开通一个帐号，不控制其内部流转。\n2、考虑移动端上报的需求。\n"
           "二、公文传输系统\n1、公文传输系统需要包含联合发文的功能。\n2、了解公文传输在政策上是否需要资质认证。\n"
           "三、提案建议管理\n"
           "四、督察督办系统\n1、督查督办是每个单位监管文件流转所衍生的需求。\n"
           "2、目前由于体制问题暂不成熟，有待时机成熟。\n"
           "五、其他\n1、公共事务平台部署模式问题，是否每个组件都需要单独部署。\n"
           "2、控件平台版的购买事宜，目前价位还没有谈好。\n")


@pytest.fixture(scope="module")
def minutes(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("minutes"), {"minutes.txt": MINUTES, "notice.txt": UNRELATED_NOTICE},
                      HashEmbedder()).qa


def test_an_item_with_nothing_under_it_answers_nothing(minutes):
    empty = minutes.ask("会上对提案建议管理有什么结论？")
    assert not empty.answerable
    assert "“三、提案建议管理”一项只有标题" in empty.notice
    said = minutes.ask("督察督办系统为什么现在还上不了？")  # (an item with points answers)
    assert said.answerable and "只有标题" not in said.notice


def test_the_ordinal_after_a_quoted_heading_is_asked_inside_it(minutes):
    result = minutes.ask("讨论结论的最后一项“其他”里，第一条说的是什么问题？")
    assert result.answerable
    assert result.answer.sentences[0].text.startswith(("五、其他", "1、公共事务平台部署模式问题"))
    assert "公共事务平台部署模式问题" in result.answer.text and "购买事宜" not in result.answer.text


def test_which_one_asks_and_names_no_list(minutes):
    result = minutes.ask("讨论内容及结论里排第二的是哪个系统，提了什么要求？")
    assert result.answerable and "公文传输系统" in result.answer.sentences[0].text
    assert "联合发文" in result.answer.text


MEASURES = ("管理创新工作管理办法\n"
            "第一章 总则\n第一条 为推动管理创新工作，制定本办法。\n"
            "第二章 组织机构\n第二条 公司成立管理创新小组。\n"
            "（一）管理创新小组设置：组长1人，副组长1-2人，组员10至18人；\n"
            "（二）管理创新小组办公室设在公司战略发展部。\n"
            "第三章 成果申报\n第三条 申报材料需在申报年度3月1日－6月1日申报期限内提交。\n"
            "第四章 管理创新成果评审\n第四条 管理创新成果评审标准：\n"
            "（一）创新性：符合管理科学原理，结构、功能明显优于原来的办法；\n"
            "（二）实践性：符合国家相关管理政策、法规，具有推广价值；\n"
            "（三）效益性：成果推广应用的成效评价，包括经济效益和社会效益。\n"
            "附件1：管理创新成果评分表\n一、评分项目\n创新性、实践性、效益性各占一定分值。\n"
            "附件2：管理创新成果申报表\n一、填表说明\n申报单位如实填写成果名称和主要创造人。\n")


# other documents, so that the words of the annexes' titles are rare enough to name them
OTHERS = {"notice.txt": UNRELATED_NOTICE, **SCHOOL_NOTICES}


@pytest.fixture(scope="module")
def measures(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("measures"), {"measures.txt": MEASURES, **OTHERS}, HashEmbedder()).qa


def test_a_chapter_none_of_the_named_annexes_has_is_the_one_document_s(measures):
    refs = measures.pipeline.docrefs
    named = refs.resolve("第四章规定的管理创新成果评审标准有哪几条？", structural=True)
    assert {d.title for d in named.candidates} == {"附件1：管理创新成果评分表", "附件2：管理创新成果申报表"}
    result = measures.ask("第四章规定的管理创新成果评审标准有哪几条？")
    assert result.answerable and "有多份" not in result.notice
    assert "创新性" in result.answer.text and "实践性" in result.answer.text


def test_a_time_span_asked_is_no_topic_the_dates_must_repeat(measures):
    result = measures.ask("管理创新成果每年什么时间段可以申报？")
    assert result.answerable and "3月1日－6月1日" in result.answer.sentences[0].text


def test_a_post_s_headcount_does_not_say_who_holds_it(measures, tmp_path):
    assert not measures.ask("管理创新小组的组长由哪位领导担任？").answerable
    assert not measures.ask("管理创新小组的组长是谁？").answerable
    held = MEASURES.replace("组长1人，", "组长由公司总经理担任，")
    qa = tiny_index(tmp_path, {"measures.txt": held, **OTHERS}, HashEmbedder()).qa
    result = qa.ask("管理创新小组的组长由哪位领导担任？")
    assert result.answerable and "总经理" in result.answer.text
    assert qa.ask("管理创新小组的组长是谁？").answerable
