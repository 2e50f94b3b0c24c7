"""Document formats: text encodings, Word with automatic numbering, PDF, and bad files."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from qa.indexing.build import build_index
from qa.errors import DocumentUnreadable
from qa.ingest.corpus import scan_documents, split_speeches
from qa.ingest.directives import parse_directives, speech_passages
from qa.ingest.docx_text import format_number
from qa.numerals import to_chinese
from qa.ingest.readers import read_document
from docx_files import W, make_docx

TEXT = "关于防汛工作的讲话\n第一，要扛稳防汛政治责任。\n第二，要抓好隐患排查整改。"


def read(path: Path) -> str:
    return read_document(path)


# -- plain text ------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_text_encodings(tmp_path, encoding):
    path = tmp_path / "speech.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read(path) == TEXT


def test_markdown_is_text(tmp_path):
    path = tmp_path / "speech.md"
    path.write_text(TEXT, encoding="utf-8")
    assert read(path) == TEXT


def test_markdown_lines_a_converter_wrapped_are_one_paragraph_again(tmp_path):
    """A Markdown file that parts its paragraphs with blank lines and wraps long ones at a width:
    the wrapped lines are joined (Latin words keep their space), while headings, list items, links,
    a hard break (two trailing spaces) and a short line over its text stay lines of their own."""
    md = ("**某某研究会章程**\n\n"
          "第一条 本会的名称是：某某研究会。英文名称：Quality Science Branch of the\n"
          "Association (QSB)。\n\n"
          "第二条\n本会是由热心于质量科学的专业科技工作者自愿结成的全国性、学术性、非营利性社会组织。\n\n"
          "第三条 理事会在届中可以增补、罢免部分理事，最高不超过原理事总数的\n1/5。\n\n"
          "第四条 会员代表大会的职权包括下列各项事务并由理事会负责具体执行和落实，  \n由理事会向大会报告。\n\n"
          "第五条 本会接受业务主管单位的业务指导和监督管理。\n\n第六条 本会的办公地点设在北京。\n\n"
          "第七条 本会的会员包括个人会员和单位会员。\n\n第八条 本会的经费来源于会费和捐赠。\n\n"
          "- 第一项说明文字较长较长较长较长较长较长较长较长较长较长较长较长较长\n"
          "- 第二项\n")
    path = tmp_path / "charter.md"
    path.write_text(md, encoding="utf-8")
    lines = read(path).split("\n")
    assert "第一条 本会的名称是：某某研究会。英文名称：Quality Science Branch of the Association (QSB)。" in lines
    assert "第三条 理事会在届中可以增补、罢免部分理事，最高不超过原理事总数的1/5。" in lines
    assert "第二条" in lines  # a short line over its text stays its own
    assert "由理事会向大会报告。" in lines  # (two trailing spaces: a line break as written)
    assert "第二项" in lines


def test_markdown_parted_line_by_line_is_left_as_it_is(tmp_path):
    """A file that writes one paragraph per line, with no blank lines between, is not joined."""
    md = ("会议要求各单位认真贯彻落实本次会议精神并结合实际情况制定具体措施和工作方案\n"
          "各单位要在规定时间内完成任务并及时报送工作进展情况和存在的主要问题及下一步打算\n"
          "第三段\n")
    path = tmp_path / "plain.md"
    path.write_text(md, encoding="utf-8")
    assert read(path).split("\n")[:2] == md.split("\n")[:2]


def test_markdown_headings_glued_to_their_words_and_code_spans(tmp_path):
    """`##第一章 总则` (no space after the #s) is a heading as `## 第一章 总则` is, a code span in
    prose loses its backticks (code keeps them), a quote nested under a list item loses its marks,
    and a #话题# tag is left as written."""
    md = ("#某某公司员工手册\n\n##第一章 企业文化\n###一、公司名称含义\n公司秉持\"`路通天下`\"的理想。\n"
          "1. **外派培训**：\n\n    > - 公司出资对员工进行专业技术培训；\n#新员工#入职第一天\n"
          "    * `--delete-after` 等更新选项\n")
    path = tmp_path / "handbook.md"
    path.write_text(md, encoding="utf-8")
    lines = read(path).split("\n")
    assert lines[0] == "某某公司员工手册"
    assert "## 第一章 企业文化" in lines and "### 一、公司名称含义" in lines
    assert "公司秉持\"路通天下\"的理想。" in lines
    assert "公司出资对员工进行专业技术培训；" in lines
    assert "#新员工#入职第一天" in lines
    assert "`--delete-after` 等更新选项" in lines  # (code keeps its marks: no line opening --)


def test_short_bold_lines_title_sections_only_over_text(tmp_path):
    """**年度大会** / **短视频** / **直播**, each over a paragraph: section titles (## …); a bold
    byline, a caption over nothing and a footer are not, and two alone are emphasis."""
    para = "今年我们做了很多事情，有成功也有失败，每一件都值得认真复盘，也值得和每一位同事好好分享一下经验和教训。"
    md = (f"# 全员邮件：再出发！\n\n**作者 / 林远**\n\n{para}\n\n**发言音频**\n\n**👇**\n\n"
          f"**年度大会**\n\n#####\n\n{para}\n\n**短视频**\n\n{para}\n\n**直播**\n\n{para}\n\n"
          "**转发也是一种态度**\n\n阅读原文\n")
    path = tmp_path / "letter.md"
    path.write_text(md, encoding="utf-8")
    lines = read(path).split("\n")
    assert "title: 全员邮件：再出发！" in lines  # (a headline ending in ！ is still the title)
    assert [line for line in lines if line.startswith("## ")] == ["## 年度大会", "## 短视频", "## 直播"]
    assert "作者 / 林远" in lines and "转发也是一种态度" in lines and "发言音频" in lines
    two = tmp_path / "two.md"
    two.write_text(f"**年度大会**\n\n{para}\n\n**短视频**\n\n{para}\n", encoding="utf-8")
    assert not any(line.startswith("## ") for line in read(two).split("\n"))


@pytest.mark.parametrize("data,kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive or Word .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Word .doc"),
    (bytes(range(256)) * 4, "binary file"),
])
def test_binary_file_renamed_txt_is_refused_with_its_name(tmp_path, data, kind):
    path = tmp_path / "notes.txt"
    path.write_bytes(data)
    with pytest.raises(DocumentUnreadable, match=f"notes.txt: looks like .*{kind}"):
        read(path)


