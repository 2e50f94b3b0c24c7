"""A society's charter (numbered chapter lines over articles, a founding never dated), a talk given
from slides (### 幻灯片 N：…) with its speaker's head lines, and a question whose words ask what a
sentence of another document leaves open — each on a real index of text laid out so."""
from __future__ import annotations

import pytest

from helpers import UNRELATED_NOTICE
from qa.testing import HashEmbedder, tiny_index

CHARTER = ("**星河质量研究会**\n\n**章程**\n\n1.  总则\n\n"
           "第一条 本会的名称是：星河质量研究会。\n\n"
           "第二条 本会是由质量科学工作者自愿结成的学术性、非营利性社会组织。\n\n"
           "2.  组织机构\n\n"
           "第三条 常务理事会至少半年召开一次会议；情况特殊的也可采用通讯形式召开。\n\n"
           "第四条 理事会是本会的执行机构，在会员代表大会闭会期间领导本会开展日常工作，对会员代表大会负责。理事会可以根据工作需要自行决定多长时间开一次会议，并确定会议的具体议程和参会人员。理事会每年至少召开两次会议，情况特殊的可采用通讯形式召开。\n\n"
           "第五条 本会理事长、副理事长每届任期4年，连任不超过两届。\n\n"
           "第六条 理事长、副理事长最高任职年龄不超过70周岁；秘书长任职时年龄不超过62周岁。\n\n"
           "第七条 理事会的决议须经到会理事三分之二以上表决通过方能生效。\n\n"
           "3.  会员\n\n"
           "第八条 具有中级以上专业技术职称的科技工作者可以申请入会。\n\n"
           "第九条 会员享有选举权、被选举权和表决权。\n\n"
           "第十条 会员应当遵守本章程，按规定交纳会费。\n")

SLIDES = ("# 演讲稿：清水河与城市发展\n\n演讲人：林小雨\n学校与班级：第一中学 · 高一（3）班\n预计时长：5 ~ 8分钟\n\n"
          "### 幻灯片 1：开篇 —— 清水河哺育的城市\n\n大家下午好！今天我们小组分享清水河的研究成果。\n\n"
          "### 幻灯片 2：地形骨架 —— 盆地与河谷\n\n城市位于盆地之中，清水河自西向东穿城而过。\n\n"
          "### 幻灯片 3：水文特征 —— 凹岸与凸岸\n\n凹岸流速快，泥沙不易淤积，适合建设码头。\n\n"
          "### 幻灯片 4：结语 —— 江河奔流\n\n感谢老师和同学们的聆听。\n")


MINUTES = ("# 第36次技术委员会会议纪要\n\n会议时间：2024年3月13日\n\n"
           "## 议题1：QualityKit 代码检查工具介绍\n\nQualityKit 可以自动检查代码风格，支持多种编程语言，"
           "委员们讨论了它的适用范围。\n\n"
           "## 议题2：榜单安排\n\n原定于6月22日发布的榜单，将延期至6月23日公示。\n")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("charters18"), {
        "quality-society-charter.md": CHARTER, "river-talk.md": SLIDES, "committee-minutes.md": MINUTES,
        "notice.txt": UNRELATED_NOTICE},
        HashEmbedder()).qa


def test_a_charter_titled_over_two_lines_is_named_whole(qa):
    doc = qa.pipeline.docrefs.find("quality-society-charter.md", 1)
    assert doc.shown == "星河质量研究会章程"


def test_half_a_year_answers_how_often(qa):
    """常务理事会多长时间开一次会: 至少半年 is a length of time; the article that says only that the
    council may decide 多长时间 is not the answer."""
    result = qa.ask("星河质量研究会的常务理事会多久开一次会？")
    assert result.answerable
    assert "至少半年召开一次会议" in result.answer.sentences[0].text


