"""No-answer that generalises: a question is answerable only when the
passages found cover its specific content.

- Key terms: the question's nouns that are specific (rare in general
  Chinese, by jieba's dictionary frequency), after synonyms, leaving out
  the words that name a document (its type, speaker, office, title words)
  and the words that shape a question (标题, 内容, 部分 …). Each must stand in
  the top passages (their directive path and document title included), as a
  whole or by all of its parts (清华北大 → 清华 + 北大).
- The year or period asked about (2025年) must be one the passages or their
  document speak of.
- A question asking for a number or a date (多少/几项/哪天) is answered only by
  a sentence that states one *about the question's topic*: the best such
  sentence (with its directive path) must hold a share of the question's
  topic nouns, weighed by how rare they are in the material. A report that
  mentions 个人所得税 and states many figures does not state the 起征点.

The terms that are not covered are returned, so the reply can say which
(材料中没有提到“冷链”).
"""
from __future__ import annotations

import math
import re

import jieba

from qa.indexing.tokenizer import TOKENIZER, general_frequency
from qa.ingest.docmeta import MIN_WORD_FREQ
from qa.numerals import to_int
from qa.search.answer_types import (ASKS_DAY, DATE, DAY, INSTANCE, NUMBER, PERSON, PLACE, UNIT, asked_type, asked_unit,
                                    asked_words, holds, match_text, states)
from qa.search.docrefs import OFFICES, TYPES
from qa.search.relevance import content_words
from qa.search.sentences import GENERIC_WORDS, QUOTED, split_sentences

# A noun this frequent in general Chinese (jieba's dictionary count) is a way
# of speaking (时候, 老百姓), not a specific topic.
RARE_FREQ = 1000
# … and a term more passages than this use is a topic of the material, not a near miss
RARE_IN_CORPUS = 5
# …but two or more words of the dictionary (seen this often) that no document uses make it another topic
MIN_UNUSED_TERMS = 2
MIN_UNUSED_FREQ = 10
RARE_SHARE = 0.01
_QUESTION_WORDS = set("标题 题目 内容 部分 方面 意见 要求 规定 政策 措施 办法 情况 问题 事情 东西 文件 材料 讲话 报告 通知 "
                      "通报 方案 时间 日期 时候 数字 数量 人数 次数 名额 比例 占比 比重 百分比 金额 多少 哪些 哪个 什么 具体 主要 重点 一共 总共 "
                      "开头 结尾 最后 第几 几点 几条 几项 今年 去年 明年 全文 原文 文章 哪天 目标 任务 工作 "
                      # what a document is asked about itself, and the words that name a stage of a list
                      "文号 字号 编号 落款 署名 印发 发布 下发 签发 成文 出台 发给 主送 抄送 阶段 环节 步骤 时期 期间 层面 领域 类别 "
                      # the unit a number question asks in (按前百分之多少录取), and how long it asks
                      "百分之 百分比 百分点 多长时间 多久 多长 情形 情况下".split())
# 学习材料 / 会议材料 / 红头文件: what the asker calls the document, not what it is about
_DOCUMENT_KIND = re.compile(r"..(?:材料|文件|稿子)$")
# the post a "who" question asks the holder of (谁担任组长 / 主持人是谁 / 由哪位领导主持)
_ROLE = re.compile(r"副?组长|副?主任|负责人|联系人|主持人?|委员长|副?总指挥|指挥长|召集人|副?(?:书记|市长|局长|校长|总理|部长|省长|县长|区长|院长|处长|科长)|"
                   # an organisation's posts, and a student's teachers (这篇毕业论文的指导老师是谁)
                   r"副?(?:理事长|秘书长|会长|董事长|总经理|主席)|指导(?:老师|教师)|导师|班主任")
# GDP / CPI / CIO: a name in Latin capitals is specific, whatever jieba's dictionary says
ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,7}|[a-z]{1,2}[A-Z][A-Za-z0-9]{1,8}")
_ASKING = re.compile(r"哪|几|多少")  # 哪几天 / 几月份 / 多少钱 as jieba cuts them: the asking, not the topic
PART_GAP = 4  # characters that may stand between the parts of a compound (北大、清华; 清华大学、北京大学)
# The best number- or date-stating sentence must hold this (rarity-weighed) share
# of the topic nouns; chosen on the dev half of data/eval/real.
MIN_TYPED_SUPPORT = 0.3
YEAR = re.compile(r"((?:19|20)\d\d)\s*年")  # (also qa.search.years)
# A quantity or ordinal the question itself states names a thing the material must name the same way
# (2017届, 诞辰130周年, 第二批, 5.0版本 / V2.1); years are checked against the documents' own years below.
_STATED = re.compile(r"(?:19|20)\d\d届|(?<![\d年])\d{2,4}周年|(?<![\d.])[Vv]?\d{1,3}(?:\.\d{1,3}){1,3}(?=\s*版)|"
                     r"(?<![A-Za-z\d.])[Vv]\d{1,3}(?:\.\d{1,3}){1,3}(?![\d.])|第[一二三四五六七八九十\d]{1,3}(?:批|届|轮|期|次会议|次(?=[\u4e00-\u9fff]{2}))")


def _anniversary_in(stated: str, text: str) -> bool:
    """庆祝改革开放40周年 is what 改革开放40年 marks: N年 (not 1940年, not 40年代) states N周年."""
    years = stated[:-2] if stated.endswith("周年") else ""
    return bool(years) and re.search(rf"(?<!\d){years}年(?!代)", text) is not None


def normalized_ordinal(text: str) -> str:
    """第2批 for 第二批 (documents write either)."""
    m = re.match(r"第([一二三四五六七八九十]+)(.*)", text)
    return f"第{to_int(m.group(1))}{m.group(2)}" if m else text


