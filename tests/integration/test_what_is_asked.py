"""What a question asks for, read as people write it, on a real index: a contact word that is
the topic (政府网站集约化) and not what is asked, a count whose unit jieba glued to the next
character (多少人用 → 人用), the date of a thing the named document itself is about (…名单的
征求意见时间是哪几天), and a number the question already states (2022年) that answers nothing."""
from __future__ import annotations

import pytest

from qa.models import Passage
from qa.search.query import analyze
from qa.testing import HashEmbedder, tiny_index

PILOT = ("县级政府网站集约化试点工作方案\n"
         "一、工作目标\n建设全县统一的政府网站集约化平台，实现数据融通、服务惠民。\n"
         "二、保障措施\n（一）加强组织领导。试点地区要高度重视集约化试点工作，精心组织实施。\n"
         "（二）强化运维保障。试点地区要为政府网站集约化工作安排必要的人员和经费，"
         "把平台建设及运维经费纳入财政预算。\n"
         "三、联系方式\n考务组联系电话：0575-88012345。\n")
NOTICE = ("关于征求各类工作委员会和领导小组名单意见的通知\n"
          "各处室、各年级组：\n根据工作需要，经校党委研究，拟成立各类工作委员会和领导小组。"
          "具体名单如下，请大家积极建言，报党政办汇总。征求意见时间：9月9日至9月11日。\n"
          "学校安全工作领导小组\n组长：陈明\n副组长：王华\n")
REPORT = ("前端工程师年度述职报告\n"
          "一、主要工作\n我负责搭建前端脚手架，统一了团队的开发规范。"
          "脚手架上线以来，每周最多有320人使用，覆盖全部业务线。\n"
          "二、下一步打算\n继续完善组件库，提升页面性能。\n")

AGENCIES = ("全市招标代理机构管理工作会议讲话\n一、关于机构管理\n甲级招标代理机构的注册资本门槛为500万元。"
            "各机构要提升招标业绩，规范代理行为。\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("asked"),
                      {"pilot.txt": PILOT, "notice.txt": NOTICE, "report.txt": REPORT, "agencies.txt": AGENCIES},
                      HashEmbedder())


@pytest.mark.parametrize("question, kind", [
    ("考务组的联系电话是多少？", "contact"),
    ("学校的地址在哪里？", "contact"),
    ("有没有咨询电话", "contact"),
    ("举报电话和邮箱是什么？", "contact"),
    ("在哪个网站能查到？", "contact"),
    ("政府网站集约化试点，中央财政给每个试点地区补助多少经费？", "number"),  # 网站 is the topic
    ("政府网站集约化平台什么时候建成？", "date"),
    ("这份实施方案是哪两个部门联合印发的？", "person"),  # a count of bodies asked is still bodies
    ("意见是哪几个部门联合发的？", "person"),
    ("方案分哪两个方面？", None),
])
def test_a_contact_is_asked_only_where_the_question_asks_it(question, kind):
    from qa.search.answer_types import asked_type

    assert asked_type(question) == kind


def test_a_sum_no_sentence_states_is_refused_as_a_sum(index):
    """The plan speaks of 经费 but states no sum: refused for the sum, not answered with a phone number."""
    result = index.qa.ask("政府网站集约化试点，中央财政给每个试点地区补助多少经费？")
    assert not result.answerable
    assert result.unstated and "0575" not in result.answer.text


def test_the_contact_asked_for_is_answered(index):
    result = index.qa.ask("考务组的联系电话是多少？")
    assert result.answerable and "0575-88012345" in result.answer.sentences[0].text


def test_a_unit_glued_to_the_next_character_is_no_topic(index):
    from qa.search.coverage import _unit_glued, key_terms

    assert _unit_glued("人用", "脚手架每周最多有多少人用？")
    assert not _unit_glued("名额", "有多少名额？")  # a word of the dictionary
    assert not _unit_glued("人用", "给人用的脚手架有几个？")  # not after the asking word
    assert "人用" not in key_terms(analyze("他搭的脚手架每周最多有多少人用？"))
    result = index.qa.ask("他搭的脚手架每周最多有多少人用？")
    assert result.answerable and result.missing == []
    assert "320人" in result.answer.sentences[0].text


