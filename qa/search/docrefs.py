"""Documents named the way people name them.

From each speech of a build keep what people call it by: the words of its
title, its type (报告/通知/通报/方案/意见/讲话/提纲/心得…), its speaker and
office (局长, 书记, 市长, 校长…), its meeting and its year. Speech metadata
set by the ingest side (``speaker``, ``date``, ``doc_type``, ``meeting``) is
used when present; otherwise all of it is read from the title and the first
lines of the text (byline, date line, forwarding line) and the file name.

A question that names a document by any of these ("市长那篇讲话讲了几点",
"乡村振兴意见的第二部分", "2010年那篇局长讲话"), or says 这份/这篇 while a
document is in focus (the filter, or the previous turn), is scoped to it
with a notice naming it; a name that fits several lists them.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field, is_dataclass, replace
from pathlib import PurePosixPath

import jieba

from qa.indexing.tokenizer import TOKENIZER, general_frequency
from qa.ingest.directives import starts_with_marker
from qa.ingest.docmeta import name_like
from qa.ingest.parts import is_record_title
from qa.search.answer_types import match_text
from qa.search.query import PART_REF, core_of
from qa.simplified import to_simplified

# type words, longest first (工作报告 before 报告)
TYPES = ["工作报告", "情况报告", "报告", "通知", "通报", "实施方案", "行动方案", "方案", "意见", "讲话提纲", "讲话",
         "提纲", "心得体会", "心得", "体会", "读后感", "总结", "决定", "办法", "规划", "纲要", "发言", "致辞",
         "行动计划", "计划", "工作思路", "细则", "条例", "章程", "宪章", "纪要", "演讲", "演辞", "讲辞", "演说", "报道",
         "公告", "会议记录",
         # letters and handbooks people keep too: 全员邮件, 致股东的公开信, 员工手册, 办事指南
         "全员邮件", "公开信", "倡议书", "感谢信", "慰问信", "手册", "指南",
         # the explanation sent out with a draft standard or rule
         "编制说明", "起草说明",
         # a press conference's transcript, named by the event (这场发布会)
         "问答实录", "答记者问", "发布会"]
_TYPE_ALIASES = {"工作报告": ["报告"], "情况报告": ["报告"], "实施方案": ["方案"], "行动方案": ["方案"],
                 "行动计划": ["计划"], "工作思路": ["思路"],
                 "讲话提纲": ["讲话", "提纲"], "心得体会": ["心得", "体会"], "读后感": ["心得", "体会"],
                 "发言": ["讲话"], "致辞": ["讲话"], "纪要": ["例会"],  # (这次例会: the minutes of one)
                 "会议记录": ["纪要", "记录"],
                 "演讲": ["讲话"], "演辞": ["讲话", "演讲"], "讲辞": ["讲话"], "演说": ["讲话", "演讲"],
                 "报道": ["新闻", "稿子"], "问答实录": ["发布会", "实录"], "答记者问": ["发布会"]}
OFFICES = ["总书记", "总理", "书记", "市长", "省长", "县长", "区长", "局长", "厅长", "部长", "校长", "院长", "主任",
           "组长", "处长", "主席",
           # (an association's, a company's: 常务副秘书长宋金芸 / 董事长 / 总经理)
           "秘书长", "理事长", "会长", "董事长", "总经理", "总裁"]
_OFFICE = "|".join(OFFICES)
_NAME = r"[\u4e00-\u9fff](?:[ \u2002\u3000]?[\u4e00-\u9fff]){1,2}"
_SPEAKER_PATTERNS = [
    re.compile(rf"({_NAME})(?:{_OFFICE}|同志)"),
    re.compile(rf"(?:{_OFFICE})[ \u2002\u3000]*({_NAME})$"),
]
_NAME_LINE = re.compile(r"^[\u4e00-\u9fff](?:[ \u2002\u3000]?[\u4e00-\u9fff]){1,2}$")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# a document's own year; a plan's span (2010-2020年) is named by the year it starts
_DOC_YEAR = re.compile(r"((?:19|20)\d\d)\s*(?:年\s*)?[-－—~～至到]\s*(?:19|20)\d\d\s*年|((?:19|20)\d\d)\s*年")
_MEETING = re.compile(r"在(.{2,30}?(?:会议|大会|典礼|座谈会|动员会|报告会|会))(?:上|开幕)")
# Words that point at a document already in view.
# (这封 a letter, 这本 a handbook, 这场 a press conference: the measure word of the kind)
# (这个办法 / 这个方案: 这个 with a kind of document points at one as 这份 does)
FOCUS = re.compile(r"这份|这篇|这封|这本|这场|那场|这个文件|这个(?:" + "|".join(TYPES) + r")|该文|本文|那份|那篇|那封|那本|上面那|刚才那|文中|文件里")
# Words people use to say "a document" without naming one.
DOCUMENT_WORDS = re.compile(r"(?:这|那|该|本)[份篇个封本]?|文件|材料|文章|原文|稿子|里面|里|中")
_NOT_NAME = set("近平 习近平 我们 大家 全体 各位 同志 今天 现在 会议 全市 全校 全省 代表 领导 工作 教育 党委 学校 政府 国务院 "
                "简体 繁体 无障碍 首页 "  # (a site's menu: 简体 | 繁体 | 无障碍)
                "总则 前言 引言 附件 目录 说明 摘要 正文".split())
# a body, not a person: 校党委书记 names no one
_BODY_END = re.compile(r"(?:党委|党组|委|办|室|局|部|处|厅|院|组|会|副|总|表)$")
_SELF_KIND = re.compile(r"本(办法|细则|条例|章程|宪章|规划|纲要|方案|意见|通知|公告|决定)(?:所称|自|由|适用|的|规定|未尽|中|以)")
# …（以下统称为“字节跳动”或“公司”）/（以下简称“开源中国”）: the short names a document gives its party
_ALIASES = re.compile(r"[（(](?:以下|下文)?(?:简称|统称|合称)为?[：:]?\s*((?:[“\x22「『][^”\x22」』（）()]{2,16}[”\x22」』]"
                      r"(?:\s*(?:或者|或|、|和|及)\s*)?)+)[）)]")
_ALIAS = re.compile(r"[“\x22「『]([^”\x22」』]{2,16})[”\x22」』]")
# … but not a role (甲方), the document itself (本办法) or a common word (公司, 协会, 学校)
_NOT_ALIAS = re.compile(r"^(?:[甲乙丙丁]方|本|该|我|你|他|其)")
ALIAS_MAX_FREQ = 1000
ALIAS_SCORE = 3.0
_SAID_TO_BE = re.compile(r"本文(?:是|为|系)[^。！？]{0,60}?(" + "|".join(TYPES) + ")")
SELF_KIND_CHARS = 5000  # …read in the document's start (its own articles, before any annex)
UNTITLED_CJK = 3  # Chinese characters at most in a title that names no subject
# 老师同学们大家好，我是来自药学152班的肖力铭: a talk that opens by greeting its audience and naming its speaker
_GREETED = re.compile(r"^[^。！？]{0,20}(?:大家好|们好|各位好)")
_SELF_INTRO = re.compile(r"我(?:是|叫)(?:来自)?(?:(?P<unit>[^，。！？、\s]{2,20}?)的)?(?P<name>[\u4e00-\u9fff]{2,3})(?=[，,。！!；;]|$)")
_DESCRIBE_LINES = 6  # first paragraphs read for the byline, date and forwarding line
CUE_REPEATS = 3  # times a short line stands in a document to be a cue, not a byline
# 采写：南都见习记者 林子沛 / 本报记者 张三 李四: a reporter's credit, above or below, says it is a report
_REPORTER = re.compile(r"^[^。！？，,]{0,12}记者[\s\u3000]*[\u4e00-\u9fff]{2,4}(?:[\s\u3000、]+[\u4e00-\u9fff]{2,4}){0,3}$")
_STOP = set("的 在 上 和 与 及 关于 工作 大会 全市 全国 情况 现在 提出 请予 审议 本次 代表".split())
# numbering in a title (第二次会议) is not how a question names it: 第二 there means a part
_NUMBERING = re.compile(r"^(?:第[一二三四五六七八九十\d]+|[一二三四五六七八九十]+[次届]?)$")
_PART_WORDS = re.compile(r"第[一二两三四五六七八九十\d]+(?:部分|点|条|项|个方面|方面|个问题|段|篇)|最后一?[部点条项]|"
                         r"[一二两三四五六七八九十几\d]+[点条项]意见")  # 讲了四点意见: points, not a 《…意见》

# 2019年度述职报告 / 2024年政府工作报告 / 2012年全市教育工作会议: the year is the document's own
_NAMING_YEAR = re.compile(r"((?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月)?)(?:度)?的?[^，。？！、\d]{0,16}?"
                          r"(?:报告|通知|通报|方案|意见|讲话|提纲|会议|大会|总结|规划)")
# 2020年度…分析会 held in January 2021: the year a report or meeting is about, as its head writes it
_SUBJECT_YEAR = re.compile(r"((?:19|20)\d\d)\s*(?:年度|学年|届)")
OUTSIDE_KIND = 0.5  # the weight of a kind named only in a document's head lines, outside 《》 (describe)
MIN_SCORE = 2.0  # evidence needed to scope a question to one document
SECOND_KIND = 0.5  # … from each further kind of document a question names that the document is too
MARGIN = 1.0  # … and its lead over the next
TYPE_PAIR_BONUS = 0.5  # two kinds side by side as the title writes them (规划纲要, 讲话提纲)
_SPEAKING = r"(?:在讲话中|在会上|的讲话|讲话|那篇|说|讲|谈|提到|提出|强调|要求|指出|认为)"
SHORT_NAMING = 2  # common title words covering no more than this many characters in a row name a document weakly
COMMON_SHARE = 0.05  # … common: held by more than this share of all passages
STRUCTURAL_MIN_SCORE = 1.5  # for a structure question, which needs a document


@dataclass
class DocInfo:
    file: str
    speech: int
    title: str
    name: str  # how a notice names it (in the simplified characters questions are matched in)
    types: dict[str, float] = field(default_factory=dict)  # type word -> weight (title 1.0, lines 0.7)
    speakers: list[str] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)  # other people its first lines name
    offices: set[str] = field(default_factory=set)
    year: int | None = None
    covered: set[int] = field(default_factory=set)  # years its title or head names as its subject (2020年度…分析会)
    meeting: str = ""
    words: set[str] = field(default_factory=set)  # title and meeting words
    institutions: set[str] = field(default_factory=set)  # full names in the title: 哈尔滨工程大学
    aliases: set[str] = field(default_factory=set)  # short names it gives its party: （以下简称“星河科技”）
    number: str = ""  # its issue number (国办发〔2018〕108号), in the matching form of doc_number
    day: str = ""  # the day it states as its own (2022-06-22), where it states a whole one
    written: str = ""  # its name as the document writes it, where that is in traditional characters
    head: str = ""  # its short first lines (a byline, who compiled it), as questions are matched

    @property
    def shown(self) -> str:
        """Its name in a reply, as the document writes it."""
        return self.written or self.name

    @property
    def quoted(self) -> str:
        """How a notice names it: 《its name》, or a file with no title by the file's name, and the
        speaker of a talk that introduced itself (pharmacy-talk.txt（肖力铭的讲话）)."""
        if _has_han(self.shown):
            return f"《{self.shown}》"
        talk = self.speakers and any(t in self.types for t in ("讲话", "演讲", "发言"))
        return f"文件 {self.shown}（{self.speakers[0]}的讲话）" if talk else f"文件 {self.shown}"

    @property
    def issuer(self) -> str:
        """The issuing body as its issue number abbreviates it: 厦大教 of 厦大教〔2019〕83号."""
        m = re.match(r"[\u4e00-\u9fff]{3,}", self.number)
        return m.group() if m else ""

    def is_of(self, year: int, question: str) -> bool:
        """Of that year: issued in it or about it. 2012年度…通知 asks what a document is about: one
        whose head names its subject year (2011年度…通知, issued in 2012) is of that year only."""
        if self.covered and re.search(rf"{year}\s*年度", question):
            return year in self.covered
        return year == self.year or year in self.covered


@dataclass
class Reference:
    """What the question's naming of a document resolved to."""

    doc: DocInfo | None = None
    candidates: list[DocInfo] = field(default_factory=list)  # when the name fits several
    words: list[str] = field(default_factory=list)  # the words of the question that named it
    focus: bool = False  # 这份/这篇
    # 2012年全市教育工作会议上的讲话 when the one such document is of 2010: the year asked, and that document
    absent_year: int | None = None
    nearest: DocInfo | None = None
    absent_day: str = ""  # 7月6日那次例会 when no record is of that day: the day as asked
    days: list[str] = field(default_factory=list)  # … and the days the records are of

    @property
    def notice(self) -> str:
        if self.absent_day:
            return (f"材料中没有{self.absent_day}的记录，有记录的日期是：" + "、".join(self.days[:12])
                    + ("等" if len(self.days) > 12 else "") + "。")
        if self.absent_year is not None and self.nearest is not None:
            return (f"材料中没有{self.absent_year}年的这份文档，只有{self.nearest.year}年的{self.nearest.quoted}，"
                    f"请确认是否问的是这一份。")
        if self.doc is not None:
            return f"问题指向{self.doc.quoted}，按该文档回答。"
        if self.candidates:
            return ask_which([d.quoted for d in self.candidates[:MAX_CANDIDATES]])
        return ""


