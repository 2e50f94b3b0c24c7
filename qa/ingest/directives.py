"""The numbering grammar of a speech → a directive tree → indexable passages.

Marker families (label conventions in brackets; labels never keep the
trailing punctuation):

    part    第一部分 (chap 第一章, sect 第一节: each its own family)  [第一部分]
    art     第一条            at paragraph start only           [第一条]
    cn      一、 一．         at paragraph start only           [一]
    pcn     （一） (一)                                       [（一）]
    di      第一， 第一、 第一： 第一是                       [第一]
    shi     一是           yao  一要                         [一是] [一要]
    verb    ≥3 paragraphs 一抓… 二抓… (one verb, counting up)    [一抓]
    para    ≥3 heading lines of one pattern 从…来看：       [the heading]
    seq     首先/其次/再次/最后 + ，、：                      [首先]
    num     1. 1． 1、                                        [1]
    pnum    （1） (1)                                         [（1）]
    circ    ①②③                                              [①]
    list    ≥3 ；-separated items that start with 要 [the item's opening words]

Markers count at a paragraph start or right after 。！？；：. A marker either
continues a family that is open (number == previous + 1, which closes every
deeper level) or starts a fresh sequence at 1 nested under the innermost open
directive — so nesting follows the order in which a speech first uses the
families, and each speech finds its own. Template placeholders (XX， / X、 /
（X）) at a paragraph start take the next number of the innermost open family
written with the same punctuation. A paragraph that starts an open family
again at 一 starts a new sequence on that family's own level. A sequence that
never gets a second member (a lone 首先，… in a sentence) is prose, unless it
is a section: a 一、/（一） at a paragraph start, or a marker that opens a
heading line of its own (no sentence on the line); a closing paragraph after the last directive
(同志们，… / 我就讲这些) belongs to none; a 要 list counts only inside a
directive. Headings are the first clause after the marker (up to 。！？；, cut
at the first ， when longer than 40 chars; a 要 item's is always its first clause).

Passages: the text outside any directive (path []), and each directive's own
text (marker included) and any text after its last child, split at sentence
ends into pieces of at most max_chars, tiny pieces merged with a neighbour.
A heading-only line whose children carry the text gets no passage of its own.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from qa.models import FAMILY_UNIT, Directive, Passage, Speech, walk
from qa.numerals import to_chinese, to_int
from qa.simplified import to_simplified

HEADING_MAX = 40
# Passage size in characters, chosen with scripts/evaluate.py: shorter
# passages rank more precisely; smaller pieces merge with a neighbour.
MAX_CHARS, MIN_CHARS = 200, 40
_NUM = "[一二三四五六七八九十]{1,3}"
_SEQ_WORDS = {"首先": 1, "其次": 2}  # 再次 / 最后 continue whatever came before
MD_FAMILIES = {f"md{level}" for level in range(2, 7)}
# ## / #### before a heading's words: the marks qa.ingest.readers keeps where the levels are the structure
_MD_MARKS = r"(#{2,6})[ \t]+(?=\S)"
_MD_MARKS_AT_LINES = re.compile(rf"(?m)^{_MD_MARKS}")
_MD_HEADING_MARKS = re.compile(_MD_MARKS)


def without_heading_marks(text: str) -> str:
    """#### ❔ 校园卡怎么办理 as a reply quotes it: the marks are structure, not words."""
    return _MD_MARKS_AT_LINES.sub("", text)
# 要… items, ——… paragraphs, 从…来看： headings and Markdown headings: points with no number of their own
_UNNUMBERED = {"list", "dash", "para"} | MD_FAMILIES
_PART_UNITS = {FAMILY_UNIT[f]: f for f in ("part", "chap", "sect")}  # one marker, three levels

# (family, pattern, allowed mid-paragraph?)
_MARKERS = [
    ("part", re.compile(rf"第({_NUM})(部分|章|节)[\s　：:，,、]*"), False),
    # 第一条 (办法, 条例, 章程); 第　一　條 / 第二十五 條: spaced as a typed charter spaces it
    ("art", re.compile(rf"第[ \u3000]{{0,2}}({_NUM})[ \u3000]{{0,2}}条[\s　：:，,、]*"), False),
    # 议题1：图形领域PMC成员改选 / 议题三： (minutes: one agenda item each, its 结论 and 遗留问题 under it)
    ("topic", re.compile(rf"议题\s*({_NUM}|\d{{1,2}})\s*[：:．.、]\s*"), False),
    # 问题 1：… / 问3：… (minutes and FAQs: a question asked, its 答： under it)
    ("ques", re.compile(rf"问(?:题)?\s*({_NUM}|\d{{1,2}})\s*[：:]\s*"), False),
    ("sec", re.compile(r"§\s*(\d{1,2})([.．、]?)\s*"), False),  # §1.指导思想 (plans, charters)
    ("cn", re.compile(rf"({_NUM})(、|[.．](?![\d０-９]))"), False),
    ("pcn", re.compile(rf"[（(]({_NUM})([）)])"), True),
    # … and 第一项措施：/ 第二个方面：, the thing counted named before the colon
    # (第一 ，: a space a bold marker left before the comma)
    # … and as a talk counts aloud: 第一个方面，/ 第二个就是… / 第四个，大家也仔细想想 / 进入第二个问题，
    # … and 第一点，/ 第二点是 (a talk that says 点 for its points)
    ("di", re.compile(rf"第({_NUM})[ \u3000]?([，,、：:]|是|[项个][\u4e00-\u9fff]{{1,3}}[：:]|个(?:方面|问题)?(?:[，,]|就是)"
                      rf"|点(?:[，,、：:]|就是|是))"),
     True),
    # 司法机构的第二项基本要点是… / 我要讲的第三个问题是，…: a point named by its ordinal in the
    # paragraph's first words, as speeches count what they announced (三项基本要点): family dio
    ("di-of", re.compile(rf"[\u4e00-\u9fff]{{1,14}}的第({_NUM})[项个点条][\u4e00-\u9fff]{{0,10}}?是([，,：:]?)"), False),
    ("shi", re.compile(rf"({_NUM})(是)"), True),
    ("yao", re.compile(rf"({_NUM})(要)"), True),
    ("seq", re.compile(r"(首先|其次|再次|最后)([，,、：:])"), True),
    ("num", re.compile(r"(\d{1,2})([.．](?!\d)|、)"), True),
    ("pnum", re.compile(r"[（(](\d{1,2})([）)])"), True),
    ("circ", re.compile(r"([①-⑳])()"), True),
    # 1 总则 / 1.1 编制目的 / 4.2.1 出现…: decimal section numbers (预案, 标准, plans), one family a depth
    # ## 学校概况 / #### ❔ 地址是什么: a Markdown heading that numbers nothing, one family a level
    # (md2 … md6), numbered in _candidates
    ("md", re.compile(_MD_MARKS), False),
    ("dec", re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,3})([ \u3000]+|(?<=\d\.\d)(?=[\u4e00-\u9fff（(]))"
                       r"(?=[\u4e00-\u9fff（(])"), False),
]
DECIMAL_HEADING_MAX = 30  # 1 总则: a depth-one number opens a heading line of its own
_PLACEHOLDER = re.compile(r"[（(][XxＸｘ]{1,3}([）)])|[XxＸｘ]{1,3}([，,、.．])")
_BOUNDARY = re.compile(r"[。！？!?；;：:]\s*")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*")  # ；keeps a list inside its sentence
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*")
_CLOSING = re.compile(r"^(同志们[，,！!]|我就讲(这些|到这里)|谢谢(大家)?[。！!]?$)")


