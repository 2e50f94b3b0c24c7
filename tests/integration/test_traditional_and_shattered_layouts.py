"""A speech in traditional characters that counts its points in sentences (司法機構的第二項基本要點是…),
a notice copied from a page that put every number on a line of its own, and a Markdown FAQ whose
headings are its structure — each on a real index of text laid out so."""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import UNRELATED_NOTICE
from qa.ingest.corpus import split_speeches
from qa.ingest.directives import parse_directives
from qa.ingest.readers import read_document
from qa.ingest.shattered_lines import join_fragments
from qa.search.answer_types import asked_type, asked_unit, holds, match_text
from qa.testing import HashEmbedder, tiny_index
from qa.web.chat import copy_text

SPEECH = ("# 首席法官：法院保持獨立\n\n"
          "**編按：本文是首席法官今日在法律年度開啟典禮發表的演辭全文。**\n\n"
          "各位嘉賓、女士們、先生們：\n\n"
          "今年我希望在此扼要講述法院致力維持的三項基本要點。\n\n"
          "**第一，法院必須繼續保持獨立和公正無偏。** 法官只按法律斷案，不為個人的政治觀點所左右。"
          "針對法官的投訴都由相關法院領導處理。\n\n"
          "**法院的第二項基本要點是法院必須由正直的法官組成；** 司法誓言是基本法第一百零四條的規定。\n\n"
          "說到這裏，我們應注意以下三點。 **第一** ，基本法是基本權利的最終保證。\n\n"
          "**第二** ，基本權利並非絕對的權利。\n\n"
          "**第三** ，基本權利是每一位市民都平等享有的。\n\n"
          "**我想講述的第三個法院的基本要點是，我們的法院必須保持專業、高效和與時並進。**\n\n"
          "其他類別的司法覆核許可申請每年約為一百六十宗，有關申請在二○一九年上升至三千七百多宗。\n")

SHATTERED = ("市工业和信息化局关于印发\n2021\n年春节期间\n电力需求响应实施细则的通知\n"
             "各有关单位：\n现将《春节期间电力需求响应实施细则》印发给你们，请遵照执行。\n"
             "2021\n年\n2\n月\n2\n日\n"
             "津工信电力〔\n2021\n〕\n2\n号附件\n春节期间电力需求响应\n实施细则\n"
             "目\n录\n一、实施背景........................\n...................\n- 1 -\n"
             "二、补贴发放\n....................\n...........- 2 -\n"
             "一、实施背景\n本次需求侧竞价的规模为\n20\n万千瓦，响应时间为每日\n0:00\n至\n6:00\n。\n"
             "二、补贴发放\n1\n．市工业和信息化局协调落实补贴资金后，按专项资金使用计划以年度发放补贴。\n"
             "2\n．固定补贴价格模式的补贴价格为\n1.2\n元\n/\n千瓦时。\n"
             "附录1：方案实施流程图\n附录2：竞价指引\n春节期间电力需求响应竞价指引\n"
             "一、竞价目的\n需求侧竞价是需求侧资源参与电力市场竞争的一种实施模式。\n"
             "二、竞价总量\n本次需求侧竞价的规模为\n20\n万千瓦。\n")

