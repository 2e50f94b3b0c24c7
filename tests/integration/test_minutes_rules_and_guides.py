"""A welcome speech that counts its advice back after the list, community meeting minutes under
`### 议程 N：` headings, a regulation page written with VuePress containers (`::: info 附录`) and
heading attributes (`{align="center"}`), a school guide whose school is named once at its start,
and a lecture that counts two points inside one long paragraph — each on a real index of text
laid out so."""
from __future__ import annotations

import pytest

from helpers import UNRELATED_NOTICE
from qa.ingest.corpus import load_speeches
from qa.ingest.directives import speech_passages
from qa.testing import HashEmbedder, tiny_index

WELCOME = ("开学典礼发言稿\n"
           "各位同学：\n大家下午好！\n"
           "首先我代表全校教师，热烈欢迎你们来到我校就读！要达到这一目标，还必须获得你们的全力配合，在此我想对大家提出几点建议：\n"
           "1．要把中学的被动学习改为主动学习，课后要多多思考知识里蕴含的道理。\n"
           "2．要在学习中变盲从为质疑，千万不要把书本和老师看作是百分之百的正确。\n"
           "3．要尽早谋划自己未来的职业生涯，由此制定出大学期间的学习规划。\n"
           "4．要尽可能参加各类与学业相关的课外活动，使自己所学的知识尽快转化为能力。\n"
           "5．要尽快完善和巩固自己的文明礼仪，以便更好地学习与成长。\n"
           "以上是我对大家提的5点建议，希望你们认真思考，努力向上。\n"
           "同学们，今天你们是我们的学生，明天你们将成为我们引以为豪的校友！\n")

MINUTES = ("**会议主题** ：开源社区会议 6.30\n\n"
           "**参会人** ：alice, bob, carol\n\n"
           "### 议程 1 ：新人自我介绍\n\n"
           "1. 新成员名单：dave、erin\n"
           "2. 社区新成员分别进行自我介绍，主要包括技术背景和感兴趣的方向。\n\n"
           "### 议程 2 ：Good-first-issue 复盘 @alice\n\n"
           "1. 单测任务还有两个子任务待完成，希望加快进度。\n"
           "2. 文档建设进展：英文文档建设可以锻炼翻译能力。\n\n"
           "### 议程 3：社区 Mentor 机制介绍 @bob\n\n"
           "上周社区开发者交流会上，大家希望有 Mentor 带一带新人，遇到问题可以及时跟 Mentor 交流沟通。\n\n"
           "### 议程 4：任务答疑环节\n\n"
           "**Q：两个框架都要做服务治理，在功能上是不是有些重复，社区以后会不会只保留其中一个框架？**\n\n"
           "**A：** 二者业务场景不同，整个框架的治理能力是可扩展的，一个在对接服务网格，一个面向网页接口场景，"
           "分别封装成两套不同的服务治理套件接入。\n")

RULES = ("---\ntitle: 突发事件信息报告办法\ndate: 2011-05-01\nauthor: 原环境部\n---\n\n"
         "::: tip 修订信息\n\n（2011年4月18日部令第17号公布&emsp;自2011年5月1日起施行）\n\n:::\n\n"
         "<p id=\"t1\">&emsp;&emsp;<b>第一条</b>&emsp;为了规范突发事件信息报告工作，制定本办法。</p>\n"
         "<p id=\"t2\">&emsp;&emsp;<b>第二条</b>&emsp;突发事件的报告分为初报、续报和处理结果报告。<br>\n"
         "&emsp;&emsp;对初步认定为一般或者较大突发事件的，事件发生地设区的市级或者县级人民政府环境保护主管部门"
         "应当在四小时内向本级人民政府报告。<br>\n"
         "&emsp;&emsp;情况紧急时，初报可通过电话报告，但应当及时补充书面报告。</p>\n"
         "<p id=\"t3\">&emsp;&emsp;<b>第三条</b>&emsp;本办法自2011年5月1日起施行。</p>\n\n"
         "---\n\n"
         "::: info 附录\n\n"
         "## 突发事件分级标准{align=\"center\"}\n\n"
         "&emsp;&emsp;按照严重性和紧急程度，突发事件分为特别重大、重大、较大和一般四级。<br>\n"
         "&emsp;&emsp;1、特别重大突发事件。凡直接导致10人以上死亡的，为特别重大突发事件。<br>\n"
         "&emsp;&emsp;2、重大突发事件。凡直接导致3人以上10人以下死亡的，为重大突发事件。<br>\n"
         "\n:::\n\n"
         "::: warning 原文链接\n\n见部门网站。\n\n:::\n")