def _ordinal_without_di(stated: str, text: str) -> bool:
    """一届全国人大一次会议 names 第一届…第一次会议: an ordinal may be written without its 第."""
    if not stated.startswith("第"):
        return False
    return re.search(rf"(?<![一二三四五六七八九十\d第]){re.escape(stated[1:])}", text) is not None


def _parts(word: str) -> list[str]:
    """The words a compound is made of, side by side (北大清华 → 北大 + 清华, never the straddling
    大清; 个人所得税 → 个人 + 所得税): of jieba's search-mode words, the row that leaves the fewest
    characters uncovered, in the fewest pieces."""
    pieces = [(a, b) for w, a, b in jieba.tokenize(word, mode="search") if b - a >= 2 and w != word]
    best: dict[int, tuple[int, int, list[str]]] = {0: (0, 0, [])}  # end → (uncovered, pieces, words)
    for end in range(1, len(word) + 1):
        options = [(best[end - 1][0] + 1, best[end - 1][1], best[end - 1][2])]  # one character left uncovered
        options += [(best[a][0], best[a][1] + 1, best[a][2] + [word[a:b]]) for a, b in pieces if b == end]
        best[end] = min(options, key=lambda o: (o[0], o[1]))
    return best[len(word)][2]


def key_terms(query, refs=None, max_freq: int | None = RARE_FREQ) -> list[str]:
    """The question's specific nouns (rarer than ``max_freq`` in general Chinese; None: all
    its nouns), without the words that name a document or shape a question."""
    naming: set[str] = set()
    if refs is not None:
        for d in refs.docs:
            naming |= d.words | set(d.types) | set(d.speakers) | d.offices
    # 五好学生 names a document: 五好 and 学生, as jieba cuts it in the question, name it too
    naming |= {w for n in naming if len(n) > 2 and n in query.text for w in TOKENIZER.words(n)}
    out = []
    for word, weight in content_words(query.asked_core):
        if (weight < 1.0 or len(word) < 2 or word in GENERIC_WORDS or word in _QUESTION_WORDS or word in naming
                or _ASKING.match(word) or _DOCUMENT_KIND.search(word) or _kind_modifier(word, query.raw or query.text)
                or refs is not None and refs.short_name(word)
                or not re.search(r"[\u4e00-\u9fff]", word) and not ACRONYM.fullmatch(word)
                or max_freq is not None and general_frequency(word) >= max_freq):
            continue
        if (word not in out and not _unit_glued(word, query.text) and not _modal_glued(word, query.text)
                and not _modal_tail(word)):
            out.append(word)
    return out


# 开幕式上的主旨演讲 / 那篇重要讲话: a word saying what kind of speech it is names the document, it asks nothing
_KIND_MODIFIERS = frozenset("主旨 重要 即席 书面 专题 动员 表彰 开幕 闭幕".split())
_SPEECH_KINDS = re.compile(r"演讲|讲话|致辞|发言|报告")


def _kind_modifier(word: str, question: str) -> bool:
    """(as asked: naming the document takes its kind, 演讲, off the text searched)"""
    at = question.find(word)
    return word in _KIND_MODIFIERS and at >= 0 and _SPEECH_KINDS.match(question, at + len(word)) is not None


def _modal_tail(word: str) -> bool:
    """题能 of 前几年的题能重复多少: a one-character noun and the modal after it, which jieba took for a
    word its dictionary does not know; no topic the answer must name."""
    return len(word) == 2 and word[1] in "能可会要该" and not general_frequency(word)


def _modal_glued(word: str, question: str) -> bool:
    """能干 of 常委能干几年 (can serve how many years): a modal and a verb jieba took for one word,
    right before the asking word, is no topic the answer must name."""
    return len(word) == 2 and word[0] in "能可会要得" and re.search(re.escape(word) + r"(?:几|多少|多久)", question) is not None


_ASKED_NUMBER_BEFORE = re.compile(r"(?:多少|几)$")


def _unit_glued(word: str, question: str) -> bool:
    """A word jieba glued from the unit of 多少/几 and the character after it (多少人用 → 人用):
    no word of the dictionary, its first character a unit, standing right after the asking word."""
    if general_frequency(word) or not re.fullmatch(UNIT, word[0]):
        return False
    at = question.find(word)
    return at > 0 and bool(_ASKED_NUMBER_BEFORE.search(question[:at]))


def _synonym_keys(term: str, query) -> list[str]:
    """The user words of the synonym list that hold the term or that it holds."""
    return [key for key in query.synonyms if term in key or key in term]


# 家委会 for 家长委员会, 教代会 for 教职工代表大会, 环保部门 for 环境保护主管部门: a short form of three or
# four characters keeps the full name's characters in order, each a few characters at most after the one
# before, with a gap after all but one of them (a word written whole is no short form)
_ABBREVIATION_GAP = 3


def _abbreviates(term: str, text: str) -> bool:
    if not re.fullmatch(r"[\u4e00-\u9fff]{3,4}", term):
        return False
    at = text.find(term[0])
    while at >= 0:
        if _short_form_at(term, text, at, len(term) - 2):
            return True
        at = text.find(term[0], at + 1)
    return False


def _short_form_at(term: str, text: str, at: int, gaps: int) -> bool:
    """The rest of ``term`` follows text[at] (its first character) as a short form's characters do,
    with ``gaps`` gaps still to find."""
    if len(term) == 1:
        return gaps <= 0
    for skip in range(_ABBREVIATION_GAP + 1):
        nxt = at + 1 + skip
        if nxt >= len(text) or not "\u4e00" <= text[nxt - 1] <= "\u9fff" and skip:
            break
        if text[nxt] == term[1] and _short_form_at(term[1:], text, nxt, gaps - (skip > 0)):
            return True
    return False


