"""The answer builder: sentence choice, one citation line, whole-speech and
count questions, answers across the passage cut, follow-ups and filters.

Unit tests use hand-written sentences; the rest run on the real bundled
index (built once per session with the bundled model).

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_answers_e2e.py."""
from __future__ import annotations

import re

import pytest

from qa.models import Passage
from qa.search import scope
from qa.search.cite import citation_line, speech_name
from qa.search.conversation import Context, with_context
from qa.search.outline import asks_outline
from qa.search.query import analyze
from qa.search.sentences import SentenceScorer, split_sentences
from qa.web import chat, render

# -- sentence choice, without an index --------------------------------------------


def best(question: str, sentences: list[str]) -> str:
    scorer = SentenceScorer(analyze(question))
    return max(sentences, key=scorer.score)


def test_generic_words_do_not_pick_the_sentence():
    sentences = ["二是要求上，各地、各部门要有责任担当之勇、科学防控之智。",
                 "疫苗接种是疫情防控最经济、最有效的手段，要组织师生积极主动接种。"]
    assert best("疫苗接种有什么要求？", sentences) == sentences[1]


@pytest.mark.parametrize("question, answer", [
    ("为什么要推进疫苗接种？", "疫苗接种是疫情防控最有效的手段。"),
    ("疫苗接种什么时候完成？", "X月底前完成疫苗接种任务。"),
    ("疫苗接种由哪些部门负责？", "卫生健康部门要组织疫苗接种工作。"),
    ("疫苗接种要完成多少剂？", "每名学生疫苗接种两剂次。"),
])
def test_question_type_steers_among_sentences_on_the_topic(question, answer):
    sentences = ["要加快疫苗接种进度，做好疫苗接种宣传。", "疫苗接种是疫情防控最有效的手段。",
                 "X月底前完成疫苗接种任务。", "卫生健康部门要组织疫苗接种工作。", "每名学生疫苗接种两剂次。"]
    assert best(question, sentences) == answer


def test_a_quotation_asked_is_answered_by_the_sentence_quoting_it():
    """引用了哪句名言: the sentence that quotes words; a name in quotation marks (“一带一路”) quotes none."""
    sentences = ["我们要推动“一带一路”合作高质量发展。", "“河海不择细流，故能就其深。”这句名言说明了开放的道理。"]
    assert best("讲话里引用了哪句名言来说明合作发展？", sentences) == sentences[1]
    assert best("讲话里怎么说明合作发展？", sentences) == sentences[0]


def test_a_body_asked_is_named_by_the_sentence_saying_who_does_it():
    """由哪个部门负责: 人民检察院负责… names the body; 各部门 names none."""
    sentences = ["各部门建立联席会议制度，明确强制报告工作联系人。", "人民检察院负责联席会议制度日常工作安排。"]
    assert best("强制报告工作联席会议的日常工作由哪个部门负责？", sentences) == sentences[1]


def test_a_reason_asked_is_answered_by_the_drafting_note_s_reason():
    """为什么增加 asks a reason: a drafting note states it after 理由：, beside the change it explains."""
    sentences = ["过程管理一条对进度控制提出了要求。", "理由：项目的成功开展，离不开过程管理。"]
    assert best("为什么要有过程管理？", sentences) == sentences[1]
    # (…因而英文文档建设也是很有价值的: what follows from a plan says why a thing is worth doing)
    sentences = ["英文文档建设进展：先前发布了文档翻译类型的新手任务。", "项目将国际化推广，因而英文文档建设很有价值。"]
    assert best("为什么英文文档建设值得做？", sentences) == sentences[1]


def test_where_asked_is_answered_by_the_line_labelled_with_the_place():
    """广播室在什么位置: 地点：… says where; a rule that mentions the room and a 位置 does not."""
    sentences = ["1.广播室的钥匙在德育处办公桌抽屉里的位置，值班的同学要知道。", "地点：行政楼一楼广播室（进大门右转）"]
    assert best("广播室在什么位置？", sentences) == sentences[1]


def test_what_a_thing_is_is_answered_by_the_sentence_that_says_it():
    """大会主题是什么: 大会的主题是：… says it; a sentence that only repeats 二十大 and 大会 does not."""
    sentences = ["党的二十大是在全党全国各族人民迈上新征程的关键时刻召开的一次十分重要的大会。",
                 "大会的主题是：高举中国特色社会主义伟大旗帜，全面贯彻新时代中国特色社会主义思想。"]
    assert best("党的二十大的大会主题是什么？", sentences) == sentences[1]


def test_a_bound_asked_is_answered_by_the_sentence_setting_it():
    """音量最多可以推到哪里 asks a bound: 不得超过… sets it; a sentence on where the slider is does not."""
    sentences = ["调音杆的具体位置见调音器使用须知，音量由调音杆调整。", "调音杆调整音量不得超过调音器上的标识线。"]
    assert best("调音杆的音量最多可以推到哪里？", sentences) == sentences[1]


