"""Compilations and annexes inside one file.

A notice that forwards the extracts of two speeches puts each under an
un-numbered sub-title (马卫光同志的讲话摘要 / 在全市教育大会上的讲话); a plan is
followed by annexes (附件1：… / 附件 + a title line / a heading over
——《…实施方案》), each restarting its numbering at 一、. Each such line starts a
part of its own, with its own directive tree, so that a restarted 一、 is never
nested under the previous part.

The lines before the first speech sub-title are the document's frame (the
forwarding line, masthead, editor's note): they open the first speech's part.
The lines before the first annex are the main document: a part of its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.ingest.directives import is_contents_line, is_greeting, starts_with_marker
from qa.ingest.docmeta import OFFICES, PERSON_TITLE, is_speaker_line
from qa.ingest.layout import ISSUE_NUMBER_LINE, KIND_TITLE, PROSE_END, is_front_matter

SPEECH_SUBTITLE = re.compile(
    r"^[^—－\-–《（(“\s][^。！？!?；;，,：:]{0,40}?"
    r"(同志的讲话|同志在[^。！？!?]{2,40}?上的(讲话|致辞|发言)|的讲话|在[^。！？!?]{2,40}?上的(讲话|致辞|发言|报告))"
    r"(摘要|摘录|提纲|要点|（摘要）|\(摘要\))?$")
ANNEX = re.compile(r"^附(?:\s*[件表录]\s*([0-9０-９一二三四五六七八九十]{1,3})?|(?=\s*[：:]))\s*[：:．.、]?\s*"
                   r"(?P<title>[^。！？!?；;]{0,60})$")  # 附件1：… / 附件 / 附：活动具体方案 / 附表2 (a table attached) / 附录2：竞价指引
_DATE_AFTER = re.compile(r"(?<=[\u4e00-\u9fff])(?:19|20)\d\d年\d{1,2}月(?:\d{1,2}日)?$")
# 津工信电力〔2021〕2号附件 / 国办发〔2018〕108号附件1: the head of an annex's page
NUMBERED_ANNEX = re.compile(ISSUE_NUMBER_LINE.pattern.removesuffix("$") + r"\s*附件\s*\d{0,2}$")
_ATTACHED_FILE = re.compile(r"\.(?:docx?|wps|pdf|xlsx?|et|ofd|zip|rar|7z)\s*$", re.I)
# ——《职初教师“成长工作坊”实施方案》: the name of a sub-document under its heading line
SUBDOC = re.compile(r"^[—－\-–]{1,3}\s*(《[^《》]{2,60}》)\s*$")
_SENTENCE = re.compile(r"[。！？!?；;：:]")
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*、")
_MARKER = re.compile(r"^\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*[、．.]\s*")
PREAMBLE_LINES = 8  # a frame before the first speech is short
# a person's report (2.蒋  明（党委委员、副校长）) is a part when the file has two or more,
# each with at least this many lines: a list of people with their posts is not
MIN_PERSON_LINES = 3
PREAMBLE_CHARS = 800
SENDER_MAX = 20  # a letter's sender on the line over its title is short


@dataclass
class Part:
    lines: list[str]  # from its title line (or the document's first line) on
    kind: str = "main"  # "main", "speech" (a speech sub-title) or "annex"
    title: str = ""  # set for a speech or annex: its title as written
    skip: int = 0  # lines at the top that make up the title (sub-title, 附件1, ——《…》)
    lead: list[str] = field(default_factory=list)  # frame lines before its title (a speech's preamble)


def _speech_title(line: str) -> bool:
    return len(line) <= 48 and bool(SPEECH_SUBTITLE.match(line)) and not starts_with_marker(line)


def _start(lines: list[str], i: int) -> tuple | None:
    """(kind, title, title lines) when a part starts at line ``i``; a fourth value, -1, where its
    title starts on the line before (a title over two lines)."""
    line = lines[i]
    if is_contents_line(line):
        return None  # 附件1：…………25 lists an annex in the contents; it does not start one
    if _speech_title(line):
        return "speech", line, 1
    if NUMBERED_ANNEX.match(line) and i + 1 < len(lines) and _titled(lines[i + 1]) and not _SENTENCE.search(lines[i + 1]):
        # 津工信电力〔2021〕2号附件 / 天津市2021年春节期间电力需求响应 / 实施细则: an annex's page head, the
        # sender's number and 附件 over its title (one line or two)
        nxt = lines[i + 2] if i + 2 < len(lines) else ""
        two = bool(nxt) and len(nxt) <= 30 and not _SENTENCE.search(nxt) and not starts_with_marker(nxt) \
            and not is_contents_line(nxt) and len(lines[i + 1]) + len(nxt) <= 60
        title = _DATE_AFTER.sub("", f"{lines[i + 1]}{nxt}" if two else lines[i + 1])  # (…实施细则2021年2月)
        return "annex", f"附件 {title}", 3 if two else 2  # (named as 附件2 考核细则 is: 附件的实施细则)
    m = ANNEX.match(line)
    if m and _ATTACHED_FILE.search(m.group("title")):
        return None  # 附件1：…限额.doc: a page's link to a file attached, not the annex's text
    if m and i + 1 < len(lines):
        title = m.group("title").strip()
        if _MARKER.match(title) and _MARKER.match(lines[i + 1]):
            return None  # 附件：1. 经典诵读大赛方案 / 2. …: the list of the annexes, not one of them
        listed = i + 1  # 附件： / １．…限额 / ２．…标准 / 广州市住房和城乡建设局 / 2024年3月4日: the names listed
        while listed < len(lines) and _MARKER.match(lines[listed]) and len(lines[listed]) <= 60 \
                and not _SENTENCE.search(lines[listed]):
            listed += 1
        if any(SIGNED_DATE.match(ln) for ln in lines[listed:listed + SIGNATURE_GAP + 1]):
            return None  # 附件：…（共130项） / 国务院办公厅 / 2018年11月19日: named above the signature, not begun
        if not re.match(r"附\s*[件表录]", line) and not any(_SECTION.match(ln) for ln in lines[i + 1:i + 4]):
            return None  # 附：《…清单》 over the signature names an attachment; 附：活动具体方案 over 一、… is one
        if title:
            return "annex", line, 1
        nxt = lines[i + 1]
        if _ATTACHED_FILE.search(nxt):
            return None  # 附件： / 附件----…实施细则.wps: the page's link to the file
        if len(nxt) <= 60 and not _SENTENCE.search(nxt) and not starts_with_marker(nxt):
            return "annex", f"{line} {nxt}", 2  # 附件2 / 考核细则
        return "annex", line, 1
    if _after_signature(lines, i) and _titled(line) and not _titled(lines[i - 1]) and i + 2 < len(lines):
        # 德育处 / 2010年11月16日 / “内因+外因”激发干劲 / “肯教+会教”优化队伍 / 在现在这个时代，…:
        # a title (one line or two) after a dated signature, over prose, starts the next piece
        two = _titled(lines[i + 1]) and not _SENTENCE.search(lines[i + 1])
        body = lines[i + 2] if two else lines[i + 1]
        if len(body) > 20 and _SENTENCE.search(body) and not starts_with_marker(body):
            return "speech", f"{unspaced(line)} {unspaced(lines[i + 1])}" if two else unspaced(line), 0
        if (not two and _OPENING_HEAD.match(body) and SIGNED_DATE.match(lines[i - 1])
                and (not _issued_by_title(lines, i) or _is_frame_preamble(lines[:i]))):
            # 国家医保局 财政部 / 2022年6月30日 / …经办规程 / 第一章 总则: the rules a notice issues, after
            # its signature, under their own title (an annex not marked 附件)
            return "speech", unspaced(line), 0
    if _titled(line) and KIND_TITLE.search(line) and i + 1 < len(lines) and is_greeting(lines[i + 1]):
        # …的请愿书 / 尊敬的…部长：: a titled letter opening with its salutation starts a piece (a file may
        # hold one letter to several people, each after the last one's annex); a short line over the
        # title is its sender (东莞…出借人), the piece's frame
        before = lines[i - 1] if i >= 1 else ""
        sender = (_titled(before) and len(before) <= SENDER_MAX and not KIND_TITLE.search(before)
                  and not before.startswith(("【", "[", "附")))
        return ("speech", unspaced(line), 0, -1) if sender else ("speech", unspaced(line), 0)
    if i + 1 < len(lines) and len(line) <= 40 and not _SENTENCE.search(line):
        m = SUBDOC.match(lines[i + 1])
        if m:
            return "annex", f"{_MARKER.sub('', line)}——{m.group(1)}", 2
        if _titled(line) and (BYLINE_LINE.match(lines[i + 1])
                              or _REPORT_KIND.search(line) and _OFFICE_LINE.search(lines[i + 1])
                              and is_speaker_line(lines[i + 1])):
            # 13年潜行于“黑暗”，只为守护一片光明 / ——詹文锴同志主要事迹: a piece of its own, under its
            # title (two lines of it where the title runs over two: 弘扬“四气”提振精神 / 只争朝夕 狠抓落实)
            # (the title lines stay in its text, as its frame: 题目叫什么 is answered from them)
            if i >= 1 and _titled(lines[i - 1]) and not _SENTENCE.search(lines[i - 1]):
                return "speech", f"{unspaced(lines[i - 1])} {unspaced(line)}", 0, -1
            return "speech", unspaced(line), 0
    return None


def _issued_by_title(lines: list[str], i: int) -> bool:
    """The title at line ``i`` is what the document's own title says it issues (关于印发广州市临时
    救助实施细则的通知 over 广州市临时救助实施细则): the notice only wraps it, and the two are one
    (a short notice, a few lines, is the issued document's frame: split_parts)."""
    title = re.sub(r"[《》\s]", "", lines[i])
    return any("印发" in ln and title in re.sub(r"[《》\s]", "", ln) for ln in lines[:min(i, PREAMBLE_LINES)])


# 第一章 总则 / 第一条 … / 一、总体要求: the first heading of a piece's own numbering
_OPENING_HEAD = re.compile(r"^\s*(?:第[一1]\s*[章条节部]|[一1]\s*[、．.])")
# the date under a document's signature (2010年11月16日 / 二〇一九年三月五日), on its own line
SIGNED_DATE = re.compile(r"^\s*(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
                         r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$")
SIGNATURE_GAP = 2  # short lines (a postscript) that may stand between the date and the next title
MIN_SIGNED_BODY = 5  # lines of a document before its signature: a date near the top is its head


def _after_signature(lines: list[str], i: int) -> bool:
    """Line ``i`` follows a dated signature that ends the document before it."""
    for j in range(i - 1, max(i - 2 - SIGNATURE_GAP, -1), -1):
        if SIGNED_DATE.match(lines[j]):
            # (a cover sheet's fields over its date, 任课教师：… / 学号：…, sign no document: one has prose)
            return j >= MIN_SIGNED_BODY and any(PROSE_END.search(ln) or len(ln) > 60 for ln in lines[:j])
        if len(lines[j]) > 60:
            return False
    return False


# 2025年度述职述廉述德述法报告 / 绍兴市第一中学副校长杨佩琼: a report's title over its speaker's
# office and name, once for each person whose report the file collects
_REPORT_KIND = re.compile(r"(?:报告|讲话|发言|致辞|总结|汇报|述职)$")
_OFFICE_LINE = re.compile(OFFICES)
# ——在市政府八届五次全体会议上的讲话 / ——詹文锴同志主要事迹: the byline under a piece's title
BYLINE_LINE = re.compile(r"^[—－\-–]{2}\s*[^—《]{2,40}$")


def _titled(line: str) -> bool:
    """Short, not a sentence, not a numbered point, not a byline: a line a title can be."""
    return (0 < len(line) <= 40 and not re.search(r"[。！？!?；;：:]", line) and not starts_with_marker(line)
            and not BYLINE_LINE.match(line) and not is_front_matter(line))


_LETTER_SPACED = re.compile(r"(?:[\u4e00-\u9fff] ){3,}[\u4e00-\u9fff]")  # 国 家 粮 食: one character a word


def unspaced(line: str) -> str:
    """A title set letter-spaced (弘 扬“四气” 提 振 精 神) as its words: single spaces between
    characters go, a wider gap stays as one space."""
    if not _LETTER_SPACED.search(line):
        return line.strip()  # 创新管理共同发展  创优成绩全面提高 / 不忘初心担使命 传承博雅谱新篇: as written
    line = re.sub(r"(?<=[\u4e00-\u9fff”’]) (?=[\u4e00-\u9fff“‘])", "", line)
    return re.sub(r"\s{2,}", " ", line).strip()


def _person_reports(lines: list[str]) -> dict[int, tuple[str, str, int]]:
    """Lines that open one person's report, when several people's stand in one file (述职报告)."""
    at = [i for i, line in enumerate(lines) if len(line) <= 48 and PERSON_TITLE.match(line)]
    ends = at[1:] + [len(lines)]
    if len(at) < 2 or any(end - i <= MIN_PERSON_LINES for i, end in zip(at, ends)):
        return {}
    return {i: ("speech", lines[i], 1) for i in at}


# 2022-06-22 / 2022年3月2日 over 会议链接： / 轮值主持： / 与会人：: the record of one meeting, in a
# file that keeps the records of many (a committee's minutes, meeting after meeting)
_RECORD_DATE = re.compile(r"^(?:(?:19|20)\d\d\s*[-./／]\s*\d{1,2}\s*[-./／]\s*\d{1,2}"
                          r"|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
                          r"\s*(?:[\u4e00-\u9fff]{0,8}(?:会议|例会|纪要|记录))?$")
_RECORD_FIELD = re.compile(r"^(?:会议链接|会议时间|会议地点|时间|地点|(?:轮值|下次(?:会议)?)?主持人?|与会人员?|参会人员?|"
                           r"出席人员?|列席人员?|记录人?|议题(?:列表)?)\s*[:：]")
RECORD_LOOKAHEAD = 3  # lines under the date where its first field stands (an underline ===== may come first)


def is_record_title(title: str) -> bool:
    """The title of one meeting's record (its day) in a file of many."""
    return bool(_RECORD_DATE.match(title))


def _dated_records(lines: list[str]) -> dict[int, tuple[str, str, int]]:
    """Lines that open one meeting's record, each a part titled by its date, when a file keeps two or more."""
    at = [i for i, line in enumerate(lines) if _RECORD_DATE.match(line)
          and any(_RECORD_FIELD.match(ln) for ln in lines[i + 1:i + 1 + RECORD_LOOKAHEAD])]
    if len(at) < 2:
        return {}
    return {i: ("speech", lines[i], 1) for i in at}


def split_parts(lines: list[str]) -> list[Part]:
    """The parts of one document's lines (credits already removed); one part
    when the document has no speech sub-titles and no annexes."""
    starts = []
    people = _person_reports(lines) or _dated_records(lines)
    for i in range(0 if 0 in people else 1, len(lines)):
        found = people.get(i) or _start(lines, i)
        if not found:
            continue
        kind, title, skip, *back = found  # back: a title that starts on the line before (two title lines)
        at = i + (back[0] if back else 0)
        if not starts or at >= starts[-1][0] + max(starts[-1][3], 1):
            starts.append((at, kind, title, skip))
    # a part needs a body: the last start must leave lines under it
    starts = [s for s in starts if s[0] + s[3] < len(lines)]
    while (starts and starts[0][1] == "speech" and starts[0][0] not in people
           and not any(_SENTENCE.search(l) for l in lines[:starts[0][0]])):
        starts.pop(0)  # 标题 / 在…上的讲话: a sub-title under the document's own title
    if not starts:
        return [Part(lines)]
    first = starts[0]
    preamble = lines[:first[0]]
    parts: list[Part] = []
    lead: list[str] = []
    if first[1] == "speech" and _is_frame_preamble(preamble):
        lead = preamble
    elif preamble:
        parts.append(Part(preamble))
    bounds = [s[0] for s in starts] + [len(lines)]
    for (start, kind, title, skip), stop in zip(starts, bounds[1:]):
        parts.append(Part(lines[start:stop], kind=kind, title=title, skip=skip, lead=lead))
        lead = []
    return parts


def _is_frame_preamble(lines: list[str]) -> bool:
    """Lines before a first speech sub-title that only frame it: short, few,
    and with a sentence among them (a lone title line is the document's
    title, not a frame)."""
    return (0 < len(lines) <= PREAMBLE_LINES and sum(map(len, lines)) <= PREAMBLE_CHARS
            and any(_SENTENCE.search(l) for l in lines))
