"""A question scoped to the document it names (qa.search.docrefs), and the
structure words that need that document's tree (最后一部分, "X是第几点").
One call from the search: ``scope_question``."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from qa.ingest.docmeta import DASHED_DAY, find_date
from qa.numerals import to_int
from qa.search.answer_types import match_text
from qa.search.doc_structure import COUNTS_LEVEL, LAST, heading_item, items_run_on, with_last_part, with_run_on_item
from qa.search.docrefs import (ANNEX_COUNT, ANNEX_TITLE, DOC_NUMBER, LONE_ANNEX, MAX_CANDIDATES, DocumentReferences,
                              Reference, ask_which, without_reference)
from qa.search.outline import asks_outline
from qa.models import UNIT_FAMILY, numbered, of_family, points, points_path
from qa.search.query import PART_REF, SLIDES_SAID, normalize
from qa.search.sentences import QUOTED, normalized

# A question that needs one document's tree (a part, the last one, a count): without a clear name it
# gets the list of candidates instead of an answer from a guessed document.
# 讲了几点 counts points; 每天从几点执行到几点 asks a time of day
_POINTS = r"(?<![从到至在于午上天日])几点(?!钟|开|召开|举行|开始|结束|截止|到|执行|有|关|营业|起|前|以前|之前)"
_PART = r"第[一二两三四五六七八九十\d]+(?:部分|章|节|点|条|项|个方面|方面|个?议题|个问题|步|道?题(?![目材型库]))"  # 第二部分 / 第三条 / 第四题 / 第二步
NEEDS_TREE = re.compile(_PART + r"|最后一[部点条项章节]|第几|几[个大]?部分|"
                        + _POINTS + r"|几条|几项|几个?议题|几[章节]|几个方面|几方面|分几")
_STRUCTURE = re.compile(_PART + r"|最后一|第几|几[个大]?部分|几[章节]|"
                        + _POINTS + r"|几条|几项|几个方面|几个?议题|"
                        r"几方面|哪几(?:点|条|项|个?方面|个?部分|块|类|个?阶段|步|大|个?小?标题)|几个小?标题|主要内容|讲了什么|讲的什么|讲什么|讲的啥|讲了啥|讲些什么|开头|开篇|结尾|末尾|第一句|最后一句|"
                        r"第一段|最后一段")


@dataclass
class Scoped:
    query: object
    file: str | None
    speech: int | None
    notice: str = ""
    reference: Reference | None = None
    stop: str = ""  # a reply instead of a search (the name fits several documents)
    choices: list = field(default_factory=list)  # those documents, when each can answer the part asked


def focus_of(file: str | None, speech: int | None, context, passages) -> tuple[str, int] | None:
    """The document in view: the filter's, else the one the previous turn answered from."""
    if file is not None:
        return file, speech or 1
    if context is not None and context.rows:
        p = passages[min(context.rows)]
        return p.file, p.speech
    return None


