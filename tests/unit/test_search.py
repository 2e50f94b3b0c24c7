"""Retrieval mechanisms: synonyms, structural lookup, part filter, duplicate
merging, rejection, answer types, follow-ups.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_search_e2e.py."""

import pytest

from qa.indexing.build import build_index
from qa.search.pipeline import Pipeline
from qa.search.query import analyze
from qa.search.relevance import missing_answer_type
from qa.search.request import Request
from qa.indexing.build_folder import load_build
from qa.settings import DEFAULT_OFF_TOPIC

DOC = """乡镇防疫工作讲话
同志们：
一、加强集中隔离点管理。隔离点要做到应收尽收，专人值守，每日消杀。
二、做好疫苗接种工作。要组织群众有序接种疫苗，筑牢免疫屏障。
三、保障生活物资供应。严厉打击哄抬物价、囤积居奇行为，保障市场供应。
"""


@pytest.fixture
def small_searcher(tmp_path, fake_embedder):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "town.txt").write_text(DOC, encoding="utf-8")
    build_index(docs, tmp_path / "idx", fake_embedder)
    synonyms = tmp_path / "synonyms.txt"
    synonyms.write_text("# test list\n", encoding="utf-8")
    return Pipeline(load_build(tmp_path / "idx"), fake_embedder, synonyms, DEFAULT_OFF_TOPIC, lexical_weight=1.0), synonyms


def test_synonym_file_is_read_at_query_time(small_searcher):
    searcher, synonyms = small_searcher
    question = "有人涨价怎么办"
    before = searcher.run(Request.checked(question, k=3))
    assert not before.hits or "哄抬物价" not in before.hits[0].passage.text
    synonyms.write_text("涨价 = 哄抬物价\n", encoding="utf-8")  # no rebuild needed
    after = searcher.run(Request.checked(question, k=3))
    assert "哄抬物价" in after.hits[0].passage.text
    assert after.query.expansions == ["哄抬物价"]


def test_query_analysis_strips_scaffolding_and_finds_references():
    q = analyze("请问第三篇讲话第二部分的疫情监测要怎么做？")
    assert q.speech == 3 and q.part == [2]
    assert "怎么" not in q.core and "请问" not in q.core and "疫情监测" in q.core
    assert analyze("第四篇第三点是什么").structural
    assert not analyze("第三篇第三部分的源头管理怎么抓").structural


def test_full_width_digits_and_control_characters_are_normalized():
    q = analyze("第３篇\x00第２部分")
    assert q.speech == 3 and q.part == [2]


@pytest.mark.parametrize("question, asked", [("核酸检测要多少钱？", "price"), ("隔离几天能解除？", "duration"),
                                             ("药店几点关门", "clock"), ("一次吃多少毫克", "dose")])
def test_answer_type_without_evidence_is_flagged(question, asked):
    from qa.models import Passage

    plain = Passage("要严格落实隔离措施，做好核酸检测。", "f", 1, "t", [], "", 1, 0, 10)
    assert missing_answer_type(analyze(question), [plain]) == asked
    stated = Passage("检测费用每人次20元，隔离14天，每天8点至20点开放，每次100毫克。", "f", 1, "t", [], "", 1, 0, 10)
    assert missing_answer_type(analyze(question), [stated]) is None


@pytest.mark.parametrize("question, asked, stated", [
    ("联盟秘书处的办公地址在哪里？", "address", "秘书处地址：深圳市南山区科技园路8号创新大厦12楼。"),
    ("作品发到哪个邮箱？", "email", "作品请发送至 contest@example.org ，邮件标题注明姓名。")])
def test_an_address_or_mailbox_asked_needs_one_stated(question, asked, stated):
    """The words 秘书处 and 邮箱 are not where to go or write: an address or a mailbox must stand."""
    from qa.models import Passage

    about = Passage("秘书处负责联盟日常工作，联系电话：0755-61185873，作品以邮箱提交。", "f", 1, "t", [], "", 1, 0, 10)
    assert missing_answer_type(analyze(question), [about]) == asked
    assert missing_answer_type(analyze(question), [Passage(stated, "f", 1, "t", [], "", 1, 0, 10)]) is None


