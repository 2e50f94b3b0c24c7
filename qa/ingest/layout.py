"""The lines around a speech's body: title, byline, date, greeting, site credits.

A speech file often opens with a title, a byline (——县委书记 XXX), a date
line （2021年3月5日） and a greeting (同志们：), and a page saved from a
website adds source and editor lines. These are recognised here so that
none of them is taken for body text or for the title.
"""
from __future__ import annotations

import re

from qa.ingest.directives import is_greeting, starts_with_marker
from qa.ingest.docmeta import DASHED_DAY, is_speaker_line
from qa.ingest.page_numbers import is_page_number

# Site credits and URL footers that document sites append.
CREDIT_LINE = re.compile(r"本文档由|更多(优质)?范文|收集整理|版权所有|转载请注明")
# A link or address: a line that is little else is the page's; inside a sentence of the
# document (报名交至校团委（电子邮箱x@163.com），…。) it is the document's own.
LINK = re.compile(r"https?://[!-~]*|www\.[!-~]*|[\w.-]+@[\w-]+(?:\.[\w-]+)+|[\w-]+\.(?:com|net|cn|org)\b[!-~]*",
                  re.IGNORECASE | re.ASCII)
_SENTENCE_AROUND_LINK = re.compile(r"[，。；、,;]")
_LABELLED = re.compile(r"^[\u4e00-\u9fff]{2,6}\s*[：:]")
_BRACKETED_LINK = re.compile(r"(?<!\])[（(]\s*[^（）()]*?\s*[）)]")
# … unless the sentence speaks of the page itself (本文由脚本自官方页面提取，仅供检索查阅；以[官方链接]…为准)
_ABOUT_THE_PAGE = re.compile(r"仅供|为准|转载|原文|出处|提取|摘自|来源|链接")
_LINK_SENTENCE_CJK = 12
# Short lines a news page puts around an article (来源：… / 责任编辑：… / 打印本页 /
# 备案号); only short ones, so a sentence of a speech that names them stays.
SITE_LINE = re.compile(
    r"^(【?(来源|信息来源|文章来源|责任编辑|编辑|作者|发布时间|发布日期|发布机构|浏览次数|点击数|点击量|字号|字体)"
    r"\s*[：:])|(打印本页|关闭窗口|分享到|【\s*打印\s*】|【\s*关闭\s*】|扫一扫在手机打开|字体\s*[：:]?\s*大\s*中\s*小)"
    r"|^(上一篇|下一篇|相关链接|相关阅读|相关文章|相关新闻|相关附件)\s*[：:]?"
    r"|(ICP备|公网安备|备案号|网站标识码|技术支持\s*[：:])"
)
# 主办单位：/承办单位： closes a site's footer beside its address or 备案号; on a line of its own it
# names who runs an event (a contest's plan: 承办单位：华东师范大学), and that is the document's.
SITE_OWNER = re.compile(r"(主办|承办)单位\s*[：:]")
_FOOTER_BESIDE = re.compile(r"地址|电话|邮编|网站|版权|©")
BYLINE = re.compile(r"^[—－\-–]{1,3}\s*\S")
_CN_DIGIT = "〇零一二三四五六七八九十"
DATE_LINE = re.compile(
    rf"^[（(]?[^（()）]{{0,12}}[\d{_CN_DIGIT}]{{2,4}}\s*年\s*[\d{_CN_DIGIT}]{{1,2}}\s*月"
    rf"(\s*[\d{_CN_DIGIT}]{{1,3}}\s*日)?[^（()）]{{0,16}}[）)]?$"
    # 最后更新：2025/2/15 / （2025-02-15）: a day written with slashes or dashes, alone or after a label
    # (PMC 例会 2025-01-12 is a title that dates itself)
    rf"|^[（(]?(?:[^（()）：:\s]{{1,8}}[：:]\s*)?{DASHED_DAY}[）)]?$"
)
SENTENCE_END = re.compile(r"[。！？!?；;]")
# a sentence ended as prose ends one: a form's fields and title lines (任课教师：… / 学号：…) end none
PROSE_END = re.compile(r"[。！？!?]")
# a title line that names its kind at its end (…的意见 / …的通知 / …上的讲话)
# (a letter names its kind too: …的请愿书 / 倡议书 / 公开信)
KIND_TITLE = re.compile(r"(?:意见|通知|通报|讲话|报告|方案|办法|规定|决定|纲要|规划|提纲|总结|计划|细则|条例|章程|编制说明|起草说明"
                        r"|(?:请愿|倡议|建议|申请|承诺|举报|申诉)书|(?:公开|举报|感谢|慰问|倡议)信|公告|通告|决议|批复|请示)$")
