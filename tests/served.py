"""A page served in this process for the tests that talk to it over HTTP:
a tiny index (``tiny``), ``serve`` it with the settings read as app.py reads
them, and ``call_ask`` one question through the page's HTTP API."""
from __future__ import annotations

import json

import httpx
import pytest

from helpers import free_port
from qa.settings import Settings
from qa.testing import tiny_index
from qa.web.page import build_page, launch_kwargs

SPEECH = """第一篇：关于疫苗接种的讲话
同志们：
第一，要加快疫苗接种进度。各地要在月底前完成接种任务，做到应接尽接。
第二，要做好学校开学准备。学校要在开学前完成校园消毒，食堂和宿舍要开展专项督查。
"""


def serve(service, docs, auth=None):
    page = build_page(service, docs)
    port = free_port()
    page.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                **launch_kwargs(auth, Settings.load()))  # the settings read as app.py reads them
    return page, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    built = tiny_index(tmp_path_factory.mktemp("access"), {"speech.txt": SPEECH})
    return built.qa, built.docs, built.index


def call_ask(http: httpx.Client, url: str, question, session: str = "s1", speech=0, k=5) -> tuple[str, object]:
    """(event, data) of one question through the page's HTTP API."""
    body = json.dumps({"data": [question, speech, k], "session_hash": session})  # \ud800 escaped, as a browser may
    r = http.post(url + "gradio_api/call/ask", content=body, headers={"content-type": "application/json"})
    r.raise_for_status()
    event = None
    with http.stream("GET", url + f"gradio_api/call/ask/{r.json()['event_id']}") as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                return event, json.loads(line[5:])
    raise AssertionError("no result")
