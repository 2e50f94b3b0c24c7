"""What a question comes back as: the passages found, the composed answer,
and how the search got there. ``Result.to_dict()`` is exactly one line of
``qa ask --json``; ``Result.text()`` is the reply ``qa ask`` prints.

Every front end (library, CLI, page, JSON API) renders this one object, which
names the build it came from, so a reply is drawn from the build that
answered even when a rebuild is swapped in meanwhile.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from qa.models import Passage
from qa.search.cite import citation_line, speech_name
from qa.search.query import Query


@dataclass
class AnswerSentence:
    text: str
    result: int  # 1-based rank of the result it quotes

    def to_dict(self) -> dict:
        return {"text": self.text, "result": self.result}


@dataclass
class Answer:
    text: str = ""
    sentences: list[AnswerSentence] = field(default_factory=list)

    @classmethod
    def of(cls, sentences: list[AnswerSentence]) -> "Answer":
        """The sentences one after another, each followed by its [n] marker."""
        return cls("".join(f"{s.text}[{s.result}]" for s in sentences), sentences)

    def to_dict(self) -> dict:
        return {"text": self.text, "sentences": [s.to_dict() for s in self.sentences]}


@dataclass
class Hit:
    passage: Passage
    score: float
    row: int
    dense: float = 0.0  # cosine with the question, for the no-answer decision
    also: list[Passage] = field(default_factory=list)

    def to_dict(self, rank: int) -> dict:
        citation = self.passage.citation()
        citation["also"] = [p.citation() for p in self.also]
        return {"rank": rank, "score": round(float(self.score), 4), "text": self.passage.text,
                "citation": citation}


@dataclass
class Result:
    """One answered question (``qa.Result``)."""

    query: Query
    answerable: bool
    hits: list[Hit]
    notice: str = ""  # e.g. the query was truncated, the speech does not exist, a filter was used
    mode: str = "hybrid"  # hybrid / structural / outline / elsewhere / empty
    answer: Answer | None = None  # put on by the pipeline's answer stage
    scope_speech: int | None = None  # the speech the search was kept to
    build: "object" = None  # the Build the hits come from (render with this one)
    topics: list[str] = field(default_factory=list)  # the build's main topics, for a no-answer reply
    missing: list[str] = field(default_factory=list)  # key terms of the question the material never covers
    unstated: list[str] = field(default_factory=list)  # topic terms no sentence states the asked number/date of
    vector: "object" = None  # the question's vector, for how close each answer sentence is (qa.search.closeness)
    # Seconds per pipeline stage, and how many searches the question took
    # (a follow-up replays earlier turns; a filtered one checks the whole corpus).
    timing: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Exactly one line of ``qa ask --json``."""
        answer = self.answer or Answer()
        out = {"query": self.query.raw, "answerable": self.answerable, "answer": answer.to_dict(),
               "results": [h.to_dict(i) for i, h in enumerate(self.hits, 1)]}
        if self.notice:
            out["notice"] = self.notice
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @property
    def question(self) -> str:
        return self.query.raw

    @property
    def results(self) -> list[dict]:
        """The passages, best first: rank, score, text, citation (as in the JSON)."""
        return self.to_dict()["results"]

    def text(self) -> str:
        """Plain-text reply: notice, the answer with [n] markers, then the sources."""
        text = self.answer.text if self.answer else ""
        lines = [self.notice] if self.notice and self.notice != text else []
        if text:
            lines.append(text)
        if self.answerable and self.hits:
            lines += ["", "来源："]
            lines += [f"[{i}] {citation_line(h.passage)}{also_text(h)}" for i, h in enumerate(self.hits, 1)]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<qa.Result {self.question!r}: answerable={self.answerable}, {len(self.hits)} results>"


def also_text(hit: Hit) -> str:
    return "（亦见 " + "、".join(speech_name(p.speech) for p in hit.also) + "）" if hit.also else ""