MAX_CANDIDATES = 5  # documents a reply asking which one is meant lists


def _copies(docs: list[DocInfo]) -> bool:
    """Two or more pieces of one file under one title: the same letter sent to several people, each
    copy a piece of its own. They are one document to the asker: the first answers."""
    return len(docs) > 1 and len({(d.file, d.title) for d in docs}) == 1


def ask_which(names: list[str]) -> str:
    return "问题所说的文档有多份：" + "、".join(names) + "，请说明是哪一份。"


def _apart(question: str, words: list[str]) -> list[str]:
    """The title words the question holds as words of its own: two that cross where they stand
    (大学 and 学生 in 大学生志愿服务) are one word of the question cut twice, and the longer (the first,
    of two as long) is kept; a word inside another (毕业 in 毕业生) names with it, as before."""
    kept: list[tuple[int, int]] = []
    out = []
    for word in sorted(words, key=lambda w: (-len(w), w)):
        spans = [(m.start(), m.start() + len(word)) for m in re.finditer(re.escape(word), question)]
        if any(any(s <= a and b <= e for s, e in kept) or not any(a < e and s < b for s, e in kept)
               for a, b in spans):
            out.append(word)
            kept += spans
    return sorted(out)


def _longest_span(question: str, words: list[str]) -> int:
    """The longest run of the question's characters that the words cover."""
    covered = [False] * len(question)
    for w in words:
        at = question.find(w)
        while at >= 0:
            covered[at:at + len(w)] = [True] * len(w)
            at = question.find(w, at + 1)
    best = run = 0
    for c in covered:
        run = run + 1 if c else 0
        best = max(best, run)
    return best


