"""The chat page: a gr.Blocks built from the handlers in qa/web/chat.py.

Offline by construction: system fonts only (no GoogleFont), no external
links or scripts, analytics off. Every text shown in an HTML component is
escaped by qa/web/render.py; the page's own scripts and style are files in
qa/web/static/ (read by qa/web/scripts.py). The conversations are kept in the
browser (static/conversations.js), not on the server: a question sends only
itself, the filter and the last few questions.

Shared by an office: questions run the QA_CONCURRENCY setting at a time
(default 8; the rest wait in a bounded queue); the page serves no files and takes no uploads (see
NoFilesNoUploads); a login comes from $QA_USER / $QA_PASSWORD (see login_for).
Before Gradio sees a request, it passes the body limit (limits.py), the login
throttle (throttle.py) and the session gate (gate.py); sessions are bounded
in count and age (sessions.py). See launch_kwargs.
"""
from __future__ import annotations

import logging
import os
import re

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from pathlib import Path  # noqa: E402

import gradio as gr  # noqa: E402

from qa.errors import AccessRefused  # noqa: E402
from qa.search.conversation import MAX_CONTEXT_TURNS  # noqa: E402
from qa.search.query import MAX_QUERY_CHARS  # noqa: E402
from qa.settings import DEFAULT_CONCURRENCY, Settings  # noqa: E402
from qa.web import chat  # noqa: E402
from qa.web import outline, render, scripts  # noqa: E402
from qa.web.addresses import is_loopback  # noqa: E402,F401  (app.py and the tests use it from here)
from qa.web.gate import SessionRequired  # noqa: E402
from qa.web.limits import BodyLimit  # noqa: E402
from qa.web.sessions import SessionLimits  # noqa: E402
from qa.web.throttle import LoginThrottle, ThrottleSettings  # noqa: E402
from qa.web import status as index_status  # noqa: E402

log = logging.getLogger(__name__)

# Questions answered at the same time (threads; settings.DEFAULT_CONCURRENCY,
# 8). A question is ~50 ms of CPU, ~35 of them in the embedder, which
# releases the GIL: several at once keep both cores busy, and a long question
# does not hold up the short ones behind it. On 2 cores shared with other
# work, 20 clients: 8 answered ~20% more questions a second than 4, ~60% more
# than 1 (scripts/load_test.py --concurrency N; $QA_CONCURRENCY overrides it).

EMPTY_HINT = "请先输入问题，再按回车或点“提问”。"
# Conversations the browser keeps (the oldest goes beyond, with a notice), and turns in one.
MAX_CONVERSATIONS = 50
MAX_KEPT_TURNS = 200
# Requests waiting beyond this are refused with "queue full" instead of piling up.
QUEUE_SIZE = 256

FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
         "WenQuanYi Micro Hei", "Noto Sans", "DejaVu Sans", "sans-serif"]
