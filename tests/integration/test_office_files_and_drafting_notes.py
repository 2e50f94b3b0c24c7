"""Office files as people keep them: a standard's drafting explanation (编制说明) saved as .docx,
its cover holding the standard's code line over a title broken in two and a title that itself says
第1部分; a student union's duty guide (.docx) opening with its last-update line and a version
history; and a speech whose opening is asked about — each on a real
index of the files."""
from __future__ import annotations

import docx
import pytest

from helpers import UNRELATED_NOTICE
from qa.ingest.corpus import load_speeches
from qa.ingest.directives import speech_passages
from qa.testing import HashEmbedder, tiny_index

EXPLANATION = [
    "NB/T XXXX－20YY", "核电厂定期安全评价 第1部分：通用要求", "编制说明", "（征求意见稿）", "（2023年3月）",
    "一、任务来源及计划要求",
    "本标准来源于国家能源局2021年下达的能源行业核电标准制修订计划，项目编号为“能源20210676”。",
    "计划要求对原标准进行修订，这项修订任务应在2023年底前完成。",
    "二、编制过程", "1、征求意见稿",
    "修订稿起草人员在2023年2月完成了讨论稿编写。2023年3月，3家标准修订单位的参与人员对讨论稿进行了集中讨论，形成了征求意见稿。",
    "2、送审稿", "………", "3、报批稿", "………",
    "三、调研和分析工作的情况", "调研了多家核电厂的定期安全评价工作，收集了各电厂反馈的问题和良好实践。",
    "四、主要技术内容的说明", "对于标准内容的主要修订点及其理由，详述如下：", "1）引入差异项定义",
    "理由：关于评价发现问题的描述，业界内不统一，有必要通过明确的定义加以规范。",
    "2）增加一条内容“过程管理”",
    "理由：项目的成功开展，离不开有效的过程管控。修订版专门增加了一条“过程管理”，对开展过程中的进度控制、质量控制提出了要求。",
    "五、与现行法律、标准的关系", "本标准与现行法律法规和强制性标准协调一致，没有冲突。",
    "六、其他需要说明的问题", "无",
]

DUTY = [
    "最后更新：2025/2/15", "2024/6/14第一版  2024/9/3第二版  2025/2/15第三版", "【春季】广播室值班要干的事情",
    "地点：行政楼一楼广播室（进大门右转，不要上楼，广播室在走廊右侧）",
    "广播室基础规则：", "1.广播室的钥匙在德育处进门第一张办公桌的抽屉里，上一周的同学要带下一周的同学去看一下。",
    "2.开不开灯随你便，但是走之前要关掉灯。空调由老师管理。",
    "常见问题：", "Q1：我把播放器关掉了怎么办？",
    "A1：任务栏右下角，右键点击图标，会显示菜单，播控软件选择“显示窗口”，播放器选择“还原”，窗口就回来了。",
    "Q2：我放错了音乐怎么办？",
    "A2：可以先把调音器最右下角的两个杆拉到最低处（关闭音响），然后再关闭播放器，换成正确的音乐，最后把两个杆推回原位。",
]

SPEECH = ("持续提高人均效益 建设高绩效企业文化\n——任正非在干部工作会议上的讲话\n（2004年）\n"
          "我们处在一个变革时期，从过去的高速增长、强调规模，转向以强调效益的管理变革，以满足客户需求为目标。\n"
          "一、必须减少管理层次，增加团队的管理跨度\n管理层次过多，信息传递就会失真，决策就会变慢。\n"
          "二、必须压缩管理干部的数量\n我们要加强专业及业务工作的队列人数，改变非生产人员的比例。\n"
          "三、实行干部目标责任制\n干部要对任期内的目标负责，没有提高人均效益的部门，其负责干部视同完不成任务。\n")


