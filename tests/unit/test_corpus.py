"""Corpus loading: encodings, compilation splitting, boilerplate removal."""
from pathlib import Path

import pytest

from qa.errors import DocumentUnreadable
from qa.ingest.corpus import load_speeches, split_speeches
from qa.ingest.files import decode_bytes

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "speeches" / "covid-prevention-speeches.txt"


def bundled_speeches():
    return split_speeches(BUNDLED.read_text(encoding="utf-8"), BUNDLED.name)


def test_bundled_compilation_splits_into_five_titled_speeches():
    speeches = bundled_speeches()
    assert [s.ordinal for s in speeches] == [1, 2, 3, 4, 5]
    assert speeches[0].title == "领导在2024年新冠肺炎疫情防控工作会议上的讲话"
    assert speeches[2].title.startswith("在新冠病毒感染的肺炎疫情防控工作会议上的讲话")
    # The repeated title line (…讲话范文) is not body text.
    assert speeches[0].paragraphs[0] == "同志们："
    assert not any("范文" in p for s in speeches for p in s.paragraphs[:1])


def test_site_credit_footer_is_dropped():
    last = bundled_speeches()[-1]
    assert last.paragraphs[-1].startswith("三要作风上再严实")
    assert not any("zhann" in p for s in bundled_speeches() for p in s.paragraphs)


def test_document_without_speech_headers_is_one_speech_titled_by_first_line():
    speeches = split_speeches("关于防汛工作的讲话\n同志们：\n一、提高认识。\n", "a.txt")
    assert len(speeches) == 1
    assert speeches[0].title == "关于防汛工作的讲话"
    assert speeches[0].paragraphs == ["同志们：", "一、提高认识。"]


def test_a_kind_alone_on_the_line_under_a_name_completes_the_title():
    """中国某某研究会质量分会 / 章程 (two bold lines of a Markdown head): one title, 《…分会章程》."""
    speeches = split_speeches("中国某某研究会质量分会\n章程\n1. 总则\n第一条 本分会的名称是中国某某研究会质量分会。\n",
                              "charter.md")
    assert speeches[0].title == "中国某某研究会质量分会章程"
    # a title that already names its kind is not joined to the next line
    other = split_speeches("关于防汛工作的讲话\n通知\n一、提高认识。\n", "b.txt")
    assert other[0].title == "关于防汛工作的讲话"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_decodes_utf8_bom_and_gbk(encoding):
    text = "第一，要扛稳防控政治责任。疫苗接种"
    assert decode_bytes(text.encode(encoding), "x.txt") == text


def test_binary_bytes_are_refused_with_the_file_name():
    with pytest.raises(DocumentUnreadable, match="photo.txt"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "photo.txt")


def test_a_folders_readme_is_its_notes_not_one_of_its_documents(tmp_path):
    """README.md lists the documents' sources and names each file: indexed, it answered
    "这份通知是哪天发的" with a row of its table."""
    (tmp_path / "notice.txt").write_text("关于学习讲话的通知\n请认真学习。\n2019年6月10日\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# 来源\n| notice.txt | 通知，2019年 |\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "readme.txt").write_text("本文件夹收录讲话。\n", encoding="utf-8")
    speeches, skipped = load_speeches(tmp_path)
    assert [s.file for s in speeches] == ["notice.txt"]
    assert sorted(s.file for s in skipped) == ["README.md", "sub/readme.txt"]
    assert all("README" in s.reason for s in skipped)


def test_unreadable_file_is_skipped_and_named(tmp_path):
    (tmp_path / "good.txt").write_text("标题\n第一，要做好防控。\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    speeches, skipped = load_speeches(tmp_path)
    assert [s.file for s in speeches] == ["good.txt"]
    assert [s.file for s in skipped] == ["bad.txt"]
