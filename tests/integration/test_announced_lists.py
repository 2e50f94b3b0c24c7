"""Lists a question names by the line that announces them (…关键是要树立以下四个教育理念 /
强化以下“四种意识”：) rather than by a heading or a number — on a real index of text laid out so."""
from __future__ import annotations

import pytest

from qa.testing import HashEmbedder, tiny_index

FILLER = "全校上下要统一思想，形成合力，确保各项工作落到实处。"
SPEECH = ("着力建设现代教育名校\n——在八届三次教代会上的讲话\n各位代表：\n"
          "一年来，学校工作取得了新的成绩，高考成绩再创新高。\n"
          "各位代表，当前教育发展迈入新阶段，把学校建设得更好，关键是要树立以下四个教育理念，促进学校持续健康发展。\n"
          "一是要树立发展以质量为本的理念。质量是学校的生命线。" + FILLER + "\n"
          "二是要树立教育以育人为本的理念。教育影响学生的一生。" + FILLER + "\n"
          "三是要树立办学以人才为本的理念。教师是第一资源。" + FILLER + "\n"
          "四是要树立管理以人文为本的理念。管理是管人的艺术。借此机会，希望全体教师进一步强化以下“四种意识”：\n"
          "一要进一步强化责任意识。" + FILLER + "\n二要进一步强化质量意识。" + FILLER + "\n"
          "三要进一步强化品牌意识。" + FILLER + "\n四要进一步强化大局意识。" + FILLER + "\n"
          "学校建有7个市名师工作室，培养了一大批省市名师。\n当然，学校工作还存在一些不足，主要如下：\n"
          "1.管理工作有待精细化。" + FILLER + "\n2.教师积极性有待激发。" + FILLER + "\n3.尖子生培养有待推进。" + FILLER + "\n")
OTHER = "关于学校食堂管理的通知\n一、总体要求\n确保师生饮食安全。\n二、工作措施\n加强食材进货查验，强化质量意识。\n"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("announced"), {"speech.txt": SPEECH, "canteen.txt": OTHER}, HashEmbedder())


def test_an_ordinal_inside_a_list_the_asker_quotes_by_name(index):
    """“四种意识”里第三种: the quoted name is written whole in the line announcing the 一要 list."""
    result = index.qa.ask("局长要求强化的“四种意识”里第三种是什么？")
    assert result.answerable and result.mode == "structural"
    assert result.hits[0].passage.path[-1] == "三要进一步强化品牌意识"


def test_the_items_of_a_list_named_by_the_line_announcing_it(index):
    """哪四个教育理念: the 一是 list the line before it announces, not the 一要 list inside it,
    not the 1. list after it."""
    result = index.qa.ask("教代会讲话里提出要树立哪四个教育理念？")
    assert result.mode == "outline"
    text = result.answer.text
    assert "列出的共4点" in text and "一是要树立发展以质量为本的理念" in text and "四是要树立管理以人文为本的理念" in text
    assert "强化责任意识" not in text and "管理工作有待精细化" not in text


def test_a_count_question_about_a_fact_is_not_taken_for_a_list(index):
    """有几个名师工作室 is a fact two lines above a list (…不足，主要如下： 1. 2. 3.): only the line
    that announces a list names it, so the fact is answered, not the list counted."""
    result = index.qa.ask("学校有几个市名师工作室？")
    assert result.mode != "outline" and "尖子生培养" not in result.answer.text
