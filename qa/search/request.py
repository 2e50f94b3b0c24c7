"""A question as the pipeline takes it, checked once (the only place that checks).

Every front end (library, CLI, page, JSON API) hands its raw values to
``Request.checked``: a bad ``k``, speech, file or history is a BadSetting
naming the field, and the text is cleaned the same way for all of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.errors import BadSetting

MAX_K = 50  # passages one question may ask for
# The longest question the front ends keep (the page's box takes as many);
# the search itself reads the first 500 characters (qa.search.query.MAX_QUERY_CHARS).
MAX_QUESTION_CHARS = 2000
MAX_HISTORY = 30  # earlier questions a conversation may send (the last few are replayed)
# Control characters, the line and paragraph separators (a JSON line of the
# CLI must stay one line), and the bidirectional overrides that could make a
# question display as something else; line breaks and tabs stay.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_question(text: object) -> str:
    """A question as the front ends keep, show and search it: valid Unicode
    (a lone surrogate, e.g. from undecodable terminal bytes, becomes ?), no
    control characters, at most MAX_QUESTION_CHARS characters."""
    text = "" if text is None else str(text)
    text = text[: MAX_QUESTION_CHARS * 2].encode("utf-8", "replace").decode("utf-8")
    text = _UNWANTED.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text[:MAX_QUESTION_CHARS]


@dataclass(frozen=True)
class Request:
    question: str
    k: int = 5
    speech: int | None = None  # 1-based ordinal (within ``file`` when given)
    file: str | None = None  # a document's path in the documents folder, file name or stem
    history: tuple[str, ...] = ()  # the earlier questions of the conversation, oldest first
    year: int | None = None  # only documents of this year (qa.search.docrefs)
    speaker: str | None = None  # only documents by this speaker or office

    @classmethod
    def checked(cls, question: object, k: object = 5, speech: object = None, file: object = None,
                history: object = None, year: object = None, speaker: object = None) -> "Request":
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise BadSetting("k", f"an integer 1–{MAX_K}", k)
        if speech is not None and (isinstance(speech, bool) or not isinstance(speech, int)):
            raise BadSetting("speech", "a speech number (1, 2, …) or None", speech)
        if file is not None and not isinstance(file, str):
            raise BadSetting("file", "a document's name or path, or None", file)
        if history is not None and (isinstance(history, str) or not isinstance(history, (list, tuple))
                                    or not all(isinstance(h, str) for h in history)):
            raise BadSetting("history", "a list of earlier questions", history)
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise BadSetting("year", "a year such as 2024, or None", year)
        if speaker is not None and not isinstance(speaker, str):
            raise BadSetting("speaker", "a speaker's name or office (局长), or None", speaker)
        earlier = tuple(clean_question(h) for h in (history or ())[-MAX_HISTORY:])
        return cls(clean_question(question), k, speech, file, earlier, year, (speaker or "").strip() or None)
