"""Query analysis: normalize, strip question scaffolding, find speech and
structural references, expand with the editable synonym list."""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from qa import config

MAX_QUERY_CHARS = 500

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# Words that shape a question but say nothing about its topic.
SCAFFOLDING = re.compile(
    "|".join(sorted([
        "请问", "请教", "我想知道", "想知道", "想问", "告诉我", "讲讲", "说说", "介绍一下", "一下",
        "要不要", "有没有", "是不是", "能不能", "可不可以", "会不会", "该不该", "用不用", "需不需要",
        "怎么样", "怎么办", "怎么", "怎样", "如何", "什么样", "什么", "哪些", "哪里", "哪儿", "为什么",
        "多少", "几个", "是否", "能否", "吗", "呢", "吧", "啊", "呀", "的话", "具体", "要求是", "讲了", "说了",
        "是指", "指的是", "有什么", "有哪些", "做到", "程度",
        # colloquial forms
        "咋办", "咋整", "咋样", "咋说", "咋", "啥子", "啥", "中不中", "行不行", "好不好", "对不对", "算不算",
        "管不管", "让不让", "能不能", "还让", "没得", "一哈", "嘛", "咯", "哈", "呐", "啦", "哦", "上面",
    ], key=len, reverse=True))
)
_NUM = "[一二两三四五六七八九十\\d]+"
SPEECH_REF = re.compile(f"第({_NUM})篇(?:讲话|文章|稿子)?")
# "第一篇的第三条", "第二篇讲话第三部分", "第四篇第三点"
PART_REF = re.compile(f"第({_NUM})(部分|点|条|项|个方面|方面|个问题|段)")
# Words a structural question wraps around the part it asks for.
STRUCTURAL_FILLER = re.compile(r"讲话|内容|工作|要求|主要|讲的|讲|说的|说|是|里|的|了|关于|部署|任务|意见|哪方面|方面|哪|些")


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 3 → 3."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return CN_DIGITS.get(text, 0)


@dataclass
class Query:
    raw: str
    text: str  # normalized, possibly truncated
    core: str  # without scaffolding and references: the topic words
    speech: int | None = None  # 第N篇 mentioned
    part: list[int] = field(default_factory=list)  # 第N部分/点/条, outer to inner
    units: list[str] = field(default_factory=list)  # the word each part was named with (部分/点/条)
    expansions: list[str] = field(default_factory=list)  # synonym words to add
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # which user words brought them
    truncated: bool = False
    context: str = ""  # topic words carried over from the conversation (weighted less)
    own_core: str | None = None  # the question's own topic words when ``core`` holds carried ones too

    @property
    def asked_core(self) -> str:
        return self.core if self.own_core is None else self.own_core

    @property
    def empty(self) -> bool:
        return not re.search(r"\w", self.text)

    @property
    def structural(self) -> bool:
        """Asks for a numbered part, with too few topic words to search by."""
        topic = STRUCTURAL_FILLER.sub("", self.core)
        return bool(self.part) and len(re.findall(r"[\u4e00-\u9fff]", topic)) <= 2


_TO_SIMPLIFIED = None


def to_simplified(text: str) -> str:
    """Traditional characters (學校開學) become simplified, as the speeches are written."""
    global _TO_SIMPLIFIED
    if _TO_SIMPLIFIED is None:
        import opencc

        _TO_SIMPLIFIED = opencc.OpenCC("t2s")
    return _TO_SIMPLIFIED.convert(text)


def normalize(text: str) -> str:
    """NFKC (full-width digits and letters), simplified characters, no
    control characters, one line."""
    text = to_simplified(unicodedata.normalize("NFKC", text))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def load_synonyms(path: Path) -> dict[str, list[str]]:
    """`说法 = 用语 用语` per line; a missing file means no synonyms."""
    return _parse_synonyms(config.data_lines(path))


@functools.lru_cache(maxsize=8)
def _parse_synonyms(lines: tuple[str, ...]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in lines:
        key, sep, values = line.partition("=")
        if sep and key.strip():
            table.setdefault(key.strip(), []).extend(values.split())
    return table


def analyze(question: str, synonyms: dict[str, list[str]] | None = None) -> Query:
    text = normalize(question or "")
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    speech_match = SPEECH_REF.search(text)
    speech = cn_number(speech_match.group(1)) if speech_match else None
    parts = list(PART_REF.finditer(text))
    part, units = [cn_number(m.group(1)) for m in parts], [m.group(2) for m in parts]
    core = SPEECH_REF.sub(" ", text)
    core = PART_REF.sub(" ", core)
    core = SCAFFOLDING.sub(" ", core)
    core = re.sub(r"[^\w]+", " ", core).strip()
    expansions: list[str] = []
    matched: dict[str, list[str]] = {}
    for key, values in (synonyms or {}).items():
        if key in text:
            matched[key] = values
            expansions.extend(v for v in values if v not in expansions)
    return Query(raw=question, text=text, core=core, speech=speech, part=part, units=units,
                 expansions=expansions, synonyms=matched, truncated=truncated)
