"""Documents named the way people name them (qa/search/docrefs.py, doc_scope.py,
doc_structure.py), on a real index of real documents: title words, type, speaker and
office, year, 这份/这篇; structure questions on every document; --year / --speaker."""
from __future__ import annotations

import pytest

import qa
from qa.search.docrefs import DocumentReferences
from qa.testing import HashEmbedder, tiny_index
from tests.real_search_docs import real_index, small_real_index  # noqa: F401 (a fixture)

DOCS = ("gov-work-report-2024.txt", "edu-bureau-annual-speech-2010.txt", "school-staff-congress-report-2011.txt",
        "rectification-report.txt", "power-fire-prevention-notice-2021.html", "cadre-training-opening-speech-2018.txt")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return real_index(tmp_path_factory, *DOCS)


@pytest.fixture(scope="module")
def refs(real):
    return DocumentReferences(real.qa.build.speeches)


def doc(refs, file):
    return next(d for d in refs.docs if d.file == file)


def test_what_each_document_is_called(refs):
    gov = doc(refs, "gov-work-report-2024.txt")
    assert gov.year == 2024 and "报告" in gov.types and "总理" in gov.offices
    edu = doc(refs, "edu-bureau-annual-speech-2010.txt")
    assert edu.year == 2010 and "讲话" in edu.types and "陈国阳" in edu.speakers and "局长" in edu.offices
    assert "通知" in doc(refs, "power-fire-prevention-notice-2021.html").types
    assert "通报" in doc(refs, "rectification-report.txt").types


@pytest.mark.parametrize("question, file", [
    ("局长那篇讲话第三部分讲的什么？", "edu-bureau-annual-speech-2010.txt"),
    ("陈国阳局长的讲话分几方面内容？", "edu-bureau-annual-speech-2010.txt"),
    ("教代会工作报告第二部分讲什么？", "school-staff-congress-report-2011.txt"),
    ("李强总理报告里第七项任务讲什么？", "gov-work-report-2024.txt"),
    ("巡视整改通报分几个部分？", "rectification-report.txt"),
    ("今冬明春火灾防控通知的重点任务有几项？", "power-fire-prevention-notice-2021.html"),
])
def test_a_named_document_is_resolved(refs, question, file):
    ref = refs.resolve(question, structural=True)
    assert ref.doc is not None and ref.doc.file == file


def test_a_name_that_fits_several_lists_them(real):
    result = real.qa.ask("那篇讲话第二部分讲了什么？")
    assert "有多份" in result.notice and len({h.passage.file for h in result.hits}) > 1
    assert "在全市教育系统年度工作会议上的讲话" in result.notice


def test_structure_questions_on_a_named_document(real):
    third = real.qa.ask("局长那篇讲话第三部分讲的什么？")
    assert "在全市教育系统年度工作会议上的讲话" in third.notice
    assert third.hits[0].passage.file == "edu-bureau-annual-speech-2010.txt"
    assert "2010年绍兴教育的工作重点" in third.answer.text
    last = real.qa.ask("巡视整改通报的最后一部分是什么？")
    tree = real.qa.pipeline.structure.tree("rectification-report.txt", 1)
    assert tree[-1].heading in last.answer.text


def test_a_count_question_cites_the_documents_own_count(real):
    result = real.qa.ask("陈国阳局长的讲话分几方面内容？")
    assert result.answer.sentences[0].text.startswith("下面，我讲三方面内容")
    assert "共3个方面，最后一个方面是" in result.answer.text and "2009年教育工作的简要回顾" in result.answer.text


def test_which_number_a_point_is(real):
    result = real.qa.ask("巡视整改通报里“加强领导，明确责任”是第几点？")
    assert "第一部分第二点" in result.answer.text and result.answer.sentences


def test_this_document_follows_the_previous_turn(real):
    result = real.qa.ask("这篇讲话一共讲了几部分？", history=["陈国阳局长讲话第一部分讲了什么？"])
    assert result.hits and result.hits[0].passage.file == "edu-bureau-annual-speech-2010.txt"


def test_year_and_speaker_filters(real):
    index = qa.open_index(real.index, embedder=real.qa.service.embedder)
    by_year = index.ask("工作重点是什么？", year=2010)
    assert by_year.hits and all(h.passage.file == "edu-bureau-annual-speech-2010.txt" for h in by_year.hits)
    by_speaker = index.ask("工作重点是什么？", speaker="陈国阳")
    assert by_speaker.hits and all(h.passage.file == "edu-bureau-annual-speech-2010.txt" for h in by_speaker.hits)
    none = index.ask("工作重点是什么？", year=1999)
    assert not none.hits and "没有符合" in none.notice
    several = index.ask("安全", year=2024, speaker="总理")
    assert all(h.passage.file == "gov-work-report-2024.txt" for h in several.hits)
    with pytest.raises(qa.QAError):
        index.ask("安全", year="2010")


def test_api_schema_takes_year_and_speaker():
    from qa.web.api_schema import AskRequest

    request = AskRequest(question="工作重点", year=2010, speaker="局长")
    assert request.year == 2010 and request.speaker == "局长"


def test_cli_takes_year_and_speaker(small_real_index, capsys):
    import json

    from qa.cli import main

    code = main(["ask", "--json", "--index", str(small_real_index.index), "--speaker", "国家能源局",
                 "--year", "2021", "重点任务有哪些？"])
    line = json.loads(capsys.readouterr().out.splitlines()[0])
    assert code == 0 and line["results"]
    assert all(r["citation"]["file"] == "power-fire-prevention-notice-2021.html" for r in line["results"])
    assert main(["ask", "--json", "--index", str(small_real_index.index), "--year", "1999", "重点任务"]) == 0
    assert "没有符合" in json.loads(capsys.readouterr().out.splitlines()[0])["notice"]


def test_a_count_question_about_one_heading_lists_its_items(real):
    result = real.qa.ask("时间步骤分几个阶段？")
    assert result.hits[0].passage.file == "power-fire-prevention-notice-2021.html"
    text = result.answer.text
    assert "三、时间步骤" in text and "共3点，最后一点是：（三）总结验收" in text and "部署发动" in text
    assert "《国家能源局综合司关于做好今冬明春电力行业火灾防控工作的通知》" in text  # named, not 第一篇


def test_the_page_filter_offers_years_and_speakers(real):
    from qa.web import chat

    choices = dict((value, label) for label, value in chat.speech_choices(real.qa))
    assert choices.get("year:2010") == "2010年的文档" and choices.get("speaker:陈国阳") == "讲话人：陈国阳"
    turns = chat.ask(real.qa, "工作重点有哪些？", speech="year:2010")
    assert "edu-bureau-annual-speech-2010.txt" in turns[-1]["html"]
    assert "gov-work-report-2024.txt" not in turns[-1]["html"]
    assert chat.parse_filter("year:2010") == (None, None)  # never taken for a speech number


def test_questions_about_a_named_document_itself(real):
    meeting = real.qa.ask("这份政府工作报告是在哪次会议上作的？")
    assert "第十四届全国人民代表大会第二次会议" in meeting.answer.sentences[0].text
    day = real.qa.ask("陈国阳那篇讲话是哪天讲的？")
    assert "2010年2月22日" in day.answer.sentences[0].text
    issuer = real.qa.ask("电力火灾防控的通知是谁发的？")
    assert issuer.answer.sentences[0].text.startswith("国家能源局综合司")
    named = real.qa.ask("电力火灾防控那份通知是以哪个单位名义发的？")
    assert named.answer.sentences[0].text.startswith("国家能源局综合司")
    number = real.qa.ask("电力行业火灾防控那份通知的文号是多少？")
    assert "国能综通安全〔2021〕108号" in number.answer.sentences[0].text
    assert "国能综通安全〔2021〕108号" in number.hits[0].passage.text
    title = real.qa.ask("巡视整改那份通报的全称是什么？")
    assert title.answer.sentences[0].text == "关于巡视整改情况的通报"
    heading = real.qa.ask("政府工作报告第二部分的标题是什么？")  # a part's heading, not the title
    assert "总体要求和政策取向" in heading.answer.text
    deadline = real.qa.ask("火灾防控通知要求部署发动在哪天前完成？")  # a date inside it, not its own
    assert "2021年12月10日前" in " ".join(h.passage.text for h in deadline.hits[:3])


