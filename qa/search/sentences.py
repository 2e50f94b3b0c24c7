"""Which sentence of a passage answers a question.

A sentence scores by the share of the question's content words it holds
(rare words count more, synonyms a little less, words every directive uses
such as 要求/工作/加强 hardly at all), plus a bonus when it holds what the
question type asks for (为什么 → a reason, 什么时候 → a time, 谁 → an
actor, 多少 → a number), and, where the outcome is asked (最后按多少算,
批了没有), when it concludes (因此… / 结论：…). A sentence that only repeats
a directive's heading scores low unless the question asks for headings.
"""
from __future__ import annotations

import math
import re

from qa.indexing.tokenizer import TOKENIZER, general_frequency
from qa.ingest.directives import ends_with_question_line
from qa.ingest.sentences import Sentence, split_sentences  # noqa: F401 (used by the answer stage)
from qa.search.answer_types import (ASKS_WHERE, DOES_THE_WORK, NUMBER, PLACE_FIELD, asked_type, asked_unit, compared_noun,
                                    count_asked_of, counts_noun, match_text)
from qa.search.answer_types import states as states_asked
from qa.search.query import Query

# Words in nearly every directive: they tell nothing about which sentence answers.
GENERIC_WORDS = frozenset(
    "要求 工作 安排 管理 加强 做好 落实 开展 情况 问题 措施 方面 有关 相关 进行 强化 推进 坚持 全面 提高 重点 "
    "部署 做 搞 抓 抓好 切实 认真 积极 确保 实施 主要 内容 什么样 讲 说 提 具体 怎么 怎样 如何 有 没 能 还".split()
)
GENERIC_WEIGHT = 0.15
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,40})[”\"」』]")
QUOTED_SHARE = 1.25  # a quoted phrase weighs this much of all the question's other words
SYNONYM_WEIGHT = 0.7
CONTEXT_WEIGHT = 0.35  # words carried over from an earlier question
TYPE_BONUS = 0.35
ANSWER_TYPE_BONUS = 0.35
HEADING_FACTOR = 0.25  # a bare heading keeps this share of its score
# A question line of a Q&A (Q：…？ / 问：…？) keeps this share: it restates what is asked, the answer
# after it answers (unless the question asks what was asked: 提了什么问题). A speech's own question
# (…看看自己做到了没有？) is no such line.
QUESTION_FACTOR = 0.5
_ASKS_QUESTIONS = re.compile(r"问题|提问|问了|问的|疑问")
HEADINGS_SHARE = 0.5  # a question word held by the headings a sentence stands under, not by itself
ASKING = re.compile(r"什么|怎么|怎样|咋|如何|多少|几|哪|谁|吗|是否|能否|有没有|能不能|可不可以")
ASKING_CLAUSE_WEIGHT = 1.5  # the words of the one clause of a question that asks

