"""A company's all-staff letter saved from a WeChat post (its headline ending in ！, sections titled
by short bold lines, lists counted inside a paragraph) and a lecture transcript that counts its
points aloud (第一个方面，… / 第二个就是…) — each on a real index of text laid out so."""
from __future__ import annotations

import pytest

from helpers import UNRELATED_NOTICE
from qa.ingest.corpus import load_speeches
from qa.ingest.directives import speech_passages
from qa.testing import HashEmbedder, tiny_index

LETTER = ("# 全员邮件：2025，再出发！\n\n[**返回列表页**](/posts)\n\n **作者 / 林远**\n\n"
          "每年的这一天，我都会用一封邮件，与你分享我对过去一年的反思，以及对新的一年的思考。那么，从哪里开始分享？从年度大会开始。\n"
          "**年度大会**\n\n#####\n\n"
          "今年的年度大会，我们犯了两个错误。一个是关于内容的错误，一个是关于如何处理这个错误的错误。我们花了很长时间才真正想明白这件事。\n"
          "这是疫情之后我们的第一场体育场大场演讲，几十位同事共同准备了整整一年。付费社群的营收目标，保持三年不变。\n"
          "**短视频**\n\n#####\n\n"
          "所以，明年我们的短视频策略，先做一些立刻能做到的调整：1、日常。我自己用手机录制日常思考；2、公号。把每天的文章视频化；3、直播。从直播中剪出有价值的切片。\n"
          "然后，我会和短视频团队一起想办法，提高短视频的价值。我们的核心能力是文字，可能还不太适应短视频，但我们唯有拥抱它。\n"
          "为什么？平台发展到今天，已经非常白热化，创作水平被卷到了前所未有的高度。短视频可能有两个走势：1）反审美化；2）中视频化。\n"
          "**客户服务**\n\n#####\n\n"
          "会员优先服务是我们为付费会员开通的全国免费热线，向有账户相关问题的会员提供专门的支持和帮助。此项服务的免费电话号码为 1-866-860-4259。\n"
          "**直播**\n\n#####\n\n"
          "今年，《远见读书会》的直播，共播出了186场。大约平均每周4场。感谢主播们的坚持，你们每晚都很晚才回家。\n"
          "什么意思？每场直播带动了多少人听书。今年，《远见读书会》直播的影响力平均是31万分钟，明年的目标是40万分钟。\n")

LECTURE = ("演讲实录：如何培养创新型人才\n"
           "同学们好，今天我讲讲如何培养创新人才，这也是我在学校的最后一课。我们先从一个故事讲起，再说学校该怎么做。\n"
           "我专门列了几道自测题给大家。第一个就是你的价值观异化没有，心里头最高的追求是什么。\n"
           "第二个就是遇到问题的时候，你是想叫老师开课讲，还是自己有能力去学。\n"
           "第三个，你的知识结构中间，标准化的知识是不是占了绝大多数。\n"
           "第一个方面，培养创新人才最重要的首要条件是要思想自由，要鼓励学生大胆提出新想法，不怕犯错。\n"
           "大家要记住，没有自由的思想就没有真正的创新，这一点我每年开学都要讲。\n"
           "第二个就是中国的大学高度同质化，这个结构问题要改，每所学校都应该办出自己的特色。\n")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("letters19"), {
        "all-staff-letter.md": LETTER, "lecture.txt": LECTURE, "notice.txt": UNRELATED_NOTICE},
        HashEmbedder()).qa


def test_a_headline_ending_in_an_exclamation_is_the_letters_title(qa):
    result = qa.ask("这封全员邮件里，公司明年的短视频策略是什么？")
    assert "《全员邮件：2025，再出发！》" in result.notice
    assert result.answerable and result.results[0]["citation"]["file"] == "all-staff-letter.md"


def test_bold_lines_title_sections_and_an_inline_list_ends_with_its_paragraph(tmp_path):
    (tmp_path / "all-staff-letter.md").write_text(LETTER, encoding="utf-8")
    speeches, _ = load_speeches(tmp_path)
    paths = {p.text.split("\n")[-1].split("。")[0]: p.path for p in speech_passages(speeches[0])}
    assert paths["今年的年度大会，我们犯了两个错误"] == ["年度大会"]
    assert paths["今年，《远见读书会》的直播，共播出了186场"] == ["直播"]
    # the paragraph after 1、日常 2、公号 3、直播 (one paragraph) is the section's, not 3、直播's
    after = next(path for text, path in paths.items() if text.startswith("然后，我会和短视频团队"))
    assert after == ["短视频"]


def test_a_count_asked_in_its_counter_is_answered_by_that_count(qa):
    result = qa.ask("今年《远见读书会》一共直播了多少场？")
    assert result.answerable and "186场" in result.answer.sentences[0].text


def test_points_counted_aloud_are_the_lectures_structure(qa):
    """第二个方面 is the second of the points the talk counts as 方面, not of its self-test before them."""
    result = qa.ask("如何培养创新型人才那篇演讲实录，第二个方面讲的是什么？")
    assert result.answerable
    assert "同质化" in result.answer.sentences[0].text


def test_a_number_whose_subject_the_sentence_before_names_answers_the_contact_asked(qa):
    """此项服务的免费电话号码为 1-866-…: the sentence takes its subject from the one before, and a
    number dialled in dashed groups is a telephone number."""
    for question in ("会员优先服务的免费热线号码是多少？", "付费会员的全国免费热线电话是多少？"):
        result = qa.ask(question)
        assert result.answerable and "1-866-860-4259" in result.answer.sentences[0].text


@pytest.mark.parametrize("question", [
    "公司今年全年营收是多少？",  # a sum of money asked: 保持三年不变 states no revenue
    "年度大会在哪个城市的哪座体育场举办？",  # 第一场体育场大场演讲 names no stadium
])
def test_near_misses_the_letter_never_states_are_refused(qa, question):
    assert not qa.ask(question).answerable


def test_a_numbered_question_of_a_self_test_is_its_point(qa):
    result = qa.ask("如何培养创新型人才那篇演讲实录里的自测题，第三题问的是什么？")
    assert result.answerable and "知识结构" in result.answer.sentences[0].text


def test_items_counted_inside_a_sentence_are_quoted_whole(qa):
    """短视频可能有两个走势：1）反审美化；2）中视频化。: the list the colon announces is one answer,
    not its first item."""
    result = qa.ask("短视频接下来可能有哪两个走势？")
    assert result.answerable
    first = result.answer.sentences[0].text
    assert "1）反审美化" in first and "2）中视频化" in first


def test_a_count_announced_is_quoted_with_the_sentence_that_counts(qa):
    """…我们犯了两个错误。一个是关于内容的错误，一个是…: the announcement alone says how many, the
    sentence after it says which."""
    result = qa.ask("年度大会上到底犯了啥错？")
    assert result.answerable
    assert "一个是关于内容的错误" in result.answer.sentences[0].text
