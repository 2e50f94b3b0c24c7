"""The package as a whole: every module imports on its own (no import cycle),
the CLI is quiet on a closed pipe, a reply is rendered from the build that
answered it, and the shared pieces (numerals, the LRU) hold their promises.

Here the tests with a process, a server or the real model; the in-process
ones are in tests/unit/test_package.py."""
from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                 for p in (ROOT / "qa").rglob("*.py") if p.name != "__main__.py")


@pytest.mark.slow  # ~40 interpreters, each loading numpy, faiss, jieba or Gradio: tens of seconds
def test_every_module_imports_alone_in_a_fresh_interpreter():
    """A cycle shows as an ImportError when the module inside it is imported first."""
    def run(module: str) -> tuple[str, int, str]:
        out = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True,
                             cwd=ROOT, timeout=300)
        return module, out.returncode, out.stderr.strip().splitlines()[-1:] and out.stderr.strip().splitlines()[-1]

    assert len(MODULES) > 30 and "qa.ingest.corpus" in MODULES and "qa" in MODULES
    with ThreadPoolExecutor(4) as pool:
        failed = [(m, err) for m, code, err in pool.map(run, MODULES) if code != 0]
    assert not failed, failed


def test_import_qa_is_light():
    """`import qa` loads neither the search stack nor Gradio until they are used."""
    code = ("import sys, qa; heavy = [m for m in ('faiss', 'gradio', 'jieba', 'qa.api') if m in sys.modules]; "
            "print(heavy); assert callable(qa.open_index) and 'qa.api' in sys.modules")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# -- the CLI on a closed pipe ---------------------------------------------------------

def test_ask_into_head_prints_nothing_on_stderr(make_index, tmp_path):
    built = make_index({"a.txt": "关于防汛的讲话\n第一，要加强监测预警。气象部门要及时发布预警信息。\n"
                                 "第二，要做好转移安置。确保群众安全转移。\n"})
    questions = tmp_path / "questions.txt"
    questions.write_text("防汛监测预警怎么做？\n" * 3000, encoding="utf-8")  # far more than a pipe holds
    # the fake embedder stands in for the model in the child process
    child = ("import sys, qa.service, qa.testing; qa.service.load_embedder = lambda name=None: qa.testing.HashEmbedder(); "
             "from qa.cli import main; sys.argv[0] = 'qa'; raise SystemExit(main(sys.argv[1:]))")
    script = (f"{sys.executable} -c \"{child}\" ask --json --index {built.index} < {questions} | head -1; "
              f"echo \"status=${{PIPESTATUS[0]}}\" >&2")
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.count("\n") == 1 and out.stdout.startswith('{"query": "防汛监测预警怎么做？"')
    assert out.stderr.strip() == "status=141"  # nothing else on stderr: no traceback, no "Broken pipe"
