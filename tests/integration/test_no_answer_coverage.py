"""No-answer that generalises (qa/search/coverage.py), on real documents: a question whose
specific term the passages found do not hold, or whose year the material does not speak
of, is refused with the term named; a question the passages cover is answered."""
from __future__ import annotations

import pytest

from qa.search.coverage import dated_event, key_terms, measured_noun, missing_terms, unstated_terms
from qa.search.query import analyze
from tests.real_search_docs import small_real_index  # noqa: F401 (a fixture)


def test_key_terms_are_the_specific_nouns():
    terms = key_terms(analyze("能源局通知对光伏电站防火有什么要求？"))
    assert "光伏" in terms and "要求" not in terms and "什么" not in terms
    assert "时候" not in key_terms(analyze("镜湖高教园什么时候能用上？"))  # a way of speaking, not a topic


def test_a_term_used_elsewhere_but_not_in_the_passages_is_missing(small_real_index):
    searcher = small_real_index.qa.pipeline
    query = analyze("电力行业火灾防控通知对学前教育有什么要求？")
    notice = [p for p in searcher.build.passages if p.file.endswith(".html")][:3]
    assert "学前教育" in missing_terms(query, notice, searcher.build.lexical, searcher.docrefs)
    bulletin = [p for p in searcher.build.passages if "学前教育" in p.text][:3]
    assert "学前教育" not in missing_terms(query, bulletin, searcher.build.lexical, searcher.docrefs)


def test_the_reply_names_what_the_material_does_not_cover(small_real_index):
    result = small_real_index.qa.ask("电力行业火灾防控通知对学前教育有什么要求？")
    assert not result.answerable
    assert "材料中没有提到“学前教育”" in result.answer.text


def test_a_year_the_material_does_not_speak_of(small_real_index):
    result = small_real_index.qa.ask("2025年电力行业火灾防控通知的重点任务是什么？")
    assert not result.answerable and "2025年" in result.answer.text


def test_covered_questions_stay_answerable(small_real_index):
    for question, gold in [("部署发动阶段要在哪天前完成？", "2021年12月10日前"),
                           ("近五年教育投入年均增长多少？", "11.5%"),
                           ("巡视整改工作由谁牵头抓？", "党委书记")]:
        result = small_real_index.qa.ask(question)
        assert result.answerable, question
        assert any(gold in h.passage.text for h in result.hits[:5]), question


def test_a_number_asked_must_be_stated_about_the_topic(small_real_index):
    """The report speaks of 巡视 and states many numbers, none about 追责 or 问责: refused,
    saying which number it lacks; a number stated about the topic is answered."""
    result = small_real_index.qa.ask("巡视整改中追责问责了几名干部？")
    assert not result.answerable and result.unstated
    assert "的具体数字" in result.answer.text and "没有找到" in result.answer.text
    result = small_real_index.qa.ask("党委书记先后主持开了几次党委会？")
    assert result.answerable and not result.unstated
    assert "6次党委会" in result.answer.text


def test_unstated_terms_read_the_sentence_that_states_the_number(small_real_index):
    searcher = small_real_index.qa.pipeline
    stated = [p for p in searcher.build.passages if "6次党委会" in p.text]
    elsewhere = [p for p in searcher.build.passages if "党委会" not in p.text and "5个方面" in p.text]
    assert stated and elsewhere
    query = analyze("党委书记主持召开了几次党委会？")
    assert unstated_terms(query, stated, searcher.build.lexical, searcher.docrefs) == []
    assert "党委会" in unstated_terms(query, elsewhere, searcher.build.lexical, searcher.docrefs)
    # a question that asks for no number or date is not this check's business
    assert unstated_terms(analyze("党委会讲了什么？"), elsewhere, searcher.build.lexical, searcher.docrefs) == []


def test_words_the_asker_quotes_count_whole_for_the_stated_number(small_real_index):
    """The quoted phrase stands in the sentence with the date: supported, though the
    question's only other noun (对象) does not."""
    searcher = small_real_index.qa.pipeline
    passages = [p for p in searcher.build.passages if "2021年12月10日前" in p.text][:1]
    assert passages
    quoted = analyze("“部署发动”这个对象是要求什么时候前完成？")
    plain = analyze("这个对象是要求什么时候前完成？")
    assert unstated_terms(quoted, passages, searcher.build.lexical, searcher.docrefs) == []
    assert unstated_terms(plain, passages, searcher.build.lexical, searcher.docrefs) == ["对象"]


