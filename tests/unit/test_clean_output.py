"""Clean output: file names with control and bidi characters are shown
escaped; the exported Markdown carries no live HTML or javascript: links;
the browser's copy of the conversation is keyed per installation and cleared
on logout; unread /gradio_api/call results expire.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_clean_output_e2e.py."""
from __future__ import annotations

import asyncio


from qa.ingest.limits import display_name
from qa.web.sessions import Sweeper

FORGED = "x.txt\n  added: 伪造的报告行.txt"
RLO = "报告\u202etxt.exe"


def test_control_and_bidi_characters_are_escaped_in_names():
    assert display_name(FORGED) == "x.txt\\n  added: 伪造的报告行.txt"
    assert display_name(RLO) == "报告\\u202etxt.exe"
    assert display_name("a\x1b[31mb\u2066c\u200fd.txt") == "a\\x1b[31mb\\u2066c\\u200fd.txt"
    assert display_name("讲话（2021）.docx") == "讲话（2021）.docx"


def test_a_build_report_shows_each_name_on_one_line(tmp_path, fake_embedder):
    from qa.indexing.build import build_index
    from qa.indexing.build_folder import load_build as load_index

    docs = tmp_path / "docs"
    docs.mkdir()
    for i, name in enumerate((FORGED, RLO + ".txt")):
        (docs / name).write_text(f"关于安全生产的讲话{i}\n第一，要压实企业主体责任。\n", encoding="utf-8")

    report = build_index(docs, tmp_path / "index", fake_embedder)
    assert sorted(report.added) == sorted([display_name(FORGED), display_name(RLO + ".txt")])
    for name in report.added:
        assert "\n" not in name and "\u202e" not in name
    files = {p.file for p in load_index(tmp_path / "index").passages}
    assert files == set(report.added)  # cited, listed and shown under the same escaped name


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeQueue:
    def __init__(self) -> None:
        self.pending_messages_per_session: dict = {}
        self.pending_event_ids_session: dict = {}


class FakeApp:
    def __init__(self) -> None:
        self.queue = FakeQueue()

    def get_blocks(self):
        return type("Blocks", (), {"_queue": self.queue})()


def test_unread_call_results_expire_and_read_ones_stay():
    app, clock = FakeApp(), Clock()
    sweeper = Sweeper(app, idle=3600, token_ttl=3600, clock=clock)

    async def fill():
        unread, read = asyncio.Queue(), asyncio.Queue()
        for _ in range(3):
            unread.put_nowait({"result": "x" * 1000})
        return unread, read

    unread, read = asyncio.run(fill())
    q = app.queue
    q.pending_messages_per_session.update(unread=unread, read=read)
    q.pending_event_ids_session.update(unread={"e1"}, read={"e2"})
    sweeper.drop_unread_results(ttl=120)
    clock.now = 100
    sweeper.drop_unread_results(ttl=120)
    assert "unread" in q.pending_messages_per_session  # not yet
    clock.now = 121
    sweeper.drop_unread_results(ttl=120)
    assert "unread" not in q.pending_messages_per_session and "unread" not in q.pending_event_ids_session
    assert "read" in q.pending_messages_per_session  # an empty queue is someone reading: kept
