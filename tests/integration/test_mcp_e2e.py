"""`qa mcp`: a real subprocess spoken to with the MCP SDK's own stdio client,
on a real index (a tiny sentence-transformers model, so the CLI loads the same
embedder); and the streamable HTTP endpoint at /mcp, which answers only those
the JSON API would (a token, a page session, or an open loopback app).

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_mcp.py."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import anyio
import httpx
import pytest

from tiny_model import build_tiny

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "tok-mcp-0123456789abcdef"
QUESTIONS = ["商场学校要做消防检查吗？", "种子化肥供应怎么保障？", "股票怎么买？"]
CITATION_KEYS = ("file", "speech", "title", "path", "label", "paragraph")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny(tmp_path_factory.mktemp("mcp"))


def env_for(model: Path) -> dict:
    return {**os.environ, "QA_MODEL": str(model), "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1",
            "TQDM_DISABLE": "1"}


def cli(model: Path, *args: str, stdin: str = "", ok: bool = True) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "qa", *args], input=stdin, capture_output=True, text=True,
                         cwd=ROOT, env=env_for(model), timeout=300)
    assert (out.returncode == 0) == ok, out.stderr
    return out


def talk(model: Path, index: Path, calls):
    """Start `python -m qa mcp --index index`, run ``await calls(client)`` with the SDK's stdio client."""
    from mcp import Client, StdioServerParameters

    params = StdioServerParameters(command=sys.executable, args=["-m", "qa", "mcp", "--index", str(index)],
                                   env=env_for(model), cwd=str(ROOT))

    async def main():
        with anyio.fail_after(240):
            async with Client(params) as client:
                return await calls(client)

    return anyio.run(main)


def test_stdio_server_lists_its_tools_and_answers_like_the_cli(tiny):
    model, index = tiny

    async def calls(client):
        tools = (await client.list_tools()).tools
        asked = [await client.call_tool("ask", {"question": q, "k": 3}) for q in QUESTIONS]
        follow = await client.call_tool("ask", {"question": "那学校呢？", "k": 3, "conversation": [QUESTIONS[0]]})
        outline = await client.call_tool("outline", {"depth": 6})
        read = await client.call_tool("read", {"file": "fire", "directive": "二"})
        missing = await client.call_tool("read", {"file": "flood.txt"})
        resources = (await client.list_resources()).resources
        first = await client.read_resource(str(resources[0].uri))
        return tools, asked, follow, outline, read, missing, resources, first

    tools, asked, follow, outline, read, missing, resources, first = talk(model, index, calls)
    by_name = {t.name: t for t in tools}
    assert set(by_name) == {"ask", "outline", "read", "list_documents"}
    for tool in tools:  # described in Chinese and in English, so an assistant picks them well
        assert any("\u4e00" <= ch <= "\u9fff" for ch in tool.description) and " the " in tool.description, tool.name
        assert tool.annotations.read_only_hint
    assert {"question", "k", "file", "speech", "conversation"} <= set(by_name["ask"].input_schema["properties"])
    assert by_name["ask"].input_schema["required"] == ["question"]

    expected = [json.loads(line) for line in
                cli(model, "ask", "--json", "-k", "3", "--index", str(index), stdin="\n".join(QUESTIONS) + "\n")
                .stdout.splitlines()]
    for got, want in zip(asked, expected):
        assert not got.is_error, got.content[0].text
        body = got.structured_content
        assert body["query"] == want["query"] and body["answerable"] == want["answerable"]
        assert body["answer"] == want["answer"]["text"]
        assert [{k: s[k] for k in CITATION_KEYS} for s in body["sources"]] == \
               [{k: r["citation"][k] for k in CITATION_KEYS} for r in want["results"]]
        assert [s["quote"] for s in body["sources"]] == [r["text"] for r in want["results"]]
        assert all(0 <= s["score"] <= 1 for s in body["sources"])
        text = got.content[0].text
        assert all(f"[{s['n']}] " in text and s["quote"] in text for s in body["sources"])
    fire, seeds, stocks = (a.structured_content for a in asked)
    assert fire["answerable"] and fire["sources"][0]["path"] == ["二、排查消防隐患"] and "[1]" in fire["answer"]
    assert seeds["sources"][0]["file"] == "spring.txt" and seeds["sources"][0]["label"] == "首先"
    # the answer's quoted sources score at least 0.5; a question the documents do not answer stays below
    assert fire["sources"][0]["score"] >= 0.5
    assert not stocks["answerable"] and all(s["score"] < 0.5 for s in stocks["sources"])
    assert "没有找到" in asked[2].content[0].text

    # a follow-up with the earlier question as its conversation, as `qa ask --conversation` answers it
    conversation = cli(model, "ask", "--json", "--conversation", "-k", "3", "--index", str(index),
                       stdin=f"{QUESTIONS[0]}\n那学校呢？\n").stdout.splitlines()
    want = json.loads(conversation[1])
    assert [s["quote"] for s in follow.structured_content["sources"]] == [r["text"] for r in want["results"]]
    assert follow.structured_content["answer"] == want["answer"]["text"]

    tree = json.loads(cli(model, "outline", "--json", "--index", str(index)).stdout)
    assert outline.structured_content["items"] == tree
    assert "二、排查消防隐患" in outline.content[0].text and "（二）学校" in outline.content[0].text
    assert read.structured_content["path"] == ["二、排查消防隐患"]
    assert "灭火器是否过期" in read.content[0].text and "二十四小时" not in read.content[0].text
    assert missing.is_error
    assert missing.content[0].text == \
        "qa read: file: expected a document of the index: fire.txt、spring.txt, got 'flood.txt'"
    assert sorted(str(r.uri) for r in resources) == ["qa://outline/fire.txt", "qa://outline/spring.txt"]
    assert "一、提高思想认识" in first.contents[0].text