@pytest.mark.parametrize("question, noun", [
    ("镜湖新校区总投资是多少亿元？", "投资"), ("新建体育馆的投资预算是多少？", "预算"),
    ("学校有多少人？", None),  # 学校 holds them
    # the noun before the verb before 多少, with the noun it is of (a 标准 of 最低工资, not any 标准)
    ("今年最低工资标准提高多少？", "最低工资标准"), ("代理机构的招标业绩门槛是多少？", "业绩门槛"),
    ("全省常住人口是多少？", "常住人口"),  # 全省 is where it is counted, no kind of it
    ("比去年提高了多少？", None),  # a verb with no noun before it
    ("村文书收了几条烟？", None),  # the counted thing follows, one character: no word to check
    ("他生前荣立过几次个人二等功？", "二等功"),  # … and a word: the count must be of it
    ("《意见》有几个特点？", "特点"), ("要读完几本党史教材？", "教材"),  # 几本: a unit the list lacks
    ("城镇新增就业的目标是多少人？", None),  # 目标 shapes the question
    ("赤字率定的是多少？", None),  # 率定 is a cut in the wrong place
])
def test_the_noun_a_number_measures(question, noun):
    assert measured_noun(analyze(question)) == noun


def test_a_number_of_another_thing_does_not_answer(small_real_index):
    """The notice states dates and figures, none of them an investment: 投资是多少 is refused."""
    searcher = small_real_index.qa.pipeline
    stated = [p for p in searcher.build.passages if "2021年12月10日前" in p.text][:1]
    query = analyze("部署发动阶段的投资是多少？")
    assert "投资" in unstated_terms(query, stated, searcher.build.lexical, searcher.docrefs)


def test_parts_cover_a_term_only_through_its_head(small_real_index):
    from qa.search.coverage import _covers

    query = analyze("问题")
    assert _covers("量体温", "进行体温检测", query)  # 体温 is its head
    assert not _covers("体育馆", "开展体育活动", query)


def test_a_class_year_the_material_never_names_is_missing(small_real_index):
    searcher = small_real_index.qa.pipeline
    passages = searcher.build.passages[:5]
    assert "2017届" in missing_terms(analyze("2017届毕业生有多少人？"), passages, searcher.build.lexical)


@pytest.mark.parametrize("question, stated", [
    ("教代会报告里高考第二批上线有多少人？", "第二批"), ("纪念诞辰130周年的座谈会是哪天开的？", "130周年"),
    ("国务院第四次大督查表扬了多少项典型经验？", "第四次"),  # beside 第五次大督查
])
def test_a_quantity_the_question_names_must_be_named_so(small_real_index, question, stated):
    searcher = small_real_index.qa.pipeline
    passages = searcher.build.passages[:5]
    assert stated in missing_terms(analyze(question), passages, searcher.build.lexical)


def test_an_ordinal_written_in_digits_counts(small_real_index):
    from qa.models import Passage

    searcher = small_real_index.qa.pipeline
    passage = Passage("第2批名单已经公布，共30人。", "f", 1, "t", [], "", 1, 0, 10)
    assert missing_terms(analyze("第二批名单有多少人？"), [passage], searcher.build.lexical) == []


def test_a_date_asked_must_be_the_date_of_the_event_asked(small_real_index):
    """哪一年批准的: a sentence with a year but no 批准 does not answer it."""
    searcher = small_real_index.qa.pipeline
    stated = [p for p in searcher.build.passages if "2021年12月10日前" in p.text][:1]
    assert dated_event(analyze("部署发动是哪一年批准的？")) == "批准"
    assert "批准" in unstated_terms(analyze("部署发动是哪一年批准的？"), stated, searcher.build.lexical,
                                   searcher.docrefs)
    assert dated_event(analyze("这份通知是什么时候印发的？")) is None  # the document's own date: its head answers