def scope_question(refs: DocumentReferences, query, chosen: int | None, file: str | None, context,
                   passages, tree, keep: set | None = None, text_of=None) -> Scoped:
    """``tree(file, speech)`` gives a speech's directive tree, ``text_of(file, speech)`` its text.
    A filter the user set wins over a name;
    ``keep`` (a --year/--speaker filter) limits the documents a name may mean."""
    if (chosen is not None and file is not None) or query.speech is not None:
        return Scoped(query, file, chosen)
    if keep is not None:
        refs = refs.within(keep)
    asks_annex = ANNEX_COUNT.search(query.raw) or _ANNEX.search(match_text(query.raw))
    structural = bool(_STRUCTURE.search(query.text) or asks_annex)  # (细则后面附了几个附录: its annexes are its structure)
    ref = refs.resolve(query.text, focus_of(file, chosen, context, passages), structural)
    if (ref.doc is not None and file is None and not ref.focus and set(ref.words) <= set(ref.doc.types)
            and _heading_elsewhere(query, ref.doc, refs, tree, text_of)):
        ref = Reference()  # 2024 规划里的最后一条: a heading of another document, not a 规划 named by its kind
    lone = (ref.doc is None and not ref.candidates and file is None and len(refs.docs) == 1
            and bool(query.part or LAST.search(query.text)))
    if lone:  # 第三部分讲了什么 / 最后一部分, of the one document there is
        ref = Reference(refs.docs[0], focus=True)
    fits = ref.candidates if ref.doc is None else ([ref.doc] if ref.doc.title.startswith("附") else [])
    if asks_annex and fits and len({d.file for d in fits}) == 1:
        # 方案一共附了几个附件 / 大赛的附件二: the annexes the name fits are one file's; the question
        # is about that file, whose annexes they are
        main = refs.find(fits[0].file, 1)
        ref = Reference(main, words=ref.words) if main is not None else ref
    if ref.doc is None and not ref.candidates and (asks_annex or LONE_ANNEX.search(match_text(query.raw))):
        annexed = {d.file for d in refs.docs if ANNEX_TITLE.match(d.title or "")}
        main = refs.find(next(iter(annexed)), 1) if len(annexed) == 1 else None
        if main is not None:  # 正文之后附的那部分讲什么, no document named: the one file with annexes
            ref = Reference(main)
    if ref.doc is not None and query.part:
        query = _without_title_parts(query, ref.doc.title)
    if ref.absent_year is not None or ref.absent_day:  # named by a year (or a meeting's day) none has
        return Scoped(query, file, chosen, reference=ref, stop=ref.notice)
    if _IN_ANNEX.search(query.raw) and not asks_annex:  # 通报附件里排在第一项的: the one annex of the file named
        named = ref.candidates or ([ref.doc] if ref.doc is not None else [])
        annexes = {(d.file, d.speech): d for d in refs.docs if ANNEX_TITLE.match(d.title)
                   and d.file in {n.file for n in named}}
        if len(annexes) == 1 and len({n.file for n in named}) == 1:
            ref = Reference(next(iter(annexes.values())), words=ref.words)
    # 方案第五部分“完善技术技能人才保障政策”: the one 方案 whose fifth part it is; 通知第四部分“组织实施”
    # named as another 通知: of the documents of that kind, the one whose fourth part that is
    if ref.doc is None:
        headed = _with_quoted_heading(query, ref.candidates, tree)
    elif not _has_quoted_heading(query, ref.doc, tree):
        headed = _with_quoted_heading(query, [d for d in refs.docs if any(t in query.text for t in d.types)], tree)
    else:
        headed = None
    if headed is not None:
        ref = Reference(headed, words=ref.words)
    if ref.doc is None:
        if file is not None:
            level = tree(file, chosen or 1)
            labelled = quoted_label(query, level)
            if labelled is not None:
                return Scoped(labelled, file, chosen)
            item = _heading_item(query, tree, [(file, chosen or 1)], text_of)
            if item is not None:
                return Scoped(item[0], file, chosen)
            return Scoped(with_run_on_item(with_last_part(query, lambda: level), level), file, chosen)
        keys = [(d.file, d.speech) for d in (ref.candidates or refs.docs) if chosen is None or d.speech == chosen]
        # only a question that quotes something reads every document's tree for a label
        labelled = [(k, found) for k in keys for found in [quoted_label(query, tree(*k))]
                    if found is not None] if QUOTED.search(query.raw) else []
        item = _heading_item(query, tree, keys, text_of)
        if item is not None:  # 人大工作那篇讲话里的“第六”: the heading words find the document, the label the point
            labelled = [(k, found) for k, found in labelled if k == item[1]]
        if len(labelled) == 1:
            item = labelled[0][1], labelled[0][0]
        if item is not None:  # 竞聘基本原则的第一条: the one document with that list
            scoped, (f, sp) = item
            doc = refs.find(f, sp)
            return Scoped(scoped, f, sp, Reference(doc).notice if doc is not None else "", Reference(doc))
        if (ref.candidates and NEEDS_TREE.search(query.text) and file is None
                and _with_unit(query, [(d.file, d.speech) for d in ref.candidates], tree) == []):
            # 第四章规定的管理创新成果评审标准, its words in two annexes' titles and neither with a 第四章:
            # the one document that has one
            keys = [(d.file, d.speech) for d in refs.docs]
            ref = Reference()
        if ref.candidates and NEEDS_TREE.search(query.text) and len({(d.file, d.speech) for d in ref.candidates}) > 1:
            return Scoped(query, file, chosen, reference=ref, stop=_candidates_with_part(ref, query, tree),
                          choices=ref.candidates[:MAX_CANDIDATES])
        only = _only_with_unit(query, keys, tree) if file is None else None
        if only is not None:  # 那份管理办法的第四章: the one document that has a 第四章
            doc = refs.find(*only)
            if doc is not None:  # (said, as a name would be)
                inside = scope_question(refs, query, doc.speech, doc.file, context, passages, tree, keep, text_of)
                return replace(inside, notice=Reference(doc).notice, reference=Reference(doc))
        return Scoped(query, file, chosen)
    if file is not None and ref.doc.file != file or chosen is not None and ref.doc.speech != chosen:
        return Scoped(query, file, chosen)  # the filter wins
    doc = ref.doc
    level = tree(doc.file, doc.speech)
    scoped = without_reference(query, ref)
    labelled = quoted_label(scoped, level)
    if labelled is not None:  # 那篇讲话里的“第六”: the point written with that label
        return Scoped(labelled, doc.file, doc.speech, "" if ref.focus and file is not None else ref.notice, ref)
    # the list named by the question's other words, or (通报…问题，最后一起) by the words that also name
    # the document: the lines announcing a bulletin's cases repeat its title
    # (not for a part asked by number: 报告的第三部分 is the document's own third part)
    # (nor for 办法的最后一条 when the document has 第N条 articles: the unit names that level, nor for
    # 住房保障通知一共几条，最后一条…: the count is the document's, and so is its last)
    item = (_heading_item(scoped, tree, [(doc.file, doc.speech)], text_of)
            or not query.part and not _unit_level(query, level)
            and not (COUNTS_LEVEL.search(query.text) and asks_outline(query, tuple(doc.types)))
            and _heading_item(query, tree, [(doc.file, doc.speech)], text_of) or None)
    scoped = item[0] if item is not None else with_run_on_item(with_last_part(scoped, lambda: level), level)
    scoped = _without_quoted_heading(_under_lone_section(scoped, level), level)
    notice = "" if ref.focus and (file is not None or lone) else ref.notice
    return Scoped(scoped, doc.file, doc.speech, notice, ref)


