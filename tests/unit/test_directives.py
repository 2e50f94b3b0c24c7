"""The numbering grammar (qa.ingest.directives): markers, nesting, placeholders, passages."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from qa.ingest.directives import parse_directives, speech_passages
from qa.numerals import to_chinese, to_int
from qa.models import Directive, Speech

CORPUS = Path(__file__).resolve().parents[2] / "data" / "speeches" / "covid-prevention-speeches.txt"
FILLER = "各地各部门要提高政治站位，压实工作责任，确保各项措施落到实处。"


def speech(*paragraphs: str, title: str = "测试讲话") -> Speech:
    return Speech(file="t.txt", ordinal=1, title=title, paragraphs=list(paragraphs))


def labels(ds: list[Directive]) -> list[str]:
    return [d.label for d in ds]


def check_spans(s: Speech, ds: list[Directive]) -> None:
    """Every directive span lies in its parent's and starts with its marker text (a label
    alone on its line is headed by the line after it)."""
    for d in ds:
        assert d.start <= d.body_start <= d.body_end <= d.end <= len(s.text)
        assert s.text[d.body_start:d.end].lstrip(" ：:，,、\n\u3000").startswith(d.heading)
        for c in d.children:
            assert d.body_end <= c.start and c.end <= d.end
        check_spans(s, d.children)


# -- numerals -----------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 9, 10, 11, 19, 20, 21, 99])
def test_chinese_numerals_round_trip(n):
    assert to_int(to_chinese(n)) == n


def test_chinese_numeral_rejects_nonsense():
    assert to_int("一二") is None and to_int("十十") is None


# -- each marker family ---------------------------------------------------------

def test_cn_dun_with_paren_children():
    s = speech(
        "开场白。",
        "一、提高认识",
        "（一）统一思想。" + FILLER,
        "（二）明确任务。" + FILLER,
        "二、狠抓落实",
        "（一）细化措施。" + FILLER,
        "（二）强化督查。" + FILLER,
    )
    top = parse_directives(s)
    assert labels(top) == ["一", "二"]
    assert [d.heading for d in top] == ["提高认识", "狠抓落实"]
    assert labels(top[0].children) == ["（一）", "（二）"]
    assert labels(top[1].children) == ["（一）", "（二）"]  # 二、 closed the first run, so it restarts
    assert top[0].children[1].heading == "明确任务"
    assert top[0].paragraph == 2 and top[0].children[1].paragraph == 4
    check_spans(s, top)


def test_paren_sequence_half_and_full_width():
    s = speech("（一）甲项。" + FILLER, "(二)乙项。" + FILLER, "（三）丙项。" + FILLER, "（四）丁项。" + FILLER)
    top = parse_directives(s)
    assert labels(top) == ["（一）", "（二）", "（三）", "（四）"]
    assert [d.number for d in top] == [1, 2, 3, 4]
    assert top[1].family == "pcn"


def test_di_with_comma_and_dun():
    s = speech("第一，要加强领导。" + FILLER, "第二、要压实责任。" + FILLER, "第三：要严肃纪律。" + FILLER)
    top = parse_directives(s)
    assert labels(top) == ["第一", "第二", "第三"]
    assert [d.heading for d in top] == ["要加强领导", "要压实责任", "要严肃纪律"]
    assert s.text[top[1].start:top[1].body_start] == "第二、"


def test_shi_and_yao_mid_paragraph():
    s = speech(
        "一是强化监测。" + FILLER + "二是强化隔离，做好准备。三是强化救治。" + FILLER,
        "一要加强宣传。" + FILLER + "二要加强保障；三要加强督查。",
    )
    top = parse_directives(s)
    assert labels(top) == ["一是", "二是", "三是"]
    # the second paragraph's 一要 opens a new family nested in 三是
    assert labels(top[2].children) == ["一要", "二要", "三要"]
    assert top[1].heading == "强化隔离，做好准备"
    assert top[2].children[1].paragraph == 2


def test_shouxian_qici_zaici_zuihou():
    s = speech("首先，提高站位。" + FILLER, "其次，压实责任。" + FILLER, "再次，强化保障。" + FILLER,
               "最后，严明纪律。" + FILLER)
    top = parse_directives(s)
    assert labels(top) == ["首先", "其次", "再次", "最后"]
    assert [d.number for d in top] == [1, 2, 3, 4]
    assert top[3].heading == "严明纪律"


def test_lone_shouxian_is_prose():
    s = speech("首先，我代表市委向大家表示感谢。" + FILLER, "一、抓好防控", FILLER, "二、抓好发展", FILLER)
    top = parse_directives(s)
    assert labels(top) == ["一", "二"]


@pytest.mark.parametrize(
    "markers, want",
    [
        (["1.", "2.", "3."], ["1", "2", "3"]),
        (["1、", "2、", "3、"], ["1", "2", "3"]),
        (["（1）", "(2)", "（3）"], ["（1）", "（2）", "（3）"]),
        (["①", "②", "③"], ["①", "②", "③"]),
    ],
)
def test_arabic_and_circled(markers, want):
    s = speech(*[m + "要做好第%d项工作。" % i + FILLER for i, m in enumerate(markers, 1)])
    top = parse_directives(s)
    assert labels(top) == want
    assert top[1].heading == "要做好第2项工作"


def test_decimal_number_is_not_a_marker():
    s = speech("1.加强领导。" + FILLER, "2.5万人参加了培训。" + FILLER)
    assert labels(parse_directives(s)) == []  # 1. alone, then 2.5 is a number: no sequence


def test_yao_list_items_are_children():
    items = ["要强化排查，确保不漏一人", "要强化隔离，应收尽收", "要强化管理，严格规范", "要推进下沉，充实力量"]
    s = speech("一要思想上警醒。" + FILLER,
               "二要行动上发力。抓好四项任务：" + "；".join(items) + "。同时做好宣传工作，营造良好氛围。",
               "三要作风上严实。" + FILLER)
    top = parse_directives(s)
    assert labels(top) == ["一要", "二要", "三要"]
    kids = top[1].children
    # only what the speech writes: an item is named by its own opening words, never 第四项
    assert labels(kids) == ["要强化排查", "要强化隔离", "要强化管理", "要推进下沉"]
    assert [k.heading for k in kids] == ["要强化排查", "要强化隔离", "要强化管理", "要推进下沉"]
    assert [k.title for k in kids] == ["要强化排查", "要强化隔离", "要强化管理", "要推进下沉"]
    passage = next(p for p in speech_passages(s, min_chars=1) if "充实力量" in p.text)
    assert passage.path == [top[1].title, "要推进下沉"] and passage.label == "要推进下沉"
    assert "项" not in "".join(passage.path)
    assert s.text[kids[-1].start:kids[-1].end] == "要推进下沉，充实力量。"
    # the sentence after the list belongs to 二要 again
    tail = [p for p in speech_passages(s, min_chars=1) if "同时做好宣传" in p.text]
    assert tail and tail[0].label == "二要" and tail[0].path == [top[1].title]


def test_yao_list_in_opening_is_prose():
    s = speech("会议强调：要加强领导；要压实责任；要严肃纪律。", "第一，抓防控。" + FILLER, "第二，抓发展。" + FILLER)
    assert labels(parse_directives(s)) == ["第一", "第二"]


def test_two_yao_items_are_not_a_list():
    s = speech("一要加强领导。" + FILLER, "二要落实任务：要强化排查；要强化隔离。" + FILLER)
    assert parse_directives(s)[1].children == []


def test_placeholder_takes_the_expected_number():
    s = speech("第一，要加强领导。" + FILLER, "第二，要压实责任。" + FILLER,
               "XX，要统筹做好防汛防疫。" + FILLER, "第四，要严肃纪律。" + FILLER)
    top = parse_directives(s)
    assert labels(top) == ["第一", "第二", "第三", "第四"]
    assert top[2].heading == "要统筹做好防汛防疫" and top[2].number == 3
    assert top[2].title == "第三，要统筹做好防汛防疫"


@pytest.mark.parametrize("token", ["X、", "x、", "XX、"])
def test_placeholder_dun(token):
    s = speech("一、抓防控", FILLER, token + "抓发展", FILLER, "三、抓党建", FILLER)
    assert labels(parse_directives(s)) == ["一", "二", "三"]


def test_placeholder_needs_an_open_sequence():
    s = speech("XX，作为省会城市，任务很重。" + FILLER, "X月份以来，形势严峻。" + FILLER)
    assert parse_directives(s) == []


# -- false positives ------------------------------------------------------------

def test_false_positives_are_not_markers():
    s = speech(
        "第一责任人要切实履行职责。" + FILLER,
        "一方面，总体形势向好。另一方面，压力加大。",
        "各地要按照统一要求落实。统一要求必须执行。各级要第一时间报告。",
        "一、部署工作",
        "各级党委要履行第一责任人职责，在统一领导下开展工作；一方面抓防控，一方面抓发展。",
        "二、落实责任",
        FILLER,
    )
    top = parse_directives(s)
    assert labels(top) == ["一", "二"]
    assert all(d.children == [] for d in top)


def test_cn_dun_only_at_paragraph_start():
    s = speech("一、抓防控", "防控形势复杂。二、三线城市压力较大。" + FILLER, "二、抓发展", FILLER)
    top = parse_directives(s)
    assert labels(top) == ["一", "二"] and top[1].heading == "抓发展"


def test_sequence_must_start_at_one():
    assert parse_directives(speech("第三，加强领导。" + FILLER, "第四，压实责任。" + FILLER)) == []


def test_mid_paragraph_marker_must_continue_the_sequence():
    # "三是" right after 一是 skips 二是: it is prose, and stays in 一是's text
    s = speech("一是加强领导。" + FILLER + "二是压实责任。三是严肃纪律。", "一是单独出现。五是不连续。")
    top = parse_directives(s)
    assert labels(top) == ["一是", "二是", "三是"]
    assert "五是不连续" in s.text[top[2].start:top[2].end]


def test_each_paragraphs_own_count_starts_a_list_of_its_own():
    """A report quoting a speaker paragraph by paragraph (杨庆山强调，…。一是…。二是…): the counts
    inside one paragraph end with it, so the next paragraph's 一是 starts again and its 三是 is
    not the first paragraph's."""
    s = speech("杨庆山强调，要聚焦政治巡视。一是聚焦政治巡视。" + FILLER + "二是强化问题导向。" + FILLER,
               "杨庆山强调，要落实政治责任。一是紧盯关键少数。" + FILLER + "二是聚焦人和事。三是强化监督执纪。" + FILLER)
    top = parse_directives(s)
    assert labels(top) == ["一是", "二是", "一是", "二是", "三是"]
    assert [d.paragraph for d in top] == [1, 1, 2, 2, 2]
    assert "杨庆山强调，要落实政治责任" not in s.text[top[1].start:top[1].end]