def test_the_time_word_asked_about_does_not_state_its_own_time(small_real_index):
    """寒假从哪天开始: a sentence that only says 寒假 states no date for it."""
    from qa.models import Passage

    searcher = small_real_index.qa.pipeline
    passage = Passage("寒假期间要加强校园安全巡查。", "f", 1, "t", [], "", 1, 0, 10)
    assert "寒假" in unstated_terms(analyze("寒假从哪天开始放？"), [passage], searcher.build.lexical)
    dated = Passage("寒假从1月20日开始放。", "f", 1, "t", [], "", 1, 0, 10)
    assert unstated_terms(analyze("寒假从哪天开始放？"), [dated], searcher.build.lexical) == []


def test_a_number_of_the_kind_asked_answers_and_a_year_does_not(tmp_path):
    """多少钱 is answered by a sum of money, 多大比例 by a share: a sentence on the topic that
    only states a year (2019年度) does not answer them; one that states the price does."""
    from qa.search.answer_types import asked_unit
    from qa.testing import HashEmbedder, tiny_index

    assert asked_unit("一餐的收费标准是多少钱？").search("每餐收费86.14万余元")
    assert not asked_unit("一餐的收费标准是多少钱？").search("2019年度收支平衡")
    assert asked_unit("优秀等次占多大比例？").search("不超过15%")
    lasting = asked_unit("星级多长时间评一次？")  # a length of time, or the period it recurs in
    assert lasting.search("每三年评定一次") and lasting.search("每学期评定一次") and lasting.search("需要2小时左右")
    assert not lasting.search("2019年度评定工作") and not lasting.search("七八十个老师")
    heads = asked_unit("学校有多少人？")  # a head count, not a year
    assert heads.search("全校师生3000余人") and not heads.search("2019年度收支平衡")
    report = ("后勤工作总结\n\n一、食堂管理\n严格学生食堂收费管理，2019年度食堂收支平衡，学生满意度达到95分。\n\n"
              "二、考核工作\n做好教职工年度考核，2019年度考核工作按时完成。\n")
    index = tiny_index(tmp_path, {"report.txt": report}, HashEmbedder())
    price = index.qa.ask("学生食堂一餐的收费标准是多少钱？")
    assert not price.answerable and price.unstated and "具体数字" in price.answer.text
    share = index.qa.ask("教职工年度考核优秀等次的比例是多少？")
    assert not share.answerable
    priced = tiny_index(tmp_path / "priced", {"report.txt": report.replace("学生满意度达到95分", "每餐收费标准为6元")},
                        HashEmbedder()).qa.ask("学生食堂一餐的收费标准是多少钱？")
    assert priced.answerable and "6元" in priced.answer.sentences[0].text


def test_two_words_no_document_uses_make_another_topic(tmp_path):
    """One word the documents never use is often the asker's own (校车 for 接送车辆): it is left to
    the other signals. Two (校车 and 驾驶员) say the question is about something else."""
    from qa.testing import HashEmbedder, tiny_index

    plan = ("关于做好校园安全工作的实施方案\n\n一、主要措施\n每月开展一次消防演练，每学期组织一次安全培训。\n\n"
            "二、工作要求\n各校要落实安全责任，加强门卫管理。\n")
    index = tiny_index(tmp_path, {"plan.txt": plan}, HashEmbedder())
    searcher = index.qa.pipeline
    passages, lexical = searcher.build.passages, searcher.build.lexical
    two = missing_terms(analyze("方案对校车驾驶员培训有什么要求？"), passages, lexical)
    assert {"校车", "驾驶员"} <= set(two)
    assert "校车" not in missing_terms(analyze("方案对校车安全培训有什么要求？"), passages, lexical)
    result = index.qa.ask("方案对校车驾驶员培训有什么要求？")
    assert not result.answerable and "校车" in result.answer.text


@pytest.mark.parametrize("word, parts", [("北大清华", ["北大", "清华"]), ("个人所得税", ["个人", "所得税"]),
                                         ("量体温", ["体温"])])
def test_a_compound_is_cut_into_words_side_by_side(word, parts):
    """北大清华 is 北大 + 清华: the straddling 大清 would make 北大、清华 fail to cover it."""
    from qa.search.coverage import _parts

    assert _parts(word) == parts


