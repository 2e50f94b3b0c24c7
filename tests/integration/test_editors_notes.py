"""What an editor's introduction says is the frame of a speech, not the speech:
- a thing named only in the note (【导读】…即IPD、LTC、ITR…) leaves a question about what the speech
  says of it unanswered, naming it as not covered;
- a question about the note itself (导读里…) is answered from it;
- a question about a frame's own facts (the contact line's 邮箱) is answered from the frame."""
from __future__ import annotations

import pytest

from qa.testing import HashEmbedder, tiny_index

SPEECH = ("## 在流程变革动员大会上的讲话\n\n1999年4月17日\n\n"
          "> 【导读】流程的核心是要反映业务的本质。企业的三大业务流，对应IPD、LTC、ITR三个流程系统。\n>\n"
          "> 流程建设最大的难度是随时面对阻力，总有人想随便找个借口打发它。\n\n"
          "我们有幸找到一个很好的老师，这就是顾问公司。我们要踏踏实实地学习IPD，先僵化，后优化，再固化。\n\n"
          "第一点，那些长期理解不了IPD改革内涵的人，就请他离开项目小组，小组不是终身制。\n\n"
          "第二，公司需要一场变革，IPD的推行要先在无线产品线试点，取得经验后再全面推广。\n\n"
          "联系邮箱：ipd@example.com\n")
OTHER = "关于食堂管理的通知\n一、食堂开放时间为早上六点半到晚上七点。\n二、学生凭校园卡就餐，不收现金。\n"


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("notes"), {"ipd-speech.md": SPEECH, "canteen.txt": OTHER},
                      HashEmbedder()).qa


def test_a_thing_named_only_in_the_editor_s_note_is_not_covered(qa):
    result = qa.ask("讲话里说LTC流程先在哪个产品线试点？", k=3)
    assert not result.answerable
    assert "LTC" in result.missing


def test_the_speech_s_own_words_still_answer(qa):
    result = qa.ask("讲话里说IPD先在哪个产品线试点？", k=3)
    assert result.hits[0].passage.file == "ipd-speech.md"
    assert "无线产品线试点" in result.hits[0].passage.text


def test_frame_facts_are_answered_from_the_frame(qa):
    result = qa.ask("有问题发到哪个邮箱？", k=3)
    assert "ipd@example.com" in " ".join(h.passage.text for h in result.hits)
    assert not result.missing  # (邮箱 is stated: in the contact line)
