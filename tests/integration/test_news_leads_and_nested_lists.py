"""A speech as a news page carries it, a wiki's annual summary, and an association's measures:
- a news photo's caption pasted between a speech's paragraphs (…发表题为《…》的主旨演讲。 新华社记者
  鞠鹏摄) is the frame, not content; its lead names the speaker and the occasion, so a question that names
  the speech by them (习近平在…开幕式上的主旨演讲里…) is scoped to it and answered from its content;
- 哪天开幕 asks for a day: 今年将举办 names none, and the question is refused;
- 开头引用了哪句古诗: the question places what it asks, so its own words for it (古诗, 形容) need not be
  the documents' words;
- 后半部分宣布的五项开放举措中，第三项: where in the speech and how many it announced name the list;
- a Markdown numbered list indented under a numbered item is that item's own list (1. 进展 /
  ····1. 已完成), read as （1）, and a backslash escape (O1 \\- …) is read as the mark it keeps;
- a share said in words (节约约原来一半的费用) answers 省下了几成;
- 2020年起，每年1月底前完成上述工作: a sentence that does what the one before says answers with its words;
- a byline naming an association's officer (…协会常务副秘书长宋金芸) names the speaker."""
from __future__ import annotations

import pytest

from helpers import SCHOOL_NOTICES, UNRELATED_NOTICE
from qa.ingest.readers import read_document
from qa.testing import HashEmbedder, tiny_index

CAPTION = ("4月26日，国家主席习近平在北京出席第二届“一带一路”国际合作高峰论坛开幕式，并发表题为《齐心开创共建"
           "“一带一路”美好未来》的主旨演讲。 新华社记者鞠鹏摄")
SPEECH = ("尊敬的各位嘉宾，女士们，先生们，朋友们：\n"
          "上午好！“春秋多佳日，登高赋新诗。”在这个春意盎然的美好时节，我很高兴同各位嘉宾一道，共同出席第二届“一带一路”国际合作高峰论坛。\n"
          + CAPTION + "\n"
          "面向未来，我们要聚焦重点、深耕细作，共同绘制精谨细腻的“工笔画”，推动共建“一带一路”沿着高质量发展方向不断前进。\n"
          + CAPTION + "\n"
          "中方今年将举办第二届中国国际进口博览会，为各方进入中国市场搭建更广阔平台。\n"
          "下一步，中国将采取一系列重大改革开放举措，促进更高水平对外开放。\n"
          "第一，更广领域扩大外资市场准入。我们将持续放宽市场准入。\n"
          "第二，更大力度加强知识产权保护国际合作。我们将全面加强知识产权保护。\n"
          "第三，更大规模增加商品和服务进口。我们将进一步降低关税水平。\n"
          "第四，更加有效实施国际宏观经济政策协调。我们将加强同世界各主要经济体的宏观政策协调。\n"
          "第五，更加重视对外开放政策贯彻落实。我们将抓好开放举措落地。\n"
          "祝本次高峰论坛圆满成功！谢谢大家。\n")


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("speech"), {"keynote.txt": SPEECH, "notice.txt": UNRELATED_NOTICE,
                                                          **SCHOOL_NOTICES}, HashEmbedder()).qa


def test_a_photo_caption_is_frame_and_its_lead_names_the_speaker_and_occasion(speech):
    captions = [p for p in speech.pipeline.build.passages if "新华社记者鞠鹏摄" in p.text]
    assert captions and {p.role for p in captions} == {"frame"}
    described = next(s for s in speech.build.outline() if s["file"] == "keynote.txt")
    assert described["speaker"] == "习近平" and described["doc_type"] == "讲话"
    result = speech.ask("习近平在第二届“一带一路”国际合作高峰论坛开幕式上的主旨演讲里，把推动高质量共建比作绘制一幅什么样的画？")
    assert result.answerable and "习近平" in result.notice
    assert "工笔画" in result.answer.sentences[0].text and "鞠鹏" not in result.answer.text


def test_what_the_opening_quotes_is_asked_in_the_askers_own_words(speech):
    """开头引用了哪句古诗来形容时节: 古诗 and 形容 are no words of the documents, but the question places
    what it asks at the opening, and the opening is found: the asker's words for what stands there."""
    result = speech.ask("讲话开头引用了哪句古诗来形容时节？")
    assert result.answerable and "春秋多佳日" in result.hits[0].passage.text
    assert not speech.ask("讲话里引用了哪句古诗来形容航天员登月？").answerable  # (placed nowhere: as before)