def test_a_sentence_holding_the_asking_words_is_not_the_answer(qa):
    """理事会多长时间开一次会: 可以决定多长时间开一次会议 leaves it open; 每年至少召开两次 answers it
    and scores above it among the article's sentences."""
    from qa.search.answer import _candidates
    from qa.search.query import analyze
    from qa.search.sentences import SentenceScorer

    pipeline = qa.pipeline
    row = next(r for r, p in enumerate(pipeline.build.passages) if "决定多长时间" in p.text)
    scorer = SentenceScorer(analyze("理事会多长时间开一次会？"), pipeline.build.lexical.doc_freq,
                            pipeline.build.lexical.num_docs)
    scores = {text: score for score, _, text, _ in
              _candidates(pipeline.build.passages[row], row, pipeline.structure, scorer)}
    asking = next(v for t, v in scores.items() if "决定多长时间" in t and "每年" not in t)
    answering = next(v for t, v in scores.items() if "每年至少召开" in t and "决定多长时间" not in t)
    assert answering > asking


def test_an_age_asked_is_answered_by_an_age_not_a_term(qa):
    """理事长最多能当到多少岁: 70周岁 answers it; 每届任期4年 states a number, not an age."""
    result = qa.ask("星河质量研究会的理事长最多能当到多少岁？")
    assert "70周岁" in result.answer.sentences[0].text


def test_an_event_the_documents_never_date_is_refused(qa):
    """星河质量研究会是哪一年成立的: the charter names the society but never dates its founding."""
    result = qa.ask("星河质量研究会是哪一年成立的？")
    assert not result.answerable
    assert "成立" in result.answer.text


def test_a_release_another_thing_dates_does_not_date_the_one_asked(qa):
    """QualityKit 是哪一年首次发布的: the minutes introduce the tool and date a ranking's 发布, not its."""
    result = qa.ask("QualityKit 是哪一年首次发布的？")
    assert not result.answerable
    assert qa.ask("榜单原定哪天发布？").answerable  # (what the minutes do date is answered)


def test_slides_count_as_the_parts_of_a_talk(qa):
    result = qa.ask("清水河的演讲稿一共有几张幻灯片？最后一张讲什么？")
    assert result.mode == "outline"
    assert "共4部分" in result.answer.text
    assert result.answer.sentences[0].text.startswith("幻灯片 4：结语")



def test_a_slide_asked_with_no_document_named_is_the_slide_decks(qa):
    """第三张幻灯片 names its document by its unit: of the four, only the talk is parted by slides."""
    result = qa.ask("第三张幻灯片讲的主题是什么？")
    assert result.answerable and result.results
    assert result.results[0]["citation"]["file"] == "river-talk.md"
    assert "水文特征" in result.results[0]["text"]
    assert "river-talk.md" in result.notice or "清水河" in result.notice


RULES = ("椰城社區住戶規約\n第一條 為維護社區安寧，訂定本規約。\n"
         "第二條 住戶應遵守下列事項：\n"
         "（一）不得在公共走廊堆放雜物。\n"
         "（二）住戶平日自娛或節慶舉辦宴會、舞會等，應以不妨礙周邊鄰居安寧為原則，且最遲不得超過夜間十一時。\n"
         "（三）飼養寵物應繫好牽繩。\n"
         "第三條 管理委員會設常委五人，常委任期一年，可以連任。\n"
         "第四條 本規約經區分所有權人會議通過後施行。\n")


