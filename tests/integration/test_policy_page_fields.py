"""A policy page saved as Markdown says what the document is in Chinese front-matter fields
(标题 / 文号 / 发布单位 / 发布日期): the title and date name it, the number and issuer stay as its
frame, so that a question naming it by its number (…429号是一份什么文件) or asking who issued it
is answered from them — on a real index."""
from __future__ import annotations

import pytest

from qa.ingest.corpus import front_matter
from qa.testing import HashEmbedder, tiny_index

PAGE = """---
标题: 市交通委、市发展改革委关于印发《交通领域光伏推广应用实施方案》的通知
文号: 沪交科〔2023〕429号
发布单位: 市交通委、市发展改革委
发布日期: 2023-06-27
分类: 绿色低碳与节能
---

# 市交通委、市发展改革委关于印发《交通领域光伏推广应用实施方案》的通知

市交通委    市发展改革委

关于印发《交通领域光伏推广应用实施方案》的通知

各有关单位：

为推进本市交通领域光伏发展，经研究，现制定《交通领域光伏推广应用实施方案》予以印发，请认真遵照执行。

特此通知。

市交通委    市发展改革委

2023年6月15日
"""
OTHER = "关于学校食堂管理的通知\n一、总体要求\n确保师生饮食安全。\n二、工作措施\n加强食材进货查验。\n"


def test_chinese_front_matter_fields():
    found, rest = front_matter(PAGE.splitlines())
    assert found["title"].endswith("关于印发《交通领域光伏推广应用实施方案》的通知")
    assert found["date"] == "2023-06-27"
    assert found["frame"] == ["文号：沪交科〔2023〕429号", "发布单位：市交通委、市发展改革委"]
    assert "分类" not in " ".join(found["frame"])  # a site's own filing says nothing of the document
    assert next(line for line in rest if line).startswith("# 市交通委")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("fields"), {"pv.md": PAGE, "canteen.txt": OTHER}, HashEmbedder()).qa


def test_the_fields_are_the_documents_frame(qa):
    passages = [p for p in qa.pipeline.build.passages if p.file == "pv.md" and "沪交科〔2023〕429号" in p.text]
    assert passages and all(p.role == "frame" for p in passages)


def test_a_document_named_by_its_number_is_asked_what_it_is(qa):
    result = qa.ask("沪交科〔2023〕429号是一份什么文件？")
    assert result.answer.sentences[0].text.endswith("关于印发《交通领域光伏推广应用实施方案》的通知")
    # quoted from the title line where it stands, not from the page's fields above it
    assert "关于印发《交通领域光伏推广应用实施方案》的通知" in result.hits[0].passage.text


def test_who_issued_it_is_the_issuer_field(qa):
    result = qa.ask("交通领域光伏推广应用实施方案是哪两个部门联合印发的？")
    assert result.answer.sentences[0].text == "发布单位：市交通委、市发展改革委"


CHARTER = ("北洋信息工程学院\n2018年高职（专科）单独招生章程\n"
           "北洋信息工程学院是全日制普通本科高等学校。为做好2018年单独招生工作，制定本章程。\n"
           "一、考试科目\n考试科目为文化素质和职业技能，满分200分。总分500分。\n"
           "二、考试地点\n考试地点：北洋信息工程学院。\n")


def test_a_title_under_the_body_that_issues_it_is_one_title():
    from qa.ingest.layout import head_and_body

    title, body = head_and_body(CHARTER.splitlines(), "charter")
    assert title == "北洋信息工程学院2018年高职（专科）单独招生章程"
    assert body[0].startswith("北洋信息工程学院是全日制")
    # the issuing body (or bodies) over 关于…的通知, as a red-headed document sets them
    assert head_and_body(["绍兴市教育局", "关于做好暑期安全工作的通知", "各学校："], "f")[0] == "绍兴市教育局关于做好暑期安全工作的通知"
    assert head_and_body(["市交通委员会    市发展和改革委员会", "关于印发《光伏推广应用实施方案》的通知", "各有关单位："],
                         "f")[0] == "市交通委员会、市发展和改革委员会关于印发《光伏推广应用实施方案》的通知"
    # a body's name over a line that names no kind of document is no title of two lines
    assert head_and_body(["北洋信息工程学院", "开学典礼致辞摘登", "同学们："], "f")[0] == "北洋信息工程学院"


def test_the_full_name_of_the_body_in_a_title_names_that_document(tmp_path):
    qa = tiny_index(tmp_path, {"charter.txt": CHARTER, "pv.md": PAGE, "canteen.txt": OTHER}, HashEmbedder()).qa
    result = qa.ask("北洋信息工程学院 单招 考试总分")
    assert "北洋信息工程学院2018年高职（专科）单独招生章程" in result.notice
    assert "总分500分" in result.hits[0].passage.text