FAQ = ("---\norder: 10\n---\n\n# 新生常见问题\n\n整合一些常见问题，方便新生查阅\n\n"
       "## 学校概况\n\n### 地理位置\n\n#### ❔ 学校位于哪个城市\n\n安徽省合肥市\n\n"
       "### 建校历史\n\n#### ❔ 学校于哪一年创立\n\n1945 年\n\n"
       "## 生活\n\n"
       "### 校园卡\n\n#### ❔ 丢失后怎么补办\n\n详见[校园卡#挂失](campus_card.md#挂失)、[校园卡#补办](campus_card.md#补办)\n\n"
       "#### ❔ 校园卡怎么办理\n\n无需自行办理，开学报到后发放并激活\n\n"
       "### 校园网\n\n#### ❔ 限速限流吗\n\n:::tabs key:campus\n\n== 宣城校区\n\n"
       "限流，每月 100G，超出按 0.5 元/GB 付费\n\n:::\n\n"
       "### 浴室\n\n#### ❔ 浴室热水供应时间\n\n早上七点至凌晨十二点半\n\n"
       "### 图书馆\n\n#### ❔ 图书馆几点清馆\n\n图书馆 22:15 清馆，教学楼约 22:30 后锁门\n\n"
       "## 学习\n\n### 第二课堂\n\n#### ❔ 驾照可以加学分吗\n\n不加学分，但是可以加第二课堂的技能星星\n\n"
       "### 奖学金\n\n#### ❔ 有哪些类型的奖学金\n\n国家级奖学金、校级奖学金和社会捐资奖学金\n")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("layouts15"), {
        "hk-speech.md": SPEECH, "demand-response-notice.txt": SHATTERED, "freshman-faq.md": FAQ,
        "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa


def _speeches(text: str, name: str):
    return split_speeches(read_document(Path("/nonexistent") / name, text.encode("utf-8")), name)


def test_points_counted_in_a_sentence_are_the_speech_s_own_and_nest_the_list_inside():
    (speech,) = _speeches(SPEECH, "s.md")
    top = parse_directives(speech)
    assert [d.label for d in top] == ["第一", "第二", "第三"]
    assert top[1].heading == "法院必須由正直的法官組成"
    assert top[2].heading.startswith("我們的法院必須保持專業")
    # 說到這裏…以下三點。 第一 ，… (a space a bold mark left): three points inside the second
    assert [c.label for c in top[1].children] == ["第一", "第二", "第三"]


def test_a_question_in_either_script_finds_the_traditional_speech(qa):
    for question in ("這篇演辭一共講了幾項基本要點？", "这篇演辞一共讲了几项基本要点？"):
        counted = qa.ask(question)
        assert counted.mode == "outline", question
        assert "共3项" in counted.answer.text and "與時並進" in counted.answer.text
    third = qa.ask("這篇演辭講的第三項基本要點是什麼？")
    assert "與時並進" in third.answer.sentences[0].text
    oath = qa.ask("司法誓言是基本法哪一条规定的？")
    assert oath.answerable and "第一百零四條" in oath.hits[0].passage.text  # quoted as written


def test_a_count_of_a_thing_the_speech_does_not_count_is_refused(qa):
    refused = qa.ask("演辭中說去年一共接獲多少宗針對法官的投訴？")
    assert not refused.answerable  # 一百六十宗 are applications for review, not complaints
    stated = qa.ask("司法覆核許可申請在二○一九年上升到多少宗？")
    assert stated.answerable and "三千七百多宗" in stated.answer.text


def test_numbers_cut_out_of_their_sentences_are_read_back_in_place():
    text = join_fragments(SHATTERED)
    assert "本次需求侧竞价的规模为20万千瓦" in text
    assert "\n2021年2月2日\n" in text  # a date after a sentence's end is a line of its own
    assert "\n一、实施背景" in text and "一、实施背景2021" not in text  # a heading takes no fragment
    assert "1．市工业和信息化局协调落实补贴资金后" in text
    # a contents entry is one line, and the body after its page number is not glued to it
    assert any(line.startswith("二、补贴发放....") and line.endswith("- 2 -") for line in text.splitlines())


def test_text_of_ordinary_layout_is_left_as_it_is():
    table = "序号\n事项\n1\n“光伏+地铁”工程\n2\n新建高架车站\n" * 4  # a flattened table: cells, no cut sentences
    assert join_fragments(table) == table
    assert join_fragments(UNRELATED_NOTICE) == UNRELATED_NOTICE


def test_an_annex_page_head_starts_the_annex_and_its_parts_are_counted(qa):
    notice, annex, *appendices = _speeches(SHATTERED, "n.txt")
    assert annex.title == "附件 春节期间电力需求响应实施细则"
    assert [a.title for a in appendices] == ["附录1：方案实施流程图", "附录2：竞价指引"]
    assert [d.heading for d in parse_directives(annex)] == ["实施背景", "补贴发放"]  # the contents list is no part
    counted = qa.ask("附件的实施细则正文分成几个部分？最后一部分讲什么？")
    assert counted.mode == "outline" and "共2" in counted.answer.text and "补贴发放" in counted.answer.text


def test_appendices_are_counted_and_named_like_annexes(qa):
    listed = qa.ask("细则后面附了几个附录？第二个附录是什么？")
    assert listed.mode == "outline" and "附录2：竞价指引" in listed.answer.text


def test_a_period_or_an_event_the_material_does_not_name_is_refused(qa):
    assert not qa.ask("迎峰度夏期间固定补贴价格模式的补贴价格是多少？").answerable
    assert qa.ask("春节期间固定补贴价格模式的补贴价格是多少？").answerable
    assert not qa.ask("学校图书馆早上几点开馆？").answerable  # 22:15 清馆 is when it closes
    assert qa.ask("图书馆晚上几点清馆？").answerable
    assert not qa.ask("新生报到要带几张一寸照片？").answerable


def test_the_shattered_notice_answers_from_whole_sentences(qa):
    price = qa.ask("固定补贴价格模式每千瓦时补贴多少钱？")
    assert "1.2元/千瓦时" in price.answer.sentences[0].text
    often = qa.ask("补贴资金落实后多长时间发放一次？")
    assert often.answerable and "以年度发放补贴" in often.answer.text


def test_markdown_headings_are_the_faq_s_structure():
    (speech,) = _speeches(FAQ, "f.md")
    top = parse_directives(speech)
    assert [d.heading for d in top] == ["学校概况", "生活", "学习"]
    assert [d.heading for d in top[0].children] == ["地理位置", "建校历史"]
    assert top[0].children[1].children[0].heading == "❔ 学校于哪一年创立"


def test_a_part_named_by_its_quoted_heading(qa):
    kids = qa.ask("页面开头“学校概况”下面分了哪几个小板块？")
    assert kids.mode == "outline" and "地理位置" in kids.answer.text and "建校历史" in kids.answer.text
    last = qa.ask("“学习”这一部分的最后一个问题是什么？")
    assert any("有哪些类型的奖学金" in h.passage.text for h in last.hits[:2])


def test_an_faq_question_that_is_the_question_asked_answers_it(qa):
    result = qa.ask("校园卡怎么办理？")
    assert "无需自行办理" in result.answer.sentences[0].text
    # the heading's level marks are its structure, not words to quote or copy
    assert result.hits[0].passage.text.startswith("#### ❔ 校园卡怎么办理")
    assert result.answer.text.startswith("❔ 校园卡怎么办理") and "#### " not in result.answer.text
    assert "####" not in copy_text(result.hits[0].passage, result.hits[0].passage.path)


def test_an_faq_answer_is_read_with_its_question_and_its_heading(qa):
    founded = qa.ask("学校是哪一年创立的？")
    assert founded.answerable and "1945" in founded.answer.sentences[0].text
    hot = qa.ask("宿舍浴室热水几点有？")
    assert hot.answerable and "早上七点" in hot.answer.text


def test_how_a_question_asks_for_a_time_of_day_a_period_and_an_amount_of_data():
    assert asked_type("需求响应每天从几点执行到几点？") == "date"
    assert holds("date", "早上七点至凌晨十二点半") and not holds("date", "这三点要求")
    assert holds("number", "按专项资金使用计划以年度发放补贴。", "多长时间发放一次？")
    assert asked_unit("多长时间发放一次？").search(match_text("以年度发放补贴"))
    assert holds("number", "限流，每月 100G")
    assert asked_unit("按市场租金的几折收取？").search("按市场租金的7折") and not asked_unit(
        "按市场租金的几折收取？").search(match_text("租金标准的2倍"))