def test_how_long_is_asked_not_a_topic():
    assert "多长时间" not in key_terms(analyze("星级多长时间评一次？"), max_freq=None)


def test_a_compounds_parts_must_stand_together_in_the_sentence_that_states_the_number():
    """最低 in one sentence and 工资 in the next do not state a 最低工资; 农业农村 over a sentence on
    土地承包 does cover 农村土地 (the head in the sentence, the rest in its heading)."""
    from qa.search.coverage import _covers

    query = analyze("问题")
    apart = "养老金月最低标准提高20元。 退休人员工资按时发放。"
    assert _covers("最低工资", apart, query) and not _covers("最低工资", apart, query, heading="")
    assert _covers("最低工资", "最低工资标准提高到2000元", query, heading="")
    assert _covers("农村土地", "第二轮土地承包到期后再延长三十年", query, heading="加快农业农村现代化")
    assert not _covers("农村土地", "第二轮土地承包到期后再延长三十年", query, heading="保障和改善民生")


def test_a_count_must_be_of_the_thing_counted(tmp_path):
    """几次个人二等功, beside 三等功2次: a count of another thing does not answer it. The count of the
    thing asked does, with the passage around it naming the rest (负责人 … 4个特点)."""
    from qa.testing import HashEmbedder, tiny_index

    bulletin = ("关于表彰优秀民警的通报\n\n一、先进事迹\n王明同志从警十二年，参与侦办大案要案100多起，"
                "荣立个人三等功2次，荣获个人嘉奖7次。\n\n二、答记者问\n中央办公厅负责人就《意见》接受了记者专访。"
                "负责人说，《意见》主要有4个特点：一是突出政治性。二是突出系统性。\n")
    index = tiny_index(tmp_path, {"bulletin.txt": bulletin}, HashEmbedder())
    other = index.qa.ask("王明荣立过几次个人二等功？")
    assert not other.answerable and "二等功" in other.unstated
    asked = index.qa.ask("王明荣立过几次个人三等功？")
    assert asked.answerable and "三等功2次" in asked.answer.sentences[0].text
    scene = index.qa.ask("中办负责人答记者问时说《意见》有几个特点？")
    assert scene.answerable and "4个特点" in scene.answer.text


def test_a_name_in_latin_capitals_no_document_uses_is_missing(tmp_path):
    """GDP is a specific name though jieba's dictionary does not know it: a speech that never
    says it (nor 生产总值, its synonym) does not answer a question about it; one that says
    地区生产总值 does."""
    from qa.testing import HashEmbedder, tiny_index

    speech = ("在市政府全体会议上的讲话\n一、今年的目标\n全市经济要保持稳定增长，确保完成各项考核目标。\n"
              "二、工作要求\n各部门要狠抓落实，确保目标实现。\n")
    index = tiny_index(tmp_path, {"speech.txt": speech}, HashEmbedder())
    result = index.qa.ask("市长定的今年全市GDP增长目标是多少？")
    assert not result.answerable and "GDP" in result.missing and "GDP" in result.answer.text
    stated = tiny_index(tmp_path / "stated", {"speech.txt": speech.replace(
        "全市经济要保持稳定增长", "全市地区生产总值增长目标为7%")}, HashEmbedder())
    assert stated.qa.ask("市长定的今年全市GDP增长目标是多少？").answerable


def test_a_who_question_needs_the_post_it_asks_about(tmp_path):
    """谁担任领导小组组长: a speech that names the group but no 组长 does not answer it; a plan
    that lists 组长：… does."""
    from qa.testing import HashEmbedder, tiny_index

    speech = ("在学习教育动员大会上的讲话\n一、加强组织领导\n成立学习教育领导小组，统筹推进各项工作。\n"
              "二、务求实效\n各级党组织要精心组织，确保学习教育取得实效。\n")
    index = tiny_index(tmp_path, {"speech.txt": speech}, HashEmbedder())
    result = index.qa.ask("动员大会上，谁担任学习教育领导小组组长？")
    assert not result.answerable and "组长" in result.missing
    assert "总指挥" in index.qa.ask("动员大会上，谁担任学习教育总指挥？").missing
    listed = tiny_index(tmp_path / "listed", {"speech.txt": speech.replace(
        "成立学习教育领导小组，统筹推进各项工作。", "成立学习教育领导小组，组长：王明，统筹推进各项工作。")}, HashEmbedder())
    answered = listed.qa.ask("动员大会上，谁担任学习教育领导小组组长？")
    assert answered.answerable and "王明" in answered.answer.text


