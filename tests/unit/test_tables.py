"""Tables in .docx, .html and text-layer .pdf are kept as rows with their header,
so a question about one task finds its row and quotes it whole."""
from __future__ import annotations

import json

import pytest

from qa.ingest.readers import read_document
from qa.ingest.tables import is_data_table, row_lines
from qa.testing import HashEmbedder
from scan_docs import ROW_2, TABLE_INTRO, TASKS, tasks_docx, tasks_html, tasks_pdf

QUESTION = "完善山洪灾害监测预警系统的责任单位是谁？"


@pytest.fixture(scope="module")
def tables_index(tmp_path_factory):
    import qa
    from qa.indexing.build import build_index

    root = tmp_path_factory.mktemp("tables")
    docs = root / "docs"
    docs.mkdir()
    tasks_docx(docs / "tasks.docx")
    tasks_pdf(docs / "tasks.pdf")
    (docs / "tasks.html").write_text(tasks_html(), encoding="utf-8")
    build_index(docs, root / "index", HashEmbedder())
    return qa.open_index(root / "index", embedder=HashEmbedder())


@pytest.mark.parametrize("name", ["tasks.docx", "tasks.pdf", "tasks.html"])
def test_each_table_row_is_one_line_with_its_header(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".docx"):
        tasks_docx(path)
    elif name.endswith(".pdf"):
        tasks_pdf(path)
    else:
        path.write_text(tasks_html(), encoding="utf-8")
    lines = read_document(path).splitlines()
    assert lines[:len(TABLE_INTRO)] == TABLE_INTRO  # the text around the table as before
    at = lines.index("序号、重点任务、责任单位、完成时限")
    assert lines[at + 1:at + 4] == [
        "序号：1；重点任务：开展水库除险加固；责任单位：市水利局；完成时限：2024年5月底前。",
        ROW_2,
        "序号：3；重点任务：储备防汛抢险物资；责任单位：市应急管理局；完成时限：2024年4月底前。",
    ]
    assert lines[at + 4] == "三、有关要求"


@pytest.mark.parametrize("file", ["tasks.docx", "tasks.pdf", "tasks.html"])
def test_a_question_about_one_task_finds_its_row(tables_index, file):
    result = tables_index.ask(QUESTION, k=3, file=file).to_dict()
    top = result["results"][0]
    assert ROW_2 in top["text"]
    assert top["citation"]["path"] == ["二、重点任务分工"]
    assert "市气象局、市自然资源局" in result["answer"]["text"]


def test_the_table_does_not_change_the_outline(tables_index):
    outline = {s["file"]: [d["title"] for d in s["directives"]] for s in tables_index.outline()}
    assert outline["tasks.docx"] == outline["tasks.pdf"] == outline["tasks.html"] == [
        "一、加强组织领导", "二、重点任务分工", "三、有关要求"]


def test_text_pdf_citations_name_the_page(tables_index):
    pdf = tables_index.ask(QUESTION, k=1, file="tasks.pdf").to_dict()["results"][0]["citation"]
    docx = tables_index.ask(QUESTION, k=1, file="tasks.docx").to_dict()["results"][0]["citation"]
    assert pdf["page"] == 1
    assert "page" not in docx  # where no page is known the citation is as before
    assert "第1页" in tables_index.ask(QUESTION, k=1, file="tasks.pdf").text()


def test_merged_cells_repeat_their_value_and_layout_tables_stay_text():
    rows = [["任务", "责任单位", "配合单位"], ["水库除险", "市水利局", None], [None, "市财政局", "各县区"]]
    assert row_lines(rows) == ["任务、责任单位、配合单位", "任务：水库除险；责任单位：市水利局。",
                               "任务：水库除险；责任单位：市财政局；配合单位：各县区。"]
    assert not is_data_table([["一、很长的一段讲话正文" * 40]])  # a 1×1 frame around a whole speech
    assert not is_data_table([["第一行"], ["第二行"]])  # one column
    assert is_data_table(TASKS)


def test_a_docx_laid_out_in_a_one_cell_table_keeps_its_paragraphs(tmp_path):
    import docx

    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "关于防汛的讲话"
    cell.add_paragraph("一、提高认识。")
    cell.add_paragraph("二、落实责任。")
    document.save(str(tmp_path / "framed.docx"))
    assert read_document(tmp_path / "framed.docx").splitlines() == ["关于防汛的讲话", "一、提高认识。", "二、落实责任。"]


def test_ask_json_lines_keep_their_shape_for_text_files(tables_index):
    """Only citations from paged documents gain "page"; nothing else is added."""
    line = json.loads(json.dumps(tables_index.ask(QUESTION, k=1, file="tasks.html").to_dict()))
    assert set(line["results"][0]["citation"]) == {"file", "speech", "title", "path", "label", "paragraph", "also"}


def test_the_page_shows_a_found_row_as_a_table_row(tables_index):
    from qa.web.render import highlight
    from qa.web.table_rows import passage_html

    text = tables_index.ask(QUESTION, k=1, file="tasks.docx").hits[0].passage.text
    html = passage_html(text, ["责任单位"], highlight)
    assert "<table" in html and html.count("<tr>") >= 2
    assert ">市气象局、市自然资源局</td>" in html and '<mark class="kw">责任单位</mark></th>' in html
    assert passage_html("第一，要提高认识。", [], highlight) == "第一，要提高认识。"  # plain passages as before
