"""Documents made for the OCR, OFD and table tests: a known speech printed onto
page images (then wrapped into an image-only PDF, saved as a photo, or put in
an OFD), an OFD written by hand, and a docx / PDF / web page with a 任务分工 table."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SPEECH = HERE / "scans" / "flood-speech.txt"
FONT_CANDIDATES = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                   "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                   "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"]


def cjk_font() -> str:
    """A font with Chinese glyphs (fonts-noto-cjk, which `make test` installs); skip without one."""
    for f in FONT_CANDIDATES:
        if Path(f).is_file():
            return f
    if shutil.which("fc-match"):
        out = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True).stdout
        if out and Path(out).is_file() and out.endswith((".ttc", ".ttf", ".otf")):
            return out
    pytest.skip("no CJK font to print the test pages with (make browser installs fonts-noto-cjk)")


def print_pages(lines: list[str], per_line: int = 37, per_page: int = 32, size: int = 26,
                width: int = 1240, height: int = 1754):
    """The speech as printed A4 pages at 150 dpi: title centred, paragraphs
    indented two characters, lines wrapped at ``per_line`` characters, a page
    break after ``per_page`` lines (a paragraph may run on to the next page)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(cjk_font(), size)
    pitch, left, top = int(size * 1.7), 130, 140
    pages, y, draw = [], top, None

    def new_page():
        nonlocal y, draw
        pages.append(Image.new("L", (width, height), 255))
        draw, y = ImageDraw.Draw(pages[-1]), top

    new_page()
    title = lines[0]
    draw.text(((width - draw.textlength(title, font=font)) / 2, y), title, font=font, fill=0)
    y += 2 * pitch
    for first, line in wrapped(lines[1:], per_line):
        if y > top + per_page * pitch:
            draw.text((width / 2 - 30, height - 100), f"- {len(pages)} -", font=font, fill=0)
            new_page()
        draw.text((left + (2 * size if first else 0), y), line, font=font, fill=0)
        y += pitch
    return pages


def wrapped(paragraphs: list[str], per_line: int):
    """(first line of its paragraph?, line) for the paragraphs wrapped at ``per_line``
    characters, each first line two characters shorter (its indent)."""
    for para in paragraphs:
        first, rest = True, para
        while rest:
            n = per_line - 2 if first else per_line
            line, rest = rest[:n], rest[n:]
            yield first, line
            first = False


def image_pdf(pages, path: Path) -> Path:
    """An image-only PDF (no text layer), as a scanner writes it."""
    rgb = [p.convert("RGB") for p in pages]
    rgb[0].save(path, "PDF", resolution=150, save_all=True, append_images=rgb[1:])
    return path


def speech_lines() -> list[str]:
    return SPEECH.read_text(encoding="utf-8").splitlines()


def char_accuracy(expected: str, got: str) -> float:
    """1 − character error rate (edit distance / length of the expected text), whitespace ignored."""
    a = "".join(expected.split())
    b = "".join(got.split())
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return 1 - prev[-1] / max(len(a), 1)


# -- OFD -----------------------------------------------------------------------------------

OFD_NS = "http://www.ofdspec.org/2016"