def test_stdio_server_without_an_index_says_what_the_cli_says(tiny, tmp_path):
    model, _ = tiny
    empty = tmp_path / "no-index"
    empty.mkdir()

    async def calls(client):
        return await client.call_tool("ask", {"question": "消防检查"})

    got = talk(model, empty, calls)
    line = cli(model, "ask", "--index", str(empty), "消防检查", ok=False).stderr.strip()
    assert got.is_error and got.content[0].text == line
    assert line.startswith("qa ask: no index in") and "build_index.py" in line


# -- over HTTP, beside the page -------------------------------------------------------

class FakeSessions:
    """What Gradio's app carries for its login: the cookie's name and the tokens it issued."""

    cookie_id = "abc"
    tokens = {"session-token": "wenmi"}
    auth = ("wenmi", "pw")  # a login is required: the gate is on


@pytest.fixture
def http_app(make_index):
    """The /mcp and /retrieval routes as app.py adds them, behind the login gate, served on 127.0.0.1."""
    import uvicorn
    from fastapi import FastAPI
    from starlette.middleware import Middleware

    from qa.settings import Settings
    from qa.web.api import WorkerPool
    from qa.web.api_access import ApiAccess
    from qa.web.gate import SessionRequired
    from qa.web.integrations import integration_routes, with_integrations

    from tiny_model import FIRE

    built = make_index({"fire.txt": FIRE})
    servers = []

    def start(access: ApiAccess) -> str:
        chosen = Settings.load({}, index=built.index)
        kwargs = with_integrations({"app_kwargs": {"middleware": [Middleware(SessionRequired)]}},
                                   *integration_routes(built.qa, access, chosen, WorkerPool(2)))
        app = FastAPI(**kwargs["app_kwargs"])
        for name in ("cookie_id", "tokens", "auth"):
            setattr(app, name, getattr(FakeSessions, name))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        servers.append(server)
        return f"http://127.0.0.1:{port}/mcp"

    yield start, built
    for server in servers:
        server.should_exit = True


def mcp_ask(url: str, headers: dict) -> dict:
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    async def main():
        async with httpx2.AsyncClient(headers=headers, timeout=30) as http:
            async with Client(streamable_http_client(url, http_client=http)) as client:
                names = {t.name for t in (await client.list_tools()).tools}
                got = await client.call_tool("ask", {"question": "商场学校要做消防检查吗？", "k": 2})
                return names, got

    return anyio.run(main)


LIST = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}


def test_http_answers_only_with_a_token_or_a_session_off_loopback(http_app):
    from qa.web.api_access import ApiAccess

    start, built = http_app
    url = start(ApiAccess(open=False, tokens=(TOKEN,)))
    for headers in ({}, {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": TOKEN},
                    {"Cookie": "access-token-abc=forged"}):
        r = httpx.post(url, json=LIST, headers={"Accept": "application/json, text/event-stream", **headers},
                       trust_env=False)
        assert r.status_code == 401 and "Bearer" in r.json()["error"], headers
    names, got = mcp_ask(url, {"Authorization": f"Bearer {TOKEN}"})
    assert names == {"ask", "outline", "read", "list_documents"}
    expected = built.qa.ask("商场学校要做消防检查吗？", k=2).to_dict()
    assert [s["quote"] for s in got.structured_content["sources"]] == [r["text"] for r in expected["results"]]
    names, _ = mcp_ask(url, {"Cookie": "access-token-abc=session-token"})  # a logged-in page session
    assert "ask" in names


def test_http_on_open_loopback_needs_nothing_but_refuses_a_foreign_host(http_app):
    from qa.web.api_access import ApiAccess

    start, _ = http_app
    url = start(ApiAccess(open=True))
    names, got = mcp_ask(url, {})
    assert "ask" in names and got.structured_content["answerable"]
    # the SDK's DNS-rebinding check: a page on another site cannot reach the open loopback server
    r = httpx.post(url, json=LIST, trust_env=False,
                   headers={"Accept": "application/json, text/event-stream", "Host": "evil.example:80"})
    assert r.status_code in (400, 403, 421), r.text