def _without_title_parts(query, title: str):
    """核电厂定期安全审查第1部分通用要求的这份编制说明里…: a 第1部分 said inside the title that names
    the document (a standard's own part) is the title's, no part of the document asked for; the
    title's words next to it say so (编制说明的第一部分 is the document's own first part)."""
    def bare(text: str) -> str:  # (第1部分：通用要求 is said 第1部分通用要求)
        return re.sub(r"[^\w]", "", text)

    title = bare(normalize(title))
    kept = [(n, u) for m, n, u in zip(PART_REF.finditer(query.text), query.part, query.units)
            if not (bare(query.text[max(0, m.start() - 2):m.end()]) in title
                    or bare(query.text[m.start():m.end() + 2]) in title)]
    if len(kept) == len(query.part):
        return query
    return replace(query, part=[n for n, _ in kept], units=[u for _, u in kept])


def _only_with_unit(query, keys, tree) -> tuple[str, int] | None:
    """The one document (of ``keys``) whose chapters or sections reach the 第N章/第N节 asked, or
    whose parts are the slides of 第三张幻灯片 (### 幻灯片 3：…), or None."""
    having = _with_unit(query, keys, tree)
    return having[0] if having is not None and len(having) == 1 else None


def _with_unit(query, keys, tree) -> list | None:
    """The documents (of ``keys``) that have the 第N章/第N节 (or slide) asked; None when no such unit is asked."""
    if query.part and len(query.part) == 1 and SLIDES_SAID.search(query.raw):
        return [k for k in keys if len(tree(*k)) >= query.part[0] and _parted_by_slides(tree(*k))]
    if not query.part or not query.units or query.units[-1] not in ("章", "节"):
        return None
    family = UNIT_FAMILY.get(query.units[-1])
    return [k for k in keys if len(of_family(tree(*k), family)) >= query.part[-1]] if family else []


_SLIDE_HEADING = re.compile(r"幻灯片|[Ss]lide|PPT|第\s*\d+\s*页")


def _parted_by_slides(level) -> bool:
    """Most of the document's parts are headed as slides."""
    return len(level) >= 2 and sum(bool(_SLIDE_HEADING.search(n.heading)) for n in level) * 2 > len(level)


