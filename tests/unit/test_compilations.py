"""Compilations, annexes, the document frame and what a document says about itself,
on real indexes built from texts laid out like the documents people have."""
from __future__ import annotations

import json

import pytest

from qa.ingest.corpus import scan_documents
from qa.ingest.docmeta import find_date
from real_corpus import need_real_docs

BULLETIN = """全校教工：5 月24 日，市委、市政府召开了全市教育大会，请大家认真学习王大明书记和李小华市长在会上的讲话摘要，把大会精神落实到教书育人的实际行动中。
党政办
2019年6月10日
绍办通报
〔2019〕第14 期
按：5 月24 日，市委、市政府召开全市教育大会。现将王大明同志和李小华同志在会上的讲话摘要予以印发。各级各部门要结合实际，认真抓好贯彻落实。
王大明同志的讲话摘要
今天，我们召开全市教育大会，主要任务是全面贯彻党的教育方针，办好人民满意的教育。
这些年来，我市教育事业发展取得了重大成就。一是各项投入不断加大。教育投入年均增长11.5%。二是优质资源不断扩大。省级幼儿园占比达97.87%。
下面，我讲三点意见。
1．全面落实立德树人根本任务。要坚持德育为先，把立德树人融入思想道德教育各环节。
2．加快补齐短板弱项。学前教育要坚持公益普惠，加快提升农村薄弱幼儿园。
3．持续深化教育改革。深化考试招生制度改革和学生评价方式改革。
李小华同志的讲话摘要
刚才，王书记作了重要讲话。下面，我再强调几点意见：
第一，要提高站位抓落实。各级各部门要深刻领会此次大会精神，坚定不移实施教育优先发展战略。
第二，要突出重点抓落实。一是着力补短板，深入推进普惠性幼儿园扩面行动。二是全力促均衡，加大城乡教育一体化统筹力度。
第三，要强化保障抓落实。坚持把教育发展作为财政支出的重点领域予以优先保障。
发：各区、县（市）党委和人民政府，市级各部门、各单位。
中共某市委办公室               2019 年5 月27 日印发
"""

PLAN = """某某中学教师专业发展行动方案
总则
为进一步推进我校教师队伍建设，结合学校实际，制定本方案。
一、培养目标
通过分层系列培养，打造高质量的教师梯队。
二、培养方案
学校将教师培养分成职初教师、骨干教师两个工程。
三、组织领导
学校成立教师培养工作领导小组，负责方案的审核与考核。
七、培训的保障
学校设立教师成长专项资金，保证培训任务的完成。
一、职初教师启梦工程
——《职初教师“成长工作坊”实施方案》
一、指导思想
职初教师是学校的未来和希望，扎实开展职初教师的培养工作。
二、培养对象
职初教师，即教龄在5年以内的青年教师。
附件2：骨干教师考核办法
一、考核内容
考核师德表现、教学业绩和教科研成果。
二、考核方式
每学年由学校教师培养工作小组分层考核，考核结果记入档案。
"""

REPORT = """政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上国务院总理　李强
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议。
一、2023年工作回顾
过去一年，国内生产总值超过126万亿元，增长5.2%。
二、2024年经济社会发展总体要求和政策取向
今年发展主要预期目标是：国内生产总值增长5%左右。
"""

SPEECH = """不忘初心担使命 传承博雅谱新篇
奋力开创高水平发展新局面
——在主题教育总结大会上的讲话
（1月13日下午4点，行政楼会议室四）
某中学党委书记、校长  王 琛
同志们：
今天我们召开主题教育总结大会，回顾总结我校主题教育开展情况。
一是提升了理论修养。切实加深了对党的创新理论的理解。
二是提高了政治觉悟。进一步明悟了学校党员干部的初心与使命。
"""

BLOG = """---
title: '学习读后感 My Thoughts after Reading'
date: 2019-09-26 03:08:39
tags:
- cn
---

![a.JPG](https://example.com/a.JPG)

一、履职尽责、做好本职工作，就是做好“两个维护”

作为一名基层机关工作者，做好自己的本职工作，就是贯彻落实“两个维护”。

二、防微杜渐，警惕温水煮青蛙

舒适安逸最终会害了自己，要从小事做起，防微杜渐。

注：图片来自网络。
"""

