"""Structure questions on any document, beyond 第N篇第N部分:

- 最后一部分 / 最后一条 / 最后一点: the last item at that level;
- "X是第几点？": the item whose heading holds X, with its number;
- counting questions (分几部分 / 讲了几点): where the document states its own
  count (下面，我讲三方面内容 / 重点讲4点意见) that sentence is cited first.
"""
from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from qa.ingest.directives import is_greeting, without_heading_marks
from qa.ingest.layout import PROSE_END
from qa.models import UNIT_FAMILY, numbered, of_family, points, points_path, walk
from qa.numerals import to_chinese, to_int
from qa.search.outline import COUNTS_ITEMS
from qa.search.sentences import normalized, split_sentences

LAST = re.compile(r"最后(?:一)?(?:个?大)?(部分|章|节|点|条|项|个方面|方面|个问题|段|项任务|个?[大小]?标题|议题)")
WHICH_NUMBER = re.compile(r"第几(部分|章|节|点|条|项|个方面|方面)|排第几|哪一(部分|章|点|条)")
QUOTED = re.compile(r"[“\"‘']([^”\"’']{2,40})[”\"’']")
_NUM = r"[一二两三四五六七八九十\d]+"
STATED_COUNT = re.compile(rf"(?:下面|以下|今天|这里|接下来|主要)[^。！？]{{0,30}}?(?:讲|谈|提|强调|说|分为|包括)[^。！？]{{0,6}}?({_NUM})"
                          rf"(?:点|个方面|方面|部分|个问题|条|项)|"
                          # 着重建设好以下四大项目 / 做好如下三项工作 / 下面我就三个方面作一简要汇报
                          rf"(?:以下|如下|下列)({_NUM})(?:大|个|项|条|点|方面)|"
                          rf"(?:下面|以下|今天|这里|接下来)[^。！？]{{0,12}}?[就从][^。！？]{{0,40}}?({_NUM})个?(?:方面|部分)"
                          rf"(?:作|做|谈|讲|汇报|报告|说)|"
                          # (a part's own text) 《意见》主要有4个特点： right before its points
                          rf"有({_NUM})(?:个|项|条|点|大)[\u4e00-\u9fff]{{0,4}}[：:]|"
                          # 重点抓好十个方面工作 / 做好三项工作: a work plan's part counting its tasks
                          rf"(?:抓好|做好|抓住)[^。！？]{{0,4}}?({_NUM})(?:个|项|大)方面")
ASKS_COUNT = re.compile(r"几|多少")


COUNTS_LEVEL = re.compile(r"(?<![哪第])几[个大]?(?:部分|章|节|条|项|点|方面|议题)|多少[个大]?(?:部分|章|条|项|点|议题)")


def with_last_part(query, tree_of) -> object:
    """``query`` with 最后一X resolved to a part number, given ``tree_of()`` → the speech's directive tree."""
    counted = COUNTS_LEVEL.search(query.text)
    if counted and not query.part:
        return _with_counted_list(query, tree_of(), counted.group())
    m = LAST.search(query.text)
    if not m or counted:  # 一共分几部分？最后一部分是什么？: the count answers both
        return query
    if query.units and query.units[-1] == m.group(1):
        # 最后一个大部分（第三部分）: the number restates the last one at that level, no part within it
        return replace(query, core=LAST.sub(" ", query.core).strip())
    tree = tree_of()
    level = points(tree)
    last = points(level[-1].children) if level else []
    if (m.group(1) == "条" and not query.part and items_run_on(level)
            and last[-1].family not in ("part", "chap", "sect")):  # (not chapters numbered on across parts)
        # 最后一条 of a document whose items are numbered on across its parts (一、1.–3. 二、4.–6. …, or
        # 第一章 第一、二条 第二章 第三…五条): those items are its 条, and the last is the last part's last
        return replace(query, part=[len(level), last[-1].number], units=["部分", "条"],
                       core=LAST.sub(" ", query.core).strip())
    family = UNIT_FAMILY.get(m.group(1))
    if family and not query.part and not any(d.family == family for d in tree):
        # 最后一章 of a document in parts (第四部分 > 第二十二章): the last chapter, wherever it is
        found = of_family(tree, family)
        if found:
            part = points_path(tree, [i + 1 for i in found[-1][0]])
            return replace(query, part=part, units=["部分"] * (len(part) - 1) + [m.group(1)],
                           core=LAST.sub(" ", query.core).strip())
    for n in query.part:
        if not 1 <= n <= len(level):
            return query
        level = points(level[n - 1].children)
    if not level:
        return query
    # 最后一点 names the part as 第三点 would: it is no topic word to search by
    return replace(query, part=[*query.part, len(level)], units=[*query.units, m.group(1)],
                   core=LAST.sub(" ", query.core).strip())


