"""Odd and hostile questions, in the chat handlers and in the CLI: each gets a
polite reply or a clear message, none raises, nothing turns into markup.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_hostile_e2e.py."""
from __future__ import annotations

import io
import json
import re
import sys

import pytest

from qa.web import chat
from qa import cli
from qa.search.request import MAX_QUESTION_CHARS, clean_question
from qa.testing import tiny_index
from sample_docs import BLANK, LONG, ODD

TINY = """第一篇：关于疫苗接种的讲话
同志们：
今天召开会议，部署疫苗接种和学校开学工作。
第一，要加快疫苗接种进度。各地要在月底前完成接种任务，做到应接尽接，尽快建立免疫屏障。
第二，要做好学校开学准备。学校要在开学前完成校园消毒，食堂和宿舍要开展专项督查。
同志们，我就讲这些。
第二篇：关于防汛救灾的讲话
同志们：
今天主要讲防汛救灾。
一、持续抓好防汛救灾。各地要加强雨情水情监测，及时转移受威胁群众。
二、抓紧做好灾后重建。倒塌校舍要尽快修复，确保按时开学。
"""


TOO_LONG = "问题过长，只按前 500 个字检索。"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    built = tiny_index(tmp_path_factory.mktemp("hostile"), {"tiny.txt": TINY})
    return built.qa, built.docs, built.index


def assert_safe_html(page: str) -> None:
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<b>粗" not in page
    assert 'onmouseover="' not in page
    page.encode("utf-8")  # no lone surrogate may reach the page


# -- the chat handlers -------------------------------------------------------------

@pytest.mark.parametrize("name", list(ODD))
def test_odd_question_gets_a_polite_reply(tiny, name):
    service, docs, _ = tiny
    question = ODD[name]
    turns = chat.ask(service, question, [], docs_dir=docs)
    assert len(turns) == 1
    reply = turns[0]["html"]
    assert 'class="notice error"' not in reply
    assert re.search(r'class="(answer|no-answer|notice info)"', reply), reply[:300]
    assert_safe_html(chat.conversation_html(turns))
    kept = turns[0]["question"]
    assert kept == clean_question(question).strip() and len(kept) <= MAX_QUESTION_CHARS
    # a follow-up after it works too
    turns = chat.ask(service, "那具体怎么落实？", turns, docs_dir=docs)
    assert len(turns) == 2 and 'class="notice error"' not in turns[1]["html"]


def test_long_question_is_answered_on_its_start_with_a_notice(tiny):
    service, docs, _ = tiny
    turns = chat.ask(service, LONG, [], docs_dir=docs)
    reply = turns[0]["html"]
    assert TOO_LONG in reply and 'class="notice info"' in reply
    bubble = re.search(r'<div class="q">.*?<div class="bubble">(.*?)</div>', reply, re.S).group(1)
    assert bubble.startswith("疫苗接种") and bubble.endswith("……（以下从略）") and len(bubble) < 520
    # an answer or the polite no-answer still follows the notice
    assert 'class="answer"' in reply or 'class="no-answer"' in reply


def test_notice_is_kept_when_nothing_answers(tiny):
    service, docs, _ = tiny
    turns = chat.ask(service, "火星天气" * 200, [], docs_dir=docs)
    reply = turns[0]["html"]
    assert TOO_LONG in reply


@pytest.mark.parametrize("name", list(BLANK))
def test_blank_question_adds_no_turn(tiny, name):
    service, docs, _ = tiny
    assert chat.ask(service, BLANK[name], [], docs_dir=docs) == []
    assert chat.ask(service, None, [], docs_dir=docs) == []


@pytest.mark.parametrize("k, speech", [(0, 0), (-5, None), (10**9, 1), ("x", "y"), (None, 99), (float("nan"), 2)])
def test_odd_controls_do_not_break_the_reply(tiny, k, speech):
    service, docs, _ = tiny
    turns = chat.ask(service, "疫苗接种什么时候完成？", [], speech=speech, k=k, docs_dir=docs)
    assert len(turns) == 1 and 'class="notice error"' not in turns[0]["html"]