@pytest.mark.parametrize("name,hint", [("a.xyz", "unsupported file type .xyz"),
                                        ("deck.pptx", "save the speech as .docx"),
                                        ("README", "unsupported file type (none)")])
def test_unknown_extension_is_refused_with_its_name(tmp_path, name, hint):
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(DocumentUnreadable, match=name) as err:
        read(path)
    assert hint in str(err.value)


# -- Word .docx ----------------------------------------------------------------------

def test_docx_automatic_numbering_becomes_visible_markers(tmp_path):
    path = make_docx(tmp_path / "speech.docx", [
        ("在防汛工作会议上的讲话", None, None),
        ("同志们：", None, None),
        ("提高政治站位", 90, 0),
        ("统一思想认识。", 90, 1),
        ("加强理论学习。", 90, 2),
        ("深入调查研究。", 90, 2),
        ("压实工作责任。", 90, 1),
        ("强化措施落实", 90, 0),
        ("严格值班值守。", 90, 1),
        ("这是一个项目符号段落。", 91, 0),
    ])
    assert read(path).splitlines() == [
        "在防汛工作会议上的讲话", "同志们：",
        "一、提高政治站位", "（一）统一思想认识。", "1. 加强理论学习。", "2. 深入调查研究。",
        "（二）压实工作责任。",
        "二、强化措施落实", "（一）严格值班值守。",  # deeper levels restart under a new parent
        "这是一个项目符号段落。",  # a bullet adds no marker
    ]
    # and the directive grammar sees the hierarchy
    speech = split_speeches(read(path), "speech.docx")[0]
    tree = parse_directives(speech)
    assert [d.label for d in tree] == ["一", "二"]
    assert [c.label for c in tree[0].children] == ["（一）", "（二）"]
    assert [c.label for c in tree[0].children[0].children] == ["1", "2"]


