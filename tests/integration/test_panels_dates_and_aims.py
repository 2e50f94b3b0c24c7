"""A page of news items in titled panels, an announcement dated with dots in its title, the way in a
document points to, a part named twice (最后一个大部分（第三部分）), the aim a paragraph opens with, and
how often a thing is done — on a real index of text laid out so."""
from __future__ import annotations

import pytest

from qa.ingest.corpus import split_speeches
from qa.ingest.readers import read_document
from qa.testing import HashEmbedder, tiny_index

ITEMS = [("济宁市局（公司）召开安全生产标准化岗位达标启动会暨决策层岗位培训会",
          "4月1日，市局召开岗位达标启动会，安排部署岗位达标工作。副总经理任勇主持会议并讲话。"),
         ("济宁市局（公司）分批组织各岗位开展岗位达标培训工作", "5月5日，市局分批组织管理层开展岗位达标培训。"),
         ("济宁市局（公司）配送库开展消防验收工作",
          "5月10日，市消防支队检查组一行3人对配送库开展消防安全检查验收工作。"),
         ("济宁市局（公司）召开安全隐患排查治理信息化平台上线启动培训会",
          "为切实加强“安全隐患排查治理信息化平台”的推广和使用，提高干部职工对平台的认识。"
          "5月12日，市局组织开展安全隐患排查治理信息化平台上线启动培训会。")]
# a JSP view as saved from its source: an editor's placeholder <title>, each item in an EasyUI panel
# whose title attribute the framework draws as the panel's header
PANELS = ("<%@ page language=\"java\" contentType=\"text/html; charset=UTF-8\"%>\n<html><head>"
          "<title>Insert title here</title></head><body><div style=\"width:800px\">"
          + "".join(f'<div class="easyui-panel" title="{title}" collapsible="true"><p>{text}</p></div>'
                    for title, text in ITEMS)
          + "</div></body></html>")
NOTICE = ("# wuhan2020 官方公告 2020.1.29\n\n我们是开源社区的志愿者核心团队，希望通过共同构建一个开源信息共享项目，帮助救援工作更有效地开展。\n\n"
          "项目线上web入口：新型冠状病毒防疫信息平台 https://wuhan2020.example.cn\n\n"
          "## 一、合作方式：开源协作理念\n\n在协同工作的过程中，我们不采用层级分明的管理模式；贡献决定角色。\n\n"
          "## 二、现有项目和资源介绍\n\n各项目的地址和介绍见下表，欢迎认领任务。\n\n"
          "## 三、项目申请、入驻、管理\n\n### 1、项目申请、入驻\n\n如果需要建立项目组，请联系组织者。\n\n"
          "### 2、各项目组和沟通\n\n请先加入交流平台，关注感兴趣的频道。\n")
BULLET = ('<p class="MsoListParagraph"><span style="font-family:Wingdings">l<span style="font-family:'
          '&#39;Times New Roman&#39;">&nbsp; </span></span><span style="font-family:宋体">{}</span></p>')
# a charter saved from a site's source: no <title>, its text opens at <h1>序言</h1> with Word's bullets
# drawn as the letter l of a symbol font
CHARTER = ('<%@ Page Language="C#" %>\n<html><body><div id="content"><h1>序言</h1>'
           + "".join(BULLET.format(line) for line in ["为规范联盟运作管理，定期修订本宪章", "联盟成员应熟悉本宪章的全部内容"])
           + "<p>第一章 风险预案</p><p>第一条 数据风险</p><p>联盟所有项目需经过安全监测，防止数据泄露。"
           "联盟所有数据，包括数据库、代码、文档等，每日至少进行一次备份。</p>"
           "<p>第二条 商标保护</p><p>联盟商标受法律保护，严禁联盟内成员以联盟名义接揽外部事务私自运作，一经发现，冻结盟友身份。</p>"
           "<p>第二章 联盟决策</p><p>第三条 重大事项</p><p>联盟重大事项指宪章的制定与修改、人事的任免。</p>"
           "<p>第四条 宪章执行</p><p>本宪章由全体盟友监督执行，对联盟运作进行最高级别约束。</p></div></body></html>")
# a news page filed under the day it was posted (2021-09-23), telling of a meeting a week before
MEETING = ("---\ntitle: 南开大学召开整改落实工作动员大会\ndate: 2021-09-23\n---\n\n"
           "南开新闻网讯 9月16日下午，整改落实工作动员大会在八里台校区主楼小礼堂召开。校党委书记出席会议并作动员讲话。\n")
# its rules, which speak of the charter without being one
RULES = ("用于补充联盟宪章所规定的未尽事宜，规范执行过程中详细的规则。\n第一章 补充条款的作用\n补充条款是宪章的补充。\n"
         "第二章 贡献度规则\n个人贡献度以度为基本单位，阅读联盟规范加10度。\n")


