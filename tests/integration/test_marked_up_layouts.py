"""Documents whose markup stood between their words and the reader: community rules in Markdown
full of HTML (<br>, &nbsp;, --- between articles), minutes in Markdown with links and nested
question items (- **问题 1：** … / **答：** …), and a news page whose sub-headings are paragraphs in
bold — each on a real index of text laid out so."""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import UNRELATED_NOTICE
from qa.ingest.corpus import split_speeches
from qa.ingest.directives import parse_directives
from qa.ingest.readers import read_document
from qa.numerals import to_chinese
from qa.search.answer_types import holds
from qa.testing import HashEmbedder, tiny_index

RULES = ("---\nlayout: page\ntitle:  \"社區規約\"\ncategories:\n    - rules\n---\n\n"
         "## [椰城社區規約](https://example.org/rules.pdf)\n<br>\n"
         "* 113年10月17日修訂第二十二條\n\n"
         "---\n### 第一條 本規約效力所及範圍\n<br>\n"
         "本規約效力及於本公寓大廈全體區分所有權人、無權占有人及住戶。<br>\n\n"
         "---\n### 第二條 管理委員會委員人數\n<br>\n"
         "一、&nbsp;主任委員一名。<br>\n&nbsp;&nbsp;&nbsp;&nbsp;二、 副主任委員一名。<br>\n\n"
         "---\n### 第三條\t禁止申請與安裝電動車充電設備\n<br>\n"
         "因社區配電盤跟電管線槽設備老舊，住戶不得自行申請安裝電動車充電設備。<br>\n\n"
         "---\n### 管理辦法\n\n### 一. 安全維護管理辦法\n<br>\n"
         "一、嚴禁小販、推銷員自行進入本社區。<br>\n二、住戶應遵守下列事項：<br>\n"
         "1. 不得於陽台堆放易燃物品。<br>\n2. 不得於樓梯間停放機車。<br>\n\n"
         "### 二. 門禁管理辦法\n<br>\n一、夜間十時以後，警衛不得以對講機通知住戶。<br>\n"
         "二、訪客應於警衛室登記。<br>\n三、住戶舉辦宴會、舞會等，最遲不得超過夜間十一時。<br>\n")

MINUTES = ("# 框架贡献者俱乐部第三十六次会议纪要\n\n## 会议概况\n\n"
           "- 本次会议时间：2024/03/13 19:00-20:00\n"
           "- 参会人：本次会议共有 40 名成员参会，本次会议由轮值主席[MarioLulab](https://github.com/MarioLulab)主持。\n\n"
           "## 会议纪要\n\n"
           "1. 如何通过 [Ivy](https://github.com/unifyai/ivy) 将模型转换到飞桨。（35 min）\n\n"
           "   - QA 环节：\n\n"
           "     - **问题 1：** 你有测试过多少模型能够转换成功？\n"
           "       **答：** 目前测试了 30 个主流模型，均能转换成功。\n\n"
           "     - **问题 2：** 转换以后会影响训练性能吗？\n"
           "       **答：** 通常来讲并不会影响训练性能。\n\n"
           "     - **问题 3：** 英国的人工智能环境怎么样？\n"
           "       **答：** 英国的人工智能环境还是不错的，DeepMind 就设在英国。\n\n"
           "2. [PaConvert](https://github.com/PaddlePaddle/PaConvert) 代码转换工具介绍 （15min）\n\n"
           "   - **问题 1 ：** 是否有中间表示？\n     **答：** 直接转换，没有中间表示。\n")

NEWS = ("<html><head><title>海螺沟寻子一个月：搜寻无果母亲不舍离去</title></head><body>"
        "<div class='nav'><a href='/'>首页</a><a href='/news'>新闻</a></div>"
        "<div class='article'><h1>海螺沟寻子一个月：搜寻无果母亲不舍离去</h1>"
        "<p>8岁儿子在景区失联的第32天，9月2日，温先生启程返回湖北十堰。</p>"
        "<p><strong>河流、丛林与冰川</strong></p>"
        "<p>红石滩景点位于景区海拔最高、约3600米的四号营地附近，夏季的夜晚依然很冷。</p>"
        "<p><strong>这一段话整段加粗，但它是一个完整的句子。</strong></p>"
        "<p><strong>冰洞搜索</strong></p>"
        "<p>在小温失联的第二十天，两支救援队带着专业设备进入冰洞进行搜寻。</p>"
        "<p><strong>开学和期待</strong></p>"
        "<p>班主任说，孩子的学籍的保留也没有问题。</p><p>采写：南都见习记者 林子沛</p></div></body></html>")


