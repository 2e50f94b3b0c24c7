"""Recognised lines → paragraphs by layout, and OCR's marker variants (no engine needed)."""
from __future__ import annotations

import pytest

from qa.ingest.ocr import Box
from qa.ingest.ocr_layout import join_pages, normalise_markers, page_paragraphs


@pytest.mark.parametrize("raw, fixed", [
    ("(二)强化监测预警。", "（二）强化监测预警。"),
    ("(二）强化监测预警。", "（二）强化监测预警。"),
    ("（ 三 )做好物资储备。", "（三）做好物资储备。"),
    ("(—)抓好隐患排查。", "（一）抓好隐患排查。"),
    ("一.提高思想认识", "一．提高思想认识"),
    ("1 .加强值班", "1.加强值班"),
    ("(2)严格考核", "（2）严格考核"),
    ("第一,压实责任。", "第一，压实责任。"),
    ("首先,要统一思想。", "首先，要统一思想。"),
    ("要做好转移。(三)加强宣传。", "要做好转移。（三）加强宣传。"),
])
def test_marker_variants_become_the_printed_forms(raw, fixed):
    assert normalise_markers(raw) == fixed


@pytest.mark.parametrize("text", [
    "气温(摄氏度)偏高，降水偏少。",  # brackets that are not a marker
    "2024年1.5万人参与演练。",  # a decimal is not a marker
    "各地要(按时)上报。第一批物资已到位。",
    "完成率达到99.5%。",
])
def test_everything_else_is_left_as_recognised(text):
    assert normalise_markers(text) == text


def _row(x0: float, y: float, text: str, score: float = 0.99) -> Box:
    return Box(x0, y, x0 + 24 * len(text), y + 26, text, score)


def test_lines_are_joined_into_paragraphs_by_indent_margin_and_gap():
    boxes = [
        _row(400, 100, "关于防汛的讲话"),  # centred title
        _row(178, 190, "同志们："),  # indented, short
        _row(178, 235, "今天召开会议，主要任务是安排部署今年的防汛工"),  # indented first line
        _row(130, 280, "作。下面，我讲两点意见。各地各部门要认真抓好落"),  # continues to the margin
        _row(130, 325, "实。"),  # ends short
        _row(130, 370, "一、提高思想认识"),  # a marker at the margin after a finished sentence
        _row(178, 415, "二、压实工作责任"),
        _row(590, 1600, "- 1 -"),  # page number
    ]
    paras = page_paragraphs(boxes)
    assert [p.text for p in paras] == [
        "关于防汛的讲话", "同志们：",
        "今天召开会议，主要任务是安排部署今年的防汛工作。下面，我讲两点意见。各地各部门要认真抓好落实。",
        "一、提高思想认识", "二、压实工作责任"]
    assert all(0.98 < p.score <= 1 for p in paras)


def test_boxes_on_one_line_are_read_left_to_right():
    boxes = [Box(500, 101, 700, 127, "责任单位", 0.9), Box(130, 100, 330, 126, "任务名称", 0.95)]
    assert [p.text for p in page_paragraphs(boxes)] == ["任务名称责任单位"]


def test_a_paragraph_that_runs_on_over_a_page_break_is_joined_and_keeps_its_first_page():
    page1 = page_paragraphs([_row(178, 100, "一、提高认识。各地要把防汛工作摆在突出位置，"),
                             _row(130, 145, "克服麻痹思想和侥幸心理，做到思想到位、措施到")])
    page2 = page_paragraphs([_row(130, 100, "位、责任到位。要加强领导，全力做好防汛工作。"),
                             _row(178, 145, "二、落实责任。")])
    joined = join_pages([(1, page1), (2, page2)])
    assert [(t, p) for t, p, _ in joined] == [
        ("一、提高认识。各地要把防汛工作摆在突出位置，克服麻痹思想和侥幸心理，做到思想到位、措施到"
         "位、责任到位。要加强领导，全力做好防汛工作。", 1),
        ("二、落实责任。", 2)]
