"""The chat page's handlers (qa/chat.py, qa/render.py), without a browser.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_chat.py."""
from __future__ import annotations

import re

import pytest

from qa.web import chat


@pytest.mark.slow
def test_real_index_answers_with_the_right_citation(bundled_qa):
    turns = chat.ask(bundled_qa, "打了针能防住病毒吗？", [])
    first = re.search(r'<li class="source cited" id="t1-s1"[^>]*>(.*?)</li>', turns[0]["html"], re.S).group(1)
    assert "第一篇" in first and "第五，要加快疫苗接种进度" in first
    turns = chat.ask(bundled_qa, "小区封闭管理的重点是哪些地方？", turns)
    assert "亦见第五篇" in turns[1]["html"] and "第四篇" in turns[1]["html"]
