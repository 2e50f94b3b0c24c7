"""A PDF's text layer is read by PDFium in a child process (qa/ingest/pdf_text_layer.py):
- figures and Latin words a PDF draws as text objects of their own, in another font,
  stay inside their line (pypdf set each on a line of its own, and a lone figure was then
  dropped as a page number), so a question about them is answered from the sentence;
- a page PDFium would be busy with for minutes (forms drawn inside forms) is stopped at
  the reading's time limit, by killing the child, and the build report says so;
- when the child cannot read the file, pypdf reads it in this process instead;
- the child is a script of its own: a caller's unguarded top-level code is not run again."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile_files import pdf_nested_forms
from qa.errors import DocumentUnreadable
from qa.ingest import pdf_text_layer
from qa.ingest.limits import Limits, Reading
from qa.ingest.readers import read_pdf
from qa.testing import HashEmbedder

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = [("华为公司于", "cjk"), ("2004", "latin"), ("年获得荷兰运营商", "cjk"), ("Telfort", "latin"),
            ("价值超过", "cjk"), ("2500", "latin"), ("万美元的合同，首次实现在欧洲的重大突破。", "cjk")]
SENTENCE = "华为公司于2004年获得荷兰运营商Telfort价值超过2500万美元的合同，首次实现在欧洲的重大突破。"


def mixed_font_pdf(path: Path) -> Path:
    """A speech whose figures and Latin words are drawn as text of their own in a Latin
    font, as wkhtmltopdf does, with a title, two points and a page number."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    fonts = {"cjk": "STSong-Light", "latin": "Helvetica"}
    c = canvas.Canvas(str(path))
    y = 800

    def line(parts):
        nonlocal y
        x = 50
        for text, kind in parts:
            c.setFont(fonts[kind], 12)
            c.drawString(x, y, text)
            x += c.stringWidth(text, fonts[kind], 12)
        y -= 20

    line([("持续提高人均效益——在干部工作会议上的讲话", "cjk")])
    line([("一、抓住机遇。", "cjk")])
    line(CONTRACT)
    line([("二、加强干部管理。干部要以身作则，严格要求自己。", "cjk")])
    c.setFont("Helvetica", 10)
    c.drawString(290, 40, "1")
    c.showPage()
    c.save()
    return path


def test_figures_and_latin_words_stay_inside_their_line(tmp_path):
    text = read_pdf(mixed_font_pdf(tmp_path / "speech.pdf"))
    assert SENTENCE in text.splitlines()
    assert "一、抓住机遇。" in text.splitlines()


def test_a_question_about_a_figure_is_answered_from_its_sentence(tmp_path):
    import qa
    from qa.indexing.build import build_index

    docs = tmp_path / "docs"
    docs.mkdir()
    mixed_font_pdf(docs / "speech.pdf")
    build_index(docs, tmp_path / "index", HashEmbedder())
    result = qa.open_index(tmp_path / "index", embedder=HashEmbedder()).ask("2004年获得了哪个运营商的合同？", k=3)
    reply = result.to_dict()
    assert "2004年获得荷兰运营商Telfort" in reply["results"][0]["text"]
    assert "Telfort" in reply["answer"]["text"]
    assert reply["results"][0]["citation"]["path"] == ["一、抓住机遇"]


def test_a_page_pdfium_would_read_for_minutes_is_stopped_at_the_limit(tmp_path):
    """One page of forms inside forms: PDFium cannot be interrupted, so its child is killed."""
    path = tmp_path / "forms.pdf"
    pdf_nested_forms(path)
    reading = Reading("forms.pdf", Limits(max_seconds=2))
    started = time.monotonic()
    with pytest.raises(DocumentUnreadable, match="no text was read in time"):
        read_pdf(path, reading=reading)
    assert time.monotonic() - started < 15
    assert any("QA_MAX_PARSE_SECONDS" in n and "stopped inside page 1" in n for n in reading.notes), reading.notes


def test_the_pages_before_the_slow_one_are_kept(tmp_path):
    """A readable page, then the slow page: the first is kept and the cut is noted."""
    from pypdf import PdfReader, PdfWriter

    mixed_font_pdf(tmp_path / "speech.pdf")
    pdf_nested_forms(tmp_path / "forms.pdf")
    writer = PdfWriter()
    for name in ("speech.pdf", "forms.pdf"):
        for page in PdfReader(tmp_path / name).pages:
            writer.add_page(page)
    both = tmp_path / "both.pdf"
    with open(both, "wb") as f:
        writer.write(f)
    reading = Reading("both.pdf", Limits(max_seconds=3))
    text = read_pdf(both, reading=reading)
    assert SENTENCE in text.splitlines()
    assert any("read 1 pages, stopped inside page 2" in n for n in reading.notes), reading.notes


def test_a_file_the_child_cannot_read_is_read_by_pypdf(tmp_path, monkeypatch):
    """The child stops at once (as if PDFium crashed): pypdf reads the page in this process,
    with its own way of setting figures apart (each on a line of its own)."""
    broken = tmp_path / "child.py"
    broken.write_text("import sys\nsys.exit(3)\n", encoding="utf-8")
    monkeypatch.setattr(pdf_text_layer, "CHILD", broken)
    text = read_pdf(mixed_font_pdf(tmp_path / "speech.pdf"))
    assert "年获得荷兰运营商" in text and SENTENCE not in text
    assert "二、加强干部管理。干部要以身作则，严格要求自己。" in text.splitlines()


def test_a_script_without_a_main_guard_runs_once(tmp_path):
    """A caller's script reading a PDF at top level: the child never runs it again."""
    mixed_font_pdf(tmp_path / "speech.pdf")
    counter = tmp_path / "runs.txt"
    script = tmp_path / "script.py"
    script.write_text(
        "from pathlib import Path\n"
        "from qa.ingest.readers import read_pdf\n"
        f"runs = Path({str(counter)!r})\n"
        "runs.write_text(runs.read_text() + 'x' if runs.exists() else 'x')\n"
        f"print(len(read_pdf(Path({str(tmp_path / 'speech.pdf')!r}))))\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 40
    assert counter.read_text() == "x"
