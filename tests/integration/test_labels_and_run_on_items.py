"""Structure and naming as real documents write them, on a real index: a point named by its
quoted label (“第六”), a part's heading asked for (第三部分的标题), items numbered on across
the parts (一、1.–2. 二、3.–4. …: 最后一条 / 第三条), an article pasted as one paragraph under
an editor's note, a university said short (矿大), a measure named in a "which" question, and an
ordinal written without its 第 (一届全国人大一次会议)."""
from __future__ import annotations

import pytest

from qa.models import Passage
from qa.search.query import analyze
from qa.testing import HashEmbedder, tiny_index

FILLER = "各地各部门要提高认识，压实责任，确保各项要求落到实处。"
SPEECH = ("在全市人大工作会议上的讲话\n"
          "我们的经验，一是必须坚持党的领导。" + FILLER + "\n二是必须坚持人民当家作主。" + FILLER + "\n"
          "三是必须坚持依法治国。" + FILLER + "\n下面，我讲几点意见。\n"
          "第一，全面贯彻实施宪法。" + FILLER + "\n第二，完善地方法规体系。" + FILLER + "\n"
          "第三，加强党对人大工作的全面领导。人大常委会党组要定期向同级党委汇报工作。\n"
          "一是人民民主是社会主义的生命。二是人民当家作主是社会主义民主政治的本质。\n"
          "1954年9月，一届全国人大一次会议召开，人民代表大会制度正式建立。\n")
OPINIONS = ("关于推进学科建设的若干意见\n"
            "一、总体要求\n1.指导思想。坚持立德树人。\n2.基本原则。坚持特色发展。\n"
            "二、优化学科布局\n3.推进学科调整。按年度发布学科清单。\n4.夯实基础学科。稳定支持基础研究。\n"
            "三、加强组织保障\n5.加强党的领导。把党的领导贯穿建设全过程。\n6.强化责任落实。健全工作协同机制。\n"
            "新增研究生招生计划向中西部和东北地区的高校倾斜。\n")
SUMMARY = ("中国矿业大学聚焦精准防控做好后勤保障工作\n"
           "编者按：连日来，学校坚决贯彻疫情防控部署。" + "各相关职能部门认真落实防控要求。" * 20
           + "一是精准保障公寓服务。留校学生集中居住到松苑二号楼，两人一间。二是精准保障热水供应。"
           "浴室实行错峰延时供应热水，每天开放十二小时。\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("labels"),
                      {"speech.txt": SPEECH, "opinions.txt": OPINIONS, "summary.txt": SUMMARY}, HashEmbedder())


def test_a_quoted_label_names_the_point_written_with_it(index):
    """“第三” is the point labelled 第三, not the third of the six points before it (一是…三是)."""
    result = index.qa.ask("人大工作会议那篇讲话里的“第三”讲的是什么？")
    assert result.mode == "structural"  # the point itself, in order: not a search for the word 第三
    assert result.hits[0].passage.label == "第三"
    assert result.answer.sentences[0].text.startswith("第三，加强党对人大工作的全面领导")
    from qa.search.doc_scope import _label_key

    assert _label_key("第三，") == "第三" and _label_key("5·13") != _label_key("5.1.3")  # a date is no label


def test_a_parts_heading_asked_for_is_a_structure_question(index):
    assert analyze("第三部分的标题叫什么？").structural  # 标题/题目/名称 shape the question, as 内容 does
    assert not analyze("第三部分关于招生计划的安排是什么？").structural
    result = index.qa.ask("学科建设意见第二部分的标题是什么？")
    assert result.mode == "structural"
    assert result.answer.sentences[0].text.startswith("二、优化学科布局")


def test_items_numbered_on_across_parts_are_its_articles(index):
    """一、1.–2. 二、3.–4. 三、5.–6.: the last 条 is 6., 第三条 is 3. (in the second part)."""
    last = index.qa.ask("这份学科建设意见的最后一条讲的是什么？")
    assert last.answer.sentences[0].text.startswith("6.强化责任落实")
    third = index.qa.ask("学科建设意见第三条是什么？")
    assert "3.推进学科调整" in third.answer.sentences[0].text  # under its part's heading
    assert "三、加强组织保障" not in third.answer.text
    second_part = index.qa.ask("学科建设意见第二部分讲了什么？")  # a part by number is still the part
    assert "3.推进学科调整" in second_part.answer.text and "1.指导思想" not in second_part.answer.text


def test_an_article_pasted_under_an_editors_note_is_content():
    from qa.ingest.roles import is_frame_line

    assert is_frame_line("编者按：学校召开专题会议，部署防控工作。", near_edge=False)
    assert not is_frame_line("编者按：" + "各相关职能部门认真落实防控要求。" * 30, near_edge=False)


def test_the_content_of_that_article_answers(index):
    pipeline = index.qa.pipeline
    roles = {pipeline.roles[i] for i, p in enumerate(pipeline.build.passages) if p.file == "summary.txt"}
    assert roles == {"content"}  # not demoted as frame for opening with 编者按
    result = index.qa.ask("矿大把留校学生集中安排到哪栋宿舍楼住了？")
    assert result.answerable and result.hits[0].passage.file == "summary.txt"
    assert "松苑二号楼" in result.answer.sentences[0].text


def test_a_university_said_short_names_and_is_no_missing_topic(index):
    from qa.search.coverage import key_terms
    from qa.search.docrefs import _shortens

    assert _shortens("矿大", "中国矿业大学") and _shortens("浙大", "浙江大学")
    assert not _shortens("重大", "重庆大学") and not _shortens("扩大", "中国矿业大学")  # words of their own
    assert not _shortens("农大", "四川农业大学") and not _shortens("师大", "北京师范大学")  # kinds of university
    refs = index.qa.pipeline.docrefs
    assert refs.short_name("矿大") and "矿大" not in key_terms(analyze("矿大的浴室怎么开放？"), refs)


