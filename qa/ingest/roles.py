"""The frame of a document: the lines around its content that say who sent it,
to whom, when and why, not what it asks for.

A forwarded bulletin opens with a forwarding line (…请大家认真学习…讲话摘要),
a signature and date, a masthead (绍办通报 / 〔2019〕第14期) and an editor's
note (按：…); a notice ends with a contact line, its issuing body and date,
and a distribution line (发：… / 抄送：…) or a 印发 line. These paragraphs stay
searchable (哪天印发, 谁发的), but they are neither directives nor content:
``frame_paragraphs`` names them so that passages carry ``role="frame"``.
"""
from __future__ import annotations

import re

from qa.ingest.directives import is_greeting, starts_with_marker
from qa.ingest.layout import DOCUMENT_FIELD, is_date

# Anywhere in the document: these say what they are.
_ALWAYS = [
    re.compile(r"^(主送|抄送|抄报|分送|报送|发)\s*[：:]"),  # distribution
    re.compile(r"印\s*发\s*$"),  # …办公室  2019年5月27日印发
    re.compile(r"^〔\s*\d{4}\s*〕\s*第?\s*\d+\s*[期号]$"),  # issue number of a bulletin
    re.compile(r"^第\s*\d+\s*期$"),
    re.compile(r"^(联系人|联系电话|联系邮箱|联系方式|电子邮箱|邮箱|传真)\s*[：:]"),  # contact line
    re.compile(r"^附\s*[：:]"),  # a reference to an attachment not included
    re.compile(r"^(公开方式|公开属性|信息公开选项)\s*[：:]"),  # 公开方式：主动公开 under a government notice
    DOCUMENT_FIELD,  # a policy page's fields on the document (统一编号： / 发布机关：): what it is, not what it says
    re.compile(r"^注\s*[：:][^。]{0,30}。?$"),  # 注：图片来自网络。
    # 作者 / 刘润 / 编辑 / 程志 版面 / 黄静 / 责任编辑：王芳: a post's staff credits (short: a field, no sentence)
    re.compile(r"^(?:作者|编辑|责任编辑|责编|版面|排版|审核|审校|校对|来源|摄影|撰稿|编审)\s*[/／：:|｜]\s*[^。！？，,]{1,12}"
               r"(?:\s+(?:作者|编辑|责任编辑|责编|版面|排版|审核|审校|校对|来源|摄影|撰稿|编审)\s*[/／：:|｜]\s*[^。！？，,]{1,12})*$"),
    # 返回列表页 / 上一篇 / 阅读原文 / 小懒自动备份，仅供查阅学习: a saved page's links and its archive's notice
    re.compile(r"^(?:返回(?:列表页?|首页|目录|顶部|上一页)|上一篇|下一篇|阅读原文|查看原文|打印本页|关闭窗口)$"),
    re.compile(r"^[^。！？]{0,12}(?:仅供(?:查阅|学习|参考|交流)[^。！？]{0,8}|转载请注明[^。！？]{0,20})[。！]?$"),
    re.compile(r"^这是\s*[^。！？，,]{1,20}\s*的\s*第\s*\d+\s*篇\s*原创文章$"),  # 这是 刘润公众号 的 第2111篇 原创文章
]
# An editor's note (按：… / 【导读】… / 编者的话：…) is a few sentences; a paragraph that opens with
# one and runs on for pages is the article itself, pasted as one paragraph
_EDITORS_NOTE = re.compile(r"^(编者)?按\s*[：:]|^[【\[]\s*(编者按|编者的话|导\s*读|导\s*语|内容提要)\s*[】\]]"
                           r"|^(编者的话|导\s*读|导\s*语|内容提要)\s*[：:]")
EDITORS_NOTE_CHARS = 400
# …发表题为《…》的主旨演讲。 新华社记者鞠鹏摄 / （张三 摄）: a photo's credit marks its caption
_PHOTO_CREDIT = re.compile(r"记者\s*[\u4e00-\u9fff]{2,4}\s*摄(?!影)|[（(]\s*[\u4e00-\u9fff]{2,4}\s*摄\s*[）)]")
CAPTION_CHARS = 400


def opens_editors_note(line: str) -> bool:
    """The paragraph opens an editor's note (按：… / 【导读】…)."""
    return bool(_EDITORS_NOTE.search(line.strip()))
