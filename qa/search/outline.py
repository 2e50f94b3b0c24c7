"""Questions about a speech's structure, answered from its directive tree:
"第二篇讲了哪几点？", "第一篇一共几部分？", "第二篇第二部分有几条？".

The answer lists the headings in order (after the count when one is asked),
each cited to the passage where that directive starts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.numerals import to_chinese, to_int
from qa.models import FAMILY_UNIT, UNIT_FAMILY, Directive, numbered, points
from qa.search.result import Answer, AnswerSentence
from qa.search.cite import speech_name
from qa.search.query import PART_REF, SPEECH_REF, Query
from qa.search.structure import Structure

ASKS_OUTLINE = re.compile(
    r"哪几点|哪些点|哪几个?方面|哪些方面|几个?方面|哪几[个大]?部分|哪些部分|几[个大]?部分|几点|几条|几项|几块|几类|几[章节]|多少[条点项章]|"
    r"(?:几|多少|哪几|哪些)个?议题|(?:几|哪几|哪些)个?小?标题(?:部分)?|"
    r"多少个?部分|主要内容|哪些内容|什么内容|讲了?(什么|啥)|讲的(什么|啥)|说了(什么|啥)|讲些什么|提纲|大纲|要点|框架|结构|"
    # 政策解答一共回答了几个大问题: a document of questions and answers counts its questions
    r"(?:回答|解答|答)了?几个?大?问题|"
    # 这场发布会记者一共提了几个问题 / 有几家媒体提问: a transcript counts the questions put to it
    r"(?:提|问)了?几个?问题|几(?:家|位|个)(?:媒体|记者)?提问")
ASKS_COUNT = re.compile(r"几|多少")
COUNTS = re.compile(r"(?<!哪)几|多少")  # how many (哪几个 asks which ones)
# What such a question wraps around the speech and part it names.
# …一共分几大部分？最后一部分的标题是什么？: the count's reply names the last one anyway
_FILLER = re.compile(r"最后一个?(?:部分|章|节|条|项|点|方面|问|议题)?(?:讲|说|写|谈)?的?(?:标题|题目|名称|内容)?是?什么|讲话|一共|总共|共|主要|讲|说|谈|提|讨论|审议|的|了|是|有|分为|分成|分|包括|哪|都|这篇|那篇|这次|那次|本次|这场|那场|记者|媒体|文章|稿子|正文|内容|里面?|中|其中|"
                     r"什么|从头到尾|依次|"
                     # 给新生提了几条建议: whom the points were put to
                     r"(?:给|对|向|跟)[\u4e00-\u9fff]{1,4}?(?=提|讲|说|谈)")
MAX_ITEMS = 20


@dataclass
class OutlineReply:
    rows: list[int]  # the passage cited for each result number, in order
    answer: Answer


_LAST_ITEM = re.compile(r"最后一个?(?:部分|章|节|条|项|点|方面|议题)")
_COUNTED = re.compile(r"(?:几|多少)[个大]?(部分|章|节|条|项|个方面|方面|块|类|大?问题|议题)")


def _items_unit(items: list[Directive]) -> str:
    """What a level's items are called: 章, 节 and 条 by their own marker, 点 otherwise."""
    unit = FAMILY_UNIT.get(items[0].family) if items else None
    return ("个" + unit if unit in ("议题", "问题") else unit) if unit in UNIT_FAMILY else "点"


def _groups(level: list[Directive]) -> str:
    """A level whose numbering starts again at 一 (一抓…十抓, then 一是…五是, then 一要…六要) in
    groups: （分3组：一抓至十抓10点，…）; nothing for one sequence."""
    runs = [[]]
    for d in level:
        if d.number == 1 and runs[-1]:
            runs.append([])
        runs[-1].append(d)
    if len(runs) < 2 or any(len(r) < 2 for r in runs):  # 一、 一、 三、: a slip of numbering, no groups
        return ""
    return f"，分{len(runs)}组（" + "，".join(
        f"{r[0].label}至{r[-1].label}{len(r)}点" if r[0].label != r[0].heading else f"{len(r)}点" for r in runs) + "）"


def counted_unit(question: str) -> str:
    """What a counting question counts in (分几章 → 章, 几大部分 → 部分); 点 by default."""
    m = _COUNTED.search(question)
    if m and m.group(1).endswith(("方面", "问题", "议题")):
        return "个" + m.group(1)[-2:]  # 共3个方面，最后一个方面 / 共5个问题
    return m.group(1).lstrip("个") if m else "点"


# 几个议题？第二个议题是什么？: an item named in the unit counted (议题 and 问题 name no part)
_ITEM_OF_COUNT = re.compile(r"第([一二两三四五六七八九十\d]{1,3})个?(议题|问题)")


def _item_after_count(text: str, size: int) -> int | None:
    """The n of 第n条 asked after the count (几条…，第一条是什么), when the list has one."""
    count = COUNTS.search(text)
    named = (PART_REF.search(text, count.end()) or _ITEM_OF_COUNT.search(text, count.end())) if count else None
    if named is None:
        return None
    n = to_int(named.group(1))
    return n if n and 1 <= n <= size else None