def test_a_count_named_by_its_noun_asks_a_number(tmp_path):
    """述职次数有什么规定 asks how many times, though it says no 多少: an opinion that only says
    述职 does not answer it; one that says 每年述职一次 does."""
    from qa.testing import HashEmbedder, tiny_index

    opinion = ("关于加强党的政治建设的意见\n一、落实领导责任\n把党的政治建设情况纳入党委书记抓党建述职评议考核。\n"
               "二、强化监督\n各级党委要加强监督检查，确保各项要求落到实处。\n")
    index = tiny_index(tmp_path, {"opinion.txt": opinion}, HashEmbedder())
    assert not index.qa.ask("意见里对党委书记每年述职次数有什么规定？").answerable
    stated = tiny_index(tmp_path / "stated", {"opinion.txt": opinion.replace(
        "把党的政治建设情况纳入党委书记抓党建述职评议考核。", "党委书记每年述职一次，纳入抓党建述职评议考核。")}, HashEmbedder())
    answered = stated.qa.ask("意见里对党委书记每年述职次数有什么规定？")
    assert answered.answerable and "每年述职一次" in answered.answer.sentences[0].text


def test_a_level_the_material_speaks_of_only_at_other_levels_is_missing(tmp_path):
    """二级公立医院 of a notice on 三级公立医院: the level is what the question asks about."""
    from qa.testing import HashEmbedder, tiny_index

    notice = ("国务院办公厅关于加强三级公立医院绩效考核工作的意见\n一、指标体系\n"
              "三级公立医院绩效考核指标由医疗质量、运营效率、持续发展、满意度评价等指标构成。\n"
              "二、考核程序\n各三级公立医院每年开展自查自评。附表列一级指标和二级指标。\n")
    qa = tiny_index(tmp_path, {"notice.txt": notice}, HashEmbedder()).qa
    other = qa.ask("二级公立医院的绩效考核指标一共有多少个？")
    assert not other.answerable and "二级公立医院" in other.missing
    assert "三级公立医院" not in qa.ask("三级公立医院的绩效考核指标有哪些？").missing


def test_a_grade_written_with_jia_yi_bing_is_a_level_too(tmp_path):
    """丙级机构 of a speech on 甲级 and 乙级 agencies is missing; 三级医院 said short of 三级公立医院
    is no other level, even where a longer head (医院考核) stands in the text too."""
    from qa.testing import HashEmbedder, tiny_index

    speech = ("在招标代理机构管理会上的讲话\n一、提高门槛\n甲级机构的招标业绩是每年10个亿，"
              "甲级机构的从业人员不能少于50人。乙级机构的招标业绩是每年3个亿。\n"
              "二、医院考核\n三级公立医院考核指标共55个，二级医院另行规定。\n")
    qa = tiny_index(tmp_path, {"speech.txt": speech}, HashEmbedder()).qa
    other = qa.ask("丙级机构每年的招标业绩门槛是多少？")
    assert not other.answerable and "丙级机构" in other.missing
    assert "乙级机构" not in qa.ask("乙级机构每年的招标业绩门槛是多少？").missing
    assert "三级医院" not in qa.ask("三级医院考核指标一共有多少个？").missing