# more articles than a reply lists (20): the count and the last one are still the whole list's
CHARTER = "志愿者协会章程\n" + "".join(f"第{to_chinese(n)}条 本会第{n}项事务由理事会负责办理。\n" for n in range(1, 24))


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("layouts16"), {
        "community-rules.md": RULES, "contributor-minutes.md": MINUTES, "missing-boy-news.html": NEWS,
        "volunteer-charter.txt": CHARTER, "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa


def _speeches(text: str, name: str):
    return split_speeches(read_document(Path("/nonexistent") / name, text.encode("utf-8")), name)


def test_html_inside_markdown_is_line_breaks_and_spaces_not_words():
    (speech,) = _speeches(RULES, "r.md")
    # the front matter is still read: its title, written in full on the first line, is that line's
    assert speech.title == "椰城社區規約" and speech.paragraphs[0].startswith("113年10月17日")
    for mark in ("<br>", "&nbsp;", "\n---", "](http"):
        assert mark not in speech.text, mark
    top = parse_directives(speech)
    # an article heading with a tab after its number is an article too
    assert [d.label for d in top[:3]] == ["第一條", "第二條", "第三條"]  # labelled as written
    assert top[2].heading == "禁止申請與安裝電動車充電設備"
    assert [c.heading for c in top[1].children] == ["主任委員一名", "副主任委員一名"]


def test_a_page_pasted_into_markdown_keeps_its_paragraphs():
    page = ("# 全会公报\n\n<p><strong>央视网消息：</strong></p><p>全会于7月15日至18日在北京举行。</p>"
            "<p>全会听取了工作报告。</p>\n")
    (speech,) = _speeches(page, "p.md")
    assert speech.text.splitlines()[-3:] == ["央视网消息：", "全会于7月15日至18日在北京举行。", "全会听取了工作报告。"]


def test_markdown_heading_levels_bound_what_a_numbered_heading_holds():
    (speech,) = _speeches(RULES, "r.md")
    top = parse_directives(speech)
    # ### 管理辦法 over ### 一. … / ### 二. …: the rules after the articles, not items of the last one
    assert [d.heading for d in top] == ["本規約效力所及範圍", "管理委員會委員人數", "禁止申請與安裝電動車充電設備",
                                        "管理辦法"]
    assert top[2].children == []
    rules = top[3].children
    assert [d.heading for d in rules] == ["安全維護管理辦法", "門禁管理辦法"]
    # a heading's 一. and the 一、 items under it are two lists, though written alike
    assert [d.heading for d in rules[0].children] == ["嚴禁小販、推銷員自行進入本社區", "住戶應遵守下列事項"]
    assert [d.label for d in rules[0].children[1].children] == ["1", "2"]
    assert [d.heading for d in rules[1].children][:2] == ["夜間十時以後，警衛不得以對講機通知住戶", "訪客應於警衛室登記"]


def test_a_sentence_that_names_the_title_stays_text():
    page = "---\ntitle: 社區規約\n---\n\n现将社區規約修订如下：\n\n第一條 本規約效力及於全體住戶。\n"
    (speech,) = _speeches(page, "r.md")
    assert speech.title == "社區規約" and speech.paragraphs[0] == "现将社區規約修订如下："


def test_the_rules_are_counted_and_quoted_clean(qa):
    counted = qa.ask("社區規約一共有幾條？最後一條是什麼？")
    assert counted.mode == "outline" and "共3条" in counted.answer.text
    # (the articles are counted, not the rules after them)
    assert "最后一条是：第三條 禁止申請與安裝電動車充電設備" in counted.answer.text
    assert "安全維護管理辦法" not in counted.answer.text
    assert "禁止申請與安裝電動車充電設備" in counted.answer.text
    why = qa.ask("為什麼住戶不得自行申請安裝電動車充電設備？")
    assert "配電盤跟電管線槽設備老舊" in why.answer.sentences[0].text
    assert "<br>" not in why.hits[0].passage.text


def test_a_link_is_its_words_and_a_nested_question_item_is_a_point():
    (speech,) = _speeches(MINUTES, "m.md")
    assert "轮值主席MarioLulab主持" in speech.text and "https://" not in speech.text
    top = parse_directives(speech)
    assert [d.heading for d in top] == ["会议概况", "会议纪要"]
    first, second = top[1].children
    assert first.heading.startswith("如何通过 Ivy 将模型转换到飞桨")
    assert second.heading.startswith("PaConvert 代码转换工具介绍")  # its line was only a link before
    assert [q.label for q in first.children] == ["问题1", "问题2", "问题3"]
    assert first.children[2].heading == "英国的人工智能环境怎么样"


def test_an_agenda_numbered_as_a_list_is_what_its_items_count(qa):
    counted = qa.ask("这份会议纪要包括几个议题？第二个议题是什么？")
    assert counted.mode == "outline" and "共2个议题" in counted.answer.text
    assert "第二个议题是：2.PaConvert 代码转换工具介绍" in counted.answer.text


def test_a_question_asked_at_a_meeting_is_answered_from_its_item(qa):
    answer = qa.ask("PaConvert转换代码时有没有中间表示？")
    # the item's question restates the one asked: the line under it answers (答：…), and is quoted first
    assert "直接转换，没有中间表示" in answer.answer.sentences[0].text
    hit = answer.hits[0].passage
    assert hit.path[:2] == ["会议纪要", "2.PaConvert 代码转换工具介绍 （15min）"]
    host = qa.ask("这次会议由谁主持？")
    assert "轮值主席MarioLulab主持" in host.answer.text  # the link's words, not its address


def test_bold_paragraphs_are_the_news_report_s_sub_headings():
    (speech,) = _speeches(NEWS, "n.html")
    top = parse_directives(speech)
    # a whole sentence in bold is emphasis, not a heading
    assert [d.heading for d in top] == ["河流、丛林与冰川", "冰洞搜索", "开学和期待"]
    assert top[0].body_start > top[0].start and "四号营地" in speech.text[top[0].start:top[0].end]


def test_bold_lines_of_a_page_that_numbers_its_points_stay_lines():
    page = ("<html><head><title>关于印发实施细则的通知</title></head><body><div class='article'>"
            "<p><strong>关于印发实施细则的通知</strong></p><p>各区人民政府：现将实施细则印发给你们。</p>"
            "<p><strong>实施细则</strong></p><p>第一条 为完善社会救助体系，制定本细则。</p>"
            "<p>第二条 本细则自印发之日起施行。</p></div></body></html>")
    (speech,) = _speeches(page, "p.html")
    assert [d.label for d in parse_directives(speech)] == ["第一条", "第二条"]
    assert "#" not in speech.text


def test_the_news_report_s_parts_are_listed_and_its_last_named(qa):
    listed = qa.ask("海螺沟寻子那篇报道分成哪几个部分？")
    assert listed.mode == "outline"
    assert all(h in listed.answer.text for h in ("河流、丛林与冰川", "冰洞搜索", "开学和期待"))
    last = qa.ask("海螺沟寻子那篇报道最后一个小标题叫什么？")
    assert "开学和期待" in last.answer.text


def test_a_list_longer_than_the_reply_still_has_its_count_and_its_last_item(qa):
    counted = qa.ask("志愿者协会章程一共有几条？最后一条是什么？")
    assert counted.mode == "outline" and "共23条" in counted.answer.text
    assert "最后一条是：第二十三条 本会第23项事务" in counted.answer.text
    assert counted.answer.text.endswith("；……。")  # the listing stops at 20, and says so


def test_a_reporter_s_credit_makes_the_page_a_report_people_name_as_such(qa):
    last = qa.ask("报道最后一个小标题叫什么？")
    assert "海螺沟寻子一个月" in last.notice
    assert last.hits[0].passage.path == ["开学和期待"]


def test_a_party_is_a_banquet_and_eleven_at_night_a_time(qa):
    late = qa.ask("家裡開派對最晚能玩到幾點？")  # 派对 = 宴会 舞会 (data/synonyms.txt)
    assert "最遲不得超過夜間十一時" in late.hits[0].passage.text
    assert holds("date", "最遲不得超過夜間十一時。") and holds("date", "深夜两点")