PAGE = """<html><head><title>关于做好冬季防火工作的通知--党政办-某某中学</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<div class="info">文章来源：本站原创 作者：佚名 发布时间：2020年10月26日 点击数：</div>
<div class="article"><h1>关于做好冬季防火工作的通知</h1>
<p>一、工作目标</p><p>确保学校消防安全，杜绝火灾事故发生，切实保护师生生命财产安全。</p>
<p>二、工作要求</p><p>各部门要开展消防安全大排查，对检查发现的问题及时整改到位。</p>
</div></body></html>"""


@pytest.fixture
def built(make_index):
    return make_index({"bulletin.txt": BULLETIN, "plan.txt": PLAN, "report.txt": REPORT, "speech.txt": SPEECH,
                       "blog.md": BLOG, "page.html": PAGE})


def _outline(built) -> dict:
    out: dict = {}
    for s in built.qa.build.outline():
        out.setdefault(s["file"], []).append(s)
    return out


def test_a_forwarding_notice_holds_two_speeches_each_with_its_own_points(built):
    speeches = _outline(built)["bulletin.txt"]
    assert [s["title"] for s in speeches] == ["王大明同志的讲话摘要", "李小华同志的讲话摘要"]
    first, second = speeches
    # the numbered paragraphs are the speech's own top level; the 一是/二是 counted inside the
    # review paragraph are that paragraph's prose, neither top-level points nor parents of 1．
    assert [d["label"] for d in first["directives"]] == ["1", "2", "3"]
    assert [d["heading"] for d in first["directives"]][-1] == "持续深化教育改革"
    assert [d["label"] for d in second["directives"]] == ["第一", "第二", "第三"]
    assert (first["speaker"], first["office"], second["speaker"], second["office"]) == ("王大明", "书记", "李小华", "市长")
    assert first["meeting"] == second["meeting"] == "全市教育大会"
    assert first["date"] == second["date"] == "2019-06-10"  # the compilation's own date
    assert first["doc_type"] == "讲话"


def test_the_frame_is_searchable_but_neither_content_nor_a_directive(built):
    index = built.qa.build
    frame = [p for p in index.passages if p.file == "bulletin.txt" and p.role == "frame"]
    texts = "\n".join(p.text for p in frame)
    for line in ("全校教工：", "绍办通报", "〔2019〕第14 期", "按：", "发：各区", "印发"):
        assert line in texts
    assert all(not p.path for p in frame)  # never inside a directive
    content = [p for p in index.passages if p.file == "bulletin.txt" and p.role == "content"]
    assert any("立德树人" in p.text for p in content) and not any("印发" in p.text for p in content)
    result = built.qa.ask("绍办通报是哪天印发的？", k=5)
    # the document is named (绍办通报): answered from its own frame, the date it states
    assert "2019年6月10日" in result.answer.text and result.hits[0].passage.role == "frame"


def test_citations_carry_speaker_and_date_where_the_document_states_them(built):
    result = built.qa.ask("普惠性幼儿园扩面行动", k=3)
    top = result.to_dict()["results"][0]["citation"]
    assert top["file"] == "bulletin.txt" and top["speaker"] == "李小华" and top["date"] == "2019-06-10"
    plain = built.qa.ask("考核师德表现、教学业绩", k=3).to_dict()["results"][0]["citation"]
    assert plain["file"] == "plan.txt" and "speaker" not in plain  # a plan names no speaker


def test_annexes_are_parts_of_their_own_and_jumping_numbers_stay_as_written(built):
    parts = _outline(built)["plan.txt"]
    assert [p["title"] for p in parts] == ["某某中学教师专业发展行动方案",
                                           "职初教师启梦工程——《职初教师“成长工作坊”实施方案》",
                                           "附件2：骨干教师考核办法"]
    assert [d["label"] for d in parts[0]["directives"]] == ["一", "二", "三", "七"]
    assert [d["heading"] for d in parts[1]["directives"]] == ["指导思想", "培养对象"]
    assert [d["heading"] for d in parts[2]["directives"]] == ["考核内容", "考核方式"]
    assert [p["doc_type"] for p in parts] == ["方案", "方案", "办法"]


def test_title_byline_and_speaker_lines_give_the_speech_its_facts(built):
    tree = _outline(built)
    report = tree["report.txt"][0]
    assert (report["speaker"], report["office"], report["date"], report["doc_type"], report["meeting"]) == (
        "李强", "国务院总理", "2024-03-05", "报告", "第十四届全国人民代表大会第二次会议")
    speech = tree["speech.txt"][0]
    assert speech["title"] == "不忘初心担使命 传承博雅谱新篇 奋力开创高水平发展新局面"
    assert (speech["speaker"], speech["office"], speech["doc_type"], speech["meeting"]) == (
        "王琛", "某中学党委书记、校长", "讲话", "主题教育总结大会")
    assert speech["date"] == ""  # 1月13日 without a year is no date to state
    assert [d["label"] for d in speech["directives"]] == ["一是", "二是"]


