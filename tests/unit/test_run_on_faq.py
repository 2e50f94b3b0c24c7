"""An FAQ run into one line (qa.ingest.run_on_faq): its numbered questions become its headings, on
a real index built from a policy Q&A pasted as one line, stray spaces and all (searched with its
words whole: qa.models.Passage.search_text)."""
from __future__ import annotations

from qa.ingest.run_on_faq import with_faq_lines

FAQ = ("# 选调应届优秀大学毕业生政策问答\n\n"
       "1 、问：启动 202 6 年 度 选调工作有何背景？ 答：着眼 于 建立优秀干部人才队伍 ，选调一批毕业生。 "
       "2 、问：本次选调的范围有哪些？ 答：面向部分高校选调 4 00 名 左右 应届优秀大学毕业生。 "
       "3 、 问：本次选调包括哪些程序步骤？ 答：包 括 网上报名、综合比选、笔试、面试、体检和考察。 "
       "4 、问：体检如何进行？ 答：体检参 照公务员录用体检通 用 标 准执行。 "
       "1 2 、问：选调生录用后如何管理？ 答：录用后按规定进行公务员登记。\n")


def test_a_run_on_faq_is_cut_into_its_questions_and_answers():
    lines = with_faq_lines(FAQ.replace("1 2 、问", "5 、问")).split("\n")
    questions = [ln for ln in lines if "问：" in ln]
    assert [q.split("、")[0] for q in questions] == ["1", "2", "3", "4", "5"]
    assert questions[2] == "3、问：本次选调包括哪些程序步骤？"
    assert lines[lines.index(questions[2]) + 1].startswith("答：包 括 网上报名")  # quoted as written
    # numbers out of order, or too few questions in one line, are a text that mentions them
    assert with_faq_lines(FAQ) == FAQ
    two = "1、问：有何背景？ 答：背景。 2、问：范围？ 答：高校。\n"
    assert with_faq_lines(two) == two


def test_the_questions_head_their_answers(make_index):
    """第3个问题 / 最后一个问题 name the FAQ's questions, each asked over its answer."""
    faq = FAQ.replace("1 2 、问", "5 、问")
    plan = "学校工作计划\n一、工作目标\n提高教学质量。\n二、主要措施\n加强教学管理。\n三、保障\n落实经费。\n"
    built = make_index({"faq.md": faq, "plan.txt": plan})
    (speech,) = [s for s in built.qa.build.outline() if s["file"] == "faq.md"]
    assert [d["label"] for d in speech["directives"]] == ["1", "2", "3", "4", "5"]
    third = built.qa.ask("选调政策问答的第3个问题讲的是什么？")
    assert "本次选调包括哪些程序步骤" in third.answer.sentences[0].text
    last = built.qa.ask("选调政策问答的最后一个问题是什么？")
    assert "选调生录用后如何管理" in last.answer.sentences[0].text
    answer = built.qa.ask("选调的体检按什么标准执行？")
    assert answer.hits[0].passage.text.startswith("4、问：体检如何进行？\n答：体检参")
    lexical = built.qa.build.lexical  # the keyword index holds the words the page broke (参 照) whole
    assert lexical.doc_freq("参照") == 1 and lexical.doc_freq("标准") == 1