def test_the_date_of_the_named_document_itself_is_answered(index):
    """征求意见 names the notice, so the question has no topic of its own left: a date stated
    beside the words it asks about (征求意见 … 时间) answers it."""
    result = index.qa.ask("各类工作委员会和领导小组名单的征求意见时间是哪几天？")
    assert result.answerable and result.hits[0].passage.file == "notice.txt"
    assert "9月9日至9月11日" in result.answer.text


def test_a_date_beside_other_words_does_not_answer_it():
    from qa.search.coverage import _dated_subject_stated

    stated = Passage("征求意见时间：9月9日至9月11日。", "f", 1, "t", [], "", 1, 0, 10)
    other = Passage("从现在起到2020年，是全面建设的关键时期。", "f", 1, "t", [], "", 1, 0, 10)
    asked = analyze("名单的征求意见时间是哪几天？")
    assert _dated_subject_stated(asked, stated)
    assert not _dated_subject_stated(asked, other)
    assert not _dated_subject_stated(analyze("名单征求意见的截止日期是哪一天？"), stated)


def test_a_number_the_question_states_answers_nothing(index):
    """2022年 in the question is no count of 问题: the sentence saying it states no answer."""
    from qa.search.coverage import _unstated

    query = analyze("2022年民主生活会一共查摆出多少个问题？")
    said = Passage("通报了2022年民主生活会情况。", "f", 1, "t", [], "", 1, 0, 10)
    counted = Passage("2022年民主生活会共查摆问题12个。", "f", 1, "t", [], "", 1, 0, 10)
    weight = {"民主": 2.0, "生活": 2.0}
    assert _unstated(query, "number", weight, [said]) == ["民主", "生活"]
    assert _unstated(query, "number", weight, [counted]) == []


@pytest.mark.parametrize("sentence, states", [
    ("海南长臂猿恢复至7群42只。", True),  # animals counted
    ("新增光伏装机容量确保达到120MW。", True),  # power in SI letters
    ("全年新增装机3.5GW，发电量12亿千瓦时。", True),
    ("我们不只要抓好防控，还要抓好发展。", False),  # 只 as a word of its own
    ("光伏装机容量稳步提升。", False),
])
def test_units_people_measure_in(sentence, states):
    from qa.search.answer_types import NUMBER, holds

    assert holds(NUMBER, sentence) is states


def test_a_count_in_such_a_unit_answers(tmp_path):
    report = ("生态环境保护情况报告\n一、生态保护\n热带雨林国家公园旗舰物种长臂猿恢复至7群42只。\n"
              "二、能源转型\n交通领域新增光伏装机容量确保达到120MW。\n")
    qa = tiny_index(tmp_path, {"report.txt": report, "pilot.txt": PILOT}, HashEmbedder()).qa
    gibbons = qa.ask("长臂猿现在恢复到多少只了啊？")
    assert gibbons.answerable and "42只" in gibbons.answer.sentences[0].text
    solar = qa.ask("交通领域光伏新增装机容量要达到多少？")
    assert solar.answerable and "120MW" in solar.answer.sentences[0].text


def test_the_first_as_people_say_it():
    assert "第一条" in analyze("报告讲到的困难和问题，头一条是啥？").text
    assert "第一个方面" in analyze("打头的一个方面讲什么？").text
    assert "头一回" in analyze("这是头一回开这个会吗？").text  # no part named


def test_the_first_item_asked_so_is_answered(tmp_path):
    report = ("政府工作报告\n一、过去一年工作回顾\n全省经济运行稳中有进。\n"
              "我们也清醒地看到，全省经济社会发展还存在不少困难和问题。\n一是经济恢复的基础尚不牢固，有效需求不足。\n"
              "二是高质量发展面临结构性问题，企业创新能力不强。\n三是民生领域还有短板。\n"
              "二、今年工作安排\n着力扩大有效需求。\n")
    qa = tiny_index(tmp_path, {"report.txt": report, "pilot.txt": PILOT}, HashEmbedder()).qa
    result = qa.ask("政府工作报告讲到的困难和问题，头一条是啥？")
    assert result.answerable  # 头一条 was a topic no passage covers: refused
    assert any("一是经济恢复的基础尚不牢固" in h.passage.text for h in result.hits)