@pytest.mark.parametrize("fmt,lvl_text,markers", [
    ("chineseCounting", "%1、", ["一、", "二、", "三、"]),
    ("chineseCounting", "（%1）", ["（一）", "（二）", "（三）"]),
    ("decimal", "%1.", ["1. ", "2. ", "3. "]),
    ("chineseCounting", "第%1，", ["第一，", "第二，", "第三，"]),
    ("decimalEnclosedCircle", "%1", ["①", "②", "③"]),
])
def test_docx_single_level_list_formats(tmp_path, fmt, lvl_text, markers):
    numbering = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="77"><w:lvl w:ilvl="0">'
                 f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{lvl_text}"/></w:lvl>'
                 f'</w:abstractNum><w:num w:numId="77"><w:abstractNumId w:val="77"/></w:num></w:numbering>')
    items = ["压实责任。", "强化措施。", "狠抓落实。"]
    path = make_docx(tmp_path / "list.docx", [("讲话", None, None)] + [(t, 77, 0) for t in items],
                     numbering=numbering)
    assert read(path).splitlines()[1:] == [m + t for m, t in zip(markers, items)]


def test_docx_start_override_and_style_numbering(tmp_path):
    import docx

    path = make_docx(tmp_path / "s.docx", [("继续推进", 92, 0), ("巩固成果", 92, 0)])
    document = docx.Document(str(path))
    document.add_paragraph("第一项工作", style="List Number")  # numbering that comes from the style
    document.add_paragraph("第二项工作", style="List Number")
    document.save(str(path))
    assert read(path).splitlines() == ["三、继续推进", "四、巩固成果", "1. 第一项工作", "2. 第二项工作"]


def test_docx_keeps_paragraph_order_with_tables(tmp_path):
    path = make_docx(tmp_path / "t.docx", [("标题", None, None), ("表格之前。", None, None)],
                     table=["单元格甲", "单元格乙"])
    assert read(path).splitlines() == ["标题", "表格之前。", "单元格甲", "单元格乙", "表格之后的一段。"]


def test_docx_without_numbering_or_styles_part(tmp_path):
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in ["标题", "第一，要抓落实。"])
    path = tmp_path / "bare.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    assert read(path) == "标题\n第一，要抓落实。"


def test_broken_docx_is_refused_with_its_name(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(DocumentUnreadable, match="broken.docx: not a readable Word .docx"):
        read(path)


@pytest.mark.parametrize("n,fmt,shown", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
    (20, "chineseCountingThousand", "二十"), (105, "chineseCounting", "一百零五"),
    (3, "decimalEnclosedCircle", "③"), (2, "ideographTraditional", "乙"), (4, "upperRoman", "IV"),
    (28, "lowerLetter", "bb"), (7, "decimal", "7"), (3, "chineseLegalSimplified", "叁"),
])
def test_number_formats(n, fmt, shown):
    assert format_number(n, fmt) == shown


def test_chinese_numbers_round_trip_through_the_directive_grammar():
    from qa.numerals import to_int

    assert all(to_int(to_chinese(n)) == n for n in range(1, 100))


# -- PDF -------------------------------------------------------------------------

def make_text_pdf(path: Path, lines: list[str]) -> Path:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    y = 800
    for line in lines:
        c.drawString(50, y, line)
        y -= 20
    c.drawString(290, 40, "- 1 -")  # a page number footer
    c.showPage()
    c.save()
    return path


def test_text_pdf_is_read_and_wrapped_lines_are_joined(tmp_path):
    path = make_text_pdf(tmp_path / "speech.pdf", [
        "关于防汛工作的讲话",
        "同志们：",
        "一、提高政治站位，切实增强防汛工作的责任感和紧迫感。各级党委和政府要",
        "把防汛工作摆在突出位置。",
        "二、强化措施落实。",
    ])
    assert read(path).splitlines() == [
        "关于防汛工作的讲话", "同志们：",
        "一、提高政治站位，切实增强防汛工作的责任感和紧迫感。各级党委和政府要把防汛工作摆在突出位置。",
        "二、强化措施落实。",
    ]
    speech = split_speeches(read(path), "speech.pdf")[0]
    assert [d.label for d in parse_directives(speech)] == ["一", "二"]