MAX_SHORT_FREQ = 100


def _phrase_shortened(term: str, text: str, question: str) -> bool:
    """退还赃款 asked, 退赃退赔 written: a verb and its object shortened to their first characters, the
    way 追赃 and 维稳 are (the verb a word of two characters right before the term in the question)."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2}", term):
        return False
    at = question.find(term)
    verb = question[at - 2:at] if at >= 2 else ""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2}", verb):
        return False
    short = verb[0] + term[0]  # (a word of its own in common use, 参考 of 参加考试, is no short form)
    return (short in text and short not in question and general_frequency(short) < MAX_SHORT_FREQ
            and verb in TOKENIZER.words(question) and TOKENIZER.tagged(verb)[0][1].startswith("v"))


def _level_named(term: str, text: str) -> bool:
    """部级验收 asked, 部完成验收工作 written: a level (X级) is named by its body standing as a word of
    its own (部, not the 部 of 全部 or 部分; 省, not the 省 of 各省)."""
    m = re.fullmatch(r"([\u4e00-\u9fff])级", term)
    if not m:
        return False
    at = text.find(m.group(1))
    while at >= 0:
        start = max(0, at - 8)
        window = text[start:at + 9]  # cut the words around it, not the whole text
        edges = TOKENIZER.edges(window)
        if at - start in edges and at - start + 1 in edges:
            return True
        at = text.find(m.group(1), at + 1)
    return False


def _covers(term: str, text: str, query, heading: str | None = None) -> bool:
    """The text holds the term, one of its synonyms, its full name (家委会 → 家长委员会), or all of
    its parts where they end in its head, the last character (清华北大 → 清华 + 北大, 量体温 → 体温;
    体育 does not make 体育馆). With ``heading`` (a sentence read under its directive path) the
    parts must stand side by side, or the head in the text and the rest in the heading (农业农村
    over 土地承包 makes 农村土地)."""
    if term in text or _abbreviates(term, text) or _level_named(term, text) or _counted_in_own_unit(term, text):
        return True
    if _phrase_shortened(term, text, query.text):
        return True
    if any(v in text for key in _synonym_keys(term, query) for v in query.synonyms[key]):
        return True
    parts = _parts(term)
    if not parts or not any(term.endswith(p) for p in parts):
        return False
    if len(parts) == 1 or heading is None:
        return all(p in text for p in parts)
    # the parts side by side, a few characters apart at most (北大、清华), in either order when two:
    # 最低 in one sentence and 工资 in the next do not make 最低工资
    gap = f".{{0,{PART_GAP}}}"
    orders = [parts, parts[::-1]] if len(parts) == 2 else [parts]
    if any(re.search(gap.join(map(re.escape, order)), text) for order in orders):
        return True
    head = next(p for p in reversed(parts) if term.endswith(p))
    return head in text and all(p in heading for p in parts if p != head)


# 车辆 / 船只 / 房屋套数: a noun ending in the word things of its kind are counted in
_OWN_COUNTERS = "辆艘架台套户件"


def _counted_in_own_unit(term: str, text: str) -> bool:
    """多少车辆 of 淘汰老旧车2000多万辆: a count in the noun's own counter is a count of it."""
    counter = term[-1:]
    return (len(term) >= 2 and bool(counter) and counter in _OWN_COUNTERS
            and re.search(rf"[\d一二两三四五六七八九十百千]\s*(?:余|多)?[万亿]?(?:余|多)?\s*{counter}", text) is not None)


# 总投资是多少亿元 / 投资预算是多少: the noun the number measures stands before 多少/几
_MEASURED = re.compile(r"(是|为|达|约|共|总共|一共|大概|大约|具体|一般|的|了)*(?:多少|几)")
_COPULA = re.compile(r"是|为|达")
_AFTER_UNIT = re.compile(UNIT)


# 上限/最高 ask for a bound of the thing measured (不超过 10% states one), they measure nothing
_BOUNDS = frozenset("上限 下限 最高 最低 最多 最少 封顶".split())
_RATIO_WORDS = frozenset("比例 比重 占比".split())
# What stands before the measured noun without making a kind of it: where it is counted (全省常住人口 /
# 本市预算), or the document it stands in (报告里的预算)
_WHOSE = re.compile(r"[全本我各该]")
_A_DOCUMENT_S_KIND = re.compile(r"报告|通知|方案|意见|讲话|文件|规划|纲要|总结|办法|细则|材料|文章|纪要")


