"""Web pages as a browser saves them from a government site: menus, a search
form, breadcrumbs, source/date line, share buttons, related links, footer
with 备案号 around the article."""
from __future__ import annotations

FURNITURE = ["政务公开", "新闻中心", "站内搜索", "当前位置", "浏览次数", "分享到", "关于做好春季森林防火工作的通知",
             "县长主持召开常务会议", "备案号", "网站标识码", "版权所有", "var s", "color: red", "XX县人民政府门户网站"]


def government_page(title: str, paragraphs: list[str], charset: str = "gb2312", heading: bool = True) -> str:
    body = "".join(f"<p style='text-indent:2em'>{p}</p>\n" for p in paragraphs)
    h1 = f'<h1 class="title">{title}</h1>' if heading else ""
    meta = (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset != "utf-8"
            else '<meta charset="utf-8">')
    return f"""<!DOCTYPE html>
<html><head>{meta}
<title>{title}_XX县人民政府门户网站</title>
<script>var s = "一、不是正文的脚本";</script><style>p {{ color: red }}</style></head>
<body><div class="top-nav"><a href="/">首页</a> <a href="/zw">政务公开</a> <a href="/xw">新闻中心</a></div>
<form class="search"><input name="q"><button>搜索</button>站内搜索</form>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/ldjh">领导讲话</a></div>
<div class="main">{h1}
<div class="info">来源：县政府办公室　发布时间：2022-10-13　浏览次数：1024</div>
<div id="zoom">{body}</div>
<div class="share">分享到：微信 微博</div></div>
<ul class="related"><li><a href="/1">关于做好春季森林防火工作的通知</a></li>
<li><a href="/2">县长主持召开常务会议研究部署经济工作</a></li></ul>
<div class="footer">主办：XX县人民政府办公室　版权所有　备案号：X ICP备05001234号<br>网站标识码：1234567890</div>
</body></html>"""


def news_page(title: str, paragraphs: list[str]) -> str:
    """A table layout with <br> lines, no <h1>, and a '-XX网' title suffix."""
    lines = "<br>\n".join(paragraphs)
    return f"""<html><head><meta charset="utf-8"><title>{title} - XX日报网</title></head>
<body><table><tr><td class="menu"><a href="/">首页</a> | <a href="/a">要闻</a> | <a href="/b">评论</a></td></tr>
<tr><td><font size="4"><b>{title}</b></font></td></tr>
<tr><td class="content">{lines}</td></tr>
<tr><td class="copyright">Copyright © XX日报社 版权所有 京ICP备00000000号</td></tr></table></body></html>"""


def div_page(title: str, paragraphs: list[str]) -> str:
    """Paragraphs as <div>s, a logo <h1>, the heading in an <h2>, 上一篇/下一篇 links under it."""
    body = "".join(f"<div>{p}</div>" for p in paragraphs)
    return f"""<html><head><meta charset="utf-8"><title>{title}-XX新闻网</title></head><body>
<div class="logo"><h1>XX新闻网</h1></div><div class="nav"><a href="/">首页</a><a href="/n">新闻</a></div>
<div class="article"><h2>{title}</h2><div class="content">{body}</div>
<div>上一篇：<a href="/p">关于开展安全检查的通知</a></div><div>下一篇：<a href="/n2">全县召开经济工作会议</a></div>
</div></body></html>"""