def test_a_level_is_named_by_its_body_standing_alone(tmp_path):
    """部级验收 asked of a notice that writes 部完成验收工作: the level (部级) is the ministry (部) doing
    it. The 部 of 全部 or 部分 names no level: there the date states nothing about 部级."""
    from qa.search.coverage import _level_named
    from qa.testing import HashEmbedder, tiny_index

    assert _level_named("部级", "2012年8月15日至9月15日，部完成验收工作。")
    assert not _level_named("部级", "8月15日前全部完成验收工作。") and not _level_named("部级", "部分地区完成验收。")
    notice = ("国土资源部关于开展卫片执法检查工作的通知\n二、时间安排\n2012年8月15日前，各省完成省级验收。\n"
              "2012年8月15日至9月15日，部完成验收工作。\n三、工作要求\n数据通过部级验收正式上报后，不得修改。\n")
    qa = tiny_index(tmp_path, {"notice.txt": notice}, HashEmbedder()).qa
    asked = qa.ask("卫片执法检查的部级验收什么时候完成？")
    assert asked.answerable and "部完成验收工作" in asked.answer.text
    whole = tiny_index(tmp_path / "whole", {"notice.txt": notice.replace("部完成验收工作", "全部完成验收工作")},
                       HashEmbedder()).qa.ask("卫片执法检查的部级验收什么时候完成？")
    assert not whole.answerable and "部级" in whole.unstated


def test_a_meetings_venue_is_no_question_about_which_meeting_it_was():
    from qa.search.doc_scope import ASKS_FACT

    meeting = dict(ASKS_FACT)["meeting"]
    assert meeting.search("这篇讲话是在哪次会议上讲的？") and meeting.search("在哪个会上讲的")
    assert not meeting.search("总结大会是在哪个会场开的？")


def test_a_date_stated_about_the_topic_answers_whatever_the_dense_contrast(tmp_path, monkeypatch):
    """征求意见时间是哪几天: the best passage states a date about 征求意见; that answers even where the
    dense contrast would refuse (here made to refuse every question). A date of another topic does not."""
    from qa.search import pipeline
    from qa.search.coverage import typed_check
    from qa.testing import HashEmbedder, tiny_index

    notice = ("关于做好秋季开学工作的通知\n一、开学准备\n各年级做好教室清洁。\n二、安全检查\n总务处检查校舍。\n"
              "三、委员会名单\n各类工作委员会名单的征求意见时间：9月9日至9月11日，请各处室提出意见。\n")
    qa = tiny_index(tmp_path, {"notice.txt": notice}, HashEmbedder()).qa
    lexical = qa.pipeline.build.lexical
    question = "各类工作委员会名单的征求意见时间是哪几天？"
    stating = [p for p in qa.pipeline.build.passages if "9月9日" in p.text]
    assert typed_check(analyze(question), stating, lexical) == ([], True)
    assert typed_check(analyze("委员会讲了什么？"), stating, lexical) == ([], False)
    monkeypatch.setattr(pipeline, "is_answerable", lambda *a, **k: False)
    asked = qa.ask(question)
    assert asked.answerable and any("9月9日至9月11日" in h.passage.text for h in asked.hits)
    assert not qa.ask("学校运动会的报名时间是哪几天？").answerable


def test_everyday_words_for_the_notices_terms_count_as_its_terms(tmp_path):
    """个税 is 个人所得税, 户口 户籍, 买房 购房 (data/synonyms.txt): a question in those words is
    answered by the sentence that states the months, not refused for words the notice never uses."""
    from qa.testing import HashEmbedder, tiny_index

    notice = ("关于进一步加强房地产市场调控的通知\n一、加强住房限购\n非本市户籍家庭在购房之日前4年起已在本市限购范围内"
              "连续缴纳城镇社保或个人所得税满36个月，方可购买1套住房。\n二、加强销售管理\n开发企业应当公开全部房源。\n")
    qa = tiny_index(tmp_path, {"notice.txt": notice, "other.txt": "读书活动通知\n一、活动要求\n每人读一本书。\n"},
                    HashEmbedder()).qa
    asked = qa.ask("外地户口想买房，社保或个税要交满多久？")
    assert not asked.unstated and "满36个月" in asked.answer.text
    # 医保 is 医疗保险 (and 感染者 感染人员), though other documents say 医保 itself
    insured = tiny_index(tmp_path / "insured", {"notice.txt": notice.replace(
        "开发企业应当公开全部房源。", "社保险种包括养老保险、医疗保险，缴纳其中任一险种即认可当月有社保缴纳记录。"),
        "other.txt": "医疗救治通知\n一、费用保障\n感染人员的治疗费用纳入医保基金支付。\n"}, HashEmbedder()).qa
    assert "医保" not in insured.ask("房地产市场调控的通知里，我只交了医保没交养老，那个月社保算不算？").missing
    assert "感染者" not in insured.ask("医保怎么支付感染者的治疗费用？").missing