GUIDE = ("---\nsidebar: auto\n---\n\n"
         "# 📖学习制度与信息\n\n"
         "**包含选课指导、平均学分绩点、图书馆学习攻略。**\n\n*由树德书院学长团整理。*\n\n"
         "## 序言\n\n经过一个暑假，大家就要开始在南科大的学习生活啦！我们整理了一些学习制度相关的内容。\n\n"
         "## 选课指导\n\n来了南科大，你需要自己安排好自己的课表，安排课表的时候需要考虑自己的作息。\n"
         "选课流程：了解培养方案与课程→新生课程初选→导师指导→课程退补选\n\n"
         "### 新生课程初选\n\n春秋季学期选课均采用积分制选课。到时候每个人都会有100分，选课的时候需要将100分分配到所选择的各个课进行投注。\n\n"
         "## 平均学分绩点的计算方式\n\n"
         "大学的成绩由平时表现和期末考试成绩构成，每门课第一节课老师都会介绍课程成绩的构成。\n"
         "一门课的学分绩 = 绩点 × 学分数\n"
         "平均学分绩点 = 所修课程学分绩求和 / 所修课程学分数求和\n"
         "推荐使用同学开发的网页版平均学分绩点计算器，快速算出自己的平均学分绩点。\n\n"
         "## 学业警示\n\n"
         "1. 一学期取得的学分未达到9学分；\n"
         "2. 一学期通过的专业必修课合计未达到两门者。\n\n"
         "退学\n在读期间第三次受到学业警示者。\n\n"
         "## 图书馆\n\n南科大图书馆是平常学习的好地方，进图书馆一定要记得带上校卡。\n\n"
         "## 学籍管理\n\n南科大的学籍管理制度与高中很不同，详细内容见新生学习指导手册。\n")

FRAUD = ("# 防骗指南\n\n"
         "## 校园卡\n\n有人说不办理校园卡就不能参与选课，这是错误的，选课只需要登录教务系统。\n\n"
         "## 有偿投票\n\n陌生账号联系社团负责人，声称可以帮忙拉票，其实是收费刷票。\n")

LECTURE = ("# 娜拉走后怎样\n\n"
           "我今天要讲的是娜拉走后怎样。娜拉走了以后，不是堕落，就是回来。\n\n"
           "所以为娜拉计，钱是最要紧的了。在目下的社会里，经济权就见得最要紧了。第一，在家应该先获得男女平均的分配；"
           "第二，在社会应该获得男女相等的势力。可惜我不知道这权柄如何取得，单知道仍然要战斗。\n\n"
           "记性不佳，是有益于己而有害于子孙的。救济法就是各人去买一本笔记本来，将自己现在的思想举动都记上。\n\n"
           "世间有一种无赖精神，那要义就是韧性。我想，在经济方面得到自由，就可以不做傀儡了。\n")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("minutes21"), {
        "welcome-speech.txt": WELCOME, "community-minutes.md": MINUTES, "reporting-rules.md": RULES,
        "study-guide.md": GUIDE, "nora-lecture.md": LECTURE, "fraud-guide.md": FRAUD, "notice.txt": UNRELATED_NOTICE},
        HashEmbedder()).qa


def test_a_count_of_the_advice_quotes_the_line_that_counts_it_back(qa):
    """给新生提了几条建议: whom the points were put to is no topic of its own; where the line before
    the list counts nothing (提出几点建议：), the line after it that does (以上是…5点建议) is quoted first."""
    result = qa.ask("这篇开学典礼发言总共给新生提了几条建议？")
    assert result.mode == "outline"
    assert result.answer.sentences[0].text == "以上是我对大家提的5点建议"
    assert "以上是我对大家提的5点建议[1]。" in result.answer.text and "共5条" in result.answer.text
    assert result.results[result.answer.sentences[0].result - 1]["text"].startswith("以上是我对大家提的5点建议")


