"""A coursework essay with its cover sheet, as students hand them in (.docx):
- the grader's box (分数 | empty) states nothing and is not read;
- the cover's form (任课教师： | 张华 …) is read as fields, one a line (任课教师：张华), not as a
  table headed by its first row;
- the date under the cover's fields signs no document: the essay after it is the same document, dated
  by that date, its writer the cover's 姓名;
- a question that names that essay by its title's words and asks what it does not say is refused,
  not answered from another document;
- the words of a document's title count where the question holds them as words: 大学 and 学生, cut
  from 大学生 in 大学生志愿服务, do not name the student handbook."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import SCHOOL_NOTICES
from qa.ingest.readers import read_document
from qa.testing import HashEmbedder, serving

ESSAY = [
    "踔厉奋发 勇毅前行",
    "李明",
    "摘要：广大青年学生要早立志、立大志，服务国之大者，矢志接力奋斗。",
    "关键词：青年：担当：奋斗：复兴",
    "报告强调，要坚持人民至上、坚持自信自立、坚持守正创新。这三条既总结过去，又面向未来。",
    "有责任有担当，青春才会闪光。广大青年生逢其时，重任在肩，要把学习成长同国家的事业紧紧联系起来。",
    "基层一线是锤炼意志品质的沃土。41万名青年学子参与大学生志愿服务“西部计划”，到西部2100多个县扎根当地。",
    "时间不会辜负奋斗者，未来属于实干家。一次十分重要的大会为青年指明了方向，青年要坚持从点滴做起。",
]
FIELDS = [("论文题目：", "踔厉奋发 勇毅前行"), ("任课教师：", "张华"), ("学    院：", "机械工程学院"),
          ("姓    名：", "李明"), ("学    期：", "2021-2022学年度第1学期")]
HANDBOOK = ("某某大学学生手册\n第一章 总则\n第一条 为规范学生管理，制定本手册。\n"
            "第二条 学生参加志愿服务活动，每4小时计1次，每次加1分，累计不超过5分。\n"
            "第三条 缺交作业累计超过该课程作业总量三分之一者，不得参加该课程考核。\n")

# other documents, so that a title word one document has is rare enough to name it
OTHERS = {**SCHOOL_NOTICES,
          # two lists of sources, a 报告 named in their lines: no kind of their own
          "sources1.txt": "相关证据来源\n【1】会计师事务所出具的审计报告，2019年3月27日。\n【2】交易所的问询函，2019年4月11日。\n",
          "sources2.txt": "证据清单\n【1】平台递交的自查报告，2018年9月30日。\n【2】公司发布的公告，2019年1月17日。\n"}


def essay_docx(path):
    import docx

    document = docx.Document()
    box = document.add_table(rows=1, cols=2)
    box.rows[0].cells[0].text = "分数"
    document.add_paragraph("形势与政策课程大作业")
    form = document.add_table(rows=len(FIELDS), cols=2)
    for row, (label, value) in zip(form.rows, FIELDS):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("")
    document.add_paragraph("2022年10月29日")
    document.add_paragraph("")
    for text in ESSAY:
        document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def essay(tmp_path_factory):
    from qa.indexing.build import build_index

    root = tmp_path_factory.mktemp("essay")
    docs = root / "docs"
    docs.mkdir()
    essay_docx(docs / "essay.docx")
    (docs / "handbook.txt").write_text(HANDBOOK, encoding="utf-8")
    for name, text in OTHERS.items():
        (docs / name).write_text(text, encoding="utf-8")
    build_index(docs, root / "index", HashEmbedder())
    qa = serving(root / "index", HashEmbedder())
    qa.reload()
    return root, qa


def test_the_cover_form_is_read_as_fields_and_the_grader_s_box_not_at_all(tmp_path):
    text = read_document(essay_docx(tmp_path / "essay.docx"))
    lines = text.splitlines()
    assert "任课教师：张华" in lines
    assert "学院：机械工程学院" in lines
    assert "分数" not in lines
    assert "论文题目：：" not in text  # (the first row taken for a header gave 论文题目：：任课教师；…)


def test_the_essay_after_its_cover_is_one_document(essay):
    root, _ = essay
    out = subprocess.run([sys.executable, "-m", "qa", "outline", "--index", str(root / "index"), "--json"],
                         capture_output=True, text=True, check=True).stdout
    speeches = [s for s in json.loads(out) if s["file"] == "essay.docx"]
    assert [s["title"] for s in speeches] == ["形势与政策课程大作业"]  # (not 分数, nor the essay a second document)
    # the cover's 姓名 names the writer, and the date under its fields dates the paper
    assert (speeches[0]["speaker"], speeches[0]["date"]) == ("李明", "2022-10-29")


def test_the_writer_named_on_the_cover_names_the_paper(essay):
    _, qa = essay
    result = qa.ask("李明那篇作业里，青年学子参与西部计划的有多少人？", k=3)
    assert "形势与政策课程大作业" in result.notice
    assert "41万名" in result.hits[0].passage.text


def test_a_question_naming_the_essay_finds_its_keywords(essay):
    _, qa = essay
    result = qa.ask("这篇形势与政策作业列了哪些关键词？", k=3)
    assert "关键词" not in result.missing  # (the essay's own lines hold it: the cover is not a document alone)
    assert result.hits[0].passage.file == "essay.docx"
    assert "关键词：青年" in result.hits[0].passage.text


def test_the_opening_of_the_essay_is_its_first_prose_not_its_cover(essay):
    _, qa = essay
    result = qa.ask("这篇形势与政策作业开头讲了什么？", k=3)
    assert result.mode == "outline"
    assert "早立志、立大志" in result.answer.text and "任课教师" not in result.answer.text


def test_a_kind_a_list_of_sources_only_mentions_names_no_document(essay):
    """文章归纳报告中…哪几条: 报告 is the report the essay discusses; two lists of sources that name an
    审计报告 and a 自查报告 in their lines are no 报告 to ask the asker to choose between."""
    _, qa = essay
    result = qa.ask("文章归纳报告中强调的世界观和方法论有哪几条？", k=3)
    assert "请说明是哪一份" not in result.notice
    assert "坚持人民至上" in " ".join(h.passage.text for h in result.hits[:2])


def test_what_the_named_essay_does_not_say_is_not_taken_from_another_document(essay):
    _, qa = essay
    result = qa.ask("这篇形势与政策作业最后得了多少分？", k=3)
    assert not result.answerable  # (十分重要 is no score, and the handbook's 加1分 is not the essay's)


def test_title_words_cut_from_one_word_of_the_question_name_no_document(essay):
    _, qa = essay
    result = qa.ask("参加大学生志愿服务“西部计划”的青年学子有多少人？", k=3)
    assert "手册" not in result.notice
    assert result.answerable
    assert "41万名青年学子" in result.hits[0].passage.text
