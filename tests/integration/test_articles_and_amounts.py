"""Documents written in articles (第一章 / 第一条, numbered on across chapters), numbering that runs
on into the next section, and the amounts, percentages and short forms that a number question's
answer is written with — each on a real index built from text laid out that way."""
from __future__ import annotations

import pytest

from qa.models import Passage
from qa.search.answer_types import NUMBER, asked_unit, holds, match_text
from qa.search.coverage import _abbreviates, _phrase_shortened, key_terms, measured_noun, missing_terms, unstated_terms
from qa.search.query import analyze
from qa.testing import HashEmbedder, tiny_index

RULES = ("全校教工：\n现将《学校绩效工资考核实施办法》进行公示，请提出意见。\n学校党政办\n2019年6月25日\n"
         "学校绩效工资考核实施办法\n"
         "第一章 总则\n第一条 为发挥绩效工资的激励功能，调动教职工积极性，制定本办法。\n"
         "第二条 本办法适用于在编在岗教职工。考核结果在校内公示后发放。\n"
         "第二章 考核内容\n第三条 专项考核项目\n一、班主任考核奖\n按每月1500元×10个月核定总量，按月考核发放。\n"
         "二、夜自修管理补贴\n参与晚夜自修管理的教工，以每人每晚120元标准按实计发。\n"
         "第四条 年终结算的年度绩效考核奖按考核等次计发，优秀等次比例不超过15%。\n"
         "第三章 附则\n第五条 本办法由校长室负责解释，经教代会审议、家委会听取意见后施行。\n")
