"""Property-based tests: the directive parser on generated speeches that mix
every marker family, and the query path on arbitrary text. Nothing crashes,
and every citation points at text that stands in its speech."""
from __future__ import annotations

import bisect
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qa.web import chat
from qa.ingest.layout import is_greeting
from qa.ingest.directives import parse_directives, speech_passages
from qa.models import Speech
from qa.testing import tiny_index

# the autouse path fixture only sets environment variables: sharing it between examples is fine
COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

MARKERS = ["一、", "二、", "三、", "十一、", "（一）", "（二）", "(三)", "第一，", "第二，", "第三、", "第四：",
           "第十二，", "一是", "二是", "三是", "一要", "二要", "首先，", "其次，", "再次，", "最后，", "1.", "2．",
           "3、", "（1）", "(2)", "①", "②", "③", "XX，", "X、", "（X）", "xx，", "要", ""]
WORDS = ["疫苗接种", "学校开学", "防汛救灾", "加强监测", "工作", "要求", "同志们", "各地", "要", "是", "第",
         "一", "二", "十", "X", "1", "（", "）", "、", "，", "。", "；", "：", "！", "？", " ", "\u3000", "…"]
ENDS = ["。", "；", "：", "！", "？", "", "，"]

clause = st.lists(st.sampled_from(WORDS), max_size=12).map("".join)
piece = st.tuples(st.sampled_from(MARKERS), clause, st.sampled_from(ENDS)).map("".join)
yao_list = st.lists(clause, min_size=3, max_size=5).map(lambda items: "要求：" + "；".join("要" + i for i in items) + "。")
closing = st.sampled_from(["同志们，让我们一起努力。", "我就讲这些。", "谢谢大家！", "同志们！"])
paragraph = st.one_of(st.lists(piece, min_size=1, max_size=5).map("".join), yao_list, closing,
                      st.text(st.characters(exclude_characters="\n", exclude_categories=["Cs"]), max_size=30))
FAMILIES = [["一、", "二、", "三、", "四、"], ["（一）", "（二）", "(三)", "（四）"], ["第一，", "第二、", "第三，", "第四："],
            ["一是", "二是", "三是"], ["一要", "二要", "三要"], ["首先，", "其次，", "再次，", "最后，"],
            ["1.", "2．", "3、"], ["（1）", "(2)", "（3）"], ["①", "②", "③", "④"]]
PLACEHOLDERS = ["XX，", "X、", "（X）", "xx，"]


@st.composite
def numbered(draw, depth: int = 0) -> list[str]:
    """Paragraphs of a numbered sequence (one family), some points with a
    nested sequence of their own, in the paragraph or after it; now and then
    a template placeholder instead of a marker."""
    family = draw(st.sampled_from(FAMILIES))
    out: list[str] = []
    for i in range(draw(st.integers(1, len(family)))):
        marker = family[i] if i == 0 or draw(st.integers(0, 5)) else draw(st.sampled_from(PLACEHOLDERS))
        head = marker + draw(clause) + draw(st.sampled_from(["。", "；", "：", ""]))
        if depth < 2 and draw(st.booleans()):
            children = draw(numbered(depth + 1))
            if draw(st.booleans()):
                out.append(head + "".join(children))  # points inside the paragraph
            else:
                out += [head] + children
        else:
            out.append(head + draw(clause) + "。")
    return out


structured = st.tuples(st.lists(paragraph, max_size=2), numbered(), st.lists(paragraph, max_size=2)).map(
    lambda parts: parts[0] + parts[1] + parts[2])
speeches = st.one_of(st.lists(paragraph, min_size=1, max_size=14), structured).map(
    lambda ps: Speech(file="gen.txt", ordinal=1, title="生成的讲话", paragraphs=ps))


def check_tree(speech: Speech, level, lo: int, hi: int) -> None:
    offsets = speech.paragraph_offsets()
    previous_end = lo
    for d in level:
        assert lo <= d.start <= d.body_start <= d.body_end <= d.end <= hi, d
        assert d.start >= previous_end, "siblings overlap"
        assert d.label and "\n" not in d.title
        assert 1 <= d.paragraph <= len(speech.paragraphs)
        assert offsets[d.paragraph - 1] <= d.start
        check_tree(speech, d.children, d.body_end if d.children else d.start, d.end)
        previous_end = d.end


@settings(max_examples=200, **COMMON)
@given(speeches)
@example(Speech("gen.txt", 1, "t", ["第一，", "XX，", "（X）", "①②③"]))
@example(Speech("gen.txt", 1, "t", ["", " ", "同志们，"]))
# points counted inside a paragraph, then points put under the last of them in the next paragraph
# before the count starts again: the last one does not end where its paragraph does
@example(Speech("gen.txt", 1, "t", ["一、。", "一、。。", "二、。。", "三、。。", "XX，。（一）。。（二）。。",
                                    "二、。第一，。。第二、。（一）。。（二）。。XX，。。"]))
