"""A school speech that lists its work as 一抓…五抓 (one verb after each numeral), then its gains
as 一是…三是 and its next steps as 一要…三要, under a title with a byline — on a real index."""
from __future__ import annotations

import pytest

from qa.testing import HashEmbedder, tiny_index

FILLER = "学校党委高度重视，精心组织，扎实推进，取得了明显成效。"
SPEECH = ("不忘初心担使命 传承博雅谱新篇\n——在主题教育总结大会上的讲话\n同志们：\n"
          "今天我们召开主题教育总结大会，回顾工作，部署下一步任务。\n"
          "一抓组织领导，保障方案实施责任落实。成立领导小组，班子成员分片联系支部。" + FILLER + "\n"
          "二抓领学先学，锤炼党组织书记引领能力。开展党组织书记上党课16次。" + FILLER + "\n"
          "三抓基层基础，强化支部战斗堡垒作用。重新拟定基层党支部书记岗位职责。" + FILLER + "\n"
          "四抓教师培养，建好教学管理人才梯队。组织青年教师结对拜师。" + FILLER + "\n"
          "五抓服务保障，精心调研实施暖心工程。启动教职工社团建设。" + FILLER + "\n"
          "通过全校党员的共同努力，主题教育取得了明显成效。\n"
          "一是提升了理论修养。加深了对党的创新理论的理解。\n二是提高了政治觉悟。激发了干事创业的热情。\n"
          "三是把住了廉政关口。梳理了七大高风险领域。\n"
          "下一步，我们要巩固拓展主题教育成果。\n"
          "一要抓牢“领”字，突出示范性。党委带头做好引领工作。\n二要把稳“广”字，突出全覆盖。确保不留死角。\n"
          "三要紧扣“实”字，突出求实效。学习要见实效。\n")
OTHER = "关于学校食堂管理的通知\n一、总体要求\n确保师生饮食安全。\n二、工作措施\n加强食材进货查验。\n"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("verbs"), {"summary.txt": SPEECH, "canteen.txt": OTHER}, HashEmbedder())


def test_a_verb_point_is_found_by_its_number_and_cited_as_written(index):
    result = index.qa.ask("主题教育总结讲话中的第三抓是什么？")
    assert result.answerable
    assert result.hits[0].passage.path[-1] == "三抓基层基础，强化支部战斗堡垒作用"
    assert result.answer.text.startswith("三抓基层基础")


def test_a_count_of_a_level_with_several_lists_names_each_list(index):
    """Three lists one after another at the top: the count is all of them, told list by list."""
    result = index.qa.ask("主题教育总结大会讲话一共讲了几点？")
    assert result.mode == "outline"
    assert "共11点，分3组（一抓至五抓5点，一是至三是3点，一要至三要3点）" in result.answer.text


def test_a_byline_under_a_title_names_the_document_with_its_title_first(index):
    result = index.qa.ask("主题教育总结大会讲话一共讲了几点？")
    assert "问题指向《不忘初心担使命 传承博雅谱新篇——在主题教育总结大会上的讲话》" in result.notice
