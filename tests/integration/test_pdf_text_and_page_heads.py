"""Texts as PDFs and saved pages leave them, read whole, and questions read as asked:
- a text wrapped at a page's width is measured in printed width (a Latin letter or digit is
  half a Chinese character), so lines holding Latin words are joined too; its page numbers
  are dropped, and two Latin words a line break split keep their space;
- a saved fragment with neither <title> nor <h1> prints its title and issue number in a
  block above the article: those lines head the document;
- a masthead spread out letter by letter (总 裁 办 电 子 邮 件) is one word, and a document's head
  lines state its issue number together;
- a document named by a subject year (2012年度…通知) is not one about another year (2011年度), even
  when it was issued in that year and its title's words fit;
- 第一责任人 is a word, not the first item of a list;
- a dictionary word the question's cutting took across two words (新冠以后 → 冠以) stands for the
  pairs beside it that passages hold (新冠);
- a name the question cuts as one word (巴瑞替尼) and the passages as two still counts, and a
  word the heading above a sentence holds counts for the sentence (用法：每次… under 1.巴瑞替尼片)."""
from __future__ import annotations

import re
import unicodedata

import pytest

from helpers import passage_texts
from qa.search.query import analyze
from qa.search.sentences import SentenceScorer
from qa.testing import HashEmbedder, tiny_index