def test_a_way_out_asked_is_answered_by_the_sentence_naming_the_remedy():
    """咋办 asks for a remedy: of sentences on the topic alike, the one that names it answers."""
    sentences = ["为糊口而作不感兴趣的工作，就很难保持求知的兴趣。",
                 "最好的救济方法只有多多发展职业以外的正当兴趣与活动。",
                 "在这种状况之下，工作就往往成了苦工，就不感觉兴趣了。"]
    assert best("说工作跟自己兴趣不对口咋办？", sentences) == sentences[1]


def test_a_calculation_asked_is_answered_by_the_formula():
    """怎么算出来 asks how a figure is worked out: the formula, not the tool that works it out."""
    sentences = ["推荐使用同学开发的网页版GPA计算器快速计算GPA。",
                 "平均学分绩点（GPA） = 所修课程学分绩求和 / 所修课程学分数求和",
                 "大学的成绩由平时表现和期末考试成绩构成，GPA很重要。"]
    assert best("GPA是怎么算出来的？", sentences) == sentences[1]


def test_a_bound_asked_of_a_noun_is_answered_by_the_sentence_counting_it():
    """学分少于多少: a count of 学分 (9学分) answers, not a count of something else (第三次)."""
    sentences = ["退学\n在读期间第三次受到学业警示者。",
                 "1. 一学期取得的学分未达到9学分；"]
    assert best("一学期拿到的学分少于多少会被学业警示？", sentences) == sentences[1]


def test_a_line_announcing_points_is_a_transition():
    """…在此我想对大家提出几点建议： only announces the list after it."""
    from qa.search.roles import CONTENT, TRANSITION, sentence_role
    assert sentence_role("还必须获得你们的全力配合，在此我想对大家提出几点建议：") == TRANSITION
    assert sentence_role("我建议大家多读书。") == CONTENT


def test_bare_heading_scores_low_unless_headings_are_asked():
    scorer = SentenceScorer(analyze("开学准备怎么做？"))
    heading = "第七，要有序做好开学准备。"
    assert scorer.score(heading, bare_heading=True) < scorer.score(heading) / 2
    asks = SentenceScorer(analyze("开学准备有哪几点？"))
    assert asks.score(heading, bare_heading=True) == asks.score(heading)


def test_a_heading_that_says_what_the_asked_thing_is_is_no_bare_heading():
    """公司职业健康安全方针：安全第一，… heads its part and is what 方针是什么 asks: it keeps its score;
    a heading beside it that only names another thing (…愿景：…) does not."""
    scorer = SentenceScorer(analyze("娲石公司的职业健康安全方针是什么？"))
    policy = "——公司职业健康安全方针：安全第一，预防为主，防治结合，持续改进。"
    vision = "——公司职业健康安全愿景：用娲石水泥，建幸福家园。"
    assert scorer.score(policy, bare_heading=True) == scorer.score(policy)
    assert scorer.score(vision, bare_heading=True) < scorer.score(vision) / 2


def test_sentences_split_at_ends_and_keep_their_place():
    text = "第一，要扛稳责任。各地要落实；各校要配合！\n同志们"
    parts = split_sentences(text)
    assert [p.text for p in parts] == ["第一，要扛稳责任。", "各地要落实；", "各校要配合！", "同志们"]
    assert all(text[p.start:p.start + len(p.text)] == p.text for p in parts)


# -- one citation line ----------------------------------------------------------------

def test_one_citation_line_for_text_page_and_copy():
    p = Passage("疫苗接种是最有效的手段。", "a.txt", 1, "题目", ["第五，要加快疫苗接种进度"], "第五", 12, 0, 12)
    assert speech_name(1) == "第一篇" and speech_name(12) == "第十二篇"
    assert citation_line(p) == "第一篇《题目》 › 第五，要加快疫苗接种进度 · 第12段"
    assert chat.citation_text(p, p.path) == citation_line(p) + "（a.txt）"
    shown = re.sub(r"<[^>]+>", "", render.where_html(p.speech, p.title, p.path, p.paragraph))
    assert shown == citation_line(p)


# -- filters and follow-ups, without an index -------------------------------------------

def test_a_speech_named_in_the_question_wins_over_the_filter_with_a_notice():
    speech, notice = scope.choose_speech(chosen=3, named=1, inherited=None)
    assert speech == 1 and "第一篇" in notice and "第三篇" in notice
    speech, notice = scope.choose_speech(chosen=3, named=None, inherited=2)
    assert speech == 3 and notice == "按所选范围回答：只看第三篇。"
    assert scope.choose_speech(None, None, 2) == (2, "")
    assert "文件 a.txt" in scope.choose_speech(None, None, None, file="a.txt")[1]


