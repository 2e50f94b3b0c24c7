"""A forum's help page saved from its .aspx source (server code in it, each section folded behind
a link that opens it, the rules it quotes in the last section), a guide in Markdown that heads its
chapters with # and numbers the sections under each afresh, a talk whose steps are headed
Step1：… Step2：… after an introduction, and an alumni charter in traditional characters saved as a
PHP page (its articles typed 第　一　條, its fees in capital numerals, its approval line under the
title) — each on a real index of text laid out so."""
from __future__ import annotations

import pytest

from helpers import UNRELATED_NOTICE
from qa.ingest.corpus import load_speeches
from qa.ingest.directives import speech_passages
from qa.testing import HashEmbedder, tiny_index


def _box(n: int, title: str, body: str) -> str:
    return (f'<div style="border:#CCCCCC solid 1px; width:98%">'
            f'<div style="background-color:#F3F3F3; padding:6px"><a href="###" onclick="expandoptions(\'item{n}\');">{title}</a></div>'
            f'<div id="item{n}" style="padding:6px; display:none">{body}</div></div>\n')


def _faq(pairs) -> str:
    listed = "<div><ul>" + "".join(f'<li><a href="#{i}">{q}</a></li>' for i, (q, _) in enumerate(pairs)) + "</ul></div>"
    return listed + "".join(f'<div><div><a name="#{i}"></a><strong>{q}</strong></div><div>{a}</div></div>'
                            for i, (q, a) in enumerate(pairs))


RULES = ["为了规范电子公告服务，制定本规定。", "上网用户使用电子公告服务系统，应当遵守法律、法规。",
         "电子公告服务提供者应当记录在系统中发布的信息内容及其发布时间。记录备份应当保存60日，并在有关机关依法查询时，予以提供。",
         "本规定自发布之日起施行。"]
HELP = ('\ufeff<%@ Page AutoEventWireup="false" Inherits="Forum.Web.UI.HelpPage" %>\n'
        "<html><head><title>使用帮助 - <%=forumtitle%></title><style>a { color: #003366; }</style></head><body>\n"
        "<div><h1><%=forumtitle%>使用帮助</h1></div>\n"
        + _box(1, "用户须知", _faq([
            ("我必须要注册吗？", "这取决于管理员如何设置 <%=Utils.ProductName%> 论坛的用户组权限选项，通常您至少应该是正式用户才能发新帖。"),
            ("如果我遗忘了密码，我该怎么办？", "<%=Utils.ProductName%> 提供发送取回密码链接到 Email 的服务，点击登录页面中的取回密码功能即可。")]))
        + _box(2, "论坛使用", _faq([
            ("在哪里可以退出？", "如果您已经登录，点击左上角的“退出”，系统会清除 Cookie，退出登录状态。")]))
        + _box(3, "读写帖子", _faq([
            ("该怎样发起一个投票？", "您可以像发帖一样在版块中发起投票。每行输入一个可能的选项（最多10个），每人只能投票一次。")]))
        + _box(4, "相关法规", "<div>《电子公告服务管理规定》<br />"
               + "".join(f"第{n}条 {t}<br />" for n, t in zip("一二三四", RULES)) + "</div>")
        + "</body></html>\n")

GUIDE = ("## 小组信息维护指导文档\r\n\r\n> 本文档帮助社区参与者维护小组的数据。\r\n\r\n"
         "### 仓库结构\r\n\r\n```text\r\n# 这是代码块里的注释，不是标题\r\n+---sigs\r\n```\r\n\r\n"
         "# 如何维护小组的 YAML 文件\r\n\r\n每个小组都有一个 YAML 文件。\r\n\r\n"
         "## 1. 文件结构与内容概述\r\n\r\n文件里写着小组的名称、维护人员和代码仓。\r\n\r\n"
         "## 2. 角色与权限说明\r\n\r\n维护人员是小组里权限最高的管理人员。\r\n\r\n"
         "## 3. 小组信息的维护\r\n\r\n更新成员信息需要提交合并请求，并由维护人员审批。\r\n\r\n"
         "# 如何维护代码仓 YAML 文件\r\n\r\n每个代码仓也有一个 YAML 文件。\r\n\r\n"
         "## 1. 文件结构与内容概述\r\n\r\n文件里列出代码仓下各目录的负责人。\r\n\r\n"
         "## 2. YAML 信息的维护\r\n\r\n未列出的目录由代码仓的维护人员负责。\r\n\r\n"
         "# 总结\r\n\r\n维护小组的 YAML 文件是社区的重要工作之一，确保信息准确。\r\n")