def test_a_byline_that_gives_the_day_first_names_its_speaker():
    from qa.ingest.docmeta import speaker_of

    byline = "——2025年1月14日某省省长 张明远在某省第七届人民代表大会第四次会议上的讲话"
    assert speaker_of("2025年某省政府工作报告", [byline]) == ("张明远", "某省省长")
    assert speaker_of("t", ["——县委书记张三同志在全县大会上的讲话"]) == ("张三", "县委书记")


def test_which_governor_gave_the_report(tmp_path):
    report = ("2025年某省政府工作报告\n——2025年1月14日某省省长 张明远在某省第七届人民代表大会第四次会议上的讲话\n"
              "各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n一、2024年工作回顾\n全省经济运行稳中有进。\n"
              "二、2025年工作安排\n着力扩大有效需求。\n")
    qa = tiny_index(tmp_path, {"report.txt": report, "pilot.txt": PILOT}, HashEmbedder()).qa
    result = qa.ask("2025年某省政府工作报告是哪位省长作的？")
    # the byline that names the governor, quoted where it stands: not the bare name
    assert result.answer.sentences[0].text.startswith("——2025年1月14日某省省长 张明远在")


def test_a_rare_long_word_is_what_a_number_question_measures():
    from qa.search.coverage import measured_noun

    assert measured_noun(analyze("全省常住人口是多少？")) == "常住人口"  # a dictionary word, seldom seen
    assert measured_noun(analyze("提高了多少？")) is None


def test_a_count_in_ten_thousands_is_a_count_of_people():
    from qa.search.answer_types import asked_unit, match_text

    unit = asked_unit("全省常住人口是多少万人？")
    assert unit is not None and unit.search(match_text("常住人口1048万人")) and not unit.search("城镇化率提升至65%")


def test_what_a_sentence_leaves_out_it_does_not_state():
    """力争达到180MW（本方案口径不含物流仓储领域）: no target for 物流仓储."""
    from qa.search.coverage import _unstated

    query = analyze("物流仓储领域的光伏装机目标是多少？")
    weight = {"物流": 3.0, "仓储": 3.0, "装机": 1.0}
    leaves_out = Passage("新增光伏装机容量力争达到180MW（本方案口径不含物流仓储领域）。", "f", 1, "t", [], "", 1, 0, 10)
    states = Passage("物流仓储领域新增光伏装机容量达到30MW。", "f", 1, "t", [], "", 1, 0, 10)
    assert _unstated(query, "number", weight, [leaves_out]) != []
    assert _unstated(query, "number", weight, [states]) == []
    deducted = Passage("物流仓储企业扣除装机成本后，新增装机达到30MW。", "f", 1, "t", [], "", 1, 0, 10)
    assert _unstated(query, "number", weight, [deducted]) == []  # 扣除 is no 除…外


def test_a_sentence_that_counts_the_thing_asked_answers_a_count(tmp_path):
    """一共能报几个专业: 共7个专业 answers, not the heading over it with 1000人 after it."""
    from qa.search.sentences import SentenceScorer

    scorer = SentenceScorer(analyze("单招一共能报几个专业？"))
    counts_it = "本次单独招生共7个专业，详见下表。"
    counts_other = "我校拟定2018年单独招生计划1000人，面向全省招生。"
    assert scorer.score(counts_it) > scorer.score(counts_other)
    assert SentenceScorer(analyze("单招怎么报名？")).counted is None
    killed = SentenceScorer(analyze("“5·13”瓦斯爆炸造成多少名矿工遇难？"))  # the thing counted, mid-question
    assert killed.score("事故造成86名矿工遇难。") > killed.score("瓦斯爆炸事故的两名直接责任人已经遇难。")
    charter = ("2018年单独招生章程\n七、招生专业及招生计划\n我校拟定2018年单独招生计划1000人，面向全省招生。"
               "本次单独招生共7个专业，详见下表。\n八、报名办法\n考生登录网站报名。\n")
    qa = tiny_index(tmp_path, {"charter.txt": charter, "pilot.txt": PILOT}, HashEmbedder()).qa
    result = qa.ask("单招一共能报几个专业？")
    assert "共7个专业" in result.answer.sentences[0].text


