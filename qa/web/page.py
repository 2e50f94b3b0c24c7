"""The chat page: a gr.Blocks built from the handlers in qa/web/chat.py.

Offline by construction: system fonts only (no GoogleFont), no external
links or scripts, analytics off. Every text shown in an HTML component is
escaped by qa/web/render.py; the page's own scripts are in qa/web/scripts.py.
The conversation is kept in the browser (gr.BrowserState), not on the server.

Shared by an office: questions run the QA_CONCURRENCY setting at a time
(default 8; the rest wait in a bounded queue); the page serves no files and takes no uploads (see
NoFilesNoUploads); a login comes from $QA_USER / $QA_PASSWORD (see login_for).
Before Gradio sees a request, it passes the body limit (limits.py), the login
throttle (throttle.py) and the session gate (gate.py); sessions are bounded
in count and age (sessions.py). See launch_kwargs.
"""
from __future__ import annotations

import ipaddress
import logging
import os
import re

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from pathlib import Path  # noqa: E402

import gradio as gr  # noqa: E402

from qa.errors import AccessRefused  # noqa: E402
from qa.search.request import MAX_QUESTION_CHARS  # noqa: E402
from qa.settings import DEFAULT_CONCURRENCY, Settings  # noqa: E402
from qa.web import chat  # noqa: E402
from qa.web import outline, render, scripts  # noqa: E402
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
# Requests waiting beyond this are refused with "queue full" instead of piling up.
QUEUE_SIZE = 256

FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
         "WenQuanYi Micro Hei", "Noto Sans", "DejaVu Sans", "sans-serif"]
