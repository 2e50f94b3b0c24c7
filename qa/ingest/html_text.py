"""The article of a saved web page as plain text: heading, then its paragraphs.

A published speech usually comes from a government or news site, saved as
.html. Around the article stand menus, search boxes, share buttons, related
links, footers with 备案号 and copyright. The page is parsed with lxml; the
article is the block that holds most text outside links (the idea of
Readability: each run of text counts for its block and half for the block
above), and the title is the page's heading that matches <title>, or
<title> without its site suffix (_XX市人民政府门户网站, -XX网).
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import lxml.html
from lxml import etree

from qa.errors import DocumentUnreadable
from qa.ingest.files import decode_bytes
from qa.ingest.directives import starts_with_marker
from qa.ingest.heading_levels import HEADING, with_structure_marks
from qa.ingest.layout import DOCUMENT_FIELD, is_credit
from qa.ingest.tables import is_data_table, row_lines
from qa.ingest.limits import Reading
from qa.numerals import to_chinese

# Never article text.
FURNITURE_TAGS = ("script", "style", "noscript", "nav", "footer", "form", "iframe", "aside", "select",
                  "button", "input", "textarea", "template", "svg", "object", "embed", "head", "menu")
FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar"}
# style="display:none" / hidden, and long: a copy the reader never sees (a page may keep the whole
# text again in a hidden block for its search box); read only when nothing else holds text. A short
# hidden line (the title, the issue number the site shows in its own header) is still the document's.
HIDDEN_COPY_CHARS = 200
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
FURNITURE_NAMES = re.compile(r"(^|[-_\s])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|share|search|"
                             r"copyright|sidebar|related|comment|login|topbar|toolbar)($|[-_\s\d])", re.I)
# Elements that end a line of text.
BLOCK_TAGS = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "article",
              "section", "main", "header", "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
              "center", "hr", "figure", "figcaption", "address", "body", "tbody", "thead"}
INLINE_TAGS = {"span", "font", "strong", "b", "em", "i", "u", "a", "sup", "sub", "small", "big", "label"}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
SITE_SUFFIX = re.compile(r"\s*(?:[_|｜\-—–]+|\s-\s)\s*[^_|｜\-—–]*(网|网站|门户|政府|官网|频道|首页|在线|日报|新闻|"
                         r"[Cc]om|[Cc][Nn])\s*$")


# <%@ Page … %> / <%=forumtitle%> / <?php echo … ?>: the server's code in a page saved from its source
# (.aspx, .jsp, .php), which the server, not the reader, would have replaced
SERVER_CODE = re.compile(r"<%.*?%>|<\?php\b.*?(?:\?>|\Z)", re.S)
MAX_TAGS = 2_000_000  # a page's tree grows with its tags; real pages have far fewer


def read_html(path: Path, data: bytes, reading: Reading) -> str:
    """Title line, then the article's paragraphs, one per line."""
    if data.count(b"<") > MAX_TAGS:
        raise DocumentUnreadable(path.name, f"more than {MAX_TAGS:,} HTML tags, far more than a page needs; not read")
    text = SERVER_CODE.sub("", _decode(data, path.name))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentUnreadable(path.name, f"not a readable web page ({exc.__class__.__name__})") from exc
    try:
        page_title = _clean_title(" ".join(root.xpath("//title//text()")))
        headings = [_squash(h.text_content()) for h in root.xpath("//h1|//h2|//h3")]
        first_h1 = next((t for t in (_squash(h.text_content()) for h in root.xpath("//h1")) if t), "")
        lines = _article_lines(root)
        if not page_title and not first_h1 and lines:
            lines = _head_above(root, lines) + lines
    except RecursionError:
        raise DocumentUnreadable(path.name, "the web page nests too deeply to read") from None
    # a saved fragment of a page has no <title>: its <h1> is the article's (unless the article
    # itself carries that line, and the reading of its head lines decides)
    title = _title(page_title, headings, lines) or (
        first_h1 if _CJK_RUN.search(first_h1) and first_h1 not in map(_squash, lines) else "")
    if not lines and not title:
        raise DocumentUnreadable(path.name, "the web page has no article text")
    # (bold lines of a page whose text numbers its points are titles: the numbers are its structure)
    numbered = any(starts_with_marker(line) for line in lines if not HEADING.match(line))
    if numbered:  # (an <h2> over each numbered list still heads its part)
        lines = [line[len(BOLD_HEADING_MARKS) + 1:] if line.startswith(BOLD_HEADING_MARKS + " ") else line
                 for line in lines]
    lines = with_structure_marks(lines)
    if lines and title and _squash(lines[0]) == _squash(title):
        lines = lines[1:]
    if reading.out_of_time():
        reading.notes.append(reading.time_note("the page was read whole"))
    return "\n".join(([title] if title else []) + lines)