# 最后一个小标题叫什么 / 第三部分的标题是什么: the part's name is asked, which its heading is
NAME_ASKED = re.compile(r"叫什么|叫啥|(?:标题|题目|名字|名称)(?:是什么|是啥|叫)|什么标题|什么题目")


# …and nothing else: 具体行动里第三项行动叫什么 names a list by its words, for the search to find
_NAME_FILLER = re.compile(r"最后|[大小]?标题|题目|名字|名称|部分|叫|什么|啥|是|的|这|那|一|个|\s")


def part_title(query, tree) -> str | None:
    """The title of the part ``query.part`` names in ``tree``, when the question asks what it is called."""
    if not query.part or not NAME_ASKED.search(query.text) or _NAME_FILLER.sub("", query.core):
        return None
    chain = numbered(tree, query.part, query.units)
    return chain[-1].title if chain else None


AGENDA = re.compile(r"议程|议题|会议纪要|会议内容|会议记录|会议要点")


def _with_counted_list(query, tree, asked: str):
    """一共讨论了几个议题 of minutes whose 议题 stand under a section (## 会议纪要 > 议题1：…): the count
    is of that list, the one directive they all stand in; ``query`` as it was otherwise."""
    family = next((f for u, f in UNIT_FAMILY.items() if asked.endswith(u)), None)
    if family is None or any(d.family == family for d in tree):
        return query
    parents = {p[:-1] for p, _ in of_family(tree, family)}
    if family == "topic" and not parents:
        # minutes that number their agenda as a list (## 会议纪要 / 1. … / 2. …): the one section named
        # for its agenda holding a list of two or more is what 几个议题 counts
        parents = {p for p, d in walk(tree) if AGENDA.search(d.heading) and len(points(d.children)) >= 2}
    if len(parents) != 1 or not next(iter(parents)):
        return query
    part = points_path(tree, [i + 1 for i in next(iter(parents))])
    return replace(query, part=part, units=["部分"] * len(part))


def with_run_on_item(query, level):
    """第二十条 of a document whose items are numbered on across its parts: the item numbered 二十,
    in whichever part (the path to it in ``query.part``); ``query`` as it was otherwise."""
    if query.units != ["条"] or not items_run_on(points(level)):
        return query
    for i, d in enumerate(points(level), 1):
        if any(item.number == query.part[0] for item in points(d.children)):
            # qa.models.numbered reads a number in a level that runs on as the item carrying it
            return replace(query, part=[i, query.part[0]], units=["部分", "条"])
    return query


def items_run_on(level) -> bool:
    """The items under the parts of ``level`` are one sequence: each part's first item is numbered
    on from the part before's last (二、 starts at 4. after 一、 ended at 3.)."""
    groups = [points(d.children) for d in level]
    if len(groups) < 2 or not all(groups):
        return False
    return all(b[0].number == a[-1].number + 1 and b[0].number > 1 for a, b in zip(groups, groups[1:]))


def stated_count(speech_text: str, part: bool = False) -> tuple[int, str] | None:
    """(offset, sentence) of the first sentence where the document states how many points it makes
    (in a part's own text, 以下四大项目 says it too; across a whole speech it may count a sub-list)."""
    for s in split_sentences(speech_text):
        m = STATED_COUNT.search(s.text)
        if m and (m.group(1) or m.group(3) or part):
            return s.start, s.text
    return None


def which_number(query, tree) -> tuple[list[int], object] | None:
    """("X是第几点？") the path of numbers to the directive whose heading holds X, and that directive."""
    if not WHICH_NUMBER.search(query.text):
        return None
    quoted = QUOTED.search(query.raw) or QUOTED.search(query.text)
    wanted = normalized(quoted.group(1)) if quoted else ""
    if not wanted:
        return None

    def walk(level, path):
        for i, d in enumerate(level, 1):
            if wanted in normalized(d.heading) or wanted in normalized(d.title):
                return [*path, i], d
            found = walk(d.children, [*path, i])
            if found:
                return found
        return None

    return walk(tree, [])