def test_a_forwarding_line_naming_both_speakers_makes_neither_speech_the_others(small_real_index):
    """The bulletin's first speech opens with the notice that names 马卫光书记 and 盛阅春市长:
    that speech is still 马卫光's, so 市长讲话 names the second one alone."""
    refs = DocumentReferences(small_real_index.qa.build.speeches)
    first, second = [d for d in refs.docs if d.file.startswith("city-education")]
    assert first.speakers == ["马卫光"] and "盛阅春" in first.mentioned
    assert "市长" not in first.offices and "市长" in second.offices
    ref = refs.resolve("市长讲话第一条讲的啥？", structural=True)
    assert ref.doc is second


PLAN = """关于做好校园安全工作的实施方案

一、总体要求
坚持安全第一、预防为主。

二、基本原则
1.坚持属地管理，各校对本校安全负总责。
2.坚持分类施策，区分中小学和幼儿园。
3.坚持群防群治，发动家长共同参与。

三、主要措施
1.每月开展一次消防演练。
2.每学期组织一次食品安全检查。

四、其他事宜
1.本方案自印发之日起施行。
2.本方案由教育局负责解释。
"""


def index_of(tmp_path, docs: dict[str, str]):
    """A real index of ``docs`` (fake embedder)."""
    return tiny_index(tmp_path, docs, HashEmbedder())


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    return index_of(tmp_path_factory.mktemp("plan"), {"plan.txt": PLAN, "other.txt": "另一份材料。\n\n一、学习\n认真学习。"})


def ask_beside_plan(tmp_path, docs: dict[str, str], question: str):
    """``question`` asked of a real index of ``docs`` and the plan above (fake embedder)."""
    return index_of(tmp_path, {**docs, "other.txt": PLAN}).qa.ask(question)


@pytest.mark.parametrize("question, gold", [
    ("基本原则的第二条是什么？", "坚持分类施策"),
    ("实施方案里基本原则最后一条是什么？", "坚持群防群治"),
    ("主要措施第1条讲什么？", "消防演练"),
    ("其他事宜的最后一条是什么？", "由教育局负责解释"),
])
def test_an_item_of_a_list_named_by_its_heading(plan, question, gold):
    """"基本原则的第二条": the second item under the heading 基本原则, not the document's second part."""
    result = plan.qa.ask(question)
    assert result.answerable and result.hits
    assert gold in result.hits[0].passage.text, question
    assert gold in result.answer.text


def test_an_ordinal_past_the_end_of_the_named_list_is_not_guessed(plan):
    from qa.search.doc_structure import heading_item
    from qa.search.query import analyze

    tree = plan.qa.pipeline.structure.tree
    keys = sorted(plan.qa.pipeline.build.speech_keys)
    assert heading_item(analyze("基本原则的第二条是什么？"), tree, keys)[1:] == ([2, 2], "条", None)
    assert heading_item(analyze("基本原则的第九条是什么？"), tree, keys) is None
    assert heading_item(analyze("第二条是什么？"), tree, keys) is None  # no list named


def test_an_office_in_the_title_of_a_form_is_its_subject_not_its_speaker(tmp_path):
    """附件 班主任、教研组长申报表: no one speaks, so 组长 in a question does not name it."""
    index = index_of(tmp_path, {
        "form.txt": "班主任、教研组长申报表\n\n姓名 性别 任教学科 任职优势\n",
        "speech.txt": "在全校教师大会上的讲话\n王  琛\n\n同志们：\n\n一、认清形势\n形势逼人。\n\n二、明确任务\n任务艰巨。\n",
    })
    refs = DocumentReferences(index.qa.build.speeches)
    form = next(d for d in refs.docs if d.file == "form.txt")
    speech = next(d for d in refs.docs if d.file == "speech.txt")
    assert form.offices == set()
    assert speech.speakers == ["王琛"]  # the padded name read whole
    assert refs.resolve("教研组长申报表要填什么？").doc is form  # named by its title words, still


def test_a_part_that_states_its_own_count_is_cited_first(tmp_path):
    """二、重点项目 … 着重建设好以下三大项目: the part's own sentence answers 有几个 first;
    a 以下N项 somewhere in a whole speech does not count the speech's points."""
    text = ("学校五年发展规划\n\n一、指导思想\n坚持育人为本，做好以下两项工作。\n\n"
            "二、重点项目\n为保证规划实施，着重建设好以下三大项目。\n（一）课程建设。\n（二）师资建设。\n（三）校园建设。\n\n"
            "三、保障措施\n加强领导。\n")
    index = index_of(tmp_path, {"plan.txt": text})
    result = index.qa.ask("重点项目一共有几个？")
    assert result.answer.sentences[0].text == "为保证规划实施，着重建设好以下三大项目。"
    assert "共3点，最后一点是：（三）校园建设" in result.answer.text
    whole = index.qa.ask("这份规划一共分几个部分？")
    assert "以下两项" not in whole.answer.sentences[0].text and "共3部分，最后一部分是" in whole.answer.text


NOTICE = """关于做好寒假安全工作的通知
（2021年1月5日）

各学校：
为确保师生度过一个平安祥和的寒假，现就做好寒假安全工作通知如下。

一、加强安全教育
各校要在放假前开展一次安全教育。

二、落实值班制度
寒假期间实行领导带班和值班制度，确保信息畅通。各校要把安全责任落实到每一个岗位。

市教育局办公室
2021年1月5日印发
"""


@pytest.mark.parametrize("question, first_sentence", [
    ("这份通知开头说了什么？", "为确保师生度过一个平安祥和的寒假"),
    ("寒假安全通知的最后一句话是什么？", "各校要把安全责任落实到每一个岗位。"),
])
def test_the_opening_and_the_closing_of_a_named_document(tmp_path, question, first_sentence):
    """Not the date line under the title, not the signature and 印发 line at the foot."""
    result = ask_beside_plan(tmp_path, {"notice.txt": NOTICE}, question)
    assert result.answerable and result.mode == "outline"
    assert result.answer.sentences[0].text.startswith(first_sentence)
    assert first_sentence in result.hits[0].passage.text


def test_the_date_of_a_document_is_quoted_from_its_own_line(tmp_path):
    """落款日期 / 什么时候印发: the signature's date line at the foot, cited where it stands."""
    result = ask_beside_plan(tmp_path, {"notice.txt": NOTICE.replace("2021年1月5日印发", "2021年1月6日印发")},
                             "寒假安全通知的落款日期是哪天？")
    assert "2021年1月6日" in result.answer.sentences[0].text
    assert "2021年1月6日" in result.hits[0].passage.text


def test_a_count_stated_as_the_parts_a_report_covers(tmp_path):
    """下面我就三个方面作一简要汇报 states the count of 讲了哪几个方面."""
    text = ("家长开放日讲话稿\n\n各位家长：\n下面我就近一年的情况、存在的问题和下步打算三个方面作一简要汇报。\n\n"
            "一、工作情况\n有进步。\n\n"
            "二、存在问题\n有不足。\n\n三、下步打算\n再努力。\n")
    result = ask_beside_plan(tmp_path, {"speech.txt": text}, "家长开放日讲话稿一共讲了哪几个方面？")
    assert result.answer.sentences[0].text == "下面我就近一年的情况、存在的问题和下步打算三个方面作一简要汇报。"


def test_form_cells_are_not_speakers_and_a_sending_office_names_its_notice(tmp_path):
    form = "附件1 教师岗位申请表\n\n姓名\n性别\n任教学科\n"
    notice = "关于学习典型问题通报的通知\n\n各位老师：\n请认真学习附件中的典型问题通报，引以为戒。\n\n党政办\n2021年12月29日\n"
    index = index_of(tmp_path, {"form.txt": form, "notice.txt": notice, "other.txt": PLAN, "plan2.txt": NOTICE,
                                "speech.txt": "在全校教师大会上的讲话\n\n同志们：\n\n一、认清形势\n形势逼人。\n"})
    refs = DocumentReferences(index.qa.build.speeches)
    assert next(d for d in refs.docs if d.file == "form.txt").speakers == []
    sent = next(d for d in refs.docs if d.file == "notice.txt")
    assert "党政办" in sent.words and "党政办" not in sent.speakers
    assert refs.resolve("党政办那份通知是哪天发的？").doc is sent  # of the two 通知, the one it sent