@pytest.mark.parametrize("question, kind", [
    ("地方上能不能把土地流转了多少面积当成干部政绩来考核？", None),  # whether it is allowed is asked
    ("可不可以把获奖次数多少作为评优条件？", None),
    ("能不能告诉我要交多少钱？", "number"),  # a polite request for the number
    ("我能拿多少奖励？", "number"),
])
def test_whether_a_number_may_be_used_asks_no_number(question, kind):
    from qa.search.answer_types import asked_type

    assert asked_type(question) == kind


def test_whether_it_is_allowed_is_answered_from_the_rule(tmp_path):
    """A number inside a may-I question is what the rule is about, not what it must state: the
    sentence that forbids it answers, though it gives no figure."""
    opinion = ("关于稳定土地承包关系的实施意见\n一、稳定承包关系\n全面开展第二轮土地承包到期后再延长30年试点。\n"
               "二、规范流转\n引导土地经营权有序流转，不得将土地流转面积作为考核干部政绩的指标。\n")
    qa = tiny_index(tmp_path, {"opinion.txt": opinion}, HashEmbedder()).qa
    answered = qa.ask("地方上能不能把土地流转了多少面积当成干部政绩来考核？")
    assert answered.answerable and "不得将土地流转面积" in answered.answer.text


def test_whom_a_document_is_sent_to_is_asked_of_its_head(tmp_path):
    """发给哪些单位 asks for the addressees that open the document: 发给 is no topic the head must hold."""
    from qa.search.coverage import key_terms

    assert "发给" not in key_terms(analyze("这份实施意见是发给哪些单位的？"))
    opinion = ("农业农村部关于推进乡村振兴的实施意见\n农发〔2026〕1号\n"
               "各省、自治区、直辖市农业农村厅（局、委），部机关各司局：\n"
               "为贯彻落实中央部署，现提出如下意见。\n一、稳定粮食生产\n各地要稳定粮食播种面积。\n")
    other = "学校关于期末考试的通知\n一、考试安排\n考试材料发给各班主任。\n"  # 发给 stands in another document
    qa = tiny_index(tmp_path, {"opinion.txt": opinion, "other.txt": other}, HashEmbedder()).qa
    answered = qa.ask("农业农村部这份实施意见是发给哪些单位的？")
    assert "发给" not in answered.missing and "没有提到“发给”" not in answered.answer.text


def test_a_ratio_to_one_states_a_proportion(tmp_path):
    """比例到多少 is answered by 10:1 (or 10∶1, 10比1) as by a percentage; 10:30 is a time, no ratio."""
    from qa.search.answer_types import asked_unit, holds, match_text

    question = "报名家庭数和房源数的比例到多少就要按社保排序？"
    for stated in ("登记家庭总数与房源数的比例大于或等于10:1的", "按10∶1入围", "按10比1入围"):
        assert holds("number", stated, question) and asked_unit(question).search(match_text(stated))
    assert not holds("number", "上午10:30开会", question)
    notice = ("关于加强房地产市场调控的通知\n一、摇号规则\n登记家庭总数与房源数的比例大于或等于10:1的，须按社保缴纳月数排序。\n"
              "二、销售管理\n开发企业应当公开全部房源。\n")
    asked = tiny_index(tmp_path, {"notice.txt": notice}, HashEmbedder()).qa.ask(question)
    assert not asked.unstated and "10:1" in asked.answer.text


def test_a_number_of_a_thing_named_by_two_nouns_is_of_both(index):
    # 招标业绩门槛: a 门槛 of 招标业绩; the 注册资本门槛 stated is another, and 业绩 is said apart from it
    refused = index.qa.ask("代理机构的招标业绩门槛是多少？")
    assert not refused.answerable and "业绩门槛" in refused.answer.text
    stated = index.qa.ask("甲级代理机构的注册资本门槛是多少？")
    assert stated.answerable and "500万元" in stated.answer.text