def ofd_bytes(pages: list[list[tuple[float, float, str]]] | None = None, image: bytes | None = None) -> bytes:
    """An OFD package: each page a list of (x mm, baseline y mm, text) lines,
    each line a TextObject of its own; or, with ``image``, one page that is only that image."""
    files: dict[str, bytes] = {}
    files["OFD.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" '
                        f'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>'
                        f'<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>').encode()
    page_entries, n_pages = [], len(pages) if pages else 1
    for i in range(n_pages):
        page_entries.append(f'<ofd:Page ID="{10 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>')
    res = ('<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>' if image else '')
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData>'
        f'<ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
        f'</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{res}</ofd:CommonData>'
        f'<ofd:Pages>{"".join(page_entries)}</ofd:Pages></ofd:Document>').encode()
    files["Doc_0/PublicRes.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{OFD_NS}" '
                                    f'BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/>'
                                    f'</ofd:Fonts></ofd:Res>').encode()
    if image:
        files["Doc_0/DocumentRes.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res"><ofd:MultiMedias>'
            f'<ofd:MultiMedia ID="5" Type="Image"><ofd:MediaFile>page.png</ofd:MediaFile></ofd:MultiMedia>'
            f'</ofd:MultiMedias></ofd:Res>').encode()
        files["Doc_0/Res/page.png"] = image
        files["Doc_0/Pages/Page_0/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content><ofd:Layer ID="3">'
            f'<ofd:ImageObject ID="6" ResourceID="5" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>'
            f'</ofd:Layer></ofd:Content></ofd:Page>').encode()
    else:
        for i, lines in enumerate(pages):
            objects = []
            for k, (x, y, text) in enumerate(lines):
                size = 4.2
                width = len(text) * size
                delta = f' DeltaX="g {len(text) - 1} {size}"' if len(text) > 1 else ""
                objects.append(
                    f'<ofd:TextObject ID="{100 + k}" Boundary="{x} {y - size} {width + 1} {size + 1}" Font="2" '
                    f'Size="{size}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="{size}"{delta}>'
                    f'{_xml_escape(text)}</ofd:TextCode></ofd:TextObject>')
            files[f"Doc_0/Pages/Page_{i}/Content.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
                f'<ofd:Layer ID="3">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>').encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ofd_of_speech(lines: list[str], per_line: int = 36, per_page: int = 50) -> bytes:
    """The speech laid out as an OFD's text layer: title centred, paragraphs indented, lines wrapped."""
    size, left, pitch = 4.2, 25.0, 7.0
    pages, y = [[]], 40.0
    pages[-1].append((105 - len(lines[0]) * size / 2, y, lines[0]))
    y += 2 * pitch
    for first, line in wrapped(lines[1:], per_line):
        if len(pages[-1]) >= per_page:
            pages.append([])
            y = 40.0
        pages[-1].append((left + (2 * size if first else 0), y, line))
        y += pitch
    return ofd_bytes(pages)


# -- tables -------------------------------------------------------------------------------

TASKS = [
    ["序号", "重点任务", "责任单位", "完成时限"],
    ["1", "开展水库除险加固", "市水利局", "2024年5月底前"],
    ["2", "完善山洪灾害监测预警系统", "市气象局、市自然资源局", "2024年6月底前"],
    ["3", "储备防汛抢险物资", "市应急管理局", "2024年4月底前"],
]
TABLE_INTRO = ["关于做好防汛准备工作的通知", "各县区、各部门：", "现将今年防汛准备重点任务分工通知如下，请认真抓好落实。",
               "一、加强组织领导", "各地要成立防汛工作专班，明确责任分工。", "二、重点任务分工", "任务分工如下表。"]
TABLE_OUTRO = ["三、有关要求", "各责任单位要按时完成任务，并及时报送进展情况。"]
ROW_2 = "序号：2；重点任务：完善山洪灾害监测预警系统；责任单位：市气象局、市自然资源局；完成时限：2024年6月底前。"


def tasks_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in TABLE_INTRO:
        document.add_paragraph(line)
    table = document.add_table(rows=len(TASKS), cols=len(TASKS[0]))
    for r, row in enumerate(TASKS):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    for line in TABLE_OUTRO:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def tasks_pdf(path: Path) -> Path:
    """A text-layer PDF with a ruled table (reportlab, its built-in Chinese CID font)."""
    pytest.importorskip("reportlab")
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=12, leading=20)
    story = [Paragraph(line, style) for line in TABLE_INTRO]
    table = Table(TASKS, colWidths=[40, 170, 140, 100])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 10),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story.append(table)
    story += [Paragraph(line, style) for line in TABLE_OUTRO]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def tasks_html() -> str:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TASKS)
    body = "".join(f"<p>{line}</p>" for line in TABLE_INTRO[1:]) + f"<table>{rows}</table>" + \
        "".join(f"<p>{line}</p>" for line in TABLE_OUTRO)
    return (f"<html><head><meta charset='utf-8'><title>{TABLE_INTRO[0]}</title></head><body>"
            f"<div class='article'><h1>{TABLE_INTRO[0]}</h1>{body}</div></body></html>")