HEAD_LINES = 4  # a title, an issue number, a date: more short lines above the article are a menu
HEAD_LINE_CHARS = 80


def _head_above(root, lines: list[str]) -> list[str]:
    """A saved fragment with neither <title> nor <h1> prints its title (and issue number) in a
    block of its own above the article's: those few short lines are the article's head."""
    page = [l for l in _lines(root) if not is_credit(l)]
    start = page.index(lines[0]) if lines[0] in page else 0
    head = page[:start]
    if len(head) > HEAD_LINES or any(len(l) > HEAD_LINE_CHARS for l in head):
        return []
    return head


def _decode(data: bytes, name: str) -> str:
    """By the byte-order mark, then the page's <meta charset>, then UTF-8 / GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    m = META_CHARSET.search(data[:4096])
    if m:
        charset = m.group(1).decode("ascii").lower()
        if charset in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936"):
            charset = "gb18030"  # a superset: pages labelled gb2312 often use GBK characters
        try:
            return data.decode(charset, "replace")
        except LookupError:
            pass  # an unknown label: guess as for text files
    return decode_bytes(data, name)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u3000", " ").replace("\xa0", " ")).strip()


# the <title> an editor's page template leaves until someone names the page: no title at all
_PLACEHOLDER_TITLE = re.compile(r"insert title here|untitled(?: document)?|(?:new )?document|"
                                r"无标题(?:文档|页面|网页)?|新建网页\s*\d*|未命名(?:文档|页面)?", re.I)


def _clean_title(title: str) -> str:
    """<title> without the site name a site appends (_XX市人民政府门户网站, -XX网)."""
    title = _squash(title)
    if _PLACEHOLDER_TITLE.fullmatch(title):
        return ""
    while True:
        shorter = SITE_SUFFIX.sub("", title)
        if shorter == title or not shorter:
            return title
        title = shorter


def _title(page_title: str, headings: list[str], lines: list[str]) -> str:
    """The article's heading as the page writes it: a heading that matches <title>."""
    for h in headings:  # a logo heading (XX市人民政府) is too short to match a whole title
        if len(h) >= min(6, len(page_title)) and page_title and (h in page_title or page_title in h):
            return h
    if lines and page_title and _squash(lines[0]) in page_title:
        return _squash(lines[0])
    return page_title


def _article_lines(root) -> list[str]:
    """The article's lines, the page's hidden copies left out unless only they hold text, and the
    page's own fields on the document (文号： / 实施日期： / 失效日期：, in a block of their own
    beside the article) before them."""
    _drop_furniture(root)
    hidden = _copies([el for el in root.iter() if isinstance(el.tag, str) and _hidden(el)], root)
    whole = copy.deepcopy(root) if hidden else root
    for el in hidden:
        if el.getparent() is not None:
            el.drop_tree()
    article = _article(root)
    lines = [l for l in _head_beside_title(article) + _lines(article, headings=True) if not is_credit(l)] \
        if article is not None else []
    if not lines and hidden:  # only the hidden copy holds text: read it
        article = _article(whole)
        return [l for l in _lines(article, headings=True) if not is_credit(l)] if article is not None else []
    said = set(map(_field_key, lines))
    fields: dict[str, str] = {}  # label → its first line: a list of related links repeats 发布日期：
    for line in _lines(root):
        m = DOCUMENT_FIELD.match(line)
        if m and line[m.end():].strip() and _field_key(line) not in said:  # (a field with its value)
            fields.setdefault(_field_key(m.group(1)), line)
    return (list(fields.values()) if len(fields) >= 2 else []) + lines  # (a block of fields, not one date)