def _label(family: str, n: int) -> str:
    """The label a family writes for number n (also what a placeholder becomes)."""
    if family == "circ":
        return chr(0x2460 + n - 1) if n <= 20 else f"({n})"
    if family in ("num", "pnum"):
        return str(n) if family == "num" else f"（{n}）"
    if family == "sec":
        return f"§{n}"
    if family in ("topic", "ques"):
        return f"{FAMILY_UNIT[family]}{n}"
    if family in _UNNUMBERED:
        return ""  # an unnumbered 要 or —— item has no label of its own: its opening words stand for it
    if family in FAMILY_UNIT:
        return f"第{to_chinese(n)}{FAMILY_UNIT[family]}"
    form = {"cn": "{}", "pcn": "（{}）", "di": "第{}", "dio": "第{}", "shi": "{}是", "yao": "{}要"}
    return form[family].format(to_chinese(n))


@dataclass
class _Cand:
    pos: int  # where the marker starts
    body: int  # where the text after the marker starts
    family: str  # '' for a placeholder, 'close' for the end of a 要 list
    number: int = 0
    word: str = ""  # the marker's word as written (一 / 1 / 首先 …)
    punct: str = ""  # the marker's punctuation, normalized (，、.（ …)
    at_start: bool = False  # the marker opens its paragraph
    level: int = 0  # the #s of a Markdown heading the number opens (### 第一條 …): 0 in running text


def _separator(family: str, punct: str) -> str:
    """What stands between label and heading in a citation path."""
    if family in _UNNUMBERED:
        return ""
    if family == "topic":
        return "："  # 议题1：图形领域PMC成员改选, as minutes write it
    if family in FAMILY_UNIT:
        return " "
    return punct if family in ("cn", "di", "dio", "seq", "num", "sec") and punct not in ("是",) or family in _DECIMAL else ""


_UNIT_FAMILIES = {"part", "chap", "sect", "art"}


def _written_separator(text: str, label_end: int, body: int) -> str:
    """第一章：总则 is quoted with its colon, 第一条 本办法… with a space: as the document writes it."""
    written = text[label_end:body].strip()
    return _norm_punct(written[0]) if written and written[0] in "：:，,、" else " "


def _norm_punct(p: str) -> str:
    return {",": "，", ":": "：", "(": "（", ")": "）", "．": "."}.get(p, p)


# 一、现实基础和发展形势………………1 / 二、实施方式…………- 1 -: a line of a contents list, its page number after a leader
CONTENTS_LINE = re.compile(r"(…{2,}|\.{3,}|·{3,}|．{3,}|-{4,}|－{4,}|_{4,})\s*(?:[-－]\s*\d{1,3}\s*[-－]|\d{1,3})\s*$")


def is_contents_line(line: str) -> bool:
    return bool(CONTENTS_LINE.search(line))


def _candidates(speech: Speech) -> list[_Cand]:
    text, cands = _marker_form(speech.text), []
    for p_start, para in zip(speech.paragraph_offsets(), speech.paragraphs):
        if is_contents_line(para):
            continue  # the contents list is the document's head: its entries are no sections
        starts = [(p_start + len(para) - len(para.lstrip()), True)]
        starts += [(p_start + m.end(), False) for m in _BOUNDARY.finditer(para) if m.end() < len(para)]
        for pos, first in starts:
            c = _marker_at(text, pos, first)
            if c:
                c.at_start = first
                cands.append(c)
        cands.extend(_list_items(p_start, para))
    cands.extend(_dash_items(speech) + _verb_items(speech) + _nth_items(speech) + _parallel_items(speech))
    _number_headings(cands)
    return sorted(cands, key=lambda c: (c.pos, c.family != "close"))


def _number_headings(cands: list[_Cand]) -> None:
    """Markdown headings count from 1 under each heading of a higher level (## A / ### A1 / ### A2 /
    ## B / ### B1)."""
    count: dict[int, int] = {}
    for c in sorted((c for c in cands if c.family in MD_FAMILIES), key=lambda c: c.pos):
        level = int(c.family[2:])
        count = {k: v for k, v in count.items() if k <= level}
        count[level] = count.get(level, 0) + 1
        c.number = count[level]


def _marker_form(text: str) -> str:
    """The text markers are found in: simplified characters (第一條 / 第二項 of a traditional
    document are 第一条 / 第二项), where that keeps every offset; else the text as written."""
    simplified = to_simplified(text)
    return simplified if len(simplified) == len(text) else text