MONO_FONTS = ["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "Consolas", "monospace"]

def theme() -> gr.themes.Base:
    """The default look with system fonts only: no font is fetched from anywhere."""
    return gr.themes.Default(font=FONTS, font_mono=MONO_FONTS)


def page_config() -> dict:
    """The numbers the page's scripts share with the server (window.qaConfig)."""
    return {"limit": MAX_QUERY_CHARS, "historyTurns": MAX_CONTEXT_TURNS,
            "maxConversations": MAX_CONVERSATIONS, "maxTurns": MAX_KEPT_TURNS}


def examples_html() -> str:
    buttons = "".join(f'<button type="button" class="example" data-question="{render.esc(q)}">{render.esc(q)}</button>'
                      for q in chat.EXAMPLES)
    return f'<div class="ex-h">示例问题</div>{buttons}'


CONVERSATIONS_HTML = (
    '<div class="convs"><div class="convs-head"><span class="convs-h">对话记录</span>'
    '<button type="button" class="new-conv" title="开始一个新对话，现在的对话留在列表里">新对话</button></div>'
    '<div class="undo" role="status" hidden></div><div class="note" role="status" hidden></div>'
    '<ul aria-label="保存在这个浏览器里的对话"></ul><button type="button" class="conv-more" hidden></button>'
    '<div class="tools-row"><button type="button" class="export-all" data-label="导出全部"'
    ' title="把保存在这个浏览器里的全部对话下载为一个文本文件（.md）">导出全部</button></div></div>')


def build_page(index, docs_dir: Path, concurrency: int = DEFAULT_CONCURRENCY, logout: bool = False) -> gr.Blocks:
    """The page over ``index`` (a qa.api.Index that follows rebuilds); ``docs_dir``
    is the documents folder the status line compares the build with; ``logout``:
    a 退出登录 button (a login is configured)."""
    docs_dir = Path(docs_dir)

    def index_now():
        return outline.current_index(index)

    # Nothing comes in on load: the browser shows its own copy of the conversation.
    def on_load():
        return status_now(), gr.update(choices=chat.speech_choices(index), value=0), outline.page_html(index_now())

    def status_now() -> str:
        try:
            return index_status.status_html(index, docs_dir)
        except Exception as exc:  # the status line must never take the answer with it
            log.exception("status line failed")
            return render.notice(f"无法读取索引状态：{exc.__class__.__name__}: {exc}", "error")

    # The page's question: the question, the filter, the number of sources and
    # {"n", "history"} (the last few questions) in; the new turn out (JSON).
    def on_ask(question: str, speech, k, context: str) -> str:
        if not chat.clean_question(question).strip():
            return ""  # the page shows its hint by itself
        return chat.page_reply(index, question, context, speech=speech, k=k, docs_dir=docs_dir,
                               status=status_now())

    # The HTTP API's /ask (question, speech, k → conversation …), used by
    # scripts/load_test.py: its conversation is kept for the session.
    def api_ask(question: str, turns: list[dict], speech, k):
        if not chat.clean_question(question).strip():
            return turns, chat.conversation_html(turns)
        turns = chat.ask(index, question, turns, speech=speech, k=k, docs_dir=docs_dir)
        return turns, chat.conversation_html(turns)

    # Called by the 目录's script (one argument each; see static/outline.js).
    def speech_outline(where: dict) -> str:
        where = where if isinstance(where, dict) else {}
        return outline.branch_html(index_now(), where.get("file"), where.get("speech"))

    def search_outline(query: str) -> str:
        return outline.search_html(index_now(), query)

    def read_speech(where: dict) -> str:
        return outline.reader_html(index_now(), where)

    with gr.Blocks(title="讲话问答") as page:
        api_turns = gr.State([])
        gr.HTML("<h1 style='margin:.2em 0'>讲话问答</h1>", js_on_load=None)
        status = gr.HTML(elem_id="status", js_on_load=None)
        with gr.Tabs():
            with gr.Tab("问答", id="qa"):
                with gr.Row(elem_id="qa-row"):
                    with gr.Column(scale=3, elem_id="chat-col"):
                        gr.HTML(
                            f'<div class="chat-root">{chat.conversation_html([])}</div>'
                            '<div id="announce" class="sr-only" aria-live="polite" role="status"></div>',
                            elem_id="conversation", js_on_load=scripts.CHAT_JS, min_height=320)
                        with gr.Column(elem_id="ask-bar"):
                            gr.HTML('<button type="button" class="filter-chip" hidden></button>',
                                    elem_id="chip", js_on_load=None)
                            with gr.Row(equal_height=True):
                                question = gr.Textbox(label="问题", placeholder="输入问题，回车提问", show_label=False,
                                                      scale=5, elem_id="question", autofocus=True)
                                ask_button = gr.Button("提问", variant="primary", scale=1, min_width=64, elem_id="ask")
                            # shown by the page's script at once (no round trip): an empty question, a long one
                            gr.HTML(render.hint(EMPTY_HINT, shown=False)
                                    + '<p class="len-note" role="status" hidden></p>', elem_id="hint", js_on_load=None)
                    with gr.Column(scale=1, min_width=240, elem_id="side-col"):
                        with gr.Accordion("限定讲话与结果数", open=False, elem_id="filter"):
                            speech = gr.Dropdown(label="限定讲话", choices=[("全部讲话", 0)], value=0, elem_id="speech",
                                                 filterable=True)  # many documents: type to find one
                            k = gr.Slider(1, chat.SLIDER_MAX_K, value=5, step=1, label="结果数", elem_id="k", buttons=[],
                                          info="每次回答列出的来源数，1–10")
                        with gr.Row(elem_id="chat-tools"):
                            export = gr.Button("导出对话", elem_id="export", size="sm", min_width=80)
                            if logout:  # POST /logout for this session; the conversations kept here are cleared
                                gr.Button("退出登录", elem_id="logout", size="sm", min_width=80).click(
                                    None, js="() => qa.logout()", api_visibility="private")
                        gr.HTML(CONVERSATIONS_HTML, elem_id="convs", js_on_load=None)
                        gr.HTML(examples_html(), elem_id="examples", js_on_load=None)
            with gr.Tab("目录", id="outline"):
                outline_view = gr.HTML("", elem_id="outline", js_on_load=scripts.OUTLINE_JS,  # filled on load
                                       server_functions=[speech_outline, search_outline, read_speech])
        context = gr.Textbox(visible=False)  # {"n", "history"}, written by qa.beforeAsk
        reply = gr.Textbox(visible=False)  # the new turn, read by qa.receive
        api_reply = gr.HTML(visible=False)
        api_trigger = gr.Button(visible=False)

        hidden = dict(api_visibility="private")
        asking = dict(concurrency_id="ask", concurrency_limit=concurrency)
        page.load(on_load, outputs=[status, speech, outline_view], **hidden)
        ask_io = dict(inputs=[question, speech, k, context], outputs=[reply], show_progress="hidden",
                      js="(q, speech, k, c) => qa.beforeAsk(q, speech, k)", **hidden, **asking)
        for asked in (question.submit(on_ask, **ask_io), ask_button.click(on_ask, **ask_io)):
            asked.success(None, inputs=[reply], js="(r) => { qa.receive(r); }", **hidden)
            asked.failure(None, js="() => { qa.failed(); }", **hidden)
        # the HTTP API: one endpoint, /ask; the page's own events are not offered to clients
        api_trigger.click(api_ask, inputs=[question, api_turns, speech, k], outputs=[api_turns, api_reply],
                          api_name="ask", **asking)
        speech.change(None, js="() => { qa.filterChip(); }", **hidden)
        export.click(None, js="() => qa.exportMarkdown(document.querySelector('#export'))", **hidden)
    page.queue(default_concurrency_limit=concurrency, max_size=QUEUE_SIZE)
    return page


def warm_up(index) -> None:
    """Load the index, run one question and read every directive heading, so
    the first question and the first 目录 search are fast."""
    try:
        index.reload()
        index.ask("疫情防控工作")
        outline.headings(index.build)  # the build the 目录 reads (outline.current_index)
    except Exception:  # the page reports a missing or mismatched index itself
        pass


# -- what the server exposes ------------------------------------------------------

class NoFilesNoUploads:
    """ASGI middleware: the page serves no files and takes no uploads.

    Gradio serves files at /gradio_api/file= (from allowed_paths, its temp
    folder and static paths; http(s) URLs it fetches itself) and accepts
    uploads at /gradio_api/upload into its temp folder, from where /file=
    would serve them back to anyone. The page has no file component and
    needs neither, so these routes answer 403 before Gradio sees them: no
    request reads a file from disk, and nothing is written.
    """

    # Recording, streamed input, run history, vibe editing, profiling and dev
    # reload take bodies or show internals the page never uses: refused too.
    REFUSED = re.compile(r"/gradio_api/(file=|file/|upload|upload_progress|proxy=|process_recording|stream/|"
                         r"vibe-|undo-vibe|run-history|dev/|profiling)", re.IGNORECASE)
    BODY = "This page serves no files and accepts no uploads.\n".encode()

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and self.REFUSED.search(scope.get("path", "")):
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(self.BODY)).encode())]})
            await send({"type": "http.response.body", "body": self.BODY})
            return
        await self.app(scope, receive, send)