# A document number with its title line (…的通知 国能综通安全〔2021〕108号).
_DOC_NUMBER = re.compile(r"〔\s*\d{4}\s*〕\s*\d+\s*号")
# Forwarding: …请/希…认真学习… about a speech, a notice or a document.
_FORWARD = re.compile(r"(请|希)(大家|各位|全体[^，。！]{0,6}|各[^，。！]{0,10})?认真(学习|贯彻|组织学习|阅读)"
                      r"|^现(将|把|摘录|转发)[^。]{0,80}(印发|转发|摘录|如下|学习)")
_FORWARDED = re.compile(r"讲话|摘要|摘录|通知|文件|精神|印发|转发")
# Addressees of a notice: 各省（自治区、直辖市）能源局，…：
_ADDRESSEES = re.compile(r"^各[^。！？]{1,200}[：:]$")
# Near the top or the bottom only: a signature (issuing body), a masthead, a bare date.
_ORG = re.compile(r"^[^\s，。！？；：:、]{2,24}(办公室|委员会|综合司|党政办|政府|人民政府|局|厅|部|司|处|办|委|中学|小学|学校|大学|学院)$")
_MASTHEAD = re.compile(r"^[^\s，。！？；：:、]{1,8}(通报|简报|快报|信息|动态|通讯)$")
EDGE = 6  # paragraphs at each end where a signature or masthead is looked for
# Under a law's or a regulation's title: （2004年5月19日中华人民共和国教育部令第18号发布，根据2012年1月5日
# 《…的决定》修正） / （2021年3月11日第十三届全国人民代表大会第四次会议通过）: when it was made, not what it says
_MADE_NOTE = re.compile(r"^[（(](?=.*(?:19|20)\d\d\s*年).*(?:发布|公布|通过|修正|修订|施行|印发|批准|颁布).*[）)]$")
MADE_NOTE_CHARS = 300


def is_frame_line(line: str, near_edge: bool) -> bool:
    """Whether one paragraph belongs to the document's frame."""
    line = line.strip()
    if not line:
        return False
    if any(p.search(line) for p in _ALWAYS):
        return True
    if len(line) <= EDITORS_NOTE_CHARS and _EDITORS_NOTE.search(line):
        return True
    if len(line) <= CAPTION_CHARS and _PHOTO_CREDIT.search(line):
        return True  # a news photo's caption pasted into the speech: who was where, not what was said
    if len(line) <= 100 and _DOC_NUMBER.search(line) and not starts_with_marker(line):
        return True  # (第十八条 …（穗府办规〔2019〕13号）同时废止 cites another document: it is an article)
    if len(line) <= 200 and _FORWARD.search(line) and _FORWARDED.search(line):
        return True
    if _ADDRESSEES.match(line) and not is_greeting(line):
        return True
    # (七、本通知自2024年3月4日起施行 is the notice's last point, not its date line)
    if near_edge and len(line) <= 40 and (_ORG.match(line) or _MASTHEAD.match(line) or is_date(line)) \
            and not starts_with_marker(line):
        return True
    if near_edge and len(line) <= MADE_NOTE_CHARS and _MADE_NOTE.match(line):
        return True
    return False


# The list of a notice's annexes (附件：1. 经典诵读大赛方案 / 2. 诗文创作大赛方案 …): it names what is
# attached, it is no point of the notice
_ANNEX_LIST = re.compile(r"^附[件表]\s*[：:]")
_LISTED_ANNEX = re.compile(r"^\d{1,2}\s*[.．、]\s*[^。！？!?；;]{1,60}$")


def _annex_lists(paragraphs: list[str]) -> set[int]:
    out: set[int] = set()
    for i, para in enumerate(paragraphs):
        if _ANNEX_LIST.match(para.strip()) and len(para.strip()) <= 80:
            out.add(i)
            j = i + 1
            while j < len(paragraphs) and _LISTED_ANNEX.match(paragraphs[j].strip()):
                out.add(j)
                j += 1
    return out


def frame_paragraphs(paragraphs: list[str], lead: int = 0) -> list[int]:
    """1-based numbers of the frame paragraphs; the first ``lead`` paragraphs
    (a preamble the splitter already knows to be frame) count as frame whole."""
    n = len(paragraphs)
    annexes = _annex_lists(paragraphs)
    out = []
    for i, para in enumerate(paragraphs):
        near_edge = i < max(EDGE, lead + 2) or i >= n - EDGE
        if i < lead or i in annexes or is_frame_line(para, near_edge):
            out.append(i + 1)
    return out