def test_a_colloquial_question_in_traditional_characters_is_answered(tmp_path):
    """家裡開派對最晚能玩到幾點: asked in traditional characters, answered by 最遲…夜間十一時 (最晚 = 最迟);
    常委能干几年: 能干 is "can serve", no topic the answer must name."""
    qa = tiny_index(tmp_path, {"community-rules.txt": RULES, "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa
    party = qa.ask("家裡開派對最晚能玩到幾點？")
    assert party.answerable and "夜間十一時" in party.answer.sentences[0].text
    term = qa.ask("常委能干几年")
    assert term.answerable and "常委任期一年" in term.answer.text


REPORT = ("2018年政府工作报告\n一、过去五年工作回顾\n"
          "五年来，经济实力跃上新台阶。国内生产总值从54万亿元增加到82.7万亿元，年均增长7.1%。\n"
          "刚刚过去的2017年，经济社会发展主要预期目标全面完成并好于预期。国内生产总值增长6.9%，居民收入增长7.3%。\n"
          "五年来，人民生活持续改善。棚户区住房改造2600多万套，农村危房改造1700多万户。\n")


def test_a_target_of_the_reports_own_year_is_not_the_years_before(tmp_path):
    """2018年政府工作报告提出的当年…预期目标: the part at hand reviews 2017 and the five years before;
    it states no 2018 target. The 2017 growth it does state is answered."""
    qa = tiny_index(tmp_path, {"gov-report-2018-part1.txt": REPORT, "notice.txt": UNRELATED_NOTICE},
                    HashEmbedder()).qa
    target = qa.ask("2018年政府工作报告提出的当年国内生产总值增长预期目标是多少？")
    assert not target.answerable
    growth = qa.ask("2017年国内生产总值增长了多少？")
    assert growth.answerable and "6.9%" in growth.answer.sentences[0].text


READING_CLUB = ("云帆读书会章程\n第一章 总则\n第一条 本会名称为云帆读书会。\n第二章 活动\n第二条 本会每月举办一次读书分享会。\n"
                "第三章 附则\n第三条 本章程自通过之日起施行。\n")


def test_a_part_of_an_ambiguous_kind_asks_which_showing_each_ones_part(tmp_path):
    """章程的第二部分讲什么, with two charters indexed: the reply asks which, names each one's second
    part so the asker can tell them apart, and answers with that part of each, one result apiece."""
    qa = tiny_index(tmp_path, {"quality-society-charter.md": CHARTER, "reading-club-charter.txt": READING_CLUB,
                               "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa
    result = qa.ask("章程的第二部分讲什么？")
    assert "问题所说的文档有多份" in result.notice and "请说明是哪一份" in result.notice
    assert "《星河质量研究会章程》（2.组织机构）" in result.notice
    assert "《云帆读书会章程》（第二章 活动）" in result.notice
    assert result.answerable and result.mode == "outline"
    assert {h.passage.file for h in result.hits} == {"quality-society-charter.md", "reading-club-charter.txt"}
    assert len(result.hits) == 2 and result.hits[0].score > result.hits[1].score
    assert "组织机构" in result.answer.text and "第二章 活动" in result.answer.text
    assert "[1]" in result.answer.text and "[2]" in result.answer.text


def test_of_several_documents_the_one_wording_its_point_as_asked_comes_first(tmp_path):
    """讲话里的第三个问题, with two speeches: the one whose own point reads 第三个问题，… is shown
    first, whatever order the names came in; 第三部分 (worded by neither) keeps that order."""
    plain = ("在春季安全工作会议上的讲话\n一、安全是头等大事\n各单位要把安全放在首位。\n二、隐患要及时排查\n每周排查一次。\n"
             "三、责任要落实到人\n层层签订责任书。\n")
    worded = ("在秋季教学工作会议上的讲话\n同志们，今天讲三个问题。\n第一个问题，教学质量是生命线\n质量立校。\n"
              "第二个问题，教师队伍是关键\n要培养骨干教师。\n第三个问题，学生发展是根本\n要关注每一个学生。\n")
    qa = tiny_index(tmp_path, {"a-safety-speech.txt": plain, "b-teaching-speech.txt": worded,
                               "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa
    asked = qa.ask("讲话里的第三个问题讲的是什么？")
    assert asked.answerable and "有多份" in asked.notice
    assert [h.passage.file for h in asked.hits] == ["b-teaching-speech.txt", "a-safety-speech.txt"]
    assert asked.answer.sentences[0].text.startswith("第三个问题，学生发展是根本")
    neither = qa.ask("讲话的第三部分讲的是什么？")
    assert [h.passage.file for h in neither.hits] == ["a-safety-speech.txt", "b-teaching-speech.txt"]


def test_a_part_none_of_the_documents_has_still_asks_which(tmp_path):
    """章程的第九部分, with two charters of three parts each: nothing to show, the reply asks which."""
    qa = tiny_index(tmp_path, {"quality-society-charter.md": CHARTER, "reading-club-charter.txt": READING_CLUB,
                               "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa
    result = qa.ask("章程的第九部分讲什么？")
    assert not result.answerable and not result.hits
    assert "问题所说的文档有多份" in result.answer.text