def number_text(path: list[int], unit: str) -> str:
    return "".join(f"第{to_chinese(n)}{unit if i == len(path) - 1 else '部分'}" for i, n in enumerate(path))


def count_of(sentence: str) -> int | None:
    m = STATED_COUNT.search(sentence)
    return to_int(next(g for g in m.groups() if g)) if m else None


def which_number_reply(query, structure, key):
    """"“X”是第几点？" answered from the tree of speech ``key`` (an OutlineReply), or None."""
    from qa.search.answer import Answer, AnswerSentence
    from qa.search.outline import OutlineReply

    found = which_number(query, structure.tree(*key))
    if not found:
        return None
    path, d = found
    row = structure.row_at(*key, d.start)
    if row is None:
        return None
    m = WHICH_NUMBER.search(query.text)
    unit = next((g for g in m.groups() if g), "点") if m else "点"
    text = f"{d.title}[1]——是{number_text(path, unit)}。"
    return OutlineReply([row], Answer(text, [AnswerSentence(d.title, 1)]))


def cite_stated_count(query, reply, structure, key):
    """A counting question about a whole document: the sentence where it states its own count comes first."""
    from qa.search.answer import Answer, AnswerSentence

    if reply is None or not ASKS_COUNT.search(query.text) or _COUNT_THEN_ITEM.search(query.text):
        return reply  # (几项措施，最后一项是什么: the item asked is the reply's first sentence)
    speech = structure.index.speech(*key)
    if speech is None:
        return reply
    if query.part:  # a part's own count, stated in its text before its first point
        chain = numbered(structure.tree(*key), query.part, query.units)
        if not chain:
            return reply
        d = chain[-1]
        stated = stated_count(speech.text[d.body_start:d.body_end], part=True)
        stated = (d.body_start + stated[0], stated[1]) if stated else None
    else:
        stated = stated_count(speech.text)
        level = points(structure.tree(*key))
        # 限购政策调整主要包括两部分, said in one answer of a document of five parts, counts a list
        # inside it: only a count of the document's own parts is its own
        if stated is not None and level and count_of(stated[1]) not in (None, len(level)):
            stated = None
    if stated is None:
        return reply
    offset, sentence = stated
    row = structure.row_at(*key, offset)
    if row is None:
        return reply
    rows = [row] + [r for r in reply.rows if r != row]
    renumber = {old: rows.index(r) + 1 for old, r in enumerate(reply.rows, 1)}
    sentences = [AnswerSentence(sentence, 1)] + [AnswerSentence(s.text, renumber.get(s.result, s.result))
                                                 for s in reply.answer.sentences]
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", reply.answer.text)
    reply.rows[:] = rows
    reply.answer = Answer(f"{sentence}[1]" + text, sentences)
    return reply


ASKS_ITEMS = re.compile(r"几项|几个|几条|几点|几大|几种|几类|几方面|几个方面|几部分|几个阶段|几阶段|几步|哪几|哪些方面|分几|"
                        r"哪[一二两三四五六七八九十\d]+[大个项条点]")
# 今年/去年 say which year by the document's own date: its heading writes the year (2024年…任务)
_ITEM_FILLER = re.compile(r"今年|去年|明年|本年度|本年|这一?|包括|包含|一共|总共|共|分别|列了|讲了|提了|有|是|的|了|里|中|哪几|哪些|几项|几个|几条|几点|几大|几种|几类|方面|"
                          r"几部分|部分|阶段|分几|工作|主要|内容|什么|哪[一二两三四五六七八九十\d]+[大个项条点]|"
                          # …分成几个方面？最后一个方面是什么: how the count and its last item are asked
                          r"分成|分为|最后(?:一个?)?")
MIN_HEADING_SHARE = 0.6  # of the question's topic pairs a heading must hold
LEAD_LINES = 2  # lines before a speech's first point that may name its list


def _pairs(text: str) -> set[str]:
    """Character pairs of each run of Han characters and digits (never across a word taken out)."""
    return {run[i:i + 2] for run in re.findall(r"[\u4e00-\u9fff\d]+", text) for i in range(len(run) - 1)}


