"""A policy page under a recommendation note, asked about by the headings of its parts
(“提高政治能力”这一部分包括哪几条 / 第二部分“坚定政治信仰”下面第一条) — on a real index."""
from __future__ import annotations

import pytest

from qa.ingest.corpus import split_speeches
from qa.testing import HashEmbedder, tiny_index

FILLER = "各级党组织要提高认识，压实责任，确保各项要求落到实处。"
OPINIONS = ("党的政治建设是党的根本性建设。本月推荐给各位党员的是这份意见。\n中共中央关于加强党的政治建设的意见\n"
            "为切实加强党的政治建设，提出如下意见。\n一、总体要求\n（一）指导思想。" + FILLER + "\n"
            "二、坚定政治信仰\n（二）坚持用党的科学理论武装头脑。" + FILLER + "\n（三）坚定理想信念。" + FILLER + "\n"
            "三、提高政治能力\n（四）增强党组织政治功能。" + FILLER + "\n（五）彰显国家机关政治属性。" + FILLER + "\n"
            "（六）提高党员干部政治本领。" + FILLER + "\n")
OTHER = "关于学校食堂管理的通知\n一、总体要求\n确保师生饮食安全。\n二、工作措施\n加强食材进货查验。\n"


def test_a_note_over_a_title_that_names_its_kind_is_frame():
    (speech,) = split_speeches(OPINIONS, "opinions.txt")
    assert speech.title == "中共中央关于加强党的政治建设的意见"
    assert speech.paragraphs[0].startswith("党的政治建设是党的根本性建设") and 1 in speech.frame


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("headings"), {"opinions.txt": OPINIONS, "canteen.txt": OTHER}, HashEmbedder())


def test_the_items_of_a_part_named_by_its_heading_come_first(index):
    result = index.qa.ask("“提高政治能力”这一部分包括哪几条？")
    assert result.mode == "outline"
    first = result.answer.sentences[0].text
    assert first.startswith("（四）增强党组织政治功能")
    assert "（提高政治能力" not in result.answer.text and "（三、提高政治能力" in result.answer.text
    assert "第三部分" not in result.answer.text  # named by its heading, not by a number


def test_a_quoted_heading_of_an_outer_level_names_the_part_not_a_topic(index):
    result = index.qa.ask("意见第二部分“坚定政治信仰”下面第一条是什么？")
    assert result.mode == "structural"
    assert "（二）坚持用党的科学理论武装头脑" in result.answer.sentences[0].text and "坚定理想信念" not in result.answer.text