MONO_FONTS = ["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "Consolas", "monospace"]

# The browser keeps the conversation under this key (gr.BrowserState). Gradio
# encrypts the stored value with a key the page carries once it is served;
# with a login that key comes from the password (storage_secret_for), so it
# is served only after login, is not the same on every installation, and
# survives a restart of the server. Logging out clears the stored copy.
STORAGE_KEY = "jianghua-qa-conversation"
STORAGE_SECRET = "jianghua-qa-v1"


def storage_secret_for(auth: tuple[str, str] | None) -> str:
    """The key the browser's copy of the conversation is encrypted with."""
    if not auth:
        return STORAGE_SECRET  # an open page: anyone who can load it could read it anyway
    import hashlib
    import hmac

    return hmac.new(auth[1].encode("utf-8"), b"jianghua-qa conversation " + auth[0].encode("utf-8"),
                    hashlib.sha256).hexdigest()[:32]

CSS = """
#status .facts { font-size: .9em; color: var(--body-text-color-subdued); }
#status .fact b { color: var(--body-text-color); font-weight: 600; margin-right: .2em; }
.notice { padding: .5em .75em; border-radius: 6px; margin: .4em 0; white-space: pre-wrap; }
.notice.info { background: var(--background-fill-secondary); }
.notice.warn { background: #fff7e0; border: 1px solid #f0c36d; color: #5c4300; }
.notice.error { background: #fdecec; border: 1px solid #e8a0a0; color: #7a1010; }
.chat .turn { margin: 0 0 1.2em; }
.chat .q, .chat .a { display: flex; gap: .6em; align-items: flex-start; margin: .4em 0; }
.chat .who { flex: none; width: 1.8em; height: 1.8em; line-height: 1.8em; text-align: center;
  border-radius: 50%; font-size: .85em; background: var(--neutral-200); color: var(--neutral-800); }
.chat .a .who { background: var(--primary-100); color: var(--primary-800); }
.chat .bubble { flex: 1; min-width: 0; }
.chat .q .bubble { white-space: pre-wrap; font-weight: 600; }
.chat .hello { color: var(--body-text-color-subdued); }
.answer { line-height: 1.8; margin: .2em 0 .6em; }
.answer a.ref { text-decoration: none; font-size: .8em; vertical-align: super; margin: 0 .15em; }
mark.kw { background: #fff1a8; color: inherit; padding: 0 1px; border-radius: 2px; }
mark.hit { background: #d9ecff; color: inherit; }
mark.hit mark.kw { background: #ffe27a; }
.sources-h { font-weight: 600; margin: .4em 0 .2em; }
.sources ol { padding-left: 0; list-style: none; margin: 0; }
.source { border-left: 3px solid var(--primary-300); padding: .3em .7em; margin: .5em 0;
  background: var(--background-fill-secondary); border-radius: 0 6px 6px 0; }
.source .cite { font-size: .9em; }
.source .cite .n { font-weight: 700; color: var(--primary-700); }
.source .cite .dir { font-weight: 600; }
.source .cite .para, .source .cite .sep { color: var(--body-text-color-subdued); }
.source .also { margin-left: .5em; font-size: .85em; padding: 0 .4em; border-radius: 4px;
  background: var(--primary-100); color: var(--primary-800); }
.source blockquote.passage { margin: .3em 0 !important; padding: 0 !important; border: 0 !important;
  font-style: normal !important; quotes: none; white-space: pre-wrap; line-height: 1.7; }
.source blockquote.passage::before, .source blockquote.passage::after { content: none !important; }
.tools { margin: .2em 0; }
button.copy { font-size: .8em; padding: .1em .6em; border: 1px solid var(--border-color-primary);
  border-radius: 4px; background: var(--background-fill-primary); cursor: pointer; }
details.context summary { cursor: pointer; font-size: .85em; color: var(--primary-700); }
.ctx { margin: .3em 0; padding: .4em .6em; background: var(--background-fill-primary);
  border: 1px solid var(--border-color-primary); border-radius: 6px; line-height: 1.7; }
.ctx p { margin: .3em 0; }
.ctx .pno { display: inline-block; min-width: 2.2em; font-size: .75em; color: var(--body-text-color-subdued); }
.ctx .around, .ctx .neighbour { color: var(--body-text-color-subdued); }
.no-answer { color: var(--body-text-color); }
.turn { scroll-margin-top: .5em; }
.turn-tools { margin: .3em 0 0; }
button.copy-answer, button.open, button.ask-topic { font-size: .8em; padding: .1em .6em; margin-right: .4em;
  border: 1px solid var(--border-color-primary); border-radius: 4px; background: var(--background-fill-primary);
  color: var(--body-text-color); cursor: pointer; }
button.ask-topic { font-size: .9em; color: var(--primary-700); }
.topics { margin: .4em 0; display: flex; flex-wrap: wrap; gap: .4em; align-items: center; }
.topics .hint, .hint { color: var(--body-text-color-subdued); }
/* one scroll area: the page scrolls, the question box stays at the bottom of the window
   (Gradio's overflow: hidden would make its container the sticky box's scroller; clip cuts the same without) */
.gradio-container { overflow: clip !important; }
#ask-bar { position: sticky; bottom: 0; z-index: 10; background: var(--body-background-fill);
  padding: .4em 0 .2em; border-top: 1px solid var(--border-color-primary); gap: 0; }
.ask-hint { margin: .2em 0 0; color: #7a4d00; font-size: .9em; }
#status details.more { display: inline; margin-left: .6em; font-size: .85em; color: var(--body-text-color-subdued); }
#status details.more summary { display: inline; cursor: pointer; }
.outline .finder input { width: 100%; box-sizing: border-box; padding: .5em .7em; font-size: 1em;
  border: 1px solid var(--border-color-primary); border-radius: 6px; background: var(--input-background-fill);
  color: var(--body-text-color); }
.outline .panes { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 1em; margin-top: .6em; }
.outline .tree-pane, .outline .reader { max-height: 75vh; overflow: auto; }
.outline .tree-facts { color: var(--body-text-color-subdued); font-size: .9em; margin: .2em 0 .5em; }
.outline details { margin: .15em 0; }
.outline details details { margin-left: 1em; }
.outline summary { cursor: pointer; line-height: 1.7; }
.outline summary .count { color: var(--body-text-color-subdued); font-size: .85em; }
.outline ul { list-style: none; margin: 0 0 0 1em; padding: 0; }
.outline ul.matches { margin: 0; }
button.dir { all: unset; box-sizing: border-box; cursor: pointer; display: block; width: 100%; padding: .15em .4em;
  border-radius: 4px; line-height: 1.6; }
button.dir.whole { color: var(--primary-700); font-size: .9em; }
button.dir.current { background: var(--primary-100); font-weight: 600; }
button.dir:hover, button.dir:focus-visible { background: var(--primary-100); outline: 2px solid var(--primary-300); }
button.dir .where { display: block; font-size: .8em; color: var(--body-text-color-subdued); }
.reader-head { position: sticky; top: 0; background: var(--body-background-fill); padding: .3em 0;
  border-bottom: 1px solid var(--border-color-primary); font-weight: 600; }
.reader-head .file { margin-left: .6em; font-weight: normal; font-size: .85em; color: var(--body-text-color-subdued); }
.reader-head .place { font-weight: normal; font-size: .9em; color: var(--primary-700); }
.reader-head button.back { display: none; margin-right: .6em; }
.reader .rp { margin: .4em 0; line-height: 1.8; scroll-margin-top: 4em; }
.reader .rp.in-target { background: var(--background-fill-secondary); }
.reader .pno { display: inline-block; min-width: 2.4em; font-size: .75em; color: var(--body-text-color-subdued); }
.reader b.dmark { color: var(--primary-700); }
.reader mark.hit { scroll-margin-top: 5em; }
@media (max-width: 700px) {
  #side-col { order: -1; }  /* the filter and 清空对话 above the chat, the answers next to the box */
  .outline .panes { grid-template-columns: minmax(0, 1fr); }
  .outline .tree-pane, .outline .reader { max-height: none; overflow: visible; }  /* the page is the one scroll area */
  .outline:not(.reading) .reader { display: none; }  /* the text takes the list's place */
  .outline.reading .tree-pane, .outline.reading .finder { display: none; }
  .reader-head button.back { display: inline-block; }
}
"""


def theme() -> gr.themes.Base:
    """The default look with system fonts only: no font is fetched from anywhere."""
    return gr.themes.Default(font=FONTS, font_mono=MONO_FONTS)


def build_page(index, docs_dir: Path, concurrency: int = DEFAULT_CONCURRENCY, storage_secret: str = STORAGE_SECRET,
               logout: bool = False) -> gr.Blocks:
    """The page over ``index`` (a qa.api.Index that follows rebuilds); ``docs_dir``
    is the documents folder the status line compares the build with."""
    docs_dir = Path(docs_dir)

    def index_now():
        return outline.current_index(index)

    def on_load(saved_value):
        turns = chat.restored(saved_value)
        return (status_now(), gr.update(choices=chat.speech_choices(index), value=0),
                outline.page_html(index_now()), turns, chat.conversation_html(turns))

    def status_now() -> str:
        try:
            return index_status.status_html(index, docs_dir)
        except Exception as exc:  # the status line must never take the answer with it
            log.exception("status line failed")
            return render.notice(f"无法读取索引状态：{exc.__class__.__name__}: {exc}", "error")

    def on_ask(question: str, turns: list[dict], speech: int | None, k: float):
        if not chat.clean_question(question).strip():
            # no turn; the page shows its hint by itself (scripts.HEAD), an API client reads the conversation as it was
            return turns, chat.conversation_html(turns), "", status_now(), gr.skip()
        turns = chat.ask(index, question, turns, speech=speech, k=k, docs_dir=docs_dir)
        return turns, chat.conversation_html(turns), "", status_now(), chat.stored(turns)

    def on_example(i: int | None, turns: list[dict], speech: int | None, k: float):
        if not isinstance(i, int) or not 0 <= i < len(chat.EXAMPLES):
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        return on_ask(chat.EXAMPLES[i], turns, speech, k)

    def on_clear():
        return [], chat.conversation_html([]), "", chat.stored([])

    # Called by the 目录's script (one argument each; see scripts.OUTLINE_JS).
    def speech_outline(where: dict) -> str:
        where = where if isinstance(where, dict) else {}
        return outline.branch_html(index_now(), where.get("file"), where.get("speech"))

    def search_outline(query: str) -> str:
        return outline.search_html(index_now(), query)

    def read_speech(where: dict) -> str:
        return outline.reader_html(index_now(), where)

    with gr.Blocks(title="讲话问答") as page:
        saved = gr.BrowserState(chat.stored([]), storage_key=STORAGE_KEY, secret=storage_secret)
        turns = gr.State([])
        gr.HTML("<h1 style='margin:.2em 0'>讲话问答</h1>", js_on_load=None)
        status = gr.HTML(elem_id="status", js_on_load=None)
        with gr.Tabs():
            with gr.Tab("问答", id="qa"):
                with gr.Row(elem_id="qa-row"):
                    with gr.Column(scale=3, elem_id="chat-col"):
                        conversation = gr.HTML(chat.conversation_html([]), elem_id="conversation",
                                               js_on_load=scripts.CHAT_JS, min_height=320)
                        with gr.Column(elem_id="ask-bar"):
                            with gr.Row(equal_height=True):
                                question = gr.Textbox(label="问题", placeholder="输入问题，回车提问", show_label=False,
                                                      scale=5, elem_id="question", max_length=MAX_QUESTION_CHARS,
                                                      autofocus=True)
                                ask_button = gr.Button("提问", variant="primary", scale=1, min_width=64, elem_id="ask")
                            # shown by the page's script at once when the box is sent empty (no round trip)
                            gr.HTML(render.hint(EMPTY_HINT, shown=False), elem_id="hint", js_on_load=None)
                    with gr.Column(scale=1, min_width=240, elem_id="side-col"):
                        with gr.Accordion("限定讲话与结果数", open=False, elem_id="filter"):
                            speech = gr.Dropdown(label="限定讲话", choices=[("全部讲话", 0)], value=0, elem_id="speech",
                                                 filterable=True)  # many documents: type to find one
                            k = gr.Slider(1, chat.SLIDER_MAX_K, value=5, step=1, label="结果数", elem_id="k", buttons=[],
                                          info="每次回答列出的来源数，1–10")
                        with gr.Row(elem_id="chat-tools"):
                            clear = gr.Button("清空对话", elem_id="clear", size="sm", min_width=80)
                            export = gr.Button("导出对话", elem_id="export", size="sm", min_width=80)
                            if logout:  # POST /logout, and the browser's copy of the conversation is cleared
                                gr.Button("退出登录", elem_id="logout", size="sm", min_width=80).click(
                                    None, js=f"() => qa.logout({STORAGE_KEY!r})", api_visibility="private")
                        examples = gr.Dataset(components=[question], samples=[[q] for q in chat.EXAMPLES],
                                              type="index", label="示例问题", elem_id="examples")
            with gr.Tab("目录", id="outline"):
                outline_view = gr.HTML("", elem_id="outline", js_on_load=scripts.OUTLINE_JS,  # filled on load
                                       server_functions=[speech_outline, search_outline, read_speech])

        # One API endpoint, /ask (question, speech, k → conversation …), used by
        # scripts/load_test.py; the page's other events are not offered to clients.
        hidden = dict(api_visibility="private")
        asking = dict(concurrency_id="ask", concurrency_limit=concurrency)
        page.load(on_load, inputs=saved, outputs=[status, speech, outline_view, turns, conversation], **hidden)
        # the stored copy last: the API's outputs keep their places (conversation second)
        answer_out = [turns, conversation, question, status, saved]
        answer_io = dict(inputs=[question, turns, speech, k], outputs=answer_out)
        question.submit(on_ask, **answer_io, api_name="ask", **asking)
        ask_button.click(on_ask, **answer_io, **hidden, **asking)
        examples.click(on_example, inputs=[examples, turns, speech, k], outputs=answer_out, **hidden, **asking)
        clear.click(on_clear, outputs=[turns, conversation, question, saved], **hidden)
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
    page keeps only its own conversation in the browser, see STORAGE_KEY;
    nothing is sent to a hub), no MCP server, no uploads or file downloads, nothing served
    from disk beyond Gradio's own assets (allowed_paths stays empty).
    """
    from starlette.middleware import Middleware

    from qa.web.logout import Logout
    from qa.web.json_bodies import JsonBodies

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
    kwargs = dict(theme=theme(), css=CSS, head=scripts.HEAD, footer_links=[], enable_monitoring=False, run_history=False,
                  mcp_server=False, ssr_mode=False, max_file_size=0, state_session_capacity=s.sessions,
                  app_kwargs={"middleware": middleware})
    if auth:
        kwargs.update(auth=auth, auth_message="请输入用户名和密码（向管理员索取）。")
    return kwargs


# -- who may use it ------------------------------------------------------------------

def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


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
