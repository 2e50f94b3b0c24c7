"""What a document says about itself: type, speaker and office, meeting, date.

Read from the lines a reader sees first: the title (政府工作报告——2024年3月5日在
第十四届全国人民代表大会第二次会议上国务院总理 李强), a byline (——在…上的讲话 /
——九届二次教代会学校工作报告), the speaker and date lines under it (陈国阳 /
（2010年2月22日）), a sub-title naming the speaker (马卫光同志的讲话摘要), and
the frame (forwarding line, signature, 印发 line, 发布时间). Nothing is guessed:
a field the document does not state stays "".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.simplified import to_simplified

OFFICES = ("副总理|总理|副主席|主席|副书记|书记|副市长|市长|副省长|省长|副县长|县长|副区长|区长|副局长|局长|"
           "副校长|校长|副院长|院长|副主任|主任|副部长|部长|厅长|处长|镇长|乡长|理事长|董事长|总经理|组长")
_CJK = "\u4e00-\u9fff"
_NAME = rf"[{_CJK}](?:[ \u3000\u2002]{{0,2}}[{_CJK}]){{1,3}}"  # a two-character name may be padded: 王  琛
_NOT_NAMES = {"同志", "总则", "前言", "引言", "摘要", "附件", "目录", "说明", "全文", "正文", "讲话", "报告", "通知",
              "大家好", "同志们", "各位"}

# 李强 / 绍兴一中党委书记、校长  王 琛 / ——县委副书记 张三 (a line of its own, under the title)
_SPEAKER_LINE = re.compile(rf"^[—－\-–]*\s*(?:(?P<office>[^，。！？：:\s]{{0,30}}?(?:{OFFICES}))[\s\u3000\u2002、，]*)?"
                           rf"(?P<name>(?!{OFFICES}){_NAME})$")
# 2.蒋  明（党委委员、副校长）: the title of one person's own report in a file that collects several
PERSON_TITLE = re.compile(rf"^(?:(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*[、．.]\s*)?(?P<name>{_NAME})\s*"
                          rf"[（(](?P<post>[^（）()]{{0,30}}?(?:{OFFICES}|委员)[^（）()]{{0,10}})[）)]$")
# …国务院总理 李强 (at the end of a title or byline)
_TRAILING_SPEAKER = re.compile(rf"(?P<office>[^\s上在的，。、—]{{0,6}}(?:{OFFICES}))[ \u3000\u2002]*(?P<name>[{_CJK}]{{2,3}})$")
# ——任正非在人力资源部培训工作汇报会上的讲话 / ——县委书记张三同志在…上的讲话: the byline names its speaker
# (——2025年1月14日海南省省长 刘小明在…上的讲话: the day may come first, a space after the office)
_BYLINE_SPEAKER = re.compile(rf"^[—－\-–]*\s*(?:(?P<office>[^在，。\s—]{{0,20}}?(?:{OFFICES}))[ \u3000\u2002]*)?"
                             rf"(?P<name>[{_CJK}]{{2,3}}?)(?:同志)?在[^。，]{{2,40}}?上的(?:讲话|报告|发言|致辞)")
_LEADING_DATE = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:[\d一二三四五六七八九十]{1,2}月)?(?:[\d一二三四五六七八九十]{1,3}日)?")
# 马卫光同志的讲话摘要 / 马卫光同志在…上的讲话
_COMRADE = re.compile(rf"^(?P<name>[{_CJK}]{{2,4}}?)同志(的|在)")
# 习近平：在党史学习教育动员大会上的讲话
_NAMED_TITLE = re.compile(rf"^(?P<name>[{_CJK}]{{2,4}})[：:]\s*在")
# 陈国阳局长《在…讲话》 / 马卫光书记和盛阅春市长
_NAME_OFFICE = rf"(?P<name>[{_CJK}]{{2,3}})(?P<office>{OFFICES})"
# 在第十四届全国人民代表大会第二次会议上 / 在全市教育系统年度工作会议上的讲话
_MEETING_AT = re.compile(r"在([^在上，。！？]{2,40}?(?:会议|大会|会|典礼|仪式|论坛|座谈会|班|式))上")
_MEETING_HELD = re.compile(r"召开(?:了)?([^，。、；！？]{2,40}?(?:会议|大会|分析会|座谈会|推进会|部署会|总结会|专题会))")
# 国家主席习近平在北京出席第二届…论坛开幕式，并发表题为《…》的主旨演讲: a news report's lead, framing the
# speech it carries (as its photo captions repeat it): who spoke, at what
_NEWS_LEAD = re.compile(rf"(?P<office>[^\s，。、]{{0,12}}?(?:{OFFICES}|国家主席|总书记))?(?P<name>[{_CJK}]{{2,3}}?)(?:同志)?"
                        rf"(?:在[^，。出]{{1,20}})?出席(?P<meeting>[^，。]{{2,60}}?)[，,]?并(?:发表|作)了?"
                        rf"(?:题为《[^》]{{2,60}}》的)?[^。，]{{0,6}}?(?:演讲|讲话|致辞|报告)")
_MEETING_WORD = re.compile(r"([^\s—－\-–]{2,20}?(?:大会|会议|教代会|职代会|党代会|全会))")
# Document types, by the words that name them; the one written last in a title is its head noun.
_TYPES = [("讲话提纲", "提纲"), ("提纲", "提纲"), ("讲话", "讲话"), ("致辞", "讲话"), ("发言", "讲话"),
          ("演讲", "讲话"), ("演辞", "讲话"), ("讲辞", "讲话"), ("演说", "讲话"),
          ("工作报告", "报告"), ("报告", "报告"), ("通知", "通知"), ("通报", "通报"), ("方案", "方案"),
          ("意见", "意见"), ("心得", "心得"), ("读后感", "心得"), ("体会", "心得"), ("决定", "决定"),
          ("规划", "规划"), ("总结", "总结"), ("办法", "办法"), ("纪要", "纪要"), ("计划", "计划"),
          ("编制说明", "说明"), ("起草说明", "说明")]  # (the explanation sent out with a draft standard or rule)
_REPORTING = re.compile(r"现将[^。]{0,30}(汇报|报告)如下")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_DATE = re.compile(r"([0-9〇零○一二三四五六七八九]{4})\s*年\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                   r"(?:\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日?)?")
# 2019-09-26 / 2022-3-2 / 2025/2/15 / 2020.1.29: a day written with dashes, slashes or dots (one kind in
# one day; not a figure's decimals: 2020.5 has no day, 12.2020.1.29 is no date)
DASHED_DAY = r"(?<!\d)(?<!\d\.)(?P<year>(?:19|20)\d\d)(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)(?!\.\d)"
_ISO = re.compile(DASHED_DAY)
_PUBLISHED = re.compile(r"(发布时间|发布日期|发文日期|成文日期)\s*[：:]\s*")


@dataclass
class DocMeta:
    speaker: str = ""
    office: str = ""
    date: str = ""
    doc_type: str = ""
    meeting: str = ""

    def fields(self) -> dict:
        return {"speaker": self.speaker, "office": self.office, "date": self.date,
                "doc_type": self.doc_type, "meeting": self.meeting}


def _number(text: str) -> int:
    """A month or day written 3 / 十二 / 二十一."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return int(_CN_DIGITS.get(tens, "1") if tens else 1) * 10 + (int(_CN_DIGITS[ones]) if ones else 0)
    return int(_CN_DIGITS.get(text, "0"))