# a label that numbers (第六 / 三是 / 1.), not a point named by its own words (“工作措施”)
_NUMBERED_LABEL = re.compile(r"[一二三四五六七八九十\d]")


def _label_key(text: str) -> str:
    """A label as written, without the separator after it (第六， → 第六; 5·13 stays no 5.1.3)."""
    return re.sub(r"[\s，、,.．:：]+$", "", match_text(text).strip())


def quoted_label(query, level):
    """“第六”讲的是什么 / “三是”指什么: a label the question quotes names the directive written with
    it, the shallowest one, when exactly one there has it; None otherwise."""
    quoted = {_label_key(q) for q in QUOTED.findall(query.raw)}
    if not quoted or query.part:
        return None
    frontier = [(d, [i + 1]) for i, d in enumerate(level)]
    while frontier:
        found = [path for d, path in frontier if _NUMBERED_LABEL.search(d.label) and d.label != d.heading
                 and _label_key(d.label) in quoted]
        if found:
            if len(found) > 1:
                return None
            part = points_path(level, found[0])
            return replace(query, part=part, units=["部分"] * len(part), core="")
        frontier = [(c, path + [j + 1]) for d, path in frontier for j, c in enumerate(d.children)]
    return None


def _heading_elsewhere(query, doc, refs, tree, text_of) -> bool:
    """An ordinal asked in a list whose heading the question writes whole (2024 规划), found in a
    document other than ``doc``."""
    others = [(d.file, d.speech) for d in refs.docs if (d.file, d.speech) != (doc.file, doc.speech)]
    item = _heading_item(query, tree, others, text_of) if others else None
    if item is None:
        return False
    (f, sp), path = item[1], item[0].part
    chain = numbered(tree(f, sp), path[:-1], item[0].units[:-1]) or []
    return bool(chain) and normalized(chain[-1].heading) in normalized(query.text)


def _unit_level(query, level) -> bool:
    """最后一条/最后一章 asked of a document with 第N条/第N章 items (or items numbered on across its
    parts), or 最后一部分 (一共分几个部分):
    the unit names that level of the document, not a list its title words name."""
    m = LAST.search(query.text)
    family = UNIT_FAMILY.get(m.group(1)) if m else None
    return bool(m and m.group(1) == "部分" or family and of_family(level, family)
                or m and m.group(1) == "条" and items_run_on(points(level)))


def _with_quoted_heading(query, candidates, tree):
    """Of the documents a name fits, the one whose numbered path has the heading the question
    quotes (``_has_quoted_heading``); None when not exactly one."""
    if len(candidates) < 2:
        return None
    fits = [d for d in candidates if _has_quoted_heading(query, d, tree)]
    return fits[0] if len(fits) == 1 else None


def _has_quoted_heading(query, doc, tree) -> bool:
    """The document's numbered path (第四部分…第一条) passes a part with the heading the question quotes."""
    quoted = [normalized(q) for q in QUOTED.findall(query.raw) if len(q) >= 2]
    if not (quoted and query.part):
        return False
    chain = numbered(tree(doc.file, doc.speech), query.part, query.units) or []
    return any(q in normalized(d.heading) for q in quoted for d in chain)


def _under_lone_section(query, level):
    """第三条 of a document whose text is one numbered section (一、整改落实工作总体情况 with its
    （一）（二）（三）) is that section's third point: the document has no second or third section."""
    if (query.part and len(level) == 1 and query.part[0] > 1 and query.units[0] != "部分"
            and query.part[0] <= len(level[0].children)):
        return replace(query, part=[1, *query.part], units=["部分", *query.units])
    return query


def _without_quoted_heading(query, level):
    """第二部分“认真做好分管工作”: the quoted words repeat the heading of the part named by number,
    so they name it and are no topic to search inside it."""
    quoted = [match_text(q) for q in QUOTED.findall(query.raw)]
    headings = []  # of each level the path passes (第二部分“坚定政治信仰”下面第一条)
    for n in query.part:
        if not quoted or not 1 <= n <= len(level):
            return query
        headings.append(match_text(level[n - 1].heading))
        level = level[n - 1].children
    said = [q for q in quoted if query.part and len(q) >= 2 and any(q in h for h in headings)]
    if not said:
        return query
    core, text = query.core, query.text
    for q in said:
        core, text = core.replace(q, " "), re.sub(rf"[“\"「『]?{re.escape(q)}[”\"」』]?", "", text)
    return replace(query, core=re.sub(r"\s+", " ", core).strip(), text=text)


