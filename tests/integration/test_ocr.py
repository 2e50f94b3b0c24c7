"""Scans, photos and OFD with the real OCR engine (RapidOCR, its models from the wheel).

A known speech is printed onto page images, which become an image-only PDF
(two pages, a paragraph running on over the break) and a JPEG photo of one
page; each is read back and must give the .txt's outline, ≥ 97 % of its
characters, and the same directive for the same question. An OFD written
here gives the outline from its text layer; an image-only OFD goes to OCR.
"""
from __future__ import annotations

import io
import socket

import pytest

pytest.importorskip("rapidocr")
pytest.importorskip("pypdfium2")

import qa  # noqa: E402
from qa.errors import DocumentUnreadable  # noqa: E402
from qa.indexing.build import OCR_CACHE, build_index  # noqa: E402
from qa.ingest import ocr  # noqa: E402
from qa.ingest.limits import Limits, Reading  # noqa: E402
from qa.ingest.readers import read_document  # noqa: E402
from qa.testing import HashEmbedder  # noqa: E402
from scan_docs import (SPEECH, char_accuracy, image_pdf, ofd_bytes, ofd_of_speech, print_pages,  # noqa: E402
                       speech_lines)

# The real engine reads some pages per test run (about a minute on two shared cores): the slow tier.
pytestmark = pytest.mark.slow

QUESTIONS = ["防汛物资要储备哪些？", "汛期值班有什么要求？", "预警信息要传递到哪里？"]


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    """speech.txt, its two-page scan as an image-only PDF, and a photo of it on one page, built into one index."""
    root = tmp_path_factory.mktemp("scans")
    docs = root / "docs"
    docs.mkdir()
    lines = speech_lines()
    (docs / "speech.txt").write_text(SPEECH.read_text(encoding="utf-8"), encoding="utf-8")
    image_pdf(print_pages(lines, per_page=14), docs / "scan.pdf")
    buf = io.BytesIO()
    print_pages(lines)[0].convert("RGB").save(buf, "JPEG", quality=80)
    (docs / "photo.jpg").write_bytes(buf.getvalue())
    (docs / "speech.ofd").write_bytes(ofd_of_speech(lines))
    report = build_index(docs, root / "index", HashEmbedder())
    index = qa.open_index(root / "index", embedder=HashEmbedder())
    return root, report, index


def _outline(index, file: str) -> list[dict]:
    return next(s for s in index.outline() if s["file"] == file)["directives"]


def _titles(tree: list[dict]) -> list:
    return [(d["title"], _titles(d["children"])) for d in tree]


@pytest.mark.parametrize("file", ["scan.pdf", "photo.jpg", "speech.ofd"])
def test_scan_photo_and_ofd_give_the_outline_of_the_text(scans, file):
    _, report, index = scans
    assert not report.skipped
    expected = _outline(index, "speech.txt")
    assert [d["title"] for d in expected] == ["一、提高思想认识，增强做好防汛工作的责任感",
                                              "二、突出工作重点，全力做好防汛各项准备",
                                              "三、压实工作责任，确保防汛工作落到实处"]
    got = _outline(index, file)
    assert [d["title"] for d in got] == [d["title"] for d in expected]  # the top level, word for word
    assert [[c["label"] for c in d["children"]] for d in got] == [[c["label"] for c in d["children"]]
                                                                  for d in expected]
    title = next(s["title"] for s in index.outline() if s["file"] == file)
    assert title == "在全市防汛抗旱工作会议上的讲话"


@pytest.mark.parametrize("file", ["scan.pdf", "photo.jpg"])
def test_at_least_97_percent_of_characters_are_recognised(tmp_path, file, scans):
    root, _, _ = scans
    text = read_document(root / "docs" / file, None, Reading(file))
    accuracy = char_accuracy(SPEECH.read_text(encoding="utf-8"), text)
    print(f"{file}: {accuracy:.2%} of characters recognised")
    assert accuracy >= 0.97


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("file", ["scan.pdf", "photo.jpg", "speech.ofd"])
def test_a_question_is_answered_from_the_scan_with_the_same_directive(scans, file, question):
    _, _, index = scans
    from_text = index.ask(question, k=1, file="speech.txt").to_dict()["results"][0]["citation"]
    from_scan = index.ask(question, k=1, file=file).to_dict()["results"][0]["citation"]
    assert from_scan["path"] == from_text["path"] and from_scan["label"] == from_text["label"]