def find_date(text: str) -> str:
    """The first full date in ``text`` as 2024-03-05 (or 2024-03): 2024年3月5日,
    2019 年5 月27 日, 二〇一九年六月十日, 2019-09-26, 2025/2/15."""
    m = _DATE.search(text)
    iso = _ISO.search(text)
    if iso and (not m or iso.start() < m.start()) and 1 <= int(iso["month"]) <= 12 and 1 <= int(iso["day"]) <= 31:
        return f"{iso['year']}-{int(iso['month']):02d}-{int(iso['day']):02d}"
    if not m:
        return ""
    year = "".join(_CN_DIGITS.get(c, c) for c in m.group(1))
    month = _number(m.group(2))
    if not 1 <= month <= 12:
        return ""
    if m.group(3):
        day = _number(m.group(3))
        if 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}"
    return f"{year}-{month:02d}"


def doc_type(*texts: str) -> str:
    """The type a title (or byline) names: the type word written last wins
    (…行动方案的通知 → 通知; 讲话提纲 → 提纲). What stands inside 《》 is another document's
    name: 关于《…规划的建议》的说明 names no 规划."""
    for text in map(to_simplified, texts):  # (講話 is a 讲话)
        bare = re.sub(r"《[^》]*》", "", text)
        text = bare if re.search(r"[\u4e00-\u9fff]", bare) else text
        best, where = "", -1
        for word, kind in _TYPES:
            at = text.rfind(word)
            if at >= 0 and at + len(word) > where:
                best, where = kind, at + len(word)
        if best:
            return best
    return ""