def _heading_item(query, tree, keys, text_of=None):
    """(query asking for that part, its speech key) when the question asks for an item of a list
    it names by its heading (qa.search.doc_structure.heading_item), else None."""
    found = heading_item(query, tree, keys, text_of)
    if found is None:
        return None
    key, path, unit, paragraph = found
    units = ["部分"] * (len(path) - 1) + [unit]
    return replace(query, part=path, units=units, core="", paragraph=paragraph), key


def needs_document(query, files: int) -> bool:
    """An outline question with several documents and none named."""
    return files > 1 and asks_outline(query)


def about_document(result, query) -> bool:
    """A question about the named document itself (哪天讲的, 谁发的): nothing of its topic is left
    once the naming words are out, and no key term of it went uncovered."""
    topic = re.sub(r"[^\u4e00-\u9fff]", "", query.core)
    return (result.mode == "hybrid" and bool(result.hits) and not result.answerable and not result.missing
            and not result.unstated
            and len(topic) <= 4)


def filter_documents(refs: DocumentReferences, year: int | None, speaker: str | None, file: str | None,
                     speech: int | None) -> tuple[str | None, int | None, set | None, str]:
    """(file, speech, keep, problem) for a --year / --speaker filter: the one document it keeps as
    file and speech, several as ``keep``, or a sentence saying that none matches."""
    docs = [d for d in refs.matching(year, speaker) if (file is None or d.file == file)
            and (speech is None or d.speech == speech)]
    what = "、".join(filter(None, [f"{year}年" if year is not None else "", speaker or ""]))
    if not docs:
        return file, speech, None, f"没有符合“{what}”的文档。"
    if len(docs) == 1:
        return docs[0].file, docs[0].speech, None, ""
    return file, speech, {(d.file, d.speech) for d in docs}, ""


# Questions about a named document itself, answered from its head: title, byline, date line.
ASKS_FACT = [
    # 那份考核细则是哪一年度的: the year the document is of, as its title or head lines give it
    ("year", re.compile(r"是?哪一?个?年度?的[？?]?$|是哪一?个?年度|属于哪一?年")),
    ("meeting", re.compile(r"哪次会议|什么会议|哪个会(?!场)|什么会上|在哪.{0,4}会(?!场)")),  # (在哪个会场: where, not which meeting)
    # the day it was given or issued, not a deadline inside it (哪天前完成)
    # (哪天在学校网站上发布的: where it was published may stand between)
    ("date", re.compile(r"(?:哪天|哪一天|什么时候|何时|哪年|几月几号?)(?:在[^，。？]{1,8}?)?"
                        r"(?:讲|发|印发|作|写|召开|开|出台|出|印|下发|制定|签发|公布|发布)|"
                        # 是哪天、以哪个部门的第几号令公布的: more asked between the day and the issuing
                        r"(?:哪天|哪一天|什么时候|何时)[^，。？?]{0,16}?(?:公布|印发|颁布|签发|下发|出台)的|"
                        r"(?:讲话|发文|印发|落款|发布)的?(?:日期|时间)|落款(?:是|在|写的是?)?(?:哪天|哪一天|什么时候|何时|几月几)|"
                        # the years a plan covers, as its head line states them: (2010年3月～2015年2月)
                        r"管的?是?哪几年|管哪几年|哪些年份?|起止(?:时间|年份|日期)|时间跨度")),
    ("issuer", re.compile(r"谁发|发文单位|哪[几两三四五六七八九十\d]*(?:个|些|家)(?:单位|部门|机关).{0,4}(?:发|印发|下发|供稿)|谁印发|落款单位|以.{1,8}名义|"
                          r"谁供稿|供稿(?:单位|人|的是)|稿件?来源|来源是")),
    ("speaker", re.compile(r"谁作|谁讲|谁写|谁签|作者|讲话人|报告人|哪位[\u4e00-\u9fff]{0,3}?(?:作|做|讲|写|签)的")),
    # … and 沪交科〔2023〕429号是一份什么文件: the document named by its number, asked what it is
    ("title", re.compile(r"全称|全名|标题是|题目是|叫什么名字|名称是|(?:题目|标题|名称)叫什么|叫什么(?:题目|标题)|"
                         r"是(?:一|哪)?(?:份|个|篇)?(?:什么|啥)(?:文件|文)|是哪(?:一)?份文件")),
    ("number", re.compile(r"文号|发文字号|字号|文件编号")),
]
# 现任院长叫什么名字 / 教师代表是教哪门课的、叫什么名字: a person's name is asked, not the document's
_PERSON_NAMED = re.compile(r"(?:[责系持言话]人|长|书记|主任|老师|教师|代表|同学|学生|委员(?!会)|专家|嘉宾|干部|员工|记者)"
                           # (市长那篇讲话的全称: the speech is what is named)
                           r"(?:(?!篇|份|文件|讲话|报告|通知|方案|意见|办法|致辞|发言)[^，,。？?]){0,12}?"
                           r"(?:叫什么名字|叫啥名|名字是|全名|全称)")