def test_a_list_of_yao_said_shi_yao_from_the_third_is_one_list_labelled_as_written():
    s = speech("庄天慧认为需要在5方面做到全面过硬：", "一要在政治素质上全面过硬。" + FILLER, "二要在理论素养上全面过硬。" + FILLER,
               "三是要在育人本领上全面过硬。" + FILLER, "四是要在师德师风上全面过硬。" + FILLER)
    top = parse_directives(s)
    assert labels(top) == ["一要", "二要", "三是", "四是"] and top[3].heading.endswith("在师德师风上全面过硬")


def test_the_last_of_one_paragraph_points_ends_with_its_paragraph():
    """一是…三是, a paragraph each, then the report goes on: what follows is no part of 三是."""
    s = speech("书记提出三点要求：", "一是加强学习。" + FILLER, "二是改进作风。" + FILLER, "三是狠抓落实。" + FILLER,
               "与会教师纷纷表示深受鼓舞。", "辅导员王爽表示要继续加强学习。")
    top = parse_directives(s)
    assert labels(top) == ["一是", "二是", "三是"]
    assert "纷纷表示" not in s.text[top[2].start:top[2].end]
    assert any(p.text.startswith("与会教师") and p.path == [] for p in speech_passages(s))
    long = speech("一是加强学习。", FILLER, "二是改进作风。", FILLER, "三是狠抓落实。", FILLER)
    assert FILLER in long.text[parse_directives(long)[2].start:parse_directives(long)[2].end]  # points of two paragraphs