def _marker_at(text: str, pos: int, at_start: bool) -> _Cand | None:
    for family, pattern, mid_ok in _MARKERS:
        m = pattern.match(text, pos)
        if not m or not (at_start or mid_ok):
            continue
        raw = m.group(1)
        if family == "seq":
            n = _SEQ_WORDS.get(raw, 0)
        elif family in ("num", "pnum", "sec") or family in ("topic", "ques") and raw.isdigit():
            n = int(raw)
        elif family == "circ":
            n = ord(raw) - 0x2460 + 1
        elif family == "dec":
            return _decimal(text, pos, m, raw)
        elif family == "md":
            numbered = _marker_at(text, m.end(), True)
            if numbered is not None:  # ### 第一條 …: read by its number, and its level bounds what it holds
                numbered.pos, numbered.level = pos, len(raw)
                return numbered
            if text[m.end():m.end() + 1].isdigit():
                continue  # ### 04 … (a text file's marks kept): numbered, no heading by level
            return _Cand(pos, m.end(), f"md{len(raw)}", 0, "", "", level=len(raw))
        else:
            n = to_int(raw)
        if n is not None:
            if family == "part":  # 第一部分 / 第二章: the label is the marker as written; 部分, 章 and 节
                # are three levels (第一部分 总体战略 > 第一章 指导思想), each its own family
                return _Cand(pos, m.end(), _PART_UNITS[m.group(2)], n, f"第{raw}{m.group(2)}", m.group(2))
            if family == "art":
                return _Cand(pos, m.end(), family, n, f"第{raw}条", "条")
            if family in ("topic", "ques"):
                return _Cand(pos, m.end(), family, n, f"{FAMILY_UNIT[family]}{raw}", "：")
            if family == "di-of":
                return _Cand(pos, m.end(), "dio", n, raw, "，")
            sep = m.group(2)
            # 第一项措施： keeps what it counts (项措施：) between its number and its heading
            # (第二个就是… / 第四个， counted aloud: 个， between them, the way a reader would quote it)
            punct = (re.sub(r"(?:就是|[，,])$", "，", sep) if family == "di" and sep.startswith("个") and not sep.endswith(("：", ":"))
                     else sep[:-1] + "：" if len(sep) > 1 and family == "di" else _norm_punct(sep[:1]))
            return _Cand(pos, m.end(), family, n, raw, punct)
    m = _PLACEHOLDER.match(text, pos) if at_start else None
    if m:  # the punctuation decides which open family it may stand in for
        return _Cand(pos, m.end(), "", punct=_norm_punct(m.group(1) or m.group(2)))
    return None


def _decimal(text: str, pos: int, m: re.Match, raw: str) -> _Cand | None:
    """1 总则 (family dec1) / 1.1 编制目的 (dec2) / 4.2.1 出现… (dec3): labelled as written. A
    number of one part only opens a short heading line (3 个月内… is prose)."""
    depth = raw.count(".") + 1
    line_end = text.find("\n", m.end())
    rest = text[m.end():line_end if line_end >= 0 else len(text)].strip()
    if depth == 1 and (len(rest) > DECIMAL_HEADING_MAX or re.search(r"[。！？!?；;：:，,]", rest)):
        return None
    return _Cand(pos, m.end(), f"dec{depth}", int(raw.split(".")[-1]), raw, " ")


# A greeting line (同志们： / 各位领导：) opens a speech; it is never a passage of its own.
GREETING = re.compile(r"^(同志们|各位|尊敬的|女士们|亲爱的|大家好|朋友们|老师们|同学们)[^。！？]{0,40}[：:，,！!]$")


def is_greeting(line: str) -> bool:
    return bool(GREETING.match(line))


def starts_with_marker(line: str) -> bool:
    """Whether a line opens with a directive marker (一、 / （一） / 第一， / XX， …)."""
    return marker_number(line) is not None


def marker_number(line: str) -> int | None:
    """The number of the marker a line opens with (一、 → 1, 第三條 → 3; 0 for one without a
    number of its own), None where it opens with none."""
    line = _marker_form(line.lstrip())  # (第一條 of a traditional document too)
    found = _marker_at(line, 0, True) if line else None
    return None if found is None else found.number


def _list_items(p_start: int, para: str) -> list[_Cand]:
    """Items of a '…：要A；要B；要C。' list (three or more) inside one sentence."""
    out = []
    for sm in _SENTENCE.finditer(para):
        sentence, base = sm.group(), p_start + sm.start()
        semis = [m.end() for m in re.finditer(r"[；;]", sentence)]
        head_end = semis[0] if semis else len(sentence)
        colon = max(sentence.rfind("：", 0, head_end), sentence.rfind(":", 0, head_end))
        starts = [colon + 1] + semis  # the first item may follow a colon
        run: list[int] = []
        for k, st in enumerate(starts):
            if sentence.startswith("要", st):
                run.append(k)
            elif len(run) >= 3:
                break
            else:
                run = []
        if len(run) < 3:
            continue
        out += [_Cand(base + starts[k], base + starts[k], "list", n) for n, k in enumerate(run, 1)]
        end = base + (starts[run[-1] + 1] if run[-1] + 1 < len(starts) else len(sentence))
        out.append(_Cand(end, end, "close"))  # text after the list is the parent's again
    return out


# ——经济总体回升向好。… / ——刘少奇同志是…的光辉榜样。: paragraphs opened by a dash, three or
# more close together, are the points of an unnumbered list (reports, opinions, speeches).
_DASH = re.compile(r"[—–－]{2}\s*")
MIN_DASH_ITEMS = 3
MAX_DASH_GAP = 3  # paragraphs from one dash item to the next within one list


def _dash_items(speech: Speech) -> list[_Cand]:
    runs: list[list[int]] = [[]]
    for i, para in enumerate(speech.paragraphs):
        if is_greeting(para.strip()) and runs[-1]:
            runs.append([])  # a byline (——在…上的讲话) above 同志们： is no point of what follows
        elif _DASH.match(para.strip()):
            if runs[-1] and i - runs[-1][-1] > MAX_DASH_GAP:
                runs.append([])
            runs[-1].append(i)
    return _run_items(speech, runs, "dash", _DASH)


# 一抓组织领导，… 二抓领学先学，… 十抓服务保障，…: paragraphs opened by a numeral and one
# verb, the same verb each time, counting up from 一, are points of their own family.
_VERB = re.compile(rf"({_NUM})([\u4e00-\u9fff])")
# words a numeral opens that are not a verb of a list (一年来 / 一方面 / 一些 / 十分): and
# 是 / 要, families of their own
_NOT_VERBS = set("是要年月日天周期时分秒个些种次点项条位名批级类层份方面切直定般样起百千万亿两")