_IN_ANNEX = re.compile(r"附[件录](?:里|中|内|上|的)")
_ANNEX = re.compile(r"(?:附[件录]\s*([一二三四五六七八九十\d]+)|第([一二三四五六七八九十\d]+)个附[件录])\s*"
                    r"(?:是|叫|讲|写|有|列|包括|包含|说|指|的(?:标题|名称|题目|内容))")
_DATE_LINE = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|[〇零一二三四五六七八九]{4}年|" + DASHED_DAY)
_BARE_DAY = re.compile(DASHED_DAY + r"|(?:19|20)\d\d-\d\d")
_HEAD_LINES = 8
# 哪天公布的 / 什么时候印发的: the event whose date is asked, written after the date within a few characters
_DATED_EVENT_ASKED = re.compile(r"(公布|印发|颁布|发布|通过|施行|实施|签发|下发)")
_EVENT_AFTER_DATE = 16
_ASKS_DAY = re.compile(r"哪天|哪一天|几号|几月几|哪日")
_ON_PAGE = re.compile(r"发布|网站|网上|挂网")
_PAGE_LINE = re.compile(r"(?:发布时间|发布日期)[：:]")
_CREDIT_LINE = re.compile(r"(?:供稿|稿源|来源|撰稿)\s*[：:]\s*\S")
_ISSUER_FIELD = re.compile(r"^(?:发布单位|发文机关|发文单位|发布机构)\s*[：:]\s*\S")
_ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff]{2,20}(?:办公室|办公厅|委员会|综合司|局|厅|部|司|办|委|政府|党委|处|科|室|中心|学院|学校|中学|小学)(?:\s|$)")


