"""An emergency plan numbered 1 总则 / 1.1 编制目的 / 1.2.1 …, under a letter-spaced title and
after a contents list that repeats its headings, and a bulletin that names its annex above
its signature — on a real index of text laid out so."""
from __future__ import annotations

import pytest

from qa.testing import HashEmbedder, tiny_index

CONTENTS = "1 总则\n1.1 编制目的\n1.2 适用范围\n2 应急响应\n2.1 响应程序\n2.2 应急终止\n3 附则\n"
PLAN = ("国务院办公厅关于印发国 家 粮 食 应 急 预 案 的 函\n各省、自治区、直辖市人民政府：\n"
        "《国家粮食应急预案》已经国务院同意，现印发给你们，请认真贯彻执行。\n国家粮食应急预案\n" + CONTENTS +
        "1 总则\n1.1 编制目的\n为有效监测和控制粮食市场异常波动，保证粮食市场供应，制定本预案。\n"
        "1.2 适用范围\n1.2.1 本预案适用于在全国出现粮食应急状态时的应对工作。\n"
        "1.2.2 省级人民政府可以根据本地区实际情况制订本地区预案。\n"
        "2 应急响应\n2.1 响应程序\n接到紧急报告后，指挥部立即组织有关人员分析情况，并做出评估和判断。\n"
        "2.2 应急终止\n粮食应急状态消除后，指挥部及时终止实施应急措施，恢复正常秩序。\n"
        "3 附则\n3.1 本预案由国家发展改革委负责解释。\n3.2 本预案自印发之日起施行。\n")
BULLETIN = ("国务院办公厅关于对典型经验做法给予表扬的通报\n各省、自治区、直辖市人民政府：\n"
            "为表扬先进，树立典型，国务院决定对大督查发现的典型经验做法予以表扬。各地区要认真学习借鉴。\n"
            "附件：大督查发现的典型经验做法（共3项）\n国务院办公厅\n2018年11月19日\n（此件公开发布）\n"
            "附件\n大督查发现的典型经验做法\n1.北京市推进外国人来华工作许可制度改革\n"
            "2.天津市多措并举推进棚户区改造\n3.河北省实施“两不见面”改革\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("decimal"), {"grain-plan.txt": PLAN, "bulletin.txt": BULLETIN},
                      HashEmbedder())


def test_decimal_numbers_are_levels_labelled_as_written_and_the_contents_list_is_no_section(index):
    plan = next(s for s in index.qa.build.outline() if s["file"] == "grain-plan.txt")
    tree = plan["directives"]
    assert [(d["label"], d["heading"]) for d in tree] == [("1", "总则"), ("2", "应急响应"), ("3", "附则")]
    assert [c["label"] for c in tree[0]["children"]] == ["1.1", "1.2"]
    assert [c["label"] for c in tree[0]["children"][1]["children"]] == ["1.2.1", "1.2.2"]
    assert plan["title"] == "国务院办公厅关于印发国家粮食应急预案的函"  # named by its words


def test_a_decimal_section_is_asked_by_number_and_named_by_its_title_words(index):
    result = index.qa.ask("粮食应急预案第2章“应急响应”包括哪几节？")
    assert result.answerable and result.hits[0].passage.file == "grain-plan.txt"
    assert "2.1 响应程序" in result.answer.text and "2.2 应急终止" in result.answer.text
    assert result.answer.sentences[0].text == "2.1 响应程序"  # named by its heading too: its items first
    last = index.qa.ask("粮食应急预案的附则一共几条，最后一条说什么？")
    assert last.answerable and "自印发之日起施行" in last.answer.text


def test_an_annex_named_above_the_signature_is_not_begun_there(index):
    parts = [s for s in index.qa.build.outline() if s["file"] == "bulletin.txt"]
    assert [s["title"] for s in parts][1:] == ["附件 大督查发现的典型经验做法"]
    assert [d["label"] for d in parts[1]["directives"]] == ["1", "2", "3"]


def test_a_question_inside_the_annex_asks_the_annex(index):
    """通报附件里排在第一项的: the bulletin's annex, not the bulletin or a list of both."""
    result = index.qa.ask("通报附件里排在第一项的典型经验做法是哪个？")
    assert "《附件 大督查发现的典型经验做法》" in result.notice and result.hits[0].passage.speech == 2
    assert "北京市推进外国人来华工作许可制度改革" in result.answer.text


PLANS = {
    "vocational-plan.txt": ("国家职业教育改革实施方案\n一、完善制度体系\n健全国家职业教育制度框架。\n"
                            "二、构建国家标准\n完善教育教学相关标准。\n三、促进产教融合\n推动校企全面加强深度合作。\n"
                            "四、建设多元办学格局\n推动企业举办职业教育。\n五、完善技术技能人才保障政策\n"
                            "（一）提高技术技能人才待遇水平。\n支持技术技能人才凭技能提升待遇。\n"
                            "（二）健全经费投入机制。\n各级政府要建立财政投入制度。\n"),
    "website-plan.txt": ("政府网站集约化试点工作方案\n一、总体要求\n推进政府网站集约化。\n二、试点范围\n选择部分地区试点。\n"
                         "三、试点任务\n建设集约化平台。\n四、工作进度\n按计划推进。\n五、保障措施\n（一）加强组织领导。\n"
                         "各试点单位要高度重视。\n（二）强化运维保障。\n做好平台运行维护。\n"),
}


def test_a_quoted_heading_tells_which_of_two_plans_a_part_is_in(tmp_path):
    """方案第五部分“完善技术技能人才保障政策”: two documents are 方案; the quoted heading is the
    fifth part of only one of them."""
    index = tiny_index(tmp_path, PLANS, HashEmbedder())
    result = index.qa.ask("方案第五部分“完善技术技能人才保障政策”下面包括哪几条？")
    assert result.mode == "outline" and "《国家职业教育改革实施方案》" in result.notice
    assert "（一）提高技术技能人才待遇水平" in result.answer.text and "加强组织领导" not in result.answer.text
    both = index.qa.ask("方案第五部分下面包括哪几条？")  # no heading to tell them apart: ask which, showing each
    assert "请说明是哪一份" in both.notice and len({h.passage.file for h in both.hits}) == 2


NOTICES = {
    "vocational.txt": ("国务院关于印发国家职业教育改革实施方案的通知\n国家职业教育改革实施方案\n一、完善制度体系\n健全制度框架。\n"
                       "二、构建国家标准\n完善相关标准。\n三、促进产教融合\n推动校企合作。\n四、建设多元办学格局\n"
                       "（一）推动企业和社会力量举办高质量职业教育。\n各级政府部门要深化改革。\n"),
    "kindergartens.txt": ("国务院办公厅关于开展城镇小区配套幼儿园治理工作的通知\n一、总体要求\n做好治理工作。\n二、工作任务\n"
                          "依标配建幼儿园。\n三、工作措施\n全面摸底排查。\n四、组织实施\n1.建立治理工作协调机制。成立治理工作小组。\n"
                          "2.落实治理责任分工。各地要明确责任。\n"),
}


def test_a_quoted_heading_moves_the_question_to_the_document_that_has_it(tmp_path):
    """通知第四部分“组织实施”的第一条: whichever 通知 the name leans to, the one whose fourth part is
    组织实施 is meant."""
    index = tiny_index(tmp_path, NOTICES, HashEmbedder())
    result = index.qa.ask("通知第四部分“组织实施”的第一条是什么？")
    assert result.hits[0].passage.file == "kindergartens.txt"
    assert "建立治理工作协调机制" in result.answer.text