def measured_noun(query, passages=()) -> str | None:
    """The noun a number question measures (镜湖新校区总投资是多少亿元 → 投资, 起征点提高到多少 →
    起征点), or None: when what precedes 多少/几 is a verb with no noun before it (提高了多少), a
    word that shapes questions (目标), or the thing counted follows (几条烟, 多少钱).
    ``passages``: the text searched, where a word the dictionary lacks (营收) may be written too."""
    m = _MEASURED.search(query.text)
    if not m:
        return None
    after = query.text[m.end():]
    unit = _AFTER_UNIT.match(after)
    rest = after[unit.end():] if unit else after
    if re.match(r"[\u4e00-\u9fff]", rest[:1]) and rest[:1] not in "呢啊呀吗":
        return counted_noun(rest)
    if query.text[:m.start()].endswith("有"):  # 学校有多少人: 学校 holds them, it is not measured
        return None
    before = TOKENIZER.tagged(query.text[:m.start()])
    if not before:
        return None
    word, flag = before[-1]
    if word in _BOUNDS and len(before) > 1:  # 考勤的占比上限是多少: a bound of 占比, which is what is measured
        before = before[:-1]
        word, flag = before[-1]
    if word in _RATIO_WORDS and len(before) > 1:  # 兑付比例是多少: a share of 兑付 (兑付率30% says it), not any share
        of, _ = before[-2]
        if len(of) >= 2 and of not in GENERIC_WORDS and of not in _QUESTION_WORDS and re.fullmatch(r"[\u4e00-\u9fff]+", of):
            return of
    verbs = 0
    while verbs < min(2, len(before) - 1) and before[-1 - verbs][1].startswith("v") and before[-1 - verbs][1] != "vn":
        verbs += 1
    # a word jieba's dictionary hardly knows is a cut in the wrong place (赤字率定 → 率定); a noun
    # standing before its verb (起征点提高到多少) was cut off by that verb, so any known word will do
    least = MIN_WORD_FREQ if len(word) < 3 else 1  # (a word of three or more characters is no such cut: 常住人口)
    if (verbs == 2 and len(before[-1][0]) >= 2 and len(before[-2][0]) >= 2 and len(before) > 2
            and before[-3][1].startswith(("n", "j")) and len(before[-3][0]) >= 2
            and general_frequency(before[-1][0]) >= MIN_WORD_FREQ):  # (率取 of 保持率取: a cut, no verb)
        # 国防预算增长多少: a two-character "verb" between a noun and the verb (预算, as jieba tags it)
        # is what grows; 提高到多少 (到) is one verb, 人数一般不能超过多少 no noun's
        verbs, before = 1, [*before[:-2], (before[-2][0], "n"), before[-1]]
    if verbs and before[-1 - verbs][1].startswith("n"):
        (word, flag), least = before[-1 - verbs], 1  # the noun whose new value is asked
    nominal = flag.startswith(("n", "vn")) or bool(_COPULA.search(m.group(0)))
    if (len(word) < 2 or not nominal or word in GENERIC_WORDS or word in _QUESTION_WORDS
            or general_frequency(word) < least and not any(word in p.text for p in passages)
            or _modal_glued(word, query.text)):
        return None
    at = next(i for i in range(len(before) - 1, -1, -1) if before[i][0] == word)
    modifier, tag = before[at - 1] if at > 0 else ("", "")
    if (len(modifier) >= 2 and tag in ("n", "nz") and modifier not in GENERIC_WORDS
            and modifier not in _QUESTION_WORDS and not _A_DOCUMENT_S_KIND.search(modifier)
            and not _WHOSE.match(modifier)):
        return modifier + word  # 国防预算增长多少: a 预算 of 国防, not any 预算 (qa.search.coverage._covers)
    return word


_COUNTED_TAGS = ("n", "vn", "nz", "j", "l")
_OF_SPAN = 12  # characters from the asking word to the 的 that a counted noun may stand after


def counted_noun(rest: str) -> str | None:
    """The thing a count question counts when it follows the asking word and its unit
    (几次个人二等功 → 二等功, 有几个特点 → 特点, 几针新冠疫苗 → 疫苗): the last noun of the nouns
    that stand there side by side, when it is a word (a cut in the wrong place is not)."""
    words = TOKENIZER.tagged(rest)
    if words and len(words[0][0]) == 1 and not words[0][1].startswith("n"):
        words = words[1:]  # a unit the unit list does not know (几本, 几届)
    noun = None
    of = rest.find("的", 0, _OF_SPAN)
    if words and not words[0][1].startswith(_COUNTED_TAGS) and of > 0:
        # 多少宗针对法官的投诉: the thing counted stands after 的, a noun there whatever jieba tags it
        head = TOKENIZER.tagged(rest[of + 1:])[:1]
        noun = head[0][0] if head else None
        words = []
    for word, flag in words:
        if (noun is None or len(word) == 1) and flag.startswith(("a", "b")):
            continue  # 几名数学新教师 / 多少名高层次人才: 新 and 高层次 say which 教师 and 人才 are counted
        if not flag.startswith(_COUNTED_TAGS) or len(word) < 2 and noun is not None:
            break
        noun = word
    if (noun is None or len(noun) < 2 or noun in GENERIC_WORDS or noun in _QUESTION_WORDS
            or not general_frequency(noun)):
        return None
    return noun


_DATED_EVENT = re.compile(r"(?:哪天|哪一天|哪一年|哪年|什么时候|何时|几月几[日号])(?:首次|第一次|最早|正式)?"
                          r"([\u4e00-\u9fff]{2})的")


# 图书馆早上几点开馆: the event a time of day is asked of, ending the question
_CLOCK_EVENT = re.compile(r"几点(?:钟)?([\u4e00-\u9fff]{2})[?？]?$")


def dated_event(query) -> str | None:
    """The event a date question asks the date of (哪一年批准的 → 批准, 几点开馆 → 开馆), when it is a word."""
    m = _DATED_EVENT.search(query.text) or _CLOCK_EVENT.search(query.text)
    if not m or general_frequency(m.group(1)) < MIN_WORD_FREQ or m.group(1) in _QUESTION_WORDS:
        return None
    return m.group(1)


def _without(text: str, words: list[str]) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, " ")
    return text


_NAME_FLAGS = ("nr", "ns", "nt", "nz", "eng")


def _made_up(term: str, flags: dict[str, str], lexical) -> bool:
    """A word jieba put together from single characters (常规课能补 → 课能, 管夜自修 → 管夜): its
    dictionary does not know it, no document uses it, and it is tagged (``flags``: the question's
    words) as no name."""
    if general_frequency(term) or lexical.doc_freq(term):
        return False
    return term in flags and not flags[term].startswith(_NAME_FLAGS)


