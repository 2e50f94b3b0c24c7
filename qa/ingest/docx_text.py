"""The text of a Word .docx as a reader sees it, automatic list numbers included.

Word stores a numbered paragraph's number outside its text: the paragraph
names a list (numId) and a level (ilvl), and numbering.xml says how that level
looks (numFmt chineseCounting + lvlText "%1、" → 一、). Directives are parsed
from the visible markers, so the numbers are computed here, with a counter
per list and level, and written in front of the paragraph text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from qa.ingest.limits import Reading
from qa.ingest.tables import field_row, is_blank_form, is_data_table, row_lines
from qa.numerals import to_chinese

# A layout table's label | value rows are a form's header (会议名称 | … / 会议日期 | …) when it has this
# many: one such row alone may be any two short cells side by side
MIN_FIELD_ROWS = 2
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
# Text inside these is not part of the paragraph as shown (deleted, or a
# duplicate fallback rendering, or a text box that is its own paragraph).
_HIDDEN = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"), MC_FALLBACK, qn("w:p")}
# A list number past this is written in digits whatever its format: letters
# repeat (the 2.6-billionth upperLetter marker is 100 million letters) and
# roman numerals grow by one M per thousand. No speech counts that far.
MAX_LIST_NUMBER = 10_000
# w:start / w:startOverride with more digits than this is damage, not a number.
MAX_NUMBER_DIGITS = 9
# A level's lvlText beyond this is cut (Word writes "%1、" or "%1.%2.%3.").
MAX_LEVEL_TEXT = 64


def _val(el, tag: str, default: str | None = None) -> str | None:
    child = el.find(qn(tag)) if el is not None else None
    return child.get(qn("w:val"), default) if child is not None else default


def _int(value: str | None, default: int | None) -> int | None:
    if value is None or len(value.strip().lstrip("+-")) > MAX_NUMBER_DIGITS:
        return default  # a 4,000-digit start is damage, and would be written out thousands of times
    try:
        return int(value)
    except ValueError:  # a damaged attribute must not cost the whole document
        return default


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # w:isLgl: show every level as a decimal
    style: str | None = None  # the paragraph style linked to this level

    @classmethod
    def parse(cls, lvl, base: "Level | None" = None) -> "Level":
        base = base or cls()
        return cls(
            start=_int(_val(lvl, "w:start"), base.start),
            fmt=_val(lvl, "w:numFmt", base.fmt),
            text=(_val(lvl, "w:lvlText", base.text) or "")[:MAX_LEVEL_TEXT],
            restart=_int(_val(lvl, "w:lvlRestart"), base.restart),
            legal=lvl.find(qn("w:isLgl")) is not None and _val(lvl, "w:isLgl", "1") not in ("0", "false"),
            style=_val(lvl, "w:pStyle", base.style),
        )


def format_number(n: int, fmt: str) -> str:
    """One number in a Word numFmt (the common ones; others fall back to digits,
    as does any number past MAX_LIST_NUMBER)."""
    if n < 1 or n > MAX_LIST_NUMBER:
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting"):
        return to_chinese(n)
    if fmt == "chineseLegalSimplified":
        return to_chinese(n, _CN_LEGAL, "拾", "佰")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "none":
        return ""
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


class Numbering:
    """numbering.xml: each list (numId) with its levels, and the counters while reading."""

    def __init__(self, root) -> None:
        abstract = {}
        for a in (root.findall(qn("w:abstractNum")) if root is not None else []):
            abstract[a.get(qn("w:abstractNumId"))] = {_int(l.get(qn("w:ilvl")), 0): Level.parse(l)
                                                     for l in a.findall(qn("w:lvl"))}
        self.lists: dict[str, dict[int, Level]] = {}
        for num in (root.findall(qn("w:num")) if root is not None else []):
            levels = dict(abstract.get(_val(num, "w:abstractNumId"), {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = Level.parse(lvl, levels.get(ilvl))
                start = _int(_val(override, "w:startOverride"), None)
                if start is not None:
                    levels[ilvl] = replace(levels.get(ilvl, Level()), start=start)
            self.lists[num.get(qn("w:numId"))] = levels
        self.counters: dict[str, dict[int, int]] = {}

    def level_for_style(self, num_id: str, style: str) -> int:
        for ilvl, level in self.lists.get(num_id, {}).items():
            if level.style == style:
                return ilvl
        return 0

    def marker(self, num_id: str, ilvl: int) -> str:
        """Count one paragraph of list ``num_id`` at ``ilvl``; its visible marker."""
        levels = self.lists.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else levels[ilvl].start
        for deeper in [d for d in counts if d > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl < restart):
                del counts[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return ""  # a bullet glyph (often a private-use Symbol character) says nothing

        def one(m) -> str:
            k = int(m.group(1)) - 1
            if k > ilvl:  # Word ignores a reference to a deeper level
                return ""
            shown = levels.get(k, Level())
            n = counts.get(k, shown.start)
            return format_number(n, "decimal" if level.legal and shown.fmt != "none" else shown.fmt)

        return re.sub(r"%([1-9])", one, level.text or "")


class Styles:
    """Paragraph styles that carry numbering (Heading 1 → list 3, level 0 …)."""

    def __init__(self, root) -> None:
        self.default: str | None = None
        self._styles = {}
        for s in (root.findall(qn("w:style")) if root is not None else []):
            if s.get(qn("w:type")) != "paragraph":
                continue
            sid = s.get(qn("w:styleId"))
            self._styles[sid] = s
            if s.get(qn("w:default")) in ("1", "true"):
                self.default = sid

    def num_pr(self, style: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) a style gives its paragraphs, following w:basedOn."""
        seen = set()
        while style and style in self._styles and style not in seen:
            seen.add(style)
            el = self._styles[style]
            num_pr = el.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                return _val(num_pr, "w:numId"), _val(num_pr, "w:ilvl")
            style = _val(el, "w:basedOn")
        return None, None