TALK = ("---\ntitle: \"多协议机制解析\"\ndate: 2020-03-26\n---\n\n"
        "> 本文根据第十三期直播分享整理，主题：网络代理多协议机制解析。\n\n作者：无钩，主要从事网络代理的研发工作。\n\n"
        "## 协议接入实践\n\n"
        "### 协议简介\n\n这里先对要接入的协议做一个简单介绍。接入这个协议一共写了 925 行代码。\n\n"
        "### Step1：确认协议格式\n\n第一步，需要确认要接入的协议格式，理解协议格式本身。\n\n"
        "### Step2：确认报文模型\n\n顺应第一步，第二步的主要工作是确认报文编程模型。\n\n"
        "### Step3：接口实现\n\n第三步是实现编解码接口和心跳接口。\n\n"
        "## 后续规划\n\n以上就是本期分享的全部内容。\n")


CHARTER = ("<html><head><title>校友會章程</title></head><body><div class='nav'><a href='/'>首頁</a></div>"
           "<div class='law'><h1 align='center'>明道中學校友會章程</h1>"
           "<p align='center' style='font-size:small;'>內政部108年12月台內團字第1080080865號函准予備查</p>"
           "<ul type='square'><h4>第一章　總則</h4>"
           "<li>第　一　條　本會名稱為明道中學校友會（以下簡稱本會）。</li>"
           "<li>第　二　條　本會會址設於主管機關所在地區。</li>"
           "<h4>第二章　會員</h4>"
           "<li>第　三　條　本會會員分類如下：個人會員入會費伍佰元，於會員入會時繳納；常年會費伍佰元。</li>"
           "<li>第　四　條　本會置理事三十一人、候補理事十人，由會員大會選舉之。</li>"
           "<li>第 五 條　本章程經會員大會通過，報經主管機關核備後施行。</li></ul></div></body></html>")


ALLIANCE = ("产业联盟理事会简介\n联盟理事会由成员单位代表组成，每届任期三年。\n"
            "现任理事长：王建国，由第三届成员大会选举产生。\n秘书处负责联盟的日常事务。\n")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("helppages"), {
        "forum-help.aspx": HELP, "group-guide.md": GUIDE, "protocol-talk.md": TALK, "charter.php": CHARTER, "notice.txt": UNRELATED_NOTICE},
        HashEmbedder()).qa


def _passages(tmp_path, name: str, text: str):
    (tmp_path / name).write_text(text, encoding="utf-8")
    speeches, _ = load_speeches(tmp_path)
    return speeches, [p for s in speeches for p in speech_passages(s)]


def test_the_folded_sections_of_a_help_page_are_its_text_and_the_server_code_is_not(tmp_path):
    """Each section sits in a display:none block that a click opens: no copy of text the page
    shows elsewhere, so it is read; <%…%> is the server's code, not the page's words."""
    (speech,), passages = _passages(tmp_path, "forum-help.aspx", HELP)
    assert speech.title == "使用帮助"
    text = "\n".join(p.text for p in passages)
    assert "取回密码链接" in text and "最多10个" in text and "保存60日" in text
    assert "<%" not in text and "Page AutoEventWireup" not in text
    assert [p.path[0] for p in passages if p.path][:1] == ["用户须知"]  # the link that opens a section heads it
    assert {p.path[0] for p in passages if p.path} == {"用户须知", "论坛使用", "读写帖子", "相关法规"}


def test_a_help_page_s_sections_are_counted_as_its_parts(qa):
    """栏目 of a page is a part: 一共几个栏目 counts the folded sections, 最后一个栏目 is the last;
    这个使用帮助页面: the page is the document its name points at, no topic word."""
    counted = qa.ask("这个使用帮助页面一共有几个栏目？")
    assert counted.mode == "outline"
    assert "共4部分" in counted.answer.text and "相关法规" in counted.answer.text
    last = qa.ask("这个使用帮助页面的最后一个栏目收录的是什么？")
    assert last.answer.text.startswith("相关法规")


def test_rules_named_by_the_title_under_a_section_heading_are_that_section(qa):
    """《电子公告服务管理规定》 stands under 相关法规: its 第三条 and its last are that section's."""
    third = qa.ask("《电子公告服务管理规定》的第三条是什么？")
    assert third.answer.sentences[0].text.startswith("第三条 电子公告服务提供者应当记录")
    last = qa.ask("《电子公告服务管理规定》一共有多少条？最后一条说了什么？")
    assert last.answer.sentences[0].text.startswith("第四条 本规定自发布之日起施行")


def test_more_days_than_a_month_has_are_a_count_of_days(qa):
    """保存60日 answers 保存多少天: no day of a month is the 60th."""
    result = qa.ask("电子公告系统里发布的信息记录，备份要保存多少天？")
    assert result.answerable
    assert "保存60日" in result.answer.sentences[0].text