def test_the_last_agenda_item_of_minutes_is_the_last_of_their_level(qa):
    """议程 is a word of every heading: it names the list of agenda items, not the one agenda item
    (议程 1, 议程 2) whose heading it best matches, whose own points would be listed."""
    result = qa.ask("这次社区会议一共排了几个议程，最后一个是什么？")
    assert result.answer.sentences[0].text.startswith("议程 4：任务答疑环节")
    assert "Good-first-issue" not in result.answer.text and "新成员名单" not in result.answer.text
    # 第一个议程: the ordinal counts the noun every top-level heading holds
    first = qa.ask("会议开场的第一个议程安排的是什么？")
    assert first.answer.sentences[0].text.startswith("议程 1 ：新人自我介绍")


def test_container_fences_and_heading_attributes_are_no_text_and_the_annex_is_a_part(qa, tmp_path):
    """::: info 附录 starts the annex (its title, not its fence, is read); {align="center"} is no word."""
    text = qa.ask("正文之后的附录讲的是什么内容？")
    assert text.results
    for hit in text.results:
        assert ":::" not in hit["text"] and "{align" not in hit["text"]
    (tmp_path / "rules.md").write_text(RULES, encoding="utf-8")
    speeches, _ = load_speeches(tmp_path)
    assert [s.title for s in speeches] == ["突发事件信息报告办法", "附录 突发事件分级标准"]
    body = [p for p in speech_passages(speeches[0])]
    assert body[-1].path[0].startswith("第三条")
    assert not any("分级" in p.text for p in body)  # the annex is not the last article's text


def test_the_school_a_guide_names_at_its_start_need_not_stand_in_the_stating_sentence(qa):
    """南科大…每个人有多少分: the school is the guide's setting; the sentence stating 100分 answers."""
    result = qa.ask("南科大积分制选课，每个人有多少分可以拿来投注？")
    assert result.answerable
    assert "每个人都会有100分" in result.answer.sentences[0].text
    # a name that is no setting of the guide still has to stand beside the number
    assert not qa.ask("北大积分制选课，每个人有多少分可以拿来投注？").answerable


def test_a_calculation_asked_is_answered_by_the_formula(qa):
    """GPA是怎么算出来的: the sentence that writes the formula, not the one about what grades are made of."""
    result = qa.ask("这份学习制度与信息里，平均学分绩点是怎么算出来的？")
    assert "所修课程学分绩求和 / 所修课程学分数求和" in result.answer.sentences[0].text


def test_a_quoted_title_names_a_guide_whose_title_says_no_kind(qa):
    """《学习制度与信息》 quotes the guide's title as written (an emoji before it): it names the guide."""
    result = qa.ask("《学习制度与信息》里图书馆进门要带什么？")
    assert "学习制度与信息" in result.notice
    assert result.results and all(hit["citation"]["file"] == "study-guide.md" for hit in result.results)


def test_two_points_counted_inside_one_paragraph_do_not_hold_the_paragraphs_after_it(qa, tmp_path):
    (tmp_path / "nora.md").write_text(LECTURE, encoding="utf-8")
    speeches, _ = load_speeches(tmp_path)
    passages = speech_passages(speeches[0])
    second = [p for p in passages if p.path and p.path[0].startswith("第二")]
    assert second and all("记性不佳" not in p.text and "无赖精神" not in p.text for p in second)
    assert any(not p.path and "无赖精神" in p.text for p in passages)


def test_a_short_name_of_four_characters_is_read_in_its_full_name(qa):
    """环保部门 for 环境保护主管部门: the sentence stating the hours names the body asked about."""
    from qa.search.coverage import _abbreviates
    assert _abbreviates("环保部门", "县级人民政府环境保护主管部门应当")
    assert not _abbreviates("环保部门", "环保部门")  # written whole, no short form
    assert not _abbreviates("环保部门", "环境部门")  # 保 missing
    result = qa.ask("初步认定为一般或较大的事件，市级或者县级环保部门要在几小时内上报？")
    assert result.answerable
    assert "四小时内" in result.answer.sentences[0].text


def test_the_day_a_document_was_issued_is_the_line_dating_that_event(qa):
    """哪天公布的, of a page dated (front matter) the day it takes effect: the line that dates the 公布."""
    for question in ("《突发事件信息报告办法》是哪天公布的？",
                     "《突发事件信息报告办法》是哪天、以哪个部门的第几号令公布的？"):
        result = qa.ask(question)
        assert result.answer.sentences[0].text.startswith("（2011年4月18日部令第17号公布"), question