def _typed_terms(query, lexical, refs=None) -> tuple[str | None, dict[str, float]]:
    """(the number or date a question asks for, or None; its topic nouns with their weights:
    every noun, weighed by its rarity here, and the words the asker quotes, whole)."""
    kind = asked_type(query.text)
    if kind not in (NUMBER, DATE, PLACE, INSTANCE):
        return None, {}
    flags = dict(TOKENIZER.tagged(query.text))
    # 开放几个小时 / 在哪个剧场举行 / 被哪所大学录取: 小时 is the unit the number is asked in, 剧场 and
    # 大学 the kind asked for, 日期 / 时间段 the date asked: no topic the stating sentence must repeat
    asking = asked_words(query.text, kind) if kind in (PLACE, INSTANCE, DATE) else ""
    terms = [t for t in key_terms(query, refs, max_freq=None)
             if not _made_up(t, flags, lexical) and not re.fullmatch(UNIT, t) and t not in asking]
    n = max(lexical.num_docs, 1)
    weight = {t: math.log((n + 1) / (lexical.doc_freq(t) + 0.5)) for t in terms}
    for quoted in QUOTED.findall(query.raw):
        weight[match_text(quoted)] = math.log((n + 1) / 0.5)
    return kind, weight


def typed_check(query, passages, lexical, refs=None, document=None) -> tuple[list[str], bool]:
    """For a question asking for a number or a date: (its topic nouns that the best sentence
    stating one does not hold, when that sentence holds too little of them; whether a sentence
    does state one about that topic). ([], False) when there is nothing to check. ``document``: the
    passages of the best passage's document, where a question with no topic but it is checked."""
    kind, weight = _typed_terms(query, lexical, refs)
    if kind is None or not passages:
        return [], False
    setting = _setting_names(query, weight, passages[0], document or passages)
    # 南科大…每个人有多少分: the school is the whole guide's setting, said once at its start. Where it is
    # the only topic, a count in the asked unit (N分) must still stand (below); 川农大…在哪个礼堂 keeps it.
    if len(setting) < len(weight) or kind == NUMBER and asked_unit(query.text) is not None:
        for name in setting:
            del weight[name]
    if not weight:  # 中央人大工作会议开了几天: the document itself is the topic; a count in that unit must stand
        # anywhere in it; with no topic to hold, a number stated proves nothing: the other checks decide.
        # 征求意见时间是哪几天 of the 征求意见稿 it names: a sentence of its best passage that states a
        # date beside the words asked about (征求意见 时间) answers it; 截止日期 asked, 到2020年 does not.
        if kind == DATE:
            # 质量分会是哪一年成立的, of a charter that never dates its founding: an event other than the
            # document's own making (印发, 召开…: its date line answers) needs a date beside it somewhere
            m = _DATED_EVENT.search(query.text)  # (发布 too, which dated_event leaves to the document's head)
            event = m.group(1) if m and general_frequency(m.group(1)) >= MIN_WORD_FREQ else None
            own = event in _DOCUMENT_EVENTS and _ASKS_OF_DOCUMENT.search(query.text)  # (这份通知是哪天印发的)
            if event and not own and not _event_dated(event, document or passages, query.text):
                return [event], False
            return [], _dated_subject_stated(query, passages[0])
        within = document or passages
        if _average_asked(query, kind):  # (an average another document states is of something else)
            within = [p for p in within if (p.file, p.speech) == (passages[0].file, passages[0].speech)]
        return _unstated_count(query, kind, within), False
    unstated = _unstated(query, kind, weight, passages)
    return unstated, not unstated


# 平均每人出借了多少钱 / 人均收入是多少: an average is asked; a total (仍有出借人22.2万，待偿金额145亿)
# answers none. The sentence stating the number (or the one after it) says 平均 / 人均 / 年均 …
_AVERAGE_ASKED = re.compile(r"平均|[人年户月日]均")
_AVERAGE_STATED = re.compile(r"平均|[人年户月日次]均|均值")  # (not 均无果: all of them)


def _average_asked(query, kind: str) -> str:
    m = _AVERAGE_ASKED.search(query.text) if kind == NUMBER else None
    return m.group() if m else ""


def _says_average(sentences: list[str], i: int) -> bool:
    """Sentence ``i`` (or the one after it) says the number it states is an average."""
    return _AVERAGE_STATED.search(" ".join(sentences[i:i + 2])) is not None


# A name (of a place, a body, an abbreviation) the document's opening uses and this many of its
# passages repeat is where the whole document happens: its sentences need not name it again.
SETTING_OPENING = 3
SETTING_MIN_PASSAGES = 3
_SETTING_FLAGS = (*_NAME_FLAGS, "j")


def _setting_names(query, weight: dict[str, float], top, document) -> list[str]:
    """The question's topic names that name the setting of ``top``'s document (of ``document``: its
    passages, in order, with others): in its opening passages and in SETTING_MIN_PASSAGES of them."""
    flags = dict(TOKENIZER.tagged(query.text))
    names = [term for term in weight if flags.get(term, "").startswith(_SETTING_FLAGS)]
    if not names:  # (most questions: the document's passages are not read)
        return []
    own = sorted({(p.start, p.end): p for p in document if (p.file, p.speech) == (top.file, top.speech)}.values(),
                 key=lambda p: p.start)
    texts = [match_text(p.search_text) for p in own]
    out = []
    for term in names:
        holding = [i for i, text in enumerate(texts) if term in text]
        if holding and holding[0] < SETTING_OPENING and len(holding) >= SETTING_MIN_PASSAGES:
            out.append(term)
    return out


_ASKED_COUNT = re.compile(r"[\u4e00-\u9fff]{0,2}(?:几|多少)[\u4e00-\u9fff]?")