def _verb_items(speech: Speech) -> list[_Cand]:
    def opens(para: str) -> tuple[int | None, str] | None:
        m = _VERB.match(para.strip())
        return None if not m or m.group(2) in _NOT_VERBS else (to_int(m.group(1)), m.group(2))
    return _run_items(speech, _runs_counting_up(speech, opens), "verb", _VERB)


def _runs_counting_up(speech: Speech, opens) -> list[list[int]]:
    """Runs of paragraphs that ``opens`` (paragraph → (its number, what it counts) or None) numbers
    1, 2, 3 … by the same word, close together (the verb of 一抓…二抓…, the noun of 第一个方子…)."""
    runs: dict[str, list[int]] = {}  # word -> paragraphs of its run so far
    done: list[list[int]] = []
    for i, para in enumerate(speech.paragraphs):
        found = opens(para)
        if not found or found[0] is None:
            continue
        n, word = found
        run = runs.get(word, [])
        if n == len(run) + 1 and (not run or i - run[-1] <= MAX_DASH_GAP):
            runs[word] = run + [i]
        elif n == 1:
            done.append(run)
            runs[word] = [i]
    return done + list(runs.values())


# 第一个方子只有一句话：… 第二个方子也只有一句话：… 第三个方子…: paragraphs opened by an ordinal and
# the thing it counts, the same noun each time, counting up from 第一个, are points of their own
# family (a lone 第一个月 / 第一个五年计划 counts no list)
_NTH = re.compile(rf"第({_NUM})个([\u4e00-\u9fff]{{2}})")
MIN_NTH_ITEMS = 2


def _nth_items(speech: Speech) -> list[_Cand]:
    def opens(para: str) -> tuple[int | None, str] | None:
        m = _NTH.match(para.strip())  # (第一个方面， is a 第N point already)
        return None if not m or starts_with_marker(para) else (to_int(m.group(1)), m.group(2))
    return _run_items(speech, _runs_counting_up(speech, opens), "nth", _NTH, MIN_NTH_ITEMS)


# 从学校规模、班额来看： / 从时间安排等来看： / 从办学理念等来看：: short heading lines of one
# pattern (same first character, same last two before the colon), three or more, are the
# points of an unnumbered list, each heading over the paragraphs that follow it.
_PARALLEL = re.compile(r"^(\S)[^。！？；：:]{1,24}(\S\S)[：:]$")
_NO_MARKER = re.compile("")


def _parallel_items(speech: Speech) -> list[_Cand]:
    runs: dict[tuple[str, str], list[int]] = {}
    for i, para in enumerate(speech.paragraphs):
        m = _PARALLEL.match(para.strip())
        if m and not starts_with_marker(para) and not is_greeting(para.strip()):
            runs.setdefault(m.groups(), []).append(i)
    # (主要职责： over each section again and again is one label repeated, not a list)
    distinct = [run for run in runs.values()
                if len(run) >= MIN_DASH_ITEMS and len({speech.paragraphs[i].strip() for i in run}) == len(run)]
    return _run_items(speech, distinct, "para", _NO_MARKER)


