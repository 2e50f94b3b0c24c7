"""One page-number test serves PDF pages, OCR'd pages and the head of a text."""
import pytest

from qa.ingest.layout import is_noise
from qa.ingest.page_numbers import is_page_number


@pytest.mark.parametrize("line", ["12", "- 12 -", "—3—", "－ 7 －", "第 3 页", "第3页，共10页", "第 2 页 / 共 9 页", "5页"])
def test_printed_page_numbers(line):
    assert is_page_number(line)
    assert is_noise(line)


@pytest.mark.parametrize("line", ["12345", "第三条", "2021年3月5日", "一、总体要求", "第3条 本办法所称", "共10页的材料"])
def test_content_is_no_page_number(line):
    assert not is_page_number(line)