def _head_beside_title(article) -> list[str]:
    """The lines between the page's <h1> title and the article, where the block holding all three
    holds nothing more than a few short lines besides (内政部…台內團字第1080080865號函准予備查 under
    the title, above the articles): the document's head."""
    parent = article.getparent()
    if parent is None or parent.tag in ("body", "html") or not parent.xpath("./h1"):
        return []
    before = []
    for c in parent:
        if c is article:
            break
        if isinstance(c.tag, str) and c.tag != "h1":
            before += _lines(c)
    after = [line for c in article.itersiblings() if isinstance(c.tag, str) for line in _lines(c)]
    if len(before) + len(after) <= HEAD_LINES and all(len(line) <= HEAD_LINE_CHARS for line in before + after):
        return before
    return []


def _field_key(line: str) -> str:
    return re.sub(r"\s", "", line)


COPY_SHARE = 0.5  # of a hidden block's sentences the page shows elsewhere, for it to be a copy
_COPY_SENTENCE = re.compile(r"[^。！？!?\n]{8,}")


def _copies(hidden: list, root) -> list:
    """The hidden blocks that copy text the page shows (a search box's copy of the article), not
    the folded sections of a help page (帮助 items opened by a click), whose text is shown nowhere else."""
    if not hidden:
        return []
    visible = re.sub(r"\s", "", "".join(_shown_text(root, set(hidden))))
    out = []
    for el in hidden:
        sentences = [s for s in (re.sub(r"\s", "", s) for s in _COPY_SENTENCE.findall(el.text_content())) if len(s) >= 8]
        if not sentences or sum(s in visible for s in sentences) >= COPY_SHARE * len(sentences):
            out.append(el)
    return out


def _shown_text(el, hidden: set) -> list[str]:
    """The text of ``el`` outside the hidden blocks (a hidden block's tail is shown)."""
    if el in hidden:
        return []
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts += _shown_text(child, hidden)
        parts.append(child.tail or "")
    return parts


def _hidden(el) -> bool:
    return (el.get("hidden") is not None or bool(HIDDEN_STYLE.search(el.get("style", "")))) \
        and _text_size(el) >= HIDDEN_COPY_CHARS


def _drop_furniture(root) -> None:
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments, processing instructions
            doomed.append(el)
            continue
        names = f"{el.get('id', '')} {el.get('class', '')}"
        if (el.tag in FURNITURE_TAGS or el.get("role", "").lower() in FURNITURE_ROLES
                or (el.tag not in ("body", "html") and FURNITURE_NAMES.search(names))):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()  # keeps the tail text, which belongs to the parent


def _article(root):
    """The block with most text outside links; a table of data counts as one
    block (its cells are no articles of their own: a long cell is one row)."""
    scores: dict = {}
    tables: dict = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for text, owner in ((el.text, el), (el.tail, el.getparent())):
            n = len(re.sub(r"\s", "", text or ""))
            if not n or owner is None or _in_link(owner):
                continue
            block = _data_table(_block(owner), tables)
            scores[block] = scores.get(block, 0) + n
            parent = block.getparent()
            if parent is not None:
                scores[parent] = scores.get(parent, 0) + n / 2
    if not scores:
        return root.find("body")
    best = max(scores, key=scores.get)
    return _whole_article(best, scores)


SECTION_SHARE = 0.5  # of the best block's text another block needs to be a section of the same article
SECTION_DEPTH = 4  # levels above the best block where the article may hold its other sections


def _whole_article(best, scores: dict):
    """The best block's nearest ancestor (a few levels up) that holds every block with at least
    SECTION_SHARE of its text: a page of rules in four parts, each its own list under its own
    heading, is one article, not its longest part."""
    around = {id(a) for a in best.iterancestors()}  # (a block above the best holds half its text: no section)
    sections = [b for b, n in scores.items() if n >= SECTION_SHARE * scores[best] and b is not best
                and id(b) not in around and not any(a is best for a in b.iterancestors())]
    if not sections:
        boxes = _like_boxes(best)
        return best if boxes is None else boxes
    node = best
    for _ in range(SECTION_DEPTH):
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return best
        if all(any(a is node for a in b.iterancestors()) for b in sections):
            return node
    return best


LIKE_BOXES_SHARE = 0.8  # of the text of the page part around them, for boxes alike to be its article


