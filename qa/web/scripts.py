"""The chat page's scripts and style, read from qa/web/static/.

qa.js and conversations.js go into the page's <head> (window.qa: copy,
export, the conversations kept in the browser, Chinese for Gradio's own
labels and messages); chat.js and outline.js run when their gr.HTML
components load; page.css is the page's style. Everything runs in the
browser; nothing is fetched from elsewhere. ``head`` writes the numbers the
server decides (window.qaConfig) before the scripts that use them.
"""
from __future__ import annotations

import json
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"


def read(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def head(config: dict | None = None) -> str:
    settings = f"window.qaConfig = {json.dumps(config or {}, ensure_ascii=False)};\n"
    # "</" never closes the script early: the values are the server's own numbers, escaped anyway
    settings = settings.replace("</", "<\\/")
    return f"<script>\n{settings}{read('qa.js')}\n{read('conversations.js')}\n</script>"


CSS = read("page.css")
CHAT_JS = read("chat.js")
OUTLINE_JS = read("outline.js")
HEAD = head()
