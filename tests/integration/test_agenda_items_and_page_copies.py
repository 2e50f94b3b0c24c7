"""Minutes that number their agenda items (议题1：…), a notice page that keeps a hidden second
copy of its text, and a report with no title that says what it is (我代表…向大会作报告) — each on
a real index of text laid out so."""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import UNRELATED_NOTICE
from qa.ingest.directives import parse_directives
from qa.ingest.corpus import split_speeches
from qa.ingest.readers import read_document
from qa.testing import HashEmbedder, tiny_index

MINUTES = ("PMC 例会 2025-01-12\n\n## 会议纪要(Minute of Meeting)\n\n"
           "**议题1：图形领域PMC成员改选**  \n汇报人：黄然  \n结论：  \n1、同意黄然为负责图形领域的PMC委员。  \n"
           "遗留问题：  \n1、刷新社区PMC成员信息。  \n\n"
           "**议题2：跨平台UI开发框架SIG成员调整**  \n汇报人：潘锦玲  \n结论：  \n1、同意潘锦玲为该SIG的Leader。  \n"
           "2、同意副组长调整：  \n张欢（zhanghuan69@example.com），负责React Native框架  \n"
           "李辉（george.lihui@example.com），负责Flutter框架  \n遗留问题：  \n无。  \n\n"
           "**议题3：QT SIG工作总结和规划汇报**  \n汇报人：蔡万苍  \n结论：  \n"
           "1、建议QT框架与商用应用深度合作，打磨开发体验。  \n遗留问题：  \n无。  \n")

BODY = ("一、公共租赁住房保障家庭收入和财产准入限额\n户籍家庭收入准入限额基准为家庭年人均收入49952元。\n"
        "二、住房租赁补贴标准\n补贴标准为建筑面积每平方米37元，计算公式为：\n住房租赁补贴＝人均保障建筑面积×补贴标准。\n"
        "三、本通知自2024年3月4日起施行，有效期5年。\n")
PAGE = ("<html><head><title>关于进一步加强户籍家庭住房保障工作的通知_广州市人民政府门户网站</title></head><body>"
        "<div class='xxgk'><ul><li><span>统一编号：</span>GZ0320240034</li><li><span>实施日期：</span>2024年03月04日</li>"
        "<li><span>失效日期：</span>2029年03月03日</li></ul></div>"
        "<div class='info_cont'><p style='display:none'>穗建规字〔2024〕5号</p><p>关于进一步加强户籍家庭住房保障工作的通知</p>"
        + "".join(f"<p>{line}</p>" for line in BODY.splitlines())
        + "<p>附件：</p><p>１．申请公共租赁住房保障家庭收入及财产限额</p><p>２．住房租赁补贴标准</p>"
          "<p>广州市住房和城乡建设局</p><p>2024年3月4日</p><p>公开方式：主动公开</p></div>"
          "<div class='gov-links'><p>· 市委组织部</p><p>· 市委宣传部</p><p>· 市委统战部</p></div>"
          "<div class='bbnr' style='display:none;'>关于进一步加强户籍家庭住房保障工作的通知"
        + BODY.replace("\n", "") * 2 + "１．承租人家庭确有住房困难的，按以下标准计收租金</div></body></html>")

