"""Many files: two compilations with the same speech numbers are kept apart in
the filter, in citations and in 亦见, on the page's handlers and through the CLI
(a real index built with the bundled model)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_qa

from qa.testing import serving
from qa.web import chat
from two_compilations import write

JIA, YI = "甲市讲话汇编.txt", "乙市讲话汇编.txt"


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    docs = write(tmp_path_factory.mktemp("many") / "docs")
    folder = docs.parent / "index"
    run_qa("build", "--docs", str(docs), "--index", str(folder), "--quiet")
    return folder


def ask_json(index: Path, question: str, *flags: str) -> dict:
    return json.loads(run_qa("ask", "--json", "-k", "5", "--index", str(index), *flags, question))


def test_cli_file_and_speech_filters_keep_compilations_apart(index):
    both = ask_json(index, "防汛责任怎么落实？")
    assert {r["citation"]["file"] for r in both["results"]} == {JIA, YI}
    only_yi = ask_json(index, "防汛责任怎么落实？", "--file", YI, "--speech", "1")
    assert only_yi["results"]
    assert {(r["citation"]["file"], r["citation"]["speech"]) for r in only_yi["results"]} == {(YI, 1)}
    by_stem = ask_json(index, "安全生产", "--file", "甲市讲话汇编", "--speech", "2")
    assert {(r["citation"]["file"], r["citation"]["speech"]) for r in by_stem["results"]} == {(JIA, 2)}
    missing = ask_json(index, "防汛", "--file", "丙市.txt")
    assert missing["results"] == [] and "丙市.txt" in missing["notice"]
    absent = ask_json(index, "防汛", "--file", JIA, "--speech", "3")
    assert absent["results"] == [] and "没有第3篇" in absent["notice"]


def test_cli_also_names_each_other_file_and_speech_once(index):
    result = ask_json(index, "水库堤防山塘的巡查责任人怎么落实？")
    top = result["results"][0]["citation"]
    places = [(a["file"], a["speech"]) for a in top["also"]]
    assert places and len(places) == len(set(places))
    assert (top["file"], top["speech"]) not in places
    assert {top["file"]} | {f for f, _ in places} == {JIA, YI}
    for other in result["results"][1:]:  # the copies were merged into the first result
        assert "巡查责任人" not in other["text"]


@pytest.fixture(scope="module")
def service(index):
    service = serving(index)
    service.reload()
    return service


def test_filter_lists_documents_and_their_speeches(service):
    choices = chat.speech_choices(service)
    labels = [label for label, _ in choices]
    assert choices[0] == ("全部讲话", 0)
    assert f"{JIA}（全部2篇）" in labels and f"{YI}（全部2篇）" in labels
    firsts = [(label, value) for label, value in choices if "第一篇" in label]
    assert firsts == [(f"{YI} · 第一篇 乙市领导在防汛工作会议上的讲话", f"{YI}#1"),
                      (f"{JIA} · 第一篇 甲市领导在防汛工作会议上的讲话", f"{JIA}#1")]
    assert chat.parse_filter(f"{YI}#1") == (YI, 1) and chat.parse_filter(f"{JIA}#0") == (JIA, None)
    assert chat.parse_filter(0) == (None, None) and chat.parse_filter("2") == (None, 2)


def test_page_filter_citations_and_also_name_the_file(service):
    turns = chat.ask(service, "防汛责任怎么落实？", speech=f"{JIA}#1")
    sources = turns[-1]["html"].split('<li class="source')[1:]
    assert sources and all(f"（{JIA}）" in s.split("</div>")[0] and "第一篇" in s for s in sources)
    turns = chat.ask(service, "水库堤防山塘的巡查责任人怎么落实？")
    first = turns[-1]["html"].split('<li class="source')[1]
    also = first.split('class="also"')[1].split("</span>")[0]
    named = also.split(">亦见")[1]
    assert named.count("第一篇") == len(named.split("、")) and JIA in named + first and YI in named + first
    assert len(set(named.split("、"))) == len(named.split("、"))