def test_chapters_headed_with_one_hash_stay_chapters(tmp_path):
    """# 如何维护… / # 总结 head the guide's chapters (it has four), each with its own ## 1. ## 2.;
    a # inside a code block is no heading."""
    (speech,), passages = _passages(tmp_path, "group-guide.md", GUIDE)
    assert speech.title == "小组信息维护指导文档"
    chapters = [p.path[0] for p in passages if p.path]
    assert chapters.count("如何维护小组的 YAML 文件") == 4 and chapters.count("如何维护代码仓 YAML 文件") == 3
    assert chapters[-1] == "总结"
    assert [p.path for p in passages if p.path and p.path[0] == "如何维护代码仓 YAML 文件"][-1] == [
        "如何维护代码仓 YAML 文件", "2.YAML 信息的维护"]
    assert not any("代码块里的注释" in (p.path or [""])[0] for p in passages)


def test_a_chapter_s_sections_and_the_chapters_are_counted(qa):
    counted = qa.ask("“如何维护小组的 YAML 文件”这一章分成几个小节，最后一节讲什么？")
    assert counted.answer.sentences[0].text.startswith("3.小组信息的维护")
    assert "共3" in counted.answer.text
    parts = qa.ask("小组信息维护指导文档分成几个部分？")
    assert "共3部分，最后一部分是：总结" in parts.answer.text and "如何维护代码仓 YAML 文件" in parts.answer.text


def test_a_step_asked_by_its_number_is_the_heading_that_writes_it(qa):
    """第二步 of a part whose headings are 协议简介, Step1：…, Step2：…: the heading that says 2, not
    the second heading."""
    result = qa.ask("协议接入实践的第二步要做什么？")
    assert result.answer.sentences[0].text.startswith("Step2：确认报文模型")


def test_a_clause_that_points_at_the_talk_names_it_whole(qa):
    """无钩在第十三期直播讲多协议机制的那次分享里，…: the clause names the talk (who gave it, where),
    and what follows it is the question."""
    result = qa.ask("无钩在第十三期直播讲多协议机制的那次分享里，协议接入的第二步要做什么？")
    assert "多协议机制解析" in result.notice
    assert "第二步的主要工作是确认报文编程模型" in result.answer.text.split("[1]")[0]


def test_a_name_in_mixed_case_letters_the_material_never_uses_is_missing(qa):
    """gRPC, never written anywhere: the count of lines written is of another protocol."""
    assert not qa.ask("接入 gRPC 协议一共需要写多少行代码？").answerable
    assert qa.ask("接入这个协议一共写了多少行代码？").answerable


def test_articles_typed_with_spaces_are_articles(tmp_path):
    """第　一　條 / 第 五 條: the spaces a typed charter puts in do not hide its articles; the line under
    the title (its approval) is the document's head, read with it."""
    (speech,), passages = _passages(tmp_path, "charter.php", CHARTER)
    assert [p.path[-1][:3] for p in passages if p.path and len(p.path) > 1] == [
        "第一条", "第二条", "第三条", "第四条", "第五条"]
    assert "台內團字第1080080865號函准予備查" in speech.text


def test_a_charter_s_articles_fees_and_approval_are_answered(qa):
    """幾名理事: the article counting them; 常年會費多少錢: 伍佰元 is a sum of money; the last article is
    the last, though its number runs on from the chapter before; the approval line is found."""
    directors = qa.ask("校友會一共設幾名理事？")
    assert directors.answerable and "理事三十一人" in directors.answer.sentences[0].text
    fee = qa.ask("個人會員每年的常年會費要繳多少錢？")
    assert fee.answerable and "常年會費伍佰元" in fee.answer.sentences[0].text
    last = qa.ask("這份章程最後一條是第幾條？內容是什麼？")
    assert last.answer.sentences[0].text.startswith("第 五 條")
    approved = qa.ask("《明道中學校友會章程》是經內政部哪一號函准予備查的？")  # (the fake embedder's
    assert "台內團字第1080080865號" in approved.results[0]["text"]  # scores decide no refusal here)


def test_a_post_s_holder_asked_by_name_needs_a_name(tmp_path):
    """現任理事長是誰 of a charter that says what the 理事長 does but never who holds it: no answer,
    and the reply says what is missing; of a page that names the holder, the name answers."""
    duties = CHARTER.replace("報經主管機關核備後施行。", "報經主管機關核備後施行。理事長對內綜理督導會務，對外代表本會。")
    qa = tiny_index(tmp_path, {"charter.php": duties, "alliance.txt": ALLIANCE, "notice.txt": UNRELATED_NOTICE},
                    HashEmbedder()).qa
    unnamed = qa.ask("明道中學校友會現任理事長是誰？")
    assert not unnamed.answerable and "理事长的姓名" in unnamed.missing
    named = qa.ask("联盟现任理事长是谁？")
    assert named.answerable and "王建国" in named.results[0]["text"]
