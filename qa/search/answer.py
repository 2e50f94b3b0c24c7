"""The one answer builder: extractive sentences, each tied to the result it
quotes, joined with [n] markers. The CLI, the page and the library all show
the Answer that the search puts on its result."""
from __future__ import annotations

import re
from collections import Counter

from qa.ingest.directives import ends_with_question_line, marker_number, without_heading_marks
from qa.models import Passage
from qa.search.answer_types import DATE, INSTANCE, PLACE, asked_type
from qa.search.cite import speech_name
from qa.search.closeness import NONE, Closeness
from qa.search.result import Answer, AnswerSentence, Hit, Result
from qa.search.roles import demoted
from qa.search.sentences import ASKING, QUESTION_FACTOR, SentenceScorer, normalized, split_sentences
from qa.search.structure import Structure

SHORT_SENTENCE = 15  # characters: a sentence this short joins the next one
HEADING_SHARE = 0.5  # what a heading's words add to the sentence joined to it
MAX_POINTS = 3  # sentences in an answer …
MAX_LIST_POINTS = 5  # … unless the question asks for a list
SIBLING_FACTOR = 0.9  # a sentence from the rest of the directive, not the passage found
SWAP_MARGIN = 1.25  # … and must beat the passage's own best sentence by this much to be quoted instead
RERANK_DEPTH = 5  # results whose best sentence may bring them to the front
RANK_WEIGHT = 1.0  # weight of the retrieval score (relative to the first) beside the sentence score
FOLLOW_RATIO = 0.45  # a further sentence must score this share of the first
SAME_PASSAGE_BONUS = 1.3  # the first passage's own further sentences are preferred by this factor
SAME_TOPIC = 0.75  # share of the best passage's topic words another must hold to count as saying it too
ALL_SAID = "上一条回答已是讲话中关于这一点的全部内容。"


# -- choosing sentences ---------------------------------------------------------

def answer_units(passage: Passage, structure: Structure) -> list[tuple[int, str, bool, int]]:
    """(start, text, is a bare heading, where its own words start) of each
    sentence of a passage. A heading that stands alone (一是持续抓好防汛救灾。)
    is joined with the sentence after it, which says what it means; so is a
    short claim (另一方面，疫情防控压力加大。), which the next sentence explains, and a sentence
    that announces what follows (…计算公式为：), which the next one states."""
    sentences = split_sentences(passage.text)
    units, i = [], 0
    while i < len(sentences):
        s = sentences[i]
        bare = structure.is_bare_heading(passage, s.text)
        short = len(normalized(s.text)) < SHORT_SENTENCE
        announces = s.text.endswith(("：", ":")) or _counts_next(sentences, i)
        if _OPENS_INLINE_LIST.search(s.text) and s.text.endswith(("；", ";")) and i + 1 < len(sentences):
            # 短视频可能有两个走势：1）反审美化；2）中视频化。: the items the colon announces are one answer
            j, n = i, 1
            while j + 1 < len(sentences) and _item_number(sentences[j + 1].text) == n + 1:
                j, n = j + 1, n + 1
                if not sentences[j].text.endswith(("；", ";")):
                    break
            if j > i:
                units.append((s.start, passage.text[s.start:sentences[j].start + len(sentences[j].text)], False, 0))
                i = j + 1
                continue
        if (bare or short or announces) and i + 1 < len(sentences):
            j = i + 1  # a heading over a heading (五、… / 第一，…) joins down to the first body sentence
            while j + 1 < len(sentences) and j - i < 3 and structure.is_bare_heading(passage, sentences[j].text):
                j += 1
            while j + 1 < len(sentences) and (sentences[j].text.endswith(("：", ":")) or _counts_next(sentences, j)):
                j += 1  # 二、补贴标准 / 补贴标准为…，计算公式为： / 住房租赁补贴＝…: what it announces too
            nxt = sentences[j]
            body = nxt.start - s.start if bare else 0  # a heading's words count little; a claim's count
            units.append((s.start, passage.text[s.start:nxt.start + len(nxt.text)], False, body))
            i = j + 1
            continue
        units.append((s.start, s.text, bare, 0))
        i += 1
    return units


# 我犯了两个非常大的错误。一个是…，一个是…。: a count announced, then the sentence that counts them
_COUNT_ANNOUNCED = re.compile(r"[两二三四五六七八九十几]\s*(?:个|点|条|项|方面|种|类|大)")
_ENUMERATION_OPENS = re.compile(r"^\s*(?:一个是|一是|其一|第一[，,、个]|首先|一方面|1\s*[、.．）)]|[（(]1[）)]|①)")