def test_which_days_asks_dates_not_a_duration():
    """征求意见时间是哪几天: 下周一至周三 answers it though it states no number of days."""
    from qa.models import Passage

    dated = Passage("征求意见时间为下周一至周三，请提出宝贵意见。", "f", 1, "t", [], "", 1, 0, 10)
    assert missing_answer_type(analyze("征求意见时间是哪几天？"), [dated]) is None
    assert missing_answer_type(analyze("征求意见要几天？"), [dated]) == "duration"


@pytest.mark.parametrize("amount", ["折合共计86.14万余元", "共计3000多元", "合计1.5亿元"])
def test_an_amount_in_ten_thousands_states_a_price(amount):
    from qa.models import Passage

    stated = Passage(f"先后收受礼品、礼金{amount}。", "f", 1, "t", [], "", 1, 0, 10)
    assert missing_answer_type(analyze("收受礼金折合共计多少钱？"), [stated]) is None


def test_words_the_asker_quotes_that_the_passage_holds_make_it_answerable():
    """“职教高考”是怎么回事 reads like small talk to the dense contrast; the asker quotes the
    material's own words and the best passage holds them, so it is answered."""
    import numpy as np

    from qa.models import Passage
    from qa.search.relevance import is_answerable

    class Lexical:
        num_docs = 10

        def doc_freq(self, word):
            return 1

    holds = Passage("建立“职教高考”制度，完善考试招生办法。", "f", 1, "t", [], "", 1, 0, 10)
    other = Passage("推进高等职业教育高质量发展。", "f", 1, "t", [], "", 1, 0, 10)
    vector, anchors = np.array([1.0, 0.0], dtype=np.float32), np.array([[1.0, 0.0]], dtype=np.float32)
    low = 0.9  # the question is as close to an off-topic anchor as to the passages
    assert is_answerable(analyze("“职教高考”是怎么回事？"), [holds], low, vector, anchors, Lexical())
    assert not is_answerable(analyze("“职教高考”是怎么回事？"), [other], low, vector, anchors, Lexical())
    assert not is_answerable(analyze("职教高考是怎么回事？"), [other], low, vector, anchors, Lexical())


def test_a_phone_asked_is_answered_by_a_number_one_can_dial():
    """举报电话是多少: a passage that only says 设立举报电话 does not answer it; one with 0575-88123456 does."""
    from qa.models import Passage

    said = Passage("各地要设立监督举报电话，接受社会监督。", "f", 1, "t", [], "", 1, 0, 10)
    assert missing_answer_type(analyze("监督举报电话号码是多少？"), [said]) == "phone"
    for number in ("0575-88123456", "13912345678", "12345", "400-810-8888", "1-866-860-4259"):
        dialled = Passage(f"监督举报电话：{number}。", "f", 1, "t", [], "", 1, 0, 10)
        assert missing_answer_type(analyze("监督举报电话号码是多少？"), [dialled]) is None
    for dated in ("2019年1月9日起设立监督举报电话。", "2019-01-09设立监督举报电话。", "2020-2021-2022年设立监督举报电话。"):
        passage = Passage(dated, "f", 1, "t", [], "", 1, 0, 10)
        assert missing_answer_type(analyze("监督举报电话号码是多少？"), [passage]) == "phone"


@pytest.mark.parametrize("question, stated, unstated", [
    # a rate is a bare number (保持率为0.75); a decimal with no rate before it is none
    ("随机失活算法的保持率取的是多少？", "保持率为0.75", "版本号是0.75"),
    # a share said in words answers 几成 (上一半 is a place)
    ("云资源的花费大概省下了几成？", "节约约原来一半的云资源费用。", "费用在表格的上一半列出。"),
    # a sum of money named before the asking word: a count of years states none
    ("公司全年营收是多少？", "全年营收3.2亿元，比上年增长12%。", "营收目标保持三年不变。"),
    # a count asked in its counter: 193场, not 31万分钟
    ("读书会一共直播了多少场？", "读书会共播出了193场。", "读书会直播影响力平均是31万分钟。"),
])
def test_a_number_asked_in_a_kind_is_stated_only_in_that_kind(question, stated, unstated):
    from qa.search.answer_types import NUMBER, asked_unit, states

    unit = asked_unit(question)
    assert states(NUMBER, unit, stated, question)
    assert not states(NUMBER, unit, unstated, question)


def test_a_place_is_named_after_its_preposition_not_counted():
    from qa.search.answer_types import PLACE, asked_type, holds

    question = "年度演讲在哪个城市的哪座体育场举办？"
    assert asked_type(question) == PLACE
    assert holds(PLACE, "演讲在国家体育场举行。", question)
    assert not holds(PLACE, "这是我们第一场体育场大场演讲。", question)