# (type, how a question asks for it, what a sentence that gives it holds)
QUESTION_TYPES = [
    ("reason", re.compile(r"为什么|为何|为啥|什么原因|原因是|凭什么|干嘛要|有什么意义|有什么作用|意义何在"),
     re.compile(r"是.{0,14}(手段|关键|基础|前提|保障|根本|重中之重|途径|办法|要求|需要)|因为|由于|关乎|事关|关系到|"
                r"之所以|为了|否则|一旦|风险|影响|决定|意味着|稍有不慎|薄弱|短板|压力|形势|"
                # 理由：… / 原因是…: a change's reason as a drafting note states it; 离不开 a need
                r"理由|原因|离不开|因而")),
    # 是想达到什么目的 / 是为了什么 / 出于什么考虑: the aim, which a purpose clause states (为切实加强…，/
    # 旨在… / 以便…) as official writing opens a paragraph with it
    ("purpose", re.compile(r"为了什么|什么目的|目的是什么|目的何在|用意|出于什么考虑|想达到|要达到什么|初衷|图什么"),
     re.compile(r"^\s*(?:同时，?|并|也|更)?为(?:了)?(?!此|止|主|准|何|什么|由|人|期|例|其)[\u4e00-\u9fff]|"
                r"为了|旨在|目的是|目的在于|以便|以期|意在|着眼于|立足于")),
    # 兴趣不对口咋办 / 有什么办法: the way out asked, which a sentence naming a remedy or what one must do gives
    ("remedy", re.compile(r"怎么办|咋办|咋整|怎么解决|如何解决|怎样解决|有什么办法|有啥办法|什么好办法|怎么补救"),
     re.compile(r"办法|方法|方子|法子|措施|对策|出路|途径|救济|补救|只有|唯有|应当|应该|必须|解决")),
    # GPA是怎么算出来的 / 如何计算: the way a figure is worked out, which a formula or its steps give
    ("calculation", re.compile(r"怎么算|咋算|怎样算|如何算|怎么计算|如何计算|怎样计算|计算方法|计算方式|算法是|计算公式|怎么折算"),
     re.compile(r"[=＝×÷]|乘以|除以|相加|相乘|求和|之和|公式|折算")),
    # 开头引用了哪句古诗 / 用了什么俗语: the words quoted, which a sentence quoting them gives
    ("quote", re.compile(r"引用|引了|哪句(?:古诗|诗|话|名言|俗语|谚语|古语)|什么(?:古诗|诗句|名言|俗语|谚语|古语)"),
     re.compile(r"[“「『][^”」』]{0,40}[，。！？,;；][^”」』]{0,40}[”」』]|[“「『][^”」』]{7,}[”」』]")),
    ("time", re.compile(r"什么时[候间]|何时|多久|多长时间|几月|哪天|啥时候|时间节点|期限|截止|哪个阶段"),
     re.compile(r"[\dXxＸｘ]+\s*[月日号年]|月底|月份|年底|年初|之前|以前|期间|前完成|小时|天内|暑假|寒假|春节|"
                r"开学前|开学后|上旬|中旬|下旬|立即|第一时间|尽快|及早|当前|今年|明天|每天")),
    ("actor", re.compile(r"谁|哪些部门|哪个部门|哪些单位|哪个单位|什么部门|什么单位|由谁|哪一级|哪些人|哪里先|哪家"),
     # (各部门 / 有关单位 / 相关机构 name no one: 人民检察院负责… does)
     re.compile(r"(?<![各关])(?:部门|单位|机构)|政府|党委|组织|学校|医院|领导|小组|指挥部|委员会|教育局|教育厅|负责人|书记|"
                r"干部|社区|[\u4e00-\u9fff][院局厅部委办署](?=" + DOES_THE_WORK + ")")),
    ("number", re.compile(r"多少|几个|几项|几名|几万|几间|几所|数量|规模"),
     # (一个系主任 / 一项工作: 一 alone is an article more often than a count)
     re.compile(r"(?:[\dXxＸｘ]+|[一二三四五六七八九十百千万亿两]{2,}|[二三四五六七八九十百千万亿两])\s*"
                r"(个|项|条|名|间|所|万|亿|人|例|组|次|剂|岁|小时|%|套|册)")),
    # 音量最多可以推到哪里 / 上限是什么: a bound asked, which a sentence setting one states (不得超过…)
    ("limit", re.compile(r"最多|最高|最大|上限|至多|最长|最远|能超过|可以超过"),
     re.compile(r"不得超过|不能超过|不超过|不应超过|不可超过|不宜超过|最多|最高|上限|至多|以内|为限")),
]
# 最后按多少个月算 / 最终结果如何: the outcome is asked, which the sentence that concludes states
# …批了没有 / 同意了吗 / 怎么定的 / 到底有没有换: what was decided, which a record's 结论：… states
ASKS_OUTCOME = re.compile(r"最后(?![一个部点条项段章节])|最终|到头来|结果(?:是|如何|怎样|怎么)|到底有没有|"
                          r"批了?没|批准了?(?:吗|没)|同意了?(?:吗|没)|通过了?(?:吗|没)|怎么定|定了什么|结论")
