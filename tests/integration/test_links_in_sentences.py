"""A saved page keeps the document's own lines that look like a site's: a sentence that gives
an e-mail address or a link (报名交至校团委（电子邮箱…@163.com）), and an event's organisers
(承办单位：…) on a line of their own. The page's footer and a bare link are still dropped."""
from __future__ import annotations

import pytest

from qa.ingest.layout import is_credit
from qa.testing import HashEmbedder, tiny_index

PAGE = """<html><head><title>关于组织参加经典诵写讲大赛的通知</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/news">新闻</a></div>
<div class="article">
<p>关于组织参加经典诵写讲大赛的通知</p>
<p>各年级组：</p>
<p>一、诗文创作大赛</p>
<p>请各班于10月1日前将作品报名交至校团委（电子邮箱<a href="mailto:tuanwei_x@163.com">tuanwei_x@163.com</a>），逾期不再受理。</p>
<p>二、诗词讲解大赛</p>
<p>承办单位：北洋师范大学</p>
<p>协办单位：诗词学会</p>
<p>讲解视频长度不超过8分钟。</p>
<p>http://www.example-school.cn/Item/1024.aspx</p>
</div>
<p>主办单位：实验中学 地址：解放路18号 电话：0575-8888888</p>
</body></html>"""


@pytest.mark.parametrize("line, credit", [
    ("请各班将作品报名交至校团委（电子邮箱tuanwei_x@163.com），逾期不再受理。", False),
    ("承办单位：北洋师范大学", False),
    # a link the page broke over two lines: the sentence after its tail is the document's
    ("songdujingdian.com。设立官方微信公众号，本赛事所有通知将通过微信公众号发布。", False),
    ("主办单位：实验中学 地址：解放路18号 电话：0575-8888888", True),
    ("http://www.example-school.cn/Item/1024.aspx", True),
    ("本文档由站牛网zhann.net收集整理，更多优质范文文档请移步zhann.net站内查找", True),
    ("原文链接：https://mp.weixin.qq.com/s/abc", True),
    # a sentence about the page itself, not the document's own
    ("本文正文由脚本自官方公开页面提取，仅供检索查阅；以[官方链接](https://www.example.gov.cn/d/1)发布版本为准。", True),
    ("版权所有：XX县人民政府 备案号：X ICP备12345678号", True),
])
def test_a_link_or_an_organiser_is_a_credit_only_where_the_page_says_it(line, credit):
    assert is_credit(line) is credit


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return tiny_index(tmp_path_factory.mktemp("links"), {"contest.html": PAGE}, HashEmbedder())


def test_the_sentence_with_the_address_is_searchable(index):
    texts = " ".join(p.text for p in index.qa.pipeline.build.passages)
    assert "tuanwei_x@163.com" in texts and "承办单位：北洋师范大学" in texts
    assert "example-school" not in texts and "解放路18号" not in texts  # the page's, not the document's
    result = index.qa.ask("诗文作品报名要发到哪个邮箱？")
    assert result.answerable and "tuanwei_x@163.com" in result.answer.sentences[0].text


def test_the_organiser_is_answered(index):
    result = index.qa.ask("诗词讲解大赛的承办单位是谁？")
    assert result.answerable and "北洋师范大学" in result.answer.text


ISSUING = """---
标题: 市交通委关于印发《交通领域光伏推广应用实施方案》的通知
官方链接: https://www.example.gov.cn/zhengce/detail/1
---

> 本文正文由脚本自官方公开页面提取，仅供检索查阅；以[官方链接](https://www.example.gov.cn/zhengce/detail/1)发布版本为准。

# 市交通委关于印发《交通领域光伏推广应用实施方案》的通知

市交通委

关于印发《交通领域光伏推广应用实施方案》的通知

各有关单位：

为推进本市交通领域光伏发展，经研究，现制定《交通领域光伏推广应用实施方案》予以印发。

各单位要加强组织领导，明确责任分工，抓好贯彻落实。

执行中遇到的问题，请及时向市交通委反映。

现将《交通领域光伏推广应用实施方案》印发给你们，请认真遵照执行。

特此通知。

市交通委

2023年6月15日

交通领域光伏推广应用实施方案

为推进本市交通领域光伏发展，助力实现碳达峰碳中和目标，制定本方案。

一、总体要求

坚持政府引导、市场主导，稳步推进光伏应用。

二、主要任务

（一）推进光伏示范工程。在地铁车辆段建设屋顶光伏。

（二）打造典型应用场景。推广光伏声屏障。
"""


def test_a_note_about_the_page_keeps_the_notice_its_title_and_the_plan_its_name(tmp_path):
    """The scraper's note above the title is the page's: the notice is still titled by its title line,
    and a question naming the plan it issues (…方案第二部分) means the plan, not its cover notice."""
    qa = tiny_index(tmp_path, {"pv-plan.md": ISSUING, "other.txt": "关于学校食堂管理的通知\n一、总体要求\n确保饮食安全。\n"},
                    HashEmbedder()).qa
    titles = [s.title for s in sorted(qa.pipeline.build.speeches, key=lambda s: s.ordinal) if s.file == "pv-plan.md"]
    assert titles[0].endswith("关于印发《交通领域光伏推广应用实施方案》的通知")
    assert "仅供检索查阅" not in " ".join(p.text for p in qa.pipeline.build.passages)
    result = qa.ask("交通光伏方案第二部分主要任务里第一项是什么？")
    assert "文档有多份" not in result.answer.text
    assert "（一）推进光伏示范工程" in result.answer.sentences[0].text  # under its part's heading
    assert result.hits[0].passage.speech == 2
