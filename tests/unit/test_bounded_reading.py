"""Bounded work per document: Word list numbers, lvlText, the text limit while
text is produced, and time limits inside a .docx and inside a PDF page.

The hostile files are made here (tests/hostile_files.py); the build over the
numbering bomb runs in a fresh process whose peak memory is measured.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_bounded_reading_e2e.py."""
from __future__ import annotations

import time

import pytest

from hostile_files import docx_numbering_bomb, pdf_nested_forms
from qa.errors import DocumentUnreadable
from qa.ingest.docx_text import MAX_LEVEL_TEXT, MAX_LIST_NUMBER, Level, format_number
from qa.ingest.limits import Limits, Reading
from qa.ingest.readers import read_docx, read_pdf


@pytest.mark.parametrize("fmt", ["upperLetter", "lowerLetter", "upperRoman", "lowerRoman", "chineseCounting",
                                 "decimalFullWidth", "ideographDigital"])
def test_a_number_past_the_bound_is_written_in_digits(fmt):
    assert format_number(2_600_000_000, fmt) == "2600000000"
    assert format_number(MAX_LIST_NUMBER + 1, fmt) == str(MAX_LIST_NUMBER + 1)
    assert len(format_number(MAX_LIST_NUMBER, fmt)) < 500  # the last number in its own format stays short
    assert format_number(3, "upperLetter") == "C" and format_number(4, "lowerRoman") == "iv"


def test_a_start_of_thousands_of_digits_and_a_huge_lvltext_are_cut():
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    lvl = etree.fromstring(f'<w:lvl xmlns:w="{w}" w:ilvl="0"><w:start w:val="{"9" * 4000}"/>'
                           f'<w:numFmt w:val="decimal"/><w:lvlText w:val="{"%1" * 50_000}"/></w:lvl>')
    level = Level.parse(lvl)
    assert level.start == 1  # damage, not a number
    assert len(level.text) == MAX_LEVEL_TEXT


@pytest.mark.parametrize("variant", [
    dict(fmt="upperLetter", start="2600000000"),
    dict(fmt="decimal", start="7" * 4000, lvl_text="%1" * 50_000),
    dict(fmt="lowerRoman", start="3000000000"),
])
def test_the_numbering_bombs_read_in_a_moment_with_digits(tmp_path, variant):
    path = tmp_path / "bomb.docx"
    docx_numbering_bomb(path, paragraphs=10, **variant)
    assert path.stat().st_size < 40_000
    started = time.monotonic()
    text = read_docx(path)
    assert time.monotonic() - started < 5
    assert len(text) < 10_000, len(text)
    assert "要加强组织领导" in text


def test_ordinary_list_numbers_are_unchanged(tmp_path):
    path = tmp_path / "list.docx"
    docx_numbering_bomb(path, paragraphs=3, fmt="chineseCounting", start="1")
    lines = read_docx(path).splitlines()
    assert lines[1:] == ["一、要加强组织领导，压实工作责任。", "二、要加强组织领导，压实工作责任。",
                         "三、要加强组织领导，压实工作责任。"]


def test_docx_reading_stops_at_the_character_limit_while_reading(tmp_path):
    path = tmp_path / "long.docx"
    docx_numbering_bomb(path, paragraphs=5000, fmt="decimal", start="1")  # ~100,000 characters
    reading = Reading("long.docx", Limits(max_chars=2_000))
    text = read_docx(path, reading=reading)
    assert 2_000 < len(text) < 2_100  # stopped just past the limit, not at 100,000


class Deadline(Reading):
    """A reading whose clock runs out after ``checks`` looks at it."""

    def __init__(self, name: str, checks: int) -> None:
        super().__init__(name)
        self.checks = checks

    def out_of_time(self) -> bool:
        self.checks -= 1
        return self.checks < 0


def test_docx_time_limit_is_checked_at_every_paragraph(tmp_path):
    path = tmp_path / "slow.docx"
    docx_numbering_bomb(path, paragraphs=100, fmt="decimal", start="1")
    reading = Deadline("slow.docx", checks=11)
    text = read_docx(path, reading=reading)
    assert len(text.splitlines()) == 11
    assert any("QA_MAX_PARSE_SECONDS" in n and "11 paragraphs" in n for n in reading.notes)


def test_pdf_time_limit_holds_inside_one_page(tmp_path):
    """One page of 3 KB drawing forms inside forms: 100 million text operations
    (it ran past 60 s before); reading stops inside the page at the limit."""
    path = tmp_path / "forms.pdf"
    pdf_nested_forms(path)
    assert path.stat().st_size < 10_000
    reading = Reading("forms.pdf", Limits(max_seconds=1.5))
    started = time.monotonic()
    with pytest.raises(DocumentUnreadable) as caught:  # nothing read before the limit: said so
        read_pdf(path, reading=reading)
    assert time.monotonic() - started < 15
    assert "QA_MAX_PARSE_SECONDS" in str(caught.value) and "no text was read in time" in str(caught.value)
    assert any("stopped inside page 1" in n for n in reading.notes), reading.notes