def _unstated_count(query, kind: str, passages) -> list[str]:
    """A number question with no topic of its own but the document it names: [the asking words] when
    no sentence of the passages states a number in the asked unit (几天 → N天), else []."""
    unit = asked_unit(query.text) if kind == NUMBER else None
    if unit is None:
        return []
    measured = measured_noun(query)  # 多少宗针对法官的投诉: a count of 投诉, not of any 宗
    average = _average_asked(query, kind)
    for p in passages:
        sentences = [s.text for s in split_sentences(p.text)]
        for i, sentence in enumerate(sentences):
            if (holds(kind, sentence, query.text) and unit.search(match_text(sentence))
                    and (measured is None or _covers(measured, match_text(" ".join(sentences[i:i + 2])), query))
                    and (not average or _says_average(sentences, i))):
                return []
    asked = _ASKED_COUNT.search(query.text)
    return ([average] if average else []) + [asked.group() if asked else query.text]


# what a document's own date (its head, its date line) is the date of, asked of the document itself
# (这份通知 / 那篇讲话 / 会议), not of a thing it is about (PaConvert 是哪一年首次发布的)
_DOCUMENT_EVENTS = frozenset("印发 发布 发表 发出 下发 签发 公布 出台 通过 召开 举行 举办 开会 讲话 发言 写的 作的 讲的 发的".split())
_ASKS_OF_DOCUMENT = re.compile("这份|这篇|那份|那篇|本文|文件|材料|会议|大会|" + "|".join(TYPES))


def _event_dated(event: str, passages, question: str = "") -> bool:
    """A sentence (with the next) states a date beside the event, in a passage that holds the names
    in Latin letters the question asks about (PaConvert: another tool's 6月22日发布 does not date it)."""
    names = [n.lower() for n in re.findall(r"[A-Za-z][\w.+-]{2,}", question)]
    for p in passages:
        if not all(n in p.text.lower() for n in names):
            continue
        sentences = [s.text for s in split_sentences(p.text)]
        for i, sentence in enumerate(sentences):
            text = " ".join(sentences[i:i + 2])
            if event in match_text(text) and holds(DATE, text):
                return True
    return False


def _dated_subject_stated(query, passage) -> bool:
    """A sentence of the passage states a date and holds the two words the question puts before
    its asking word (…的征求意见时间是哪几天 → 征求意见, 时间)."""
    question = match_text(query.raw)  # as asked (the document's name is cut from the text searched), simplified
    asking = asked_words(question, DATE)
    at = question.find(asking) if asking else -1
    if at <= 0:
        return False
    words = [w for w in TOKENIZER.words(question[:at]) if len(w) >= 2][-2:]
    if not words:
        return False
    sentences = [s.text for s in split_sentences(passage.text)]
    for i, sentence in enumerate(sentences):  # 征求意见时间：| 9月9日至9月11日。
        text = " ".join(sentences[i:i + 2])
        if holds(DATE, text, query.text) and all(_covers(w, match_text(text), query) for w in words):
            return True
    return False


# (除 opening a clause, not the 除 of 扣除/排除/免除)
_EXCLUDED = re.compile(r"(?:不含|不包含|不包括|不计入|(?<![\u4e00-\u9fff])除(?:了|去)?)[^，。；;,）)]{1,24}?(?:以外|之外|外|在内)?"
                       r"(?=[，。；;,）)]|$)")


def unstated_terms(query, passages, lexical, refs=None) -> list[str]:
    """The first of ``typed_check``: the topic nouns no sentence stating the number or date holds."""
    return typed_check(query, passages, lexical, refs)[0]


# ❔ 限速限流吗 / == 宣城校区 / 限流，每月 100G: short lines over a statement (a question it answers,
# the case it is of) say what it is about, as a heading does
_LABEL = re.compile(r"^[^。！？!?；;，,]{1,24}$")
LABEL_LINES = 2


def _labels_before(sentences: list[str], i: int) -> list[str]:
    out = []
    for j in range(i - 1, max(i - 1 - LABEL_LINES, -1), -1):
        if not _LABEL.match(sentences[j].strip()):
            break
        out.insert(0, sentences[j])
    return out


# 2018年政府工作报告提出的当年…目标: the year a document is named by, and 当年 asking of that year
_NAMING_YEAR_OF = re.compile(r"((?:19|20)\d\d)\s*年(?:度)?的?[\u4e00-\u9fff]{0,8}?(?:" + "|".join(TYPES) + ")")
_THAT_YEAR = re.compile(r"当年|本年度|这一年")
_SPAN_OF_YEARS = re.compile(r"[一二两三四五六七八九十\d]+年来|过去[一二两三四五六七八九十\d]+年|近[一二两三四五六七八九十\d]*年来|多年来")


# 截止日期是哪天 / 最晚什么时候交: a deadline asked is stated as one (…前 / 截至… / 不晚于…)
_DEADLINE_ASKED = re.compile(r"截止|截至|最晚|最迟|期限")
_DEADLINE_STATED = re.compile(r"截止|截至|前|为止|不晚于|不迟于|期限|以内|之内|内完成|内提交|内报")


# 2011-2015年 / 2016—2020年: a heading's span of years covers every year in it
_YEAR_SPAN = re.compile(r"((?:19|20)\d\d)\s*[-－—–~～至到]\s*((?:19|20)\d\d)")


def _of_other_years(asked: set[str], path: str, text: str) -> bool:
    """The passage's headings name the years they are about, none of them a year the question asks
    of, and its own text names none of those either: it speaks of other years (ranking weighs such
    passages down, qa.search.years; here a number or date they state answers nothing asked)."""
    if not asked:
        return False
    heads = set(YEAR.findall(match_text(path)))
    if not heads or asked & heads or any(y in match_text(text) for y in asked):
        return False
    spans = [(int(a), int(b)) for a, b in _YEAR_SPAN.findall(match_text(path))]
    return not any(a <= int(y) <= b for y in asked for a, b in spans)


