"""Web pages and word-processor files (.doc .wps .rtf .odt through LibreOffice):
the same speech gives the same title and outline whatever its format, and the
page's furniture never reaches the index."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from qa.ingest.limits import Limits
from qa.settings import Settings

from helpers import run_qa

from qa.indexing.build_folder import load_build
from qa.ingest.convert import soffice
from qa.ingest.corpus import scan_documents
from qa.ingest.readers import read_document
from saved_pages import FURNITURE, div_page, government_page, news_page

ROOT = Path(__file__).resolve().parents[2]
SPEECH = Path(__file__).resolve().parents[1] / "layouts" / "speech-with-byline.txt"
LINES = SPEECH.read_text(encoding="utf-8").splitlines()
TITLE = LINES[0]
needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (make libreoffice)")


def libreoffice_convert(source: Path, to: str, outdir: Path) -> Path:
    """Make a file of another format the way an office would, with LibreOffice."""
    profile = outdir / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=120)
    made = outdir / f"{source.stem}.{to.split(':')[0]}"
    assert made.is_file()
    return made


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "utf-8"])
def test_saved_page_gives_the_article_only(tmp_path, charset):
    page = tmp_path / "speech.html"
    page.write_bytes(government_page(TITLE, LINES[1:], charset).encode("gbk" if charset != "utf-8" else "utf-8"))
    text = read_document(page)
    assert text.splitlines()[0] == TITLE  # the heading, without the site name
    assert text.splitlines()[1:] == LINES[1:]
    for furniture in FURNITURE:
        assert furniture not in text


def test_page_with_bom_no_heading_and_a_site_suffix(tmp_path):
    page = tmp_path / "news.htm"
    page.write_bytes(b"\xef\xbb\xbf" + news_page(TITLE, LINES[1:]).encode("utf-8"))
    text = read_document(page)
    assert text.splitlines()[0] == TITLE and "XX日报" not in text and "ICP" not in text
    assert "要闻" not in text and LINES[-1] in text
    (page.parent / "plain.html").write_bytes(government_page(TITLE, LINES[1:], heading=False).encode("gbk"))
    assert read_document(page.parent / "plain.html").splitlines()[0] == TITLE  # from <title>


def test_page_of_div_paragraphs_with_one_long_paragraph(tmp_path):
    long = LINES[4] * 4  # one paragraph far longer than the others must not be taken for the article
    paragraphs = LINES[3:4] + [long] + LINES[5:]
    (tmp_path / "divs.html").write_text(div_page(TITLE, paragraphs), encoding="utf-8")
    text = read_document(tmp_path / "divs.html")
    assert text.splitlines() == [TITLE] + paragraphs
    assert "上一篇" not in text and "XX新闻网" not in text


def test_line_breaks_in_the_page_source_do_not_split_paragraphs(tmp_path):
    wrapped = [line[:20] + "\n      " + line[20:] if len(line) > 30 else line for line in LINES[1:]]
    (tmp_path / "wrapped.html").write_bytes(government_page(TITLE, wrapped, "utf-8").encode("utf-8"))
    assert read_document(tmp_path / "wrapped.html").splitlines() == LINES


@pytest.fixture(scope="module")
def formats(tmp_path_factory):
    """The same speech as .txt, a saved .html page and a Word 97 .doc, built into one index."""
    docs = tmp_path_factory.mktemp("formats") / "docs"
    docs.mkdir()
    shutil.copy(SPEECH, docs / "speech.txt")
    (docs / "speech.html").write_bytes(government_page(TITLE, LINES[1:]).encode("gbk"))
    if soffice():
        work = tmp_path_factory.mktemp("convert")
        shutil.copy(SPEECH, work / "speech-doc.txt")
        shutil.copy(libreoffice_convert(work / "speech-doc.txt", "doc:MS Word 97", work), docs / "speech.doc")
    index = docs.parent / "index"
    run_qa("build", "--docs", str(docs), "--index", str(index), "--quiet")
    outline = {s["file"]: s for s in json.loads(run_qa("outline", "--json", "--index", str(index)))}
    return index, outline


def test_web_page_has_the_outline_and_title_of_the_text(formats):
    _, outline = formats
    assert outline["speech.html"]["title"] == outline["speech.txt"]["title"] == TITLE
    # the page's 发布时间 stays as its first (frame) paragraph: every paragraph after it is one further on
    assert _shifted(outline["speech.html"]["directives"], -1) == outline["speech.txt"]["directives"]
    assert [len(d["children"]) for d in outline["speech.txt"]["directives"]] == [3, 0]


def _shifted(directives: list[dict], by: int) -> list[dict]:
    return [{**d, "paragraph": d["paragraph"] + by, "children": _shifted(d["children"], by)} for d in directives]


@needs_libreoffice
def test_word_97_doc_has_the_outline_and_title_of_the_text(formats):
    _, outline = formats
    assert outline["speech.doc"]["title"] == TITLE
    assert outline["speech.doc"]["directives"] == outline["speech.txt"]["directives"]


def test_page_furniture_is_not_searchable(formats):
    index = load_build(formats[0])
    page = [p for p in index.passages if p.file == "speech.html"]
    assert page
    for furniture in FURNITURE:
        assert not any(furniture in p.search_text for p in page), furniture
    result = json.loads(run_qa("ask", "--json", "--index", str(formats[0]), "--file", "speech.html",
                               "站内搜索 政务公开 备案号 网站标识码"))
    assert result["results"] and all(not any(f in r["text"] for f in FURNITURE) for r in result["results"])


@needs_libreoffice
@pytest.mark.parametrize("to", ["rtf", "odt"])
def test_rtf_and_odt_are_read_through_libreoffice(tmp_path, to):
    shutil.copy(SPEECH, tmp_path / "speech.txt")
    made = libreoffice_convert(tmp_path / "speech.txt", to, tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.move(made, docs / made.name)
    (speech,) = scan_documents(docs).speeches
    # the byline under the title is the document's frame (qa.ingest.roles); the speech starts after it
    assert speech.title == TITLE and "同志们：" in speech.paragraphs[:3]


def test_without_libreoffice_a_doc_is_skipped_with_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("QA_SOFFICE", "no-such-soffice")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    (tmp_path / "notes.wps").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    reasons = {s.file: s.reason for s in scan_documents(tmp_path, Limits.of(Settings.load())).skipped}
    for name in ("old.doc", "notes.wps"):
        assert "needs LibreOffice" in reasons[name] and "apt-get install libreoffice-writer-nogui" in reasons[name]


@needs_libreoffice
def test_conversion_stops_at_the_time_limit(tmp_path, monkeypatch):
    slow = tmp_path / "slow-soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setenv("QA_SOFFICE", str(slow))
    monkeypatch.setenv("QA_MAX_PARSE_SECONDS", "1")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "old.rtf").write_text("{\\rtf1 hello}", encoding="ascii")
    chosen = Limits.of(Settings.load())  # read once, as `qa build` reads them
    reasons = {s.file: s.reason for s in scan_documents(tmp_path / "docs", chosen).skipped}
    assert "longer than 1 s (QA_MAX_PARSE_SECONDS)" in reasons["old.rtf"]


@needs_libreoffice
def test_word_numbering_survives_a_doc(tmp_path):
    """Automatic numbering (一、 / （一） / 1. that Word draws, not text) is kept
    through .doc, because LibreOffice writes a .docx that the .docx reader reads."""
    from docx_files import make_docx

    source = make_docx(tmp_path / "numbered.docx", [
        ("在防汛工作会议上的讲话", None, None), ("同志们：", None, None),
        ("提高政治站位", 90, 0), ("统一思想认识。", 90, 1), ("加强理论学习。", 90, 2), ("深入调查研究。", 90, 2),
        ("压实工作责任。", 90, 1), ("强化措施落实", 90, 0), ("严格值班值守。", 90, 1)])
    doc = libreoffice_convert(source, "doc:MS Word 97", tmp_path)
    assert read_document(doc).splitlines() == read_document(source).splitlines()
    assert read_document(doc).splitlines()[2:5] == ["一、提高政治站位", "（一）统一思想认识。", "1. 加强理论学习。"]


RULES_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>学生守则 | 古来中学</title></head><body>
<?php include 'header.php'; ?>
<div class="page-banner"><h2>重要条例和校规</h2><ul class="breadcrumbs"><li><a href="/">首页</a></li><li>学生守则</li></ul></div>
<div class="page-content">
 <div class="row"><h2 class="classic-title">仪容规范</h2><div class="service-content"><ol style="list-style-type: cjk-ideographic;">
  <li>男生后部头发不得长及耳朵下端，前部头发不可触及眉毛，两边鬓发不得长过耳朵正中部位。</li>
  <li>除手表以外，不佩戴任何饰品；宗教物品放置在衣袋内，假期返校处理事务须穿着整齐校服。</li>
  <li>白色校衣左袋上缝上学号，配白色校袜及白色帆布学生鞋，校裙须长及膝盖。</li></ol></div></div>
 <div class="row"><h2 class="classic-title">学生请假须知</h2><div class="service-content"><ol type="1">
  <li>凡学生告假不超过三天者，由班主任批准；超过三天者，须得校长或训导处主任之批准。</li>
  <li>旷课一节，著记缺点一次。凡全年旷课四天（或旷课累积廿七节）者，勒令退学。</li>
  <li>凡于考试期间缺考者，必须于回校当天直接到训导处办理请假手续，再到教务处申请补考。</li>
  <li>学生因故晚到学校者，需在进校后至训导处报到登记，方可进班上课。</li></ol></div></div>
</div>
<?php include 'footer.php'; ?>
</body></html>"""


