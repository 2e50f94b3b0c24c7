"""`qa mcp`: the tool as a Model Context Protocol server (official `mcp` SDK).

    qa mcp [--index DIR] [--model M]        # stdio, for Claude Desktop, Cherry Studio, VS Code …
    python app.py                           # also serves it over streamable HTTP at /mcp (qa/web/mcp_http.py)

Tools: ``ask`` (answer with [n] markers and the cited sources), ``outline``
(the directive tree of a document, to a depth), ``read`` (one point or a range
of paragraphs of a speech), ``list_documents``; one resource per document
(``qa://outline/<file>``, its outline). Every reply is text of at most
QA_MCP_MAX_CHARS characters (cut with a notice), with the same data as JSON
(``structuredContent``) when that fits too. A problem (no index, an unknown
file, a bad argument) comes back as a tool error (``isError``) whose text is
the CLI's one line: ``qa ask: …``.

(No ``from __future__ import annotations`` here: the SDK reads the tools'
annotations at run time to build their JSON schemas.)
"""
import inspect
import logging
import threading
from typing import Annotated, Awaitable, Callable
from urllib.parse import quote, unquote

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, Resource as MCPResource, TextContent, ToolAnnotations
from pydantic import Field

from qa.errors import QAError
from qa.integrations import answers

log = logging.getLogger(__name__)

NAME = "jianghua-qa"
MAX_K = 10
INSTRUCTIONS = (
    "讲话问答：回答关于中文讲话材料（会议讲话、讲话范文）的问题，每句答案都标注出处（哪篇讲话、哪一条要求、第几段）。"
    "先用 ask 提问；需要整篇结构时用 outline，需要原文全文时用 read；引用时保留 [n] 标号和来源。\n"
    "Answers questions over Chinese speech documents with citations (speech, directive such as 第一，/一是/（一）, "
    "paragraph). Use ask first; outline for a speech's structure; read for the full text of a point or paragraphs. "
    "Keep the [n] markers and sources when you quote."
)
ASK_DESCRIPTION = (
    "就讲话材料提问，返回带 [n] 标号的答案和引用来源（文件、第几篇、标题、条目路径、段落、原文、相关度 0–1）。"
    "可按文件、讲话编号筛选；追问时把之前的问题放在 conversation 里。材料里没有答案时会明确说明。\n"
    "Ask a question about the speech documents. Returns an answer with [n] markers and the cited sources "
    "(file, speech number, title, directive path, paragraph, quote, relevance 0–1). Filter by file or speech; "
    "for a follow-up pass the earlier questions as conversation. Says so when the documents do not answer it."
)
OUTLINE_DESCRIPTION = (
    "列出讲话的提纲（各级条目：一、（一）、第一，、一是……及其段落号），可限定文件、讲话和层数。\n"
    "The outline of the speeches: their numbered points (一、/（一）/第一，/一是 …) with paragraph numbers, "
    "for one file or speech or all, down to a depth."
)
READ_DESCRIPTION = (
    "读取一篇讲话的原文：某一条（directive，如“三”、“第五”、“三/（二）”或标题里的词），或第 start–end 段。\n"
    "Read the text of one speech: one point (directive: its label such as 三 / 第五, a path 三/（二）, "
    "or words of its heading), or paragraphs start–end."
)
LIST_DESCRIPTION = (
    "列出索引中的全部文档及其中的讲话（编号、标题、条目数、段落数）。\n"
    "List the documents in the index and the speeches in each (number, title, points, paragraphs)."
)
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                            open_world_hint=False)


def _result(text: str, structured: object, max_chars: int) -> CallToolResult:
    text, structured = answers.capped(text, structured, max_chars)
    if isinstance(structured, list):
        structured = {"items": structured}
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=structured)


def _error(tool: str, exc: Exception) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=f"qa {tool}: {exc}")], is_error=True)