def test_a_compilation_is_issued_by_the_line_that_closes_the_file(small_real_index):
    """The bulletin's 印发 line stands after its second speech; asked of the first, it still answers."""
    result = small_real_index.qa.ask("马卫光书记讲话那期通报是哪个单位印发的？")
    assert result.answer.sentences[0].text.startswith("中共绍兴市委办公室")
    assert "中共绍兴市委办公室" in result.hits[0].passage.text


def test_an_item_of_a_list_named_by_the_sentence_announcing_it(tmp_path):
    """三、存在问题 … 还存在一些不足，主要如下： 1. … 2. … 3. …: 不足中第三条 is the third of them."""
    text = ("学校领导班子总结报告\n\n一、主要成绩\n成绩显著。\n\n二、今后打算\n继续努力。\n\n"
            "三、存在问题\n当然，学校工作还存在一些不足，主要如下：\n1.课程改革需要深化。\n"
            "2.教师队伍结构有待优化。\n3.尖子学生培养工作有待推进。\n")
    result = ask_beside_plan(tmp_path, {"report.txt": text}, "总结报告列出的不足中第三条是什么？")
    assert "尖子学生培养工作有待推进" in result.hits[0].passage.text


HIRING = """2021年学校岗位竞聘实施方案

一、基本原则
坚持按需设岗。

二、其他事宜
本方案由校长室负责解释。

附件：
1．行政管理人员候选人申请表（原行政）
2．学科岗位申请表

附件1
行政管理人员候选人
申请表
姓名
性别

附件2
学科岗位申请表
姓名
"""


@pytest.mark.parametrize("question, answer", [
    ("竞聘实施方案的附件1是什么表？", "1．行政管理人员候选人申请表（原行政）"),
    ("竞聘实施方案的附件2是什么？", "2．学科岗位申请表"),
    ("竞聘实施方案后面的附件二列的是什么？", "2．学科岗位申请表"),  # 列/包括/说 ask it too
])
def test_an_annex_is_named_from_the_documents_own_list(tmp_path, question, answer):
    """The list under 附件： names each annex whole (its own title may break across lines)."""
    result = ask_beside_plan(tmp_path, {"hiring.txt": HIRING}, question)
    assert result.answer.sentences[0].text == answer
    assert answer in result.hits[0].passage.text


def test_a_year_that_names_the_document_rules_out_one_of_another_year(refs):
    """2012年…工作会议 is not the 2010 meeting's speech; 2009年工作回顾 (a year inside it) still finds it."""
    assert refs.resolve("2012年全市教育系统年度工作会议上局长讲了哪几个方面？", structural=True).doc is None
    named = refs.resolve("2010年全市教育系统年度工作会议上局长讲了哪几个方面？", structural=True).doc
    assert named is not None and named.file == "edu-bureau-annual-speech-2010.txt"
    inside = refs.resolve("陈国阳局长讲话里2009年工作回顾讲了哪几个方面？", structural=True).doc
    assert inside is not None and inside.file == "edu-bureau-annual-speech-2010.txt"


def test_a_word_many_passages_use_is_not_a_documents_name(tmp_path):
    """领导 is in the summary's title (领导班子总结报告) and in 领导小组 of the question, but
    many passages use it: the question is not scoped to the summary, and the person who
    leads the group is answered from the plan's own member list."""
    summary = ("绍兴一中领导班子总结报告\n\n各位教工：\n\n一、加强领导\n班子成员带头学习，领导作风明显转变。\n\n"
               "二、存在不足\n领导干部深入一线不够。\n")
    plan = ("县管校聘实施方案\n\n一、成立组织\n学校成立“县管校聘”工作领导小组，下设竞聘工作小组。具体人员组成为：\n"
            "1.“县管校聘”工作领导小组\n组长：王  琛\n组员：孙洪亮、蒋  明\n2.竞聘工作小组\n组长：孙洪亮\n组员：俞奇弘\n\n"
            "二、工作要求\n各部门主要领导要高度重视，领导小组统筹推进。\n")
    index = index_of(tmp_path, {"summary.txt": summary, "plan.txt": plan, "other.txt": PLAN})
    question = "“县管校聘”工作领导小组组长是谁？"
    lexical = index.qa.build.lexical
    assert lexical.doc_freq("领导") / lexical.num_docs > 0.05  # the premise: a common word here
    refs = index.qa.pipeline.docrefs
    assert refs.resolve(question).doc is None
    assert refs.resolve("领导班子总结报告第二部分讲什么？", structural=True).doc.file == "summary.txt"
    result = index.qa.ask(question)
    assert "问题指向" not in result.notice
    assert result.hits[0].passage.file == "plan.txt"
    assert "组长：王  琛" in result.answer.sentences[0].text


def test_of_two_headings_holding_the_topic_the_one_that_is_all_topic_is_counted(tmp_path):
    """§2.实施步骤和重点项目 and its 二、重点项目 both hold 重点项目: 有几个 counts the latter's items."""
    text = ("学校五年发展规划\n\n§1.指导思想\n一、总体思路\n坚持育人为本。\n二、办学目标\n建成一流学校。\n\n"
            "§2.实施步骤和重点项目\n一、实施步骤\n（一）启动阶段。\n（二）推进阶段。\n"
            "二、重点项目\n着重建设好以下三大项目。\n（一）课程建设。\n（二）师资建设。\n（三）校园建设。\n")
    result = ask_beside_plan(tmp_path, {"plan5.txt": text}, "规划的重点项目一共有几个？")
    assert result.answer.sentences[0].text == "着重建设好以下三大项目。"
    assert "共3点，最后一点是：（三）校园建设" in result.answer.text


def test_a_persons_name_asked_of_a_named_document_is_not_its_title(plan):
    """实施方案的全称 asks the title; 实施方案的负责人叫什么名字 asks a person's, which the plan never gives."""
    title = plan.qa.ask("校园安全实施方案的全称是什么？")
    assert title.answer.sentences[0].text == "关于做好校园安全工作的实施方案"
    person = plan.qa.ask("校园安全实施方案里的负责人叫什么名字？")
    assert person.mode != "outline"
    assert not person.answer or all(s.text != "关于做好校园安全工作的实施方案" for s in person.answer.sentences)


def test_the_last_part_of_a_named_document_is_that_part_in_order(plan):
    """最后一部分 names a part as 第四部分 does: the part's own words first, not a search
    for 最后 inside it."""
    result = plan.qa.ask("实施方案的最后一部分讲什么？")
    assert result.mode == "structural"
    assert result.answer.sentences[0].text.startswith("四、其他事宜")
    assert result.hits[0].passage.text.startswith("四、其他事宜")


GAOKAO = """2022年高考考点疫情防控工作方案

一、组织领导
组长：王琛
副组长：孙洪亮、蒋明、俞奇弘
组员：刘明玉、冯王亮、何隽豪

二、工作要点
考生进入考点时在入口处进行体温检测，体温检测正常才能进入考点。

三、应急预案
考生当天体温异常的，经专用通道到隔离考场参加考试。
"""


@pytest.mark.parametrize("question, check", [
    ("高考防疫工作方案一共分几部分？", lambda r: r.mode == "outline" and "共3部分" in r.answer.text),
    ("高考防疫方案的组长是谁？", lambda r: "组长：王琛" in r.answer.sentences[0].text),  # short, yet the answer
    ("高考防疫方案里对体温有什么要求？", lambda r: "防疫" not in r.query.core and "防疫" not in r.query.synonyms
     and "体温" in r.hits[0].passage.text),
])
def test_a_document_named_by_a_short_form_of_its_title(tmp_path, question, check):
    """高考防疫 is the asker's short form of 高考考点疫情防控 (characters of the title): it names
    the document, so it is neither a topic to search for nor a synonym (防控) pulling the title."""
    docs = {"gaokao.txt": GAOKAO, "notice.txt": NOTICE, "summary.txt": "学校工作总结\n\n一、成绩\n教学质量稳步提升。\n",
            "speech.txt": "在全校教师大会上的讲话\n\n同志们：\n\n一、认清形势\n形势逼人。\n"}
    result = index_of(tmp_path, docs).qa.ask(question)
    assert "2022年高考考点疫情防控工作方案" in result.notice
    assert check(result), result.query