def test_a_day_written_with_slashes_is_a_date_stated():
    """最后更新：2025/2/15 answers 什么时候更新 (a version 1/2/3 or a fraction does not)."""
    from qa.search.answer_types import DATE, asked_type, holds

    question = "值班说明最后一次更新是在什么时候？"
    assert asked_type(question) == DATE
    assert holds(DATE, "最后更新：2025/2/15", question)
    assert not holds(DATE, "音量调到1/2/3档", question)


def test_a_passage_with_a_line_labelled_with_the_place_is_preferred_when_where_is_asked():
    """在什么位置 asks a place: the passage holding 地点：… gets the type bonus; not asked, no bonus."""
    from types import SimpleNamespace

    from qa.search.answer_types import TYPE_BOOST, type_bonus

    passages = [SimpleNamespace(text="时间：大课间\n地点：行政楼一楼广播室"), SimpleNamespace(text="广播室的钥匙在抽屉里。")]
    assert list(type_bonus("广播室在什么位置？", [0, 1], passages)) == [pytest.approx(TYPE_BOOST), 0.0]
    assert list(type_bonus("广播室的钥匙放在哪里？", [0, 1], passages))[1] == 0.0
    assert not any(type_bonus("广播室由谁管理？", [0, 1], passages))


def test_the_bundled_synonyms_read_finishing_said_loosely_as_completing():
    """要啥时候弄完 (搞完, 干完, 做完) asks when a task is 完成, the word documents use."""
    from qa.config import data_file
    from qa.search.query import load_synonyms

    synonyms = load_synonyms(data_file("synonyms.txt"))
    for said in ("弄完", "搞完", "干完", "做完"):
        assert "完成" in analyze(f"这项修订要啥时候{said}啊", synonyms).expansions


def test_half_a_year_is_a_length_of_time_stated():
    """多长时间开一次会: 至少半年召开一次 states it (上半年 names a period, not a length)."""
    from qa.search.answer_types import NUMBER, holds

    assert holds(NUMBER, "常务理事会至少半年召开一次会议", "常务理事会多长时间开一次会？")
    assert not holds(NUMBER, "上半年召开会议", "多长时间开一次会？")


def test_a_count_in_the_nouns_own_counter_covers_the_noun():
    """清理了多少老旧车辆 / 淘汰黄标车和老旧车2000多万辆: a count in 辆 is a count of 车辆."""
    from qa.search.coverage import _covers

    query = analyze("政府这几年清理了多少老旧车辆？")
    assert _covers("车辆", "淘汰黄标车和老旧车2000多万辆", query)
    assert not _covers("车辆", "淘汰黄标车和老旧车", query)
    assert not _covers("车辆", "改造充电桩2000多万台", query)  # (another counter counts other things)


@pytest.mark.parametrize("question,parted", [
    ("这份演讲稿一共有几张幻灯片？最后一张讲什么？", "这份演讲稿一共有几部分?最后一部分讲什么?"),
    ("第三张幻灯片讲的主题是什么？", "第三部分讲的主题是什么?"),
    ("第2页PPT讲了什么", "第2部分讲了什么"),
])
def test_a_slide_named_is_a_part_of_the_talk(question, parted):
    assert analyze(question).text == parted


def test_a_sheet_or_page_without_slides_is_left_alone():
    """第三张表 / 最后一张照片 name no slide: the question is unchanged."""
    assert analyze("最后一张照片拍的是什么？").text == "最后一张照片拍的是什么?"


@pytest.mark.parametrize("question, named, unnamed", [
    ("他被哪所大学提前录取了？", "他被清华大学提前录取。", "他被大学提前录取，大家都为他高兴。"),
    ("孙书记来一中之前在哪个学校工作？", "2019年我在越州中学工作。", "我在一中工作多年。"),
    ("这篇论文发表在哪本学术期刊上？", "论文发表在《物理评论》上。", "论文发表在一本学术期刊上。"),
    ("她今年分管哪个年级？", "她今年分管高二年级。", "她今年分管教学工作。"),
])
def test_which_of_a_kind_is_answered_by_a_name_of_that_kind(question, named, unnamed):
    """哪所大学 / 哪本期刊 / 哪个年级: a name of that kind not the question's own (一中 asked about
    is not where he was before)."""
    from qa.search.answer_types import INSTANCE, asked_type, holds

    assert asked_type(question) == INSTANCE
    assert holds(INSTANCE, named, question)
    assert not holds(INSTANCE, unnamed, question)


