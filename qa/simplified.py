"""Traditional characters in the simplified form the matching is done in.

Questions and documents are both matched in simplified characters, so a
question typed in either script finds a document written in either (a Hong
Kong speech, 司法機構, answers 司法机构 and 司法機構 alike). What is quoted
and shown stays as written.
"""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _converter():
    import opencc  # loads its dictionaries: on first use, not at import

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """学校开学 for 學校開學; other text unchanged."""
    return _converter().convert(text) if text else text
