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


PLENARY = ("狠抓落实\n——在市政府全体会议上的讲话\n同志们：\n今天召开市政府全体会议，部署今年工作。\n"
           "一、大力弘扬实干精神\n第一，要有豪气。" + FILLER + "\n第二，要有勇气。" + FILLER + "\n"
           "二、锻造担当有为的队伍\n一是要在讲政治上作表率。" + FILLER + "\n二是要在强本领上下苦功。" + FILLER + "\n"
           "三是要在守底线上不逾规。" + FILLER + "\n"
           "最后，我就做好当前及春节前后工作再强调四点意见。一要保平安。牢牢守住安全底线。二要优供应。确保节日供应。"
           "三要促和谐。全力保障困难群众基本生活。四要开好门。抓好一季度开门红。\n")
OPINION = ("关于加强学校安全工作的意见\n一、总体要求\n牢固树立安全发展理念。\n二、主要任务\n（一）加强校园安全管理。\n"
           "（二）加强食品安全管理。\n（三）加强交通安全管理。\n")
BULLETIN = ("中共某市纪委关于三起违反八项规定精神典型问题的通报\n全体教工：\n现将通报转发给大家，请认真学习。\n"
            "为进一步严明纪律，现将今年以来查处的3起违反八项规定精神典型问题通报如下。\n"
            "一、甲镇原党委书记张某违规收受礼卡问题。2014年期间，张某收受购物卡。\n"
            "2、乙街道原副主任李某违规收受礼品问题。李某收受礼品共计1万元。\n"
            "3、丙公司原经理王某公款旅游问题。王某组织公款旅游。\n")


@pytest.fixture(scope="module")
def counted(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("counted"), {"plenary.txt": PLENARY, "opinion.txt": OPINION,
                                                           "bulletin.txt": BULLETIN}, HashEmbedder())


def test_a_list_its_paragraph_opens_by_counting_it_is_named_by_that_sentence(counted):
    """最后，…再强调四点意见。一要…: the 一要 list stands inside the last 一是 point, and the sentence
    that opens its paragraph names it; 四点意见 are points, not the 《…意见》 document."""
    result = counted.qa.ask("春节前后那四点意见里，第三点是什么？")
    assert result.answerable and result.hits[0].passage.file == "plenary.txt"
    assert result.answer.text.startswith("三要促和谐")


def test_a_bulletins_cases_are_named_by_the_words_that_also_name_it(counted):
    """通报了几起违反八项规定的问题，最后一起: the line announcing the cases repeats the bulletin's
    title words, which name the document too; the count asked beside the ordinal is no topic."""
    result = counted.qa.ask("市纪委通报了几起违反八项规定的问题，最后一起是谁的？")
    assert result.mode == "structural" and result.hits[0].passage.file == "bulletin.txt"
    assert "王某" in result.answer.text and "张某" not in result.answer.text


OPINION = ("关于办理集资案件若干问题的意见\n一、关于单位犯罪的认定问题\n单位实施集资犯罪活动，违法所得归单位所有的，应当认定为单位犯罪。\n"
           "二、关于犯罪数额的认定问题\n吸收公众存款构成犯罪，具有下列情形之一的，向亲友或者单位内部人员吸收的资金应当一并计入犯罪数额：\n"
           "（一）在向亲友吸收资金的过程中，明知亲友向不特定对象吸收资金而予以放任的；\n"
           "（二）以吸收资金为目的，将社会人员吸收为单位内部人员的；\n（三）向社会公开宣传，同时向亲友吸收资金的。\n"
           "三、关于管辖问题\n跨区域案件一般由主要犯罪地公安机关作为案件主办地。\n")


def test_the_kinds_a_list_names_are_counted_as_its_items(tmp_path):
    """…的情形一共列了几种: 几种 asks for the items of the list its line announces (下列情形之一), as 几项 does."""
    index = tiny_index(tmp_path, {"opinion.txt": OPINION, "canteen.txt": OTHER}, HashEmbedder())
    result = index.qa.ask("亲友的资金要计入犯罪数额的情形一共列了几种？")
    assert result.mode == "outline"
    assert "共3" in result.answer.text and "向社会公开宣传" in result.answer.text
