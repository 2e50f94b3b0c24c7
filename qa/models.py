"""Plain data records passed between pipeline stages."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Speech:
    """One speech: a compilation file holds several, a plain document one.

    ``paragraphs`` are the body paragraphs (title lines, credits removed);
    ``text`` is them joined with newlines, and every character span in a
    directive or passage points into ``text``.
    """

    file: str
    ordinal: int  # 1-based within its file
    title: str
    paragraphs: list[str]
    # What the document says about itself (qa.ingest.docmeta); "" where it does not.
    speaker: str = ""  # 李强 / 马卫光
    office: str = ""  # the speaker's office as written: 国务院总理 / 局长
    date: str = ""  # 2024-03-05, 2019-06 or 2019 (as precise as the document)
    doc_type: str = ""  # 报告 / 通知 / 通报 / 方案 / 意见 / 讲话 / 提纲 / 心得 …
    meeting: str = ""  # 第十四届全国人民代表大会第二次会议
    frame: list[int] = field(default_factory=list)  # 1-based paragraphs that frame the document (qa.ingest.roles)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def paragraph_offsets(self) -> list[int]:
        """Start offset in ``text`` of each paragraph."""
        offsets, pos = [], 0
        for p in self.paragraphs:
            offsets.append(pos)
            pos += len(p) + 1
        return offsets


@dataclass
class Directive:
    """A numbered point of a speech (第一，… / 一是… / （一）…)."""

    label: str  # as written for the sequence, e.g. 第五 / 一是 / （二）
    heading: str  # its first clause, without the marker
    family: str  # marker family id, e.g. "di" for 第一，
    number: int  # position in its sequence, 1-based
    paragraph: int  # 1-based paragraph (within the speech) where it starts
    start: int  # span of the whole directive (marker .. end of body) in speech.text
    end: int
    body_start: int  # where its own body text starts (after the marker)
    body_end: int  # where its own text ends (first child starts, or end)
    children: list["Directive"] = field(default_factory=list)
    sep: str = ""  # punctuation written after the label (第五，/ 一、), kept for display

    @property
    def title(self) -> str:
        """Label and heading as the speech writes them: 第五，要加快… / 一是强化…"""
        if not self.label or self.label == self.heading:  # a 要 item is named by its own words
            return self.heading
        return f"{self.label}{self.sep}{self.heading}"

    def to_outline(self) -> dict:
        return {
            "label": self.label,
            "heading": self.heading,
            "title": self.title,
            "paragraph": self.paragraph,
            "children": [c.to_outline() for c in self.children],
        }


@dataclass
class Passage:
    """The unit that is indexed, retrieved and cited."""

    text: str  # the passage's own words, exactly speech.text[start:end]
    file: str
    speech: int
    title: str
    path: list[str]  # "label + heading" of each ancestor directive and its own
    label: str  # label of the innermost directive ('' outside any directive)
    paragraph: int  # 1-based paragraph within the speech
    start: int
    end: int
    role: str = "content"  # "frame": masthead, editor's note, forwarding, distribution, signature (qa.ingest.roles)
    speaker: str = ""  # of its speech, for citations
    date: str = ""

    @property
    def search_text(self) -> str:
        """What is embedded and keyword-indexed: the path headings give context."""
        return " › ".join(self.path + [self.text]) if self.path else self.text

    def citation(self) -> dict:
        cited = {
            "file": self.file,
            "speech": self.speech,
            "title": self.title,
            "path": list(self.path),
            "label": self.label,
            "paragraph": self.paragraph,
        }
        cited.update({k: v for k, v in (("speaker", self.speaker), ("date", self.date)) if v})
        return cited

    def to_dict(self) -> dict:
        return asdict(self)