# -- nesting by first use -------------------------------------------------------

def test_nesting_follows_order_of_first_use():
    a = speech("第一，抓防控。一是查人员。二是管场所。", "第二，抓发展。一是稳增长。二是保就业。")
    b = speech("一是查人员。第一，看来源。第二，看去向。", "二是管场所。第一，定标准。第二，抓检查。")
    ta, tb = parse_directives(a), parse_directives(b)
    assert labels(ta) == ["第一", "第二"] and labels(ta[1].children) == ["一是", "二是"]
    assert labels(tb) == ["一是", "二是"] and labels(tb[0].children) == ["第一", "第二"]


def test_outer_marker_closes_inner_levels():
    s = speech("一、总体要求", "（一）目标。1.第一点。2.第二点。", "（二）原则。" + FILLER, "二、重点任务", FILLER)
    top = parse_directives(s)
    assert labels(top) == ["一", "二"]
    first = top[0].children
    assert labels(first) == ["（一）", "（二）"] and labels(first[0].children) == ["1", "2"]
    assert first[0].children[-1].end <= first[1].start
    assert top[0].end < top[1].start


def test_closing_paragraph_belongs_to_no_directive():
    s = speech("开场。", "第一，抓防控。" + FILLER, "第二，抓发展。" + FILLER, "同志们，任务艰巨，使命光荣。" + FILLER)
    top = parse_directives(s)
    assert "同志们" not in s.text[top[-1].start:top[-1].end]
    closing = [p for p in speech_passages(s) if "同志们" in p.text]
    assert closing and closing[0].path == [] and closing[0].label == "" and closing[0].paragraph == 4


# -- headings -------------------------------------------------------------------

def test_heading_rules():
    long_clause = "把人民群众生命安全和身体健康放在首位，切实增强疫情防控工作紧迫感责任感疫情发生后我们认真贯彻落实"
    s = speech("一、" + long_clause + "。" + FILLER, "二、认清形势，以科学、理性态度开展疫情防控工作", FILLER)
    top = parse_directives(s)
    assert top[0].heading == "把人民群众生命安全和身体健康放在首位"  # long: cut at the first ，
    assert top[1].heading == "认清形势，以科学、理性态度开展疫情防控工作"  # short line: whole


# -- passages -------------------------------------------------------------------

def test_passage_fields_and_paths():
    s = Speech(file="a/b.txt", ordinal=3, title="讲话", paragraphs=[
        "今天召开会议，主要任务是部署工作，下面我讲几点意见。",
        "一、压实责任",
        "一要加强组织领导。" + FILLER + "二要盯住重点地区。" + FILLER,
        "二、快马加鞭",
        FILLER * 2,
    ])
    ps = speech_passages(s)
    assert ps[0].path == [] and ps[0].label == "" and ps[0].paragraph == 1
    yao2 = next(p for p in ps if p.text.startswith("二要"))
    assert yao2.path == ["一、压实责任", "二要盯住重点地区"] and yao2.label == "二要"
    assert yao2.paragraph == 3
    assert all(p.file == "a/b.txt" and p.speech == 3 and p.title == "讲话" for p in ps)
    # 一、 is only a heading line; its points carry the text, so it has no passage of its own
    assert not any(p.text == "一、压实责任" for p in ps)
    assert [p.start for p in ps] == sorted(p.start for p in ps)


