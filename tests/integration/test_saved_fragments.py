"""Documents as people save them, read whole and named as they are:
- a page fragment holding one table of data whose cells hold several paragraphs is read as
  that table (before, the one cell with most text was taken for the article), and its
  <caption> is its title;
- a fragment with no <title> is named by its <h1>;
- a PDF's text that starts with a page number and a line its font turned into other scripts
  is named by its first real line, and a point (第二条 本办法…) broken where the PDF broke
  its line names nothing;
- a year asked about is read from the question as asked, even where the words that name the
  document (2019年度…考核细则) take 年度 off it."""
from __future__ import annotations

import pytest

from helpers import passage_texts
from qa.search.coverage import key_terms
from qa.search.query import analyze
from qa.testing import HashEmbedder, tiny_index


def _row(n: str, item: str, points: int, rules: list[str]) -> str:
    cells = "".join(f"<p>{r}</p>" for r in rules)
    return (f"<tr><td>{n}</td><td colspan='2'>{item}</td><td>{points}</td><td class='left'>{item}</td>"
            f"<td class='left'>{cells}</td><td></td></tr>")


ASSESSMENT = ("<table class='jxkhTable' border='1'>"
              "<caption>东湖县2018年度河长制工作责任单位考核细则</caption>"
              "<thead><tr><th>序号</th><th colspan='2'>考核项目</th><th>各项分值</th><th>考核内容</th>"
              "<th>评分标准</th><th>说明</th></tr></thead><tbody>"
              + _row("1", "组织领导", 8, ["积极配合各乡镇开展河长制工作（8分）。"])
              + _row("2", "日常工作", 7, ["1.成立河长制工作领导小组（1分）；", "2.单位领导班子部署河长制相关工作，",
                                         "年内至少3次，查看相关会议记录（3分，少一次扣1分）。"])
              + _row("3", "宣传工作", 10, ["结合本部门工作职责开展河长制宣传，", "有展板、标语、宣传册（10分）。"])
              + _row("4", "水质监测", 20, ["1.乡镇跨界河流断面水质监测（10分）；", "2.每月通报监测结果（5分）；",
                                         "3.配合县水利局编制一河一策（5分）；", "4.建立水质预警机制（5分）。"])
              + "</tbody></table>")

SPEECH_FRAGMENT = ("<h1>县发展改革委主任在招标代理机构管理会上的讲话</h1>"
                   "<div class='news_share'><a href='#'>分享到</a></div>"
                   "<div class='news_real'><p>各位代表，同志们：</p>"
                   "<p>一、加强日常管理的重要性</p><p>加强日常管理，是资格认定的核心内容和最终目的。</p>"
                   "<p>二、日常管理的主要措施</p><p>一是建立代理业绩报送制度，中标通知书发出后十五日内报送。</p></div>")

