"""`qa mcp`: a real subprocess spoken to with the MCP SDK's own stdio client,
on a real index (a tiny sentence-transformers model, so the CLI loads the same
embedder); and the streamable HTTP endpoint at /mcp, which answers only those
the JSON API would (a token, a page session, or an open loopback app).

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_mcp_e2e.py."""
from __future__ import annotations


import anyio
import pytest

from tiny_model import build_tiny


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny(tmp_path_factory.mktemp("mcp"))


def test_a_long_reply_is_cut_with_a_notice(make_index):
    from mcp import Client

    from qa.integrations.mcp_server import build_server

    long = "关于长篇讲话\n" + "".join(f"{n}. 第{n}项工作要抓紧落实，确保各项任务按期完成。\n" for n in range(1, 200))
    built = make_index({"long.txt": long})
    index = built.qa
    server = build_server(lambda: index, 1000)

    async def main():
        async with Client(server) as client:
            return (await client.call_tool("outline", {"depth": 3}),
                    await client.call_tool("read", {"start": 1, "end": 40}))

    outline, read = anyio.run(main)
    for got in (outline, read):
        text = got.content[0].text
        assert len(text) <= 1000 and "结果过长" in text and "Cut at 1000 characters" in text
        assert got.structured_content is None  # the JSON would not fit either: the text stands alone


def test_a_full_question_pool_is_a_tool_error(make_index):
    from mcp import Client

    from qa.integrations.mcp_server import build_server
    from qa.web.api import Busy
    from tiny_model import FIRE

    index = make_index({"fire.txt": FIRE}).qa

    async def full(work):
        raise Busy()

    async def main():
        async with Client(build_server(lambda: index, 5000, run=full)) as client:
            return await client.call_tool("ask", {"question": "消防检查"})

    got = anyio.run(main)
    assert got.is_error and got.content[0].text == "qa ask: too many questions waiting; try again shortly"