def _docx(path, paragraphs):
    document = docx.Document()
    for line in paragraphs:
        document.add_paragraph(line)
    document.save(path)


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    root = tmp_path_factory.mktemp("officefiles")
    (root / "docs").mkdir()
    _docx(root / "docs" / "psr-drafting-explanation.docx", EXPLANATION)
    _docx(root / "docs" / "broadcast-duty-guide.docx", DUTY)
    return tiny_index(root, {"cadre-meeting-speech.txt": SPEECH, "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa


def _speech(tmp_path, name, paragraphs):
    _docx(tmp_path / name, paragraphs)
    speeches, _ = load_speeches(tmp_path)
    return speeches[0], [p for p in speech_passages(speeches[0])]


def test_a_standard_s_code_line_is_no_title_and_the_title_goes_on_to_its_kind(tmp_path):
    """NB/T XXXX－20YY over the cover is the standard's code; the title is the two lines under it,
    the second only its kind (编制说明), and the cover's month dates it."""
    speech, passages = _speech(tmp_path, "explanation.docx", EXPLANATION)
    assert speech.title == "核电厂定期安全评价 第1部分：通用要求编制说明"
    assert speech.date == "2023-03"
    assert [p.path[0] for p in passages if p.path][:1] == ["一、任务来源及计划要求"]


def test_a_last_update_line_and_a_version_history_are_the_head_not_the_title(tmp_path):
    """最后更新：2025/2/15 is a date line (days written with slashes are days); the line of
    versions, each a day and a word, is no title either: the title is the line under them."""
    speech, _ = _speech(tmp_path, "duty.docx", DUTY)
    assert speech.title == "【春季】广播室值班要干的事情"
    assert speech.date == "2025-02-15"


def test_a_drafting_explanation_is_named_by_its_kind_and_its_parts_by_number(qa):
    """编制说明 is a kind of document: 编制说明的第四部分 is its part 四 (部分 in its title
    第1部分 is no topic word), 最后一部分 its last."""
    fourth = qa.ask("编制说明的第四部分讲的是什么？")
    assert fourth.mode == "structural"
    assert fourth.answer.sentences[0].text.startswith("四、主要技术内容的说明")
    last = qa.ask("这份编制说明最后一部分是哪一项？")
    assert last.answer.sentences[0].text.startswith("六、其他需要说明的问题")


def test_the_title_s_own_part_number_names_the_document_not_a_part_of_it(qa):
    """核电厂定期安全评价第1部分通用要求的这份编制说明: 第1部分 is the standard's, said inside
    the title; the question is about the whole explanation, not its part 一."""
    result = qa.ask("核电厂定期安全评价第1部分通用要求的这份编制说明里，讨论稿是什么时候集中讨论的？")
    assert result.answerable
    assert "对讨论稿进行了集中讨论" in result.answer.sentences[0].text
    assert result.hits[0].passage.file.endswith("psr-drafting-explanation.docx")


def test_what_the_opening_says_of_a_thing_is_searched_not_the_opening_quoted(qa):
    """讲话开头说，公司现在处在一个什么时期: a thing the opening says, found by its words (near the
    opening); 讲话开头说了什么 still quotes the opening itself."""
    thing = qa.ask("任正非在干部工作会议上的讲话开头说，公司现在处在一个什么时期？")
    assert thing.answerable and thing.mode != "outline"
    assert "我们处在一个变革时期" in thing.answer.sentences[0].text
    opening = qa.ask("任正非在干部工作会议上的讲话开头说了什么？")
    assert opening.mode == "outline"
    assert opening.answer.sentences[0].text.startswith("我们处在一个变革时期")


def test_the_last_update_of_a_guide_is_its_date_line(qa):
    """这份广播室值班说明最后一次更新是在什么时候: the guide's head line says so."""
    result = qa.ask("这份广播室值班说明最后一次更新是在什么时候？")
    assert "《【春季】广播室值班要干的事情》" in result.notice
    assert result.hits[0].passage.text.startswith("最后更新：2025/2/15")


FAQ = ("广播室值班指南\n特殊情况：\n④跑操音乐不自动播放：手动打开音乐【桌面->大课间音乐->大课间1】。\n"
       "常见问题：\nQ1：我把播放器关掉了怎么办？\nA1：任务栏右下角，右键点击图标，选择“还原”，窗口就回来了。\n"
       "Q2：我放错了音乐怎么办？\nA2：可以先把调音器最右下角的两个杆拉到最低处（关闭音响），然后再关闭播放器，换成正确的音乐。\n"
       "Q3：广播室里太吵了！！！\nA3：控制台右侧有两个大柜子。左边的柜子下面有一个白色的旋钮，把它逆时针转即可。\n")


@pytest.mark.parametrize("question, answer", [
    ("音乐放错了怎么办救命", "把调音器最右下角的两个杆拉到最低处"),
    ("广播室里吵死了怎么把声音关小", "A3：控制台右侧有两个大柜子"),
])
def test_an_faq_s_answer_line_answers_what_its_question_line_matched(tmp_path, real_model, question, answer):
    """Q2：我放错了音乐怎么办？ / A2：可以先把…: the A line is the answer, not the Q line restated nor
    another line that says 音乐 (Q3：…太吵了！！！ asks too, though it ends with ！)."""
    qa = tiny_index(tmp_path, {"faq.txt": FAQ, "notice.txt": UNRELATED_NOTICE}, real_model).qa
    result = qa.ask(question, k=3)
    said = [s.text for s in result.answer.sentences]
    assert said and answer in said[0], (result.answerable, said, [h.passage.text for h in result.hits])