# 提三点希望： / 抓好三件事: a count of the items a line announces
COUNTS_ITEMS = re.compile(r"([一二两三四五六七八九十\d]+)(?:个|项|条|点|大|种|件|方面)")


def _own_lead(structure: Structure, key: tuple, target: Directive | None) -> str:
    """A part's own text before its first point, when it ends announcing them (…提三点希望：)."""
    speech = structure.index.speech(*key) if target is not None and target.children else None
    own = speech.text[target.body_start:target.children[0].start].strip() if speech is not None else ""
    return own if own.endswith(("：", ":")) else ""


# 以上是我对大家提的5点建议 / 上述三个方面: the line after a list that counts it back
_COUNTED_BACK = re.compile(r"^\s*(?:以上|上述|上面)[^。！？!?\n]{0,24}?([一二两三四五六七八九十\d]+)\s*(?:个|项|条|点|大|件|方面)")


def _counting_close(structure: Structure, key: tuple, level: list[Directive]) -> tuple[str, int | None]:
    """(the clause right after the list that counts it back, its passage), when that count is the
    list's size; ("", None) otherwise."""
    speech = structure.index.speech(*key) if level else None
    if speech is None:
        return "", None
    after = speech.text[level[-1].end:]
    m = _COUNTED_BACK.match(after)
    if m is None or to_int(m.group(1)) != len(level):
        return "", None
    clause = re.split(r"(?<=[，,。！？；])", after.strip())[0].rstrip("，,。！？；")
    row = structure.row_at(*key, level[-1].end + len(after) - len(after.lstrip()))
    return (clause, row) if row is not None else ("", None)


def _counting_lead(lead: str, size: int) -> str:
    """The clause of the line announcing a list (``lead``) that states its count, when that count is
    the list's size; else ""."""
    said = [t.strip() for t in re.split(r"(?<=[。！？；])", lead) if t.strip()]
    m = COUNTS_ITEMS.search(said[-1]) if said else None  # (提三点希望：)
    return said[-1] if m and to_int(m.group(1)) == size else ""


def _counts_whole(text: str) -> bool:
    """The question counts the document's parts before it names one of them (分几部分？第二部分…)."""
    count, named = _COUNTED.search(text), PART_REF.search(text)
    return bool(count and named and count.start() < named.start())


# 厦大课程考核管理办法一共有几章: the words before the count, ending in the document's kind, name
# the document it counts in (not 局长讲话最后提了几点希望, nor 交通管制从几点到几点)
_BEFORE_COUNT = re.compile(r"^.*?(?=(?:一共|总共|共|分为|分成|分|有)*(?:几|多少)[个大]?(?:部分|章|节|条|项|个?方面))")


def asks_outline(query: Query, kinds: tuple[str, ...] = ()) -> bool:
    """``kinds``: the kinds of document (办法, 讲话…) the question named its document by."""
    if not ASKS_OUTLINE.search(query.text):
        return False
    before = _BEFORE_COUNT.match(query.raw)
    named = bool(kinds) and before is not None and re.search(
        "(?:" + "|".join(map(re.escape, kinds)) + r")(?:的?(?:正文|全文))?(?:里|中|的)?$", before.group(0))  # (细则正文分成几个部分)
    text = _BEFORE_COUNT.sub("", query.text, count=1) if named else query.text
    rest = ASKS_OUTLINE.sub("", PART_REF.sub("", SPEECH_REF.sub("", text)))
    if _COUNTED.search(text):  # 分成几个部分？最后一部分讲什么？: the count's reply names the last one
        rest = _ITEM_OF_COUNT.sub("", _LAST_ITEM.sub("", rest))
    return len(re.findall(r"[\u4e00-\u9fff]", _FILLER.sub("", rest))) <= 2


