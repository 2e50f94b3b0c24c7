"""A policy explained as questions and answers (《关于…的通知》的政策解答: 一、…是什么？ 答：…), asked
about as people do: how many questions it answers and the last, its parts when its whole title is
written (the 通知 it quotes names it, no part of it), and a count one of its answers states (限购
政策调整主要包括两部分) that is no count of the document's own parts."""
from __future__ import annotations

import pytest

from helpers import UNRELATED_NOTICE
from qa.search.query import analyze
from qa.search.sentences import SentenceScorer
from qa.testing import HashEmbedder, tiny_index

ANSWERS = ("《关于进一步加强房地产市场调控的通知》的政策解答\n"
           "一、出台《关于进一步加强房地产市场调控的通知》的目的是什么？\n答：为了支持自住需求、抑制投机炒房。\n"
           "二、如何进一步加强住房限购？\n（一）限购政策有哪些调整？\n答：限购政策调整主要包括两部分：一是户籍家庭购房政策收紧；"
           "二是非本市户籍家庭购房政策收紧。\n（二）哪些情形仍按原限购政策执行？\n答：在本《通知》发布前，符合以下情形之一的，仍按原政策执行：\n"
           "1.已参与摇号登记的；\n2.已办理合同网签备案的；\n3.已受理赠与登记的。\n"
           "三、对提供虚假资料购房的行为处理措施有何变化？\n答：三年内不得在本市购房。\n")


@pytest.fixture(scope="module")
def qa(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("answers"), {"answers.txt": ANSWERS, "notice.txt": UNRELATED_NOTICE},
                      HashEmbedder()).qa


def test_how_many_questions_it_answers_and_the_last(qa):
    asked = qa.ask("《关于进一步加强房地产市场调控的通知》的政策解答一共回答了几个大问题？最后一个问的是什么？")
    assert asked.mode == "outline" and "共3个问题" in asked.answer.text
    assert "最后一个问题是：三、对提供虚假资料购房的行为处理措施有何变化" in asked.answer.text


def test_its_whole_title_names_the_document_not_one_of_its_parts(qa):
    """The 通知 of the title stands in part 二's answer too: written within the whole title it
    is a name, and the count is of the document's own three parts."""
    asked = qa.ask("《关于进一步加强房地产市场调控的通知》的政策解答一共有几个部分？")
    assert "共3部分" in asked.answer.text and "哪些情形仍按原限购政策执行" not in asked.answer.text.split("共")[0]


def test_a_count_inside_one_answer_is_not_cited_as_the_documents_own(qa):
    asked = qa.ask("房地产市场调控的政策解答一共有几个部分？")
    assert "共3部分" in asked.answer.text and "主要包括两部分" not in asked.answer.text


def test_latin_words_match_whatever_their_case(tmp_path):
    """SIG-MindSpore in the minutes holds the mindspore of the question, which words are cut lower-case."""
    lexical = tiny_index(tmp_path, {"minutes.txt": "TC例会纪要\n1、SIG调整\nSIG-MindSpore合入SIG-AI，TC投票通过。\n",
                                    "other.txt": UNRELATED_NOTICE}, HashEmbedder()).qa.pipeline.build.lexical
    scorer = SentenceScorer(analyze("SIG-AI 和 SIG-MindSpore 的事是怎么定的？"), lexical.doc_freq, lexical.num_docs)
    assert "mindspore" in scorer.weights
    assert scorer.overlap("SIG-MindSpore合入SIG-AI，TC投票通过。") > 0.5


def test_the_outcome_asked_is_the_sentence_that_concludes(tmp_path):
    """最后按多少个月算 asks for the outcome: of the sentences that state months, the one that
    concludes (…，因此以139个月作为…) comes first; 最后一个 asks for an item, not an outcome."""
    example = ("社保缴纳时间计算说明\n一、计算方法\n按购房家庭成员中社保累计缴纳时间最长的一方计算。"
               "某购房家庭中，男方社保缴纳月数累计127个月。女方社保缴纳月数共计139个月。"
               "女方缴纳月数较长，因此以139个月作为社保缴纳月数。\n")
    qa = tiny_index(tmp_path, {"example.txt": example, "notice.txt": UNRELATED_NOTICE}, HashEmbedder()).qa
    asked = qa.ask("那对夫妻最后按多少个月社保算？")
    assert "因此以139个月" in asked.answer.sentences[0].text
    scorer = SentenceScorer(analyze("最后一个问题问的是什么？"))
    assert not scorer.asks_outcome and SentenceScorer(analyze("最终结果如何？")).asks_outcome