def test_a_call_as_the_means_asks_no_number():
    """能不能先打个电话报上去 asks whether a call will do; 打什么电话 / 电话是多少 ask a number."""
    from qa.models import Passage
    from qa.search.answer_types import CONTACT, asked_type

    assert asked_type("情况紧急时能不能先打个电话报上去？") is None
    assert asked_type("报告要打什么电话？") == CONTACT and asked_type("值班电话是多少？") == CONTACT
    written = Passage("情况紧急时，初报可通过电话报告，但应当及时补充书面报告。", "f", 1, "t", [], "", 1, 0, 10)
    assert missing_answer_type(analyze("能不能先打个电话报上去？"), [written]) is None
    assert missing_answer_type(analyze("值班电话是多少？"), [written]) == "phone"
    assert missing_answer_type(analyze("打电话号码是多少？"), [written]) == "phone"


def test_a_stretch_of_time_said_loosely_asks_no_number():
    """工作几年后…什么评价 asks a judgement; 按几年来规划 asks how many years."""
    from qa.search.answer_types import NUMBER, asked_type

    assert asked_type("那位校友工作几年后单位给了他什么评价？") != NUMBER
    assert asked_type("生命周期按几年来规划？") == NUMBER
    assert asked_type("工作几年后能评职称？要工作几年？") == NUMBER


def test_a_count_of_people_of_a_kind_measures_those_people():
    """多少名高层次人才: 高层次 says which 人才 are counted."""
    from qa.search.coverage import counted_noun

    assert counted_noun("高层次人才？") == "人才"
    assert counted_noun("数学新教师？") == "教师"


def test_a_part_headed_by_other_years_does_not_state_the_year_asked():
    from qa.search.coverage import _of_other_years

    assert _of_other_years({"2016"}, "一、“十二五”时期和2015年工作回顾", "城镇登记失业率控制到3.9%。")
    assert not _of_other_years({"2016"}, "三、2016年工作安排", "失业率控制在4%以内。")
    assert not _of_other_years({"2016"}, "一、2015年工作回顾", "2016年起失业率控制在4%以内。")  # it says so itself
    assert not _of_other_years({"2018"}, "二、2016—2020年规划目标", "失业率控制在4%以内。")  # a span holds it
    assert not _of_other_years({"2016"}, "（一）就业", "失业率控制到3.9%。")  # no year in its headings


def test_a_deadline_asked_is_answered_only_by_a_deadline():
    from qa.search.coverage import _DEADLINE_ASKED, _DEADLINE_STATED

    assert _DEADLINE_ASKED.search("申报截止日期是哪一天？") and not _DEADLINE_ASKED.search("申报是哪一天？")
    assert _DEADLINE_STATED.search("请于2017年6月30日前提交申报材料。")
    assert not _DEADLINE_STATED.search("连续三年内按每人每月1000元的标准给予补贴。")


def test_a_question_placing_its_answer_at_the_end_weighs_the_last_passages_up():
    """讲话结尾说要向哪家公司学: the document's last passages of its own text (not its frame) count more."""
    from types import SimpleNamespace

    from qa.search.doc_structure import EDGE_FACTOR, edge_factors

    passages = [SimpleNamespace(file="a.txt", speech=1, role=role)
                for role in ["content"] * 6 + ["frame"]]
    structure = SimpleNamespace(rows=lambda file, speech: list(range(7)))
    rows = [0, 2, 4, 5, 6]
    assert list(edge_factors("讲话结尾说要向哪家公司学管理，多少年能追上？", structure, passages, rows)) == [
        1.0, 1.0, EDGE_FACTOR, EDGE_FACTOR, 1.0]
    assert list(edge_factors("讲话开头提了几件事？", structure, passages, rows)) == [
        EDGE_FACTOR, EDGE_FACTOR, 1.0, 1.0, 1.0]
    assert list(edge_factors("要向哪家公司学管理？", structure, passages, rows)) == [1.0] * 5