def test_clean_question():
    assert clean_question("a\x00b\u2028c\u202ed\r\ne\ud800f\x85g") == "a b c d\ne?f g"
    assert clean_question(None) == "" and clean_question(12) == "12"
    assert len(clean_question("字" * 50_000)) == MAX_QUESTION_CHARS
    assert clean_question("學校 ＡＢＣ🙂") == "學校 ＡＢＣ🙂"  # normalizing is the search's job


# -- the CLI ------------------------------------------------------------------------

@pytest.fixture
def cli_index(tiny, monkeypatch):
    import qa.service

    service, _, index = tiny
    monkeypatch.setattr(qa.service, "load_embedder", lambda name=None: service.service.embedder)
    return index


def run_ask(capsys, index, *args, stdin: bytes | None = None):
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        code = cli.main(["ask", "--index", str(index), *args])
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", list(ODD) + list(BLANK))
def test_cli_answers_odd_questions_in_json(cli_index, capsys, name):
    question = {**ODD, **BLANK}[name]
    code, out, err = run_ask(capsys, cli_index, "--json", "-k", "3", question)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["query"] == clean_question(question)
    assert len(record["results"]) <= 3
    if name == "long":
        assert record["notice"] == TOO_LONG
    if name in BLANK:
        assert record["notice"] == "请输入一个问题。" and record["results"] == []


def test_cli_text_output_shows_the_long_question_notice(cli_index, capsys):
    code, out, _ = run_ask(capsys, cli_index, LONG)
    assert code == 0
    assert TOO_LONG in out
    assert "……（以下从略）" in out and len(out) < 5000


def test_cli_reads_every_stdin_line_whatever_its_encoding(cli_index, capsys):
    lines = ["疫苗接种什么时候完成？".encode("utf-8"), "学校开学前要做哪些准备？".encode("gb18030"),
             b"\xff\xfe broken bytes", b"", "繁體：學校開學".encode("big5", errors="ignore"),
             "带\x1c分隔符\x85和\u2028的问题".encode("utf-8")]
    code, out, err = run_ask(capsys, cli_index, "--json", stdin=b"\n".join(lines) + b"\r\n")
    assert code == 0, err
    records = [json.loads(line) for line in out.split("\n") if line]
    assert len(records) == len(lines)
    assert records[1]["query"] == "学校开学前要做哪些准备？"  # GB18030 understood
    assert records[3]["notice"] == "请输入一个问题。"
    assert all("\u2028" not in r["query"] for r in records)


def test_cli_argument_with_undecodable_bytes(cli_index, capsys):
    arg = "学校开学".encode("gb18030").decode("utf-8", "surrogateescape")  # as Python hands it over
    code, out, err = run_ask(capsys, cli_index, "--json", arg)
    assert code == 0, err
    assert json.loads(out)["query"] == "学校开学"


@pytest.mark.parametrize("k", ["0", "51", "-1"])
def test_cli_k_out_of_range_is_one_line(cli_index, capsys, k):
    code, out, err = run_ask(capsys, cli_index, "-k", k, "疫苗")
    assert code == 2 and out == ""
    assert err.strip() == f"qa ask: k: expected an integer 1–50, got {int(k)}"


def test_question_vectors_are_cached_and_shared_read_only(tiny):
    service, _, _ = tiny
    cache = service.pipeline.embedder
    before = cache.misses
    first = service.ask("校园消毒什么时候完成")
    hits = cache.hits
    again = service.ask("校园消毒什么时候完成")
    assert cache.hits == hits + 1 and cache.misses == before + 1
    assert [h.row for h in first.hits] == [h.row for h in again.hits]
    vector = cache.embed_query("校园消毒什么时候完成")
    with pytest.raises(ValueError):
        vector[0] = 1.0


def test_an_endless_conversation_keeps_its_last_turns(tiny):
    service, docs, _ = tiny
    turns: list[dict] = []
    for i in range(chat.MAX_TURNS + 5):
        turns = chat.ask(service, f"第{i}个问题：疫苗接种", turns, docs_dir=docs)
    assert len(turns) == chat.MAX_TURNS
    assert [t["n"] for t in turns] == list(range(6, chat.MAX_TURNS + 6))
    page = chat.conversation_html(turns)
    assert 'id="turn-5"' not in page and f'id="turn-{chat.MAX_TURNS + 5}"' in page
    assert f"只显示最近 {chat.MAX_TURNS} 轮对话，更早的 5 轮已不再显示。" in page