def test_a_year_asked_must_be_one_the_answering_document_speaks_of(tmp_path):
    """2024年…高考报名人数 where a school's report speaks of its 高考 and only another document, a
    government's report, of 2024: the year must be the answering document's, not any passage's; the
    government's report answers its own 2024 question."""
    from qa.testing import HashEmbedder, tiny_index

    school = ("学校工作报告\n一、高考成绩再创辉煌\n今年高考成绩刷新历史记录，有4名学生被清华大学录取。\n"
              "二、办学条件\n新建了实验楼和体育馆。\n")
    report = ("政府工作报告\n一、2024年主要任务\n2024年要稳就业促增收，城镇新增就业1200万人以上。\n")
    index = tiny_index(tmp_path, {"school.txt": school, "report.txt": report}, HashEmbedder())
    passages = index.qa.pipeline.build.passages
    ordered = sorted(passages, key=lambda p: p.file != "school.txt")  # the school's report answers
    assert "2024年" in missing_terms(analyze("2024年高考有几名学生被清华大学录取？"), ordered)
    dated = [p for p in passages if "2024" in p.text] + [p for p in passages if p.file == "school.txt"]
    assert "2024年" not in missing_terms(analyze("2024年城镇新增就业多少人？"), dated)


def test_whether_the_material_answers_does_not_depend_on_how_many_results_are_shown(tmp_path):
    """消防演练 is only in the second document found: asked for one result, the question is judged on
    as many as for five (it is answered either way, with the results shown cut to what was asked)."""
    from qa.search.request import Request
    from qa.testing import HashEmbedder, tiny_index

    docs = {"a.txt": "学校安全工作要点\n一、安全检查\n每周开展一次安全检查，安全检查由保卫处负责，安全检查结果每月通报。\n"
                     "二、门卫管理\n严格登记外来人员。\n",
            "b.txt": "消防工作安排\n一、演练\n每学期组织一次消防演练。\n二、器材\n定期更换灭火器。\n"}
    searcher = tiny_index(tmp_path, docs, HashEmbedder()).qa.pipeline
    question = "学校的安全检查和消防演练怎么安排？"
    results = {k: searcher.run(Request.checked(question, k)) for k in (1, 2, 5)}
    assert {k: (r.answerable, r.missing) for k, r in results.items()} == {k: (True, []) for k in (1, 2, 5)}
    assert [len(r.hits) for r in results.values()] == [1, 2, 4]


def test_two_words_no_document_uses_include_a_compound_of_dictionary_words(tmp_path):
    """结构化 and 小组讨论 (a compound of 小组 and 讨论, a word the dictionary counts rarely itself):
    two things no document speaks of make the question another topic; a string of characters jieba
    only guessed at (由谁来) is no such word."""
    from qa.search.coverage import _known_word
    from qa.testing import HashEmbedder, tiny_index

    assert _known_word("小组讨论") and _known_word("结构化") and not _known_word("由谁来")
    guide = ("选调工作政策问答\n一、面试如何组织进行\n面试由市委组织部统一组织，面试成绩满分100分。\n"
             "二、体检如何进行\n体检参照公务员录用体检通用标准执行。\n")
    qa = tiny_index(tmp_path, {"guide.txt": guide, "other.txt": "读书活动通知\n一、活动要求\n每人读一本书。\n"},
                    HashEmbedder()).qa
    asked = qa.ask("选调的面试采用结构化面试还是小组讨论？")
    assert not asked.answerable and "小组讨论" in asked.missing
    assert qa.ask("选调的面试由谁组织？").answerable