CONCLUDES = re.compile(r"(?:^|[，,；;：:])\s*(?:因此|所以|综上|最终|为此|由此)|^\s*(?:结论|决定|决议|结果)\s*[：:]|"
                       r"(?:全票|一致|投票)(?:同意|通过)")
OUTCOME_BONUS = 0.15
# The question asks for a list (several items), or for the headings themselves.
ASKS_LIST = re.compile(r"哪些|哪几|包括|包含|都有|分别|几个方面|几方面|有几")
ASKS_HEADINGS = re.compile(r"标题|题目|要点|大纲|提纲|哪几点|几点|哪几条|几条|哪几部分|几部分|哪几个方面")
_WORD = re.compile(r"\W+")
# the posts whose holder a who-question asks (组长是谁): a line labelled with the post names them
_POSTS = re.compile(r"副?(?:组长|主任|负责人|联系人|召集人|会长|理事长|秘书长|主席|组员|成员)")
# 是谁来汇报的 / 谁主持的: the record's field of that role (汇报人：董金光) states who
_ROLE_VERBS = ("汇报", "主持", "负责", "联系", "发言", "记录", "起草", "审核", "签发", "报告")


def words_of(text: str) -> list[str]:
    """The words a sentence is matched by (qa.indexing.tokenizer)."""
    return TOKENIZER.words(text)


def question_type(query: Query) -> str | None:
    for name, asks, _ in QUESTION_TYPES:
        if asks.search(query.text):
            return name
    return None


def gives_type(kind: str | None, sentence: str) -> bool:
    for name, _, gives in QUESTION_TYPES:
        if name == kind:
            return bool(gives.search(sentence))
    return False


def normalized(text: str) -> str:
    return _WORD.sub("", text)