def test_citations_of_scans_name_their_page(scans):
    root, _, index = scans
    # 第二，严格值班值守 is printed on the second page of the scan, and on the photo's only page
    result = index.ask("汛期值班有什么要求？", k=1, file="scan.pdf")
    citation = result.to_dict()["results"][0]["citation"]
    assert citation["page"] == 2
    assert "第2页" in result.text()
    assert index.ask("汛期值班有什么要求？", k=1, file="photo.jpg").to_dict()["results"][0]["citation"]["page"] == 1
    assert "page" not in index.ask("汛期值班有什么要求？", k=1, file="speech.txt").to_dict()["results"][0]["citation"]


def test_recognised_passages_record_ocr_and_confidence(scans):
    _, _, index = scans
    scan, text = (index.ask("汛期值班有什么要求？", k=1, file=f).hits[0].passage for f in ("scan.pdf", "speech.txt"))
    assert 0.8 < scan.ocr <= 1.0 and scan.page == 2
    assert text.ocr is None and text.page is None


def test_a_rebuild_never_recognises_an_unchanged_file_again(scans, monkeypatch):
    root, _, _ = scans
    assert any((root / "index" / OCR_CACHE).iterdir())

    def refuse(*args, **kwargs):
        raise AssertionError("OCR ran again on an unchanged file")

    monkeypatch.setattr(ocr, "recognise", refuse)
    report = build_index(root / "docs", root / "index", HashEmbedder(), full=True)
    assert not report.skipped and report.speeches == 4


def test_with_ocr_off_scans_are_skipped_with_the_setting_named(tmp_path, scans):
    root, _, _ = scans
    off = Limits(ocr=False)
    for name in ("scan.pdf", "photo.jpg"):
        with pytest.raises(DocumentUnreadable, match=r"OCR is off \(QA_OCR=0\)"):
            read_document(root / "docs" / name, None, Reading(name, off))


