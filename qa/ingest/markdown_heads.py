"""What a Markdown file says of its own layout without the usual marks: a title written as its
first-line heading, and section titles written as short bold lines (a saved WeChat article:
**年度演讲** / **短视频** / **私域**, each over its paragraphs). Read by qa.ingest.readers."""
from __future__ import annotations

import itertools
import re

from qa.ingest.directives import starts_with_marker
from qa.ingest.layout import TITLE_MAX, is_front_matter

# # 全员邮件：2024，再出发！ on the first line: the document's title, even where it ends like a
# sentence (a headline's ！ or ？), which a plain first line could not
_TOP_HEADING = re.compile(r"^\s{0,3}#(?!#)\s*(\S.*?)\s*#*\s*$")
_INNER_STOP = re.compile(r"[。；;]")


def title_front_matter(lines: list[str]) -> list[str]:
    """``lines`` (a file with no front matter), the first-line # heading made the front matter's
    title (qa.ingest.corpus reads it, as a post's own)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return lines
    m = _TOP_HEADING.match(lines[first])
    if not m:
        return lines
    title = m.group(1).replace("**", "").strip()
    if (len(title) > TITLE_MAX or _INNER_STOP.search(title) or starts_with_marker(title)
            or len(re.findall(r"[\u4e00-\u9fff]", title)) < 2 or not re.search(r"[！？!?]$", title)):
        return lines  # (a title that reads as one already stays a line: nothing to say)
    return ["---", f"title: {title}", "---", *lines[:first], *lines[first + 1:]]


# **年度演讲** alone on its line (images after it aside): short, not a sentence, no number of its own
_BOLD_LINE = re.compile(r"^\s*\*\*\s*([^*\n]+?)\s*\*\*\s*(?:!\[[^\]\n]*\]\([^)\n]*\)\s*)*$")
BOLD_HEADING_CJK = (2, 10)  # Chinese characters of a bold section title, fewest and most
BOLD_HEADINGS_MIN = 3  # a document's bold titles, at least: one or two are emphasis
# the paragraph under a title, within its next lines: a section's text, not a caption or a footer
_TEXT_UNDER_CJK = 40
_LOOK_AHEAD = 3
_HEADING = re.compile(r"^\s{0,3}#{2,6}\s*[^\s#]")


def bold_headings(lines: list[str]) -> set[int]:
    """Indexes of the lines that are section titles written bold, where the file has no headings
    of its own with words; an empty set where fewer than ``BOLD_HEADINGS_MIN`` are."""
    if any(_HEADING.match(line) for line in lines):
        return set()
    found = set()
    for i, line in enumerate(lines):
        m = _BOLD_LINE.match(line)
        if not m:
            continue
        words = m.group(1)
        cjk = len(re.findall(r"[\u4e00-\u9fff]", words))
        # (**作者 / 林远**: a byline, no section)
        if (BOLD_HEADING_CJK[0] <= cjk <= BOLD_HEADING_CJK[1] and not re.search(r"[。！？；，,:：!?/|｜]", words)
                and not starts_with_marker(words) and not is_front_matter(words) and _text_follows(lines, i)):
            found.add(i)
    return found if len(found) >= BOLD_HEADINGS_MIN else set()


def _text_follows(lines: list[str], i: int) -> bool:
    """A paragraph of text comes within the next lines, before any other bold line."""
    following = (line for line in itertools.islice(lines, i + 1, None) if line.strip().strip("#").strip())
    for line in itertools.islice(following, _LOOK_AHEAD):  # (lazily: a file of many bold lines stays linear)
        if _BOLD_LINE.match(line):
            return False  # (**发言音频** / **👇**: a caption over another caption)
        if len(re.findall(r"[\u4e00-\u9fff]", line)) >= _TEXT_UNDER_CJK:
            return True
    return False
