"""No file in the documents folder can hurt the build: hostile files are skipped
or cut with a reason, odd names and links are handled, repeats indexed once.

Here only what runs in-process; the tests with a process, a server or the
real model are in tests/integration/test_ingest_safety_e2e.py."""
from __future__ import annotations

import json
import os
import time

import pytest

import qa
from qa.settings import Settings

from hostile_files import docx_bomb, huge_text, pdf_repeating_one_page
from qa.errors import BadSetting, BuildFailed
from qa.indexing.build import build_index
from qa.indexing.build_folder import load_build, read_pointer
from qa.ingest.corpus import file_hashes, scan_documents
from qa.ingest.limits import Limits, display_name
from qa.testing import serving
from qa.web import chat
from qa.web import status as index_status
from ingest_fixtures import docs, skipped  # noqa: F401 (docs is a fixture)
from sample_docs import SAFETY


def test_docx_that_unpacks_to_50_mb_is_skipped_unparsed(docs):
    docx_bomb(docs / "bomb.docx")
    assert (docs / "bomb.docx").stat().st_size < 200_000
    started = time.monotonic()
    reason = skipped(scan_documents(docs))["bomb.docx"]
    assert time.monotonic() - started < 20
    assert "unpacks to" in reason and "QA_MAX_DOC_BYTES" in reason


def test_docx_bomb_under_the_size_limit_is_caught_by_its_packing(docs):
    docx_bomb(docs / "bomb.docx", xml_bytes=30_000_000)
    reason = skipped(scan_documents(docs))["bomb.docx"]
    assert "word/document.xml unpacks" in reason and "times larger" in reason


def test_pdf_naming_one_page_31000_times_reads_it_once(docs, fake_embedder):
    pdf_repeating_one_page(docs / "pages.pdf")
    started = time.monotonic()
    report = build_index(docs, docs.parent / "index", fake_embedder)
    assert time.monotonic() - started < 20
    assert any("pages.pdf" in n and "30999 times" in n for n in report.notes), report.notes
    passages = load_build(docs.parent / "index").passages
    assert [p.text for p in passages if p.file == "pages.pdf"] == ["Speech on flood control"]


def test_200_mb_text_file_is_skipped_unread(docs, fake_embedder):
    huge_text(docs / "huge.txt")
    started = time.monotonic()
    report = build_index(docs, docs.parent / "index", fake_embedder)
    assert time.monotonic() - started < 20
    reason = {s.file: s.reason for s in report.skipped}["huge.txt"]
    assert reason == "200 MB, over the 50 MB limit (QA_MAX_DOC_BYTES); not read"
    assert report.passages > 0  # the other document is indexed


def test_limits_are_settings(docs, monkeypatch):
    (docs / "long.txt").write_text("标题\n" + "各地要抓好落实。" * 5000, encoding="utf-8")
    monkeypatch.setenv("QA_MAX_DOC_CHARS", "1000")
    corpus = scan_documents(docs, Limits.of(Settings.load()))  # read once, as the entry points read them
    assert any(n.startswith("long.txt: cut at 1,000 characters (QA_MAX_DOC_CHARS)") for n in corpus.notes)
    assert sum(len(s.text) for s in corpus.speeches if s.file == "long.txt") <= 1000
    monkeypatch.setenv("QA_MAX_DOC_BYTES", "20000")
    assert "over the" in skipped(scan_documents(docs, Limits.of(Settings.load())))["long.txt"]
    assert "long.txt" not in skipped(scan_documents(docs))  # the defaults, unless given


def test_a_bad_limit_names_the_variable(docs, fake_embedder, monkeypatch):
    monkeypatch.setenv("QA_MAX_PARSE_SECONDS", "soon")
    with pytest.raises(BadSetting, match="QA_MAX_PARSE_SECONDS: expected a positive number of seconds, got 'soon'"):
        qa.build_index(docs, docs.parent / "index", embedder=fake_embedder)