@pytest.mark.parametrize("previous, question, part", [
    (([2], ["部分"]), "第四条具体是什么？", [2, 4]),  # a point inside the part just shown
    (([3], ["部分"]), "第五部分呢？", [5]),  # the same unit: the next part
    (([], []), "第三部分具体讲了什么？", [3]),
])
def test_a_bare_part_number_is_read_in_the_conversation(previous, question, part):
    context = Context(speech=2, part=previous[0], units=previous[1], structural=True)
    query = with_context(analyze(question), context, {})
    assert query.part == part and query.speech == 2


@pytest.mark.parametrize("question, asks", [
    ("第二篇讲了哪几点？", True), ("第一篇一共讲了几点？", True), ("第三篇的主要内容是什么？", True),
    ("第二篇第二部分有几条？", True), ("第二篇讲了什么？", True),
    ("第三篇第三部分的疫情监测怎么做？", False), ("疫苗接种要在什么时间前完成？", False),
])
def test_outline_questions_are_told_from_topic_questions(question, asks):
    assert asks_outline(analyze(question)) is asks


def test_a_synonym_standing_for_an_unused_word_counts_fully():
    query = analyze("发烧了去医院看哪里？", {"发烧": ["发热"]})
    unused = SentenceScorer(query, doc_freq=lambda w: 0 if w == "发烧" else 1, num_docs=10)
    used = SentenceScorer(query, doc_freq=lambda w: 1, num_docs=10)
    assert "发烧" not in unused.weights  # no sentence holds it: it cannot tell them apart
    assert unused.weights["发热"] > used.weights["发热"]
    sentence = "加强发热门诊管理，强化发热病人预检分诊。"
    assert unused.score(sentence) > used.score(sentence)


def test_the_askers_quoted_words_steer_the_answer_sentence():
    """“五关” is what is asked: the sentence naming it wins over one holding more of the other words."""
    scorer = SentenceScorer(analyze("食堂超市管理要把好的“五关”是哪些？"))
    heading = "强化食堂超市管理，按要求管理食堂和超市。"
    listing = "严格把好“五关”，即进货渠道关、验收关。"
    assert scorer.score(listing) > scorer.score(heading)


def test_a_synonym_counts_once_not_by_each_of_its_sub_words():
    """老师 → 教职员工: a sentence that says 教职员工 gains one synonym's weight, not five."""
    scorer = SentenceScorer(analyze("劝退了几个老师？", {"老师": ["教师", "教职员工"]}))
    assert "教职员工" in scorer.weights and not {"教职", "职员", "员工"} & set(scorer.weights)
    staff = "要求每一位党员干部和教职员工认真学习。"
    answer = "一年来劝退教师3人。"
    assert scorer.score(answer) > scorer.score(staff)


def test_the_clause_that_asks_weighs_more_than_the_conditions_around_it():
    """要是竞聘没上岗，工资咋发？: the answer must say how pay works; the condition is context."""
    from qa.search.sentences import ASKING_CLAUSE_WEIGHT

    scorer = SentenceScorer(analyze("要是竞聘没上岗，工资咋发？", {}))
    assert scorer.weights["工资"] == pytest.approx(ASKING_CLAUSE_WEIGHT * scorer.weights["竞聘"])
    plain = SentenceScorer(analyze("竞聘没上岗的人员工资咋发？", {}))
    assert plain.weights["工资"] == pytest.approx(plain.weights["竞聘"])  # one clause: nothing to tell apart


def test_a_question_word_counts_in_a_sentence_as_a_word_not_across_another():
    """学风 is not in 凝炼教学风格 (教学|风格), 家里 not in 行家里手; 换新 is the tail of 以旧换新
    and counts, and numbers count wherever they stand (二十 in 第二十次)."""
    from qa.indexing.tokenizer import TOKENIZER

    assert not TOKENIZER.holds_word("学风", "完善教学个性，凝炼教学风格")
    assert TOKENIZER.holds_word("学风", "弘扬博学审问慎思笃行的学风")
    assert not TOKENIZER.holds_word("家里", "分管领导要真正成为行家里手")
    assert TOKENIZER.holds_word("换新", "鼓励和推动消费品以旧换新")
    assert TOKENIZER.holds_word("二十", "中国共产党第二十次全国代表大会开幕")
    scorer = SentenceScorer(analyze("学校的学风是什么？", {}))
    assert scorer.overlap("凝炼教学风格。") < scorer.overlap("弘扬优良学风。")


def test_who_holds_a_post_is_answered_by_the_line_of_that_post():
    """组长是谁: the line 组  长：王  琛 under the sentence that sets up the group names who; the sentence
    that only says the group has a 组长 does not."""
    from qa.search.answer import _candidates  # noqa: F401 (the line is scored with the sentence over it)
    scorer = SentenceScorer(analyze("“五好学生”推优评选工作领导小组的组长是谁？"))
    setting_up = "学校建立党组织书记为组长的“五好学生”推优评选工作领导小组，负责评价工作方案的制订和实施。"
    line = "组  长：王  琛"
    assert scorer.fills_role(line) and not scorer.fills_role(setting_up)
    assert scorer.score(setting_up + line) > scorer.score(setting_up)