def test_long_body_splits_at_sentence_ends():
    sentence = "要严格落实疫情防控各项措施，做到早发现、早报告、早隔离、早治疗。"  # 32 chars
    s = speech("第一，加强防控。" + sentence * 20, "第二，统筹发展。" + FILLER)
    ps = [p for p in speech_passages(s, max_chars=120, min_chars=40) if p.label == "第一"]
    assert len(ps) > 3
    assert all(len(p.text) <= 120 for p in ps)
    assert all(p.text.endswith("。") for p in ps)
    assert "".join(p.text for p in ps) == s.paragraphs[0]


def test_tiny_fragments_merge_with_neighbour():
    s = speech("第一，加强防控。", "好。", FILLER * 3, "第二，统筹发展。" + FILLER)
    ps = [p for p in speech_passages(s, max_chars=300, min_chars=40) if p.label == "第一"]
    assert len(ps) == 1 and ps[0].text.startswith("第一，加强防控。\n好。")
    assert all(len(p.text) >= 40 for p in ps)


def _random_speech(rng: random.Random) -> Speech:
    bits = ["一、", "二、", "三、", "（一）", "（二）", "第一，", "第二，", "XX，", "X、", "一是", "二是", "三是",
            "一要", "二要", "首先，", "其次，", "最后，", "1.", "2.", "①", "②", "要强化", "同志们，", "第一责任人",
            "加强领导", "压实责任，确保落实", "。", "；", "；要推进", "：", "，", "  ", "统一要求"]
    paras = []
    for _ in range(rng.randint(1, 8)):
        paras.append("".join(rng.choice(bits) for _ in range(rng.randint(0, 30))))
    return speech(*paras)


def test_passage_text_is_exact_slice_random_speeches():
    rng = random.Random(20240601)
    for _ in range(300):
        s = _random_speech(rng)
        top = parse_directives(s)
        check_spans(s, top)
        ps = speech_passages(s, max_chars=rng.choice([30, 80, 300]), min_chars=rng.choice([5, 20, 40]))
        for p in ps:
            assert p.text == s.text[p.start:p.end] and p.text.strip() == p.text and p.text
            offsets = s.paragraph_offsets()
            assert offsets[p.paragraph - 1] <= p.start and (p.paragraph == len(offsets) or p.start < offsets[p.paragraph])
        for a, b in zip(ps, ps[1:]):
            assert a.end <= b.start  # passages never overlap


# -- the bundled corpus ---------------------------------------------------------

@pytest.fixture(scope="module")
def corpus():
    from qa.ingest.corpus import split_speeches

    speeches = split_speeches(CORPUS.read_text(encoding="utf-8"), CORPUS.name)
    assert len(speeches) == 5
    return speeches


def test_corpus_speech_one(corpus):
    top = parse_directives(corpus[0])
    assert labels(top) == ["第一", "第二", "第三", "第四", "第五", "第六", "第七"]
    assert top[4].heading == "要加快疫苗接种进度"
    assert top[5].heading == "要统筹做好防汛防疫"
    assert corpus[0].text[top[5].start:].startswith("XX，")
    assert labels(top[2].children) == ["一是", "二是", "三是", "四是"]
    assert labels(top[5].children) == ["一是", "二是", "三是", "四是", "五是"]


def test_corpus_speech_two(corpus):
    top = parse_directives(corpus[1])
    assert labels(top) == ["一", "二", "三"]
    assert top[0].heading == "认清形式，以科学、理性态度开展疫情防控工作"
    assert labels(top[1].children) == ["一要", "二要", "三要", "四要", "五要", "六要"]
    assert labels(top[2].children) == ["一是", "二是", "三是", "四是", "五是"]


def test_corpus_speech_three(corpus):
    top = parse_directives(corpus[2])
    assert labels(top) == ["一", "二", "三", "四", "五", "六", "七"]
    assert labels(top[2].children) == ["一是", "二是", "三是"]
    assert labels(top[3].children) == ["一要", "二要", "三要"]
    assert labels(top[4].children) == ["第一", "第二", "第三"]
    assert top[6].heading.startswith("加强组织领导")


@pytest.mark.parametrize("index", [3, 4])
def test_corpus_speeches_four_and_five(corpus, index):
    top = parse_directives(corpus[index])
    assert labels(top) == ["一要", "二要", "三要"]
    tasks = top[1].children
    assert len(tasks) == 10
    assert all(t.heading.startswith("要强化") for t in tasks[:9]) and tasks[9].heading.startswith("要推进")
    assert "我就讲这些" not in corpus[index].text[top[-1].start:top[-1].end]


def test_corpus_passages(corpus):
    for s in corpus:
        ps = speech_passages(s)
        assert ps and all(p.text == s.text[p.start:p.end] for p in ps)
        assert all(len(p.text) <= 330 for p in ps)  # ≤ max_chars, plus at most a merged fragment
    fifth = next(p for p in speech_passages(corpus[0]) if p.label == "第五")
    assert fifth.path == ["第五，要加快疫苗接种进度"] and fifth.speech == 1