def _run_items(speech: Speech, runs: list[list[int]], family: str, marker: re.Pattern,
               least: int = MIN_DASH_ITEMS) -> list[_Cand]:
    """The points of paragraph runs (each a list of paragraph numbers) opened by ``marker``."""
    offsets, paras, out = speech.paragraph_offsets(), speech.paragraphs, []
    for run in runs:
        if len(run) < least:
            continue  # one dash line is a byline (——在…上的讲话) or a figure of speech
        for n, i in enumerate(run, 1):
            pos = offsets[i] + len(paras[i]) - len(paras[i].lstrip())
            m = marker.match(speech.text, pos)
            out.append(_Cand(pos, m.end(), family, n, m.group(0) if family in ("verb", "nth") else "", at_start=True))
        # the last item runs as far as the items before it did (its own paragraph and the
        # ones explaining it), and never past a numbered line or a greeting (同志们、朋友们！)
        spans = sorted(b - a for a, b in zip(run, run[1:]))
        end = run[-1] + 1
        while (end < len(paras) and end < run[-1] + spans[len(spans) // 2]
               and not is_greeting(paras[end].strip()) and not starts_with_marker(paras[end])):
            end += 1
        if end < len(paras):
            out.append(_Cand(offsets[end], offsets[end], "close", word=family))
    return out


def _heading(text: str, start: int, end: int, family: str) -> str:
    """The first clause of text[start:end]: up to 。！？；, cut at ， when long."""
    line_end = text.find("\n", start, end)
    head = re.split(r"[。！？!?；;]", text[start:line_end if line_end >= 0 else end], maxsplit=1)[0]
    if line_end >= 0 and not text[start:line_end].strip():  # a table's （三） / 合理用药: the label's cell, then its name
        after = text.find("\n", line_end + 1, end)
        following = text[line_end + 1:after if after >= 0 else end].strip()
        if len(following) <= HEADING_MAX and not starts_with_marker(following):
            head = re.split(r"[。！？!?；;]", following, maxsplit=1)[0]
    if family == "list" or len(head) > HEADING_MAX:
        head = re.split(r"[，,]", head, maxsplit=1)[0]
    return head.strip(" \u3000：:，,、")[:HEADING_MAX]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _build(speech: Speech, cands: list[_Cand], limit: int, skip: set[int]) -> tuple[list[Directive], set[int]]:
    """Run the stack over the candidates; also return the ids of one-member sequences."""
    text, offsets = speech.text, speech.paragraph_offsets()
    roots: list[Directive] = []
    stack: list[tuple[Directive, int, str]] = []  # directive, id of its sequence, its punctuation
    size: dict[int, int] = {}  # sequence id (index of its first candidate) -> members
    lone: dict[int, tuple[Directive, bool]] = {}  # sequence id -> its first directive, at a paragraph start?

    ended: dict[tuple[str, bool], tuple[int, int, str]] = {}  # (family, a heading?) -> (last number, sequence id, punctuation)
    levels: dict[int, int] = {}  # id of a directive opened by a Markdown heading -> its #s

    def close(depth: int, at: int) -> None:
        while len(stack) > depth:
            d, seq, punct = stack.pop()
            ended[d.family, id(d) in levels] = (d.number, seq, punct)
            d.end = _rstrip(text, d.start, at)
            d.body_end = _rstrip(text, d.start, d.children[0].start) if d.children else d.end
            d.heading = _heading(text, d.body_start, d.body_end, d.family)  # never past its own text
            if d.family in _UNNUMBERED:
                d.label = d.heading  # only what the speech writes: 要强化…, never 第四项

    for i, c in enumerate(cands):
        if c.pos >= limit:
            break
        if i in skip:
            continue
        if c.family == "close":  # the sentence holding a 要 list (or a dash list's last item) has ended
            depth = next((k for k, e in enumerate(stack) if e[0].family == (c.word or "list")), None)
            if depth is not None:
                close(depth, c.pos)
            continue
        if c.family == "list" and not stack:
            continue  # a 要 list in the opening (会议强调：要…；要…) is quoted prose, not points
        family, n, continued = c.family, c.number, None
        if c.level:  # a heading stands only under a heading of fewer #s: it closes the rest (### 一. 安全維護
            # 管理辦法 after ### 第二十三條 and its items: the next rules, not an item of the last article)
            bound = next((k for k, e in enumerate(stack) if not 0 < levels.get(id(e[0]), 0) < c.level), None)
            if bound is not None:
                close(bound, c.pos)
        if family == "dio" and not any(e[0].family == "dio" for e in stack):
            # 第一，… then 司法机构的第二项基本要点是…: the speech's own points, their count said from the
            # second on. The 第一， list is of that family from now, so a 第一， inside a point nests.
            k = next((k for k, e in enumerate(stack) if e[0].family == "di" and e[0].number == n - 1), None)
            if k is not None:
                stack[k][0].family = "dio"
        slip = _SLIPS.get(family)
        if (slip and c.at_start and n > 1 and c.punct == "、" and stack and stack[-1][0].family == slip
                and stack[-1][0].number == n - 1 and stack[-1][2] == "、"
                # (二、… 1、… 2、… 三、: the 三 goes on from the 二 above, no slip of the 1、 2、 list)
                and not any(e[0].family == family and e[0].number == n - 1 for e in stack[:-1])):
            family = slip  # 一、… 2、… 3、 (or 1、… 二、): one list written with a slip of its digits
        said_shi = (family == "shi" and text.startswith("要", c.body) and n > 1 and bool(stack)
                    and stack[-1][0].family == "yao" and stack[-1][0].number == n - 1)
        if said_shi:
            family = "yao"  # 一要… 二要… 三是要…: one list, its 要 said as 是要 from the third on
        slipped = family != c.family and bool(c.family)
        if not family:  # placeholder: innermost open family written with this punctuation
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][2] == c.punct
                          and stack[k][0].family != "seq"), None)
            if depth is None:
                continue
            family, n = stack[depth][0].family, stack[depth][0].number + 1
        else:
            # (a heading's number and an item's under it are two lists, though written alike: ### 一. / 一、)
            # (the innermost: a family open twice is a prose list inside a section of heading lines)
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0].family == family
                          and (id(stack[k][0]) in levels) == bool(c.level)), None)
            if depth is not None and n == 1 and not c.at_start and _inline_run_ended(text, offsets, stack[depth][0], c):
                # 杨庆山强调，…。一是… in one paragraph, and again in the next: each paragraph's own
                # count starts a list of its own; the one before ended with its paragraph
                close(depth, offsets[bisect.bisect_right(offsets, c.pos) - 1])
                depth = None
            if depth is not None:
                prev = stack[depth][0].number
                if family == "seq" and c.word in ("再次", "最后"):
                    n = prev + 1 if prev >= (2 if c.word == "再次" else 1) else 0
                if n != prev + 1 and _jump(text, c, family, prev):
                    pass  # numbering that jumps (三、 then 七、) is kept as written
                elif n != prev + 1:
                    if n != 1 or not (c.at_start or len(stack) > depth + 1):
                        continue
                    if not (c.at_start and len(stack) > depth + 1 and _heading_line(text, stack[depth][0].body_start, bare=True)
                            and not _heading_line(text, c.body, bare=True)):
                        # The family starting again at 一 (at a paragraph start, or after a
                        # deeper level) starts a new sequence on its own level, closing what is deeper.
                        close(depth, c.pos)
                    # (else 1.  总则, a heading line … 第十条 …（二）… 1.个人会员:要求入会者，应由…: an item
                    # written as running prose deep inside the section is a list of its own under the
                    # innermost point, not the section's next sequence: nothing closes)
                    depth = None
            elif n != 1:
                prev = ended.get((family, bool(c.level)))
                if not (c.at_start and family not in _UNCONTINUED and prev and n == prev[0] + 1):
                    continue
                # numbering that runs on across sections (第一章 第一条…第三条 第二章 第四条…,
                # 一、（1）…（3） 二、（4）…): the same sequence, under the new section
                continued = prev
            if (depth is None and c.at_start and family in _PARAGRAPH_FAMILIES
                    and not text[:c.pos].rstrip().endswith(("：", ":"))):
                # points counted inside a paragraph (…。一是…。二是…) end with it: a numbered
                # paragraph after them is not one of their children (unless one announces them：)
                inline = next((k for k, e in enumerate(stack) if not _opens_paragraph(text, e[0].start)), None)
                if inline is not None:
                    close(inline, c.pos)
            if depth is None and c.at_start and stack and stack[-1][0].family in _POINT_FAMILIES:
                # a new list two or more prose paragraphs after a one-paragraph point
                # (五是… / prose / prose / 一要…) follows the points; it is not inside the last one
                # (or one prose paragraph, where each point before it was one paragraph too)
                last = stack[-1][0]
                gap = bisect.bisect_right(offsets, c.pos) - last.paragraph
                run = [d for d in (stack[-2][0].children if len(stack) > 1 else roots) if d.family == last.family]
                one_each = len(run) > 1 and all(b.paragraph - a.paragraph == 1 for a, b in zip(run, run[1:]))
                if (gap > 2 or gap > 1 and one_each) and not last.children:
                    close(len(stack) - 1, c.pos)
        if depth is not None:
            seq_id, punct = stack[depth][1], stack[depth][2]
        else:
            seq_id, punct = (continued[1], continued[2]) if continued else (i, c.punct)
        if depth is not None:
            close(depth, c.pos)  # a sibling closes the previous one and everything inside it
        label = (text[c.pos:c.body].strip() if said_shi  # (三是要…: 三是, as written)
                 else c.word if (family in _AS_WRITTEN or slipped) and c.word
                 else _label(family, n))  # (a slipped digit is labelled as written: 2, not 二)
        at = _MD_HEADING_MARKS.match(text, c.pos).end() if c.level else c.pos  # (after ### )
        written = text[at:at + len(label)]
        if written != label and to_simplified(written) == label:
            label = written  # 第二十三條 of a traditional document, as it writes it
        d = Directive(
            label=label,
            heading="", family=family, number=n,
            paragraph=bisect.bisect_right(offsets, c.pos), start=c.pos, end=limit,
            body_start=c.body, body_end=limit, sep=_written_separator(text, at + len(label), c.body)
            if family in _UNIT_FAMILIES else _separator(family, punct),
        )
        (stack[-1][0].children if stack else roots).append(d)
        if c.level:
            levels[id(d)] = c.level
        size[seq_id] = size.get(seq_id, 0) + 1
        if size[seq_id] == 1:
            lone[seq_id] = (d, c.at_start)
        stack.append((d, seq_id, punct))
    close(0, limit)
    return roots, {k for k, v in size.items() if v == 1 and not _structure_alone(text, *lone[k])}