# lines that announce the list after them: …如下： / 树立以下四个教育理念 / 抓好三件事
_ANNOUNCES = re.compile(r"[：:]\s*$|以下|如下|下列|[一二两三四五六七八九十\d]+(?:个|项|条|点|大|种|件|方面|类)")


def _lead_runs(level, path, text: str, lines: int = LEAD_LINES):
    """(first index, length, the lines leading into it) of each list of a level that starts at 1:
    a speech's own list (at the top), or a list that starts again at 1 after prose."""
    if not level:
        return
    runs = [0] + [i for i in range(1, len(level)) if level[i].number == 1 < level[i - 1].number]
    for r, end in zip(runs, runs[1:] + [len(level)]):
        if r or not path or _announced_on_its_line(text, level[r].start):
            yield r, end - r, _lines_before(text, level[r].start, lines)


def _announced_on_its_line(text: str, pos: int) -> bool:
    """最后，我就…再强调四点意见。一要保平安。…: the list's first item follows the one sentence
    that opens its paragraph by counting it, however deep the parser put the list."""
    before = text[text.rfind("\n", 0, pos) + 1:pos].strip()
    return bool(before) and not re.search(r"[。！？；]", before[:-1]) and COUNTS_ITEMS.search(before) is not None


def _lines_before(text: str, pos: int, lines: int) -> str:
    """The last ``lines`` lines of text before ``pos``, run together (read back from ``pos``,
    not by splitting everything before it: this runs for every list of every speech asked)."""
    end = pos
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    for _ in range(lines):
        start = text.rfind("\n", 0, start)
        if start < 0:
            return text[:end].lstrip().replace("\n", "")
    return text[start + 1:end].replace("\n", "")


# 备课、上课、作业……这一串环节: a list named by some of its items, written in a row
_ITEMS_IN_A_ROW = re.compile(r"[\u4e00-\u9fff]{2,10}(?:、[\u4e00-\u9fff]{2,10})+")
MIN_NAMED_ITEMS = 2


def _item_words(query) -> list[list[str]]:
    """Per item the question writes in a row, the ways it may stand in a heading: the words
    around the row run into its first and last item (讲了备课、上课), so those are read from
    their inner end, two characters at least."""
    out = []
    for row in _ITEMS_IN_A_ROW.findall(query.text):
        items = row.split("、")
        for i, item in enumerate(items):
            if i == 0:
                out.append([item[k:] for k in range(len(item) - 1)])
            elif i == len(items) - 1:
                out.append([item[:k] for k in range(len(item), 1, -1)])
            else:
                out.append([item])
    return out


def named_by_items(query, tree_of, keys) -> tuple[tuple[str, int], list[int]] | None:
    """(speech key, parent path) of the one level whose headings hold two or more of the items
    the question writes in a row, each in a heading of its own; None when none or several do."""
    items = _item_words(query)
    if len(items) < MIN_NAMED_ITEMS:
        return None
    found: list = []
    for key in keys:
        def walk(level, path):
            heads = [normalized(d.heading) for d in level]
            held = {next((j for j, h in enumerate(heads) if any(w in h for w in ways)), None) for ways in items}
            held.discard(None)
            if len(held) >= MIN_NAMED_ITEMS and len(held) >= len(items) - 1:
                found.append((len(held), key, path))
            for i, d in enumerate(level, 1):
                walk(d.children, [*path, i])
        walk(tree_of(*key), [])
    most = max((f[0] for f in found), default=0)
    top = [f for f in found if f[0] == most]
    return (top[0][1], top[0][2]) if len(top) == 1 else None