def test_this_kind_of_document_points_at_it_and_its_one_appendix_answers(qa):
    """这个办法 names the only 办法 as 这份办法 does; 附录讲的是什么 of it is its one appendix."""
    counted = qa.ask("这个办法正文一共有多少条？")
    assert "突发事件信息报告办法" in counted.notice
    assert "共3条" in counted.answer.text
    annex = qa.ask("这个办法的附录讲的是什么？")
    assert annex.answer.sentences[0].text == "附录 突发事件分级标准"
    assert "共1个附录" in qa.ask("这个办法有几个附录？").answer.text
    inside = qa.ask("这个办法的附录里特别重大突发事件是怎么定的？")  # what the appendix says: searched in it
    assert "10人以上死亡" in inside.answer.sentences[0].text


def test_the_line_announcing_the_points_is_no_answer_to_what_a_point_says(qa):
    """…在此我想对大家提出几点建议： announces the list: a question about what one point says gets the point."""
    result = qa.ask("对书本和老师讲的东西，这位教师建议抱什么态度？")
    assert "百分之百的正确" in result.results[0]["text"]


def test_a_bound_asked_of_a_noun_is_answered_by_a_count_of_it(qa):
    """学分少于多少: the sentence counting 学分 (9学分), not one counting 门 or 次."""
    result = qa.ask("一学期拿到的学分少于多少会被学业警示？")
    assert "未达到9学分" in result.answer.sentences[0].text


def test_a_question_line_and_its_answer_are_one_passage_and_the_answer_answers(qa, tmp_path):
    """Q：…？ then A：…: one passage; a question like it is answered by the A, not by the Q restated."""
    (tmp_path / "minutes.md").write_text(MINUTES, encoding="utf-8")
    speeches, _ = load_speeches(tmp_path)
    asked = [p for p in speech_passages(speeches[0]) if "Q：两个框架" in p.text]
    assert len(asked) == 1 and "A：" in asked[0].text and "二者业务场景不同" in asked[0].text
    result = qa.ask("两个框架都在搞服务治理，功能上这不是重复造轮子吗？")
    assert "二者业务场景不同" in result.answer.sentences[0].text


def test_what_a_question_says_of_a_quoted_title_names_the_document_where_its_head_says_it(qa):
    """树德书院学长团整理的《学习制度与信息》: the compiler the guide's first lines name says which
    guide; the calculation is asked, so the formula answers, not the head that names the compiler."""
    result = qa.ask("树德书院学长团整理的《学习制度与信息》里，平均学分绩点是怎么算出来的？")
    assert "学习制度与信息" in result.notice
    assert "所修课程学分绩求和 / 所修课程学分数求和" in result.answer.sentences[0].text


def test_this_guide_with_none_in_view_answers_from_the_guide_that_says_it(qa):
    """这份指南 in a fresh question is taken for the one 指南; where that one does not say what is
    asked and another document does, the other answers and the notice says so."""
    result = qa.ask("这份指南里说的选课流程分成哪几步？")
    assert result.answerable
    assert "《防骗指南》里没有找到" in result.notice
    assert "了解培养方案与课程→新生课程初选" in result.answer.sentences[0].text
    # what the 指南 itself says is still answered from it
    own = qa.ask("这份指南里说不办理校园卡能不能选课？")
    assert own.results[0]["citation"]["file"] == "fraud-guide.md"


def test_an_appendix_asked_with_no_document_named_is_the_one_file_with_appendices(qa):
    """正文之后附的那部分: no 附件/附录 said and no document named; one file of the material has an
    appendix, so it is that one, named in the notice."""
    result = qa.ask("正文之后附的那部分讲的是什么内容？")
    assert "突发事件信息报告办法" in result.notice
    assert result.answer.sentences[0].text == "附录 突发事件分级标准"


def test_a_call_asked_about_is_no_telephone_number_asked(qa):
    """能不能先打个电话报上去: the means of reporting is asked, not a number to dial; the article that
    allows it answers."""
    result = qa.ask("情况特别急的时候，能不能先打个电话报上去？")
    assert result.answerable
    assert "初报可通过电话报告" in result.answer.sentences[0].text


def test_a_mentor_asked_for_as_daoshi_is_found(qa):
    """导师 for the minutes' Mentor: the synonym list carries the word over."""
    result = qa.ask("社区给新人安排导师，是为了什么？")
    assert result.answerable
    assert "Mentor 交流沟通" in result.results[0]["text"]