def _guarded(tool: str, work: Callable[[], CallToolResult]) -> CallToolResult:
    """``work()``, with a QAError as the CLI's one line and anything else as a short line (the log has the rest)."""
    try:
        return work()
    except QAError as exc:
        return _error(tool, exc)
    except Exception as exc:  # never a traceback to the assistant
        log.exception("MCP tool %s failed", tool)
        return _error(tool, f"internal error ({exc.__class__.__name__}); the server log has the details")


class LazyIndex:
    """The index, opened on first use and retried after a failure (so the server
    starts, and says why on every call, when no index is built yet)."""

    def __init__(self, opener: Callable[[], object]) -> None:
        self._opener, self._index, self._lock = opener, None, threading.Lock()

    def __call__(self):
        with self._lock:
            if self._index is None:
                self._index = self._opener()
            return self._index


class QAServer(MCPServer):
    """MCPServer whose resource list follows the index: one outline per document, as built now."""

    def __init__(self, get_index: Callable[[], object], max_chars: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.get_index = get_index
        self.max_chars = max_chars

    async def list_resources(self) -> list[MCPResource]:
        import anyio

        def documents() -> list[dict]:
            try:
                return answers.documents(self.get_index())
            except QAError:
                return []  # no index yet: no resources (the tools say why)

        docs = await anyio.to_thread.run_sync(documents)
        return [*await super().list_resources(),
                *(MCPResource(uri=f"qa://outline/{quote(d['file'], safe='')}", name=f"outline:{d['file']}",
                              title=f"提纲 · {d['file']}", mime_type="text/plain",
                              description=f"{d['file']} 的提纲（{len(d['speeches'])} 篇讲话） / outline of {d['file']}")
                  for d in docs)]


def build_server(get_index: Callable[[], object], max_chars: int,
                 run: Callable[[Callable[[], CallToolResult]], Awaitable[CallToolResult]] | None = None) -> QAServer:
    """The MCP server over the index ``get_index()`` returns (a qa.Index).
    ``run(work)`` runs a tool's blocking work (default: a worker thread; the
    app passes its question pool, whose refusal when full is a tool error)."""
    import anyio

    run = run or anyio.to_thread.run_sync

    async def on_worker(tool: str, work: Callable[[], CallToolResult]) -> CallToolResult:
        try:
            return await run(lambda: _guarded(tool, work))
        except Exception as exc:  # the pool is full (qa.web.api.Busy), or it failed
            log.warning("MCP tool %s not run: %r", tool, exc)
            return _error(tool, "too many questions waiting; try again shortly")

    server = QAServer(get_index, max_chars, name=NAME, title="讲话问答", instructions=INSTRUCTIONS,
                      version="1", log_level="WARNING")

    async def ask(question: Annotated[str, Field(description="问题 / the question", max_length=2000)],
            k: Annotated[int, Field(ge=1, le=MAX_K, description="来源条数 / number of sources")] = 5,
            file: Annotated[str | None, Field(description="只看这个文件（文件名或不带扩展名）/ only this document")] = None,
            speech: Annotated[int | None, Field(ge=1, description="只看第几篇讲话 / only this speech (1-based)")] = None,
            conversation: Annotated[list[str] | None, Field(
                max_length=30, description="之前的问题，从早到晚；追问时用 / earlier questions, oldest first")] = None,
            year: Annotated[int | None, Field(description="只看这一年的讲话 / only speeches of this year")] = None,
            speaker: Annotated[str | None, Field(description="只看此人的讲话 / only this speaker's speeches")] = None,
            ) -> CallToolResult:
        def work() -> CallToolResult:
            index = get_index()
            extra = {name: value for name, value in (("year", year), ("speaker", speaker)) if value is not None}
            result = index.ask(question, k=k, history=conversation or None, speech=speech,
                               file=answers.resolve_file(index, file), **extra).to_dict()
            structured = {"query": result["query"], "answerable": result["answerable"],
                          "answer": (result.get("answer") or {}).get("text", ""),
                          "notice": result.get("notice", ""), "sources": answers.sources(result)}
            return _result(answers.ask_text(result), structured, max_chars)
        return await on_worker("ask", work)

    # year and speaker are offered only where the library can filter by them
    supported = answers.filters(_IndexType())
    signature = inspect.signature(ask)
    ask.__signature__ = signature.replace(parameters=[
        p for p in signature.parameters.values() if p.name not in ("year", "speaker") or p.name in supported])

    async def outline(file: Annotated[str | None, Field(description="文件名；不填则全部 / a document; all when empty")] = None,
                speech: Annotated[int | None, Field(ge=1, description="第几篇讲话 / one speech (1-based)")] = None,
                depth: Annotated[int, Field(ge=1, le=answers.MAX_DEPTH,
                                            description="列出几层条目 / levels of points")] = 2) -> CallToolResult:
        def work() -> CallToolResult:
            tree = answers.outline(get_index(), file, speech, depth)
            return _result(answers.outline_text(tree), tree, max_chars)
        return await on_worker("outline", work)

    async def read(file: Annotated[str | None, Field(description="文件名（只有一个文件时可不填）/ the document")] = None,
             speech: Annotated[int | None, Field(ge=1, description="第几篇（文件只有一篇时可不填）/ the speech")] = None,
             directive: Annotated[str | None, Field(
                 description="哪一条：编号（三、第五）、路径（三/（二））或标题里的词 / which point")] = None,
             start: Annotated[int | None, Field(ge=1, description="起始段 / first paragraph")] = None,
             end: Annotated[int | None, Field(ge=1, description="结束段 / last paragraph")] = None) -> CallToolResult:
        def work() -> CallToolResult:
            found = answers.read(get_index(), file, speech, directive, start, end)
            return _result(answers.read_text(found), found, max_chars)
        return await on_worker("read", work)

    async def list_documents() -> CallToolResult:
        def work() -> CallToolResult:
            docs = answers.documents(get_index())
            lines = [f"{d['file']}：" + "；".join(f"第{s['speech']}篇《{s['title']}》{s['points']}条、{s['paragraphs']}段"
                                                 for s in d["speeches"]) for d in docs]
            return _result("\n".join(lines) or "（索引中没有文档 / no documents）", docs, max_chars)
        return await on_worker("list_documents", work)

    for fn, title, description in ((ask, "提问 / Ask", ASK_DESCRIPTION),
                                   (outline, "提纲 / Outline", OUTLINE_DESCRIPTION),
                                   (read, "读原文 / Read", READ_DESCRIPTION),
                                   (list_documents, "文档列表 / Documents", LIST_DESCRIPTION)):
        server.add_tool(fn, title=title, description=description, annotations=READ_ONLY, structured_output=False)

    @server.resource("qa://outline/{file}", name="outline", title="提纲 / Outline", mime_type="text/plain",
                     description="一个文档的提纲（三层）/ the outline of one document (three levels)")
    def outline_resource(file: str) -> str:
        try:
            text = answers.outline_text(answers.outline(get_index(), unquote(file), None, 3))
        except QAError as exc:
            text = f"qa outline: {exc}"
        return answers.capped(text, None, max_chars)[0]

    return server


class _IndexType:
    """Stands for a qa.Index when only its ask signature is wanted (filters it takes)."""

    def __init__(self) -> None:
        from qa.api import Index

        self.ask = Index.ask


def run_stdio(get_index: Callable[[], object], max_chars: int) -> None:
    """Serve over stdin/stdout until the client closes them."""
    build_server(get_index, max_chars).run("stdio")


def serve_stdio(chosen) -> None:
    """`qa mcp`: the index of ``chosen`` (qa.settings.Settings) over stdio. The
    index is opened in the background at once, so the first question does not
    wait for the model; a problem with it is each tool call's error."""
    from qa.api import open_index

    get_index = LazyIndex(lambda: open_index(reload=True, settings=chosen))

    def warm() -> None:
        try:
            get_index().ask("疫情防控", k=1)
        except Exception as exc:  # said again, as the tool's error, when a tool is called
            log.warning("qa mcp: %s", exc)

    threading.Thread(target=warm, daemon=True).start()
    run_stdio(get_index, chosen.mcp_max_chars)