def _related_root(document, reltype: str):
    try:
        return document.part.part_related_by(reltype).element
    except KeyError:
        return None


def paragraph_text(p) -> str:
    """The visible text of one w:p: runs, hyperlinks, fields, insertions; tabs and breaks."""
    out = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")):
        parent, hidden = el.getparent(), False
        while parent is not None and parent is not p:
            if parent.tag in _HIDDEN:
                hidden = True
                break
            parent = parent.getparent()
        if hidden:
            continue
        if el.tag == qn("w:t"):
            out.append(el.text or "")
        elif el.tag == qn("w:tab"):
            if el.getparent().tag == qn("w:r"):  # not a tab stop definition in w:pPr
                out.append("\t")
        elif el.tag == qn("w:noBreakHyphen"):
            out.append("-")
        else:
            out.append("\n")
    return "".join(out)


def _inside_fallback(p) -> bool:
    parent = p.getparent()
    while parent is not None:
        if parent.tag == MC_FALLBACK:
            return True
        parent = parent.getparent()
    return False


def docx_paragraphs(document, reading: Reading | None = None) -> list[str]:
    """Every paragraph of the body in order (table cells and text boxes too), numbered.

    With a ``reading``, the time limit is checked at every paragraph and
    reading stops once the text passes the character limit (the caller cuts
    it there and says so): no document costs more than the limits allow."""
    numbering = Numbering(_related_root(document, RT.NUMBERING))
    styles = Styles(_related_root(document, RT.STYLES))
    out, chars = [], 0
    tables = set()  # tables written out as rows (qa.ingest.tables): their paragraphs are in them
    fields: dict = {}  # rows of a layout table that are label, value pairs: the line each is written as
    for p in document.element.body.iter(qn("w:p"), qn("w:tbl")):
        if reading is not None:
            if reading.out_of_time():
                reading.notes.append(reading.time_note(f"read {len(out):,} paragraphs"))
                break
            if chars > reading.limits.max_chars:
                break  # scan_documents cuts the text at the limit and says so
        if _inside_fallback(p) or _in_table(p, tables):
            continue
        row = _field_row_of(p, fields)
        if row is not None:  # 会议日期 | 2014-03-29: the pair once, as 会议日期：2014-03-29, at its row's first paragraph
            line, fields[row] = fields[row], ""
            if line:
                out.append(line)
                chars += len(line) + 1
            continue
        if p.tag == qn("w:tbl"):
            cells = _rows(p, None, styles)
            if is_blank_form(cells):  # 分数 | (empty): a box to fill in states nothing
                tables.add(p)
                continue
            if is_data_table(cells):  # else a table that lays out text: its paragraphs one by one
                tables.add(p)
                rows = row_lines(_rows(p, numbering, styles))
                out.extend(rows)
                chars += sum(len(r) + 1 for r in rows)
            else:  # (``cells`` holds its rows' texts in the order of its w:tr)
                rows = {tr: line for tr, row in zip(p.iterchildren(qn("w:tr")), cells) if (line := field_row(row))}
                if len(rows) >= MIN_FIELD_ROWS:
                    fields.update(rows)
            continue
        text = _numbered_text(p, numbering, styles)
        out.append(text)
        chars += len(text) + 1
    return out