def heading_part(query, tree_of, keys, text_of=None) -> tuple[tuple[str, int], list[int], tuple | None] | None:
    """("时间步骤分几个阶段？") the speech and part path of the one heading that holds the
    question's topic, when the question asks for that part's items; or (要树立哪四个教育理念？)
    of the level holding the one list its leading lines name (``text_of(file, speech)`` giving
    the text), with that list's (first index, length, the announcing line)."""
    # (具体行动有几项？第二项是什么？: the number is of an item of the list the count asks about)
    if query.part and not _COUNT_THEN_ITEM.search(query.text) or not ASKS_ITEMS.search(query.text):
        return None
    named = named_by_items(query, tree_of, keys)
    if named is not None and named[1]:  # 备课、上课、作业这些环节一共几个: the list they are items of
        return named[0], points_path(tree_of(*named[0]), named[1]), None
    topic = _pairs(_ITEM_FILLER.sub(" ", query.core))
    if not topic:
        return None
    quoted = {normalized(q) for q in QUOTED.findall(query.raw) if len(q) >= 2}
    best: list = []
    leads: list = []
    for key in keys:
        text = text_of(*key) if text_of is not None else None

        def walk(level, path):
            for first, length, lead in (_lead_runs(level, path, text, lines=1) if text is not None else ()):
                if length > 1 and _ANNOUNCES.search(lead):  # a list the line before it announces
                    leads.append((len(topic & _pairs(lead)) / len(topic), key, path, (first, length, lead)))
            # 议程 1：… 议程 6：…: a word every heading of the level holds names the level, not one part
            # (of two headings, 2015年工作回顾 / 2016年工作安排, the shared words still tell them apart)
            common = set.intersection(*[_pairs(d.heading) for d in level]) if len(level) >= COMMON_HEADINGS else set()
            for i, d in enumerate(level, 1):
                if d.children:
                    # the heading, and what its items all say (实施…工程 ×5: 哪五大工程)
                    kids = [_pairs(c.heading) for c in d.children]
                    shared = {p for p in set().union(*kids) if 2 * sum(p in k for k in kids) > len(kids)}
                    own = _pairs(d.heading) - common
                    # (and the sentence under it announcing them: 我从以下五个方面总结…：)
                    said = own | (shared if len(kids) >= 2 else set()) | _pairs(_announced(d, text))
                    # the question's share of the heading breaks a tie: 重点项目 over 实施步骤和重点项目
                    share = (len(topic & said) / len(topic), len(topic & own) / max(1, len(own)))
                    if normalized(d.heading) in quoted:  # “学校概况”下面分了哪几个小板块: that heading, whole
                        share = (EXACT_HEADING, 1.0)
                    best.append((share, key, [*path, i]))
                    walk(d.children, [*path, i])
        walk(tree_of(*key), [])
    best.sort(key=lambda b: (-b[0][0], -b[0][1]))
    lead = max(leads, key=lambda x: x[0], default=None)
    if (lead is not None and lead[0] >= MIN_HEADING_SHARE and (not best or lead[0] > best[0][0][0])
            and sum(x[0] == lead[0] for x in leads) == 1):
        return lead[1], points_path(tree_of(*lead[1]), lead[2]), lead[3]
    if not best or best[0][0][0] < MIN_HEADING_SHARE or (len(best) > 1 and best[1][0] == best[0][0]):
        return None
    return best[0][1], points_path(tree_of(*best[0][1]), best[0][2]), None


COMMON_HEADINGS = 3  # headings of one level that make a word they all hold the level's name
EXACT_HEADING = 1.5  # share of a heading that is, whole, the name the question quotes
_COUNT_THEN_ITEM = re.compile(rf"(?<!哪)几[个项条点]?[^第，。？]{{0,8}}[，,？?]\s*(?:第{_NUM}[项条点个]|最后一)")


# "竞聘基本原则的第一条", "工作作风方面的第1点", "主要措施的最后一条", "光辉榜样里最后一个":
# an ordinal asked inside a list the question names by its heading's words.
# A bare 第三 is an item only before a particle, a list's own verb (第五抓) or punctuation:
# 第一年 / 第三名 / 第二学期 / 第十版 / 第一责任人 count time or rank, or are words of their own.
ORDINAL = re.compile(rf"第({_NUM})(?:部分|点|条|项|个方面|方面|个问题|段|个|起|块|步|件|种|类|"
                     rf"(?=[的是讲说提抓看要]|[^{_NUM[1:-2]}\u4e00-\u9fff]|$))")
LAST_ANY = re.compile(r"最后(?:一)?(?:部分|点|条|项|个方面|方面|个问题|段|个|起|块|步|件|种|类|项任务)")
_ORDINAL_FILLER = re.compile(r"[这那]一?(?:部分|块|方面)|部分|是什么|是啥|讲什么|讲的什么|讲了什么|讲的啥|说了什么|说的什么|具体|内容|列举|列出|提到|提出|"
                             r"讲话|这份|那份|这篇|那篇|里面|里|中|的|了|是|哪几个|哪几|哪些|哪一?[个项条位]|什么|一共|分别|有|讲|说|"
                             r"几[个项条点起件种类步]|"  # 通报了几起…，最后一起: the count asked beside it
                             # 后半部分宣布的五项开放举措中，第三项: where in the speech, and the count it states
                             r"[前后上下]半(?:部分|段|篇)?|宣布|介绍|谈到|讲到|(?<=的)[二两三四五六七八九十]+[项个条点种类大]")