def test_section_signs_number_the_top_level_and_a_contents_list_is_not_a_section():
    """A plan that lists §1 … §3 on a line each, then writes them out: three sections, each
    with its own 一、二、, and the contents lines belong to the opening."""
    s = speech("学校五年发展规划", "§1.指导思想", "§2.实施步骤和重点项目", "§3.保障措施", "前言：规划如下。",
               "§1.指导思想", "一、总体思路", "坚持育人为本。", "二、办学目标", "建成一流学校。",
               "§2.实施步骤和重点项目", "一、实施步骤", "分三个阶段推进。", "二、重点项目", "建设以下两大项目。",
               "（一）课程建设。", "（二）师资建设。", "§3.保障措施", "加强领导。")
    ds = parse_directives(s)
    check_spans(s, ds)
    assert labels(ds) == ["§1", "§2", "§3"] and [d.sep for d in ds] == ["."] * 3
    assert [d.heading for d in ds] == ["指导思想", "实施步骤和重点项目", "保障措施"]
    assert labels(ds[1].children) == ["一", "二"]
    assert labels(ds[1].children[1].children) == ["（一）", "（二）"]
    assert s.text.index("前言") < ds[0].start  # the contents list and the preface come before


def test_headings_repeated_without_text_of_their_own_are_not_taken_for_a_contents_list():
    """Two sections whose headings are not written out again are sections, text or not."""
    s = speech("通知", "一、时间", "二、地点", "三、要求", "准时参加。")
    assert labels(parse_directives(s)) == ["一", "二", "三"]



def test_paragraphs_opened_by_a_dash_are_the_points_of_an_unnumbered_list():
    """——A。 explanation / ——B。 explanation / ——C。 explanation: three points, the last
    as long as the others; the byline dash and the greeting after the list are no points."""
    s = speech("——在纪念大会上的讲话", "同志们：", "他的一生给我们留下了宝贵的精神财富。",
               "——他是对党忠诚的光辉榜样。初心如磐。", "我们要牢记初心。",
               "——他是实事求是的光辉榜样。坚持真理。", "我们要坚持真理。",
               "——他是廉洁奉公的光辉榜样。一心为民。", "我们要廉洁自律。",
               "同志们、朋友们！", "让我们继续前进。")
    ds = parse_directives(s)
    check_spans(s, ds)
    assert [d.heading for d in ds] == ["他是对党忠诚的光辉榜样", "他是实事求是的光辉榜样", "他是廉洁奉公的光辉榜样"]
    assert s.text[ds[2].start:ds[2].end].endswith("我们要廉洁自律。")  # its explanation, not the closing
    assert parse_directives(speech("——在纪念大会上的讲话", "同志们：", "——这是一句插话。", "正文。")) == []


def test_a_dash_list_inside_a_section_is_its_points():
    s = speech("一、过去一年工作回顾", "主要成绩是：", "——经济回升向好。增长5%。", "——科技创新突破。成果丰硕。",
               "——民生保障有力。收入增长。", "二、今年工作安排", "稳中求进。")
    ds = parse_directives(s)
    assert labels(ds) == ["一", "二"]
    assert [d.heading for d in ds[0].children] == ["经济回升向好", "科技创新突破", "民生保障有力"]


def test_paragraphs_opened_by_a_numeral_and_one_verb_are_points_of_their_own():
    """一抓…。 二抓…。 三抓…。 (a school speech's work list): points labelled as written, each one
    paragraph like the others, so the 一是 list after a prose paragraph is not inside the last."""
    s = speech("同志们：", "主题教育开展以来，我们做了以下工作。", "一抓组织领导，保障责任落实。" + FILLER,
               "二抓领学先学，锤炼引领能力。" + FILLER, "三抓基层基础，强化堡垒作用。" + FILLER,
               "通过全校党员的共同努力，主题教育取得了成效。", "一是提升了理论修养。" + FILLER,
               "二是提高了政治觉悟。" + FILLER, "一年来，我们还有不足。", "二年级的工作另行安排。")
    ds = parse_directives(s)
    check_spans(s, ds)
    assert labels(ds) == ["一抓", "二抓", "三抓", "一是", "二是"]
    assert [d.heading for d in ds[:3]] == ["组织领导，保障责任落实", "领学先学，锤炼引领能力", "基层基础，强化堡垒作用"]
    assert ds[2].end < s.text.index("通过全校") and ds[2].children == []
    assert ds[0].title == "一抓组织领导，保障责任落实"


def test_a_list_one_prose_paragraph_after_one_paragraph_points_follows_them():
    """一是… / 二是… / 三是… each one paragraph, a prose line, then 一要…: the steps follow the
    gains; where the points ran longer, one prose paragraph may still be the last point's."""
    s = speech("一是提升了理论修养。" + FILLER, "二是提高了政治觉悟。" + FILLER, "三是把住了廉政关口。" + FILLER,
               "下一步，我们要巩固成果。", "一要抓牢示范。" + FILLER, "二要把稳覆盖。" + FILLER)
    assert labels(parse_directives(s)) == ["一是", "二是", "三是", "一要", "二要"]
    s = speech("一是提升了理论修养。" + FILLER, FILLER, "二是提高了政治觉悟。" + FILLER, FILLER,
               "三是把住了廉政关口。" + FILLER, "为此，我们要巩固成果：", "一要抓牢示范。" + FILLER, "二要把稳覆盖。" + FILLER)
    ds = parse_directives(s)
    assert labels(ds) == ["一是", "二是", "三是"] and labels(ds[2].children) == ["一要", "二要"]