REPORT = ("同志们：\n现在，我代表第十九届中央委员会向大会作报告。\n"
          "一、过去五年的工作\n十九大以来的五年，是极不寻常、极不平凡的五年。新能源汽车产销量连续8年居世界第一。\n"
          "二、开辟马克思主义中国化时代化新境界\n实践没有止境，理论创新也没有止境。\n"
          "三、增进民生福祉，提高人民生活品质\n坚持房子是用来住的、不是用来炒的定位，加快建立租购并举的住房制度。\n"
          "以零容忍态度反腐惩恶，更加有力遏制增量。\n")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("agenda"), {
        "pmc-minutes.md": MINUTES, "housing-notice.html": PAGE, "congress-report.txt": REPORT,
        "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa


def test_agenda_items_are_the_minutes_points_as_written():
    (speech,) = split_speeches(read_document_text(MINUTES, "m.md"), "m.md")
    top = parse_directives(speech)
    assert [d.title for d in top] == [
        "议题1：图形领域PMC成员改选", "议题2：跨平台UI开发框架SIG成员调整", "议题3：QT SIG工作总结和规划汇报"]
    assert [c.title for c in top[0].children] == ["1、同意黄然为负责图形领域的PMC委员", "1、刷新社区PMC成员信息"]


def read_document_text(text: str, name: str) -> str:
    path = Path("/nonexistent") / name
    return read_document(path, text.encode("utf-8"))


def test_how_many_agenda_items_and_the_last(qa):
    result = qa.ask("这次例会一共讨论了几个议题，最后一个是什么？")
    assert result.mode == "outline"
    assert "共3个议题" in result.answer.text and "议题3：QT SIG工作总结和规划汇报" in result.answer.text


def test_the_first_agenda_item_and_its_conclusion(qa):
    first = qa.ask("会议纪要里的第一个议题是什么？")
    assert first.answer.sentences[0].text.startswith("议题1：图形领域PMC成员改选")
    concluded = qa.ask("图形领域PMC成员改选的结论是什么？")
    assert any("同意黄然为负责图形领域的PMC委员" in h.passage.text for h in concluded.hits[:2])
    assert concluded.hits[0].passage.path[0] == "议题1：图形领域PMC成员改选"


def test_a_line_of_people_with_their_addresses_in_brackets_is_kept(qa):
    """张欢（…@…），负责…框架 is the minutes' own line, not a site's link line."""
    result = qa.ask("跨平台UI那个组里，Flutter框架是谁在负责？")
    assert "李辉" in result.hits[0].passage.text and "负责Flutter框架" in result.hits[0].passage.text


def test_a_hidden_copy_of_the_page_is_not_read_and_the_frame_is_no_part():
    text = read_document_text(PAGE, "housing-notice.html")
    assert text.count("住房租赁补贴标准") == 2  # the heading, and the annex list's line; not the hidden copy
    assert "承租人家庭确有住房困难" not in text
    assert "穗建规字〔2024〕5号" in text  # a short hidden line (the issue number the site shows elsewhere) is kept
    assert "失效日期：2029年03月03日" in text  # the page's fields on the document, in a block beside the article
    assert "市委组织部" not in text  # … but not the site's list of links beside them
    speeches = split_speeches(text, "housing-notice.html")
    assert [s.title for s in speeches] == ["关于进一步加强户籍家庭住房保障工作的通知"]  # 附件： lists, it starts nothing
    (notice,) = speeches
    assert [d.title for d in parse_directives(notice)] == [
        "一、公共租赁住房保障家庭收入和财产准入限额", "二、住房租赁补贴标准", "三、本通知自2024年3月4日起施行，有效期5年"]
    assert notice.paragraphs[-1] == "公开方式：主动公开" and len(notice.paragraphs) in notice.frame
    assert notice.paragraphs.index("失效日期：2029年03月03日") + 1 in notice.frame


def test_the_notice_s_last_point_and_its_first_annex(qa):
    counted = qa.ask("住房保障通知一共几条？")
    assert "共3条，最后一条是：三、本通知自2024年3月4日起施行" in counted.answer.text
    # asked together, the count is the document's and so is the last: not the last of a list its words name
    both = qa.ask("住房保障通知一共几条，最后一条讲的是什么？")
    assert "共3条，最后一条是：三、本通知自2024年3月4日起施行" in both.answer.text
    last = qa.ask("住房保障通知的最后一条讲的是什么？")
    assert last.answer.sentences[0].text.startswith("三、本通知自2024年3月4日起施行")
    annex = qa.ask("住房保障通知后面的附件1是什么内容？")
    assert "申请公共租赁住房保障家庭收入及财产限额" in annex.answer.sentences[0].text


def test_a_formula_announced_is_quoted_with_the_sentence_that_gives_it(qa):
    result = qa.ask("住房租赁补贴的计算公式是怎样的？")
    assert "住房租赁补贴＝人均保障建筑面积×补贴标准" in result.answer.sentences[0].text


def test_a_report_with_no_title_is_called_a_report_by_what_it_says(qa):
    """现在，我代表…向大会作报告: the text says what it is, so 报告的第二部分 names it."""
    result = qa.ask("报告的第二部分标题是什么？")
    assert "二、开辟马克思主义中国化时代化新境界" in result.answer.text


def test_a_hint_still_widens_the_search_when_the_question_names_its_document(qa):
    """炒房 ~ 炒 … (data/synonyms.txt) of 那篇大会报告对炒房是个什么态度: naming the report took the hint away."""
    result = qa.ask("那篇大会报告对炒房是个什么态度？")
    assert "congress-report.txt" in result.notice
    assert {"炒", "投机"} <= set(result.query.expansions) and "大会" not in result.query.text
    assert "不是用来炒的" in result.hits[0].passage.text


def test_a_label_line_goes_with_the_list_it_names():
    """结论： and 遗留问题： on lines of their own open the passage of the point below them: the
    conclusion asked for is found under its label, not at the end of the text before it."""
    from qa.ingest.directives import speech_passages

    (speech,) = split_speeches(read_document_text(MINUTES, "m.md"), "m.md")
    texts = [p.text for p in speech_passages(speech)]
    assert "议题1：图形领域PMC成员改选\n汇报人：黄然" in texts
    assert "结论：\n1、同意黄然为负责图形领域的PMC委员。" in texts
    assert "遗留问题：\n1、刷新社区PMC成员信息。" in texts


def test_the_several_things_a_question_names_are_no_count_it_asks():
    from qa.search.answer_types import NUMBER, asked_type

    assert asked_type("新批准成立的几个SIG，会后要完成什么遗留事项？") is None
    assert asked_type("这次会议新批准成立了几个SIG？") == NUMBER
    assert asked_type("人才公寓的租金是按市场租金的几折收取？") == NUMBER  # 的几折 does ask: a discount


def test_a_version_the_material_never_names_is_not_answered_from_another(qa):
    """OpenHarmony 5.0版本 asked of minutes that never name 5.0: a version is named as written."""
    assert "5.0版本" not in MINUTES
    result = qa.ask("OpenHarmony 5.0版本具体是什么时候发布的？")
    assert not result.answerable and "5.0" in result.missing


def test_who_reported_is_the_reporter_field():
    """是谁来汇报的 of an agenda item: 汇报人：… states it, more than a sentence about the report."""
    from qa.search.query import analyze
    from qa.search.sentences import SentenceScorer

    scorer = SentenceScorer(analyze("PMC年度总结和未来规划是谁来汇报的？"))
    field = scorer.score("议题5：PMC年度总结及未来规划介绍\n汇报人：董金光")
    summary = scorer.score("1、全面总结了社区当前进展以及取得的成果，并对2025年的PMC的规划给出建议。")
    assert field > summary
    assert SentenceScorer(analyze("PMC年度总结有哪些成果？")).role_field is None


def test_an_article_that_cites_another_document_s_number_is_no_frame():
    """第十八条 …（穗府办规〔2019〕13号）同时废止: a document's number in a numbered article is cited, the
    article is the rules' last; a title line with the document's own number is frame."""
    from qa.ingest.roles import is_frame_line

    assert not is_frame_line("第十八条 本实施细则自印发之日起施行,有效期5年。《广州市人民政府办公厅关于印发广州市临时救助"
                             "办法的通知》(穗府办规〔2019〕13号)同时废止。", True)
    assert is_frame_line("国家能源局综合司关于做好今冬明春电力行业火灾防控工作的通知 国能综通安全〔2021〕108号", True)


def test_a_link_to_an_attached_file_starts_no_annex():
    """附件1：…限额.doc under a page's notice links to a file the page does not hold: no part of it."""
    text = ("关于进一步加强户籍家庭住房保障工作的通知\n一、准入限额\n户籍家庭收入准入限额基准为家庭年人均收入49952元。\n"
            "二、本通知自2024年3月4日起施行。\n广州市住房和城乡建设局\n2024年3月4日\n"
            "附件1：申请公共租赁住房保障家庭收入及财产限额.doc\n附件2：住房租赁补贴标准.doc\n")
    assert [s.title for s in split_speeches(text, "n.txt")] == ["关于进一步加强户籍家庭住房保障工作的通知"]
    attached = text.replace(".doc", "") + "一、收入限额\n一人户家庭年收入不超过49952元。\n"
    assert len(split_speeches(attached, "n.txt")) > 1  # an annex with its text is a part of its own


def test_things_counted_in_their_own_unit(qa):
    """多少万辆 is answered by a count of vehicles (1200万辆), not by another number beside the words."""
    from qa.search.answer_types import asked_unit

    unit = asked_unit("过去十年新能源汽车一共卖出了多少万辆？")
    assert unit is not None and unit.search("累计销售1200万辆") and not unit.search("连续8年居世界第一")
    assert asked_unit("台湾有多少人？").search("2300万人")  # (台 of 台湾 is no unit asked)
    result = qa.ask("报告里说过去十年新能源汽车一共卖出了多少万辆？")
    assert not result.answerable and result.unstated


def test_dates_of_related_links_are_no_fields_of_the_document():
    """发布日期： beside each of a page's related links is not the document's: fields come as a block."""
    page = ("<html><head><title>关于开展读书活动的通知</title></head><body>"
            "<div class='content'><p>关于开展读书活动的通知</p><p>一、活动时间</p><p>即日起至6月底，各班组织学生每天阅读半小时。</p>"
            "<p>二、活动要求</p><p>各班要认真组织，确保活动取得实效，做好记录并及时总结经验。</p></div>"
            "<div class='list'><p>关于做好防汛工作的通知</p><p>发布日期：2023-05-01</p>"
            "<p>关于做好安全工作的通知</p><p>发布日期：2023-04-01</p></div></body></html>")
    text = read_document_text(page, "reading.html")
    assert "一、活动时间" in text and "发布日期" not in text