# …实施细则的通知_委局文件_政务公开 / …的讲话 | 某某网: a page's title, its site's sections after it
_SITE_SECTIONS = re.compile(r"^(.{4,}?" + KIND_TITLE.pattern[:-1] + r")\s*[_｜|]\s*\S.*$")
# the title of a speech as its heading line writes it: (习近平：)在…上的讲话 / …会议上的致辞
SPEECH_TITLE = re.compile(r"在[^。！？]{2,40}?上的(?:讲话|致辞|发言|报告)(?:提纲|摘要)?$")
TITLE_MAX = 60


# 统一编号： / 文 号： / 实施日期： / 失效日期： / 发布机关：: what a policy page or a notice's head says of
# the document itself (its frame, qa.ingest.roles; read beside a page's article, qa.ingest.html_text)
DOCUMENT_FIELD = re.compile(r"^(统一编号|索\s*引\s*号|文\s*号|发文字号|发文机关|发布机关|发布机构|成文日期|发布日期|"
                            r"实施日期|施行日期|生效日期|失效日期|有\s*效\s*性)\s*[：:]")


# A notice's own contact line (联系邮箱：…@nea.gov.cn) is part of the document, not a site credit.
CONTACT_LINE = re.compile(r"^(联系人|联系电话|联系邮箱|联系方式|联系地址|电子邮箱|电子信箱|邮箱|电话|传真|网址)\s*[：:]")


FRONT_MATTER_LINES = 200  # a YAML front matter (--- … ---) is a page's few fields, not its text


def front_matter_end(lines: list[str]) -> int:
    """Where the lines go on after a YAML front matter (--- … ---) opening them (blank lines before
    it aside); 0 where they open with none."""
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if first == len(lines) or lines[first].strip() != "---":
        return 0
    end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
    return end + 1 if end is not None and end - first <= FRONT_MATTER_LINES else 0


def speaks_of_the_page(line: str) -> bool:
    """A line with a link that speaks of the page it stands on (…仅供检索查阅；以[官方链接](…)为准)."""
    return bool(LINK.search(line) and _ABOUT_THE_PAGE.search(line))


# 项目线上web入口：新型冠状病毒防疫信息平台 https://… / 报名平台：…: the line gives the way in that the
# document points its readers to, not the page's own furniture (原文链接：… / 来源：…)
_ENTRY_LINE = re.compile(r"^(?!原文|来源|本文|转载|相关)[^：:\s]{0,12}(?:入口|网址|主页|官网|平台|报名地址|下载地址)\s*[：:]\s*\S")


def is_credit(line: str) -> bool:
    """A site credit, URL, 备案号 or page-furniture line: not part of the speech."""
    if (CONTACT_LINE.match(line) or _ENTRY_LINE.match(line)) and len(line) <= 120 and not SITE_LINE.search(line):
        return False
    if CREDIT_LINE.search(line):
        return True
    if LINK.search(line) and (not _in_sentence(line) or speaks_of_the_page(line)):
        return True
    if len(line) > 80 or "。" in line:
        return False
    return bool(SITE_LINE.search(line)) or bool(SITE_OWNER.search(line) and _FOOTER_BESIDE.search(line))


def _in_sentence(line: str) -> bool:
    """The links of the line stand inside a sentence of the document's own, or each in brackets
    beside what it belongs to (张欢（zhanghuan69@huawei.com），负责React Native框架: a person's address)."""
    rest = LINK.sub("", line)
    if (not LINK.search(_BRACKETED_LINK.sub("", line)) and len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 2
            and not _LABELLED.match(line)):  # (主办：…政府（www.…）is a site's footer)
        return True
    return bool(_SENTENCE_AROUND_LINK.search(rest)) and len(re.findall(r"[\u4e00-\u9fff]", rest)) >= _LINK_SENTENCE_CJK


def is_byline(line: str) -> bool:
    return len(line) <= 80 and bool(BYLINE.match(line))


def is_date(line: str) -> bool:
    return len(line) <= 40 and bool(DATE_LINE.match(line))