_DECIMAL = {"dec1", "dec2", "dec3", "dec4"}
_AS_WRITTEN = {"seq", "part", "chap", "sect", "verb", "nth"} | _DECIMAL  # labelled by the marker as written
_SLIPS = {"num": "cn", "cn": "num"}  # families a list slips between, digit for numeral, under the same 、
_UNCONTINUED = {"seq", "list", "dash", "verb", "nth", "para"}  # families whose numbers never run on into a new section
_PARAGRAPH_FAMILIES = {"part", "chap", "sect", "art", "topic", "ques", "sec", "cn", "pcn", "num", "pnum", "di", "dio"} | _DECIMAL | MD_FAMILIES
_POINT_FAMILIES = {"shi", "yao"}  # 一是… / 一要…: points of a paragraph each


def _inline_run_ended(text: str, offsets: list[int], last: Directive, c: "_Cand") -> bool:
    """The open point ``last`` was counted inside its paragraph (…。二是…), and ``c`` stands in a later one
    (where nothing was put under ``last`` yet: points already under it carry it into that paragraph)."""
    paragraph = bisect.bisect_right(offsets, c.pos)
    return (not _opens_paragraph(text, last.start) and paragraph > bisect.bisect_right(offsets, last.start)
            and not any(bisect.bisect_right(offsets, d.start) >= paragraph for d in last.children))


def _opens_paragraph(text: str, pos: int) -> bool:
    return pos == 0 or text[:pos].rstrip(" \t\u3000").endswith("\n") or not text[:pos].strip()


def _jump(text: str, c: "_Cand", family: str, prev: int) -> bool:
    """A section number that skips ahead (三、 … 七、) or repeats (一、 … 一、),
    opening a heading line of its own: the next section as the document numbers it."""
    if family not in _SECTION_FAMILIES or not c.at_start or not (prev <= c.number <= prev + 9) or c.number == 1:
        return False
    alone = 0 <= text.find("\n", c.pos) < c.body  # 第四十条 / its text on the next line
    return alone or _heading_line(text, c.body)


def _heading_line(text: str, body: int, bare: bool = False) -> bool:
    """The marker's words (from ``body``) end their line short and with no sentence inside: a heading
    (``bare``: no clause either, 会员 / 组织机构和负责人产生、罢免。, not 个人会员:要求入会者，应由…)."""
    end = text.find("\n", body)
    line = text[body:end if end >= 0 else len(text)].strip().rstrip("。：:")
    return 0 < len(line) <= HEADING_MAX and not re.search(r"[。！？!?；;，,：:]" if bare else r"[。！？!?；;]", line)


# Chinese-numeral section markers are typography, never words of a sentence:
# at a paragraph start they number a section even when it is the only one.
_SECTION_FAMILIES = {"part", "chap", "sect", "art", "topic", "sec", "cn", "pcn"} | MD_FAMILIES


def _structure_alone(text: str, d: Directive, at_start: bool) -> bool:
    """Whether a directive that is the only one of its sequence is still structure.

    A lone 首先，… or 一是… inside prose is a figure of speech; a lone
    一、 / （一） at a paragraph start, or any marker that opens a heading line
    of its own (一是加强领导 with nothing else on the line), is a section.
    """
    if not at_start:
        return False
    if d.family in _SECTION_FAMILIES:
        return True
    return _heading_line(text, d.body_start)


def parse_directives(speech: Speech) -> list[Directive]:
    """The top-level directives of ``speech``, each with its nested children."""
    text, cands = speech.text, _candidates(speech)
    limit, skip = _frame_tail(speech), set()
    for _round in range(2):  # second round: cut off a closing paragraph (同志们，… / 我就讲这些)
        for _ in range(4):  # a lone 首先 / 一是 with no second is prose, not a sequence
            roots, singles = _build(speech, cands, limit, skip)
            if not singles - skip:
                break
            skip |= singles  # dropping them can expose more; a few rounds settle real text
        cut = _closing_offset(speech, roots)
        if cut is None or cut >= limit:
            break
        limit = _rstrip(text, 0, cut)
    inline = {d.start for d in roots if d.family in _POINT_FAMILIES and not _opens_paragraph(text, d.start)}
    if inline and any(d.family in _PARAGRAPH_FAMILIES and _opens_paragraph(text, d.start) for d in roots):
        # points counted inside a paragraph of the opening (…。一是…。二是…) beside the
        # speech's own numbered sections are prose of that paragraph, not top-level points
        skip |= {i for i, c in enumerate(cands) if c.pos in inline}
        roots, _ = _build(speech, cands, limit, skip)
    listed = _contents_list(text, roots)
    if listed:  # a table of contents is the document's head, not its first sections
        skip |= {i for i, c in enumerate(cands) if c.pos in listed}
        roots, _ = _build(speech, cands, limit, skip)
    _end_last_point(text, speech.paragraph_offsets(), roots)
    return roots