def _like_boxes(best):
    """A page built of boxes alike (the same tag, class and style, one after another), each a
    section of it (a help page's 用户须知, 论坛使用 … 相关法规, each opened by a click): the
    part that holds them, when they hold most of its text; the best block is only one of them."""
    node = best
    for _ in range(SECTION_DEPTH):
        parent = node.getparent()
        if parent is None:
            return None
        alike = [c for c in parent if isinstance(c.tag, str) and c.tag == node.tag
                 and c.get("class") == node.get("class") and c.get("style") == node.get("style")]
        boxed = sum(_text_size(c) for c in alike)
        if len(alike) >= 2 and sum(_text_size(c) for c in alike if c is not node) >= SECTION_SHARE * _text_size(node) \
                and boxed >= LIKE_BOXES_SHARE * _text_size(parent):
            return parent
        node = parent
    return None


def _text_size(el) -> int:
    return len(re.sub(r"\s", "", el.text_content()))


def _data_table(block, tables: dict):
    """The table of data a cell (or row) belongs to, else the block itself."""
    if block.tag not in ("td", "th", "tr", "tbody", "thead", "tfoot"):
        return block
    table = next(block.iterancestors("table"), None)
    if table is None:
        return block
    if table not in tables:
        tables[table] = is_data_table(_table_rows(table))
    return table if tables[table] else block


def _in_link(el) -> bool:
    while el is not None:
        if el.tag == "a":
            return True
        if el.tag in BLOCK_TAGS:
            return False
        el = el.getparent()
    return False


def _block(el):
    """The nearest ancestor that holds paragraphs: a paragraph (a <p>, or a <div>
    with no block inside, not even a <br>) counts for the block around it."""
    while el.getparent() is not None and (el.tag in INLINE_TAGS or _is_paragraph(el)):
        el = el.getparent()
    return el


def _is_paragraph(el) -> bool:
    if el.tag == "p":
        return True
    return el.tag in ("div", "section", "li", "dd") and not any(
        isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in el)


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{4}")
_WRAP_IN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r]*\n\s*(?=[{_CJK}])")


def _flow(text: str) -> str:
    """A line break in the page source is a space in the browser, and nothing
    between two Chinese characters (the source was wrapped, not the text)."""
    return re.sub(r"\s*\n\s*", " ", _WRAP_IN_CJK.sub("", text))


# <p><strong>冰洞搜索</strong></p>: a paragraph all in bold, short, no sentence of its own, is a
# sub-heading of the article (marked as a heading for qa.ingest.heading_levels)
BOLD_HEADING_CHARS = 30
_NOT_HEADING = re.compile(r"[。！？!?；;：:]")
BOLD_HEADING_MARKS = "######"


def _bold_heading(node) -> str:
    if node.tag not in ("p", "div") or len(node) != 1 or (node.text or "").strip():
        return ""
    child = node[0]
    if child.tag not in ("strong", "b") or (child.tail or "").strip() or any(
            isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in child.iter()):
        return ""
    words = _squash(child.text_content())
    return words if 2 <= len(words) <= BOLD_HEADING_CHARS and not _NOT_HEADING.search(words) else ""


def _toggle_heading(node) -> str:
    """<div><a href="###" onclick="expand('item1')">用户须知</a></div> over a folded block: the link
    that opens a section is its heading (a help page's 用户须知 … 相关法规)."""
    if node.tag not in ("div", "p", "li", "dt", "h6") or len(node) != 1 or (node.text or "").strip():
        return ""
    link = node[0]
    if link.tag != "a" or (link.tail or "").strip() or not (
            link.get("onclick") or re.fullmatch(r"#*|javascript:.*", (link.get("href") or "").strip(), re.I)):
        return ""
    after = node.getnext()
    while after is not None and not isinstance(after.tag, str):
        after = after.getnext()
    if after is None or not (after.get("hidden") is not None or HIDDEN_STYLE.search(after.get("style", ""))):
        return ""
    words = _squash(link.text_content())
    return words if 2 <= len(words) <= BOLD_HEADING_CHARS and not _NOT_HEADING.search(words) else ""


# an article's own section headings, marked by level as Markdown marks them (qa.ingest.heading_levels
# keeps a level's marks where it is structure)
_SECTION_HEADING = {f"h{n}": "#" * n for n in range(2, 6)}  # (###### marks a bold line)