# 最后一步 / 第二步 / 最后一段: a step of a part written as paragraphs
_STEP = re.compile(rf"(?:最后|第{_NUM})一?[步段]")


# 第4章“应急响应”: the quoted words name the part the number names, not a list inside it
NUMBER_THEN_NAME = re.compile(r"第[^第，。？]{1,3}(?:部分|章|节)\s*[“\"「『]")


def _after_quote(raw: str) -> str:
    """What a question says after the last heading it quotes ("" when it quotes none)."""
    ends = [m.end() for m in QUOTED.finditer(raw)]
    return raw[ends[-1]:] if ends else ""


def _ordinal(text: str) -> int | str | None:
    """The one ordinal a question asks for (a number, or "last"), else None."""
    numbers = ORDINAL.findall(text)
    last = LAST_ANY.search(text)
    if len(numbers) + bool(last) != 1:
        return None
    return "last" if last else to_int(numbers[0])


def _announced(d, text: str | None) -> str:
    """The sentence that announces a directive's list (…还存在一些不足，主要如下：), when its own
    text before its first point ends with a colon."""
    if text is None or not d.children:
        return ""
    own = text[d.body_start:d.children[0].start].strip()
    title = own.rsplit("\n", 1)[-1].strip()
    if _OWN_TITLE.fullmatch(title):  # 相关法规 / 《互联网电子公告服务管理规定》 / 第一条…: the rules it names
        return title
    if not own.endswith(("：", ":")):
        return ""
    return re.split(r"[。！？]", own[:-1])[-1]


_OWN_TITLE = re.compile(r"《[^《》\n]{2,60}》")


def heading_item(query, tree_of, keys, text_of=None) -> tuple[tuple[str, int], list[int], str, int | None] | None:
    """(speech key, part path, unit, paragraph or None) of the item an ordinal asks for inside the
    list the question names by its heading's words (or the words of the sentence announcing it,
    ``text_of(file, speech)`` giving the speech text): the children of the one heading that holds
    the question's topic, or the level of sibling headings that all do (光辉榜样 … 光辉榜样); a step
    (最后一步) of a heading with no points of its own is its paragraph. None when not clear."""
    if query.speech is not None or len(query.part) > 1 or NUMBER_THEN_NAME.search(query.text):
        return None
    n = _ordinal(query.text)
    if n is None:  # 最后一项“其他”里，第一条: the ordinal after the quoted heading is asked inside it
        n = _ordinal(_after_quote(query.raw))
    if n is None:
        return None
    if _COUNT_THEN_ITEM.search(query.text) and heading_part(query, tree_of, keys, text_of) is not None:
        return None  # 2016年的工作分成几个方面？最后一个…: the count's reply names the item too
    named = named_by_items(query, tree_of, keys)
    if named is not None:  # 备课、上课、作业……这一串环节的最后一个
        return _item_of_level(tree_of, *named, n, query)
    named = _level_by_common_word(query, tree_of, keys)
    if named is not None:  # 第一个议程 of ### 议程 1：… ### 议程 6：…
        return _item_of_level(tree_of, *named, n, query)
    topic = _pairs(_ORDINAL_FILLER.sub(" ", LAST_ANY.sub(" ", ORDINAL.sub(" ", query.core))))
    if not topic:
        return None
    # “四种意识”里第三种: a name the asker quotes, written whole in one heading or announcing
    # sentence, names that list whatever the question's other words are
    quoted = [normalized(q) for q in QUOTED.findall(query.raw) if len(q) >= 2]

    def share_of(named: str) -> float:
        # (“学习”这一部分: a heading that is the quoted name, whole, over one that holds it)
        if quoted and any(q == normalized(named.split("\n")[0]) for q in quoted):
            return EXACT_HEADING
        if quoted and any(len(q) >= 3 and q in normalized(named) for q in quoted):
            return 1.0
        return len(topic & _pairs(named)) / len(topic)

    scored: list = []  # (share, key, parent path, index in its level, level length, has children)
    # (share, key, parent path, first index, length) of lists with no heading, named by the lines
    # leading into them: a speech's own list, or a list that starts again at 1 after prose
    leads: list = []
    for key in keys:
        text = text_of(*key) if text_of is not None else None

        def walk(level, path):
            for i, d in enumerate(level, 1):
                share = share_of(d.heading + "\n" + _announced(d, text))
                scored.append((share, key, path, i, len(level), d))
                walk(d.children, [*path, i])
            if text is not None:
                for r, length, lead in _lead_runs(level, path, text):
                    leads.append((share_of(lead), key, path, r, length))
        walk(tree_of(*key), [])
    best = max((s[0] for s in scored), default=0.0)
    lead = max(leads, key=lambda x: x[0], default=None)
    top = [s for s in scored if s[0] == best]
    if (lead is not None and lead[0] >= MIN_HEADING_SHARE and lead[0] > best
            and sum(x[0] == lead[0] for x in leads) == 1):
        # 附：…通报6起…问题 / 现将…通报如下： / 还存在一些不足，主要如下：: the list those lines announce
        _, key, parent, first, length = lead
        k = length if n == "last" else n
        if not 1 <= k <= length:
            return None
        return key, points_path(tree_of(*key), [*parent, first + k]), _unit(query), None
    elif best < MIN_HEADING_SHARE:
        return None
    elif len(top) == 1 and top[0][5].children:  # the heading of the list
        _, key, path, i, _, _ = top[0]
        parent = [*path, i]
    elif len(top) == 1 and not query.part and _STEP.search(query.text):
        # 时间安排里的最后一步: a part of paragraphs, no numbered points: its paragraph
        _, key, path, i, _, _ = top[0]
        return key, points_path(tree_of(*key), [*path, i]), _unit(query), (-1 if n == "last" else n)
    elif len(top) > 1 and len({(s[1], tuple(s[2])) for s in top}) == 1 and len(top) * 2 > top[0][4]:
        key, parent = top[0][1], list(top[0][2])  # most of one level holds the topic: that level is the list
    else:
        return None
    return _item_of_level(tree_of, key, parent, n, query)