def _clean_name(name: str) -> str:
    return re.sub(r"[ \u3000\u2002]", "", name)


# the end of a form's title, not of a name: 教研组长申报表, 人员登记表
_FORM_END = re.compile(r"[表单册函]$")


def _is_name(name: str) -> bool:
    """Not a listed non-name, not a form's title, not a word the dictionary knows as something else."""
    name = _clean_name(name)
    return name not in _NOT_NAMES and not _FORM_END.search(name) and name_like(name)


MIN_WORD_FREQ = 50  # a word jieba's dictionary counts this often is a word, not a name


def name_like(name: str) -> bool:
    """jieba reads it as a person's name, or its dictionary hardly knows it (姓名, 性别 — a form's
    cells — it knows well)."""
    import jieba
    import jieba.posseg as pseg

    jieba.initialize()
    tags = [f for _, f in pseg.cut(name)]
    return (len(tags) == 1 and tags[0].startswith("nr")) or int(jieba.dt.FREQ.get(name, 0) or 0) < MIN_WORD_FREQ


def is_speaker_line(line: str) -> bool:
    """A line that is only a speaker's name, maybe with an office (习近平 / 市委书记 张三)."""
    m = _SPEAKER_LINE.match(line.strip()) if len(line.strip()) <= 40 else None
    return bool(m and _is_name(m.group("name")))


_AUTHOR_FIELD = re.compile(r"^(?:作者|姓名)\s*[：:]\s*(?P<name>[\u4e00-\u9fff]{2,4})$")


def speaker_of(title: str, head: list[str]) -> tuple[str, str]:
    """(speaker, office) from a sub-title, the lines under the title, or the title's end."""
    m = _COMRADE.match(title) or _NAMED_TITLE.match(title)
    if m and _is_name(m.group("name")):
        return m.group("name"), ""
    m = PERSON_TITLE.match(title)
    if m and _is_name(m.group("name")):  # 党委委员、副校长: the last office is the one that names them
        return _clean_name(m.group("name")), (re.findall(OFFICES, m.group("post")) or [""])[-1]
    for line in [*head, title]:
        m = _BYLINE_SPEAKER.match(line.strip())
        if m and _is_name(m.group("name")):
            return m.group("name"), _LEADING_DATE.sub("", m.group("office") or "")
    for line in head:
        line = line.strip()
        m = _AUTHOR_FIELD.match(line)  # (作者：李明 / 姓名：李明 of a paper's cover sheet)
        if m and _is_name(m.group("name")):
            return m.group("name"), ""
        m = _SPEAKER_LINE.match(line) if len(line) <= 40 else None
        if m and _is_name(m.group("name")):
            return _clean_name(m.group("name")), (m.group("office") or "").strip("——－-– 、，")
        m = _TRAILING_SPEAKER.search(line)
        if m and _is_name(m.group("name")):
            return m.group("name"), m.group("office")
    m = _TRAILING_SPEAKER.search(title)
    if m and _is_name(m.group("name")):
        return m.group("name"), m.group("office")
    return "", ""


def office_in(name: str, text: str) -> str:
    """The office written right after ``name`` somewhere in ``text`` (陈国阳局长)."""
    m = re.search(rf"{re.escape(name)}(?P<office>{OFFICES})", text)
    return m.group("office") if m else ""


def meeting_of(texts: list[str], frame: list[str]) -> str:
    for text in texts:
        m = _MEETING_AT.search(text)
        if m:
            return m.group(1)
    for text in texts:
        if text.lstrip().startswith(("——", "－－", "—", "--")):
            m = _MEETING_WORD.search(text.lstrip("—－-– "))
            if m:
                return m.group(1)
    for text in frame:
        m = _MEETING_HELD.search(text)
        if m:
            return m.group(1)
    return ""