def test_directives_and_passages_of_any_speech(speech):
    text, offsets = speech.text, speech.paragraph_offsets()
    check_tree(speech, parse_directives(speech), 0, len(text))
    passages = speech_passages(speech)
    last_end = 0
    for p in passages:
        assert p.text and p.text == text[p.start:p.end]
        assert p.text == p.text.strip()
        assert 1 <= p.paragraph <= len(speech.paragraphs)
        assert p.paragraph == bisect.bisect_right(offsets, p.start)
        assert p.start >= last_end, "passages overlap"
        assert bool(p.label) == bool(p.path)
        last_end = p.end
    # every word of the speech is in some passage, but a greeting alone (同志们，) says nothing
    covered = set()
    for p in passages:
        covered.update(range(p.start, p.end))
    for start, para in zip(offsets, speech.paragraphs):
        if is_greeting(para.strip()):
            covered.update(range(start, start + len(para)))
    missing = [i for i, ch in enumerate(text) if not ch.isspace() and i not in covered]
    assert not missing, text[missing[0]:missing[0] + 20]


# -- the query path ------------------------------------------------------------------

CORPUS = """第一篇：关于疫苗接种的讲话
同志们：
今天召开会议，部署疫苗接种和学校开学工作。
第一，要加快疫苗接种进度。各地要在月底前完成接种任务，做到应接尽接。
第二，要做好学校开学准备。一是完成校园消毒；二是开展专项督查。
第三，要抓好宣传引导。要及时发布信息；要回应社会关切；要打击谣言。
同志们，我就讲这些。
第二篇：关于防汛救灾的讲话
同志们：
一、持续抓好防汛救灾。各地要加强雨情水情监测，及时转移受威胁群众。
（一）做好监测预警。1. 雨情监测；2. 水情监测。
（二）做好转移安置。
二、抓紧做好灾后重建。倒塌校舍要尽快修复，确保按时开学。
"""


@pytest.fixture(scope="module")
def small_service(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("props"), {"small.txt": CORPUS}).qa


any_text = st.one_of(
    st.text(max_size=80),
    st.text(st.characters(exclude_categories=[]), max_size=80),  # control characters and lone surrogates too
    st.lists(st.sampled_from(["疫苗", "接种", "学校", "开学", "第三篇", "第一部分", "第2点", "那具体怎么落实", "？",
                              "<script>", "'; --", "ＡＢＣ", "１２", "學校", "🙂", " ", "\x00"]), max_size=12).map("".join),
    st.text(st.sampled_from("疫苗接种学校开学防汛救灾监测，。"), min_size=480, max_size=700),
)


@settings(max_examples=150, **COMMON)
@given(question=any_text, k=st.integers(1, 10), speech=st.sampled_from([None, 1, 2, 99]),
       history=st.lists(st.sampled_from(["疫苗接种什么时候完成？", "", "第二篇", "<b>x</b>"]), max_size=2))
@example(question="学校第1部分", k=1, speech=2, history=[])  # a list named by heading in speech 1: the filter wins
def test_search_on_any_text_cites_real_text(small_service, question, k, speech, history):
    index = small_service.build
    result = small_service.ask(question, k=k, speech=speech, history=history)
    assert len(result.hits) <= k or result.mode == "outline"  # an outline cites every heading it lists
    for hit in result.hits:
        p = hit.passage
        source = index.speech(p.file, p.speech)
        assert source is not None
        assert p.text == source.text[p.start:p.end]
        assert 1 <= p.paragraph <= len(source.paragraphs)
        # the filter holds, unless the question names another speech and the notice says so
        assert speech is None or p.speech == speech or "没有按所选的" in result.notice
        for other in hit.also:
            assert other.text == index.speech(other.file, other.speech).text[other.start:other.end]
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")  # the CLI can print it
    if result.query.truncated and result.mode != "empty":  # blank or no such speech: that notice instead
        assert result.notice.startswith("问题过长，只按前 500 个字检索。")
    page = chat.reply_html(result)
    assert "<script" not in page and 'class="notice error"' not in page
    page.encode("utf-8")


@settings(max_examples=100, **COMMON)
@given(questions=st.lists(any_text, min_size=1, max_size=4))
def test_a_conversation_of_any_questions_never_errors(small_service, questions):
    turns: list[dict] = []
    for q in questions:
        turns = chat.ask(small_service, q, turns)
    for t in turns:
        assert 'class="notice error"' not in t["html"]
    chat.conversation_html(turns).encode("utf-8")