# A short note in brackets under a title: （摘要） （根据录音整理） （此稿未经本人审阅）.
NOTE_LINE = re.compile(r"^[（(【\[][^（）()【】\[\]。！？]{1,30}[）)】\]]$")


def is_front_matter(line: str) -> bool:
    """A byline, date or bracketed note: it names the speaker or the day, it says nothing."""

    return (is_byline(line) or is_date(line)
            or (bool(NOTE_LINE.match(line)) and not starts_with_marker(line)))


# 2024/6/14第一版  2024/6/21第二版 …: a line of days, each with a word or two (a version history)
_DAY = re.compile(rf"{DASHED_DAY}|(?<!\d)(?:19|20)\d\d\s*年\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?")
WORDS_A_DAY = 4


def is_date_list(line: str) -> bool:
    """Two or more days on one line and no sentence: the document's head, never its title."""
    days = _DAY.findall(line)
    rest = _DAY.sub("", line)
    return (len(days) >= 2 and not SENTENCE_END.search(line)
            and len(re.findall(r"[\u4e00-\u9fff]", rest)) <= WORDS_A_DAY * len(days))


def could_be_title(line: str) -> bool:
    """Short, not a sentence, not a greeting, byline, date or numbered point."""

    return (len(line) <= TITLE_MAX and not SENTENCE_END.search(line)
            and not line.endswith(("：", ":")) and not is_greeting(line)
            and not is_front_matter(line) and not starts_with_marker(line))


# A line a PDF's font turned into letters of other scripts (༰૊ն࿐Ч…).
_OTHER_SCRIPTS = re.compile(r"[\u0370-\u1fff\u2c00-\u2dff\ua000-\uabff]")
NOISE_SHARE = 0.5


# 厦大教〔2019〕83 号 on a line of its own: the document's issue number, frame, never its title
ISSUE_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,12}\s*[〔［\[【(（]\s*(?:19|20)\d\d\s*[〕］\]】)）]\s*第?\s*\d{1,4}\s*号$")
# NB/T XXXX－20YY / GB/T 1.1—2020 / ICS 27.120 over a standard's (or its 编制说明's) title: its code, never the title
STANDARD_NUMBER_LINE = re.compile(r"^(?:ICS\s*[\d.]+|[A-Z]{1,4}(?:/[A-Z]{1,4})?\s*[\dX]{1,6}(?:\.[\dX]{1,3})*"
                                  r"\s*[-－—–]\s*(?:\d{2}|20)[\dXY]{2})$")


def is_noise(line: str) -> bool:
    """Nothing a reader could read: a page number, or mostly letters of scripts a Chinese text never uses."""
    chars = re.sub(r"\s", "", line)
    return is_page_number(line) or (
        bool(chars) and len(_OTHER_SCRIPTS.findall(chars)) >= NOISE_SHARE * len(chars))


# 任课教师：张华 / 学号：2021000001 / 姓名：李明: the fields of a paper's cover sheet, under its title
COVER_FIELD = re.compile(r"^(?:论文题目|题目|课程名称|课程|任课教师|指导教师|指导老师|学院|院系|专业|班级|年级|姓名|学号|"
                         r"学期|作者|完成日期|提交日期)\s*[：:]\s*[^。！？!?；;]{1,40}$")


# 序言 / 前言 / 目录 opening the text: the name of its first section, which every document may have,
# no title of this one (a charter's page that starts at its <h1>序言</h1>)
_SECTION_NAME = re.compile(r"^\s*(?:序言|前言|引言|导言|导语|目录|正文|摘要|绪论|序)\s*$")


