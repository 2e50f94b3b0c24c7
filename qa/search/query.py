"""Query analysis: normalize, strip question scaffolding, find speech and
structural references, expand with the editable synonym list."""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from qa import config
from qa.numerals import to_int
from qa.simplified import to_simplified

MAX_QUERY_CHARS = 500

# Words that shape a question but say nothing about its topic (a data file,
# like the synonyms), longest first so 怎么办 goes before 怎么.
SCAFFOLDING = re.compile("|".join(sorted(config.data_words("scaffolding.txt"), key=len, reverse=True)))
_NUM = "[一二两三四五六七八九十\\d]+"
SPEECH_REF = re.compile(f"第({_NUM})篇(?:讲话|文章|稿子)?")
# "第一篇的第三条", "第二篇讲话第三部分", "第四篇第三点"
PART_REF = re.compile(f"第({_NUM})(部分|章|节|点|条|项|个方面|方面|个问题|段|道?题(?![目材型库]))")  # (第四题: of a list of questions)
# Words a structural question wraps around the part it asks for.
# (第三章一开头讲的是什么: the part read from its start, as a structural answer quotes it)
STRUCTURAL_FILLER = re.compile(r"一?开头|开篇|一开始|讲话|内容|标题|题目|名称|叫什么|工作|要求|主要|讲的|讲|说的|说|是|里|的|了|关于|部署|任务|意见|哪方面|方面|哪|些")


@dataclass
class Query:
    raw: str
    text: str  # normalized, possibly truncated
    core: str  # without scaffolding and references: the topic words
    speech: int | None = None  # 第N篇 mentioned
    part: list[int] = field(default_factory=list)  # 第N部分/点/条, outer to inner
    units: list[str] = field(default_factory=list)  # the word each part was named with (部分/点/条)
    # 时间安排里的最后一步: the paragraph of that part asked for (1-based, -1 the last), where the
    # part has no numbered points of its own
    paragraph: int | None = None
    expansions: list[str] = field(default_factory=list)  # synonym words to add
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # which user words brought them
    hints: dict[str, list[str]] = field(default_factory=dict)  # … and which hints (说法 ~ 用语): they only widen the search
    truncated: bool = False
    context: str = ""  # topic words carried over from the conversation (weighted less)
    own_core: str | None = None  # the question's own topic words when ``core`` holds carried ones too
    dense_text: str | None = None  # what the embedder sees, where not ``text`` (a document's name left out)

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


# 头一条是啥 / 头一个方面: the first, as people say it
_FIRST_SAID = re.compile(r"(?:头一|打头的?一?|排头的?一?)(条|个|项|点|件|部分|方面)")


# 第三张幻灯片 / 一共几张PPT: a talk given from slides is parted by them (### 幻灯片 3：…), so a
# slide counts as a part; once a slide is named, 最后一张 / 第二张 alone are slides too
_SLIDE = r"(?:幻灯片|PPT|ppt|课件|片子)"
# (qa.search.doc_scope too: a question naming the slide deck by its unit)
SLIDES_SAID = re.compile(rf"(第[一二两三四五六七八九十\d]+|几|最后一|多少)\s*(?:张|页)\s*{_SLIDE}")
_SLIDE_ALONE = re.compile(r"(第[一二两三四五六七八九十\d]+|最后一)张")


def _slides_as_parts(text: str) -> str:
    said = SLIDES_SAID.sub(r"\1部分", text)
    return _SLIDE_ALONE.sub(r"\1部分", said) if said != text else text


# 最后一个栏目 / 第二个板块 / 一共几个版块: a web page's sections, counted as parts are
_PAGE_SECTION_SAID = re.compile(r"(第[一二两三四五六七八九十\d]+|几|最后一|多少)\s*个?\s*大?(?:栏目|板块|版块)")


def normalize(text: str) -> str:
    """NFKC (full-width digits and letters), simplified characters, no
    control characters, one line; 头一条 is 第一条, 第三张幻灯片 and 第三个栏目 第三部分."""
    text = to_simplified(unicodedata.normalize("NFKC", text))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _slides_as_parts(_FIRST_SAID.sub(r"第一\1", re.sub(r"\s+", " ", text).strip()))
    return _PAGE_SECTION_SAID.sub(r"\1部分", text)


def load_synonyms(path: Path) -> dict[str, list[str]]:
    """`说法 = 用语 用语` per line; a missing file means no synonyms."""
    return _parse_synonyms(config.data_lines(path))


# `说法 ~ 用语 …`: a hint for the search (洗澡 ~ 洗浴 浴室), no equivalence: the words it adds help
# find the passage, but do not count as the material saying what the asker's word says
HINT = "~"


_SEPARATOR = re.compile(rf"([={HINT}])")


@functools.lru_cache(maxsize=8)
def _parse_synonyms(lines: tuple[str, ...]) -> dict[str, list[str]]:
    """说法 → its words; a hint's key keeps its ~ in front (~洗澡), the first separator deciding."""
    table: dict[str, list[str]] = {}
    for line in lines:
        parts = _SEPARATOR.split(line, maxsplit=1)
        if len(parts) == 3 and parts[0].strip():
            key, sep, values = parts
            table.setdefault((HINT if sep == HINT else "") + key.strip(), []).extend(values.split())
    return table


def core_of(text: str) -> str:
    """A question's topic words: without the speech and part it names and the words that only shape it."""
    core = SPEECH_REF.sub(" ", text)
    core = PART_REF.sub(" ", core)
    core = SCAFFOLDING.sub(" ", core)
    return re.sub(r"[^\w]+", " ", core).strip()


def analyze(question: str, synonyms: dict[str, list[str]] | None = None) -> Query:
    text = normalize(question or "")
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    speech_match = SPEECH_REF.search(text)
    speech = (to_int(speech_match.group(1)) or 0) if speech_match else None
    parts = list(PART_REF.finditer(text))
    part, units = [(to_int(m.group(1)) or 0) for m in parts], [m.group(2) for m in parts]
    core = core_of(text)
    expansions: list[str] = []
    matched: dict[str, list[str]] = {}
    hints: dict[str, list[str]] = {}
    for key, values in (synonyms or {}).items():
        said = key[1:] if key.startswith(HINT) else key
        if said in text:
            if said == key:  # (a hint only widens the search)
                matched[key] = values
            else:
                hints[said] = values
            expansions.extend(v for v in values if v not in expansions)
    return Query(raw=question, text=text, core=core, speech=speech, part=part, units=units,
                 expansions=expansions, synonyms=matched, hints=hints, truncated=truncated)