def test_name_that_is_not_utf8_is_read_and_shown(docs, fake_embedder):
    bad = os.fsencode(str(docs)) + b"/bad\xff\xfename.txt"
    with open(bad, "wb") as f:
        f.write(SAFETY.encode("utf-8"))
    report = build_index(docs, docs.parent / "index", fake_embedder)
    assert "bad\ufffd\ufffdname.txt" in report.added
    index = load_build(docs.parent / "index")
    assert {p.file for p in index.passages} == {"flood.txt", "bad\ufffd\ufffdname.txt"}
    service = serving(docs.parent / "index", embedder=fake_embedder)
    status = index_status.status_html(service, docs)
    status.encode("utf-8")  # no lone surrogates left to break the page
    assert "索引不是用" not in status  # the folder is seen as the one the index was built from
    turns = chat.ask(service, "企业主体责任怎么压实？")
    assert "（bad\ufffd\ufffdname.txt）" in turns[-1]["html"]  # the citation names the file
    assert any(label.startswith("bad\ufffd\ufffdname.txt") for label, _ in chat.speech_choices(service))
    # nothing changed: the next build keeps the index
    assert build_index(docs, docs.parent / "index", fake_embedder).kept


def test_gbk_file_name_is_shown_as_chinese():
    name = os.fsdecode("关于防汛.txt".encode("gbk"))
    assert display_name(name) == "关于防汛.txt"
    assert display_name("普通.txt") == "普通.txt"


def test_link_outside_the_folder_is_not_followed(docs, fake_embedder):
    (docs / "passwd.txt").symlink_to("/etc/passwd")
    (docs / "same-flood.txt").symlink_to(docs / "flood.txt")  # inside the folder: read
    corpus = scan_documents(docs)
    assert skipped(corpus) == {"passwd.txt": "a link to a file outside the documents folder; not followed"}
    assert [(d.file, d.same_as) for d in corpus.duplicates] == [("same-flood.txt", "flood.txt")]
    assert not any("root:" in s.text for s in corpus.speeches)
    report = build_index(docs, docs.parent / "index", fake_embedder)
    assert "skipped passwd.txt: a link to a file outside the documents folder" in report.summary()
    assert file_hashes(docs)["passwd.txt"] == "link-outside-documents-folder"
    assert build_index(docs, docs.parent / "index", fake_embedder).kept


def test_identical_passages_of_one_document_are_indexed_once(docs, fake_embedder):
    page = ("第一，要压实防汛责任。各级党委政府要把防汛救灾摆在突出位置，确保责任落实到人。\n"
            "第二，要加强监测预警。气象水文部门要密切监视雨情水情，及时发布预警信息。\n")
    (docs / "repeated.txt").write_text("重复页面的讲话\n" + page + page + page, encoding="utf-8")
    (docs / "also.txt").write_text("另一篇讲话\n" + page, encoding="utf-8")
    build_index(docs, docs.parent / "index", fake_embedder)
    passages = load_build(docs.parent / "index").passages
    texts = [p.text for p in passages if p.file == "repeated.txt"]
    assert texts and len(texts) == len(set(texts))
    assert any(p.file == "also.txt" for p in passages)  # another document keeps its copy


def test_previous_index_keeps_serving_when_a_build_fails(docs, fake_embedder):
    index = docs.parent / "index"
    build_index(docs, index, fake_embedder)
    before = read_pointer(index)
    service = serving(index, embedder=fake_embedder)
    assert service.ask("防汛责任怎么落实？").hits
    (docs / "flood.txt").unlink()
    docx_bomb(docs / "bomb.docx")
    with pytest.raises(BuildFailed, match="no passages"):
        build_index(docs, index, fake_embedder)
    assert read_pointer(index) == before
    assert "防汛" in service.ask("防汛责任怎么落实？").hits[0].passage.text
    manifest = json.loads((index / "builds" / before / "manifest.json").read_text(encoding="utf-8"))
    assert "flood.txt" in manifest["documents"]


def test_two_names_whose_bad_bytes_read_alike_stay_two_documents(docs, fake_embedder):
    for raw in (b"/x\xff.txt", b"/x\xfe.txt"):
        with open(os.fsencode(str(docs)) + raw, "wb") as f:
            f.write(SAFETY.replace("安全生产", "安全生产" + raw.hex()).encode("utf-8"))
    report = build_index(docs, docs.parent / "index", fake_embedder)
    assert sorted(report.added) == ["flood.txt", "x\ufffd.txt", "x\ufffd~2.txt"]
    assert sorted(file_hashes(docs)) == sorted(report.added)


def test_web_page_of_millions_of_tags_is_refused(docs):
    (docs / "tags.html").write_bytes(b"<html><body>" + b"<i></i>" * 1_100_000 + b"</body></html>")
    assert "more than 2,000,000 HTML tags" in skipped(scan_documents(docs))["tags.html"]