def describe(title: str, head: list[str], frame: list[str], first: str = "", document: str = "",
             published: str = "") -> DocMeta:
    """Metadata of one speech or part.

    ``title``: its title; ``head``: the lines between the title and the body
    (byline, speaker, date, note); ``frame``: the frame paragraphs of the
    document (forwarding line, signature, 印发 line); ``first``: the first body
    paragraph (…现将有关情况汇报如下); ``document``: the whole text, to find an
    office written after the speaker's name; ``published``: a date the page
    states (发布时间：…) when nothing else does.
    """
    main, _, rest = title.partition("——")
    bylines = [rest] if rest else []
    bylines += [h for h in head if h.strip().startswith(("——", "－－", "—", "--"))]
    meta = DocMeta()
    issued = [f for f in frame if "关于" in f and len(f) <= 120]  # …综合司关于做好…的通知 〔2021〕108号
    meta.doc_type = (doc_type(main, *bylines) or doc_type(*issued)
                     or ("报告" if _REPORTING.search(first) else ""))
    meta.speaker, meta.office = speaker_of(title, head)
    lead = None if meta.speaker else next((m for m in map(_NEWS_LEAD.search, frame) if m and _is_name(m.group("name"))),
                                          None)
    if lead is not None:  # …习近平在北京出席…开幕式，并发表题为《…》的主旨演讲 (a news lead framing the speech)
        meta.speaker, meta.office = lead.group("name"), (re.findall(OFFICES, lead.group("office") or "") or [""])[-1]
        meta.doc_type = meta.doc_type or doc_type(lead.group())
    if meta.speaker and not meta.office and document:
        meta.office = office_in(meta.speaker, document)
    meta.meeting = meeting_of([title, *head], frame + ([first] if first else [])) or (
        lead.group("meeting") if lead is not None else "")
    for text in [title, *head]:
        meta.date = find_date(text)
        if meta.date:
            break
    if not meta.date:
        meta.date = next((d for d in map(find_date, frame) if d), "") or published
    return meta


def published_date(lines: list[str]) -> str:
    """The date a saved web page gives its article (发布时间：2020年10月26日)."""
    for line in lines:
        m = _PUBLISHED.search(line)
        if m:
            found = find_date(line[m.end():])
            if found:
                return found
    return ""


# A page saved from a site keeps the site's own suffix (.shtml, .php, .asp, .aspx, .jsp): HTML all the same
# (qa.ingest.readers reads these); a saved .mht page is dated as a page too
WEB_PAGE_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml", ".php", ".asp", ".aspx", ".jsp"})
PAGE_SUFFIXES = WEB_PAGE_SUFFIXES | {".mht", ".mhtml"}
_PAGE_DATE = re.compile(r"(发布时间|发布日期)\s*[：:]\s*(?:<[^>]{0,200}>\s*)*"
                        r"(\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}(?:\s*日)?)")


def published_line(text: str) -> str:
    """The page's own words for the day it published the article (发布时间：2013年05月23日), without
    the credits around them (来源：… 浏览次数：…) or the markup between; "" when it gives none."""
    m = _PAGE_DATE.search(text)
    return m.group(1) + "：" + re.sub(r"\s", "", m.group(2)) if m else ""


def page_date(data: bytes) -> tuple[str, str]:
    """(the date, the line giving it) a saved web page gives its article (发布时间：2020年10月26日),
    read from the page source: the reader keeps only the article."""
    from qa.ingest.files import decode_bytes

    try:
        text = decode_bytes(data[:2_000_000], "page", cut=len(data) > 2_000_000)
    except Exception:  # an undecodable page has no date to give
        return "", ""
    m = _PAGE_DATE.search(text)
    if not m:
        return "", ""
    raw = re.sub(r"[-/.]", "-", re.sub(r"\s", "", m.group(2)))
    parts = re.split(r"[-年月日]", raw)
    try:
        year, month, day = (int(p) for p in parts[:3])
    except ValueError:
        return "", ""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return "", ""
    return f"{year}-{month:02d}-{day:02d}", published_line(text)