def _has_han(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def _squash(name: str) -> str:
    return re.sub(r"[ \u2002\u3000]", "", name)


# a line that names the document by its type (…实施方案 / 关于…的通知), under a forwarding notice too
_NAMED_LINE = re.compile(rf"^(?:.{{0,20}}关于.{{2,60}}的)?.{{0,40}}(?:{'|'.join(TYPES)})")
_ITSELF = re.compile(rf"[本该此](?:{'|'.join(TYPES)})")
# 会议名称：集成化电子政务平台OA产品功能规划2014: a form's field naming what the record is of
_NAME_FIELD = re.compile(r"^(?:会议|活动|项目|文件)?(?:名称|主题)\s*[：:]\s*([^；;：:\s]{2,40})")
_OWN_QUOTE = re.compile(r"(?:摘录|转发|印发|发布|公布|下发)[^《]{0,12}《([^》]{4,60})》")
_BOUNDED_NAME = re.compile(rf"(?:^|[^\u4e00-\u9fff]|(?<=[和与及、的习]))([\u4e00-\u9fff]{{2,3}}?)(?:{_OFFICE}|同志)(?:和|、|在|的|讲话|同志)")
_PREAMBLE = re.compile(r"我代表.{0,20}(?:向|作|做).{0,16}(工作报告|报告)")


def _speakers(lines: list[str], bodies: list[str] | None = None) -> list[str]:
    """Person names next to an office or 同志 (jieba's person tag), or a line that is only a name;
    a line that is only a body's name (党政办) goes to ``bodies``."""
    import jieba.posseg as pseg

    found: list[str] = []
    for text in lines:
        if _NAME_LINE.match(text):
            name = _squash(text)
            if _plausible_name(name) and name not in found:
                found.append(name)
            elif bodies is not None and _BODY_END.search(name) and name not in _NOT_NAME:
                bodies.append(name)
            continue
        words = [(w, f) for w, f in pseg.cut(text) if w.strip()]
        for i, (w, flag) in enumerate(words):
            if flag != "nr" or len(w) < 2 or w in found:
                continue
            after = words[i + 1][0] if i + 1 < len(words) else ""
            before = words[i - 1][0] if i else ""
            # (党委书记庄天慧 / 校长曹雪涛: the office as jieba cuts it may carry its body before it)
            if ((after in OFFICES or after == "同志" or before.endswith(tuple(OFFICES))) and after != "总书记"
                    and not before.endswith("总书记") and _plausible_name(w)):
                found.append(w)
        for m in _BOUNDED_NAME.finditer(text):
            if m.group(1) not in found and _plausible_name(m.group(1)):
                found.append(m.group(1))
    return found


def _plausible_name(name: str) -> bool:
    """Not a body (校党委, 党政办), not the start of an office (党委副书记, 习总书记), not a word the
    dictionary knows as something else (qa.ingest.docmeta.name_like)."""
    return name not in _NOT_NAME and not _BODY_END.search(name) and len(name) >= 2 and name_like(name)


def _own_kind(title: str) -> str:
    """The part of a title that says what kind of document it is: 关于《…规划的建议》的说明 is no
    规划; a notice that issues or forwards one (关于印发《…意见》的通知) is called by the quoted kind too."""
    bare = re.sub(r"《[^》]*》", "", title)
    return title if re.search(r"通知|通报", bare) or not bare.strip() else bare


OTHER_KIND = 2.0  # a document whose title or own words give its kind, named as another kind
NUMBER_SCORE = 5.0  # an issue number the question writes outweighs any other naming
DAY_SCORE = NUMBER_SCORE  # a day with the meeting it was of (4月27日那次例会) names that day's record alone
# 2022年4月27日那次例会 / 4月27日的会上 / 2022-04-27会议纪要: a day, and the meeting or record it is the day of
_NAMED_DAY = re.compile(r"(?:((?:19|20)\d\d)\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
                        r"|((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})")
_DAY_OF = re.compile(r"\s*(?:那次|这次|那天|当天|召开|举行|开)?的?\s*[A-Za-z]{0,12}\s*"
                     r"[\u4e00-\u9fff]{0,6}?(?:例会|会议|大会|会上|纪要|记录|讲话|发言)")


@functools.lru_cache(maxsize=256)
def named_days(question: str) -> tuple[tuple[str, tuple[int | None, int, int]], ...]:
    """The days the question names a meeting or its record by: (as written, (year or None, month, day))."""
    out = []
    for m in _NAMED_DAY.finditer(question):
        if not _DAY_OF.match(question, m.end()):
            continue
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5), m.group(6))
        if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            out.append((m.group(0), (int(y) if y else None, int(mo), int(d))))
    return tuple(out)


# 国办发〔2018〕108号 / 绍市教〔2021〕5号: an issue number names one document; brackets vary
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔［\[【(（]\s*((?:19|20)\d\d)\s*[〕］\]】)）]\s*第?\s*(\d{1,4})\s*号")


OWN_NUMBER_LINE = 40  # characters: a head line, not a sentence


# 发 文 字 号 ：/ 津工信电力〔2021〕3号: a page's field naming the document's own number, its value on the
# line or the next
_NUMBER_FIELD = re.compile(r"^(?:发\s*文\s*字\s*号|文\s*号)\s*[：:]\s*")
FIELD_LINES = 40


def _number_fields(lines: list[str]) -> list[str]:
    return [(ln + " " + (lines[i + 1] if i + 1 < len(lines) else ""))[:OWN_NUMBER_LINE * 2]
            for i, ln in enumerate(lines) if _NUMBER_FIELD.match(ln.strip())]


@functools.lru_cache(maxsize=1024)  # asked once per document scored
def doc_number(text: str) -> str:
    """The first issue number in the text, written one way (国办发〔2018〕108号), or ""."""
    m = DOC_NUMBER.search(match_text(text))
    if not m:
        return ""
    office = re.sub(r"^.*?(?:关于|的|了|和|与)", "", m.group(0)[:m.group(0).find(m.group(1)) - 1])
    return f"{office}〔{m.group(1)}〕{m.group(2)}号"


def same_number(a: str, b: str) -> bool:
    """One issue number: the same year and number, one sender's prefix ending the other's
    (通知国办发〔2019〕3号 as a head line runs them together is 国办发〔2019〕3号)."""
    (oa, ra), (ob, rb) = a.split("〔", 1), b.split("〔", 1)
    return ra == rb and bool(oa) and bool(ob) and (oa.endswith(ob) or ob.endswith(oa))