def head_and_body(lines: list[str], fallback_title: str) -> tuple[str, list[str]]:
    """The title and the body lines of one speech's lines.

    The title is the first line when it can be one; otherwise the speech has
    none and ``fallback_title`` (the file name) stands for it. Byline and date
    lines before the body are dropped; a greeting stays as the body's first line.
    """
    i = 0
    while i < len(lines) and (is_front_matter(lines[i]) or is_noise(lines[i]) or STANDARD_NUMBER_LINE.match(lines[i])
                              or is_date_list(lines[i])):
        i += 1
    title = fallback_title
    if (i + 1 < len(lines) and SENTENCE_END.search(lines[i]) and could_be_title(lines[i + 1])
            and KIND_TITLE.search(lines[i + 1])):
        i += 1  # 本月推荐给各位党员的是…。 / 中共中央关于加强党的政治建设的意见: a note over the title, frame
    if _sender_over_letter(lines, i):
        i += 1  # 东莞…出借人 / …的请愿书 / 尊敬的…部长：: the sender over a letter's title, frame
    if (i < len(lines) and could_be_title(lines[i]) and not ISSUE_NUMBER_LINE.match(lines[i])
            and not _SECTION_NAME.match(lines[i])):
        title, i = _SITE_SECTIONS.sub(r"\1", lines[i]), i + 1
        if i < len(lines) and _title_goes_on(title, lines[i]):  # 国务院办公厅关于加强 / 三级…工作的意见
            # (bodies issuing it together are listed with 、; a title's own space stays)
            title, i = (re.sub(r"\s+", "、", title) if _BODY_ONLY.match(title) else title) + lines[i], i + 1
        # 绍兴一中党委理论学习中心组学习材料第二专题 / 习近平：在党史学习教育动员大会上的讲话: a
        # masthead over the title of the speech it carries; the masthead stays as frame
        if (i < len(lines) and could_be_title(lines[i]) and SPEECH_TITLE.search(lines[i])
                and not SPEECH_TITLE.search(title)):
            title, i = lines[i], i + 1
        # a second title line over a byline: 不忘初心担使命 / 奋力开创…新局面 / ——在…上的讲话
        if i + 1 < len(lines) and could_be_title(lines[i]) and is_byline(lines[i + 1]):
            title, i = f"{title} {lines[i]}", i + 1
    while i < len(lines) and (is_front_matter(lines[i]) or _speaker_before_date(lines, i)
                              or title != fallback_title and is_speaker_line(lines[i])
                              or COVER_FIELD.match(lines[i])):
        i += 1  # (习近平 on a line of its own under the title and date: the speaker, no text)
    return title, lines[i:]


# 哈尔滨信息工程学院 / 2018年高职（专科）单独招生章程: the issuing body alone on the first line
# (or the bodies issuing it together: 上海市交通委员会    上海市发展和改革委员会 / 关于印发…的通知)
_BODY = r"[\u4e00-\u9fff（）()]{2,24}?(?:大学|学院|学校|中学|小学|政府|人民政府|委员会|办公厅|办公室|局|厅|委|党委)"
_BODY_ONLY = re.compile(rf"^{_BODY}(?:[\s、]+{_BODY}){{0,3}}$")


def _sender_over_letter(lines: list[str], i: int) -> bool:
    """Line ``i`` names who writes (no kind of document) over a titled letter that opens with its
    salutation: the letter's title is the next line."""
    return (i + 2 < len(lines) and could_be_title(lines[i]) and not KIND_TITLE.search(lines[i])
            and not SPEECH_TITLE.search(lines[i]) and could_be_title(lines[i + 1])
            and bool(KIND_TITLE.search(lines[i + 1])) and is_greeting(lines[i + 2])
            and not _title_goes_on(lines[i], lines[i + 1]))


def _title_goes_on(line: str, following: str) -> bool:
    """A title broken over two lines: the first names its subject (…关于加强) or only the body
    that issues it (…学院) but no kind of document, the next ends in one (…工作的意见, …招生章程),
    and together they are still one title."""
    body = bool(_BODY_ONLY.match(line))
    if KIND_TITLE.fullmatch(following.strip()) and not KIND_TITLE.search(line) and not SPEECH_TITLE.search(line):
        return True  # 中国现场统计研究会质量分会 / 章程: a kind alone on its line names no document of its own
    return (("关于" in line or body) and not KIND_TITLE.search(line)
            and not SPEECH_TITLE.search(line) and could_be_title(following) and bool(KIND_TITLE.search(following))
            and ("关于" not in following or body and following.startswith("关于"))
            and len(line) + len(following) <= TITLE_MAX)


def _speaker_before_date(lines: list[str], i: int) -> bool:
    """A speaker line without a dash (市委书记　张XX) under the title: short, no
    punctuation, and followed by the date line or the greeting."""

    line = lines[i]
    return (len(line) <= 30 and i + 1 < len(lines) and (is_date(lines[i + 1]) or is_greeting(lines[i + 1]))
            and not re.search(r"[，,。！？!?；;：:]", line) and not starts_with_marker(line)
            and ("、" not in line or bool(re.search(r"\s[\u4e00-\u9fff](\s?[\u4e00-\u9fff]){1,3}$", line))))