def outline_reply(query: Query, structure: Structure, speech: int, part: list[int],
                  file: str | None = None, title: str = "", run: tuple | None = None,
                  items_first: bool = False) -> OutlineReply | None:
    """The answer to an outline question about ``speech`` (and ``part`` in it),
    or None when that part has no sub-points to list; ``title``: how the reply names the document
    (《its title》, or its file; 第N篇 where empty); ``run`` (first index, length, the
    lines announcing it): one list of that level, not all of it."""
    found = structure.speeches(speech, file)
    if not found:
        return None
    key = found[0]
    chain = numbered(structure.tree(*key), part, query.units if query.part == part else None)
    if chain is None:
        return None
    target, names = (chain[-1] if chain else None), list(part)
    below = target.children if target is not None else structure.tree(*key)
    if run is not None:
        first, length, lead = run
    level = below[first:first + length] if run is not None else points(below)
    counted = UNIT_FAMILY.get(counted_unit(query.text).removeprefix("个")) if COUNTS.search(query.text) else None
    if run is None and counted and any(d.family == counted for d in level):
        level = [d for d in level if d.family == counted]  # 一共有几条: the articles, not the rules after them
    items = level[:MAX_ITEMS]
    if not items:
        return None
    rows: list[int] = []

    def cite(d: Directive) -> int:
        row = structure.row_at(*key, d.start)
        if row is None:
            return 0
        if row not in rows:
            rows.append(row)
        return rows.index(row) + 1

    # each level as the question named it (第一部分第三条), 部分 where it did not
    units = [u if u in ("条", "点", "项", "章", "节") else "部分" for u in query.units] if query.part == part else []
    units += ["部分"] * (len(names) - len(units))
    named = title + ("" if title.endswith(("》", "）")) else " ") if title else speech_name(speech)  # (文件 a.txt 共3点)
    where = named + "".join(
        f"第{to_chinese(n)}{u}" for n, u in zip(names, units) if not items_first)  # (named by its heading, not a number)
    # 分了几个部分，第二部分讲的是什么: the count is the whole document's, said first; the part is then named
    whole = _counts_whole(query.text) and bool(part) and run is None and not items_first
    if whole:
        named_part = "".join(f"第{to_chinese(n)}{u}" for n, u in zip(names, units))
        where = f"{where[:len(where) - len(named_part)]}共{len(points(structure.tree(*key)))}" \
                f"{counted_unit(query.text)}，{named_part}"
    # 有几项? the last item is what its number answers: it is cited first
    # (a list longer than the reply lists still has its last item: 共23条，最后一条是…)
    counting = bool(COUNTS.search(query.text)) and len(level) > 1 and not whole
    # 提了几条希望，第一条是什么: of a list named by its heading, the item asked after the count
    asked = _item_after_count(query.text, len(level)) if counting and (
        run is not None or items_first or _ITEM_OF_COUNT.search(query.text)) else None
    pick = level[asked - 1] if asked else level[-1]
    last = [AnswerSentence(structure.title_as_written(*key, pick), cite(pick))] if counting else []
    head: list[AnswerSentence] = []
    if items_first and not last:  # the question named the heading: its items answer, cited first
        for d in items:
            cite(d)
    if target is not None and cite(target):
        head = [AnswerSentence(target.title, cite(target))]
    listed = [AnswerSentence(d.title, n) for d in items if (n := cite(d))]
    if run is not None and not (last and last[0].result):  # 要树立哪四个理念: the list its line announces
        said = [t for t in re.split(r"(?<=[。！？；：:])", lead) if t.strip()]
        text = f"{where}{'：' + said[-1].strip() if said else ''}列出的共{len(level)}点："
        sentences = listed
    elif last and last[0].result:
        named = f"（{head[0].text}[{head[0].result}]）" if head else ""
        unit = counted_unit(query.text)
        which = f"第{to_chinese(asked)}" if asked else "最后一"
        text = f"{where}{named}共{len(level)}{unit}{_groups(level)}，{which}{unit}是：{last[0].text}[{last[0].result}]。依次是："
        sentences = last + head + listed
        # (a count alone asked: 最后提了几点希望; with an item asked, that item stays first)
        stated = "" if asked or _LAST_ITEM.search(query.text) else _counting_lead(
            run[2] if run is not None else _own_lead(structure, key, target), len(level))
        # (the line ends the passage before the list's, or opens the first point's)
        row = next((r for r in reversed(structure.rows(*key)) if structure.index.passages[r].start <= level[0].start
                    and stated in structure.index.passages[r].text), None) if stated else None
        if row is None and not asked and not _LAST_ITEM.search(query.text):
            stated, row = _counting_close(structure, key, level)  # (以上是我对大家提的5点建议)
        if row is not None:
            # …提三点希望：: the line announcing the list says its count in the speech's own words; cited first
            shift = 0 if row in rows else 1  # (a passage not cited yet goes first: the others move down one)
            if shift:
                rows.insert(0, row)

            def moved(m: re.Match) -> str:
                return f"[{int(m.group(1)) + shift}]"
            ends = "" if re.search(r"[。！？；：:，,]$", stated) else "。"  # (a clause cut from its sentence)
            text = f"{stated}[{rows.index(row) + 1}]{ends}" + re.sub(r"\[(\d+)\]", moved, text)
            sentences = [AnswerSentence(stated, rows.index(row) + 1)] + [
                AnswerSentence(x.text, x.result + shift) for x in sentences]
            listed = [AnswerSentence(x.text, x.result + shift) for x in listed]
    elif head and items_first:  # “提高政治能力”这一部分包括哪几条: its items, then the heading they sit under
        text = f"{where}（{head[0].text}[{head[0].result}]）下分{len(level)}{_items_unit(items)}{_groups(level)}："
        sentences = listed + head
    elif head:
        text = f"{where}是：{head[0].text}[{head[0].result}]。下分{len(level)}{_items_unit(items)}{_groups(level)}："
        sentences = head + listed
    else:
        text = f"{where}共讲了{len(level)}点{_groups(level)}："
        sentences = listed
    text += "；".join(f"{s.text}[{s.result}]" for s in listed) + ("；……" if len(level) > len(items) else "") + "。"
    return OutlineReply(rows, Answer(text, sentences))