def test_a_list_that_slips_from_numerals_to_digits_is_one_list_labelled_as_written():
    """一、… 2、… 3、 (a bulletin of five cases typed so): one list, 2 and 3 kept as written."""
    s = speech("现将通报转发如下。", "一、杨某违规收受礼卡问题。" + FILLER, "2、潘某违规收受礼卡问题。" + FILLER,
               "3、陈某违规收受礼品问题。" + FILLER, "上述3起典型案例，教训深刻。")
    ds = parse_directives(s)
    assert labels(ds) == ["一", "2", "3"] and [d.number for d in ds] == [1, 2, 3]
    assert [d.sep for d in ds] == ["、"] * 3


def test_heading_lines_of_one_pattern_are_the_points_of_an_unnumbered_list():
    """从…来看： ×3 (an essay's aspects): points named by their headings; 主要职责： over every
    section is one label repeated, no list."""
    s = speech("我心目中的好学校是这样的。", "从学校规模、班额来看：", "规模较小，班额要小。",
               "从时间安排等来看：", "每年分四个学期。", "从办学理念等来看：", "以人为本。", "总之，好学校是相对的。")
    ds = parse_directives(s)
    assert [d.heading for d in ds] == ["从学校规模、班额来看", "从时间安排等来看", "从办学理念等来看"]
    assert s.text[ds[0].start:ds[0].end].endswith("班额要小。")
    same = speech("一、考务组", "主要职责：", "整理考务资料。", "二、保密组", "主要职责：", "保管试卷。",
                  "三、监考组", "主要职责：", "负责监考。")
    assert all(d.children == [] for d in parse_directives(same))


def test_a_numeral_and_a_word_that_is_no_verb_list_are_prose():
    """一年来 / 二年级 / 一方面 at paragraph starts, or a run of two, are no points."""
    s = speech("一年来，工作有进展。", "二年级开展了活动。", "三年级开展了复习。", "一看方向，不偏离。", "二看效果，求实效。")
    assert parse_directives(s) == []


def test_articles_under_chapters_keep_their_own_numbers_across_chapters():
    """办法/条例: 第一章 holds 第一条…第三条, 第二章 goes on with 第四条; each article sits under its chapter."""
    s = speech("第一章 总则", "第一条 为规范考核工作，制定本办法。", "第二条 本办法适用于全体教职工。",
               "第二章 考核内容", "第三条 考核分为专项考核和年度考核。", "一、班主任考核奖", "按月考核发放。",
               "二、工作量补贴", "按课时计发。", "第四条 年度考核按等次计发。", "第三章 附则", "第五条 本办法由校长室负责解释。")
    roots = parse_directives(s)
    assert labels(roots) == ["第一章", "第二章", "第三章"]
    assert [labels(d.children) for d in roots] == [["第一条", "第二条"], ["第三条", "第四条"], ["第五条"]]
    assert [d.number for d in roots[1].children] == [3, 4]
    assert labels(roots[1].children[0].children) == ["一", "二"]  # points inside an article
    check_spans(s, roots)


def test_chapters_and_articles_are_quoted_with_the_punctuation_they_are_written_with():
    """第一章：总则 / 第一条：… (a charter's colon) is quoted with it; 第二章 组织 keeps its space."""
    s = speech("第一章：总则", "第一条：联盟名称为测试产业联盟。", "第二条，联盟的宗旨：合作共赢。",
               "第二章 组织机构", "第三条 联盟设理事会。")
    roots = parse_directives(s)
    assert [d.title for d in roots] == ["第一章：总则", "第二章 组织机构"]
    assert [d.title for d in roots[0].children] == ["第一条：联盟名称为测试产业联盟", "第二条，联盟的宗旨：合作共赢"]
    assert roots[1].children[0].title.startswith("第三条 联盟设理事会")


def test_a_prose_list_restarting_at_one_inside_a_heading_line_section_nests():
    """1.  总则 … 3.  会员 are heading lines; 1.个人会员:要求入会者，应由… deep inside 第十条（二） is a
    list of its own there, and 4.  组织机构 still follows 3.  会员 (not 2.单位会员)."""
    s = speech("1.  总则", "第一条 本会的名称是测试研究会。", "2.  业务范围", "第二条 本会的业务范围是学术交流。",
               "3.  会员", "第三条 会员入会的程序是：", "（一）提交入会申请书；", "（二）经理事会讨论通过；",
               "1.个人会员:要求入会者，应由本会会员一人介绍，书面提出申请。",
               "2.单位会员:申请者应持本单位介绍信，由所在地分会进行初审。",
               "（三）由理事会发给会员证。", "4.  组织机构", "第四条 本会的最高权力机构是会员代表大会。")
    roots = parse_directives(s)
    assert labels(roots) == ["1", "2", "3", "4"]
    article = roots[2].children[0]
    assert labels(article.children) == ["（一）", "（二）", "（三）"]
    assert labels(article.children[1].children) == ["1", "2"]
    check_spans(s, roots)


