"""A press conference's transcript (qa.ingest.transcript): the reporters' questions head the
answers after them, on a real index built from a transcript laid out as published ones are."""
from __future__ import annotations

from qa.ingest.transcript import question_turns, with_question_headings

TRANSCRIPT = """关于加快培育未来产业若干措施新闻发布会问答实录
新华社：这次措施提出培育未来产业，重点发展领域是怎么确定的？
　　张明：核心逻辑是先锚定全球科技发展趋势，再结合本市的科技基础。
　　首先，我们要把握全球科技发展的趋势。
　　其次，我们结合本市资源禀赋，做好领域布局。
上海电视台：目前本市在战略性新兴产业方面进展如何？
　　李强：下面我从三个方面介绍有关情况。
　　一是强化创新能力建设。建成一批重大科技基础设施。
　　二是大力发展战略性新兴产业。产业增加值持续增长。
　　三是培育壮大创新型企业。高新技术企业数量明显增加。
澎湃新闻：培育机制如何打通成果转化的链路？
　　张明：培育机制具体是指项目经理团队主责、重点任务清单突破。
"""


def test_the_asking_turns_of_a_transcript_are_found():
    lines = TRANSCRIPT.split("\n")
    assert question_turns(lines) == {1, 5, 10}
    # a speech quoting one question is no transcript; nor is a text with headings of its own
    quoted = "会议讲话\n有人问：这项工作怎么做？\n张明：要抓好落实。\n"
    assert question_turns(quoted.split("\n")) == set()
    assert with_question_headings("## 一、概况\n" + TRANSCRIPT) == "## 一、概况\n" + TRANSCRIPT


def test_each_question_heads_its_own_answers(make_index):
    """The answers' 首先… and 一是… nest under the question they answer, not under an earlier speaker's
    points; 这场发布会 names the transcript, 一共提了几个问题 counts its questions and 最后一个问题 is the
    last one asked."""
    plan = "学校工作计划\n一、工作目标\n提高教学质量。\n二、主要措施\n加强教学管理。\n三、保障\n落实经费。\n四、考核\n年终考核。\n"
    built = make_index({"press.txt": TRANSCRIPT, "plan.txt": plan})
    (speech,) = [s for s in built.qa.build.outline() if s["file"] == "press.txt"]
    questions = speech["directives"]
    assert [q["heading"].split("：")[0] for q in questions] == ["新华社", "上海电视台", "澎湃新闻"]
    assert [c["label"] for c in questions[0]["children"]] == ["首先", "其次"]
    assert [c["label"] for c in questions[1]["children"]] == ["一是", "二是", "三是"]
    counted = built.qa.ask("这场发布会上记者一共提了几个问题？")
    assert counted.mode == "outline" and "共3个问题" in counted.answer.text
    assert "问答实录" in counted.notice  # 这场发布会 names the transcript, not the plan
    last = built.qa.ask("这场发布会的最后一个问题问的什么？")
    assert last.answer.sentences[0].text.startswith("澎湃新闻：培育机制如何打通成果转化的链路")
