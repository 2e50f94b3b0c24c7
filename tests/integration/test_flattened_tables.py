"""A plan saved from a web page with its attached tables (附表：1. … / 附表1 …) given one cell a
line: each 附表 is a part of its own, the list of them is frame, and each table is put back
together one row a line with its header, so that a row is found and states its number in the
unit its column names — on a real index."""
from __future__ import annotations

import pytest

from qa.ingest.flat_tables import unflatten_tables
from qa.search.answer_types import NUMBER, holds
from qa.testing import HashEmbedder, tiny_index

CELLS = ["序号", "区域", "新增装机容量（MW）", "1", "黄浦区", "0.3-0.4", "2", "徐汇区", "2-2.6",
         "3", "长宁区", "1.8-2.4", "4", "浦东新区", "11-14.5"]
PLAN = ("交通领域光伏推广应用实施方案\n一、总体要求\n到2025年，全市交通领域新增光伏装机容量确保达到120MW。\n"
        "二、保障措施\n（一）强化组织领导。各区要落实属地责任。\n"
        "附表：1.各区交通光伏任务分配表\n2.重点项目清单\n"
        "附表1\n各区交通光伏任务分配表\n" + "\n".join(CELLS) + "\n"
        "附表2\n重点项目清单\n" + "\n".join(["序号", "项目", "责任单位", "1", "地铁车辆段屋顶光伏", "申通地铁集团",
                                           "2", "机场停车库屋顶光伏", "机场集团", "3", "公交停保场光伏车棚", "久事集团"]) + "\n")
OTHER = "关于学校食堂管理的通知\n一、总体要求\n确保师生饮食安全。\n二、工作措施\n加强食材进货查验。\n"


def test_cells_one_a_line_are_rows_again():
    lines = unflatten_tables(["各区任务分配表"] + CELLS + ["附表2"])
    assert lines[0] == "各区任务分配表" and lines[-1] == "附表2"
    assert "序号：4；区域：浦东新区；新增装机容量（MW）：11-14.5。" in lines
    # a numbered list of sentences is no table
    listed = ["工作要求", "1", "加强组织领导，明确责任分工。", "2", "强化督促检查，确保落到实处。", "3", "做好宣传引导。"]
    assert unflatten_tables(listed) == listed


def test_a_second_table_right_after_the_first_takes_no_header_from_it():
    first = ["序号", "区域", "装机", "1", "黄浦区", "0.3", "2", "徐汇区", "2.0", "3", "长宁区", "1.8"]
    second = ["1", "甲", "2", "乙", "3", "丙"]  # no header lines of its own: no table to guess
    lines = unflatten_tables(first + second)
    assert lines[:2] == ["序号、区域、装机", "序号：1；区域：黄浦区；装机：0.3。"] and len(lines) == 4 + len(second)
    assert lines[4:] == second


def test_a_row_states_its_number_in_the_unit_its_column_names():
    assert holds(NUMBER, "序号：4；区域：浦东新区；新增装机容量（MW）：11-14.5。")
    assert not holds(NUMBER, "序号：4；区域：浦东新区。")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("tables"), {"plan.txt": PLAN, "canteen.txt": OTHER}, HashEmbedder()).qa


def test_each_attached_table_is_a_part_and_their_list_is_frame(qa):
    titles = [s.title for s in sorted(qa.pipeline.build.speeches, key=lambda s: s.ordinal) if s.file == "plan.txt"]
    assert titles == ["交通领域光伏推广应用实施方案", "附表1 各区交通光伏任务分配表", "附表2 重点项目清单"]
    listed = [p for p in qa.pipeline.build.passages if p.text.startswith("附表：1.")]
    assert [p.role for p in listed] == ["frame"]


def test_the_row_answers(qa):
    result = qa.ask("浦东新区交通光伏新增装机任务是多少MW？")
    assert result.answerable and "11-14.5" in result.answer.sentences[0].text