REFLECTIONS = """10月16日上午，中国共产党第二十次全国代表大会在人民大会堂开幕。
绍兴一中的师生们收看了开幕会盛况，认真聆听了二十大报告。
开幕会结束后，师生们围绕二十大报告中最有共鸣的一句话谈体会。
高三教师：二十大报告提出加快建设教育强国，我们要办好人民满意的教育。
竞赛党支部 范捷：二十大报告强调科技是第一生产力，人才是第一资源。
供稿：党政办、各党支部
"""


def test_a_page_saved_without_its_title_is_named_by_what_it_is_about(tmp_path):
    """The body of a saved page starts with its first sentence: the nouns it uses most that the
    other documents do not (二十大) name it, and its 供稿： credit says who wrote it."""
    index = index_of(tmp_path, {"reflections.txt": REFLECTIONS, "plan.txt": PLAN, "notice.txt": NOTICE})
    refs = index.qa.pipeline.docrefs
    page = next(d for d in refs.docs if d.file == "reflections.txt")
    assert "二十大" in page.words
    assert refs.resolve("师生热议二十大报告那篇稿子是谁供稿的？").doc is page
    result = index.qa.ask("师生热议二十大报告那篇稿子是谁供稿的？")
    assert result.answer.sentences[0].text == "供稿：党政办、各党支部"
    plan = next(d for d in refs.docs if d.file == "plan.txt")
    assert not plan.words & {"消防", "演练"}  # a titled document keeps the names its title gives it


def test_a_list_named_by_what_all_its_items_say(tmp_path):
    """一、2009年工作回顾 holds （一）实施质量提升工程 （二）实施校舍建设工程 （三）实施平安校园工程:
    哪三大工程 names that part by its heading and by what every item of it says."""
    text = ("在全市教育工作会议上的讲话\n\n同志们：\n\n一、2009年工作回顾\n回顾2009年的工作，我们主要实施了以下三大工程：\n"
            "（一）实施质量提升工程，教学质量全省领先。\n（二）实施校舍建设工程，新建校舍十万平方米。\n"
            "（三）实施平安校园工程，安全管理走向常态。\n\n二、2010年工作要求\n（一）抓好课程改革。\n（二）抓好队伍建设。\n")
    result = ask_beside_plan(tmp_path, {"speech.txt": text}, "2009年工作回顾里实施了哪三大工程？")
    assert result.mode == "outline"
    assert all(item in result.answer.text for item in ("实施质量提升工程", "实施校舍建设工程", "实施平安校园工程"))


def test_a_part_named_by_number_and_its_quoted_heading_lists_its_items(plan):
    """第三部分“主要措施” repeats the heading of the part it numbers: the part's items, not a search
    for 主要措施 inside it; 哪几块 asks for them as 哪几点 does."""
    result = plan.qa.ask("实施方案第三部分“主要措施”包括哪几块？")
    assert result.mode == "outline"
    assert "每月开展一次消防演练" in result.answer.text and "每学期组织一次食品安全检查" in result.answer.text


def test_an_item_of_a_list_named_by_the_lines_that_lead_into_it(tmp_path):
    """附：市纪委通报3起典型问题 / 现将3起问题通报如下： / 1. … 2. … 3. …: the list has no heading of
    its own, the lines before it name it; a heading that names a list as well still wins."""
    cases = ("关于学习典型问题通报的通知\n\n各位老师：\n请认真学习以下通报。\n附：市纪委通报3起违反八项规定典型问题\n"
             "现将全市查处的3起典型问题通报如下：\n1.某局干部张某违规收受礼品问题。张某受到警告处分。\n"
             "2.某镇干部李某公车私用问题。李某受到诫勉谈话。\n3.某村干部王某失职失责问题。王某受到严重警告处分。\n")
    index_docs = {"cases.txt": cases, "plan.txt": PLAN}
    index = index_of(tmp_path, index_docs)
    first = index.qa.ask("市纪委通报的3起问题中第一起是什么？")
    assert first.answer.sentences[0].text.startswith("1.某局干部张某违规收受礼品问题")
    last = index.qa.ask("纪委通报的3起问题里最后一起是什么？")
    assert last.answer.sentences[0].text.startswith("3.某村干部王某失职失责问题")
    assert index.qa.ask("实施方案里基本原则最后一条是什么？").answer.sentences[0].text.startswith("3.坚持群防群治")


def test_a_list_that_starts_again_at_one_is_named_by_the_sentence_before_it(tmp_path):
    """二、工作成绩 1. 2. 3. … 但也还存在一些不足，主要如下： 1. 2. 3.: the second run is a list of
    its own, named by the sentence that announces it; 不足中第三条 is its third item."""
    text = ("学校三年工作总结\n\n一、加强班子建设\n班子团结协作。\n\n二、工作成绩\n1.学校考核获得佳绩。连续三年获评优秀。\n"
            "2.教学质量稳步提升。高考再创新高。\n3.培养了一批名师。名师队伍壮大。\n回顾三年来的工作，我们也还存在一些不足，主要如下：\n"
            "1.管理工作有待进一步精细化。制度执行不够到位。\n2.教师积极性有待进一步激发。激励机制尚需完善。\n"
            "3.尖子学生培养有待进一步推进。创新班招生滞后。\n")
    result = ask_beside_plan(tmp_path, {"summary.txt": text}, "工作总结列出的不足中第三条是什么？")
    assert result.answer.sentences[0].text.startswith("3.尖子学生培养有待进一步推进")
    again = ask_beside_plan(tmp_path / "again", {"summary.txt": text}, "工作总结里的工作成绩第三条是什么？")
    assert again.answer.sentences[0].text.startswith("3.培养了一批名师")


def test_this_years_tasks_are_the_part_whose_heading_writes_the_year(tmp_path):
    """今年的工作任务 in a 2024 report: the heading says 2024年工作任务, so 今年 names no heading
    word, and 任务 alone (工作 says nothing) is enough when one heading holds it."""
    text = ("2024年区政府工作报告\n\n一、2023年工作回顾\n（一）经济回升向好。\n（二）民生保障有力。\n\n"
            "二、2024年政府工作任务\n（一）推进产业建设。\n（二）扩大国内需求。\n（三）保障改善民生。\n")
    result = ask_beside_plan(tmp_path, {"report.txt": text}, "区政府工作报告里今年的工作任务一共列了几项？")
    assert result.mode == "outline" and "共3项，最后一项是：（三）保障改善民生" in result.answer.text


def test_the_nth_point_of_a_document_that_is_one_numbered_section(tmp_path):
    """A report whose text is one section (一、…) with （一）（二）（三）: 第三条 is its third point,
    named as the question named it."""
    text = ("关于巡视整改情况的通报\n\n一、整改落实工作总体情况\n（一）及时传达，认真部署。召开专题会议。\n"
            "（二）加强领导，明确责任。成立工作机构。\n（三）明确时限，强化监督。制定时间表。\n")
    result = ask_beside_plan(tmp_path, {"report.txt": text}, "这份整改通报的第三条讲什么？")
    assert result.mode in ("outline", "structural")  # the part itself, not a search for 第三条
    assert result.answer.sentences[0].text.startswith("（三）明确时限，强化监督")
    nested = text.replace("制定时间表。\n", "\n一是制定时间表，明确完成时限。\n二是加强督查督办，定期通报进度。\n")
    listed = ask_beside_plan(tmp_path / "nested", {"report.txt": nested}, "这份整改通报的第三条讲什么？")
    assert "第一部分第三条是：（三）明确时限，强化监督" in listed.answer.text and "二是加强督查督办" in listed.answer.text


def test_the_years_a_plan_covers_are_quoted_from_its_head(tmp_path):
    plan = ("学校五年发展规划\n（2021年9月—2026年8月）\n\n一、指导思想\n坚持育人为本。\n\n二、发展目标\n建成一流学校。\n")
    result = ask_beside_plan(tmp_path, {"five.txt": plan}, "五年发展规划管的是哪几年？")
    assert result.answer.sentences[0].text == "（2021年9月—2026年8月）"