# 第一个议程 / 最后一个议程: the noun the ordinal counts
_ORDINAL_NOUN = re.compile(rf"(?:第{_NUM}|最后一)个?([\u4e00-\u9fff]{{2}})")


def _level_by_common_word(query, tree_of, keys) -> tuple[tuple[str, int], list[int]] | None:
    """(speech key, []) of the one document whose top-level headings (COMMON_HEADINGS or more) all
    hold the noun the question's ordinal counts (第一个议程: 议程 1：… 议程 6：…). A lower level is
    not read so: 3.高三年级家长委员会 is no 最后一个委员会 of a list of committees and groups."""
    m = _ORDINAL_NOUN.search(query.text)
    if m is None:
        return None
    found = [key for key in keys for level in [tree_of(*key)]
             if len(level) >= COMMON_HEADINGS and all(m.group(1) in d.heading for d in level)]
    return (found[0], []) if len(found) == 1 else None


def _item_of_level(tree_of, key, parent: list[int], n, query) -> tuple[tuple[str, int], list[int], str, None] | None:
    """(speech key, path, unit, None) of item ``n`` (or "last") of the level under the 1-based
    path ``parent``; None when it has no such item."""
    level = tree_of(*key)
    for j in parent:
        level = level[j - 1].children
    k = len(level) if n == "last" else n
    own = [i for i, d in enumerate(level, 1) if _own_number(d.heading) == n] if n != "last" else []
    if len(own) == 1:  # 第二步 of ### SOFABolt 简介 / ### Step1：… / ### Step2：…: the heading that says 2
        k = own[0]
    if not 1 <= k <= len(level):
        return None
    return key, points_path(tree_of(*key), [*parent, k]), _unit(query), None


# Step2：确认报文模型 / 步骤三 / 第二步：: a heading that writes its own number in words the directive
# grammar does not read as a marker (its place in its level may differ: an introduction before Step1)
_OWN_NUMBER = re.compile(r"(?i:step|part|phase)\s*(\d{1,2})(?!\d)|(?:第|步骤|阶段)\s*([一二三四五六七八九十\d]{1,3})\s*(?:步|阶段)?(?![\d一二三四五六七八九十])")