def _counts_next(sentences, i: int) -> bool:
    """Sentence ``i`` announces a count the next one opens counting (…两个错误。一个是…)."""
    return (i + 1 < len(sentences) and _COUNT_ANNOUNCED.search(sentences[i].text) is not None
            and _ENUMERATION_OPENS.match(sentences[i + 1].text) is not None)


# ：1）… / ：（1）… / ：①… / ：一是… opening a list counted inside a sentence, its items parted by ；
_OPENS_INLINE_LIST = re.compile(r"[：:]\s*(?:1\s*[）)、.．]|[（(]1[）)]|①|一是)")
# 2）… (a digit and a closing bracket, which no directive family reads); the rest as the directives do
_CLOSED_DIGIT = re.compile(r"^\s*(\d{1,2})\s*[）)]")


def _item_number(text: str) -> int | None:
    m = _CLOSED_DIGIT.match(text)
    return int(m.group(1)) if m else marker_number(text)


RESTATED_QUESTION = 0.5  # share of its score a sentence keeps that asks the question asked (its answer follows)
SAME_QUESTION = 0.5  # share of the question's words a question heading holds to be that question…
# …in words other than the asking ones (❔ 总共多长时间 is not 补贴多长时间发放一次)
_ASKING_WORDS = re.compile(r"多长时间|多长|多久|什么时候|时间|可以|" + ASKING.pattern)
_ASKED_LABEL = re.compile(r"^\W*(?:[❔❓]|问[：:]|Q[：:.]|Q\d|问题\s*\d)")
_ASKED_HEADING = re.compile(_ASKED_LABEL.pattern + r"|[？?]\s*$")
_ANSWER_LABEL = re.compile(r"^\W*(?:A\s*\d{0,2}|答)\s*[：:.]")
_ASKS = re.compile(r"[？?]\s*$|^\W*Q\d.*[！!]\s*$")  # (Q5：广播室里太吵了！！！ asks too)


# 此项服务… / 该平台… / 其… : a sentence that takes its subject from the one before
_TAKES_SUBJECT = re.compile(r"^\s*(?:此|该|其|上述|这)(?:项|个|类|种|些|条|款|一|次|份)?")


# 2020年起，每年1月底前完成上述工作: what it does is the sentence before's
_REFERS_BACK = re.compile(r"上述|前述|以上(?:工作|事项|任务|内容|要求|材料)")


# 预计要讲多长时间 is not answered by 理事会可以决定多长时间开一次会议: a sentence that holds the
# question's own asking words leaves open what it asks; they count for nothing in it
_ASKING_PHRASE = re.compile(r"多长时间|多久|什么时候|什么时间|啥时候|多少钱|几点钟?")


def _without_asking(text: str, asking: list[str]) -> str:
    """``text`` with the question's asking phrases blanked where it holds them (same length: its
    offsets stay)."""
    for phrase in asking:
        text = text.replace(phrase, " " * len(phrase))
    return text


def _is_the_question(heading: str, scorer: SentenceScorer) -> bool:
    return bool(_ASKED_HEADING.search(heading)) and scorer.overlap(_ASKING_WORDS.sub(" ", heading)) >= SAME_QUESTION