def test_an_article_alone_on_its_line_after_a_garbled_one_is_kept():
    """第三十八条 … 第点三十九条 (a conversion's stray character) … 第四十条 on a line of its own, its
    text on the next: 第四十条 is still an article (the numbering jumps over the garbled one)."""
    s = speech("第三十八条 理事长每届任期4年。", "第点三十九条，理事长行使下列职权：", "（一）召集和主持理事会；",
               "第四十条", "秘书长由理事长提名、理事会同意后方可聘任，并按要求到业务主管单位和社会团体登记管理机关办理备案手续。",
               "第四十一条 秘书长行使下列职权：", "（一）主持日常工作。")
    s.paragraphs[:0] = [f"第{to_chinese(n)}条 第{n}条的内容。" for n in range(1, 38)]
    roots = parse_directives(s)
    assert [d.label for d in roots][-3:] == ["第三十八条", "第四十条", "第四十一条"]
    assert roots[-2].heading.startswith("秘书长由理事长提名")


def test_numbering_that_runs_on_into_the_next_section_is_one_sequence():
    """（1）…（3） under 一、 and （4）（5） under 二、 (a central document's layout): without the rule
    （4） would be dropped as a sequence that does not start at 1; a lone （6） under 三、 is kept too."""
    s = speech("一、形势", "（1）发展取得重大成就。" + FILLER, "（2）发展环境深刻变化。" + FILLER, "（3）机遇和挑战并存。" + FILLER,
               "二、主要目标", "（4）指导思想。" + FILLER, "（5）必须遵循的原则。" + FILLER,
               "三、保障", "（6）加强党的领导。" + FILLER)
    roots = parse_directives(s)
    assert [labels(d.children) for d in roots] == [["（1）", "（2）", "（3）"], ["（4）", "（5）"], ["（6）"]]
    check_spans(s, roots)


def test_a_contents_list_with_page_numbers_is_the_head_not_sections():
    """一、总体要求………………2 lines list the sections with their pages: they are neither sections nor
    annexes (附件1：…………25); the sections start where the text does."""
    from qa.ingest.parts import split_parts

    lines = ["教育发展规划", "目  录", "一、现实基础……………………1", "二、总体要求……………………2",
             "附件1：政策体系………………25", "一、现实基础", "教育事业取得长足进步。", "二、总体要求", "坚持立德树人。"]
    s = speech(*lines[1:], title=lines[0])
    roots = parse_directives(s)
    assert labels(roots) == ["一", "二"] and roots[0].heading == "现实基础"
    assert all(d.paragraph > 4 for d in roots)
    assert len(split_parts(lines)) == 1  # the contents line names an annex; it does not start one


def test_parts_chapters_and_sections_are_three_levels():
    """第一部分 总体战略 > 第一章 指导思想 > （一）…: 部分, 章 and 节 nest; chapters and points are
    numbered on across parts, and a contents line ending in ... 2 is no section."""
    s = speech("第一部分 总体战略... 2", "第一部分 总体战略", "第一章 指导思想", "（一）指导思想。" + FILLER,
               "第二章 战略目标", "（二）战略目标。" + FILLER, "第二部分 发展任务", "第三章 学前教育",
               "（三）普及学前教育。" + FILLER, "（四）明确政府职责。" + FILLER)
    roots = parse_directives(s)
    assert labels(roots) == ["第一部分", "第二部分"] and roots[0].paragraph == 2
    assert [labels(d.children) for d in roots] == [["第一章", "第二章"], ["第三章"]]
    assert labels(roots[1].children[0].children) == ["（三）", "（四）"]
    check_spans(s, roots)


def test_a_numbered_item_is_found_by_its_number_else_by_its_place():
    from qa.models import numbered

    s = speech("第一章 总则", "（一）总的要求。" + FILLER, "（二）基本原则。" + FILLER,
               "第二章 任务", "（三）学前教育。" + FILLER, "（四）义务教育。" + FILLER)
    roots = parse_directives(s)
    assert numbered(roots, [2, 4])[-1].heading == "义务教育"  # the item numbered 四
    assert numbered(roots, [2, 1])[-1].heading == "学前教育"  # no 一 in 第二章: its first item


def test_lines_repeating_the_documents_own_headings_are_its_frame():
    """A saved page's contents or sidebar (何为委托书？ / 谁可以代理？ / 如何撤销？ on lines of their
    own before the text) is frame, not content; the headings themselves and their text are content;
    two such lines in a row are left as they are."""
    s = speech(
        "何为委托书？", "谁可以代理？", "如何撤销？",
        "#### 何为委托书？", "委托书是您对个人的书面授权。" + FILLER,
        "#### 谁可以代理？", "律师、注册会计师可以代理。" + FILLER,
        "#### 如何撤销？", "在表格首页写上撤销字样。" + FILLER,
        "相关链接", "何为委托书？", "谁可以代理？", "结束语。" + FILLER,
    )
    passages = speech_passages(s)
    frame = [p for p in passages if p.role == "frame"]
    assert [p.text for p in frame] == ["何为委托书？\n谁可以代理？\n如何撤销？"]
    assert all(p.role == "content" for p in passages if "书面授权" in p.text or "撤销字样" in p.text)