def describe(speech) -> DocInfo:
    """What people may call one speech (metadata first, then its own lines)."""
    title = speech.title or ""
    lines = [p.strip() for p in speech.paragraphs[:_DESCRIBE_LINES] if p.strip()]
    short = [ln for ln in lines if len(ln) <= 40]
    headline = [ln for ln in lines if len(ln) <= 80]
    own = [m.group(1) for ln in lines for m in _OWN_QUOTE.finditer(ln)]
    # (第二条 本办法所称课程指… broken where a PDF broke the line is a point, not a name)
    # (联盟成员应熟悉本宪章的全部内容 speaks of the document, as 本… does: no name of it)
    named = [re.split(r"\s", ln)[0] for ln in headline if _NAMED_LINE.match(ln) and not re.search(r"[，。！!]", ln)
             and not starts_with_marker(ln) and not _ITSELF.search(ln)]
    # an annex is called by its own title line (附件1 …政策体系), never by the lines inside it
    # (the list of other documents a policy annex names)
    annex = title.startswith("附件")
    if annex:
        named = []
    titled = _has_han(title) and (any(t in title for t in TYPES) or annex)
    name = title if titled else (own[0] if own else (named[0] if named else (title if _has_han(title) else speech.file)))
    field = next((m.group(1) for ln in lines for m in [_NAME_FIELD.match(ln)] if m), "")
    if field and (not titled or title in TYPES):  # 会议记录 with 会议名称：…规划2014 in its form: …规划2014会议记录
        name = field + (title if titled else "")
    if name == speech.file and is_record_title(title):
        name = f"{speech.file} {title}"  # one meeting's record in a file of many is called by its day
    if name.startswith("—") and _has_han(title) and not own:  # a byline under a title of its own
        # (不忘初心担使命… / ——在主题教育总结大会上的讲话): the title comes first, as it is cited
        name = f"{title}——{name.lstrip('—－– ')}"
    name = re.sub(r"^《([^《》]+)》$", r"\1", name.strip())  # a title line written 《…》 is quoted once in replies
    info = DocInfo(speech.file, speech.ordinal, title, re.sub(r"\s+", " ", name)[:60])
    info.head = match_text(" ".join(short))
    # the document's own issue number heads it on a line of its own (国办发〔2019〕3号, 文号：…);
    # one a sentence cites (根据…《…》（绍市教〔2017〕33号）) is another document's
    info.number = next((n for n in map(doc_number, [title, *(ln for ln in lines if len(ln) <= OWN_NUMBER_LINE),
                                                    *_number_fields(speech.paragraphs[:FIELD_LINES])]) if n), "")
    doc_type = getattr(speech, "doc_type", "") or ""
    preamble = [m.group(1) for ln in lines for m in [_PREAMBLE.search(ln)] if m]
    outside = re.sub(r"《[^》]*》", "", "\n".join(lines))
    # 本办法所称… / 本细则自…起施行: the document says what kind it is
    itself = " ".join(m.group(1) for m in _SELF_KIND.finditer(speech.text[:SELF_KIND_CHARS]))
    # (编按：本文是…在…典礼发表的演辞全文: an editor's note says what the text is)
    itself += " " + " ".join(m.group(1) for ln in lines for m in [_SAID_TO_BE.search(ln)] if m)
    if any(_REPORTER.match(p.strip()) for p in [*lines, *speech.paragraphs[-_DESCRIBE_LINES:]]):
        itself += " 报道"
    greeted = bool(lines) and bool(_GREETED.search(lines[0]))
    intro = _SELF_INTRO.search(lines[0]) if greeted else None
    if greeted:
        itself += " 演讲 发言"  # (a talk, whichever word the asker uses)
    # (现在，我代表…向大会作报告: the document says it is a report, as its title would)
    for text, weight in [(doc_type, 1.2), (_own_kind(title), 1.0), (itself, 1.0), (" ".join(preamble), 1.0),
                         (_own_kind(name), 0.9), (" ".join(named), 0.7), (outside, OUTSIDE_KIND)]:
        for t in TYPES:
            if t in text:
                for word in [t, *_TYPE_ALIASES.get(t, [])]:
                    info.types[word] = max(info.types.get(word, 0.0), weight)
    speaker = _squash(getattr(speech, "speaker", "") or "")
    bodies: list[str] = []  # 党政办 on a line of its own: the sender, a name people use for it
    tail = [p.strip() for p in speech.paragraphs[-_DESCRIBE_LINES:] if p.strip()]
    # a short line the text repeats (翻页 between a talk's slides, 去阅读 under each link) is a cue, not a byline
    cues = {ln for ln, n in Counter(p.strip() for p in speech.paragraphs).items() if n >= CUE_REPEATS}
    others = [w for w in _speakers([title, *short, *[ln for ln in lines if "讲话" in ln or "报告" in ln]], bodies)
              if w != speaker and w not in cues]
    if intro and _plausible_name(intro.group("name")) and intro.group("name") not in others + [speaker]:
        others.append(intro.group("name"))
    _speakers([ln for ln in tail if len(ln) <= 20], bodies)
    office = getattr(speech, "office", "") or ""
    if speaker:  # the ingest side read the speaker: other names in the first lines (a forwarding line
        # naming both speakers of a compilation) are only mentioned, and the offices are the speaker's own
        info.speakers, info.mentioned = [speaker], others
        theirs = re.compile("|".join(rf"{re.escape(w)}(?:{_OFFICE})|(?:{_OFFICE}){re.escape(w)}" for w in others)) \
            if others else None
        own = [theirs.sub(" ", _squash(ln)) if theirs else ln for ln in [title, *short]]
        # … and one written right before the speaker's name in a longer first line (市委副书记、市长盛阅春1月21日…)
        beside = re.compile(rf"(?:{_OFFICE}){re.escape(speaker)}")
        said = [m.group()[:-len(speaker)] for ln in lines for m in beside.finditer(_squash(ln))]
        info.offices = {o for o in OFFICES if o in office or any(o in ln for ln in own + said)}
    else:
        # an office in the head of a notice or plan without a speaker (班主任、教研组长申报表) is its subject
        spoken = bool(others) or any(t in f"{doc_type}{title}" for t in ("讲话", "报告", "发言", "致辞", "提纲"))
        info.speakers = others
        # (总书记 in its first lines is the one quoted, 习近平总书记强调, unless the title names it)
        info.offices = {o for o in OFFICES if spoken and (o in title or o != "总书记" and any(o in ln for ln in short))
                        or any(re.search(re.escape(w) + o + "|" + o + re.escape(w), _squash(ln))
                               for w in info.speakers for ln in lines)}
    date = getattr(speech, "date", "") or ""
    info.day = date if re.fullmatch(r"\d{4}-\d\d-\d\d", date) else ""
    for text in [date, title, *short, speech.file]:
        m = _DOC_YEAR.search(match_text(text)) or (_FILE_YEAR.search(text) if text == speech.file else None)
        if m:
            info.year = int(next(g for g in m.groups() if g))
            break
    info.covered = {int(y) for text in [title, *lines] for y in _SUBJECT_YEAR.findall(match_text(text))}
    meeting = getattr(speech, "meeting", "") or ""
    if not meeting:
        m = _MEETING.search(title) or next((x for x in (_MEETING.search(ln) for ln in short) if x), None)
        meeting = m.group(1) if m else ""
    info.meeting = meeting
    skip = set(TYPES) | set(OFFICES) | _STOP
    info.words |= set(bodies)
    info.institutions = set(_INSTITUTION.findall(re.sub(r"关于|印发|转发", " ", f"{title} {name}")))
    info.aliases = {a for m in _ALIASES.finditer(speech.text[:SELF_KIND_CHARS]) for a in _ALIAS.findall(m.group(1))
                    if not _NOT_ALIAS.match(a) and general_frequency(a) < ALIAS_MAX_FREQ}
    come_from = (intro.group("unit") or "") if intro else ""  # (药学152班那位同学的演讲稿)
    for text in [title, name, meeting, *named, *[ln for ln in lines if _PREAMBLE.search(ln)], come_from]:
        info.words |= {w for w in jieba.cut_for_search(text)
                       if len(w) >= 2 and _has_han(w) and w not in skip and not _NUMBERING.match(w)}
    return info


TOPIC_WORDS = 5  # what an untitled document is called by: its most telling nouns
# … but not the words of its layout (议题1：… of minutes): 几个议题 counts them, it names nothing
_LAYOUT_WORDS = frozenset("议题 部分 章节 条款 段落 标题 附件 附表".split())
# … nor the words a question asks with (是怎么规定的 / 有什么要求): they name no document
_ASKING_WORDS = frozenset("规定 要求 内容 问题 措施 情况".split())
_TOPIC_CHARS = 2000  # … read from its opening
_TOPIC_TAGS = ("n", "nz", "nt", "j", "vn")


def _says_no_subject(title: str) -> bool:
    """A title that is only an issue number (厦大教〔2019〕83 号) or a label (大纲1): it names no subject."""
    if title.startswith(("附件", "附表")):  # an annex, named by its own title line (or by its number)
        return False
    rest = DOC_NUMBER.sub("", match_text(title))
    return len(re.findall(r"[\u4e00-\u9fff]", rest)) <= UNTITLED_CJK