def test_markdown_front_matter_and_a_saved_page_give_title_and_date(built):
    tree = _outline(built)
    blog = tree["blog.md"][0]
    assert (blog["title"], blog["date"], blog["doc_type"]) == ("学习读后感 My Thoughts after Reading", "2019-09-26", "心得")
    assert [d["label"] for d in blog["directives"]] == ["一", "二"]
    index = built.qa.build
    assert not any("permlink" in p.text or "tags:" in p.text for p in index.passages)
    assert any(p.role == "frame" and p.text.startswith("注：") for p in index.passages if p.file == "blog.md")
    page = tree["page.html"][0]
    assert (page["date"], page["doc_type"]) == ("2020-10-26", "通知")
    # the page's 发布时间, dropped with the credits by the reader, stays as the notice's frame line
    line = [p for p in index.passages if p.file == "page.html" and "发布时间" in p.text]
    assert [(p.text, p.role) for p in line] == [("发布时间：2020年10月26日", "frame")]
    assert not any("文章来源" in p.text or "点击数" in p.text for p in index.passages)


def test_the_day_a_page_was_published_is_answered_from_its_own_line(built):
    result = built.qa.ask("冬季防火工作的通知是哪天在网站上发布的？")
    assert result.answerable and result.answer.text.startswith("发布时间：2020年10月26日")


