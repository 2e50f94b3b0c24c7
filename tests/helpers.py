"""Helpers the tests share: a free port, the CLI run in-process, and the one
real subprocess run (for the smoke test and for tests that need a process
of their own: a kill, a second build, an environment apart)."""
from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def qa_main(*args: object, stdin: str | bytes = b"") -> tuple[int, str, str]:
    """``qa ARGS`` in this process (qa.cli.main): exit code, stdout, stderr."""
    from qa import cli

    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    out, err = io.StringIO(), io.StringIO()
    real_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = cli.main([str(a) for a in args])
    finally:
        sys.stdin = real_stdin
    return code, out.getvalue(), err.getvalue()


def run_qa(*args: object, stdin: str | bytes = b"") -> str:
    """``qa ARGS`` in this process; its stdout (it must succeed)."""
    code, out, err = qa_main(*args, stdin=stdin)
    assert code == 0, err
    return out


def qa_process(*args: object, stdin: str | None = None, env: dict | None = None,
               timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m qa ARGS`` as a real process in the project folder."""
    return subprocess.run([sys.executable, "-m", "qa", *map(str, args)], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=dict(os.environ if env is None else env), timeout=timeout)


def login_app(password: str = "right"):
    """A stand-in for Gradio's /login: 200 for the right password, 400 otherwise."""
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def login(request):
        form = await request.form()
        ok = form.get("password") == password
        return JSONResponse({"success": ok}, status_code=200 if ok else 400)

    return Starlette(routes=[Route("/login", login, methods=["POST"])])


def passage_texts(index, file: str) -> list[str]:
    """The texts of the passages a built test index (qa.testing.tiny_index) holds for one file."""
    return [p.text for p in index.qa.pipeline.build.passages if p.file == file]


# A document on another subject beside those a test is about (so their words are rare, as in a real
# folder): a school's reading notice.
UNRELATED_NOTICE = "关于开展读书活动的通知\n各年级：\n一、活动时间\n六月全月。\n二、活动要求\n每人读一本书。\n"
# …and a school's other notices, where a test needs more of them
SCHOOL_NOTICES = {"canteen.txt": "关于食堂管理的通知\n一、食堂开放时间为早上六点半到晚上七点。\n二、就餐凭校园卡，不收现金。\n",
                  "library.txt": "图书馆开放安排\n一、图书馆每天八点开馆。\n二、借书每次不超过十本。\n",
                  "sports.txt": "运动会工作方案\n一、运动会于十月举行。\n二、各班报名截止到九月底。\n",
                  "safety.txt": "消防演练计划\n一、演练每学期一次。\n二、演练由保卫处组织。\n"}