def launch_kwargs(auth: tuple[str, str] | None = None, settings_: Settings | None = None) -> dict:
    """Everything page.launch() needs besides host and port.

    No monitoring page, no run history (Gradio's record of past runs; the
    page keeps only its own conversations in the browser, see static/conversations.js;
    nothing is sent to a hub), no MCP server, no uploads or file downloads, nothing served
    from disk beyond Gradio's own assets (allowed_paths stays empty).
    """
    from starlette.middleware import Middleware

    from qa.web.json_bodies import JsonBodies
    from qa.web.logout import Logout

    s = settings_ or Settings()  # the defaults, when the caller read no settings
    # Outermost first: a body over the limit is refused before anything reads
    # it, logins are throttled, logging out is POST-only for one session, and
    # without a session only the login page answers.
    # Sessions are bounded in count and idle age (qa/web/sessions.py).
    middleware = [Middleware(BodyLimit, limit=s.max_body_bytes),
                  Middleware(LoginThrottle, settings=ThrottleSettings.of(s)),
                  Middleware(Logout),
                  Middleware(SessionRequired, require_auth=s.api_require_auth, tokens=s.api_tokens),
                  Middleware(JsonBodies),
                  Middleware(NoFilesNoUploads),
                  Middleware(SessionLimits, idle=s.session_idle, token_ttl=s.login_ttl)]
    kwargs = dict(theme=theme(), css=scripts.CSS, head=scripts.head(page_config()), footer_links=[],
                  enable_monitoring=False, run_history=False,
                  mcp_server=False, ssr_mode=False, max_file_size=0, state_session_capacity=s.sessions,
                  app_kwargs={"middleware": middleware})
    if auth:
        kwargs.update(auth=auth, auth_message="请输入用户名和密码（向管理员索取）。")
    return kwargs