def test_facts_and_roles_are_kept_in_the_index_files(built):
    folder = built.index / "builds" / (built.index / "CURRENT").read_text().strip()
    speeches = json.loads((folder / "speeches.json").read_text(encoding="utf-8"))
    bulletin = [s for s in speeches if s["file"] == "bulletin.txt"]
    assert [s["speaker"] for s in bulletin] == ["王大明", "李小华"] and bulletin[0]["frame"][:6] == [1, 2, 3, 4, 5, 6]
    rows = [json.loads(l) for l in (folder / "passages.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["role"] for r in rows} == {"frame", "content"}
    assert all(r["speaker"] == "李小华" for r in rows if r["file"] == "bulletin.txt" and r["speech"] == 2)


@pytest.mark.parametrize("text, date", [("（2010年2月22日）", "2010-02-22"), ("2019 年5 月27 日印发", "2019-05-27"),
                                        ("二〇一九年六月十日", "2019-06-10"), ("2021年1月18", "2021-01-18"),
                                        ("date: 2019-09-26 03:08:39", "2019-09-26"), ("1月13日下午", ""),
                                        ("2022-3-2", "2022-03-02"), ("2022-13-40", ""),
                                        ("最后更新：2025/2/15", "2025-02-15"), ("2025/2-15", "")])
def test_dates_are_read_as_written(text, date):
    assert find_date(text) == date


def test_a_title_over_a_speech_subtitle_is_not_a_compilation(make_index):
    text = "坚定信心 真抓实干\n在全县经济工作会议上的讲话\n张三\n同志们：\n一、认清形势。今年经济运行总体平稳。\n二、明确任务。抓好项目建设。\n"
    speeches = make_index({"one.txt": text}).qa.build.outline()
    assert len(speeches) == 1 and [d["label"] for d in speeches[0]["directives"]] == ["一", "二"]


def test_the_real_documents_outline_as_written():
    docs = need_real_docs()
    speeches = scan_documents(docs).speeches
    by_file: dict = {}
    for s in speeches:
        by_file.setdefault(s.file, []).append(s)
    bulletin = by_file["city-education-conference-bulletin-2019.txt"]
    assert [s.title for s in bulletin] == ["马卫光同志的讲话摘要", "盛阅春同志的讲话摘要"]
    plan = by_file["teacher-development-plan.html"]
    assert len(plan) == 5 and all("实施方案" in s.title for s in plan[1:])
    from qa.ingest.directives import parse_directives

    def top(name, n=0):
        return [d.title for d in parse_directives(by_file[name][n])]

    assert [t[:2] for t in top("teacher-development-plan.html")] == ["一、", "二、", "三、", "七、"]
    assert [t[:2] for t in top("teacher-development-plan.html", 3)] == ["一、", "一、", "三、", "四、", "五、", "六、"]
    assert top("city-education-conference-bulletin-2019.txt", 1)[0] == "第一，要提高站位抓落实"
    assert [t[:2] for t in top("city-education-conference-bulletin-2019.txt")] == ["1.", "2.", "3.", "4.", "5."]
    assert len(top("rural-revitalization-opinions-2018.txt")) == 12
    assert len(top("school-staff-congress-report-2011.txt")) == 9
    assert top("gov-work-report-2024.txt") == ["一、2023年工作回顾", "二、2024年经济社会发展总体要求和政策取向",
                                               "三、2024年政府工作任务"]


def test_a_list_after_prose_follows_the_points_before_it(make_index):
    text = ("在总结大会上的讲话\n同志们：\n主题教育取得了明显成效。\n一是提升了理论修养。加深了理解。\n"
            "二是提高了政治觉悟。明确了方向。\n在充分肯定成绩的同时，也要清醒认识存在的问题。\n"
            "我们要持续推动守初心、不停步、再出发，念好“六字真经”：\n"
            "一要抓牢“领”字，突出示范性。\n二要把稳“广”字，突出全覆盖。\n")
    tree = make_index({"talk.txt": text}).qa.build.outline()[0]["directives"]
    assert [d["label"] for d in tree] == ["一是", "二是", "一要", "二要"]
    nested = "在全县项目建设推进会上的讲话\n（一）抓好项目谋划。一是对接国家政策。二是储备重大项目，重点做好以下工作：\n1.完善项目库。\n2.加快前期工作。\n"
    inner = make_index({"nested.txt": nested}, root=None).qa.build.outline()
    first = next(s for s in inner if s["file"] == "nested.txt")["directives"][0]
    assert [c["label"] for c in first["children"]] == ["一是", "二是"]
    assert [c["label"] for c in first["children"][1]["children"]] == ["1", "2"]  # announced with ：, so inside


def test_several_peoples_reports_in_one_file_are_one_speech_each(make_index):
    """1.张三（党委副书记、纪委书记） … 2.李  四（党委委员、副校长） …: each report is its
    own speech, its speaker and last office read from its title line; a list of people
    with their posts (one line each) stays a list."""
    def report(n, name, post, job):
        return (f"{n}.{name}（{post}）\n2019年我分管{job}等工作。现汇报如下：\n一、加强学习\n认真学习理论。\n"
                f"二、做好分管工作\n{job}工作有序推进。\n三、廉洁自律\n严守纪律。\n")
    text = report(1, "张三", "党委副书记、纪委书记", "德育") + report(2, "李  四", "党委委员、副校长", "后勤")
    index = make_index({"reports.txt": text})
    speeches = index.qa.build.outline()
    assert [s["title"] for s in speeches] == ["1.张三（党委副书记、纪委书记）", "2.李  四（党委委员、副校长）"]
    asked = index.qa.ask("李四副校长2019年分管哪些工作？")  # named by name and office: the second report
    assert "2.李 四（党委委员、副校长）" in asked.notice and asked.hits[0].passage.speech == 2
    assert "后勤" in asked.answer.sentences[0].text
    assert [s.get("speaker") for s in speeches] == ["张三", "李四"]
    assert all([d["label"] for d in s["directives"]] == ["一", "二", "三"] for s in speeches)
    roster = "获奖名单\n1.张三（高三1班班主任）\n2.李四（教务处副主任）\n3.王五（德育处主任）\n以上同志表现优秀。\n"
    outline = make_index({"roster.txt": roster}, root=None).qa.build.outline()
    assert len([s for s in outline if s["file"] == "roster.txt"]) == 1


def test_a_title_broken_over_two_lines_is_one_title_and_names_the_document(make_index):
    """A crawled notice sets its title over two lines (…关于加强 / …工作的意见): one title."""
    text = ("国务院办公厅关于加强\n三级公立医院绩效考核工作的意见\n国办发〔2019〕4号\n各省、自治区、直辖市人民政府：\n"
            "一、总体要求\n以公益性为导向，提高医疗服务效率。\n二、指标体系\n由医疗质量、运营效率、持续发展、满意度评价等指标构成。\n")
    built = make_index({"opinion.txt": text, "other.txt": PLAN})
    opinion = next(s for s in built.qa.build.outline() if s["file"] == "opinion.txt")
    assert opinion["title"] == "国务院办公厅关于加强三级公立医院绩效考核工作的意见"
    result = built.qa.ask("三级公立医院绩效考核那份意见分成几个部分？")
    assert result.mode == "outline" and "共2部分" in result.answer.text and "二、指标体系" in result.answer.text


def test_a_label_alone_in_its_table_cell_is_named_by_the_next_cell(make_index):
    text = ("附件\n考核指标\n一、医疗质量\n（一）\n功能定位\n1.门诊人次数与出院人次数比\n（二）\n合理用药\n"
            "2.点评处方占处方总数的比例\n二、运营效率\n（三）\n资源效率\n3.每名执业医师日均住院工作负担\n")
    tree = make_index({"annex.txt": text}).qa.build.outline()[0]["directives"]
    assert [c["heading"] for c in tree[0]["children"]] == ["功能定位", "合理用药"]
    assert [c["heading"] for c in tree[1]["children"]] == ["资源效率"]


def test_a_posts_front_matter_title_names_it_over_its_first_line(make_index):
    """A news post whose first line is its dateline and byline (**南开新闻网讯** （记者…) is
    titled by its front matter, without the site and the section path around it."""
    post = ("---\ntitle: 南开大学->南开大学召开巡视整改落实工作动员大会 | nankai.info\ndate: 2021-09-23 01:22:39\n---\n"
            "**南开新闻网讯** （记者 郝静秋 摄影\n\n宗琪琪）9月16日下午，巡视整改落实工作动员大会召开。\n\n"
            "杨庆山强调，要落实政治责任。一是紧盯“关键少数”。二是强化问题导向。\n")
    speech = make_index({"post.md": post}).qa.build.outline()[0]
    assert speech["title"] == "南开大学召开巡视整改落实工作动员大会" and speech["date"] == "2021-09-23"
    # the section path names the publisher where the headline (学校召开…) does not
    from qa.ingest.corpus import front_matter
    head = ["---", "title: 哈尔滨工程大学->学校召开2023年全面从严治党工作会议 | hrbeu.com.cn", "---", "正文。"]
    assert front_matter(head)[0]["title"] == "哈尔滨工程大学 学校召开2023年全面从严治党工作会议"


@pytest.mark.parametrize("byline, speaker, office", [
    ("——任正非在全县经济工作会议上的讲话", "任正非", ""),
    ("——县委书记张三在全县经济工作会议上的讲话", "张三", "县委书记"),
    ("——在全县经济工作会议上的讲话", "", ""),
])
def test_a_byline_names_its_speaker(make_index, byline, speaker, office):
    text = f"坚定信心 真抓实干\n{byline}\n同志们：\n一、认清形势。经济运行总体平稳。\n二、明确任务。抓好项目建设。\n"
    (speech,) = make_index({"talk.txt": text}).qa.build.outline()
    assert (speech["speaker"], speech["office"]) == (speaker, office)
    assert speech["meeting"] == "全县经济工作会议"


MINUTES = ("2022-06-22\n会议链接：https://example.org/j/839\n轮值主持：叶青龙\n与会人：魏刚、叶青龙、王悦良\n议题列表：\n"
           "1、申请成立标准工具SIG组 --苗宗利\n全票同意成立，指导运作：叶青龙。\n"
           "2、申请新建节能SIG组 --阙燕文\n节能目标：能效比提升10%。\n"
           "2022-3-2\n=========\n轮值主持人：王志钢\n与会人：王建民、王志钢、吴峰光\n议题列表：\n"
           "1、版本生命周期规划\nLTS以2+2为主，超期后按诉求成立联合维护团队。\n"
           "2、邮件服务专业化\n邮件列表迁移到新平台。\n")


def test_a_file_of_meeting_records_holds_one_part_a_meeting(make_index):
    """2022-06-22 / 会议链接：… / 轮值主持：…: each meeting's record is a part of its own, titled and dated
    by its day (2022-3-2 read as 2022-03-02), its agenda its own points; a day standing alone over
    prose (a date line under a title) starts nothing."""
    speeches = make_index({"minutes.txt": MINUTES}).qa.build.outline()
    assert [(s["title"], s["date"]) for s in speeches] == [("2022-06-22", "2022-06-22"), ("2022-3-2", "2022-03-02")]
    assert [d["label"] for d in speeches[1]["directives"]] == ["1", "2"]
    notice = "关于开展读书活动的通知\n2022-06-22\n各年级：\n一、活动时间\n六月全月。\n二、活动要求\n每人读一本书。\n"
    outline = make_index({"notice.txt": notice}, root=None).qa.build.outline()
    assert len([s for s in outline if s["file"] == "notice.txt"]) == 1


def _letter(to: str) -> str:
    return (f"某平台出借人\n关于追究股东责任的请愿书\n尊敬的{to}：\n"
            "今年3月，某平台因涉嫌非法吸收公众存款被立案侦查，仍有出借人2万，待偿金额14亿。\n"
            "一、原股东才是实际控制人\n股东长期实际控制平台的经营。\n"
            "二、股东涉嫌违规转让股权\n在股权冻结期间，股东仍将股权转让给他人。\n"
            "三、股东涉嫌利益输送\n股东控股的公司从平台获取了大量利润。\n"
            "附件一：相关证据来源\n【1】《关于股权变更的公告》，2019年1月17日\n【2】《年报问询函的回复》，2019年4月18日\n")


def test_one_letter_sent_to_several_people_is_one_document_to_the_asker(make_index):
    """A file holding the same letter to several people (sender / title / 尊敬的…： / points /
    附件一 …, again and again): each copy is a piece titled by its own title line (the sender
    over it is its frame), its annex a part of its own; a question naming the letter is answered
    from the first copy, not with a list of identical names to choose from."""
    text = _letter("张部长") + _letter("李主席") + _letter("王书记")
    built = make_index({"petition.txt": text, "other.txt": PLAN})
    speeches = [s for s in built.qa.build.outline() if s["file"] == "petition.txt"]
    assert [s["title"] for s in speeches] == ["关于追究股东责任的请愿书", "附件一：相关证据来源"] * 3
    assert [d["label"] for d in speeches[2]["directives"]] == ["一", "二", "三"]
    result = built.qa.ask("请愿书一共分成几点？第二点说的是什么？")
    assert "有多份" not in result.notice and "关于追究股东责任的请愿书" in result.notice
    assert "二、股东涉嫌违规转让股权" in result.answer.text and result.hits[0].passage.speech == 1


def test_rules_issued_after_a_notices_signature_are_a_part_of_their_own(make_index):
    """国家医保局 财政部 / 2022年6月30日 / …经办规程 / 第一章 总则: the rules a notice issues stand
    after its signature under their own title, not marked 附件; they are a part of their own,
    their chapters not nested under the notice's last point, and 最后一条 is theirs."""
    text = ("关于做好异地就医直接结算工作的通知\n各省医保局、财政厅：\n现就有关事项通知如下。\n"
            "一、总体要求\n坚持稳步推进，方便群众异地就医。\n二、工作要求\n各地要加强组织领导，按期完成任务。\n"
            "国家医保局 财政部\n2022年6月30日\n异地就医直接结算经办规程\n第一章 总则\n"
            "第一条 为规范异地就医直接结算经办业务，制定本规程。\n第二章 备案\n"
            "第二条 参保人员异地就医前应办理备案手续。\n第三条 本规程自2023年1月1日起实施。\n")
    built = make_index({"notice.txt": text, "other.txt": PLAN})
    notice, rules = [s for s in built.qa.build.outline() if s["file"] == "notice.txt"]
    assert [d["label"] for d in notice["directives"]] == ["一", "二"]
    assert rules["title"] == "异地就医直接结算经办规程"
    assert [d["label"] for d in rules["directives"]] == ["第一章", "第二章"]
    result = built.qa.ask("经办规程的最后一条规定了什么？")
    assert "自2023年1月1日起实施" in result.answer.sentences[0].text
    # 关于印发…细则的通知 over the 细则 it issues: the notice only wraps them, one piece
    issued = text.replace("关于做好异地就医直接结算工作的通知", "关于印发异地就医直接结算经办规程的通知")
    speeches = make_index({"issued.txt": issued}, root=built.docs.parent / "issued").qa.build.outline()
    assert [s["title"] for s in speeches] == ["关于印发异地就医直接结算经办规程的通知"]
    # … and a notice of a few lines over them is their frame: the one piece is named by their title
    short = ("关于印发异地就医直接结算经办规程的通知\n各省医保局：\n现将规程印发给你们。\n请认真贯彻执行。\n"
             "国家医保局\n2022年6月30日\n" + text[text.index("异地就医直接结算经办规程\n"):])
    (speech,) = make_index({"short.txt": short}, root=built.docs.parent / "short").qa.build.outline()
    assert speech["title"] == "异地就医直接结算经办规程" and speech["date"] == "2022-06-30"
