"""A question that names a year, in a report that reviews one year and plans the next under
headings that say so: the review answers it, not the plan's target for the same measure."""
from __future__ import annotations

from qa.models import Passage
from qa.search.years import OTHER_YEAR_FACTOR, year_factors
from qa.testing import HashEmbedder, tiny_index

REPORT = ("2025年省政府工作报告\n各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n"
          "一、2024年工作回顾\n（一）消费回流\n离岛免税经营主体销售额470亿元。\n"
          "（二）科技创新\n研发经费投入强度提升至1.4%。\n"
          "二、2025年工作安排\n（一）促进消费回流\n推动优化离岛免税政策，离岛免税经营主体销售额达到520亿元。\n"
          "（二）科技创新\n力争研发经费投入强度达1.6%。\n")
OTHER = "关于学校食堂管理的通知\n一、总体要求\n确保师生饮食安全。\n二、工作措施\n加强食材进货查验。\n"


def _passage(path: list[str]) -> Passage:
    return Passage("销售额470亿元。", "f", 1, "t", path, "", 1, 0, 10)


def test_a_heading_of_another_year_weighs_less():
    passages = [_passage(["一、2024年工作回顾"]), _passage(["二、2025年工作安排"]), _passage(["三、其他"])]
    factors = year_factors(passages, [0, 1, 2], "2024年离岛免税一共卖了多少钱？")
    assert list(factors) == [1.0, OTHER_YEAR_FACTOR, 1.0]  # no year in the heading: nothing said
    assert list(year_factors(passages, [0, 1, 2], "离岛免税卖了多少钱？")) == [1.0, 1.0, 1.0]


def test_last_year_is_counted_from_the_documents_date():
    review, plan = _passage(["一、2024年工作回顾"]), _passage(["二、2025年工作安排"])
    review.date = plan.date = "2025-01-14"
    assert list(year_factors([review, plan], [0, 1], "研发经费投入强度去年提高到了多少？")) == [1.0, OTHER_YEAR_FACTOR]
    assert list(year_factors([review, plan], [0, 1], "今年研发经费投入强度的目标是多少？")) == [OTHER_YEAR_FACTOR, 1.0]
    undated = _passage(["一、2024年工作回顾"])
    assert list(year_factors([undated], [0], "去年提高到了多少？")) == [1.0]  # no date to count from


def test_the_year_asked_is_answered_from_its_review(tmp_path):
    qa = tiny_index(tmp_path, {"report.txt": REPORT, "canteen.txt": OTHER}, HashEmbedder()).qa
    result = qa.ask("2024年离岛免税一共卖了多少钱？")
    assert "470亿元" in result.answer.sentences[0].text
    assert result.hits[0].passage.path[0] == "一、2024年工作回顾"