def test_a_noun_glued_to_the_modal_after_it_is_no_key_term():
    """题能 of 前几年的题能重复多少 is 题 + 能 as jieba cut them; 技能 and 功能 are words."""
    from qa.search.coverage import _modal_tail

    assert _modal_tail("题能")
    assert not _modal_tail("技能") and not _modal_tail("功能") and not _modal_tail("机会")


def test_a_name_in_letters_few_passages_use_is_the_question_s_focus():
    """Hijacker, in one passage: those holding it get the bonus; MOSN, in most, is no focus; PFCC,
    in a file's name, names the document rather than the answer."""
    from qa.indexing.lexical import LexicalIndex
    from qa.models import Passage
    from qa.search.distinct_terms import DISTINCT_BOOST, distinct_bonus, distinct_words

    texts = ["MOSN 是一个网络代理。", "MOSN 协议扩展框架定义了编解码接口。", "MOSN 多路复用接口负责请求和响应的关联。",
             "Hijacker：错误劫持，用于构造错误报文。", "PFCC 会议回放见群公告。"]
    lexical = LexicalIndex.build(texts)
    passages = [Passage(t, "talk.md", 1, "t", [], "", i, 0, len(t)) for i, t in enumerate(texts)]
    assert distinct_words("MOSN 框架里的 Hijacker 接口是干什么的？", lexical) == ["hijacker"]
    bonus = distinct_bonus("MOSN 框架里的 Hijacker 接口是干什么的？", [1, 2, 3], passages, lexical)
    assert list(bonus) == [0.0, 0.0, DISTINCT_BOOST]
    assert distinct_words("这次 PFCC 会议的主题是什么？", lexical, "paddle-pfcc-36th-meeting-minutes.md") == []
    assert distinct_words("这次 PFCC 会议的主题是什么？", lexical) == ["pfcc"]


def test_what_several_and_very_say_asks_no_number():
    """好几个地方 is several places and 什么情形下…犯罪金额 asks the case (按什么标准…额度 the basis), not an
    amount; 十分重要 is no score."""
    from qa.search.answer_types import NUMBER, asked_type, asked_unit, states

    assert asked_type("一个案子牵扯好几个地方，到底由哪儿的公安来主办？") is None
    assert asked_type("在什么情形下，亲友的钱也要算进犯罪金额？") is None
    assert asked_type("犯罪金额是多少？") == NUMBER  # (the amount asked still is one)
    # 按什么标准核定…额度 asks the basis the amount is settled by; 每人多少钱 beside it still asks the amount
    assert asked_type("每年的跨省就医预付金额度是按什么标准核定的？") is None
    assert asked_type("补贴按什么标准发放，每人多少钱？") == NUMBER
    question = "这篇作业最后得了多少分？"
    unit = asked_unit(question)
    assert states(NUMBER, unit, "考了85分，得了八十分。", question)
    assert not states(NUMBER, unit, "这是一次十分重要的大会，万分感谢。", question)


def test_a_document_number_states_the_year_asked_and_no_other_time():
    """国发〔2015〕59号 answers 哪一年的文件, not 什么时候补考."""
    from qa.search.answer_types import DATE, holds

    stated = "按照《国务院关于做好防范工作的意见》（国发〔2015〕59 号）确定的原则办理。"
    assert holds(DATE, stated, "按国务院哪一年、第几号文件办理？")
    assert not holds(DATE, "厦大教〔2019〕83号 关于课程考核的规定", "补考一般安排在什么时候？")


def test_title_words_that_cross_in_the_question_are_one_word_of_it():
    """大学 and 学生 cut from 大学生 are one word of the question; 毕业 and 业生 inside 毕业生 name with it."""
    from qa.search.docrefs import _apart

    assert len(_apart("参加大学生志愿服务的青年有多少人", ["大学", "学生"])) == 1
    assert _apart("给毕业生的文章", ["业生", "毕业", "毕业生"]) == ["业生", "毕业", "毕业生"]
    assert _apart("大学的学生手册", ["大学", "学生"]) == ["大学", "学生"]


def test_a_why_question_asks_no_number_it_counts():
    """为什么…靠几个人说了算 asks a reason: no sentence stating a count is needed to answer it."""
    from qa.search.answer_types import NUMBER, asked_type

    assert asked_type("为什么做长线产品不能靠几个人说了算、什么文档都不要？") is None
    assert asked_type("出借人凭什么说公司转让股权是违规的，转让了多少？") is None
    assert asked_type("长线产品要靠几个人说了算？") == NUMBER