def test_a_share_asked_is_a_share_of_the_thing_it_names(tmp_path):
    """兑付比例是多少: a percentage of something else (服务费占比10.9%) does not answer it; one said of
    兑付 does."""
    from qa.testing import HashEmbedder, tiny_index

    petition = ("关于退还出借人资金的请愿书\n一、基本情况\n监管部门要求平台制定兑付方案并实施，明确退出时间。\n"
                "二、利益输送\n平台收取的金融服务费占比借款金额高达10.9%，远超行业水平。\n")
    index = tiny_index(tmp_path, {"petition.txt": petition}, HashEmbedder())
    other = index.qa.ask("首期兑付比例是多少？")
    assert not other.answerable and other.unstated  # (refused as unstated, whatever the dense check says)
    stated = tiny_index(tmp_path / "stated", {"petition.txt": petition.replace(
        "明确退出时间", "首期兑付比例为30%")}, HashEmbedder())
    result = stated.qa.ask("首期兑付比例是多少？")
    assert result.answerable and "30%" in result.answer.text


def _refused_until_stated(tmp_path, docs: dict[str, str], name: str, old: str, new: str, question: str, said: str):
    """``question`` is refused over ``docs``, and answered with ``said`` once ``name`` has ``old``
    written as ``new``."""
    from qa.testing import HashEmbedder, tiny_index

    assert not tiny_index(tmp_path, docs, HashEmbedder()).qa.ask(question).answerable
    stated = tiny_index(tmp_path / "stated", {**docs, name: docs[name].replace(old, new)}, HashEmbedder())
    result = stated.qa.ask(question)
    assert result.answerable and said in result.answer.text


def test_a_number_asked_must_stand_in_the_file_the_question_finds(tmp_path):
    """标准修订项目申请了多少经费, of a drafting note that states no sum: a handbook's sum for its own
    项目 (每项600-1000元经费支持) answers nothing; the note's own sum does."""
    note = ("核电厂定期安全审查指南修订编制说明\n一、工作过程\n标准修订项目组在2023年2月完成了讨论稿编写。"
            "2023年3月，3家标准修订单位的参与人员对讨论稿进行了集中讨论，形成了征求意见稿。\n")
    handbook = ("学生手册\n一、科研训练\n大学生创新训练项目分为校级重点和院级重点，每项600-1000元经费支持。\n"
                "二、志愿服务\n学校每年组织志愿服务活动300余项。\n")
    _refused_until_stated(tmp_path, {"note.txt": note, "handbook.txt": handbook}, "note.txt", "形成了征求意见稿。",
                          "形成了征求意见稿。标准修订项目共申请经费20万元。", "标准修订项目一共申请了多少经费？", "20万元")


def test_what_grows_is_the_noun_before_the_verb(tmp_path):
    """国防预算增长多少 (jieba tags 预算 a verb): the number must be of 国防预算, not any 预算 nor any
    number beside 国防."""
    from qa.search.coverage import measured_noun
    from qa.search.query import analyze

    assert measured_noun(analyze("今年国防预算增长多少？")) == "国防预算"
    assert measured_noun(analyze("起征点提高到多少？")) == "起征点"  # (提高到: one verb)
    assert measured_noun(analyze("申请跨校竞聘的人数一般不能超过多少？")) is None  # (不能: no noun)
    report = ("政府工作报告\n一、财政政策\n赤字率拟按3%安排，比上年年初预算增加1800亿元。\n"
              "二、国防建设\n要打好实现建军一百年奋斗目标攻坚战，加强国防教育。\n")
    _refused_until_stated(tmp_path, {"report.txt": report}, "report.txt", "加强国防教育。",
                          "加强国防教育。今年国防预算增长7.2%。", "政府工作报告里今年国防预算增长多少？", "7.2%")


def test_which_cities_asks_for_cities_named(tmp_path):
    """房地产税试点扩大到哪些城市: a passage on 房地产 that names no city does not answer; one naming
    cities does."""
    report = ("政府工作报告\n一、房地产\n适应房地产市场供求关系变化，加快构建房地产发展新模式，稳妥推进房地产税试点。\n"
              "二、就业\n城镇新增就业1200万人以上。\n")
    _refused_until_stated(tmp_path, {"report.txt": report}, "report.txt", "稳妥推进房地产税试点。",
                          "房地产税试点扩大到上海、重庆和深圳。", "今年房地产税试点扩大到哪些城市？", "深圳")