def test_ocr_never_reaches_the_network(monkeypatch):
    """The engine starts from the models in the wheel: no download is tried, no socket opened."""
    from PIL import Image, ImageDraw, ImageFont

    from rapidocr.utils import download_file
    from scan_docs import cjk_font

    def no_network(*args, **kwargs):
        raise AssertionError("OCR tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(download_file.DownloadFile, "run", classmethod(no_network))
    monkeypatch.setattr(ocr, "_engine", None)  # start it afresh under the guard
    image = Image.new("L", (600, 120), 255)
    ImageDraw.Draw(image).text((20, 40), "防汛抗旱工作会议", font=ImageFont.truetype(cjk_font(), 36), fill=0)
    assert "".join(b.text for b in ocr.recognise(image)) == "防汛抗旱工作会议"


def test_a_missing_model_is_one_clear_line(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "_engine", None)
    monkeypatch.setitem(ocr.MODEL_FILES, "Rec", "no-such-model.onnx")
    from scan_docs import cjk_font  # noqa: F401

    (tmp_path / "page.png").write_bytes(_png_of("一、提高认识"))
    with pytest.raises(DocumentUnreadable) as caught:
        read_document(tmp_path / "page.png")
    message = str(caught.value)
    assert "no-such-model.onnx is missing" in message and "nothing is downloaded" in message
    assert "\n" not in message


def _png_of(text: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    from scan_docs import cjk_font

    image = Image.new("L", (500, 100), 255)
    ImageDraw.Draw(image).text((20, 30), text, font=ImageFont.truetype(cjk_font(), 32), fill=0)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def test_an_image_only_ofd_goes_to_ocr(tmp_path):
    from PIL import Image

    buf = io.BytesIO()
    page = print_pages(["关于防汛的讲话", "一、提高认识，各地要把防汛工作摆在突出位置。", "二、落实责任，确保安全度汛。"])[0]
    page.crop((0, 0, 1240, 500)).save(buf, "PNG")
    path = tmp_path / "signed.ofd"
    path.write_bytes(ofd_bytes(image=buf.getvalue()))
    reading = Reading(path.name)
    text = read_document(path, None, reading)
    assert text.splitlines() == ["关于防汛的讲话", "一、提高认识，各地要把防汛工作摆在突出位置。", "二、落实责任，确保安全度汛。"]
    assert [page for page, _ in reading.sources] == [1, 1, 1]
    assert all(score is not None and score > 0.8 for _, score in reading.sources)
    assert Image.open(io.BytesIO(buf.getvalue())).size == (1240, 500)


def test_ofd_text_layer_in_reading_order(tmp_path):
    """Runs written out of order, two on one line: read top to bottom, left to right."""
    path = tmp_path / "notice.ofd"
    body = "各地要落实防汛责任，主要负责同志要亲自部署、亲自检查，"
    path.write_bytes(ofd_bytes([[(25, 67, "确保安全度汛。"), (33.4, 60, body), (80, 40, "关于防汛的通知"),
                                 (33.4, 50, "落实责任"), (25, 50, "一、")]]))
    reading = Reading(path.name)
    assert read_document(path, None, reading).splitlines() == ["关于防汛的通知", "一、落实责任", body + "确保安全度汛。"]
    assert reading.sources == [(1, None)] * 3


def test_a_zip_bomb_named_ofd_is_refused_before_parsing(tmp_path):
    import zipfile

    path = tmp_path / "bomb.ofd"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", b"<a>" + b" " * 60_000_000 + b"</a>")
    with pytest.raises(DocumentUnreadable, match="bomb.ofd: .*(unpacks|limit)"):
        read_document(path, None, Reading(path.name, Limits(max_bytes=50_000_000)))


def test_ocr_stops_at_the_time_limit_with_the_setting_named(scans):
    root, _, _ = scans
    path = root / "docs" / "photo.jpg"
    with pytest.raises(DocumentUnreadable, match=r"photo.jpg: reading stopped after .*QA_MAX_PARSE_SECONDS"):
        read_document(path, None, Reading(path.name, Limits(max_seconds=1e-9)))  # not one page in no time


def test_with_the_bundled_embedder_the_scan_answers_like_the_text(scans, real_model, tmp_path, monkeypatch):
    """The same questions through the real model: the scan cites the directive the .txt cites."""
    import shutil

    root, _, _ = scans
    shutil.copytree(root / "index" / OCR_CACHE, tmp_path / "index" / OCR_CACHE)  # OCR once per test run
    monkeypatch.setattr(ocr, "recognise", lambda *a, **k: pytest.fail("recognised again despite the cache"))
    build_index(root / "docs", tmp_path / "index", real_model)
    index = qa.open_index(tmp_path / "index", embedder=real_model)
    for question in QUESTIONS:
        expected = index.ask(question, k=1, file="speech.txt").to_dict()
        assert expected["answerable"]
        for file in ("scan.pdf", "photo.jpg"):
            got = index.ask(question, k=1, file=file).to_dict()
            assert got["answerable"]
            assert got["results"][0]["citation"]["path"] == expected["results"][0]["citation"]["path"]


def test_a_scan_with_a_line_of_text_over_it_is_recognised(tmp_path):
    """A page that is an image with a short text layer on top (an e-stamp note) is a scan;
    with OCR off it keeps the text it has."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "stamped.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.drawImage(ImageReader(print_pages(speech_lines())[0].convert("RGB")), 0, 0, 595, 842)
    c.setFont("STSong-Light", 8)
    c.drawString(400, 830, "XX市人民政府办公室 电子印章已验证")
    c.showPage()
    c.save()
    text = read_document(path, None, Reading(path.name))
    assert "一、提高思想认识，增强做好防汛工作的责任感" in text.splitlines()
    assert char_accuracy(SPEECH.read_text(encoding="utf-8"), text) >= 0.95  # the note is read too
    off = read_document(path, None, Reading(path.name, Limits(ocr=False)))
    assert off.splitlines() == ["XX市人民政府办公室 电子印章已验证"] or off.splitlines() == ["XX市人民政府办公室电子印章已验证"]
