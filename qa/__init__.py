"""讲话问答: question answering over collections of Chinese speeches.

    import qa

    qa.build_index("data/speeches", "index")          # build (or update) an index
    index = qa.open_index("index")
    result = index.ask("学校开学前要做哪些准备？")
    print(result.text())                              # the reply, with its sources
    result.to_dict()                                  # one line of `qa ask --json`
    index.outline()                                   # `qa outline --json`

Every error raised on purpose is a ``qa.QAError`` (see qa/errors.py).
The functions load on first use, so ``import qa`` stays light.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from qa.errors import (AccessRefused, BadSetting, BuildFailed, DocumentUnreadable, EmbedderFailed,
                       EmbedderMismatch, IndexCorrupt, IndexMissing, IndexProblem, QAError, StoreError)

__version__ = "0.1.0"
__all__ = ["open_index", "build_index", "Index", "Result", "Settings", "QAError", "IndexProblem", "IndexMissing",
           "IndexCorrupt", "EmbedderMismatch", "EmbedderFailed", "DocumentUnreadable", "BuildFailed",
           "BadSetting", "AccessRefused", "StoreError"]

if TYPE_CHECKING:
    from qa.api import Index, Result, build_index, open_index
    from qa.settings import Settings

_LAZY = {"open_index": "qa.api", "build_index": "qa.api", "Index": "qa.api", "Result": "qa.api",
         "Settings": "qa.settings"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
