"""The real-document question sets and the evaluation of a documents folder."""
from __future__ import annotations

import json

from qa.search.eval_docs import HEADLINE, cache_dir, index_for, score
from qa.search.evaluate import same_file
from qa.search.evaluate import is_correct, load_questions
from qa.testing import serving
from real_corpus import REAL_SETS, ROOT, need_real_docs


def _checker():
    import importlib.util

    spec = importlib.util.spec_from_file_location("check_real_eval", ROOT / "scripts" / "check_real_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.check


def _question_file(folder, rows):
    """A question set of ``rows`` written as one JSON line each."""
    path = folder / "set.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_sets_are_split_by_document_and_mixed_as_promised():
    dev, frozen = (load_questions(REAL_SETS / f"{n}.jsonl") for n in ("dev", "frozen"))
    dev_files = {r["file"] for r in dev if r["kind"] != "negative"}
    frozen_files = {r["file"] for r in frozen if r["kind"] != "negative"}
    assert len(dev_files) == len(frozen_files) == 6 and not dev_files & frozen_files
    rows = dev + frozen
    assert len(rows) >= 200
    for half in (dev, frozen):
        kinds = [r["kind"] for r in half]
        n = len(kinds)
        assert kinds.count("colloquial") / n >= 0.25
        assert (kinds.count("structural") + kinds.count("doc_ref")) / n >= 0.25
        assert kinds.count("negative") / n >= 0.15
        assert kinds.count("numeric") >= 10
    assert len({r["id"] for r in rows}) == len(rows)


def test_every_gold_phrase_is_in_its_file():
    docs = need_real_docs()
    for name in ("dev", "frozen"):
        assert _checker()(REAL_SETS / f"{name}.jsonl", docs) == []


def test_a_gold_phrase_from_another_file_does_not_count():
    hit = {"text": "今年先发行1万亿元。", "citation": {"file": "a/report.txt", "speech": 1, "also": []}}
    row = {"gold": ["1万亿元"], "speech": [], "file": "report.txt"}
    assert is_correct(hit, row)
    assert not is_correct(hit, {**row, "file": "other.txt"})
    copy = {"file": "other.txt", "speech": 2}
    assert is_correct({**hit, "citation": {**hit["citation"], "also": [copy]}}, {**row, "file": "other.txt"})
    assert same_file("sub/x.txt", "x.txt") and not same_file("sub/xx.txt", "x.txt")


def test_a_gold_phrase_copied_with_no_break_spaces_matches_the_ingested_text():
    """A page's 王&nbsp;&nbsp;琛 is 王  琛 once ingested: the gold copied from the page still counts."""
    hit = {"text": "组长：王  琛\n组员：孙洪亮", "citation": {"file": "plan.txt", "speech": 1, "also": []}}
    assert is_correct(hit, {"gold": ["组长：王 \xa0琛"], "speech": [], "file": "plan.txt"})
    assert not is_correct(hit, {"gold": ["组长：孙洪亮"], "speech": [], "file": "plan.txt"})


def test_a_documents_folder_is_indexed_once_and_scored(tmp_path, fake_embedder):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text("关于做好冬季防火工作的通知\n一、工作目标\n确保电力系统安全稳定运行。\n"
                                   "二、时间安排\n部署发动在12月10日前完成。\n", encoding="utf-8")
    (docs / "talk.txt").write_text("在全市教育大会上的讲话\n同志们：\n第一，要提高站位抓落实。各级各部门要深刻领会大会精神。\n"
                                   "第二，要突出重点抓落实。加快推进普惠性幼儿园扩面行动。\n", encoding="utf-8")
    folder = index_for(docs, tmp_path / "cache", embedder=fake_embedder)
    assert folder == cache_dir(docs, tmp_path / "cache") and (folder / "CURRENT").exists()
    built = (folder / "CURRENT").read_text()
    assert index_for(docs, tmp_path / "cache", embedder=fake_embedder) == folder
    assert (folder / "CURRENT").read_text() == built  # nothing changed: the build is reused
    service = serving(folder, embedder=fake_embedder)
    service.reload()
    rows = [{"id": "a", "q": "普惠性幼儿园扩面行动", "gold": ["普惠性幼儿园扩面行动"], "kind": "keyword",
             "speech": [], "file": "talk.txt"},
            {"id": "b", "q": "普惠性幼儿园扩面行动", "gold": ["普惠性幼儿园扩面行动"], "kind": "keyword",
             "speech": [], "file": "plan.txt"}]
    report = score(service.pipeline, rows)
    assert set(HEADLINE) <= set(report["headline"])
    assert report["headline"]["hit@1"] == 0.5  # the same words in the wrong file do not count
    json.dumps(report["headline"])


def test_a_document_in_gbk_is_read_as_the_tool_reads_it(tmp_path):
    """A talk saved in GBK (as many Chinese .txt files are): its gold phrases are checked, not a decode error."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "talk.txt").write_bytes("老师同学们大家好，本实验的保持率为0.75。\n".encode("gbk"))
    rows = [{"id": "a", "q": "保持率取多少？", "gold": ["保持率为0.75"], "speech": [], "kind": "numeric", "file": "talk.txt"},
            {"id": "b", "q": "学习率取多少？", "gold": ["学习率为0.01"], "speech": [], "kind": "numeric", "file": "talk.txt"}]
    questions = _question_file(tmp_path, rows)
    assert _checker()(questions, docs) == ["set.jsonl:2 (b): gold '学习率为0.01' not in talk.txt"]


def test_a_file_the_tool_does_not_read_is_noted_not_failed(tmp_path, capsys):
    """A set written on a .js file: every gold phrase is in its bytes, but the tool takes no .js, so
    the checker says its questions will count as misses (and still passes the set)."""
    (tmp_path / "policies.js").write_text('var p = "第一条 本办法自发布之日起施行。";', encoding="utf-8")
    (tmp_path / "notice.txt").write_text("第一条 本通知自发布之日起施行。", encoding="utf-8")
    rows = [{"id": "a", "q": "什么时候施行？", "gold": ["本办法自发布之日起施行"], "speech": [], "kind": "keyword",
             "file": "policies.js"},
            {"id": "b", "q": "通知什么时候施行？", "gold": ["本通知自发布之日起施行"], "speech": [], "kind": "keyword",
             "file": "notice.txt"}]
    questions = _question_file(tmp_path, rows)
    assert _checker()(questions, tmp_path) == []
    out = capsys.readouterr().out
    assert "note: the tool does not read policies.js: unsupported file type .js" in out
    assert "notice.txt" not in out.split("files;")[1]


def test_an_office_file_is_checked_on_the_text_the_tool_reads(tmp_path):
    """A set written on a .docx (a Word paragraph split into runs inside a figure): its bytes are a
    zip holding no phrase, so the gold phrases are checked on the text the tool reads from it."""
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("计划于2")
    paragraph.add_run("023年底前完成征求意见稿。")
    document.save(tmp_path / "guide.docx")
    rows = [{"id": "a", "q": "什么时候完成？", "gold": ["计划于2023年底前完成"], "speech": [], "kind": "numeric",
             "file": "guide.docx"},
            {"id": "b", "q": "送审稿什么时候完成？", "gold": ["2024年完成送审稿"], "speech": [], "kind": "numeric",
             "file": "guide.docx"}]
    questions = _question_file(tmp_path, rows)
    assert _checker()(questions, tmp_path) == ["set.jsonl:2 (b): gold '2024年完成送审稿' not in guide.docx"]