def test_contents_entries_of_a_pdf_stay_lines_of_their_own(tmp_path):
    """前言……4 runs as wide as the page and ends no sentence, yet it ends at its page number:
    the next entry is not joined to it (which read 5 and 1.1 as one number, 51.1)."""
    entries = ["前言" + "." * 70 + "4", "第一章 公司概况" + "." * 62 + "5", "1.1 公司介绍" + "." * 64 + "5"]
    path = make_text_pdf(tmp_path / "handbook.pdf", ["员工手册", "目录", *entries,
                                                     "第一章 公司概况", "1.1 公司介绍", "公司成立于2012年。"])
    lines = read(path).splitlines()
    assert all(e.replace(" ", "") in [l.replace(" ", "") for l in lines] for e in entries), lines


def test_a_title_wrapped_inside_its_book_title_marks_is_one_line(tmp_path):
    """A title line ending inside 《…》 (short of the page's width) goes on on the next line: the title
    was cut to its second line, 案件若干问题的意见》的通知, and its 两高一部 lost."""
    path = make_text_pdf(tmp_path / "notice.pdf", [
        "两高一部《关于办理非法集资刑事",
        "案件若干问题的意见》的通知",
        "为依法惩治非法吸收公众存款、集资诈骗等非法集资犯罪活动，维护国家金融管理秩序，保护合法权益，",
        "现就办理非法集资刑事案件有关问题提出以下意见。",
    ])
    assert read(path).splitlines()[0] == "两高一部《关于办理非法集资刑事案件若干问题的意见》的通知"


