"""Words that name a document rather than a passage of it: an organisation's name in a charter's
title that only its first article repeats, a talk with no title that greets its audience and
introduces its speaker (with 翻页 cues between its slides), and a person asked for by a post
that no document names — each on a real index of text laid out so."""
from __future__ import annotations

import pytest

from helpers import UNRELATED_NOTICE
from qa.testing import HashEmbedder, tiny_index

CHARTER = ("联盟章程－星河科创产业联盟\n第一章 总则\n"
           "第一条 联盟名称为星河科创产业联盟。\n"
           "第二条 联盟的性质：本联盟是电子企业自愿组成的非营利性社会团体。\n"
           "第三条 联盟的宗旨：资源共享，合作共赢，共同发展，做大做强。\n"
           "第四条 联盟实行内部民主管理，理事长由联盟成员大会选举产生。\n"
           "第二章 会员\n"
           "第五条 凡承认本联盟章程的企业均可申请加入联盟。\n"
           "第六条 申请加入联盟须由两家联盟成员引荐，经理事会批准。\n"
           "第七条 联盟成员可以书面申请退出联盟。\n"
           "第三章 经费\n"
           "第八条 联盟经费来源于社会捐赠、政府资助以及成员年费。\n"
           "第九条 联盟经费由秘书处专人管理，理事会监督。\n")

TALK = ("老师同学们大家好，我是来自药学152班的林晓舟，我毕业论文的题目是化合物毒性预测模型构建。\n翻页\n"
        "首先是数据收集部分，化合物数据来自公开的毒性数据库。\n翻页\n"
        "接下来是模型构建，本课题比较了随机森林和神经网络两种算法。\n翻页\n"
        "本实验使用分类准确性CA值与曲线下面积AUC值对所建模型进行评估。\n翻页\n"
        "最后是总结，模型具有一定的预测能力。谢谢大家。\n")