def _candidates(passage: Passage, row: int, structure: Structure, scorer: SentenceScorer,
                closeness: Closeness = NONE, factor: float = 1.0):
    headings = " ".join(passage.path)
    # the words naming its document count for every sentence of it, unless its title is what is asked
    title = structure.naming_words(passage.file, passage.speech) if not scorer.asks_headings else frozenset()
    asking = list(dict.fromkeys(m.group() for m in _ASKING_PHRASE.finditer(scorer.question)))
    before, question = "", None
    for start, text, bare, body in answer_units(passage, structure):
        # (the question's own asking words, 多长时间, held by a sentence answer nothing in it)
        scored = _without_asking(text, asking) if asking else text
        score = scorer.score(scored, bare, headings, title)
        if before and (_TAKES_SUBJECT.match(text) and scorer.states_asked(text) and not scorer.states_asked(before)
                       or _REFERS_BACK.search(text) and scorer.states_asked(text)
                       or scorer.fills_role(text) and not scorer.fills_role(before)):
            # …是全国免费热线。此项服务的免费电话号码为 1-866-…: the number's subject is the sentence before's
            # (…成立评选工作领导小组。/ 组  长：王  琛: so is the post's, of the line naming who holds it)
            score = max(score, scorer.score(before + scored, bare, headings, title))
        before = scored
        if body and not _is_the_question(text[:body], scorer):
            # joined to a heading: scored by its own words, the heading's add a little (a heading
            # that is the question asked, an FAQ's ❔ 校园卡怎么办理, is what its answer answers: it counts whole)
            own = scorer.score(scored[body:], headings=headings, title=title)
            score = own + HEADING_SHARE * max(0.0, score - own)
        said = text[body:] if body else text
        if question is not None and _ANSWER_LABEL.match(said):
            # Q2：放错了音乐怎么办？ / A2：可以先把…: the answer answers what its question line matched
            score = max(score, question)
        asked = (_ASKED_LABEL.search(text) or _ASKED_LABEL.search(said)) and _ASKS.search(said)
        question = None
        if asked:  # (its own match, before the scorer weighed a Q：…？ line down)
            question = score / QUESTION_FACTOR if ends_with_question_line(said) and not scorer.asks_questions else score
        if asked or _is_the_question(said, scorer):
            score *= RESTATED_QUESTION  # 问题 1：是否有中间表示？ asks what the next line (答：…) answers
        score += closeness.bonus(row, start, start + len(text))  # what it says, in other words too
        yield score * factor, start, text, bare


def _quote_the_answering_part(result: Result, structure: Structure, scorer: SentenceScorer,
                              avoid: set[str], closeness: Closeness) -> None:
    """The best sentence of the first result's whole directive decides which
    of its passages is quoted: an answer cut off by the passage split is
    found in its neighbour, which then becomes result 1."""
    top = result.hits[0]
    best = None
    for row in structure.group(top.row):
        passage = structure.index.passages[row]
        factor = 1.0 if row == top.row else SIBLING_FACTOR
        for score, _, text, _ in _candidates(passage, row, structure, scorer, closeness, factor):
            if normalized(text) not in avoid and (best is None or score > best[0]):
                best = (score, row)
    own = max((c[0] for c in _candidates(top.passage, top.row, structure, scorer, closeness)
               if normalized(c[2]) not in avoid), default=0.0)
    if best is None or best[1] == top.row or best[0] < SWAP_MARGIN * own:
        return
    row = best[1]
    for j, hit in enumerate(result.hits):
        if hit.row == row:  # already among the results: it moves to the front
            result.hits.insert(0, result.hits.pop(j))
            return
    top.passage, top.row, top.also = structure.index.passages[row], row, structure.copies(row)


def _rerank_by_sentence(result: Result, structure: Structure, scorer: SentenceScorer,
                        avoid: set[str], closeness: Closeness) -> None:
    """Among the first few results, the one whose best sentence answers best
    (its retrieval score counting too) comes first."""
    top_score = result.hits[0].score or 1.0
    combined = []
    for j, hit in enumerate(result.hits[:RERANK_DEPTH]):
        best = max((c[0] for c in _candidates(hit.passage, hit.row, structure, scorer, closeness)
                    if normalized(c[2]) not in avoid), default=0.0)
        combined.append(RANK_WEIGHT * hit.score / top_score + best)
    # (a frame or closing line the question is not about is not brought before content by its words:
    # 教育部令第18号里所说的考场 names the regulation by its 发布 note)
    j = max((i for i, hit in enumerate(result.hits[:RERANK_DEPTH])
             if not i or not demoted(hit.passage, result.query.text)), key=lambda i: (combined[i], -i))
    if j:
        result.hits.insert(0, result.hits.pop(j))