def test_a_day_asked_is_not_answered_by_this_year(speech, tmp_path):
    assert not speech.ask("第二届中国国际进口博览会定在哪天开幕？").answerable
    dated = SPEECH.replace("中方今年将举办", "中方将于11月5日举办")
    qa = tiny_index(tmp_path, {"keynote.txt": dated, "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa
    result = qa.ask("第二届中国国际进口博览会定在哪天开幕？")
    assert result.answerable and "11月5日" in result.answer.sentences[0].text


def test_where_in_the_speech_and_the_count_it_announced_name_the_list(speech):
    result = speech.ask("讲话后半部分宣布的五项开放举措中，第三项是什么？")
    assert result.answerable and result.mode == "structural"
    assert result.answer.sentences[0].text.startswith("第三，更大规模增加商品和服务进口")


SUMMARY = """# 基础设施组 2023 年度总结

## OKR 年度 Review

### O1 \\- 协助各工作组在飞书构建规范化的工作流

#### KR1 \\- 重要公开文档迁移至飞书 wiki

1. **进展**

    1. 项目委员会、基础设施组、媒体组已完成迁移；

2. **问题**

    1. 其他组不清楚进展；

    2. 下一步在官网汇总公开信息；

### O2 \\- 云基础设施管理规范化

#### KR3 \\- 云资源利用率、投入产出比可视化

1. **进展**

    1. 已优化相关云资源利用率，节约约原来一半的云资源费用；

    2. 可视化相关内容暂无精力推进；

## 明年计划

1. 招募志愿者参与文档维护。
"""


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("summary"), {"summary.md": SUMMARY, "notice.txt": UNRELATED_NOTICE},
                      HashEmbedder()).qa


def test_a_numbered_list_indented_under_an_item_is_its_own_list(tmp_path, summary):
    path = tmp_path / "summary.md"
    path.write_text(SUMMARY, encoding="utf-8")
    lines = read_document(path).splitlines()
    assert "（1）项目委员会、基础设施组、媒体组已完成迁移；" in [line.strip() for line in lines]
    assert "1. 进展" in lines and "2. 问题" in lines  # the outer list keeps its numbers
    assert any(line.endswith("O1 - 协助各工作组在飞书构建规范化的工作流") for line in lines)  # (no \\-)
    tree = summary.pipeline.structure.tree("summary.md", 1)

    def find(level, heading):
        for d in level:
            if d.heading.startswith(heading):
                return d
            found = find(d.children, heading)
            if found:
                return found

    kr1 = find(tree, "KR1")
    assert [d.heading for d in kr1.children] == ["进展", "问题"]
    assert [d.label for d in kr1.children[1].children] == ["（1）", "（2）"]
    assert kr1.children[1].children[1].heading.startswith("下一步在官网汇总公开信息")


def test_a_share_said_in_words_answers_how_many_tenths(summary):
    result = summary.ask("经过优化，云资源方面的花费大概省下了几成？")
    assert result.answerable and "一半" in result.answer.sentences[0].text


ASSESSMENT = ("关于加强三级公立医院绩效考核工作的意见\n"
              "一、考核程序\n"
              "（一）医院自查自评。各三级公立医院在2019年9月底前，完成对上一年度医院绩效情况的分析评估，"
              "将上一年度病案首页信息等自评数据上传至国家和省级绩效考核信息系统。2020年起，每年1月底前完成上述工作。\n"
              "（二）省级年度考核。2020年起，每年2月底前各省份完成辖区内三级公立医院绩效考核工作。\n")


def test_a_sentence_doing_what_the_one_before_says_answers_with_its_words(tmp_path):
    qa = tiny_index(tmp_path, {"assessment.txt": ASSESSMENT, "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa
    result = qa.ask("从2020年开始，医院每年几月底前要把自评数据传到考核系统？")
    assert result.answerable and result.answer.sentences[0].text.startswith("2020年起，每年1月底前完成上述工作")


MEASURES = ("江苏省自行车电动车协会分支机构管理办法\n"
            "江苏省自行车电动车协会常务副秘书长宋金芸\n"
            "为加强对分支机构的管理，制定本管理办法。\n"
            "一、分支机构的业务管理\n"
            "1、分支机构开展活动时，必须使用全称，英文的译名应与中文名称一致。\n"
            "2、分支机构应每年按要求向秘书处报送年度工作计划。\n")


def test_an_association_officer_s_byline_names_the_speaker(tmp_path):
    qa = tiny_index(tmp_path, {"measures.txt": MEASURES, "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa
    doc = next(d for d in qa.pipeline.docrefs.docs if d.file == "measures.txt")
    assert "宋金芸" in doc.speakers
    result = qa.ask("常务副秘书长宋金芸写的那份管理办法里，分支机构开展活动时名称上有什么要求？")
    assert result.answerable and "必须使用全称" in result.answer.sentences[0].text