LEAGUE_TALK = ("在全市青少年足球联赛开幕式上的讲话\n同学们：\n"
               "今天，全市青少年足球联赛正式开幕。联赛共有二十支球队参加，比赛将持续两个月。\n"
               "希望各支球队赛出风格、赛出水平，裁判员公正执法。\n")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    # (the fake embedder's scores are noise: the keyword and sentence stages decide, which is what is shown;
    # the bundled embedder still finds 第一条 nearest to a question that is mostly the name)
    return tiny_index(tmp_path_factory.mktemp("naming17"), {
        "alliance-charter.txt": CHARTER, "thesis-defence-talk.txt": TALK, "league-opening.txt": LEAGUE_TALK,
        "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa


def test_an_organisations_name_does_not_make_its_first_article_the_answer(qa):
    """星河科创产业联盟 stands in the title and in 第一条 alone: it names the charter, and the
    article that holds the question's other word (宗旨) answers."""
    result = qa.ask("星河科创产业联盟的宗旨是什么？")
    assert result.answerable
    assert result.hits[0].passage.path[-1].startswith("第三条")
    assert "资源共享，合作共赢" in result.answer.sentences[0].text
    # a word most of its passages use (联盟) is its topic: the articles on joining still win on it
    joining = qa.ask("申请加入联盟需要谁来引荐？")
    assert joining.hits[0].passage.path[-1].startswith("第六条")


def test_the_name_still_tells_the_document_from_the_others(qa):
    """Evened out over the charter's passages, its name still brings the question to the charter."""
    result = qa.ask("星河科创产业联盟的经费从哪里来？")
    assert {h.passage.file for h in result.hits[:3]} == {"alliance-charter.txt"}
    # (within the charter the fake embedder orders its 经费 articles by noise: 第八条 or 第九条 first)
    assert any("社会捐赠" in h.passage.text for h in result.hits[:5])


def test_a_title_asked_for_is_not_evened_out(qa):
    result = qa.ask("星河科创产业联盟章程的标题是什么？")
    assert "星河科创产业联盟" in result.answer.sentences[0].text


def test_a_talk_that_greets_and_introduces_itself_is_named_by_its_speaker_and_class(qa):
    doc = qa.pipeline.docrefs.find("thesis-defence-talk.txt", 1)
    assert doc.speakers == ["林晓舟"]  # the 翻页 cue between slides is no byline
    assert {"讲话", "演讲", "发言"} <= set(doc.types)
    result = qa.ask("药学152班那位同学的答辩演讲稿里，模型用什么指标来评估？")
    # (a file with no title is named by the file, not as a title, and by the talk's speaker)
    assert "问题指向文件 thesis-defence-talk.txt（林晓舟的讲话）" in result.notice
    assert all(h.passage.file == "thesis-defence-talk.txt" for h in result.hits)
    assert any("AUC值" in h.passage.text for h in result.hits[:3])


def test_a_post_no_document_names_is_not_answered_by_another_person(qa):
    """这篇毕业论文的指导老师是谁: the talk names its student, never a supervisor."""
    result = qa.ask("这篇毕业论文的指导老师是谁？")
    assert not result.answerable
    assert "指导老师" in result.missing


def test_a_post_a_document_names_is_answered(tmp_path):
    form = ("毕业论文开题报告\n学生：林晓舟\n指导老师：王建华\n"
            "一、选题意义\n化合物毒性预测可以减少动物实验。\n")
    qa = tiny_index(tmp_path, {"proposal.txt": form, "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa
    result = qa.ask("这篇毕业论文的指导老师是谁？")
    assert result.answerable and "王建华" in result.answer.text


def test_a_scoped_talk_with_no_points_is_not_offered_another_documents_chapters(qa):
    """林晓舟的答辩演讲分几个部分: the talk has no numbered points; the refusal names no topics of the charter."""
    result = qa.ask("林晓舟的答辩演讲分几个部分？")
    assert "thesis-defence-talk.txt" in result.notice
    assert not result.answerable and "第一章" not in result.answer.text


def test_a_file_filter_answers_the_outline_of_an_untitled_file_by_its_name(tmp_path):
    """--file on a file of one document with no title: its points are listed, and it is named by its
    file (文件 work-notes.txt), not as a title in 《》."""
    notes = ("一、加强理论学习，每周组织一次集中学习。\n二、改进工作作风，深入基层调查研究。\n"
             "三、严格纪律要求，按时完成各项任务。\n")
    qa = tiny_index(tmp_path, {"work-notes.txt": notes, "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa
    result = qa.ask("这份材料讲了哪几点？", file="work-notes.txt")
    assert result.mode == "outline"
    assert result.answer.text.startswith("文件 work-notes.txt 共讲了3点")
    assert "三、严格纪律要求" in result.answer.text and "《" not in result.answer.text


class _Recording(HashEmbedder):
    """The fake embedder, keeping the questions' texts it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def embed_query(self, text):
        self.asked.append(text)
        return super().embed_query(text)


def test_the_embedder_looks_for_what_is_asked_of_a_named_document_not_its_name(tmp_path):
    """星河科创产业联盟的宗旨是什么: within the charter, the embedder ranks its passages by the question
    without the name (宗旨), shifted so the charter's best keeps its place; a question of a date keeps
    the name (its head, which holds the name, answers it)."""
    embedder = _Recording()
    qa = tiny_index(tmp_path, {"alliance-charter.txt": CHARTER, "notice.txt": UNRELATED_NOTICE}, embedder).qa
    result = qa.ask("星河科创产业联盟的宗旨是什么？")
    assert any("星河科创产业联盟" not in t and "宗旨" in t for t in embedder.asked[-2:])
    assert result.answerable and result.hits[0].passage.path[-1].startswith("第三条")
    embedder.asked.clear()
    qa.ask("星河科创产业联盟是哪一年成立的？")
    assert embedder.asked and all("星河科创产业联盟" in t for t in embedder.asked)