def test_each_panel_of_a_page_is_a_part_headed_by_its_title_and_a_placeholder_is_no_title(tmp_path):
    page = tmp_path / "briefings.jsp"
    page.write_text(PANELS, encoding="utf-8")
    text = read_document(page)
    assert "Insert title here" not in text
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == [title for title, _ in ITEMS]
    (speech,) = split_speeches(text, "briefings.jsp")
    assert speech.title != "Insert title here"


def test_a_date_written_with_dots_in_the_title_dates_the_document():
    (speech,) = split_speeches(NOTICE, "notice.md")
    assert speech.date == "2020-01-29"
    # (a figure's decimals are no date)
    (other,) = split_speeches("# 2020.5亿元的投入说明\n\n全年投入资金2020.5亿元。\n", "other.md")
    assert other.date == ""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("panels")
    docs = {"notice.md": NOTICE, "charter.aspx": CHARTER, "rules.txt": RULES, "meeting.md": MEETING}
    return tiny_index(root, docs, HashEmbedder())


@pytest.fixture(scope="module")
def page_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("panel-page")
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "briefings.jsp").write_text(PANELS, encoding="utf-8")
    return tiny_index(root, {}, HashEmbedder())


def test_the_third_panel_is_the_pages_third_part(page_index):
    result = page_index.qa.ask("第三部分讲的是哪件事？")
    assert result.answerable and "济宁市局（公司）配送库开展消防验收工作" in result.answer.text
    assert "为切实加强" not in result.answer.text


def test_the_aim_a_paragraph_opens_with_answers_what_it_was_for(page_index):
    result = page_index.qa.ask("组织隐患排查治理信息化平台上线培训，是想达到什么目的？")
    assert result.answerable and "提高干部职工对平台的认识" in result.answer.sentences[0].text


def test_the_dotted_date_of_the_title_answers_when_it_was_published(index):
    result = index.qa.ask("wuhan2020 这份官方公告是哪天发布的？")
    assert result.answerable and "2020.1.29" in result.answer.sentences[0].text


def test_the_day_a_page_is_filed_under_is_no_line_of_it(index):
    result = index.qa.ask("南开大学整改落实工作动员大会是哪天开的？")
    assert result.answerable and "9月16日下午" in result.answer.sentences[0].text
    assert result.answer.sentences[0].text != "2021-09-23"


def test_the_way_in_a_document_points_to_is_its_text(index):
    result = index.qa.ask("项目的线上 web 入口叫什么平台？")
    assert result.answerable and "新型冠状病毒防疫信息平台" in result.answer.text


def test_the_last_part_named_again_by_its_number_is_that_part_not_its_last_section(index):
    result = index.qa.ask("公告最后一个大部分（第三部分）的标题是什么？")
    assert result.mode == "structural" and "项目申请、入驻、管理" in result.answer.sentences[0].text
    assert "各项目组和沟通" not in result.answer.sentences[0].text


def test_how_often_is_answered_by_the_period_it_is_done_in(index):
    result = index.qa.ask("联盟的数据库、代码和文档多久备份一次？")
    assert result.answerable and "每日至少进行一次备份" in result.answer.text


def test_a_users_words_for_the_documents_own_are_covered(index):
    result = index.qa.ask("要是有人打着联盟的旗号私下接外面的活，会怎么处理？")
    assert result.answerable and "冻结盟友身份" in result.answer.text


def test_a_symbol_fonts_bullet_is_no_text_and_a_first_sections_name_no_title(tmp_path):
    page = tmp_path / "charter.aspx"
    page.write_text(CHARTER, encoding="utf-8")
    text = read_document(page)
    assert "\n为规范联盟运作管理，定期修订本宪章\n" in text and "l为规范" not in text and "l 为规范" not in text
    (speech,) = split_speeches(text, "charter.aspx")
    assert speech.title == "charter" and speech.paragraphs[0] == "序言"


def test_the_kind_a_document_says_it_is_names_it_beside_one_that_only_speaks_of_that_kind(index):
    result = index.qa.ask("宪章的最后一条是怎么规定的？")
    assert result.mode == "structural" and "本宪章由全体盟友监督执行" in result.answer.text
    assert "charter.aspx" in result.notice and "联盟成员应熟悉" not in result.notice


def test_a_kind_written_before_the_kind_named_is_no_name(index):
    """联盟宪章补充细则 is a 细则 (the kind written last), which the charter is not: no reply from it."""
    result = index.qa.ask("联盟宪章补充细则的第二章讲的是什么？")
    assert "问题指向文件 charter.aspx" not in result.notice and "对联盟运作进行最高级别约束" not in result.answer.text


def test_the_start_of_a_chapter_named_by_number_and_heading_is_that_chapter(index):
    result = index.qa.ask("宪章第二章“联盟决策”一开头讲的是什么？")
    assert result.mode == "structural" and "联盟重大事项指宪章的制定与修改" in result.answer.text


def test_the_last_part_of_the_one_document_there_is(page_index):
    result = page_index.qa.ask("最后一部分讲了什么？")
    assert result.mode == "structural" and "安全隐患排查治理信息化平台上线启动培训会" in result.answer.sentences[0].text