# 1、日常。… 2、公号。… 3、直播。… then the letter goes on: items of a list numbered 1、 (or (1), ①),
# each one paragraph, end as points do (_end_last_point)
_ITEM_FAMILIES = {"num", "pnum", "circ"}


def _end_last_point(text: str, offsets: list[int], level: list[Directive]) -> None:
    """一是…五是, each one paragraph, then the report goes on (与会教师纷纷表示…): the last point
    is one paragraph too, as every point before it was; what follows is its parent's text."""
    for d in level:
        _end_last_point(text, offsets, d.children)
    points = [d for d in level if d.family in _POINT_FAMILIES | _ITEM_FAMILIES | _INLINE_ONLY]
    if len({d.family for d in points}) > 1 or not points or points[-1] is not level[-1]:
        return
    # (1、2、3、 then 1、2、3、4、 further on, at one level: each list ends so)
    starts = [i for i, d in enumerate(points) if i == 0 or d.number <= points[i - 1].number]
    for a, b in zip(starts, starts[1:] + [len(points)]):
        _end_run(text, offsets, points[a:b])


# …最要紧了。第一，在家…；第二，在社会…。 counted inside one paragraph of an essay: the paragraphs after
# it are not the second point's
_INLINE_ONLY = {"di"}


def _end_run(text: str, offsets: list[int], points: list[Directive]) -> None:
    """The last of one run of points ends where its own paragraph does, when the run stands inside
    one paragraph, or when each point before it is one paragraph."""
    if not points or points[-1].children:
        return
    within = {bisect.bisect_right(offsets, d.start) for d in points}
    if (len(points) >= 2 and len(within) == 1 and points[-1].family in _ITEM_FAMILIES | _INLINE_ONLY
            and not _opens_paragraph(text, points[-1].start)):
        # …：1、日常。…；2、公号。…；3、直播。…。 counted inside one paragraph: the list ends with it
        p = within.pop()
        end = _rstrip(text, points[-1].start, offsets[p] if p < len(offsets) else len(text))
        if end < points[-1].end:
            points[-1].end = points[-1].body_end = end
        return
    if len(points) < 3 or points[-1].family in _INLINE_ONLY:  # (第一，…第二，… opening paragraphs go on as sections do)
        return
    paragraph_end = [offsets[d.paragraph] if d.paragraph < len(offsets) else len(text) for d in points]
    if all(_rstrip(text, d.start, d.end) <= end for d, end in zip(points[:-1], paragraph_end)):
        last, end = points[-1], _rstrip(text, points[-1].start, paragraph_end[-1])
        # (an item is a sentence of its own: ⑤专业和大学环境分析 over its text is a heading, 5.胜任能力: a label)
        sentence = last.family in _POINT_FAMILIES or _SENTENCE_END.search(text[end - 1:end + 1] if end else "")
        if end < last.end and _opens_paragraph(text, last.start) and sentence:
            last.end = last.body_end = end


def _contents_list(text: str, roots: list[Directive]) -> set[int]:
    """Starts of top-level headings that only list the sections written out after
    them (§1 … §4 on a line each, then §1 again with its text): a contents list."""
    def only_heading(d) -> bool:  # its own line and nothing more; its sub-headings (1 总则 / 1.1 …) the same
        own = text[d.body_start:d.children[0].start if d.children else d.end].strip()
        if not d.children:
            own = own.split("\n")[0].strip()
        return own.rstrip("。") == d.heading and all(only_heading(c) for c in d.children)

    bare = [only_heading(d) for d in roots]
    for i in range(len(roots)):
        run = 0
        while i + run < len(roots) and bare[i + run]:
            run += 1
        # (the sections written out may look bare too, one sentence under each heading: the
        # list is the run whose headings come again right after it)
        for k in range(run, 1, -1):
            later = roots[i + k:i + 2 * k]
            if len(later) == k and [d.heading for d in later] == [d.heading for d in roots[i:i + k]]:
                return {d.start for _, d in walk(roots[i:i + k])}
    return set()


def _frame_tail(speech: Speech) -> int:
    """Where the frame paragraphs that end a speech begin (发：… / signature / 印发),
    so that no directive runs on into them; the text's end when there are none."""
    frame, n = set(speech.frame), len(speech.paragraphs)
    first = n + 1
    while first - 1 >= 1 and first - 1 in frame:
        first -= 1
    if first > n or first == 1:
        return len(speech.text)
    return _rstrip(speech.text, 0, speech.paragraph_offsets()[first - 1])


def _closing_offset(speech: Speech, roots: list[Directive]) -> int | None:
    """Start of a closing paragraph after the last directive, if there is one."""
    if not roots:
        return None
    last = roots[-1]
    while last.children:
        last = last.children[-1]
    for idx, (off, para) in enumerate(zip(speech.paragraph_offsets(), speech.paragraphs), 1):
        if idx > last.paragraph and _CLOSING.match(para.strip()):
            return off
    return None


# -- passages ----------------------------------------------------------------

def speech_passages(speech: Speech, max_chars: int = MAX_CHARS, min_chars: int = MIN_CHARS) -> list[Passage]:
    """Passages for indexing: each directive's own text, plus text outside any."""
    text, offsets = speech.text, speech.paragraph_offsets()
    out: list[Passage] = []

    roots = parse_directives(speech)
    frame = set(speech.frame) | _contents_lines(speech, roots)

    def emit(a: int, b: int, path: list[str], label: str) -> None:
        for ra, rb, role in _role_runs(offsets, frame, len(text), a, b):  # frame and content never share one
            for s, e in _pieces(text, ra, rb, max_chars, min_chars):
                if is_greeting(text[s:e]):
                    continue  # 同志们： alone says nothing to find
                para = bisect.bisect_right(offsets, s)
                out.append(Passage(text=text[s:e], file=speech.file, speech=speech.ordinal, title=speech.title,
                                   path=list(path), label=label, paragraph=para, start=s, end=e, role=role,
                                   speaker=speech.speaker, date=speech.date,
                                   page=speech.pages[para - 1] if speech.pages else None,
                                   ocr=speech.ocr[para - 1] if speech.ocr else None))

    def walk(children: list[Directive], a: int, b: int, path: list[str], label: str,
             owner: Directive | None, lead: int | None) -> None:
        # [a, first child) is the owner's own text; then any gaps between and after children.
        # ``lead``: where a heading-only parent line starts, so that it opens this passage.
        cursor = a if lead is None else lead
        carried = None  # 遗留问题： ending the point before: the label of the list this point opens
        for i, child in enumerate(children):
            if i == 0 and owner is not None and _heading_only(text, owner):
                child_lead = cursor  # the heading line joins its first point's passage
            elif carried is not None and not text[cursor:child.start].strip():
                child_lead = carried
            else:  # (text between the two points: the label carried stays with it)
                cut = _label_line_at(text, cursor, child.start)  # 结论： over the first point, likewise
                emit(cursor if carried is None else carried, cut, path, label)
                child_lead = cut if cut < child.start else None
            # (a point with points of its own keeps its span: the label stands in its last point's)
            end = child.end if child.children or i + 1 == len(children) else _label_line_at(text, child.start, child.end)
            walk(child.children, child.start, end, path + [child.title], child.label, child, child_lead)
            carried = end if end < child.end else None
            cursor = child.end
        emit(cursor, b, path, label)  # all of it when there are no children

    walk(roots, 0, len(text), [], "", None, None)
    return sorted(out, key=lambda p: p.start)