def test_an_office_only_one_speaker_holds_names_that_speech(tmp_path):
    """市长说…: of the documents only one speech's speaker is a 市长, so the office alone names it;
    a filter's narrower set of documents reads the same whole-build facts."""
    mayor = "在全市教育大会上的讲话\n市长 李小华\n\n同志们：\n\n一、打造平安校园\n力争把校园打造成为全市最安全的地方。\n"
    head = "在全校开学典礼上的讲话\n校长 王大明\n\n同学们：\n\n一、树立目标\n新学期要有新目标。\n"
    index = index_of(tmp_path, {"mayor.txt": mayor, "head.txt": head, "plan.txt": PLAN})
    refs = index.qa.pipeline.docrefs
    assert refs.resolve("市长说要把校园建成什么样？").doc.file == "mayor.txt"
    assert refs.resolve("校长先后主持开了几次会议？").doc is None  # the office of someone spoken of
    narrow = refs.within({("mayor.txt", 1), ("head.txt", 1)})
    assert narrow.office_count == refs.office_count and narrow.common == refs.common and len(narrow.docs) == 2
    assert narrow.resolve("市长说要把校园建成什么样？").doc.file == "mayor.txt"


def test_which_people_is_a_question_about_content_not_structure(tmp_path):
    """哪几位老师被评为学科带头人 asks for people, not a document's points: the place in one
    document's title (绍兴市) does not scope it there as a structure question would be."""
    plan = "关于绍兴市第一中学教师专业发展的行动方案\n\n一、培养目标\n培养一批骨干教师。\n\n二、培养措施\n组织骨干教师参加培训。\n"
    report = ("学校工作报告\n\n一、队伍建设\n1月份，谢澹、朱国强等4位老师被评为绍兴市学科带头人。\n\n"
              "二、教学质量\n高考成绩再创新高。\n")
    index = index_of(tmp_path, {"plan.txt": plan, "report.txt": report, "notice.txt": NOTICE})
    result = index.qa.ask("哪几位老师被评为绍兴市学科带头人？")
    assert "问题指向" not in result.notice and result.hits[0].passage.file == "report.txt"
    assert index.qa.pipeline.docrefs.resolve("行动方案分哪几个部分？", structural=True).doc.file == "plan.txt"


def test_an_annex_is_named_by_its_title_not_by_the_documents_it_lists(tmp_path):
    """附件1 lists other policies (…高中…攻坚方案): those names are not the annex's. A question naming
    the main plan by its title words and 高中 is scoped to the plan, not to the annex."""
    text = ("绍兴市教育发展规划\n一、主要任务\n优质高中招生指标分配到区域内初中的比例不低于60%。\n"
            "二、保障措施\n加大投入。\n附件1：教育现代化政策体系\n一个纲要\n教育现代化行动纲要\n"
            "两个方案\n高中阶段教育高水平发展攻坚方案\n职业教育提质方案\n")
    index = index_of(tmp_path, {"plan.txt": text, "other.txt": PLAN})
    refs = DocumentReferences(index.qa.build.speeches)
    annex = next(d for d in refs.docs if d.title.startswith("附件1"))
    assert annex.name.startswith("附件1") and "高中" not in annex.words
    result = index.qa.ask("教育发展规划里优质高中招生指标分到初中的比例不低于多少？")
    assert "绍兴市教育发展规划" in result.notice


def test_a_plan_under_a_forwarding_notice_is_named_by_its_title_line(tmp_path):
    """The notice opens the file (各处室：…公布…); the plan's own title line below it (…行动计划) is what
    people call it: 计划 names documents as 方案 does."""
    text = ("各处室、全体教工：\n经研究决定，公布学校教育信息化三年行动计划，请提出意见。\n学校办公室\n"
            "学校教育信息化三年行动计划\n一、指导思想\n以信息化推动教育现代化。\n二、行动目标\n建成数字校园。\n"
            "三、具体行动\n（一）数字校园建设行动\n（二）精准教学提质行动\n（三）信息素养提升行动\n四、组织保障\n成立领导小组。\n")
    index = index_of(tmp_path, {"it.txt": text, "other.txt": PLAN})
    info = next(d for d in DocumentReferences(index.qa.build.speeches).docs if d.file == "it.txt")
    assert info.name == "学校教育信息化三年行动计划" and "计划" in info.types
    result = index.qa.ask("信息化行动计划一共分几个部分？")
    assert result.mode == "outline" and "共4部分，最后一部分是：四、组织保障" in result.answer.text


def test_the_opening_asked_for_is_what_follows_the_greeting(tmp_path):
    speech = ("在庆祝改革开放40周年大会上的讲话\n同志们，朋友们：\n1978年12月18日，我们党召开十一届三中全会，开启了改革开放的伟大征程。今天我们隆重集会。\n"
              "一、伟大成就\n四十年来，我们取得了伟大成就。\n二、宝贵经验\n必须坚持党的领导。\n")
    result = index_of(tmp_path, {"speech.txt": speech, "other.txt": PLAN}).qa.ask("改革开放那篇讲话开头说了什么？")
    assert result.answer.sentences[0].text.startswith("1978年12月18日")


IT_PLAN = ("各处室、全体教工：\n经研究决定，公布学校教育信息化三年行动计划，请提出意见。\n学校办公室\n2020年10月10日\n"
           "《学校教育信息化三年行动计划》\n一、指导思想\n以信息化推动教育现代化。\n二、行动目标\n建成数字校园。\n"
           "三、具体行动\n（一）数字校园建设行动\n建设校园网络。\n（二）精准教学提质行动\n推进精准教学。\n"
           "（三）信息素养提升行动\n开展教师培训。\n四、组织保障\n成立领导小组。\n")


@pytest.fixture(scope="module")
def it_plan(tmp_path_factory):
    return index_of(tmp_path_factory.mktemp("it"), {"it.txt": IT_PLAN, "other.txt": PLAN})


def test_a_title_word_away_from_the_name_stays_the_topics_word(it_plan):
    """信息化计划的具体行动里，第三项行动: 行动 is a word of the title, but here it names the list
    (具体行动) and the item, far from the words that name the plan; it stays in the question."""
    from qa.search.docrefs import without_reference
    from qa.search.query import analyze

    question = "信息化计划的具体行动里，第三项行动叫什么？"
    refs = DocumentReferences(it_plan.qa.build.speeches)
    ref = refs.resolve(question, None, True)
    assert ref.doc is not None and ref.doc.file == "it.txt" and "行动" in ref.words
    assert "具体行动" in without_reference(analyze(question), ref).text
    result = it_plan.qa.ask(question)
    assert result.answer.sentences[0].text.startswith("（三）信息素养提升行动")


def test_a_count_and_the_last_one_asked_together(it_plan):
    result = it_plan.qa.ask("信息化行动计划一共分几部分？最后一部分的标题是什么？")
    assert result.mode == "outline" and "共4部分，最后一部分是：四、组织保障" in result.answer.text


def test_a_title_line_written_in_book_marks_is_quoted_once(it_plan):
    result = it_plan.qa.ask("信息化行动计划一共分几部分？")
    assert "问题指向《学校教育信息化三年行动计划》" in result.notice


def test_the_day_a_document_came_out_is_its_date_line(it_plan):
    result = it_plan.qa.ask("信息化行动计划是哪天出的？")
    assert result.answerable and result.answer.sentences[0].text == "2020年10月10日"


def test_what_a_page_without_its_title_line_is_called(tmp_path):
    """现发布《…工作思路》: the published document's name; (2010-2020年): a plan is of the year it
    starts; a page with no title at all is called by the term it keeps quoting (“五好学生”)."""
    ideas = ("现发布《学校2009学年第二学期工作思路》，欢迎全体教工提出意见。\n一、明确指导思想\n以科学发展观为指导。\n"
             "二、落实重点工作\n抓好队伍建设。\n")
    outline = "国家教育规划纲要\n(2010-2020年)\n一、总体战略\n优先发展教育。\n二、发展任务\n普及学前教育。\n"
    students = ("为落实立德树人根本任务，开展“五好学生”推优评选工作，制定本方案。\n一、评选标准\n"
                "“五好学生”须品德好、学习好。\n二、评选程序\n各年级推荐“五好学生”人选。\n")
    index = index_of(tmp_path, {"ideas.txt": ideas, "outline.txt": outline, "students.txt": students,
                                "other.txt": PLAN})
    refs = DocumentReferences(index.qa.build.speeches)
    assert doc(refs, "ideas.txt").name == "学校2009学年第二学期工作思路"
    assert doc(refs, "outline.txt").year == 2010
    assert "五好学生" in doc(refs, "students.txt").words
    assert index.qa.ask("五好学生评选方案一共分几部分？").hits[0].passage.file == "students.txt"