def _numbered_text(p, numbering: "Numbering", styles: "Styles") -> str:
    text = paragraph_text(p)
    marker = _marker(p, numbering, styles)
    if marker and text.strip():
        sep = " " if marker[-1].isascii() else ""  # 1. 加强… but 一、加强… / ①加强…
        text = marker + sep + text.lstrip()
    return text


def _field_row_of(p, fields: dict):
    """The row of ``fields`` that paragraph ``p`` stands in, or None (most paragraphs: no walk)."""
    return _ancestor_in(p, fields) if fields else None


def _in_table(el, tables: set) -> bool:
    return _ancestor_in(el, tables) is not None


def _ancestor_in(el, found):
    """The nearest element above ``el`` that ``found`` (a set or dict of elements) holds, or None."""
    parent = el.getparent()
    while parent is not None:
        if parent in found:
            return parent
        parent = parent.getparent()
    return None


def _cells(tr) -> list:
    """A row's cells as laid out (w:sdt content controls looked into)."""
    out = []
    for child in tr:
        if child.tag == qn("w:tc"):
            out.append(child)
        elif child.tag == qn("w:sdt"):
            out.extend(child.iter(qn("w:tc")))
    return out


def _rows(tbl, numbering: "Numbering | None", styles: "Styles") -> list[list[str | None]]:
    """The table's cells row by row (numbered when ``numbering`` is given: that counts the numbers)."""
    return [[_cell_text(tc, numbering, styles) for tc in _cells(tr)] for tr in tbl.iterchildren(qn("w:tr"))]


def _cell_text(tc, numbering: "Numbering | None", styles: "Styles") -> str | None:
    """The cell's paragraphs on one line; None for a cell that continues the one above (merged)."""
    props = tc.find(qn("w:tcPr"))
    merge = props.find(qn("w:vMerge")) if props is not None else None
    if merge is not None and _val(props, "w:vMerge") in (None, "continue"):
        return None
    texts = (_numbered_text(p, numbering, styles) if numbering else paragraph_text(p) for p in tc.iter(qn("w:p")))
    return " ".join(t.strip() for t in texts if t.strip())


def _marker(p, numbering: Numbering, styles: Styles) -> str:
    ppr = p.find(qn("w:pPr"))
    style = _val(ppr, "w:pStyle") or styles.default
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    num_id = ilvl = None
    if num_pr is not None:
        num_id, ilvl = _val(num_pr, "w:numId"), _val(num_pr, "w:ilvl")
    if num_id is None:
        style_num, style_lvl = styles.num_pr(style)
        num_id = style_num
        ilvl = ilvl or style_lvl
        if num_id is not None and ilvl is None:
            ilvl = str(numbering.level_for_style(num_id, style))
    if num_id in (None, "0"):
        return ""
    return numbering.marker(num_id, _int(ilvl, 0) or 0)