def _own_number(heading: str) -> int | None:
    m = _OWN_NUMBER.match(heading.strip())
    return to_int(m.group(1) or m.group(2)) if m else None


def _unit(query) -> str:
    """The word the ordinal was asked with (第三条 → 条, 第一起 → 起)."""
    m = ORDINAL.search(query.text)
    return (m.group(0)[len(f"第{m.group(1)}"):] if m else "") or "条"


# "开头说了什么", "最后一句话说了什么": the document's first or last passage of its own text
# (not its masthead, date line or byline; not the signature, 印发 or 注 lines after it).
EDGE_START = re.compile(r"开头|开篇|第一句话?|第一段|头一句")
EDGE_END = re.compile(r"结尾|收尾|结束语|末尾|最后一句话?|最后一段|最后说了")
MIN_EDGE_CHARS = 15  # Chinese characters a passage needs to be more than a head or foot line


EDGE_SPAN = 3  # passages of a document's own text that its 结尾 (or 开头) stands in
EDGE_FACTOR = 1.15


def edge_factors(question: str, structure, passages, rows):
    """A factor per candidate row: EDGE_FACTOR for a passage among the last (开头: first) EDGE_SPAN
    content passages of its document when the question places what it asks there (讲话结尾说要向哪家
    公司学管理), else 1."""
    out = np.ones(len(rows), dtype=np.float32)
    start, end = EDGE_START.search(question), EDGE_END.search(question)
    if bool(start) == bool(end):
        return out
    near: dict[tuple[str, int], set[int]] = {}
    for i, r in enumerate(rows):
        p = passages[int(r)]
        key = (p.file, p.speech)
        if key not in near:
            own = [x for x in structure.rows(*key) if passages[x].role != "frame"]
            near[key] = set(own[:EDGE_SPAN] if start else own[-EDGE_SPAN:])
        if int(r) in near[key]:
            out[i] = EDGE_FACTOR
    return out


# what may follow the edge when the question asks what the edge says (开头说了什么 / 第一句话是什么内容)
_EDGE_SAYS = re.compile(r"第一|最后|说|讲|写|谈|提|了|的|到|是|什么|啥|内容|哪些|些|都|主要|里|中|怎么|如何|一|句|段|话")
MAX_EDGE_REST = 2


def _asks_edge_itself(question: str, edge: re.Match) -> bool:
    """开头说了什么 asks for the opening; 开头说，公司现在处在一个什么时期 asks a thing the opening
    says (edge_factors places it), not the opening itself."""
    rest = _EDGE_SAYS.sub("", "".join(re.findall(r"[\u4e00-\u9fff]", question[edge.end():])))
    return len(rest) <= MAX_EDGE_REST


def edge_reply(query, structure, key, passages):
    """The document's opening or closing passage and sentence for "开头/最后一句…" (an OutlineReply), or None."""
    from qa.search.answer import Answer, AnswerSentence
    from qa.search.outline import OutlineReply

    start, end = EDGE_START.search(query.text), EDGE_END.search(query.text)
    # (结尾提了几条希望 / 开头的第二点: the edge only says where a list stands)
    if bool(start) == bool(end) or LAST.search(query.text) or ASKS_COUNT.search(query.text) or query.part:
        return None
    if not _asks_edge_itself(query.text, start or end):
        return None
    rows = [r for r in structure.rows(*key)
            if len(re.findall(r"[\u4e00-\u9fff]", passages[r].text)) >= MIN_EDGE_CHARS
            and passages[r].role != "frame" and PROSE_END.search(passages[r].text)]  # (a cover's fields open no text)
    if not rows:
        return None
    row = rows[0] if start else rows[-1]
    # 同志们，朋友们： opens the speech but says nothing: the opening is what comes after it
    sentences = [s for s in split_sentences(passages[row].text) if not is_greeting(s.text.strip())]
    while start and len(sentences) > 1 and not PROSE_END.search(sentences[0].text):
        sentences.pop(0)  # (the title and author lines over the first sentence open nothing)
    if not sentences:
        return None
    one = "句" in (start or end).group()
    chosen = ([sentences[0]] if one else sentences[:2]) if start else ([sentences[-1]] if one else sentences[-2:])
    text = "".join(without_heading_marks(s.text) for s in chosen)
    return OutlineReply([row], Answer(f"{text}[1]", [AnswerSentence(without_heading_marks(s.text), 1) for s in chosen]))