@pytest.mark.parametrize("question, kind", [
    ("新增的研究生招生名额会优先给哪些地区的学校？", None),
    ("招生规模怎么确定？", None),
    ("研究生招生名额是多少？", "number"),
    ("招生规模多大？", "number"),
    ("党委书记每年述职次数有什么规定？", "number"),  # what rule: a number
])
def test_a_measure_in_a_which_question_asks_no_number(question, kind):
    from qa.search.answer_types import asked_type

    assert asked_type(question) == kind


def test_the_which_question_is_answered(index):
    """…and no number is missing from it (the reply named none before: 没有找到“名额”的具体数字)."""
    result = index.qa.ask("新增的研究生招生名额会优先给哪些地区的学校？")
    assert result.unstated == [] and "数字" not in result.answer.text
    assert "中西部和东北地区" in result.hits[0].passage.text


def test_an_ordinal_may_be_written_without_its_di():
    from qa.search.coverage import missing_terms

    query = analyze("第一届全国人大第一次会议是什么时候开的？")
    said = Passage("1954年9月，一届全国人大一次会议召开。", "f", 1, "t", [], "", 1, 0, 10)
    assert missing_terms(query, [said]) == []
    later = Passage("1959年，二届全国人大一次会议召开；十一届全国人大二次会议也已召开。", "f", 1, "t", [], "", 1, 0, 10)
    assert "第一届" in missing_terms(query, [later])


def test_a_count_of_the_named_document_itself_must_be_stated(index):
    """人大工作会议一共开了几天: the meeting names the speech and is the whole topic; no sentence says
    N天, so the question is refused with what it asks; 学科建设意见 of 6 items… states its own count."""
    from qa.search.coverage import typed_check

    pipeline = index.qa.pipeline
    speech = [p for p in pipeline.build.passages if p.file == "speech.txt"]
    query = analyze("人大工作会议一共开了几天？")
    assert typed_check(query, speech, pipeline.build.lexical, pipeline.docrefs) == (["开了几天"], False)
    summary = [p for p in pipeline.build.passages if p.file == "summary.txt"]
    opened = analyze("中国矿业大学浴室每天开放几个小时？")
    assert typed_check(opened, summary, pipeline.build.lexical, pipeline.docrefs)[0] == []
    result = index.qa.ask("人大工作会议一共开了几天？")
    assert not result.answerable and "开了几天" in result.answer.text


@pytest.mark.parametrize("question, kind", [
    ("那次专题党课是在哪个礼堂开的？", "place"), ("座谈会是在哪个城市召开的？", "place"),
    ("全市决赛在哪儿举行？", "place"), ("学校在哪里？", None), ("哪里先试点？", None),
])
def test_where_an_event_was_held_is_a_place(question, kind):
    from qa.search.answer_types import asked_type

    assert asked_type(question) == kind


def test_a_place_question_needs_a_sentence_saying_where():
    """The passages speak of the 诵读大赛决赛 but never say where it was held: refused, the place named
    as what is missing; a passage that says 在…举行 answers."""
    from qa.search.answer_types import PLACE, holds
    from qa.search.coverage import typed_check

    assert holds(PLACE, "全市决赛在市文化馆大剧院举行。") and holds(PLACE, "校党委书记在大礼堂讲授党课")
    assert not holds(PLACE, "会议以电视电话会议形式召开。")
    index = tiny_index_of({"contest.txt": "经典诵读大赛通知\n一、比赛安排\n全市决赛定于5月举行，各校推荐两名选手参加决赛。\n"
                                          "二、评分办法\n决赛由评委现场打分。\n",
                           "meeting.txt": "教育工作会议纪要\n一、会议情况\n会议在市委大礼堂召开，各区校长参加会议。\n"})
    lexical, refs = index.qa.pipeline.build.lexical, index.qa.pipeline.docrefs
    passages = index.qa.pipeline.build.passages
    contest = [p for p in passages if p.file == "contest.txt"]
    meeting = [p for p in passages if p.file == "meeting.txt"]
    assert typed_check(analyze("诵读大赛全市决赛在哪个剧场举行？"), contest, lexical, refs)[0]
    assert typed_check(analyze("教育工作会议在哪个礼堂召开的？"), meeting, lexical, refs)[0] == []
    result = index.qa.ask("诵读大赛全市决赛在哪个剧场举行？")
    assert not result.answerable and "地点" in result.answer.text


def tiny_index_of(documents):
    import tempfile
    from pathlib import Path

    return tiny_index(Path(tempfile.mkdtemp()), documents, HashEmbedder())


PLAN = ("关于开展五好学生评选工作的方案\n一、评选目的\n培养德智体美劳全面发展的学生。\n二、评选组织\n"
        "学校建立党组织书记为组长的“五好学生”推优评选工作领导小组，负责评价工作方案的制订、宣传和实施。\n"
        "组  长：王  琛\n副组长：孙洪亮\n三、评选程序\n各班推荐，学校审核后公示。\n")


def test_who_holds_a_post_is_answered_by_the_line_naming_them(tmp_path):
    """组长是谁 under a sentence that says the group has one: the answer opens with the line of the post
    (组  长：王  琛), read with the sentence over it."""
    index = tiny_index(tmp_path, {"plan.txt": PLAN}, HashEmbedder())
    result = index.qa.ask("“五好学生”推优评选工作领导小组的组长是谁？", k=3)
    assert "王" in result.answer.sentences[0].text and "琛" in result.answer.sentences[0].text
