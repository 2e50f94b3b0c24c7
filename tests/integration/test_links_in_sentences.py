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