def _name_untitled(docs: list[DocInfo], speeches) -> None:
    """A page saved without its title (the body starts 10月16日上午，…) is named by what it is
    about: the nouns its opening uses most that few other documents use (二十大, 师生)."""
    untitled = [i for i, d in enumerate(docs) if not _has_han(d.title) or d.title == PurePosixPath(d.file).stem
                or _says_no_subject(d.title)]
    if not untitled:
        return
    texts = [match_text(s.text[:_TOPIC_CHARS * 5]) for s in speeches]
    n = len(texts)
    used_by: dict[str, int] = {}  # word → documents whose opening holds it, counted once

    def documents(word: str) -> int:
        if word not in used_by:
            used_by[word] = sum(word in t for t in texts)
        return used_by[word]

    for i in untitled:
        opening = texts[i][:_TOPIC_CHARS]
        counts = Counter(word for word, flag in TOKENIZER.tagged(opening)
                         if len(word) >= 2 and flag.startswith(_TOPIC_TAGS) and word not in _STOP and word not in TYPES
                         and word not in _LAYOUT_WORDS and word not in _ASKING_WORDS)
        # a term the page keeps quoting (“五好学生”) is what it is about, however jieba cuts it
        counts.update(q for q in re.findall(r"“([\u4e00-\u9fff]{2,8})”", opening) if opening.count(q) >= 2)
        ranked = sorted(counts, key=lambda w: -counts[w] * math.log((n + 1) / (documents(w) + 0.5)))
        docs[i].words |= {w for w in ranked[:TOPIC_WORDS] if documents(w) <= max(1, n // 3)}


def _in_simplified(speech):
    """The speech as questions are matched to it: in simplified characters (司法機構 → 司法机构), its
    name (what replies cite) as written."""
    if not is_dataclass(speech):
        return speech
    return replace(speech, title=to_simplified(speech.title), paragraphs=[to_simplified(p) for p in speech.paragraphs],
                   **{k: to_simplified(getattr(speech, k)) for k in ("speaker", "office", "doc_type", "meeting")})


class DocumentReferences:
    """The documents of one loaded build and how questions name them (built once per build)."""

    def __init__(self, speeches, passage_share=None) -> None:
        """``passage_share``: word → share of the build's passages that hold it."""
        written = list(speeches)
        speeches = [_in_simplified(s) for s in written]
        self.docs = [describe(s) for s in speeches]
        for d, s, w in zip(self.docs, speeches, written):
            if s != w:
                d.written = describe(w).name
        _name_untitled(self.docs, speeches)
        n = len(self.docs)
        df: dict[str, int] = {}
        for d in self.docs:
            for w in d.words:
                df[w] = df.get(w, 0) + 1
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        self.office_count = Counter(o for d in self.docs for o in d.offices)
        # title words that many passages also use (领导, 工作): weak names
        self.common = {w for w in df if passage_share(w) > COMMON_SHARE} if passage_share else set()
        # (for names in letters: PFCC of paddle-pfcc-36th-meeting-minutes.md names the document)
        self.titles = "\n".join(f"{d.title or ''} {d.file}" for d in self.docs).lower()
        _gather_names(self)

    def short_name(self, word: str) -> bool:
        """``word`` says an institution of a document's title short (矿大, 哈工程), or the issuer
        its issue number abbreviates (厦大 of 厦大教〔2019〕83号): it names, it is no topic."""
        return (any(_shortens(word, name) for name in self.institutions)
                or any(_abbreviates(word, issuer) for issuer in self.issuers))

    def find(self, file: str, speech: int) -> DocInfo | None:
        return next((d for d in self.docs if d.file == file and d.speech == speech), None)

    def score(self, doc: DocInfo, question: str, qwords: set[str], year: int | None) -> tuple[float, list[str]]:
        score, used = 0.0, []
        asked = doc_number(question)
        if asked and doc.number:  # 国办发〔2018〕108号通报: its issue number names it, and none other
            if not same_number(asked, doc.number):
                return -10.0, []
            score += NUMBER_SCORE
            written = DOC_NUMBER.search(question)
            used.append(written.group(0) if written else asked)
        types = [(t, weight) for t, weight in doc.types.items() if t in question]
        if types:  # 工作报告 and 报告 are one naming, not two
            score += max(weight for _, weight in types)
            used += [t for t, _ in types]
            # …规划纲要 asked as the title ends (规划 then 纲要, side by side in both): more than one kind
            kinds = sorted({t for t, _ in types if not any(t != u and t in u for u, _ in types)},
                           key=question.find)
            if len(kinds) > 1:  # 总结讲话 of the speech at a 总结大会: each kind it has says more
                score += SECOND_KIND * (sum(doc.types[t] for t in kinds) - max(doc.types[t] for t in kinds))
            if len(kinds) > 1 and "".join(kinds) in question and "".join(kinds) in doc.name:
                score += TYPE_PAIR_BONUS
        elif any(t in question for t in TYPES):  # the question names another kind of document
            # (more so when the document says what kind it is: a 细则 is no 办法)
            score -= OTHER_KIND if max(doc.types.values(), default=0.0) >= 1.0 else 1.0
        for who in doc.speakers:
            if who in question:
                score += 3.0
                used.append(who)
            elif len(who) >= 2:  # 马书记 / 陈局长: surname and office
                m = re.search(re.escape(who[0]) + f"(?:{_OFFICE})", question)
                # the office this document gives its speaker says more than a speaker of unknown office
                if m and (any(o in m.group() for o in doc.offices) or not doc.offices):
                    score += 3.0 if doc.offices else 2.0
                    used.append(m.group())
        for alias in sorted(doc.aliases, key=len, reverse=True):  # 星河科技那本员工手册: a name, as a speaker's is
            if alias in question and not any(alias in u for u in used):
                score += ALIAS_SCORE
                used.append(alias)
        for who in doc.mentioned:  # named in a forwarding line: weak evidence
            if who in question and who not in used:
                score += 1.0
                used.append(who)
        for o in doc.offices:
            if _says_office(o, question) and not any(o in u for u in used):
                # 市长说… / 市长的讲话…: an office only this document's speaker holds, as the one speaking,
                # names it alone (党委书记主持开了几次会 speaks of someone else)
                speaking = re.search(re.escape(o) + _SPEAKING, question)
                score += MIN_SCORE if speaking and self.office_count.get(o) == 1 else 1.2
                used.append(o)
        if year is not None and doc.year is not None and not (asked and doc.number):  # (the number named it)
            if doc.is_of(year, question):
                score += 1.0
                if not _year_inside(question, year):  # (报告里2016年的工作: the year is a topic inside it)
                    used.append(f"{year}年")
            elif _NAMING_YEAR.search(question):  # a year that names the document (2019年度述职报告)
                return -10.0, []  # rules out one of another year, however well its title's words fit
            else:
                score -= 2.0
        days = named_days(question) if doc.day else ()
        day = next((written for written, (y, m, d) in days
                    if doc.day[5:] == f"{m:02d}-{d:02d}" and (y is None or doc.day[:4] == str(y))), "")
        if day:  # 2022年4月27日那次例会: the day names the record of that meeting alone
            score += DAY_SCORE
            used.append(day)
        elif days:  # … and no document of another day
            score -= DAY_SCORE
        title_hits = _apart(question, sorted(w for w in doc.words if w in question))
        title = sum(min(self.idf.get(w, 0.0), 2.0) for w in title_hits)
        if title_hits and _longest_span(question, title_hits) <= SHORT_NAMING and set(title_hits) <= self.common:
            title = min(title, 1.0)  # one two-character word (领导 in 领导小组) is a weak name
        score += title
        used += title_hits
        # 哈工程 / 川农大: the asker's short name of an institution the title names in full
        short = sorted({w for w in _short_words(question) for name in doc.institutions if _shortens(w, name)})
        short += sorted({w for w in _short_words(question) if doc.issuer and _abbreviates(w, doc.issuer)})
        short = [w for w in short if not any(w in u or u in w for u in used)][:1]
        score += SHORT_NAME_SCORE * bool(short)
        used += short
        return score, used

    def resolve(self, question: str, focus: tuple[str, int] | None = None, structural: bool = False) -> Reference:
        """The document the question names (or points at with 这份/这篇 while ``focus`` is in view).
        A structure question (第二部分讲什么) needs a document, so weaker naming is enough."""
        if not self.docs:
            return Reference()
        text = _PART_WORDS.sub(" ", match_text(question))
        if len(self.docs) == 1 and focus is None:  # the only document: 这份规划 / 规划 can only mean it
            (score, used), doc = self.score(self.docs[0], text, set(), None), self.docs[0]
            says = bool(FOCUS.search(text)) or any(t in text for t in doc.types)
            return Reference(doc, words=used, focus=True) if says and score > 0 else Reference()
        qwords = {w for w in jieba.cut_for_search(text) if len(w) >= 2}
        m = _YEAR.search(text)
        year = int(m.group(1)) if m else None
        says_focus = bool(FOCUS.search(text))
        named_by = (any(t in text for t in TYPES) or any(o in text for o in OFFICES) or says_focus
                    or bool(doc_number(text))  # 国办函〔2005〕57号印发的那个预案
                    or "附件" in text  # 考核指标附件里…: an annex is named by its title's words
                    # 《学习制度与信息》里…: a title quoted as written (a guide's title holds no kind)
                    or any(_quotes_title(quoted, d.title) for quoted in _QUOTED_NAME.findall(text) for d in self.docs)
                    # 哈尔滨信息工程学院 单招 考试总分: the full name of the body a title names
                    or any(name in text for name in self.institutions)
                    # 厦大 of 厦大教〔2019〕83号: the issuer its number abbreviates
                    or any(_abbreviates(w, issuer) for issuer in self.issuers for w in _short_words(text)))
        days = named_days(text)
        if days and self.record_days:  # a file of meeting records, and a day asked that none of them is of
            asked = {f"{m:02d}-{d:02d}" for _, (y, m, d) in days}
            if not any(day[5:] in asked for day in self.record_days):
                return Reference(absent_day=days[0][0], days=self.record_days)
            named_by = True
        scored = sorted(((self.score(d, text, qwords, year), d) for d in self.docs), key=lambda x: -x[0][0])
        (best, used), doc = scored[0]
        second = scored[1][0][0] if len(scored) > 1 else 0.0
        if ANNEX_COUNT.search(text) or LONE_ANNEX.search(text):  # 这个办法有几个附录 / 的附录讲什么: its
            # annex is a part of it, no rival name
            second = next((s for (s, _), d in scored[1:]
                           if not (d.file == doc.file and ANNEX_TITLE.match(d.title or ""))), 0.0)
        if says_focus and focus is not None and (best < MIN_SCORE or (doc.file, doc.speech) == focus):
            held = self.find(*focus)
            if held is not None:
                return Reference(held, words=used, focus=True)
        least = STRUCTURAL_MIN_SCORE if structural else MIN_SCORE
        # (…or when it is the one document of the kind the question writes last and the others only speak
        # of that kind: 宪章的最后一条, of the one 宪章 that says 本宪章, beside its rules that mention 联盟宪章;
        # 联盟宪章执行规范补充条款与细则 names a 细则, whatever 宪章 says)
        head = max(((text.rfind(t) + len(t), t) for t in TYPES if t in text), default=(0, ""))[1]
        own_kind = [d for _, d in scored if head and d.types.get(head, 0.0) > OUTSIDE_KIND]
        if (structural or says_focus) and best >= 1.0 and (
                best - second >= 2 * MARGIN or own_kind == [doc] and second <= OUTSIDE_KIND):
            least = 1.0  # 这份通知 when only one document is a 通知: its kind alone names it
        named_by = named_by or (structural and best >= least)
        if named_by and best < least:
            other = self._of_another_year(text, qwords, year, least)
            if other.absent_year is not None:
                return other
        if named_by and best < least and structural:  # "那篇讲话的第二部分": every document of that kind
            # (a kind only a line of its head speaks of, 审计报告 in a list of sources, makes it none)
            kinds = [d for (s, u), d in scored if s > 0 and any(d.types.get(t, 0.0) > OUTSIDE_KIND for t in u)]
            if _copies(kinds):
                return Reference(kinds[0], words=used)
            return Reference(candidates=kinds, words=used) if len(kinds) > 1 else Reference()
        if not named_by or best < least:
            return Reference()
        if best - second >= MARGIN:
            return Reference(doc, words=used)
        close = [d for (s, _), d in scored if s >= best - 0.5 and s >= least]
        if len(close) == 1 or _copies(close):  # the only document named well enough (or copies of it)
            return Reference(close[0], words=used)
        issued = _issued_itself(close)
        if issued is not None:
            return Reference(issued, words=used)
        return Reference(candidates=close, words=used)

    def _of_another_year(self, text: str, qwords: set[str], year: int | None, least: float) -> Reference:
        """A question naming a document by a year none has (2012年全市教育工作会议) that, year aside,
        names one document well: that document is of another year, and the question is not about it."""
        if year is None or not _NAMING_YEAR.search(text) or any(d.is_of(year, text) for d in self.docs):
            return Reference()
        scored = sorted(((self.score(d, text, qwords, None)[0], d) for d in self.docs), key=lambda x: -x[0])
        (best, doc), second = scored[0], (scored[1][0] if len(scored) > 1 else 0.0)
        if best < least or best - second < MARGIN or doc.year is None or not _year_names(text, year, doc):
            return Reference()
        return Reference(absent_year=year, nearest=doc)

    def matching(self, year: int | None = None, speaker: str | None = None) -> list[DocInfo]:
        """The documents a --year / --speaker filter keeps."""
        out = []
        for d in self.docs:
            if year is not None and d.year != year:
                continue
            if speaker and not any(speaker in s or s in speaker for s in d.speakers) and speaker not in d.offices \
                    and speaker not in d.name:  # an issuing body (国家能源局) names its notice
                continue
            out.append(d)
        return out


# 这份/那篇/本文 and 里/中 around a name; 本 and 中 alone are parts of words (基本, 中考)
_REF_FILLER = re.compile(r"(?:这|那|该)[份篇个封本]?|本[份篇文]|里面|里|(?<![\u4e00-\u9fff])中|中(?![\u4e00-\u9fff])|的")


# an institution's full name (哈尔滨工程大学, 四川农业大学), and the short names people give one
_INSTITUTION = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:大学|学院|中学|小学|医院)")
SHORT_NAME_SCORE = 1.5  # as a title word people use


# 矿大 / 川大 / 浙大 say a university short; 重大 / 扩大 / 加大 are words of their own, and 农大 /
# 师大 / 工大 / 医大 … say a kind of university (农业大学), not which
SHORT_UNIVERSITY_MAX_FREQ = 1000
UNIVERSITY_KINDS = "农师工理医科财交民政法林"


def _issued_itself(docs: list[DocInfo]) -> DocInfo | None:
    """关于印发《X实施方案》的通知 and X实施方案 after it in one file, named alike: a question that
    names X means the document issued, not the notice that covers it (通知 asked names the notice)."""
    if len({d.file for d in docs}) != 1:
        return None
    covers = {d.speech for d in docs for e in docs if e is not d and f"《{_squash(e.name)}》" in _squash(d.title)}
    rest = [d for d in docs if d.speech not in covers]
    return rest[0] if len(rest) == 1 and covers else None


ANNEX_TITLE = re.compile(r"附[件录]")  # (matched at a title's start: 附件2 …, 附录 …)
_NAMING_CLAUSE = re.compile(r"^([^，,。？?]{4,50}?(?:那次|这次|那篇|这篇|那份|这份|那场|这场)[\u4e00-\u9fff]{0,6}?(?:里|中))[，,]\s*(?=\S)")
_SAID_OF_TITLE = re.compile(r"([\u4e00-\u9fff]{4,20})的《[^《》]+》")
# The annexes themselves asked, not what is written in one: how many (附件 or 附录: a plan's annexes, a
# set of rules' appendices), and what the one unnumbered annex is (附录讲的是什么 / 后面附的是什么)
ANNEX_COUNT = re.compile(r"几个附[件录]|附[件录]有几个|附了几个|多少个附[件录]|附[件录](?:一共|总共|共)?有?几个|哪几个附[件录]")
LONE_ANNEX = re.compile(r"(?:附[件录]|(?:后面|后边|之后|文末|文后|末尾)附的|后附的?)(?:那?一?部分)?(?:里|中)?(?:讲|写|是|说|包括|包含|的(?:标题|名称|题目|内容))")
_QUOTED_NAME = re.compile(r"《([^《》]{4,60})》")


def _quotes_title(quoted: str, title: str) -> bool:
    """The quoted name is the title, as written but for marks, emoji and spaces (📖学习制度与信息)."""
    bare = re.sub(r"[^\w]", "", quoted)
    return len(bare) >= 4 and bare == re.sub(r"[^\w]", "", title)


@functools.lru_cache(maxsize=256)
def _short_words(text: str) -> frozenset[str]:
    """Every run of two or three characters of the text: the short names it may say (哈工程, 厦大)."""
    return frozenset(text[i:i + n] for n in (2, 3) for i in range(len(text) - n + 1))


def _abbreviates(word: str, issuer: str) -> bool:
    """厦大 begins 厦大教, with the kind of document (教, 发, 函) after it: the issuer, said short."""
    return 2 <= len(word) < len(issuer) and issuer.startswith(word) and general_frequency(word) < SHORT_UNIVERSITY_MAX_FREQ


def _shortens(word: str, name: str) -> bool:
    """``word`` is ``name`` said short: its characters in order, the first among the name's first two
    (哈工程 ⊂ 哈尔滨工程大学, 川农大 ⊂ 四川农业大学), and not simply part of it; or, for a
    university, one of its name's characters and 大 (矿大 for 中国矿业大学) that is no word of its own."""
    if word in name:
        return False
    if re.fullmatch(r"[\u4e00-\u9fff]大", word):
        return (name.endswith("大学") and word[0] in name[:-2] and word[0] not in UNIVERSITY_KINDS
                and general_frequency(word) < SHORT_UNIVERSITY_MAX_FREQ)
    if not re.fullmatch(r"[\u4e00-\u9fff]{3}", word) or word[0] not in name[:2]:
        return False
    at = name.find(word[0])
    for c in word[1:]:
        at = name.find(c, at + 1)
        if at < 0:
            return False
    return True


def _says_office(office: str, question: str) -> bool:
    """The question names ``office`` itself, not a longer one holding it (书记 in 总书记)."""
    longer = [o for o in OFFICES if office in o and o != office]
    return any(not any(m.start() >= o.index(office) and question.startswith(o, m.start() - o.index(office))
                       for o in longer)
               for m in re.finditer(re.escape(office), question))


def _longest_first(words) -> list[str]:
    """Words longest first (工作报告 before 报告), ties in a fixed order: the same on every run
    (a set's order changes with the process's hash seed)."""
    return sorted(set(words), key=lambda w: (-len(w), w))


_YEAR_FILLER = re.compile(r"全市|全省|全国|全校|年度|工作|那份|这份|那篇|这篇|那次|这次|召开|举行|的|上|在|次|届")


def _year_inside(text: str, year: int) -> bool:
    """The year stands after a document's kind and 里/中 (政府工作报告里2016年的工作): the question
    asks of that year's part inside the document, so the year stays one of its topic words."""
    return re.search(rf"(?:{'|'.join(TYPES)})(?:里面|里|中|当中)的?\s*{year}\s*年", text) is not None


def _year_names(text: str, year: int, doc: DocInfo) -> bool:
    """The year stands right before the document's name (2012年全市教育工作会议, 2023年的政府工作报告):
    what stands between is the document's own naming words, not a topic (2020年乡村振兴的目标在意见里)."""
    for m in re.finditer(rf"{year}\s*年(.{{0,14}}?)(?:{'|'.join(TYPES)}|会议|大会)", text):
        between = m.group(1)
        for w in _longest_first(doc.words | set(doc.types) | doc.offices | ({doc.meeting} if doc.meeting else set())):
            between = between.replace(w, " ")
        if len(re.findall(r"[\u4e00-\u9fff]", _YEAR_FILLER.sub("", between))) <= 1:
            return True
    return False


def without_reference(query, ref: Reference, structural_words: re.Pattern | None = None):
    """The query with the words that named the document taken out of its topic words."""
    if ref.doc is None:
        return query
    core, text = query.core, query.text
    # 这个使用帮助页面 / 该网页: the page is the document its name or 这个 points at, no topic (登录页面 is one)
    page = re.compile("(" + "|".join([*map(re.escape, _longest_first(set(ref.words))), "这个", "该", "本"]) + ")(?:页面|网页)")
    core, text = page.sub(r"\1", core), page.sub(r"\1", text)
    # 无钩在 SOFAChannel#13 讲 MOSN 多协议机制的那次分享里，协议接入的第二步…: the clause that points
    # at the document (那次…里，) names it whole, who gave it and where included; the question follows
    clause = _NAMING_CLAUSE.match(text)
    if clause and ref.words and all(w in clause.group(1) for w in ref.words) and core == core_of(text):
        # (the words after it are the topic's own, the title's words among them: 协议接入)
        rest = text[clause.end():]
        core = re.sub(r"\s+", " ", _REF_FILLER.sub(" ", core_of(rest))).strip()
        synonyms = {k: v for k, v in query.synonyms.items() if k in rest}
        hints = {k: v for k, v in query.hints.items() if k in rest}
        expansions = [w for w in query.expansions if any(w in v for v in [*synonyms.values(), *hints.values()])]
        return replace(query, core=core, text=rest, synonyms=synonyms, hints=hints, expansions=expansions)
    if ref.doc.number and DOC_NUMBER.search(text) and core == core_of(text):
        core = core_of(DOC_NUMBER.sub(" ", text))  # 国办发〔2018〕108号: it names, it is no topic to search
    # 《关于…的通知》的政策解答 written whole: every word of it names, the 通知 it quotes too
    whole = _QUOTE_MARKS.sub("", ref.doc.title)
    if len(whole) >= 6 and whole in _QUOTE_MARKS.sub("", text) and core == core_of(text):
        text = _QUOTE_MARKS.sub("", text).replace(whole, " ")
        core = core_of(text)
    # 信息化计划的具体行动里，第三项行动: a title word standing away from the name is the topic's
    # own word; it is kept out of the removal below (held by a stand-in) and put back after
    # (only where the core is the question's own: a follow-up's core carries the earlier turn's words)
    lone = _lone_title_words(text, ref) if core == core_of(text) else []
    for i, (a, b) in enumerate(sorted(lone, reverse=True)):
        text = f"{text[:a]}{_STAND_IN.format(i)}{text[b:]}"
    if lone:
        core = core_of(text)
    # 树德书院学长团整理的《学习制度与信息》: what the question says of the title it quotes, where the
    # document's own first lines say it (*由树德书院学长团整理。*), names it too
    said = _SAID_OF_TITLE.search(text)
    if said and ref.doc.head and all(w in ref.doc.head for w in TOKENIZER.words(said.group(1)) if len(w) >= 2):
        core, text = core.replace(said.group(1), " "), text.replace(said.group(1) + "的", "")
    for short in _abbreviations(text, ref):  # 高考防疫方案: 防疫 is 疫情防控 said short
        core, text = core.replace(short, " "), text.replace(short, "")
    held = bool(_ASKS_HELD.search(query.text))  # 动员大会是哪天开的: the meeting is what is asked about
    if ref.doc.meeting and not held:  # 在全市教育大会上: where it was given names it too, and so does
        # its name's tail (脱贫攻坚座谈会 for 决战决胜脱贫攻坚座谈会)
        meeting = next((ref.doc.meeting[-k:] for k in range(len(ref.doc.meeting), 3, -1)
                        if ref.doc.meeting[-k:] in core), ref.doc.meeting)
        core = re.sub(rf"在?{re.escape(meeting)}上?", " ", core)
    for w in _longest_first(set(ref.words) | set(ref.doc.types)):  # 在家长会上: 在…上 goes with a meeting
        if w in ref.doc.types:  # 那篇大会报告 / 这份会议纪要: where it was given, said with its kind, names it too
            core = _meeting_before(w).sub(" ", core)
        if _MEETING_END.search(w):
            core = core if held else re.sub(rf"在?{re.escape(w)}上?", " ", core)
        else:
            core = core.replace(w, " ")
        if re.fullmatch(r"(?:19|20)\d\d年", w):  # the core writes a year without its 年 at times
            core = re.sub(rf"(?<!\d){w[:-1]}(?!\d)", " ", core)
    for w in _longest_first(ref.doc.words):
        if len(w) >= 2:
            core = core.replace(w, " ")
    # 2020年1月那篇讲话, of a speech that states no date: the year only names it
    named_years = [m.group(1) for m in _NAMING_YEAR.finditer(query.text)] if ref.doc.year is None else []
    for year in named_years:
        core = re.sub(rf"(?<!\d){year[:4]}\s*年?(?:\s*\d{{1,2}}\s*月)?", " ", core)
    # 校长在家长会上讲了哪几个方面: the office of whoever gives the speech names its speaker, even
    # where the speech never writes it
    offices = {m.group(0) for m in _SPEAKING_OFFICE.finditer(query.text)}
    for office in offices:
        core = core.replace(office, " ")
    core = re.sub(r"\s+", " ", _REF_FILLER.sub(" ", core)).strip()
    for w in _longest_first(set(ref.words) | offices):
        if w in ref.doc.types:
            text = _meeting_before(w).sub("", text)
        text = re.sub(rf"在?{re.escape(w)}上?", "", text) if _MEETING_END.search(w) else text.replace(w, "")
    text = FOCUS.sub("", text)
    for year in named_years:
        text = text.replace(year, "")
    for i, (a, b) in enumerate(sorted(lone, reverse=True)):
        word = query.text[a:b]
        core, text = core.replace(_STAND_IN.format(i), word), text.replace(_STAND_IN.format(i), word)
    # a naming word's synonyms (防疫 → 防控) would search for the document's title, not the topic
    synonyms = {k: v for k, v in query.synonyms.items() if k in core or k in text}
    hints = {k: v for k, v in query.hints.items() if k in core or k in text}  # (炒房 ~ 炒 投机 of 那篇报告对炒房…)
    expansions = [w for w in query.expansions if any(w in v for v in [*synonyms.values(), *hints.values()])]
    return replace(query, core=core, text=text or query.text, synonyms=synonyms, hints=hints, expansions=expansions)


_STAND_IN = "zzlone{}zz"


def _meeting_before(kind: str) -> re.Pattern:
    """大会 / 会议 said right before a document's kind (大会报告, 会议纪要): part of the naming."""
    return re.compile(rf"(?:大会|会议|会上|全会)(?={re.escape(kind)})")
_QUOTE_MARKS = re.compile(r"[《》〈〉]")
_ASKS_HELD = re.compile(r"(?:哪天|哪一天|什么时候|何时|几号|几月几|在哪|哪里)[^，。？]{0,3}(?:开|召开|举行|举办)")
_MEETING_END = re.compile(r"(?:会|会议|开班式|典礼|仪式)$")
_SPEAKING_OFFICE = re.compile(rf"(?:{_OFFICE})(?=(?:在[^，。？！]{{0,20}}?上)?(?:讲|说|谈|提|强调|发言|作的))")
# what may stand between the words of one naming: up to two characters of any word
# (教育局年度工作会议讲话 / 市长那篇讲话 / 十四五教育规划里), never a punctuation mark
_NAME_GAP = re.compile(r"[\u4e00-\u9fff\d]{0,2}")
_NAME_GAP_MAX = 2


def _lone_title_words(text: str, ref: Reference) -> list[tuple[int, int]]:
    """Where a title word of the named document stands on its own, away from the words that named it:
    no other naming word within two characters of it (with no punctuation between), and not a type,
    speaker, office or the meeting."""
    doc = ref.doc
    strong = set(doc.types) | set(doc.speakers) | set(doc.offices) | set(TYPES)
    words = {w for w in set(ref.words) | set(doc.types) | doc.words if len(w) >= 2}
    if doc.meeting:  # 在全市教育大会上: the meeting names it as a whole
        words.add(doc.meeting)
        strong.add(doc.meeting)
    # (第1部分：通用要求 has 部分 among its words: 第四部分 asks for a part, it says no title word)
    parts = [(m.start(), m.end()) for m in PART_REF.finditer(text)]
    spans = sorted({(m.start(), m.end()) for w in words for m in re.finditer(re.escape(w), text)
                    if not any(a <= m.start() and m.end() <= b for a, b in parts)})
    if not spans:
        return []
    runs: list[list] = []  # [start, end, words in it]
    for a, b in spans:
        if runs and a <= runs[-1][1] + _NAME_GAP_MAX and (
                a <= runs[-1][1] or _NAME_GAP.fullmatch(text[runs[-1][1]:a])):
            runs[-1][1], runs[-1][2] = max(runs[-1][1], b), runs[-1][2] + [text[a:b]]
        else:
            runs.append([a, b, [text[a:b]]])
    lone = [(a, b) for a, b, ws in runs  # one word covers the run (信息 inside 信息化 counts as one)
            if b - a == max(map(len, ws)) and not any(w in strong for w in ws)]
    return lone if len(lone) < len(runs) else []  # the name itself stands somewhere else


def _abbreviations(text: str, ref: Reference) -> list[str]:
    """Words right before a word that named the document (its type, a title word) made only of
    characters of its title: the asker's short form of that title (高考防疫 + 方案)."""
    own = set(ref.doc.title + ref.doc.name)
    out = []
    for w in _longest_first(ref.words):
        at = text.find(w)
        m = re.search(r"[\u4e00-\u9fff]{2,8}$", _REF_FILLER.sub("|", text[:at])) if at > 0 else None
        if m and all(c in own for c in m.group()):
            out.append(m.group())
    return out


def _within(self, keep: set) -> "DocumentReferences":
    """The same references, limited to the documents in ``keep`` ((file, speech) pairs)."""
    other = object.__new__(DocumentReferences)
    other.__dict__.update(self.__dict__)  # idf, common words, offices: of the whole build
    other.docs = [d for d in self.docs if (d.file, d.speech) in keep]
    _gather_names(other)
    return other


def _gather_names(refs: "DocumentReferences") -> None:
    """What every question reads of the documents, gathered once: the full names of bodies their
    titles hold (哈尔滨工程大学), the issuers their numbers abbreviate (厦大教), and the days of the
    records in a file that keeps several meetings' records."""
    refs.institutions = frozenset(name for d in refs.docs for name in d.institutions)
    refs.issuers = {d.issuer for d in refs.docs if d.issuer}
    days_of = Counter(f for f, _ in {(d.file, d.day) for d in refs.docs if d.day})
    refs.record_days = sorted({d.day for d in refs.docs if d.day and days_of[d.file] >= 2})


DocumentReferences.within = _within