@pytest.mark.parametrize("line, frame", [
    ("作者 / 刘润", True),
    ("编辑 / 程志 版面 / 黄静", True),
    ("审核：周佳佳", True),
    ("作者在文中指出，创新人才都有极强的自学能力。", False),
    ("来源于群众的意见，我们要认真听取", False),
    # a saved page's links, its archive's notice and its platform's count of posts
    ("返回列表页", True),
    ("小懒自动备份，仅供查阅学习", True),
    ("这是 刘润公众号 的 第2111篇 原创文章", True),
    ("返回列表页以后，点开第二篇文章就能看到全文。", False),
    ("这些数据仅供参考，具体以正式公布为准。", False),
    # an editor's introduction above a speech: what the editor says about it, not what it says
    ("【导读】2004年获得荷兰运营商Telfort价值超过2500万美元的合同，首次实现在欧洲的重大突破。", True),
    ("【编者按】本文根据作者在年会上的发言整理。", True),
    ("导语：近日，全市召开安全生产工作会议。", True),
    ("编者的话：这一期收录三篇讲话。", True),
    ("导读课要讲清楚全书的结构。", False),
    ("【通知】明天下午开会。", False),
])
def test_a_posts_credits_and_an_editors_introduction_are_its_frame(line, frame):
    from qa.ingest.roles import is_frame_line

    assert is_frame_line(line, near_edge=False) is frame


def test_paragraphs_counting_the_same_noun_from_the_first_are_points():
    """第一个方子… 第二个方子… 第三个方子: the noun counted names the list; a lone 第一个月 is prose."""
    s = speech("有什么好法子呢？我有三种药方。",
               "第一个方子只有一句话：总得时时寻一两个值得研究的问题。",
               "第二个方子也只有一句话：总得多发展一点非职业的兴趣。",
               "第三个方子也只有一句话：你总得有一点信心。")
    assert [(d.title[:5], d.number) for d in parse_directives(s)] == [("第一个方子", 1), ("第二个方子", 2), ("第三个方子", 3)]
    lone = speech("第一个月里，我们走访了三十家企业。", "第二个星期以后，情况有了好转。")
    assert parse_directives(lone) == []



def test_a_talk_that_counts_its_points_with_dian_and_then_otherwise_has_three_points():
    """第一点，… 第二，… 第三个问题，…: a speaker counts on in other words; the points are one list.
    这是第一点。 (no comma after it) ends a sentence, it opens no point."""
    s = speech("今天我讲几点意见。",
               "第一点，那些长期理解不了的人，就请他出去。" + FILLER,
               "第二，大家也知道公司需要一场变革。" + FILLER,
               "第三个问题，好在我们请了一个好的老师。" + FILLER,
               "这是第一点。我们还要继续学习。")
    ds = parse_directives(s)
    assert labels(ds) == ["第一", "第二", "第三"]
    assert ds[0].heading.startswith("那些长期理解不了的人")
    check_spans(s, ds)


def test_a_numbered_faq_keeps_each_question_with_its_answer():
    """Q1：…？ / A1：… / Q2：…？ / A2：…: each question line is one passage with the answer after it,
    as Q：/A： pairs are (the answer is what a question like it looks for)."""
    s = speech("常见问题", *[line for i, (q, a) in enumerate([
        ("我把播放器关掉了怎么办？", "任务栏右下角，右键点击图标，会显示菜单，选择“还原”，窗口就回来了。"),
        ("话筒没有声音怎么办？", "先看调音台上话筒那一路的推子有没有推上去，再看话筒开关是否打开。"),
        ("音乐放错了怎么办？", "立即暂停，在播放列表里找到正确的曲目，双击重新播放，并在值班记录上写明。"),
    ], 1) for line in (f"Q{i}：{q}", f"A{i}：{a}" + FILLER * 3)])
    passages = speech_passages(s)
    for i, answer in [(1, "任务栏右下角"), (2, "推子有没有推上去"), (3, "立即暂停")]:
        asked = [p for p in passages if f"Q{i}：" in p.text]
        assert len(asked) == 1 and f"A{i}：" in asked[0].text and answer in asked[0].text, [p.text for p in passages]


def test_a_part_after_a_digit_list_goes_on_from_the_part_above_it():
    """二、… 1、… 2、… 三、: the 三 is the part after 二, not a slip of the 1、 2、 list's digits
    (一、… 2、… 3、 with no 二 above is still one list with a slip)."""
    s = speech("一、编制背景。" + FILLER, "二、编制过程。" + FILLER, "1、征求意见稿。" + FILLER,
               "2、送审稿。" + FILLER, "三、主要内容。" + FILLER, "四、其他说明。" + FILLER)
    ds = parse_directives(s)
    assert labels(ds) == ["一", "二", "三", "四"]
    assert labels(ds[1].children) == ["1", "2"]
    slipped = parse_directives(speech("一、总体要求。" + FILLER, "2、工作措施。" + FILLER, "3、保障措施。" + FILLER))
    assert len(slipped) == 3