# -- who may use it ------------------------------------------------------------------

def login_for(host: str, no_auth: bool = False, environ: dict | None = None,
              settings_: Settings | None = None) -> tuple[str, str] | None:
    """The login the page requires: $QA_USER / $QA_PASSWORD when both are set
    (on any address). Without them, a loopback address needs none; any other
    address is refused unless ``no_auth`` says so (with a warning).

    The login comes from ``settings_`` (app.py reads them once), else from
    ``environ`` (default: the process environment); one of the two set alone
    is a BadSetting."""
    s = settings_ or Settings.load(environ)
    user, password = s.user, s.password
    for var, value in (("QA_USER", user), ("QA_PASSWORD", password)):
        if value != value.strip():  # the login form strips the name: nobody could log in
            raise AccessRefused(f"{var} begins or ends with a space or another blank; remove it and start again")
    if user:
        if no_auth:
            log.warning("QA_USER and QA_PASSWORD are set, so the page still asks for a login (--no-auth ignored)")
        return (user, password)
    if is_loopback(host):
        return None
    if not no_auth:
        raise AccessRefused(
            f"refusing to serve on {host} without a login: anyone who can reach it could use the page. "
            f"Set QA_USER and QA_PASSWORD in the environment to require one, or pass --no-auth to "
            f"serve it open on purpose.")
    log.warning("WARNING: serving on %s without a login (--no-auth): anyone who can reach this address "
                "can use the page. Set QA_USER and QA_PASSWORD to require one.", host)
    return None