@pytest.mark.parametrize("suffix", [".php", ".aspx", ".shtml"])
def test_a_page_saved_with_its_sites_suffix_is_read_as_a_page_with_all_its_parts(tmp_path, suffix):
    """A page keeps its site's suffix (student_1.php); its rules stand in two parts, each its own list
    under its own heading: the article is both, not the longer one alone, and the menus stay out."""
    page = tmp_path / f"rules{suffix}"
    page.write_text(RULES_PAGE, encoding="utf-8")
    text = read_document(page)
    assert "男生后部头发不得长及耳朵下端" in text and "凡学生告假不超过三天者" in text
    assert "首页" not in text and "<?php" not in text and "include" not in text


def test_an_ordered_list_is_numbered_as_shown_and_each_part_keeps_its_heading(tmp_path):
    """<ol style="list-style-type: cjk-ideographic"> shows 一、二、三、 before its items, a plain <ol>
    1. 2. 3.; each <h2> heads its part: 学生请假须知's last rule is asked by its part's name."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "rules.php").write_text(RULES_PAGE, encoding="utf-8")
    lines = read_document(docs / "rules.php").splitlines()
    assert "## 学生请假须知" in lines
    assert "三、白色校衣左袋上缝上学号，配白色校袜及白色帆布学生鞋，校裙须长及膝盖。" in lines
    assert "4.学生因故晚到学校者，需在进校后至训导处报到登记，方可进班上课。" in lines
    from qa.testing import HashEmbedder, tiny_index

    qa = tiny_index(tmp_path / "built", {"rules.php": RULES_PAGE}, HashEmbedder()).qa
    result = qa.ask("“学生请假须知”的最后一条讲的是什么？")
    assert result.answer.sentences[0].text.startswith("4.学生因故晚到学校者")