def _df_as_cut_otherwise(word: str, doc_freq) -> int:
    """A word the passages' cutting split (阿兹夫定 asked, 阿兹夫 + 定片 indexed) still stands in
    them when every pair of its characters does: as many passages as its rarest pair, at most."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{3,}", word):
        return 0
    return min(doc_freq(word[i:i + 2]) for i in range(len(word) - 1))


def _regrouped(text: str, words: list[str], doc_freq) -> list[str]:
    """A dictionary word the question's cutting took across two words (得了新冠以后 → 冠以, since the
    dictionary has no 新冠) that no passage holds stands for the pairs on either side of it that
    passages do hold (新冠; 以后 is a stop word). A pair the cutter guessed (管夜) is left out as before."""
    out = []
    for word in words:
        at = text.find(word)
        if (len(word) != 2 or at < 0 or doc_freq(word) or _df_as_cut_otherwise(word, doc_freq)
                or not general_frequency(word)):
            out.append(word)
            continue
        for pair in (text[at - 1:at + 1] if at else "", text[at + 1:at + 3]):
            if (re.fullmatch(r"[\u4e00-\u9fff]{2}", pair) and pair not in TOKENIZER.stop_words
                    and pair not in GENERIC_WORDS and doc_freq(pair) and pair not in out):
                out.append(pair)
    return out


DEFINED_WEIGHT = 2.0
# 大会主题是什么 / “1610”是啥意思 / 所谓星级是指什么: the noun before it is what is asked to be said
_ASKS_WHAT_IT_IS = re.compile(r"(?:是|指|是指|为)(?:什么|啥)(?:意思)?[？?]?$|是什么意思|指的是什么|是指什么")


def defined_noun(question: str) -> str | None:
    """The noun a 是什么 question asks the content or meaning of (大会的主题是什么 → 主题), or None."""
    text = match_text(question).strip()
    m = _ASKS_WHAT_IT_IS.search(text)
    if not m:
        return None
    before = TOKENIZER.tagged(re.sub(r"[”\"」』]?(?:的|具体|到底|究竟)*$", "", text[:m.start()]))
    if not before:
        return None
    word, flag = before[-1]
    if len(word) < 2 or not flag.startswith(("n", "vn")) or word in GENERIC_WORDS:
        return None
    return word


class SentenceScorer:
    """Scores sentences against one question; built once per question."""

    def __init__(self, query: Query, doc_freq=None, num_docs: int = 1) -> None:
        self.kind = question_type(query)
        self.answer_type = asked_type(query.text)  # qa.search.answer_types: number/date/person/contact
        # 多少岁: an age states it, 每届任期4年 does not (the unit the question names, where it names one)
        self.unit = asked_unit(query.text) if self.answer_type == NUMBER else None
        self.question = query.text
        self.asks_headings = bool(ASKS_HEADINGS.search(query.text))
        self.asks_list = bool(ASKS_LIST.search(query.text))
        self.asks_outcome = bool(ASKS_OUTCOME.search(query.text))
        fields = []
        if self.kind == "actor":  # 谁来汇报的: 汇报人：…; 领导小组的组长是谁: the post's line (组  长：王  琛)
            fields = [f"{v}人" for v in _ROLE_VERBS if v in query.text]
            fields += dict.fromkeys(_POSTS.findall(match_text(query.text)))
        self.role_field = re.compile("|".join(f"{f}\\s*[：:]" for f in fields)) if fields else None
        self.asks_where = bool(ASKS_WHERE.search(query.text))
        weights: dict[str, float] = {}

        def add(text: str, share: float, whole: bool = False) -> None:
            # a synonym is one word of the question: 教职员工 counts once, not as 教职 + 职员 + 员工 + …
            words = [text] if whole and (doc_freq is None or doc_freq(text)) else words_of(text)
            if doc_freq is not None and not whole:
                words = _regrouped(text, words, doc_freq)
            for word in words:
                w = share * (GENERIC_WEIGHT if word in GENERIC_WORDS else 1.0)
                if doc_freq is not None:
                    df = doc_freq(word) or _df_as_cut_otherwise(word, doc_freq)
                    if df == 0:
                        continue  # no sentence holds it: it cannot tell them apart
                    # a word that most passages hold tells little
                    w *= max(0.2, math.log((num_docs + 1) / (df + 0.5)) / math.log(num_docs + 1.5))
                weights[word] = max(weights.get(word, 0.0), w)

        add(query.asked_core, 1.0)
        # 要是竞聘没上岗，工资咋发？: the clause that asks holds what the answer must say
        clauses = [c for c in re.split(r"[，,；;。？?！!]", query.text) if c.strip()]
        asking = [c for c in clauses if ASKING.search(c)]
        if len(clauses) > 1 and len(asking) == 1:
            for word in words_of(asking[0]):
                if word in weights:
                    weights[word] *= ASKING_CLAUSE_WEIGHT
        quoted = [match_text(q) for q in QUOTED.findall(query.raw)]
        for key, values in query.synonyms.items():
            # a user's word the speeches never use (发烧) is carried by its synonyms (发热) alone
            unseen = doc_freq is not None and not any(doc_freq(w) for w in words_of(key))
            for word in values:
                add(word, 1.0 if unseen else SYNONYM_WEIGHT, whole=True)
        for word in query.expansions:
            add(word, SYNONYM_WEIGHT, whole=True)
        add(query.context, CONTEXT_WEIGHT)
        rest = sum(w for word, w in weights.items() if word not in quoted)
        for phrase in quoted:  # the asker's quoted words (“五关”) are the focus: they outweigh the rest
            weights[phrase] = max(weights.get(phrase, 0.0), QUOTED_SHARE * rest / len(quoted), 1.0)
        defined = defined_noun(query.text)
        if defined in weights:  # (大会主题是什么: 主题 is what the answer is of, more than 大会)
            weights[defined] *= DEFINED_WEIGHT
        self.weights = weights
        self.total = sum(weights.values()) or 1.0
        # 一共能报几个专业: a sentence that counts that very thing (共7个专业) states the answer
        self.asks_questions = bool(_ASKS_QUESTIONS.search(query.text))
        noun = count_asked_of(query.text)
        self.counted = counts_noun(noun) if noun else None
        self.compared = compared_noun(query.text) is not None  # (学分少于多少: only a count of 学分 answers)
        self.defines = re.compile(rf"{re.escape(defined)}\s*(?:是|为|即|指|[：:])") if defined else None

    def overlap(self, sentence: str, headings: str = "", title: frozenset[str] = frozenset()) -> float:
        """Weighted share of the question's words the sentence holds (0..1); a word only the
        headings above it hold counts HEADINGS_SHARE (用法：每次 5mg under 2.阿兹夫定片), one of the
        words naming its document (``title``, qa.search.title_words) whole: whichever sentence answers."""
        # 3 .5 亿元 matches 3.5亿元; SIG-MindSpore holds mindspore (the words are cut lower-case)
        sentence, headings = match_text(sentence).lower(), match_text(headings).lower()
        held = 0.0
        for word, w in self.weights.items():
            if word in title or TOKENIZER.holds_word(word, sentence):
                held += w
            elif headings and TOKENIZER.holds_word(word, headings):
                held += HEADINGS_SHARE * w
        return held / self.total

    def on_topic(self, sentence: str) -> bool:
        """Holds at least one of the question's (or the conversation's) telling words."""
        sentence = sentence.lower()
        return any(word in sentence for word in self.weights if word not in GENERIC_WORDS)

    def fills_role(self, sentence: str) -> bool:
        """The sentence is the line of the post or role asked about (组  长：王  琛, 汇报人：董金光)."""
        return self.role_field is not None and self.role_field.search(match_text(sentence)) is not None

    def states_asked(self, sentence: str) -> bool:
        """The sentence states the number/date/person/contact the question asks for."""
        return bool(self.answer_type) and states_asked(self.answer_type, self.unit, sentence, self.question)

    def score(self, sentence: str, bare_heading: bool = False, headings: str = "",
              title: frozenset[str] = frozenset()) -> float:
        score = self.overlap(sentence, headings, title)
        if self.kind and gives_type(self.kind, sentence) and not (
                self.kind == "number" and self.compared and not self.counted.search(match_text(sentence))):
            # the type steers among sentences on the topic (学分少于多少: a count of 学分, not 第三次)
            score += TYPE_BONUS * (0.3 + score)
        states = self.states_asked(sentence)
        if states:
            score += ANSWER_TYPE_BONUS * (0.3 + score)  # it states the number/date/person/contact asked for
            if self.counted is not None and self.counted.search(match_text(sentence)):
                score += ANSWER_TYPE_BONUS * (0.3 + score)
        if self.fills_role(sentence):
            score += ANSWER_TYPE_BONUS * (0.3 + score)  # 汇报人：董金光 asked 是谁来汇报的
        if self.asks_where and PLACE_FIELD.match(sentence):
            score += ANSWER_TYPE_BONUS * (0.3 + score)  # 地点：行政楼一楼广播室 asked 广播室在什么位置
        defines = self.defines is not None and self.defines.search(match_text(sentence)) is not None
        if defines:
            score += ANSWER_TYPE_BONUS * (0.3 + score)  # 大会的主题是：… asked 大会主题是什么
        if self.asks_outcome and CONCLUDES.search(sentence):
            score += OUTCOME_BONUS * (0.3 + score)  # …因此以139个月作为该家庭的社保缴纳月数
        if bare_heading and not self.asks_headings and not defines:
            # (a heading that says what the asked thing is, 职业健康安全方针：安全第一，…, is the answer)
            score *= HEADING_FACTOR
        if len(normalized(sentence)) < 8 and not states:  # a fragment (同时，/ 二是目标上) rarely answers;
            score *= 0.5  # 组长：王琛 asked 组长是谁 does
        if not self.asks_questions and ends_with_question_line(sentence):
            score *= QUESTION_FACTOR  # Q：…是不是有些重复？ restates what is asked; the A after it answers
        return score