def test_pdf_without_text_is_refused_with_the_reason(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(50, 50, 400, 600, fill=1)  # a page with only a picture-like shape
    c.showPage()
    c.save()
    with pytest.raises(DocumentUnreadable, match="scan.pdf: the PDF has no text layer"):
        read(path)


def test_broken_pdf_is_refused_with_its_name(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n this is not a pdf at all")
    with pytest.raises(DocumentUnreadable, match="broken.pdf"):
        read(path)


# -- a whole folder ---------------------------------------------------------------

NO_MARKERS = ("关于基层治理的几点思考\n"
              "基层治理是国家治理的基石，关系到群众的切身利益，必须放在更加突出的位置来抓，久久为功、持之以恒。\n"
              "近年来，各地在网格化管理方面做了大量探索，积累了不少好的经验，也暴露出一些短板和不足，需要认真总结。\n"
              "下一步，我们将把更多资源、服务和管理下沉到社区，让群众在家门口就能办成事、办好事，不断增强获得感。\n")


def test_a_folder_of_mixed_documents(tmp_path, fake_embedder):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gbk.txt").write_bytes(TEXT.encode("gbk"))
    (docs / "bom.txt").write_bytes(TEXT.replace("防汛", "防疫").encode("utf-8-sig"))
    (docs / "copy-of-gbk.txt").write_bytes(TEXT.encode("gbk"))
    (docs / "empty.txt").write_bytes(b"")
    (docs / "blank.txt").write_text(" \n\u3000\n", encoding="utf-8")
    (docs / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (docs / "table.xlsx").write_bytes(b"PK\x03\x04")
    (docs / "plain.txt").write_text(NO_MARKERS, encoding="utf-8")
    (docs / "~$speech.docx").write_bytes(b"Word lock file")  # ignored like hidden files
    (docs / ".git").mkdir()
    (docs / ".git" / "config").write_text("[core]", encoding="utf-8")
    make_docx(docs / "numbered.docx", [("讲话", None, None), ("提高认识。", 90, 0), ("狠抓落实。", 90, 0)])

    corpus = scan_documents(docs)
    skipped = {s.file: s.reason for s in corpus.skipped}
    assert skipped == {
        "blank.txt": "no text",
        "empty.txt": "empty file",
        "photo.txt": "looks like a PNG image, not text (renamed?)",
        "table.xlsx": "unsupported file type .xlsx",
    }
    assert [(d.file, d.same_as) for d in corpus.duplicates] == [("gbk.txt", "copy-of-gbk.txt")]
    assert sorted({s.file for s in corpus.speeches}) == ["bom.txt", "copy-of-gbk.txt", "numbered.docx", "plain.txt"]

    # a document without any directive markers: its paragraphs become passages
    plain = next(s for s in corpus.speeches if s.file == "plain.txt")
    passages = speech_passages(plain)
    assert [p.text for p in passages] == plain.paragraphs and all(p.path == [] for p in passages)

    report = build_index(docs, tmp_path / "index", fake_embedder)
    summary = report.summary()
    for name, reason in skipped.items():
        assert f"skipped {name}: {reason}" in summary
    assert "duplicate gbk.txt: same bytes as copy-of-gbk.txt" in summary
    assert "4 skipped, 1 duplicate" in summary and "~$" not in summary and ".git" not in summary


def test_an_editors_note_set_as_a_quote_runs_over_the_quote_s_paragraphs():
    """> 【导读】… / > / > …: one paragraph, the note (whose every line is the editor's, not the
    speech's); a quote that opens no note keeps its paragraphs apart."""
    from qa.ingest.readers import markdown_text

    text = markdown_text("## 在动员大会上的讲话\n\n1999年4月17日\n\n"
                         "> 【导读】流程的核心是要反映业务的本质。\n>\n> 流程建设最大的难度是随时面对阻力。\n\n"
                         "我们有幸能找到一个很好的老师。\n\n> 引自一封来信。\n\n> 第二段引文。\n")
    lines = [l for l in text.splitlines() if l.strip()]
    assert "【导读】流程的核心是要反映业务的本质。流程建设最大的难度是随时面对阻力。" in lines
    assert "我们有幸能找到一个很好的老师。" in lines
    assert "引自一封来信。" in lines and "第二段引文。" in lines


def _paged_pdf(path: Path, pages: list[list[str]], head: str = "", ruled: bool = False) -> Path:
    """Pages of lines (STSong-Light), each page with ``head`` at its top and ``N / M`` at its foot;
    ``ruled``: a box drawn around every text line (as some Word templates print them)."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for n, lines in enumerate(pages, 1):
        c.setFont("STSong-Light", 12)
        if head:
            c.drawString(250, 810, head)
        y = 780
        for line in lines:
            c.drawString(50, y, line)
            if ruled:
                c.rect(48, y - 5, 482, 20)
            y -= 20
        c.drawString(280, 30, f"{n} / {len(pages)}")
        c.showPage()
    c.save()
    return path


FULL_LINE = "员工应主动配合公司完成五险一金的缴纳工作，因员工本人原因未能按时提交资"


def test_running_heads_and_page_numbers_are_no_lines_of_the_text(tmp_path):
    """《员工手册》 on every page and 2 / 3 at its foot are furniture, not lines of the text (they stood
    between a sentence's two halves where a page break cut it); the first page keeps its head."""
    pages = [["员工手册", "第一章 总则", "本手册适用于公司全体员工，自公布之日起施行。", FULL_LINE,
              "料的，导致公司无法办理社会保险，补缴费用包括但不限于滞纳金和手"],
             ["续费等，需由员工本人承担。", "第二章 考勤", "员工应按时上下班，不得迟到早退。", FULL_LINE],
             ["第三章 附则", "本手册由人力资源部负责解释。"]]
    lines = read(_paged_pdf(tmp_path / "handbook.pdf", pages, head="《员工手册》")).splitlines()
    assert not any(re.fullmatch(r"\d\s*/\s*3", l.strip()) for l in lines), lines
    assert sum("《员工手册》" in l for l in lines) == 1, lines
    at = next(i for i, l in enumerate(lines) if l.endswith("滞纳金和手"))
    assert lines[at + 1].startswith("续费等")  # (no head between the halves)


def test_boxes_ruled_around_a_paragraph_s_lines_are_no_table(tmp_path):
    """A box drawn around each text line makes pdfplumber see a table of one column: the paragraph is
    read as a paragraph, its wrapped lines joined, not as one row per line."""
    pages = [["员工手册", FULL_LINE, "料的，导致公司无法办理社会保险，由员工本人承担。", "第二章 考勤",
              "员工应按时上下班，不得迟到早退。"]]
    text = read(_paged_pdf(tmp_path / "ruled.pdf", pages, ruled=True))
    assert FULL_LINE + "料的，导致公司无法办理社会保险，由员工本人承担。" in text.splitlines(), text