def _year_asked_of(question: str) -> str | None:
    """The year a number or date is asked of where the question says so only by naming its
    document's year and asking of 当年 (the year it was given in)."""
    m = _NAMING_YEAR_OF.search(question)
    return m.group(1) if m and _THAT_YEAR.search(question[m.end():]) else None


def _unstated(query, kind: str, weight: dict[str, float], passages) -> list[str]:
    terms = list(weight)
    total = sum(weight.values())
    # 总投资是多少: the number must be of 投资; 哪一年批准的: the date must be of the 批准
    measured = measured_noun(query, passages) if kind == NUMBER else dated_event(query) if kind == DATE else None
    unit = asked_unit(query.text) if kind == NUMBER else None  # 多少钱: a sum of money, not a year
    best, best_missing = -1.0, terms
    of_year = _year_asked_of(match_text(query.raw))  # (as asked: the name is cut from the text searched)
    asked_years = set(YEAR.findall(match_text(query.text)))
    deadline = kind == DATE and _DEADLINE_ASKED.search(query.text) is not None
    day = kind == DATE and ASKS_DAY.search(query.text) is not None
    average, unaveraged = _average_asked(query, kind), False
    # 标准修订项目申请了多少经费, of a drafting note that states no sum: a sum another file states of
    # its own 项目 answers nothing; the number must stand in the file of the best passage
    for p in [p for p in passages if p.file == passages[0].file]:
        path = " ".join(p.path)
        whole = match_text(" ".join([p.text, path]))
        if of_year and of_year not in set(YEAR.findall(whole)) and (YEAR.search(whole) or _SPAN_OF_YEARS.search(whole)):
            continue  # 2018年报告提出的当年目标: a passage about 2017, or the five years before, states none
        if _of_other_years(asked_years, path, p.text):
            continue  # 2016年的失业率 asked: a part headed 2015年工作回顾 states the year before's
        sentences = [s.text for s in split_sentences(p.text)]
        for i, sentence in enumerate(sentences):
            stated = _without(sentence, terms)
            if not states(kind, unit, stated, query.text):
                continue  # 寒假 asked about does not state when; a year does not state a price
            if day and not DAY.search(match_text(stated)):
                continue  # 哪天开幕 asked: 今年将举办 names no day
            if deadline and not _DEADLINE_STATED.search(" ".join(sentences[i:i + 2])):
                continue  # 申报截止日期 asked: 三年内 / 5月起 bound no deadline
            if average and not _says_average(sentences, i):
                unaveraged = True
                continue  # 平均每人多少钱 asked: 待偿金额145亿 is a total
            # the sentence, its directive path, and the sentence after it (…开幕。党的二十大是…);
            # what it says it leaves out (本方案口径不含物流仓储领域) it does not cover
            text = match_text(_EXCLUDED.sub(" ", " ".join([*_labels_before(sentences, i), sentence,
                                                             *sentences[i + 1:i + 2], path])))
            heading = match_text(path)
            if measured is not None and _covers(measured, match_text(sentence), query) or p.role == "frame":
                # 《意见》主要有4个特点 under 负责人…答记者问: the number is of the thing asked, and
                # the passage around it may set the scene; a document's head (总裁办电子邮件 /
                # 电邮讲话【2014】060号 签发人: …) is one statement, line by line
                text = whole
            missing = [t for t in terms if not _covers(t, text, query, heading)]
            share = 1.0 - sum(weight[t] for t in missing) / total
            if measured is not None and not _covers(measured, text, query, heading):
                share, missing = min(share, 0.0), [measured] + [t for t in missing if t != measured]
            if share > best:
                best, best_missing = share, missing
    if best < MIN_TYPED_SUPPORT and unaveraged:
        return [average, *best_missing]
    return best_missing if best < MIN_TYPED_SUPPORT else []


# 二级公立医院 of documents about 三级公立医院: a level the question names that the passages speak of
# only at other levels
_LEVEL_WORD = r"(?<![一二三四五六七八九十\d])(?:[一二三四五六\d甲乙丙丁]级|省级|市级|县级|区级|乡级|村级|国家级|校级)"
_LEVELED = re.compile(rf"({_LEVEL_WORD})([\u4e00-\u9fff]{{2,4}})")


def _other_levels(question: str, text: str) -> list[str]:
    out = []
    for level, rest in _LEVELED.findall(question):
        # the longest head the passages hold at some level (乙级机构每年 → 机构: 甲级机构 stands there)
        for head in (rest[:k] for k in range(len(rest), 1, -1) if rest[:k] in text):
            if re.search(rf"{level}[\u4e00-\u9fff]{{0,4}}?{re.escape(head)}", text):  # (三级公立医院: 三级医院)
                break
            if any(m.group(1) != level for m in re.finditer(rf"({_LEVEL_WORD}){re.escape(head)}", text)):
                out.append(level + head)
                break
    return out


# 迎峰度夏期间 / 改革开放时期: the period a question asks about is named by the word before 期间
_PERIOD = re.compile(r"期间|时期")
_NOT_PERIOD_FLAGS = ("m", "t", "f", "r", "p", "c", "u")  # 2021年 / 今年 / 这 …: a year or a pointer, checked elsewhere


def _periods(query) -> list[str]:
    out = []
    for m in _PERIOD.finditer(query.text):
        before = TOKENIZER.tagged(query.text[max(0, m.start() - 8):m.start()])
        if before and len(before[-1][0]) >= 2 and not before[-1][1].startswith(_NOT_PERIOD_FLAGS):
            out.append(before[-1][0])
    return out


# 现任理事长是谁 / 教师代表叫什么名字: the holder of a post asked by name (总指挥是谁 of a plan is
# answered by an office, 总指挥：国家发展改革委主要负责人; 是谁兼任了… by the speaker's 我兼任)
_NAME_ASKED = re.compile(r"叫什么名字|叫啥名|姓名|名字是|现任")
MIN_NAME_FREQ = 100


