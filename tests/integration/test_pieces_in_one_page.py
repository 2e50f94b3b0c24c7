"""Pages that carry more than one piece, or carry a piece under a masthead: a recommendation line,
a letter-spaced two-line title over its byline, a second piece under its own title and byline, and
a study-material masthead over 习近平：在…上的讲话 — on a real index of text laid out so."""
from __future__ import annotations

import pytest

from qa.ingest.corpus import split_speeches
from qa.search.coverage import key_terms
from qa.search.query import analyze
from qa.testing import HashEmbedder, tiny_index

FILLER = "全市政府系统要提高站位，压实责任，确保各项工作落到实处。"
PAGE = ("本月推荐给各位党员的是市委副书记、市长盛阅春1月21日在市政府全体会议上的讲话和詹文锴同志主要事迹。\n"
        "弘 扬“四气” 提 振 精 神\n只 争 朝 夕     狠 抓 落 实\n——在市政府八届五次全体会议上的讲话\n盛 阅 春\n同志们：\n"
        "下面，我讲三个方面。\n一、大力弘扬“四气”精神\n" + FILLER + "\n二、大力推行“四化”方法\n" + FILLER + "\n"
        "三、锻造担当有为的铁军\n" + FILLER + "\n"
        "13年潜行于“黑暗”，只为守护一片光明\n——詹文锴同志主要事迹\n作为一名基层民警，詹文锴同志始终坚守在刑侦岗位。\n"
        "一、对党忠诚、牢记使命。他牢记人民警察的初心。\n二、敢挑重任、奋勇争先。他勇于担当。\n"
        "三、无私付出、淡泊名利。他因病医治无效去世，年仅34岁。\n")
STUDY = ("绍兴一中党委理论学习中心组学习材料第二专题\n习近平：在党史学习教育动员大会上的讲话\n（2021年2月20日）\n习近平\n"
         "今年是中国共产党成立一百周年。在全党开展党史学习教育意义重大。\n一、开展党史学习教育意义重大\n"
         "党的历史是最生动、最有说服力的教科书。\n二、开展党史学习教育要突出重点\n要进一步感悟思想伟力。\n")

REPORTS = ("全体教职工：\n根据上级通知要求，现将学校领导班子成员述职报告予以展示，欢迎提出意见。\n党政办\n2026年2月9日\n"
           + "".join(f"2025年度述职述廉述德述法报告\n绍兴市第一中学副校长{name}\n2026年2月\n2025年，我在学校分管{work}工作。\n"
                     f"一、强化理论武装\n{FILLER}\n二、{heading}\n{FILLER}\n三、存在不足与改进方向\n{FILLER}\n"
                     for name, work, heading in [("杨佩琼", "德育", "严督实导，筑牢纪检防线"),
                                                 ("朱水军", "行政", "财务工作解困破题"),
                                                 ("冯王亮", "教学", "深耕教学管理一线")]))


def test_a_second_piece_under_its_own_title_and_byline_is_a_part_of_its_own():
    first, second = split_speeches(PAGE, "page.txt")
    assert first.title == "弘扬“四气”提振精神 只争朝夕 狠抓落实"  # letter-spaced, over two lines
    assert second.title == "13年潜行于“黑暗”，只为守护一片光明"
    assert first.speaker == "盛阅春"
    # the title lines stay as frame: 题目叫什么 is answered from them; the recommendation line too
    assert second.paragraphs[0] == "13年潜行于“黑暗”，只为守护一片光明" and 1 in second.frame
    assert first.paragraphs[0].startswith("本月推荐") and 1 in first.frame


def test_a_masthead_over_a_speech_title_is_frame_and_the_name_before_it_the_speaker():
    (speech,) = split_speeches(STUDY, "study.txt")
    assert speech.title == "习近平：在党史学习教育动员大会上的讲话" and speech.speaker == "习近平"
    assert speech.date == "2021-02-20"
    assert speech.paragraphs[0] == "绍兴一中党委理论学习中心组学习材料第二专题"
    assert {1, 2, 3} <= set(speech.frame)  # masthead, date, speaker line: frame, not text


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("pieces"), {"page.txt": PAGE, "study.txt": STUDY, "reports.txt": REPORTS}, HashEmbedder())


def test_an_office_written_before_the_name_in_a_long_line_names_the_speech(index):
    """市委副书记、市长盛阅春1月21日… (a sentence, not a short line): 市长那篇讲话 is his."""
    result = index.qa.ask("市长那篇讲话分了几个方面来讲？")
    assert "问题指向《弘扬“四气”提振精神 只争朝夕 狠抓落实——在市政府八届五次全体会议上的讲话》" in result.notice
    assert result.mode == "outline" and "共3个方面，最后一个方面是：三、锻造担当有为的铁军" in result.answer.text
    assert "对党忠诚" not in result.answer.text  # the second piece's points are its own


def test_what_the_asker_calls_the_document_is_no_topic():
    assert "学习材料" not in key_terms(analyze("学习材料里那位刑警去世时多大年纪？"))


def test_reports_under_one_title_each_with_its_speaker_are_pieces_of_their_own():
    speeches = split_speeches(REPORTS, "reports.txt")
    assert [s.speaker for s in speeches] == ["杨佩琼", "朱水军", "冯王亮"]
    assert {s.title for s in speeches} == {"2025年度述职述廉述德述法报告"}
    assert speeches[0].paragraphs[0] == "全体教职工："  # the notice over them opens the first, as frame


def test_a_report_is_named_by_its_speaker_and_the_notice_day_is_its_head_line(index):
    second = index.qa.ask("朱水军的述职报告第二部分讲了什么？")
    assert second.hits and "财务工作解困破题" in second.answer.text
    day = index.qa.ask("党政办发的述职报告展示通知是哪天发的？")
    assert day.answer.text.startswith("2026年2月9日")  # the day in the month the reports are dated