def choose_sentences(result: Result, structure: Structure, scorer: SentenceScorer,
                     avoid: set[str] = frozenset(), heading_first: bool = False,
                     closeness: Closeness = NONE) -> list[AnswerSentence]:
    """Best sentence of the best result first, then up to two more (four for a
    list question) that score nearly as well, never one shown just before."""
    if not result.hits:
        return []
    if not heading_first:
        _rerank_by_sentence(result, structure, scorer, avoid, closeness)
        _quote_the_answering_part(result, structure, scorer, avoid, closeness)
    limit = MAX_LIST_POINTS if scorer.asks_list else MAX_POINTS
    scored = []
    for n, hit in enumerate(result.hits[:limit], 1):
        for score, start, text, bare in _candidates(hit.passage, hit.row, structure, scorer, closeness):
            if normalized(text) in avoid or (avoid and not heading_first and not scorer.on_topic(text)):
                continue  # a follow-up goes on to more of the topic, or says there is no more
            if heading_first and n == 1:
                score = 10.0 - start / 1000  # a structural question: the part's own words, in order
            scored.append((score, n, start, text, bare))
    if not scored:
        return []
    first = max((c for c in scored if c[1] == 1), default=None, key=lambda c: c[0]) or max(scored)
    picked, seen = [first], {normalized(first[3])}
    # the first passage's own next sentences come before other passages' (one coherent answer)
    for c in sorted(scored, key=lambda c: -c[0] * (SAME_PASSAGE_BONUS if c[1] == first[1] else 1.0)):
        if len(picked) >= limit:
            break
        score, _, _, text, bare = c
        key = normalized(text)
        if (key in seen or any(key in s or s in key for s in seen) or score < FOLLOW_RATIO * first[0]
                or (bare and not scorer.asks_headings) or (scorer.overlap(text) == 0 and not heading_first)):
            continue
        picked.append(c)
        seen.add(key)
    rest = sorted(picked[1:], key=lambda c: (c[1], c[2]))
    return [AnswerSentence(without_heading_marks(c[3]), c[1]) for c in [first] + rest]


def build_answer(result: Result, structure: Structure, scorer: SentenceScorer,
                 topics: list[str], avoid: set[str] = frozenset(), closeness: Closeness = NONE) -> Answer:
    if result.notice and not result.hits and not result.answerable:
        return Answer(result.notice if result.mode == "empty" else no_answer_text(result, topics))
    if not result.answerable:
        return Answer(no_answer_text(result, topics))
    sentences = choose_sentences(result, structure, scorer, avoid, heading_first=result.mode == "structural",
                                 closeness=closeness)
    if not sentences:
        return Answer(ALL_SAID if avoid else "")
    return Answer.of(sentences)


# -- replies without an answer ----------------------------------------------------

def closest_topics(result: Result, n: int = 3) -> list[str]:
    seen: list[str] = []
    for hit in result.hits:
        topic = hit.passage.path[0] if hit.passage.path else ""
        if topic and topic not in seen:
            seen.append(topic)
    return seen[:n]


def no_answer_text(result: Result, covered_topics: list[str]) -> str:
    # (the corpus's main topics only when nothing came near: a scoped talk with no numbered
    # points must not be offered another document's chapters as its near topics)
    topics = closest_topics(result) or ([] if result.hits else covered_topics)
    text = "抱歉，讲话材料中没有找到与这个问题直接相关的内容。"
    missing = getattr(result, "missing", None)
    if missing:  # the question's key terms that the material never covers
        text = "抱歉，材料中没有提到" + "、".join(f"“{m}”" for m in missing[:3]) + "。"
    elif result.unstated:  # the topic is there, the number or date asked for is not
        what = {DATE: "日期", PLACE: "地点", INSTANCE: "名称"}.get(asked_type(result.query.text), "数字")
        text = "抱歉，材料中没有找到" + "、".join(f"“{m}”" for m in result.unstated[:3]) + f"的具体{what}。"
    if topics:
        text += "材料涉及的相近内容有：" + "；".join(topics[:3]) + "。"
    return text


def covered_topics(passages: list[Passage], n: int = 5) -> list[str]:
    """The most common top-level topics of the corpus, for the no-answer reply."""
    counts = Counter(p.path[0] for p in passages if p.path)
    return [t for t, _ in counts.most_common(n)]


def same_topic(hits: list[Hit], scorer: SentenceScorer, depth: int = 3) -> list[Hit]:
    """The first results whose passage holds nearly as much of the topic as the first one."""
    top = scorer.overlap(hits[0].passage.text) if hits else 0.0
    return [h for h in hits[:depth] if scorer.overlap(h.passage.text) >= SAME_TOPIC * top]


def speeches_intro(hits: list[Hit], scorer: SentenceScorer) -> str:
    """"讲到这一点的有第四篇、第五篇：" for a question about which speeches say it:
    those whose passage holds nearly as much of the topic as the best one."""
    names: list[str] = []
    for hit in same_topic(hits, scorer):
        for p in [hit.passage, *hit.also]:
            if speech_name(p.speech) not in names:
                names.append(speech_name(p.speech))
    if len(names) == 1:
        return f"只有{names[0]}讲到这一点："
    return f"讲到这一点的有{'、'.join(names)}："
