"""Plain data records passed between pipeline stages."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

# 着眼 于 / 包 括 / 改革的意 见: a space between two Han characters is a converter's (a PDF's wrap, a
# web page's span), not a word boundary: what is searched has the words whole (what is quoted keeps it).
# (The pattern opens with the space, not the look back, so the scan skips to spaces: the coverage
# check reads a whole document's passages for each question.)
_HAN_GAP = re.compile(r"[ \t\u3000](?<=[\u3400-\u9fff][ \t\u3000])[ \t\u3000]*(?=[\u3400-\u9fff])")


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
    # Known for PDFs, scans and OFD: the page each paragraph starts on, and
    # the OCR confidence of each recognised one (None: from a text layer).
    pages: list[int] | None = None
    ocr: list[float | None] | None = None
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

    def to_dict(self) -> dict:
        """Its JSON record; the page fields only where known."""
        return {k: v for k, v in self.__dict__.items() if v is not None or k not in OPTIONAL}

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

# -- the directive tree's accessors (every walk of a tree goes through these) --------

def walk(level: list[Directive], path: tuple[int, ...] = ()):
    """(path of 0-based child positions, directive) for every directive, depth first."""
    for i, d in enumerate(level):
        yield path + (i,), d
        yield from walk(d.children, path + (i,))


def follow(level: list[Directive], path: list[int]) -> list[Directive]:
    """The chain of directives a path of 0-based child positions leads through (empty if it leads nowhere)."""
    chain = []
    for i in path:
        if not 0 <= i < len(level):
            return []
        chain.append(level[i])
        level = level[i].children
    return chain


# the directive families numbered with a unit word of their own (第一部分, 第一章, 第一节, 第一条)
FAMILY_UNIT = {"part": "部分", "chap": "章", "sect": "节", "art": "条", "topic": "议题", "ques": "问题"}
# the word a question counts in, for the levels that may sit deeper than the top (部分 reads the top)
UNIT_FAMILY = {u: f for f, u in FAMILY_UNIT.items() if f != "part"}
_UNNUMBERED = ("dash", "list", "para")  # ——…, 要… and 从…来看： points: no number of their own


def of_family(level: list[Directive], family: str) -> list[tuple[tuple[int, ...], Directive]]:
    """(path of 0-based places, directive) of every directive of ``family``, in order, at any depth."""
    return [(p, d) for p, d in walk(level) if d.family == family]


def points(level: list[Directive]) -> list[Directive]:
    """The numbered items of a level that also holds unnumbered ones (six ——我们坚持… paragraphs
    before 第一，…第五，): 第四点 and 讲了几点 count the numbered ones; else the whole level."""
    counted = [d for d in level if d.family not in _UNNUMBERED]
    return counted if counted and len(counted) < len(level) else level


def points_path(level: list[Directive], path: list[int]) -> list[int]:
    """A path of 1-based places in the whole levels as ``numbered`` reads it: each place counted
    among its level's numbered items (``points``) where it is one of them."""
    out = []
    for p in path:
        if not 0 < p <= len(level):
            return path
        d, counted = level[p - 1], points(level)
        out.append(next((i for i, c in enumerate(counted, 1) if c is d), p))
        level = d.children
    return out


def numbered(level: list[Directive], numbers: list[int], units: list[str] | None = None) -> list[Directive] | None:
    """The chain "第二部分第三点" names (1-based numbers), or None when one is out of range.
    Where a level's numbering runs on from the section before (第二章 holds 第四条…第七条),
    a number names the item that carries it, not the item in that place; a 第五章 or 第五条
    (``units``) of a document whose chapters or articles sit deeper (第二部分 > 第五章) is the
    one numbered 五, in whichever part."""
    chain: list[Directive] = []
    for i, n in enumerate(numbers):
        family = UNIT_FAMILY.get(units[i] if units and i < len(units) else "")
        if family and not any(d.family == family for d in level):
            path = next((p for p, d in of_family(level, family) if d.number == n), None)
            if path is not None:
                chain += follow(level, list(path))
                level = chain[-1].children
                continue
        items = points(level)
        runs_on = bool(items) and items[0].number > 1 and items[0].label != ""
        d = next((d for d in items if d.number == n), None) if runs_on else None
        unit = units[i].lstrip("个") if units and i < len(units) else ""
        said = [d for d in items if d.number == n and len(unit) >= 2 and unit in d.sep] if d is None else []
        if len(said) == 1:  # 第二个方面, where a talk counts 第一个，…第四个， and later 第一个方面，第二个方面，
            d = said[0]
        if d is None:  # 第五章第二条 where the chapter holds （十一）…（十三）: its second item
            d = items[n - 1] if 0 < n <= len(items) else None
        if d is None:
            return None
        chain.append(d)
        level = d.children
    return chain


def containing(level: list[Directive], start: int, depth: int) -> list[Directive]:
    """The directives, outermost first, whose span holds character ``start`` (at most ``depth`` deep)."""
    chain = []
    for _ in range(depth):
        d = next((d for d in level if d.start <= start < d.end), None)
        if d is None:
            break
        chain.append(d)
        level = d.children
    return chain



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
    page: int | None = None  # the page it starts on (PDF, scan, OFD)
    ocr: float | None = None  # recognised by OCR, with this confidence (0–1)
    role: str = "content"  # "frame": masthead, editor's note, forwarding, distribution, signature (qa.ingest.roles)
    speaker: str = ""  # of its speech, for citations
    date: str = ""

    @property
    def search_text(self) -> str:
        """What is embedded and keyword-indexed: the path headings give context."""
        return _HAN_GAP.sub("", " › ".join(self.path + [self.text]) if self.path else self.text)

    def citation(self) -> dict:
        out = {
            "file": self.file,
            "speech": self.speech,
            "title": self.title,
            "path": list(self.path),
            "label": self.label,
            "paragraph": self.paragraph,
        }
        out.update({k: v for k, v in (("speaker", self.speaker), ("date", self.date)) if v})
        if self.page is not None:
            out["page"] = self.page
        return out

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None or k not in OPTIONAL}


# Fields a record may leave out (written only where known; older indexes lack them).
OPTIONAL = frozenset({"pages", "ocr", "page"})