PLAN = ("学校信息化三年行动计划\n一、指导思想\n以信息化推动教育现代化，建设智慧校园。\n"
        "二、行动目标\n建成覆盖全校的数字校园，教师信息素养普遍提升。\n"
        "三、保障措施\n成立信息化工作领导小组，设立家长委员会参与监督，每年投入经费不少于50万元。\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("articles"), {"rules.txt": RULES, "plan.txt": PLAN}, HashEmbedder())


def test_an_article_is_found_by_its_own_number_in_whichever_chapter(index):
    """第四条 stands in 第二章 as its second article: asked for, it is the article numbered 四."""
    result = index.qa.ask("绩效工资考核实施办法第四条讲的是什么？")
    assert result.answerable and result.mode == "structural"
    assert result.hits[0].passage.path[-1].startswith("第四条") and "年终结算" in result.answer.text
    chained = index.qa.ask("绩效工资考核实施办法第二章第四条讲的是什么？")
    assert chained.hits[0].passage.path[-1].startswith("第四条")


def test_the_last_article_of_a_named_document_is_its_last_numbered_article(index):
    """最后一条 of a document in 第N条 articles is the last article, not the last item of the
    list whose heading repeats the document's title words (第一条 为发挥绩效工资的…)."""
    result = index.qa.ask("绩效工资考核实施办法的最后一条是什么？")
    assert result.answerable
    assert result.hits[0].passage.path[-1].startswith("第五条") and "校长室负责解释" in result.answer.text


def test_a_count_of_chapters_is_answered_in_chapters(index):
    result = index.qa.ask("绩效工资考核实施办法一共分几章？")
    assert result.mode == "outline"
    assert "共3章，最后一章是：第三章 附则" in result.answer.text


def test_a_sum_in_another_currency_is_money_and_answers_how_much():
    """海外出口已经达到3-5个亿美金 states a sum: 多少钱 is answered, not refused for want of 元."""
    from qa.search.relevance import missing_answer_type

    money = asked_unit("海外出口已经做到多少钱了？")
    assert money.search("海外出口我们已经达到3-5个亿美金") and money.search("援助2亿美元")
    assert not money.search("出口3-5个批次")
    said = Passage("海外出口我们已经达到3-5个亿美金。", "a.txt", 1, "讲话", [], "", 1, 0, 18)
    assert missing_answer_type(analyze("海外出口已经做到多少钱了？"), [said]) is None


def test_a_sum_in_wan_with_no_unit_after_it_is_money():
    """支付金额540余万、 / 国际金牌10万/块 answer 多少钱; 3万人 does not."""
    money = asked_unit("一共支付了多少钱？")
    assert money.search("支付金额540余万、预算执行率超99%") and money.search("国际金牌10万/块")
    assert not money.search("服务3万人次")


@pytest.mark.parametrize("text", ["推出1600多项改革方案", "课桌间距是否到80*80", "审批次数40余次"])
def test_numbers_written_with_about_or_as_dimensions_state_a_number(text):
    assert holds(NUMBER, text)


def test_a_percentage_asked_in_words_is_a_share_not_a_topic():
    """按前百分之多少录取: 百分之 says how the number is written; 前60% answers it."""
    query = analyze("新高考按前百分之多少录取？")
    assert "百分之" not in key_terms(query, max_freq=None)
    assert asked_unit(query.text).search("统一为前60%一段录取")


def test_a_short_form_covers_the_full_name():
    assert _abbreviates("家委会", "成立年级家长委员会，每班家长代表1名")
    assert _abbreviates("教代会", "经教职工代表大会通过")
    assert not _abbreviates("家委会", "家庭教育指导委员")  # no 会 after the others
    assert not _abbreviates("教师", "教职工")  # only three-character short forms


def _said(text: str) -> Passage:
    return Passage(text, "a.txt", 1, "意见", [], "", 1, 0, len(text))


def test_a_verb_and_its_object_shortened_cover_the_object():
    """退还赃款 asked, 退赃退赔 written; 参加考场… is not covered by 参考 (a word of its own)."""
    question = analyze("对主动配合调查、退还赃款并悔罪的人员，处理上会有什么宽待？")
    assert "赃款" not in missing_terms(question, [_said("对于涉案人员积极配合调查、主动退赃退赔、真诚认罪悔罪的，可以依法从轻处罚。")])
    assert "赃款" in missing_terms(question, [_said("对于涉案人员积极配合调查的，可以依法从轻处罚。")])
    assert not _phrase_shortened("考场", "本表仅供参考。", "参加考场巡视有补贴吗")  # (参考 is a word of its own)


def test_the_noun_before_the_verb_is_what_a_number_question_measures():
    assert measured_noun(analyze("个人所得税起征点提高到多少？")) == "起征点"
    assert measured_noun(analyze("赤字率定的是多少？")) is None  # a cut in the wrong place stays out


def test_a_word_jieba_made_up_from_single_characters_is_no_topic(index):
    """常规课能补 → 课能, 管夜自修 → 管夜: words no dictionary and no document knows, not names;
    the sentence that states the sum answers the question."""
    searcher = index.qa.pipeline
    passage = Passage("参与晚夜自修管理的教工，以每人每晚120元标准按实计发。", "rules.txt", 1, "t", [], "", 1, 0, 10)
    query = analyze("晚上管夜自修，一晚上给多少钱啊？")
    assert unstated_terms(query, [passage], searcher.build.lexical) == []
    named = analyze("鲁家贤奖学金每年奖励多少钱？")  # a name the documents never use stays a topic
    assert "鲁家贤" in unstated_terms(named, [passage], searcher.build.lexical)


def test_number_questions_answered_with_such_amounts_end_to_end(index):
    """Through the whole question path: neither check finds anything uncovered (the fake embedder
    leaves the final call to the dense contrast, which only a real model can make)."""
    night = index.qa.ask("晚上管夜自修，一晚上给多少钱啊？")
    assert "120元" in night.hits[0].passage.text and night.unstated == [] and night.missing == []


def test_a_short_form_used_elsewhere_is_covered_by_the_full_name(index):
    """家委会 stands in the rules, 家长委员会 in the plan: the plan's passage covers the question."""
    searcher = index.qa.pipeline
    plan = [p for p in searcher.build.passages if "家长委员会" in p.text]
    assert plan and searcher.build.lexical.doc_freq("家委会") == 1
    assert missing_terms(analyze("家委会参与什么工作？"), plan, searcher.build.lexical) == []


@pytest.mark.parametrize("question, answers, not_answers", [
    ("名单要公示几天？", "公示期为5天", "请于3月24日前交回"),  # a date's 24日 is no number of days
    ("几小时内出警？", "接警后24小时内出警", "30分钟内到场"),
    ("今年城镇新增就业的目标是多少人？", "城镇新增就业1200万人以上", "新增就业岗位100个"),
    ("一共有多少人受益？", "6600多万纳税人受益", "减税2000亿元"),
    ("服务期至少几年？", "服务期限至少为五年", "自2020年起实施"),  # a year is no number of years
    ("不满多少周岁的算未成年人？", "不满十四周岁", "第十四条"),
    ("一共部署了多少条改革任务？", "部署143项改革任务", "投入资金50亿元"),
    ("虚拟班一共有多少名学生？", "虚拟班共45名学生", "进入全省前100名"),  # a rank counts no one
    ("新引进的博士给多少安家费？", "给予安家费20万元", "新进博士教师200名"),  # 安家费 is a sum of money
    ("请顾问的咨询费一共是多少？", "咨询费共计480万美元", "顾问辅导了27个月"),  # …费 then 多少: a sum too
    ("住宿费要多少？", "住宿费每人每年1200元", "每间住4人"),
])
def test_a_count_asked_in_a_unit_is_answered_in_that_unit(question, answers, not_answers):
    unit = asked_unit(question)
    assert unit.search(match_text(answers)) and not unit.search(match_text(not_answers))


def test_a_count_in_another_unit_does_not_answer_end_to_end(tmp_path):
    """The rules say 公示 and give a sum, but no number of days: 公示几天 is refused; 每晚多少钱 is not."""
    index = tiny_index(tmp_path, {"rules.txt": RULES, "plan.txt": PLAN}, HashEmbedder())
    searcher = index.qa.pipeline
    stated = [p for p in searcher.build.passages if "公示" in p.text]
    query = analyze("绩效工资考核结果要公示几天？")
    assert stated and unstated_terms(query, stated, searcher.build.lexical)  # sums and dates, no days
    days = Passage("考核结果在校内公示5天后发放。", "rules.txt", 1, "t", [], "", 1, 0, 10)
    assert unstated_terms(query, [days], searcher.build.lexical) == []


def test_the_words_of_a_name_the_question_uses_are_no_topic():
    """“五好学生” names a page (it keeps quoting it); jieba cuts the question's 五好学生 into other
    words (评五 / 学生), and 学生 is then no topic word the answering sentence must repeat."""
    from types import SimpleNamespace

    page = SimpleNamespace(words={"五好学生"}, types={}, speakers=[], offices=set())
    query = analyze("体测要考多少分才够格评五好学生？")
    no_short_names = lambda word: False  # noqa: E731 (qa.search.docrefs.DocumentReferences.short_name)
    assert "学生" in key_terms(query, SimpleNamespace(docs=[], short_name=no_short_names), max_freq=None)
    assert "学生" not in key_terms(query, SimpleNamespace(docs=[page], short_name=no_short_names), max_freq=None)


def test_an_anniversary_is_stated_by_its_years():
    """庆祝改革开放40周年: a speech that says 改革开放40年 names it; 1940年 and 40年代 do not."""
    from qa.search.coverage import missing_terms

    query = analyze("庆祝改革开放40周年大会的讲话里，国内生产总值增长到了多少？")
    said = Passage("回顾改革开放40年的光辉历程，国内生产总值增长到82.7万亿元。", "f", 1, "t", [], "", 1, 0, 10)
    assert "40周年" not in missing_terms(query, [said])
    for other in ("1940年国内生产总值很低。", "上世纪40年代国内生产总值很低。"):
        assert "40周年" in missing_terms(query, [Passage(other, "f", 1, "t", [], "", 1, 0, 10)])


def test_which_days_asks_for_dates_not_a_count_of_days():
    """征求意见时间是哪几天: 9月9日至9月11日 answers it; 哪几天 itself is no topic word."""
    from qa.search.answer_types import DATE, asked_type
    from qa.search.coverage import key_terms

    question = "名单的征求意见时间是哪几天？"
    assert asked_type(question) == DATE and asked_unit(question) is None
    assert asked_unit("公示几天？") is not None
    assert "哪几天" not in key_terms(analyze(question), max_freq=None)