def document_fact(query, ref: Reference, index, structure):
    """(row, sentence) quoting the head of the named document that states what is asked
    (its meeting, date or speaker), or None. The sentence is the document's own line."""
    if ref is None or ref.doc is None:
        return None
    same_file = [sp for sp in index.speeches if sp.file == ref.doc.file]  # a compilation's speeches, annexes
    annex = _ANNEX.search(match_text(query.raw))
    found = _annex_line(to_int(annex.group(1) or annex.group(2)), same_file, structure) if annex else None
    if found is None and LONE_ANNEX.search(match_text(query.raw)) and len(_annex_entries(same_file)) == 1:
        found = _annex_line(1, same_file, structure)  # 办法的附录讲的是什么, of a document with one appendix
    if found is None and ANNEX_COUNT.search(query.raw):
        found = _annex_count(same_file, structure, "附录" if "附录" in query.raw else "附件")
    if found is not None:  # 方案的附件1是什么 / 一共附了几个附件
        return found
    kind = next((k for k, pattern in ASKS_FACT if pattern.search(query.raw)), None)
    speech = index.speech(ref.doc.file, ref.doc.speech)
    rows = structure.rows(ref.doc.file, ref.doc.speech)
    if kind is None or speech is None or not rows or kind == "title" and (
            query.part or "第" in query.text or _PERSON_NAMED.search(query.raw)):
        return None  # 第二部分的标题 is a part's heading, not the document's title
    lines = [speech.title] + [p.strip() for p in speech.paragraphs[:_HEAD_LINES]]
    if kind == "issuer":  # the 印发 line wherever it stands, else the signature, an office line at the
        # head, the body before 关于 in the title, the name
        tail = [p.strip() for p in speech.paragraphs[-_HEAD_LINES:]]
        # a compilation's 印发 line closes the file, after its last speech; a web page's 供稿：/来源： credit
        # (a saved policy page's 发布单位： field says it outright, before any of these)
        lines = ([ln for ln in lines if _ISSUER_FIELD.match(ln)]
                 + [p.strip() for sp in same_file for p in sp.paragraphs
                    if re.search(r"印发\s*$", p.strip()) or _CREDIT_LINE.match(p.strip())]
                 + [ln for ln in tail if _ISSUER_LINE.search(ln)] + [ln for ln in lines if _ISSUER_LINE.search(ln)]
                 + [t.split("关于")[0] for t in (speech.title, ref.doc.name) if "关于" in t[2:]] + [ref.doc.name])
    if kind == "title":
        # (a file with no title line of its own is called by its file name: that is no title)
        lines = [t for t in (speech.title, ref.doc.name) if t and not t.startswith(("——", "—"))
                 and t != PurePosixPath(ref.doc.file).stem] or [ref.doc.name]
    meta = {"date": getattr(speech, "date", ""), "speaker": getattr(speech, "speaker", ""),
            "meeting": getattr(speech, "meeting", "")}.get(kind, "")
    if kind == "speaker" and meta:  # the byline that names them (——…省长 刘小明在…上的讲话), not the bare name
        lines, meta = [ln for ln in lines if meta in ln and ln != speech.title] + [meta], ""
    if kind == "date":  # the document's own line with its date (a date line, a signature), not the bare date
        tail = [p.strip() for p in reversed(speech.paragraphs[-_HEAD_LINES:])]
        signed = "落款" in query.raw  # the date under the signature, whatever the head says
        ends = tail + lines if signed else lines + tail
        if signed:  # a page's 发布时间 is no signature
            ends = [ln for ln in ends if not _PAGE_LINE.match(ln)]
        own = [ln for ln in ends if _DATE_LINE.search(ln) and (signed and ln in tail or not meta
                                                                 or find_date(ln) == meta)]
        if not signed and meta and len(meta) == 7 and _ASKS_DAY.search(query.raw):
            # 哪天发的, the document dated 2026年2月: a line of its head giving the day in that month
            own = [ln for ln in lines if _DATE_LINE.search(ln) and find_date(ln).startswith(meta + "-")] + own
        event = _DATED_EVENT_ASKED.search(query.raw)
        if not signed and event:  # 哪天公布的: the line dating that event (…4月18日…部令第17号公布), not the
            # date it takes effect (本办法自2011年5月1日起施行) that the page's own date may carry
            said = re.compile(_DATE_LINE.pattern + rf"[^。；;]{{0,{_EVENT_AFTER_DATE}}}?{event.group(1)}")
            own = [ln for ln in ends if said.search(ln)] + [ln for ln in own if not said.search(ln)]
        if not signed and _ON_PAGE.search(query.raw):  # 哪天在网站上发布的: the page's own 发布时间 line
            own = [ln for ln in ends if _PAGE_LINE.match(ln)] + own
        lines, meta = own + ([meta] if meta else []) + [ln for ln in ends if ln not in own], ""
    wanted = {"meeting": lambda ln: ref.doc.meeting and ref.doc.meeting in ln or re.search(r"会议|大会", ln),
              # (a line, not the bare date the document is filed under: 2020-03-09 is no line of it)
              "date": lambda ln: _DATE_LINE.search(ln) and not _BARE_DAY.fullmatch(ln.strip()) or _PAGE_LINE.match(ln),
              "issuer": lambda ln: bool(ln.strip()),
              "speaker": lambda ln: any(s in ln for s in ref.doc.speakers),
              "title": lambda ln: bool(ln.strip()),
              "number": lambda ln: DOC_NUMBER.search(ln),
              "year": lambda ln: re.search(r"(?:19|20)\d\d\s*年", match_text(ln))}[kind]
    for line in ([meta] if meta else []) + lines:
        if line and wanted(line):
            row = None
            for other in [speech] + [sp for sp in same_file if sp is not speech]:
                offset = other.text.find(line)  # the line where it stands, in a compilation maybe after it
                if offset < 0 and kind == "title":  # a title set over two lines (发文机关 / 关于…的通知)
                    part = max((p.strip() for p in other.paragraphs[:_HEAD_LINES] if len(p.strip()) >= 8
                                and p.strip() in line), key=len, default="")
                    offset = other.text.find(part) if part else -1
                if offset >= 0:
                    row = structure.row_at(other.file, other.ordinal, offset)
                    break
            return (row if row is not None else rows[0]), line
    return None