OUTLINE = ("国家教育规划纲要\n第一部分 总体战略\n第一章 指导思想\n（一）指导思想。坚持优先发展。\n（二）工作方针。育人为本。\n"
           "第二章 战略目标\n（三）战略目标。基本实现现代化。\n第二部分 发展任务\n第三章 学前教育\n（四）普及学前教育。"
           "积极发展学前教育。\n（五）明确政府职责。加大投入。\n第四章 义务教育\n（六）巩固义务教育。提高水平。\n"
           "第三部分 保障措施\n第五章 加强教师队伍建设\n（七）加强师德建设。提高师德水平。\n")
EXPLANATION = ("关于《教育发展规划的建议》的说明\n同志们：\n受委托，我就《建议》起草情况作说明。\n"
               "一、起草过程\n广泛征求意见。\n二、主要内容\n建议稿分三个部分。\n")
SPEECH = ("在院士大会上的讲话\n同志们：\n——我们坚持党的领导，科技事业取得历史性成就。\n——我们坚持自主创新，创新能力显著提升。\n"
          "——我们坚持深化改革，创新活力不断释放。\n第一，充分认识创新是第一动力。创新决定未来。\n"
          "第二，矢志不移自主创新。关键核心技术要不来。\n第三，全面深化科技体制改革。改革要落地。\n")


@pytest.fixture(scope="module")
def layered(tmp_path_factory):
    return index_of(tmp_path_factory.mktemp("layered"), {"outline.txt": OUTLINE, "explain.txt": EXPLANATION,
                                                         "speech.txt": SPEECH, "other.txt": PLAN})


def test_a_chapter_is_found_by_its_number_inside_the_parts(layered):
    """第四章 sits in 第二部分: 第四章第一条 is its first item; 最后一章 is the last chapter, not the last part."""
    item = layered.qa.ask("规划纲要第四章第一条是什么？")
    assert "巩固义务教育" in item.answer.sentences[0].text
    last = layered.qa.ask("纲要最后一章是第几章，讲什么的？")
    assert "第五章 加强教师队伍建设" in last.answer.sentences[0].text
    part = layered.qa.ask("规划纲要第二部分讲的是什么内容？")
    assert part.mode == "outline" and "下分2章" in part.answer.text


def test_a_kind_inside_book_marks_is_another_documents(layered):
    """关于《…规划的建议》的说明 is no 规划: 规划纲要 names the plan alone (two kinds side by side as its
    title writes them)."""
    refs = DocumentReferences(layered.qa.build.speeches)
    assert "规划" not in doc(refs, "explain.txt").types
    assert layered.qa.ask("规划纲要第三部分讲的是什么？").notice.startswith("问题指向《国家教育规划纲要》")


def test_numbered_points_are_counted_apart_from_a_dash_list_before_them(layered):
    """Three ——我们坚持… paragraphs open the speech; its points are 第一…第三: 第三点 and 讲了几点 count those."""
    third = layered.qa.ask("院士大会讲话的第三点是什么？")
    assert third.answer.sentences[0].text.startswith("第三，全面深化科技体制改革")
    count = layered.qa.ask("院士大会讲话一共讲了几点？")
    assert "共3点，最后一点是：第三，全面深化科技体制改革" in count.answer.text


def test_a_follow_ups_earlier_words_stay_when_a_title_word_stands_alone(it_plan):
    """A follow-up's core carries the earlier turn's words (教师培训); keeping a lone title word
    must not rebuild the core from the question alone and lose them."""
    from dataclasses import replace

    from qa.search.docrefs import without_reference
    from qa.search.query import analyze

    question = "信息化计划的具体行动里，第三项行动叫什么？"
    ref = DocumentReferences(it_plan.qa.build.speeches).resolve(question, None, True)
    follow = replace(analyze(question), core=analyze(question).core + " 教师培训")
    assert "教师培训" in without_reference(follow, ref).core


ISSUED = {
    "commendation.txt": ("国务院办公厅关于对典型经验做法给予表扬的通报\n国办发〔2018〕108号\n各省、自治区、直辖市人民政府：\n"
                         "为表扬先进，树立典型，国务院决定对一批典型经验做法予以表扬。\n"
                         "希望受到表扬的地方珍惜荣誉，再接再厉，取得新的更大成绩。\n国务院办公厅\n2018年11月19日\n"),
    "kindergartens.txt": ("国务院办公厅关于开展城镇小区配套幼儿园治理工作的通知\n国办发〔2019〕3号\n各省、自治区、直辖市人民政府：\n"
                          "为做好城镇小区配套幼儿园治理工作，现就有关事项通知如下。\n"
                          "希望各地高度重视，认真组织，确保治理工作取得实效。\n国务院办公厅\n2019年1月9日\n"),
}


def test_an_issue_number_names_its_document_and_is_no_topic(tmp_path):
    """国办发〔2018〕108号通报…: the number names the one document that carries it (brackets written
    either way), and the line carrying it is not what the question asks about."""
    index = tiny_index(tmp_path, ISSUED, HashEmbedder())
    result = index.qa.ask("国办发〔2018〕108号通报对受表扬的地方提了什么希望？")
    assert "《国务院办公厅关于对典型经验做法给予表扬的通报》" in result.notice
    assert "希望受到表扬的地方" in result.hits[0].passage.text
    other = index.qa.ask("国办发[2019]3号通知希望各地怎么做？")
    assert "城镇小区配套幼儿园" in other.notice and other.hits[0].passage.file == "kindergartens.txt"


def test_an_issue_number_names_the_document_whatever_other_year_the_question_speaks_of(tmp_path):
    """国办发〔2018〕108号通报发出后，2016年那份旧通报: the number names the 2018 bulletin; 2016
    is the year of another document it speaks of, not a document the material lacks."""
    index = tiny_index(tmp_path, ISSUED, HashEmbedder())
    result = index.qa.ask("国办发〔2018〕108号通报发出后，2016年那份旧通报还管用吗？")
    assert result.mode != "empty" and "材料中没有2016年" not in result.answer.text
    assert "《国务院办公厅关于对典型经验做法给予表扬的通报》" in result.notice


CITING_PLAN = ("2021年第一中学“县管校聘”实施方案\n"
               "根据市教育局《关于推进中小学教师“县管校聘”管理改革试点工作的实施意见》（绍市教〔2017〕33号）等文件精神，"
               "结合我校实际，制定本方案。\n一、工作目标\n全面推行教师竞聘上岗。\n二、实施步骤\n9月底前完成竞聘。\n")


def test_an_issue_number_that_a_sentence_cites_is_not_the_documents_own(tmp_path):
    """根据…《…实施意见》（绍市教〔2017〕33号）制定本方案: the number is the opinion's, which the
    material does not hold; the plan is no document named by it, while a number on a head line
    of its own still names its document."""
    index = tiny_index(tmp_path, {**ISSUED, "plan.txt": CITING_PLAN}, HashEmbedder())
    numbers = {doc.file: doc.number for doc in index.qa.pipeline.docrefs.docs}
    assert numbers["plan.txt"] == "" and numbers["commendation.txt"] == "国办发〔2018〕108号"
    result = index.qa.ask("绍市教〔2017〕33号文件是哪一年印发的？")
    assert "实施方案" not in result.notice


PARENTS_MEETING = ("家校合力 携手共赢\n——新高一家长会上的讲话稿\n2020年7月18日\n各位家长，大家好！\n"
                   "今天主要想和大家交流两个方面的问题。\n1.关于孩子的成长\n孩子进入高中，要学会自主管理。\n"
                   "2.关于高中三年的学习安排\n高一打基础，高二定方向，高三重冲刺。\n")


@pytest.mark.parametrize("question", ["家长会上校长讲了几个方面？", "校长在家长会上讲了哪几个方面？"])
def test_the_office_of_whoever_speaks_names_the_speech_not_a_topic(tmp_path, question):
    """The speech never writes 校长: 校长讲了 / 校长在…上讲 names who gave it, and 在家长会上
    names where; neither is a topic the speech must state."""
    docs = {"speech.txt": PARENTS_MEETING, "plan.txt": PLAN, "hiring.txt": HIRING, "notice.txt": NOTICE}
    result = index_of(tmp_path, docs).qa.ask(question)
    assert result.answerable and result.mode == "outline"
    assert "1.关于孩子的成长" in result.answer.text and "2.关于高中三年的学习安排" in result.answer.text