def _item_number(li, places: dict) -> str:
    """The number a browser shows before an item of an ordered list (1. / 一、 for a
    cjk-ideographic list), as the text then reads; "" for an item of an unordered one.
    ``places``: each list's items' places, counted once per list (a page may hold long ones)."""
    parent = li.getparent()
    if parent is None or parent.tag != "ol":
        return ""
    if parent not in places:
        places[parent] = {item: i for i, item in enumerate(c for c in parent if isinstance(c.tag, str) and c.tag == "li")}
    start = parent.get("start", "1")
    n = places[parent].get(li, 0) + (int(start) if start.isdigit() else 1)
    style = (parent.get("style") or "") + " " + (parent.get("type") or "")
    if "cjk" in style or "chinese" in style:
        return f"{to_chinese(n)}、" if n <= 99 else f"{n}."
    return f"{n}."


# <div class="easyui-panel" title="…">, a tab or a fold of an accordion: the framework draws the title
# attribute as the box's header bar (a page of news items, one per panel), where on a plain element
# it is only a tooltip
_TITLED_BOX = re.compile(r"(?:^|\s)(?:easyui-(?:window|dialog)|(?:\S*-)?panel)(?:\s|$)")  # (easyui-panel too)
_TITLED_BOXES = re.compile(r"(?:^|\s)easyui-(?:accordion|tabs)(?:\s|$)")
BOX_TITLE_CHARS = 60


def _box_title(node) -> str:
    """The header a UI framework draws over a titled box (a panel, a tab), or ""."""
    if node.tag not in ("div", "section", "fieldset") or not node.get("title"):
        return ""
    parent = node.getparent()
    if not (_TITLED_BOX.search(node.get("class") or "")
            or parent is not None and _TITLED_BOXES.search(parent.get("class") or "")):
        return ""
    words = _squash(node.get("title"))
    return words if 2 <= len(words) <= BOX_TITLE_CHARS and _CJK_RUN.search(words) else ""


# <span style="font-family:Wingdings">l</span>: Word draws a list's bullet as a letter of a symbol font
# (l is its dot, Ø its arrow): a mark, no word of the text
_SYMBOL_FONT = re.compile(r"font-family\s*:\s*['\"]?(?:Wingdings|Webdings|Symbol)\b", re.I)


def _is_glyph(node) -> bool:
    return len((node.text or "").strip()) <= 2 and bool(_SYMBOL_FONT.search(node.get("style") or ""))


def _lines(el, headings: bool = False) -> list[str]:
    parts: list[str] = []
    places: dict = {}  # ordered list → its items' places

    def walk(node) -> None:
        boxed = _box_title(node) if headings else ""
        if boxed:  # (then the box's own text below it)
            parts.append(f"\n## {boxed}\n")
        bold = _bold_heading(node) if headings else ""
        if bold:
            parts.append(f"\n{BOLD_HEADING_MARKS} {bold}\n")
            return
        folded = _toggle_heading(node) if headings else ""
        if folded:
            parts.append(f"\n## {folded}\n")
            return
        titled = _SECTION_HEADING.get(node.tag, "") if headings else ""
        words = _squash(node.text_content()) if titled else ""
        if words and len(words) <= BOLD_HEADING_CHARS:  # <h2>学生请假须知</h2> over its part's list
            parts.append(f"\n{titled} {words}\n")
            return
        if node.tag == "table":
            rows = _table_rows(node)
            if is_data_table(rows):  # else a table that lays the page out: read it as blocks
                caption = [_squash(c.text_content()) for c in node.xpath("./caption")]  # the table's title
                parts.append("\n" + "\n".join([c for c in caption if c] + row_lines(rows)) + "\n")
                return
        block = node.tag in BLOCK_TAGS
        if block:
            parts.append("\n")
        if headings and node.tag == "li":
            parts.append(_item_number(node, places))
        if node.text and not _is_glyph(node):
            parts.append(_flow(node.text))
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(_flow(child.tail))
        if block:
            parts.append("\n")

    walk(el)
    return [line for line in (_squash(l) for l in "".join(parts).split("\n")) if line]


def _table_rows(table) -> list[list[str | None]]:
    """A table's cells row by row (not those of a table inside it)."""
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    if any(True for _ in table.iterdescendants("table")):
        return []
    return [[_squash(_flow(cell.text_content())) for cell in tr.xpath("./td|./th")] for tr in rows]