PDF_TEXT = ("1 \n \n༰૊ն࿐Ч॓ज़ӱॉܵނ৘Ϸم ୍ྩרĎ\n东海大学本科课程考核管理办法\n第一章 总则 \n"
            "第一条 为规范本科课程考核管理，严肃考风考纪，提高教学质量，特制定本办法。 \n"
            "第二条 本办法所称课程指为本科生开设的课程和各种\n教育教学环节。 \n"
            "第二章 考核方式 \n第三条 课程考试时间一般为120分钟。 \n"
            "第四条 课程考核应当坚持学术诚信与品格塑造相结合、知识考核与能力考核相结合。 \n"
            "第五条 课程考核分为过程性考核和结果性考核，过程性考核包括课堂讨论、作业和期中考核。 \n"
            "第三章 命题与审核 \n第六条 试卷审核人与命题教师一般不能为同一人。 \n"
            "第七条 试题与前三年试题的重复率不得超过百分之二十。 \n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    docs = {"assessment.html": ASSESSMENT, "speech.html": SPEECH_FRAGMENT, "rules.txt": PDF_TEXT}
    return tiny_index(tmp_path_factory.mktemp("fragments"), docs, HashEmbedder())


def _passages(index, file: str) -> str:
    return "\n".join(passage_texts(index, file))


def test_a_table_of_data_is_read_whole_and_its_caption_is_its_title(index):
    text = _passages(index, "assessment.html")
    for words in ["积极配合各乡镇开展河长制工作", "年内至少3次", "有展板、标语、宣传册", "建立水质预警机制"]:
        assert words in text
    names = {d.file: d.name for d in index.qa.pipeline.docrefs.docs}
    assert names["assessment.html"] == "东湖县2018年度河长制工作责任单位考核细则"
    result = index.qa.ask("单位领导班子一年至少要开几次会部署河长制工作？")
    assert result.answerable and "年内至少3次" in result.answer.text


def test_a_fragment_without_a_page_title_is_named_by_its_heading(index):
    names = {d.file: d.name for d in index.qa.pipeline.docrefs.docs}
    assert names["speech.html"] == "县发展改革委主任在招标代理机构管理会上的讲话"
    assert "分享到" not in _passages(index, "speech.html")


def test_a_page_number_and_a_garbled_line_are_no_title_and_a_point_no_name(index):
    speech = next(s for s in index.qa.pipeline.build.speeches if s.file == "rules.txt")
    assert speech.title == "东海大学本科课程考核管理办法"
    text = _passages(index, "rules.txt")
    assert "第三条 课程考试时间一般为120分钟" in text
    names = {d.file: d.name for d in index.qa.pipeline.docrefs.docs}
    assert names["rules.txt"] == "东海大学本科课程考核管理办法"


def test_a_year_the_document_is_not_of_is_missing_even_inside_its_name(index):
    result = index.qa.ask("东湖县2019年度河长制考核细则里宣传工作的分值是多少？")
    assert not result.answerable and "2019年" in result.answer.text
    asked = index.qa.ask("东湖县2018年度河长制考核细则里宣传工作有什么要求？")
    assert asked.missing == [] and "宣传册" in asked.hits[0].passage.text


NUMBERED_RULES = ("厦海大教〔2019〕83 号\x01\n第一章 总则\n"
                  "第一条 为规范本科课程考核管理，严肃考风考纪，特制定本办法。\n"
                  "第二条 本办法所称课程指为本科生开设的课程和各种教育教学环节。\n"
                  "第二章 考核方式\n第三条 课程考核分为考试和考查两种方式，试卷由命题教师拟定。\n"
                  "第四条 课程考试时间一般为120分钟。\n")
COUNTY_RULES = ("东湖县2018年度河长制工作目标管理考核细则\n一、组织领导\n积极配合各乡镇开展河长制工作（8分）。\n"
                "二、日常工作\n单位领导班子部署河长制相关工作，年内至少3次。\n")


def test_rules_named_only_by_their_number_are_found_by_their_kind_and_subject(tmp_path):
    """A text headed only by its issue number (with a control character a PDF left after it) has no
    title: the number is its frame, its opening names its subject (课程, 考核) and its own articles
    its kind (本办法所称…); a 细则 that shares 考核 and 管理 is no 办法."""
    index = tiny_index(tmp_path, {"numbered.txt": NUMBERED_RULES, "county.txt": COUNTY_RULES}, HashEmbedder())
    docs = {d.file: d for d in index.qa.pipeline.docrefs.docs}
    assert docs["numbered.txt"].types.get("办法") == 1.0 and "课程" in docs["numbered.txt"].words
    assert docs["numbered.txt"].number == "厦海大教〔2019〕83号" and docs["numbered.txt"].title == "numbered"
    assert "\x01" not in _passages(index, "numbered.txt")
    result = index.qa.ask("厦海大本科课程考核管理办法的考试一般考多长时间？")
    assert "numbered.txt" in result.notice and "河长制" not in result.notice
    assert all(h.passage.file == "numbered.txt" for h in result.hits)


def test_the_issuer_its_number_abbreviates_names_a_document_and_is_no_topic(tmp_path):
    """厦海大 begins 厦海大教〔2019〕83号: the issuer said short, as the asker says it."""
    index = tiny_index(tmp_path, {"numbered.txt": NUMBERED_RULES, "county.txt": COUNTY_RULES}, HashEmbedder())
    refs = index.qa.pipeline.docrefs
    assert refs.short_name("厦海大") and not refs.short_name("厦海大教")
    assert "厦海大" not in key_terms(analyze("厦海大的课程考试一般考多长时间？"), refs)
    result = index.qa.ask("厦海大的课程考试一般考多长时间？")
    assert "numbered.txt" in result.notice and not result.unstated  # (厦海大 need not stand by the number)
    assert "120分钟" in result.hits[0].passage.text


def test_the_year_a_document_is_of_is_read_from_its_title(index):
    result = index.qa.ask("东湖县那份河长制考核细则是哪一年度的？")
    assert result.answerable and result.mode == "outline"
    assert result.answer.sentences[0].text == "东湖县2018年度河长制工作责任单位考核细则"


def _wrapped(paragraphs: list[str], width: int = 26) -> str:
    """Paragraphs cut at a page's width, as a PDF's text saved to .txt keeps them."""
    return "\n".join(p[i:i + width] for p in paragraphs for i in range(0, len(p), width))


WRAPPED_RULES = _wrapped([
    "南湖大学本科课程考核管理办法",
    "第一条 为维护正常教育教学秩序，规范本科课程考核管理，严肃考风考纪，提高教学质量，特制定本办法。",
    "第二条 课程考核分为考试和考查两种。考试一般包括笔试、口试、笔试与口试相结合等方式。考查一般包括考勤、课堂讨论、课堂测验、作业、课程论文等。",
    "第三条 课程成绩一般由考勤、平时考核、期中考核和期末考核等综合评定，其中，期末考核占总成绩比例原则上不超过50%，考勤占总成绩比例原则上不超过10%。",
    "第四条 命题应有一定的广度、难度、区分度，题量适中、题型力求多样，主客观题比例恰当。试题与近三年同一课程试卷重复率一般不高于20%，同一份试卷中不应当出现重复的内容。",
    "第五条 考试开始30分钟后考生才能离开考场，离开考场前必须交卷。交卷时，应确保试卷完好无损、信息正确，所需材料全部提交。",
    "第六条 课程考核工作由教务处负责组织，各学院负责本单位开设课程的考核工作，任课教师负责所授课程的命题和评阅。",
])


def test_a_text_wrapped_at_a_pages_width_is_read_as_its_paragraphs(tmp_path):
    from qa.ingest.readers import unwrap

    assert unwrap(COUNTY_RULES) == COUNTY_RULES  # a text of whole lines comes back as it is
    index = tiny_index(tmp_path, {"wrapped.txt": WRAPPED_RULES}, HashEmbedder())
    texts = [p.text for p in index.qa.pipeline.build.passages]
    assert any("试题与近三年同一课程试卷重复率一般不高于20%" in t for t in texts)
    assert any(t.startswith("第五条 考试开始30分钟后考生才能离开考场，离开考场前必须交卷。") for t in texts)
    assert [s.title for s in index.qa.pipeline.build.speeches] == ["南湖大学本科课程考核管理办法"]