def test_the_title_asked_as_what_it_is_called_is_the_documents_own(it_plan):
    result = it_plan.qa.ask("信息化行动计划的题目叫什么？")
    assert result.answer.sentences[0].text == "学校教育信息化三年行动计划"


SUMMARY_TALK = ("在主题教育总结大会上的讲话\n同志们：\n主题教育已基本结束，取得了重大成果。\n"
                "一是深入学习了理论。大家读原著学原文。\n二是解决了一批问题。群众反映的问题得到整改。\n"
                "这里，我强调几点。\n第一，要坚持不懈。党章要放在床头，经常对照检查。\n"
                "第二，要敢于自我革命。列宁说过，公开承认错误，这才是一个郑重的党的标志。\n"
                "第三，要完善制度。形成长效机制。\n")
SYMPOSIUM_TALK = ("在决战决胜脱贫攻坚座谈会上的讲话\n同志们：\n一、脱贫攻坚取得决定性成就\n贫困人口大幅减少。\n"
                  "二、面临的困难挑战\n第一，剩余任务艰巨。\n第二，疫情带来新的挑战。\n"
                  "三、确保完成目标任务\n第一，攻坚克难。\n第二，克服疫情影响。\n"
                  "四、加强党的领导\n各级党委要履职尽责。\n")
NEWS_POST = ("南开大学召开巡视整改落实工作动员大会\n校党委书记杨庆山出席会议并作动员讲话，校党委副书记、校长曹雪涛主持会议。\n"
             "杨庆山指出，抓好巡视整改，是习近平总书记和党中央交给我们的重大政治任务。\n"
             "杨庆山强调，要落实政治责任。一是紧盯关键少数。二是强化问题导向。\n")


@pytest.fixture(scope="module")
def talks(tmp_path_factory):
    return index_of(tmp_path_factory.mktemp("talks"), {"summary.txt": SUMMARY_TALK, "symposium.txt": SYMPOSIUM_TALK,
                                                       "news.txt": NEWS_POST, "plan.txt": PLAN, "hiring.txt": HIRING})


def test_two_kinds_of_document_named_together_fit_the_one_that_is_both(talks):
    """总结讲话: of three speeches, the one given at a 总结大会 is both a 总结 and a 讲话."""
    result = talks.qa.ask("总结讲话里强调的第三点讲的是什么？")
    assert "总结大会" in result.notice and result.answer.text.startswith("第三，要完善制度")


def test_an_office_inside_a_longer_one_names_no_document(talks):
    """总书记说… does not name the news post whose 书记 opened the meeting: 书记 is part of 总书记."""
    from qa.search.docrefs import _says_office

    assert _says_office("书记", "市委书记说") and not _says_office("书记", "总书记说")
    assert _says_office("书记", "总书记和市委书记都说过")
    result = talks.qa.ask("总书记说党章平时应该放在哪儿？")
    assert result.notice == "" and not result.missing
    assert any(h.passage.file == "summary.txt" and "党章要放在床头" in h.passage.text for h in result.hits[:3])


def test_a_year_naming_a_speech_that_states_no_date_is_no_topic(talks):
    result = talks.qa.ask("2020年1月那篇主题教育总结讲话里引用了列宁的什么话？")
    assert "总结大会" in result.notice and not result.missing and "2020" not in result.query.core
    assert "郑重的党的标志" in result.hits[0].passage.text


def test_the_last_big_heading_is_the_last_top_level_part(talks):
    result = talks.qa.ask("脱贫攻坚座谈会讲话的最后一个大标题是什么？")
    assert result.answer.text.startswith("四、加强党的领导")


def test_a_count_of_the_whole_then_a_part_answers_both(talks):
    """分了几个部分，第二部分讲的是什么: the speech's count first, then the second part and its points."""
    result = talks.qa.ask("脱贫攻坚座谈会的讲话分了几个部分，第二部分讲的是什么？")
    assert result.mode == "outline"
    assert result.answer.text.startswith("《在决战决胜脱贫攻坚座谈会上的讲话》共4部分，第二部分是：二、面临的困难挑战")


def test_which_parts_from_beginning_to_end_is_an_outline_question(talks):
    result = talks.qa.ask("脱贫攻坚座谈会那篇讲话正文分成几个部分，从头到尾是哪几块？")
    assert result.mode == "outline" and "共4部分" in result.answer.text and "四、加强党的领导" in result.answer.text


def test_a_count_then_an_item_of_a_list_named_by_its_heading(it_plan):
    result = it_plan.qa.ask("信息化行动计划的具体行动有几项？第二项是什么？")
    assert result.mode == "outline" and "共3项，第二项是：（二）精准教学提质行动" in result.answer.text


def test_a_list_placed_at_the_end_is_no_question_about_the_ending(talks):
    """结尾提了几点要求 counts a list; it does not ask for the closing sentences."""
    from qa.search.doc_structure import edge_reply
    from qa.search.query import analyze

    pipeline = talks.qa.pipeline
    key = next(k for k in pipeline.build.speech_keys if k[0] == "symposium.txt")
    passages = pipeline.build.passages
    assert edge_reply(analyze("讲话结尾提了几点要求？"), pipeline.structure, key, passages) is None
    assert edge_reply(analyze("讲话结尾说了什么？"), pipeline.structure, key, passages) is not None


def test_when_a_meeting_was_held_asks_about_the_meeting_the_post_reports(talks):
    """动员大会是哪天开的: the meeting that names the post is what is asked about, so its words stay."""
    from qa.search.docrefs import without_reference
    from qa.search.query import analyze

    refs = talks.qa.pipeline.docrefs
    question = "这篇说的南开大学巡视整改落实工作动员大会是哪天开的？"
    ref = refs.resolve(question, focus=("news.txt", 1))
    assert ref.doc is not None and ref.doc.file == "news.txt" and "动员大会" in ref.words
    assert "大会" in without_reference(analyze(question), ref).core
    other = "这篇说的南开大学巡视整改落实工作动员大会讲了哪几点？"
    assert "大会" not in without_reference(analyze(other), refs.resolve(other, focus=("news.txt", 1))).core
    # … and so for a speech's own meeting, as its title names it
    asked = "这篇说的主题教育总结大会是哪天开的？"
    ref = refs.resolve(asked, focus=("summary.txt", 1))
    assert ref.doc.meeting == "主题教育总结大会" and "大会" in without_reference(analyze(asked), ref).core


def test_this_part_includes_asks_the_heading_not_a_list_whose_lead_repeats_it(tmp_path):
    """“提高政治能力”这一部分包括哪几条: 这一部分包括 are the asking words; the part headed 提高政治能力
    is what is asked, not the list whose lead line also says 提高政治能力 and 这一."""
    opinion = ("中共中央关于加强党的政治建设的意见\n一、坚定政治信仰\n（一）强化理论武装。用科学理论武装头脑。\n"
               "（二）坚定理想信念。补足精神之钙。\n二、提高政治能力\n（三）增强党组织政治功能。发挥把方向作用。\n"
               "（四）提高党员干部政治本领。增强政治敏锐性。\n三、负责人答记者问\n答：起草中主要有两点考虑。\n"
               "一是突出政治性。把握根本方向。\n二是突出系统性。统筹各个方面。\n"
               "答：《意见》明确提出，目的是坚定政治信仰，提高政治能力。着眼于这一目标要求，《意见》主要作了以下部署。\n"
               "一是坚定政治信仰。夯实思想根基。\n二是提高政治能力。针对能力不足。\n")
    result = index_of(tmp_path, {"opinion.txt": opinion, "plan.txt": PLAN}).qa.ask("“提高政治能力”这一部分包括哪几条？")
    assert "（三）增强党组织政治功能" in result.answer.text and "（四）提高党员干部政治本领" in result.answer.text