def _width(text: str) -> float:
    return sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def _wrapped(paragraphs: list[str], width: int = 26, page_lines: int = 9) -> str:
    """Paragraphs cut at a page's printed width, a page number after every ``page_lines`` lines."""
    lines: list[str] = []
    for p in paragraphs:
        line = ""
        for unit in re.findall(r"[A-Za-z]+|.", p):  # a Latin word is never broken
            if _width(line + unit) > width:
                lines.append(line)
                line = ""
            line += unit
        lines.append(line)
    out = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % page_lines == 0:
            out.append(str(i // page_lines + 1))
    return "\n".join(out)


TREATMENT_PLAN = _wrapped([
    "流感样病例诊疗方案",
    "一、病原学特点",
    "本病病原体为一种RNA病毒，其表面蛋白（hemagglutinin，HA）和（neuraminidase，NA）决定病毒亚型。截至 2022年底，世界卫生组织（WHO）提出的“重点监测的毒株”（strain under close monitoring, SCM）有 4 个，分别为甲1型、甲3型、乙V型和乙Y型。各亚型之间交叉保护能力较弱。",
    "病毒对紫外线、有机溶剂（乙醚、75%乙醇、过氧乙酸等）以及含氯消毒剂敏感，氯己定不能有效灭活病毒。",
    "二、流行病学特点",
    "传染源主要是患者和隐性感染者，发病后3 天内传染性最强。潜伏期多为 1～3 天，儿童相对较长。人群普遍易感，接种疫苗后可获得一定的免疫力。",
    "三、治疗",
    "1.巴瑞替尼片。用于治疗重型病例。用法：空腹整片吞服，每次 4mg，每日 1 次，疗程至多不超过 14 天。使用前应评估肝肾功能。",
    "2.对症治疗。高热者可进行物理降温或应用解热药物，咳嗽咳痰严重者给予止咳祛痰药物。",
])

WAREHOUSE_TALK = ("仓库管理工作会上的讲话\n一、逐步减少仓库的二次分拣\n"
                  "我理解的中心仓库未来应该是虚拟化的，全流程一次把事情做对，是我们追求的目标。\n"
                  "二、供应要端到端实现\n每个环节都要做到最好，否则成本就会层层累加。\n")

NOTICE_FRAGMENT = (
    "<table><tr><td><p align='center'><b><span style='font-size:22pt'>南山省国土资源厅关于开展</span></b>"
    "<b><span style='font-size:24pt'>2011</span></b><b><span style='font-size:22pt'>年度土地卫片执法检查工作的通知"
    "</span></b></p></td></tr>"
    "<tr><td><span>南国土资发〔<span>2012</span>〕<span>16</span>号</span></td></tr>"
    "<tr><td><div id='zoom'>"
    "<p>各市、县国土资源主管部门：</p>"
    "<p>为加强对土地利用情况的全面监管，厅决定开展2011年度土地卫片执法检查工作。现将有关事项通知如下：</p>"
    "<p>一、主要任务</p><p>发现、制止和查处违法用地行为，对违法用地严重地区的主要负责人进行警示约谈。</p>"
    "<p>二、工作要求</p><p>（一）切实加强组织领导</p>"
    "<p>各级国土资源主管部门主要负责人是卫片执法检查工作的第一责任人，要亲自抓，各业务机构要按照分工各司其职。</p>"
    "<p>（二）严肃查处违法行为</p><p>对发现的违法用地行为，要依法依规严肃查处，做到查处一案，教育一片。</p>"
    "<p>附件：2011年度土地卫片执法检查工作方案</p><p>二〇一二年一月二十日</p>"
    "</div></td></tr></table>")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    docs = {"plan.txt": TREATMENT_PLAN, "talk.txt": WAREHOUSE_TALK, "notice.html": NOTICE_FRAGMENT}
    return tiny_index(tmp_path_factory.mktemp("pdftext"), docs, HashEmbedder())


def test_lines_with_latin_words_are_joined_and_page_numbers_dropped(index):
    texts = passage_texts(index, "plan.txt")
    assert any("世界卫生组织（WHO）提出的“重点监测的毒株”（strain under close monitoring, SCM）有 4 个，分别为甲1型"
               in t for t in texts)
    assert any("表面蛋白（hemagglutinin，HA）和（neuraminidase，NA）决定病毒亚型" in t for t in texts)
    assert not any(line.strip().isdigit() for t in texts for line in t.split("\n"))
    result = index.qa.ask("世卫组织提出的重点监测的毒株有几个？")
    assert result.hits[0].passage.file == "plan.txt" and "有 4 个" in result.hits[0].passage.text


def test_a_fragments_title_above_its_article_heads_it(index):
    speech = next(s for s in index.qa.pipeline.build.speeches if s.file == "notice.html")
    assert speech.title == "南山省国土资源厅关于开展2011年度土地卫片执法检查工作的通知"
    assert any("南国土资发〔2012〕16号" in t for t in passage_texts(index, "notice.html"))


def test_first_responsible_person_is_no_ordinal(index):
    result = index.qa.ask("按国土资源厅的通知，谁是卫片执法检查工作的第一责任人？")
    assert result.mode != "structural"
    assert "第一责任人" in result.hits[0].passage.text
    assert "第一责任人" in result.answer.sentences[0].text


def test_a_name_cut_two_ways_and_the_heading_above_a_sentence_count(index):
    result = index.qa.ask("巴瑞替尼一次吃多少、一天吃几次？")
    assert result.hits[0].passage.file == "plan.txt"
    assert "每次 4mg，每日 1 次" in result.answer.sentences[0].text


MEMO = ("总 裁 办 电 子 邮 件\n\n电邮讲话【2014】071号 签发人：周立\n\n把库存管起来\n\n——周总在全球物流大会上的讲话\n\n"
        "2014年9月3日\n\n一、库存要看得见\n每个站点的库存都要在系统里看得见，看不见的库存就是浪费。\n"
        "二、成本要算到受益者头上\n仓库的租金和人工都要分摊到受益的部门。\n")


def test_a_letter_spaced_masthead_is_one_word_and_the_head_states_the_number(tmp_path):
    index = tiny_index(tmp_path, {"memo.md": MEMO, "talk.txt": WAREHOUSE_TALK}, HashEmbedder())
    head = next(p for p in index.qa.pipeline.build.passages if p.file == "memo.md" and "071号" in p.text)
    assert head.text.startswith("总裁办电子邮件")
    result = index.qa.ask("周总全球物流大会讲话那份总裁办电子邮件的编号是多少？")
    assert result.answerable and "电邮讲话【2014】071号" in result.answer.sentences[0].text


OTHER_TALKS = {
    "school.txt": "开学典礼上的讲话\n同学们：\n一、珍惜时光\n新学期开始了，希望大家珍惜时光，勤奋学习。\n"
                  "二、注意安全\n上下楼梯不拥挤，放学按时回家。\n",
    "safety.txt": "安全生产工作会议上的讲话\n同志们：\n第一，压实责任\n各单位主要负责人要亲自抓安全生产。\n"
                  "第二，排查隐患\n对排查出的隐患要建立台账，限期整改。\n",
    "memo.md": MEMO,
}


def test_a_document_named_by_a_subject_year_it_is_not_about_is_not_it(tmp_path):
    # the 2011年度 notice was issued in 2012: asked as 2012年度…通知, it is another document,
    # however many of its title's words the question repeats
    docs = {"plan.txt": TREATMENT_PLAN, "talk.txt": WAREHOUSE_TALK, "notice.html": NOTICE_FRAGMENT, **OTHER_TALKS}
    index = tiny_index(tmp_path, docs, HashEmbedder())
    result = index.qa.ask("南山省国土资源厅关于2012年度土地卫片执法检查的通知要求谁当第一责任人？")
    assert not result.answerable
    assert "2012" in result.notice and "2011年度土地卫片执法检查工作的通知" in result.notice
    result = index.qa.ask("南山省国土资源厅关于2011年度土地卫片执法检查的通知要求谁当第一责任人？")
    assert result.answerable and "第一责任人" in result.answer.sentences[0].text






def test_a_dictionary_word_cut_across_two_words_gives_way_to_the_pairs_beside_it(tmp_path):
    # 新冠 is not in the dictionary, so 得了新冠以后 is cut 新 / 冠以 / 后: 冠以 is a word no passage
    # holds, and 新冠 beside it is the topic the answer sentence must hold
    docs = {"plan.txt": "新冠病毒感染诊疗方案\n一、传染源\n传染源主要是新冠病毒感染者，发病后3天内传染性最强。\n",
            "talk.txt": "员工座谈会上的讲话\n一、关于成长\n个人的成功不要去羡慕别人，关键还在于自己。\n"}
    lexical = tiny_index(tmp_path, docs, HashEmbedder()).qa.pipeline.build.lexical
    scorer = SentenceScorer(analyze("得了新冠以后哪几天最容易传给别人呀？"), lexical.doc_freq, lexical.num_docs)
    assert "新冠" in scorer.weights and "冠以" not in scorer.weights
    assert scorer.overlap("传染源主要是新冠病毒感染者，发病后3天内传染性最强。") > 0
    guessed = SentenceScorer(analyze("晚上管夜自修，一晚上给多少钱啊？"), lexical.doc_freq, lexical.num_docs)
    assert not {"上管", "夜自"} & set(guessed.weights)  # a pair the cutter guessed stands for nothing
