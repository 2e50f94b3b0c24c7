"""Documents in the layouts people bring (no title line, one section, byline and
date lines, site credits, restarts …): each file in tests/layouts/ is built into
a real index and its outline, read through `qa outline --json`, is compared
with tests/layouts/expected.json (child counts per level, title, labels)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import run_qa

from qa.ingest.corpus import scan_documents, split_speeches
from qa.ingest.directives import speech_passages, without_heading_marks

LAYOUTS = Path(__file__).resolve().parents[1] / "layouts"
EXPECTED = json.loads((LAYOUTS / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outline(tmp_path_factory) -> dict[str, dict]:
    index = tmp_path_factory.mktemp("layouts") / "index"
    run_qa("build", "--docs", str(LAYOUTS), "--index", str(index), "--quiet")
    return {s["file"]: s for s in json.loads(run_qa("outline", "--json", "--index", str(index)))}


def counts(nodes: list[dict]) -> list[int]:
    return [len(n["children"]) for n in nodes]


def test_there_are_enough_layouts():
    assert len(EXPECTED) >= 13
    assert sorted(EXPECTED) == sorted(p.name for p in LAYOUTS.iterdir() if p.suffix in (".txt", ".md"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_outline(outline, name):
    want, speech = EXPECTED[name], outline[name]
    tree = speech["directives"]
    assert counts(tree) == want["top"]
    if "second" in want:
        assert [counts(d["children"]) for d in tree] == want["second"]
    assert speech["title"] == want["title"]
    assert [d["label"] for d in tree] == want["labels"]
    if "child_labels" in want:
        assert [[c["label"] for c in d["children"]] for d in tree] == want["child_labels"]
    for node in tree:  # the outline keeps its shape
        assert set(node) >= {"label", "heading", "children"}


def _content(speech) -> list[str]:
    """The paragraphs that are not the speech's frame (byline, date, speaker: kept, searchable, not content)."""
    return [p for i, p in enumerate(speech.paragraphs, 1) if i not in speech.frame]


def test_byline_date_and_site_lines_are_neither_title_nor_text():
    speeches = {s.file: s for s in scan_documents(LAYOUTS).speeches}
    byline = speeches["speech-with-byline.txt"]
    assert _content(byline)[0] == "同志们："  # the greeting opens the body
    assert not any(p.startswith("——") or "2022年10月12日" in p for p in _content(byline))
    assert "（2022年10月12日）" in byline.paragraphs and byline.date == "2022-10-12"  # frame: searchable
    assert _content(speeches["speaker-without-dash.txt"])[0] == "同志们："  # 市委书记　张XX is no text
    dated = speeches["date-before-title.txt"]
    assert dated.title == "在全市安全生产工作会议上的讲话" and not any("2021年3月5日" in p for p in _content(dated))
    site = speeches["site-credits.txt"]
    for furniture in ("来源：", "打印本页", "浏览次数", "责任编辑", "备案号", "版权所有", "09:30"):
        assert furniture not in site.text
    # the page's 发布时间 stays as frame, in its own words: 哪天发布的 is answered from it
    assert site.paragraphs[0] == "发布时间：2023-04-12" and 1 in site.frame and site.date == "2023-04-12"
    assert not any("二〇二二年一月十日" in p for p in _content(speeches["chinese-date-and-numbers.txt"]))


def test_markdown_marks_and_a_bracketed_note_are_not_text():
    speech = next(s for s in scan_documents(LAYOUTS).speeches if s.file == "markdown-headings.md")
    assert _content(speech)[0] == "同志们："  # （根据录音整理） under the title is frame, not text
    assert "**" not in speech.text and "- " not in speech.text
    # a heading's #s stay only as its level, at the start of its line (## 一、认清创建形势), never in a quote
    assert all(re.match(r"#{2,6} \S", line) for line in speech.text.splitlines() if "#" in line)
    assert "#" not in without_heading_marks(speech.text)


def test_compilation_headers_without_a_colon():
    text = ("第一篇 在防汛工作会议上的讲话\n第一，要压实责任。各级要落实防汛责任制。\n第二，要加强值守。\n"
            "第二篇 在安全生产会议上的讲话\n一是要排查隐患。二是要严格执法。\n")
    speeches = split_speeches(text, "汇编.txt")
    assert [(s.ordinal, s.title) for s in speeches] == [(1, "在防汛工作会议上的讲话"), (2, "在安全生产会议上的讲话")]
    (prose,) = split_speeches("第一篇讲话强调要抓好落实。\n第一，要压实责任。\n", "notes/a.txt")
    assert prose.title == "a" and prose.paragraphs[0] == "第一篇讲话强调要抓好落实。"


def test_first_line_that_is_a_point_is_not_the_title():
    (speech,) = split_speeches("一、总体情况\n今年工作平稳推进。\n二、下步打算\n要抓好落实。\n", "reports/半年报告.txt")
    assert speech.title == "半年报告"
    assert speech.paragraphs[0] == "一、总体情况"


def test_list_items_are_quoted_and_cited_by_their_own_words():
    speech = next(s for s in scan_documents(LAYOUTS).speeches if s.file == "yao-list.txt")
    passages = speech_passages(speech, min_chars=1)
    item = next(p for p in passages if "严格出入登记" in p.text)
    assert item.path == ["第一，要抓紧抓实社区防控", "要强化小区封闭管理"]
    assert item.label == "要强化小区封闭管理"
    assert all("项" not in "".join(p.path) + p.label for p in passages)


def test_a_greeting_alone_is_not_a_passage():
    speeches = {s.file: s for s in scan_documents(LAYOUTS).speeches}
    for name in ("site-credits.txt", "date-before-title.txt"):
        passages = speech_passages(speeches[name], min_chars=1)
        assert passages and not any(p.text.startswith("同志们") and len(p.text) < 6 for p in passages)


def test_a_sentence_that_names_site_words_is_text():
    long = "要严格核查网站备案号和主办单位信息，对未备案的网站依法处置，确保网络空间清朗，切实维护人民群众合法权益，营造良好网络环境。"
    (speech,) = split_speeches(f"关于网络治理的讲话\n{long}\n备案号：X ICP备12345678号\n", "n.txt")
    assert speech.paragraphs == [long]