POLITICAL_OPINION = ("中共中央关于加强党的政治建设的意见\n一、坚定政治信仰\n（一）强化理论武装。用科学理论武装头脑。\n"
                     "（二）坚定理想信念。补足精神之钙。\n（三）站稳政治立场。始终同党中央保持一致。\n"
                     "二、提高政治能力\n（四）增强党组织政治功能。发挥把方向作用。\n（五）提高党员干部政治本领。增强政治敏锐性。\n"
                     "三、负责人答记者问\n答：起草中主要有两点考虑。\n一是突出政治性。把握根本方向。\n二是突出系统性。统筹各个方面。\n"
                     "答：《意见》明确提出，目的是坚定政治信仰。着眼于这一目标要求，《意见》主要作了以下部署。\n"
                     "一是坚定政治信仰。夯实思想根基。\n二是提高政治能力。针对能力不足。\n")


def test_the_nth_point_of_that_part_named_by_its_heading(plan):
    """主要措施那部分的第二点: 那部分 says which list the heading's words name; it is no topic."""
    result = plan.qa.ask("主要措施那部分的第二点讲的是什么？")
    assert result.answer.text.startswith("2.每学期组织一次食品安全检查")


def test_the_last_part_after_counting_parts_is_the_documents_own(tmp_path):
    """这份意见一共分几个部分，最后一部分: the document's parts, not the list whose lead line names 《意见》."""
    qa = index_of(tmp_path, {"opinion.txt": POLITICAL_OPINION, "plan.txt": PLAN}).qa
    result = qa.ask("这份意见一共分几个部分，最后一部分是什么？")
    assert "共3部分，最后一部分是：三、负责人答记者问" in result.answer.text


def test_a_heading_is_named_by_the_sentence_under_it_that_announces_its_items(tmp_path):
    report = ("年度述职报告\n尊敬的各位领导：\n今年是我加入公司的第一年。\n一、工作回顾\n参与了8个项目的开发。\n"
              "二、2023 总结\n综合以上内容，我从以下三个方面总结自己的第一年：\n1.积极的情绪\n保持乐观。\n"
              "2.良好的人际关系\n与同事相处融洽。\n3.投入\n解决难题时忘我。\n三、2024 规划\n1.坚持学习\n2.坚持写作\n")
    result = index_of(tmp_path, {"report.txt": report, "plan.txt": PLAN}).qa.ask("总结第一年用了哪几个方面？")
    assert result.mode == "outline"
    assert "1.积极的情绪" in result.answer.text and "3.投入" in result.answer.text


def test_the_offices_that_sign_a_notice_are_who_sent_it(tmp_path):
    """哪几个部门发的: the signature line of offices (德育处 课程处 团委) above the date answers."""
    notice = ("关于举行2020年生涯规划书大赛的通知\n一、大赛目的\n引导学生规划未来。\n二、参与对象\n全体高一学生。\n"
              "三、表彰奖励\n评选优秀生涯规划书。\n德育处 课程处 团委\n2020年5月30日\n")
    result = index_of(tmp_path, {"notice.txt": notice, "plan.txt": PLAN}).qa.ask("生涯规划书大赛那份通知是哪几个部门发的？")
    assert result.answer.sentences[0].text == "德育处 课程处 团委"


def test_an_institution_said_short_names_the_document_whose_title_names_it_in_full(tmp_path):
    """川农大那次专题党课: 川农大 is 四川农业大学 said short, as people say 哈工程 or 北师大."""
    from qa.search.docrefs import _shortens

    assert _shortens("川农大", "四川农业大学") and _shortens("哈工程", "哈尔滨工程大学")
    assert not _shortens("工程大", "哈尔滨工程大学") and not _shortens("农大", "四川农业大学")
    notice = "关于绍兴市第一中学教师专业发展行动方案的通知\n一、指导思想\n建设高素质教师队伍。\n二、工作目标\n培养骨干教师。\n"
    refs = index_of(tmp_path / "notice", {"notice.txt": notice, "plan.txt": PLAN}).qa.pipeline.docrefs
    assert refs.find("notice.txt", 1).institutions == {"绍兴市第一中学"}  # the name, not 关于 before it
    post = ("---\ntitle: 四川农业大学->党委书记庄天慧讲授专题党课 | sicau\n---\n"
            "10月22日下午，校党委书记庄天慧为师生讲授专题党课。庄天慧认为需要在3方面做到全面过硬：\n"
            "一要在政治素质上全面过硬。增强政治定力。\n二要在理论素养上全面过硬。加强理论学习。\n"
            "三要在育人本领上全面过硬。提高育人水平。\n")
    other = ("---\ntitle: 哈尔滨工程大学->党委书记高岩讲授专题党课 | hrbeu\n---\n"
             "3月1日，校党委书记高岩为师生讲授专题党课，提出两点要求：\n一要坚定理想信念。\n二要勇于担当作为。\n")
    docs = {"post.md": post, "other.md": other, "plan.txt": PLAN, "hiring.txt": HIRING}
    result = index_of(tmp_path, docs).qa.ask("川农大那次专题党课讲了几个方面？")
    assert "问题指向《四川农业大学 党委书记庄天慧讲授专题党课》" in result.notice
    assert result.mode == "outline" and "共3个方面" in result.answer.text


def test_a_name_after_an_office_with_its_body_is_a_speaker(tmp_path):
    """党委书记庄天慧讲授… / 校党委书记高岩在会上讲话: jieba cuts 党委书记 whole; the name after it speaks."""
    post = ("四川农业大学党委书记庄天慧讲授专题党课\n10月22日下午，校党委书记庄天慧为师生讲授专题党课。\n"
            "庄天慧认为需要在两方面做到全面过硬：\n一要在政治素质上全面过硬。\n二要在理论素养上全面过硬。\n")
    qa = index_of(tmp_path, {"post.txt": post, "plan.txt": PLAN, "hiring.txt": HIRING}).qa
    doc = qa.pipeline.docrefs.find("post.txt", 1)
    assert "庄天慧" in doc.speakers
    assert "问题指向《四川农业大学党委书记庄天慧讲授专题党课》" in qa.ask("庄天慧说要在几个方面全面过硬？").notice


def test_a_heading_written_whole_wins_over_a_document_named_only_by_its_kind(tmp_path):
    """2024 规划里的最后一条: the heading 五、2024 规划 of a report, not the one document that is a 规划."""
    report = ("年度述职报告\n尊敬的各位领导：\n今年是我加入公司的第一年。\n一、工作回顾\n参与了8个项目的开发。\n"
              "发布了25篇原创文章。\n完成了文档体系重构。\n二、成果亮点\n获得客户认可。\n三、2024 规划\n1.保持上进心\n2.坚持学习\n"
              "3.坚持读书（明年想读完《理想国》）\n")
    plan = "学校五年发展规划\n一、发展目标\n建成现代化学校。\n二、主要任务\n1.加强队伍建设\n2.深化课程改革\n"
    result = index_of(tmp_path, {"report.txt": report, "plan.txt": plan, "hiring.txt": HIRING}).qa.ask(
        "2024 规划里的最后一条是什么？")
    assert "年度述职报告" in result.notice and result.answer.text.startswith("3.坚持读书")


REGULATION = """国家教育考试违规处理办法

（2004年5月19日中华人民共和国教育部令第18号发布，根据2012年1月5日《教育部关于修改<国家教育考试违规处理办法>的决定》修正）
第一章 总则
第一条　为规范对国家教育考试违规行为的认定与处理，维护国家教育考试的公平、公正，制定本办法。
第二条　本办法所称国家教育考试是指普通和成人高等学校招生考试等，由国务院教育行政部门确定实施。
第二章 附则
第三条　本办法所称考场是指实施考试的封闭空间；所称考点是指设置若干考场独立进行考务活动的特定场所。
第四条　本办法自发布之日起施行。
"""


def test_the_note_saying_when_a_regulation_was_made_is_its_frame(tmp_path, real_model):
    """The bracketed line under a regulation's title (…教育部令第18号发布，…修正) says when it was made:
    a question naming the regulation by that number about what it says is answered by an article;
    asked when it was issued, the line answers."""
    built = tiny_index(tmp_path, {"exam.md": REGULATION, "other.txt": PLAN}, real_model)
    defined = built.qa.ask("教育部令第18号里所说的考场是怎么定义的？")
    assert defined.hits[0].passage.label == "第三条"
    assert defined.hits[0].passage.role == "content"
    made = built.qa.ask("国家教育考试违规处理办法是哪天发布的？")
    assert "2004年5月19日" in made.answer.sentences[0].text