def _annex_entries(same_file) -> list[tuple]:
    """(speech, its line) of each annex a file lists, in order: the entries of its own list of
    annexes (附件： / 1．…申请表, or 附件：1. … with the first entry on that line), else the
    annexes' own title lines (附件1 …)."""
    for sp in same_file:
        paragraphs = [p.strip() for p in sp.paragraphs]
        lists = [[m.group(1)] * bool(m.group(1)) + paragraphs[i + 1:i + 30]
                 for i, p in enumerate(paragraphs) for m in [re.fullmatch(r"附件[：:]?\s*(.*)", p)] if m]
        if re.fullmatch(r"附件[：:]?", (sp.title or "").strip()):  # the list made a part of its own
            lists.insert(0, paragraphs[:30])
        for entries in lists:
            listed = []
            for item in entries:
                m = re.match(r"(\d+)\s*[．.、]\s*(.+)", match_text(item))
                if not m or int(m.group(1)) != len(listed) + 1:
                    break
                listed.append((sp, item))
            if listed:
                return listed
    titled = [(sp, sp.title) for sp in same_file if re.match(r"附[件录]\s*[一二三四五六七八九十\d]+", match_text(sp.title or ""))]
    if not titled:  # one annex, unnumbered (附录 突发环境事件分级标准)
        titled = [(sp, sp.title) for sp in same_file if re.match(r"附[件录](?![一二三四五六七八九十\d])", match_text(sp.title or ""))]
        return titled if len(titled) == 1 else []
    return sorted(titled, key=lambda e: to_int(re.match(r"附[件录]\s*([一二三四五六七八九十\d]+)", match_text(e[1])).group(1)) or 0)


def _annex_line(n: int, same_file, structure):
    """(row, line) naming annex ``n`` (1-based), whole; None when there is no such annex."""
    entries = _annex_entries(same_file)
    if not 0 < n <= len(entries):
        return None
    return _cited(entries[n - 1], structure)


def _cited(entry, structure):
    sp, line = entry
    offset = sp.text.find(line)
    row = structure.row_at(sp.file, sp.ordinal, offset) if offset >= 0 else None
    if row is None:
        rows = structure.rows(sp.file, sp.ordinal)
        row = rows[0] if rows else None
    return (row, line) if row is not None else None


def _annex_count(same_file, structure, word: str = "附件"):
    """(row, reply) for 一共附了几个附件 (附录): the count, and the last annex as the file names it."""
    entries = _annex_entries(same_file)
    found = _cited(entries[-1], structure) if entries else None
    return (found[0], f"共{len(entries)}个{word}，最后一个是：{found[1]}") if found else None


# 第三个问题 / 第二点 / 第四条: an ordinal as the asker words it, which a document may word alike
_WORDED_ORDINAL = re.compile(r"第[一二三四五六七八九十\d]+(?:个问题|个方面|方面|点|条|项|部分|章|节)")
WORDED_HEAD = 20  # characters of a passage's start that may hold its label


def worded_as_asked(question: str, text: str) -> bool:
    """The passage opens with the ordinal worded as the question words it (第三个问题，好在…)."""
    return any(m.group() in text[:WORDED_HEAD] for m in _WORDED_ORDINAL.finditer(question))


PART_TITLE_CHARS = 30  # of the part's title shown beside each candidate


def _candidates_with_part(ref: Reference, query, tree) -> str:
    """The reply asking which document is meant, each candidate shown with the part asked for
    (章程的第四部分: 《…章程》（第四部分：组织机构…）), so the asker can tell them apart at a glance."""
    if not query.part:
        return ref.notice
    shown = []
    for d in ref.candidates[:MAX_CANDIDATES]:
        chain = numbered(tree(d.file, d.speech), query.part, query.units)
        shown.append(f"{d.quoted}（{chain[-1].title[:PART_TITLE_CHARS]}）" if chain else d.quoted)
    return ask_which(shown)