CONTENTS_RUN = 3  # lines in a row that repeat the document's own headings: a contents list or a sidebar


def _contents_lines(speech: Speech, roots: list[Directive]) -> set[int]:
    """Paragraphs (1-based) that only repeat headings the document has elsewhere, three or more in
    a row, not those headings themselves: a saved page's table of contents or navigation
    (如何联系我们？ / 如何了解纳税人的权利？ / …), its frame, never content that answers."""
    def key(line: str) -> str:
        return re.sub(r"[\W_]+", "", without_heading_marks(line)).lower()

    heads, starts, stack = set(), set(), list(roots)
    while stack:
        d = stack.pop()
        heads.update(k for k in (key(d.heading), key(d.title)) if len(k) >= 2)
        starts.add(d.paragraph)
        stack.extend(d.children)
    found, run = set(), []
    for n, para in enumerate(speech.paragraphs + [""], 1):
        if n not in starts and key(para) in heads:
            run.append(n)
            continue
        if len(run) >= CONTENTS_RUN:
            found.update(run)
        run = []
    return found


def _role_runs(offsets: list[int], frame: set[int], size: int, a: int, b: int) -> list[tuple[int, int, str]]:
    """text[a:b] cut where its paragraphs change between frame and content."""
    if not frame:
        return [(a, b, "content")]
    runs: list[list] = []
    for n, start in enumerate(offsets, 1):
        end = offsets[n] if n < len(offsets) else size
        lo, hi = max(a, start), min(b, end)
        if lo >= hi:
            continue
        role = "frame" if n in frame else "content"
        if runs and runs[-1][2] == role:
            runs[-1][1] = hi
        else:
            runs.append([lo, hi, role])
    return [tuple(r) for r in runs]


# 结论： / 遗留问题： / 主要内容： on a line of its own: a label of the list below it, not of the text above
_LABEL_LINE = re.compile(r"\n[ \t\u3000]*[\u4e00-\u9fff]{2,6}[：:][ \t\u3000]*\n?$")


def _label_line_at(text: str, a: int, b: int) -> int:
    """Where a bare label line ending text[a:b] starts (after its newline); ``b`` when there is none."""
    m = _LABEL_LINE.search(text, a, b)
    return m.start() + 1 if m and m.start() + 1 > a else b


def _heading_only(text: str, d: Directive) -> bool:
    """A heading line whose points carry all the text: it opens the first point's passage."""
    own = text[d.body_start:d.body_end].strip().rstrip("。：:；;，,")
    return len(own) <= len(d.heading) + 1


# Q：…重复？ then A：二者…: a question line and the answer after it are one passage (the answer is
# what a question like it is looking for); an FAQ numbers its pairs (Q2：…？ / A2：…)
_QUESTION_LINE = re.compile(r"\s*(?:Q|问)\s*\d{0,2}\s*[：:][^\n]*[？?！!]\s*")  # (Q5：太吵了！！！ asks too)
_ANSWER_LINE = re.compile(r"\s*(?:A|答)\s*\d{0,2}\s*[：:]")


def ends_with_question_line(text: str) -> bool:
    """The text's last line is a Q&A's question (Q：…？ / 问：…？)."""
    return _QUESTION_LINE.fullmatch(text.rstrip().rsplit("\n", 1)[-1]) is not None


def _pieces(text: str, a: int, b: int, max_chars: int, min_chars: int) -> list[tuple[int, int]]:
    """Split text[a:b] at paragraph and sentence ends; merge tiny pieces."""
    pieces: list[list[int]] = []
    for m in re.finditer(r"[^\n]+", text[a:b]):
        pa, pb = a + m.start(), a + m.end()
        for us, ue in _units(text, pa, pb, max_chars):
            if pieces and pieces[-1][0] >= pa and ue - pieces[-1][0] <= max_chars:
                pieces[-1][1] = ue  # same paragraph, still fits
            else:
                pieces.append([us, ue])
    merged: list[list[int]] = []
    for p in pieces:
        if merged and (p[1] - p[0] < min_chars or merged[-1][1] - merged[-1][0] < min_chars
                       or ends_with_question_line(text[merged[-1][0]:merged[-1][1]])
                       and _ANSWER_LINE.match(text, p[0])):
            merged[-1][1] = p[1]
        else:
            merged.append(p)
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in merged) if e > s]


def _units(text: str, a: int, b: int, max_chars: int) -> list[tuple[int, int]]:
    """Sentences of text[a:b]; an over-long one is cut at commas, then hard."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, a, b)]
    bounds = [a] + [e for e in ends if e < b] + [b]
    out = []
    for s, e in zip(bounds, bounds[1:]):
        while e - s > max_chars:
            commas = [s + m.end() for m in re.finditer(r"[，,]", text[s:s + max_chars])]
            cut = commas[-1] if commas else s + max_chars
            out.append((s, cut))
            s = cut
        out.append((s, e))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    return s, _rstrip(text, s, e)


def marker_length(line: str) -> int:
    """How many characters of ``line`` its opening directive marker takes
    (一、 / （二） / 第三， / 四是 / 首先，…), 0 when it opens with none."""
    cand = _marker_at(line, 0, True)
    return cand.body if cand is not None else 0
