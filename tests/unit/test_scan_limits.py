"""The OCR setting, the image size limit, and the optional page fields of the index (no OCR engine needed)."""
from __future__ import annotations

import pytest

from qa.errors import DocumentUnreadable
from qa.indexing import integrity
from qa.indexing.build import pipeline_fingerprint
from qa.ingest.limits import Limits
from qa.ingest.readers import read_document
from qa.models import Passage, Speech
from qa.settings import Settings


def test_qa_ocr_is_read_with_the_other_document_limits_and_changes_the_build(monkeypatch):
    monkeypatch.delenv("QA_OCR", raising=False)
    assert Limits.of(Settings.load()).ocr is True
    on = pipeline_fingerprint(Limits.of(Settings.load()))
    monkeypatch.setenv("QA_OCR", "0")
    assert Limits.of(Settings.load()).ocr is False
    assert pipeline_fingerprint(Limits.of(Settings.load())) != on  # turning OCR on or off rebuilds


def test_an_image_over_the_pixel_limit_is_refused_unread(tmp_path):
    from PIL import Image

    path = tmp_path / "huge.png"
    Image.new("1", (13_000, 10_000), 1).save(path)  # a few KB that would decode to 130 M pixels
    with pytest.raises(DocumentUnreadable, match=r"huge.png: an image of 13000×10000 pixels, over 120,000,000"):
        read_document(path)


def test_a_broken_image_is_refused_with_its_name(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(DocumentUnreadable, match="photo.jpg: not a readable image"):
        read_document(path)


def _passage(**extra) -> dict:
    p = Passage(text="第一，要提高认识。", file="a.pdf", speech=1, title="讲话", path=["第一，要提高认识"],
                label="第一", paragraph=1, start=0, end=9, **extra)
    return p.to_dict()


def test_page_fields_are_written_only_where_known_and_checked_when_loaded():
    plain = _passage()
    assert "page" not in plain and "ocr" not in plain  # a .txt's passages are written as before
    scanned = _passage(page=3, ocr=0.987)
    assert scanned["page"] == 3 and scanned["ocr"] == 0.987
    assert integrity.record_problem(Passage, plain) is None
    assert integrity.record_problem(Passage, scanned) is None
    assert "page" in integrity.record_problem(Passage, {**scanned, "page": "3"})
    speech = Speech("a.pdf", 1, "讲话", ["甲", "乙"], pages=[1, 2], ocr=[0.99, None])
    assert integrity.record_problem(Speech, speech.to_dict()) is None
    assert "pages" not in Speech("a.txt", 1, "讲话", ["甲"]).to_dict()


def test_docx_cells_merged_down_a_column_repeat_their_value(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("任务分工")
    table = document.add_table(rows=3, cols=3)
    for c, text in enumerate(["任务", "责任单位", "完成时限"]):
        table.cell(0, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0)).text = "水库除险加固"
    for r, (unit, when) in enumerate([("市水利局", "5月底前"), ("市财政局", "6月底前")], 1):
        table.cell(r, 1).text, table.cell(r, 2).text = unit, when
    document.save(str(tmp_path / "t.docx"))
    assert read_document(tmp_path / "t.docx").splitlines()[1:] == [
        "任务、责任单位、完成时限",
        "任务：水库除险加固；责任单位：市水利局；完成时限：5月底前。",
        "任务：水库除险加固；责任单位：市财政局；完成时限：6月底前。"]