# 组长由哪位领导担任 / 谁来当组长 / 指导老师是哪位老师: who holds a post, which a person or another
# office answers (组长由公司总经理担任 / 总指挥：…主要负责人), not the post's headcount (组长1人)
_HOLDER_ASKED = re.compile(r"(?:谁|哪位[\u4e00-\u9fff]{0,3}?|哪个人)来?(?:担任|兼任|出任|当)|是(?:谁|哪位)")
# …saying someone holds it: 担任/兼任/出任 (我兼任…负责人: the speaker does), or an office named as the
# holder (由公司总经理…, 为…局长)
_HOLDER_STATED = re.compile(r"担任|兼任|出任|(?:由|为|是)[^，。；]{0,12}?(?:" + "|".join(OFFICES) + ")")


def _unnamed_holders(query, text: str) -> list[str]:
    """The posts a question asks the holder's name of that the passages name, but never beside a
    person's name (理事長對內綜理督導會務: what the post does, not who holds it); asked who holds
    it (由哪位领导担任), never beside a name or a saying who holds it either."""
    by_name = _NAME_ASKED.search(query.text) is not None
    if not by_name and not _HOLDER_ASKED.search(query.text):
        return []
    out = []
    for role in dict.fromkeys(_ROLE.findall(query.text)):
        said = [s for s in re.split(r"[。！？；\n]", text) if role in s]
        # (a person's name is a rare word of the dictionary: 顾问, tagged nr, is a common one)
        named = any(flag.startswith("nr") and len(word) >= 2 and word not in role
                    and general_frequency(word) < MIN_NAME_FREQ
                    for s in said for word, flag in TOKENIZER.tagged(s))
        # (组长：王明 lists the holder as a form does)
        listed = any(re.search(re.escape(role) + r"\s*[:：]\s*[\u4e00-\u9fff]{2,4}", s) for s in said)
        if said and not named and (by_name or not listed and not any(_HOLDER_STATED.search(s) for s in said)):
            out.append(role)
    return out


def _known_word(term: str) -> bool:
    """A word of the dictionary, or a compound of its words (小组讨论: 小组 + 讨论), not a cut jieba's
    guessing made of characters it does not know as words (由谁来)."""
    if general_frequency(term) >= MIN_UNUSED_FREQ:
        return True
    return any(general_frequency(term[:i]) >= MIN_UNUSED_FREQ and general_frequency(term[i:]) >= MIN_UNUSED_FREQ
               for i in range(2, len(term) - 1))


def missing_terms(query, passages, lexical=None, refs=None, unused_count: bool = True) -> list[str]:
    """Key terms and asked years that the passages (with their paths and titles) do not cover.
    ``unused_count``: whether terms no document uses count (not where the question names the
    place it asks about, 开头引用了哪句古诗: the asker's words for what stands there)."""
    if not passages:
        return []
    text = " ".join(match_text(p.search_text) for p in passages) + " " + " ".join(
        match_text(t) for t in {p.title for p in passages})
    missing, unused = [], []
    for term in key_terms(query, refs):
        if _covers(term, text, query):
            continue
        # A term the documents never use is often the asker's own wording (防疫 for 防控): the dense
        # and coverage signals judge it. One the documents do use elsewhere, but not here, is not covered.
        if lexical is not None and not lexical.doc_freq(term.lower() if ACRONYM.fullmatch(term) else term):
            if ACRONYM.fullmatch(term):  # GDP, in no document by that name or its synonyms' names
                missing.append(term)
            elif _known_word(term) and not _synonym_keys(term, query):
                unused.append(term)
            continue
        # A term many passages use is a topic of the material: missing from these passages it means the
        # search went to the wrong place more often than that the material is silent on it.
        if lexical is not None and lexical.doc_freq(term) > max(RARE_IN_CORPUS, RARE_SHARE * lexical.num_docs):
            continue
        missing.append(term)
    if unused_count and len(unused) >= MIN_UNUSED_TERMS:  # 校车 + 驾驶员: two things the documents never speak of is another topic
        missing += unused
    if asked_type(query.text) == PERSON:  # 谁担任组长: the passages must name that post
        missing += [role for role in _ROLE.findall(query.text) if role not in text and role not in missing]
        missing += [f"{role}的姓名" for role in _unnamed_holders(query, text)]
    for stated in sorted(set(_STATED.findall(match_text(query.text)))):  # 2017届, 130周年, 第二批: as named
        if (stated not in text and stated.lstrip("Vv") not in text and normalized_ordinal(stated) not in text
                and not _anniversary_in(stated, text)
                and not _ordinal_without_di(stated, text)):
            missing.append(stated)
    missing += [t for t in _other_levels(match_text(query.text), text) if t not in missing]
    missing += [t for t in _periods(query) if t not in missing and not _covers(t, text, query)]
    # (from the question as asked where the year is still in it: naming a document can take 年度
    # off 2019年度; a year that named the document, 2020年1月那篇讲话, is gone from it)
    years = {int(y) for y in YEAR.findall(match_text(query.raw or query.text)) if y in query.text}
    if years:
        top = (passages[0].file, passages[0].speech)
        own = [p for p in passages if (p.file, p.speech) == top]
        own_text = " ".join(match_text(p.search_text) for p in own) + " " + match_text(passages[0].title)
        doc_years = set()
        if refs is not None:
            d = refs.find(*top)
            if d is not None and d.year is not None:
                doc_years.add(d.year)
        for y in sorted(years):
            if f"{y}" not in own_text and y not in doc_years:
                missing.append(f"{y}年")
    return missing
