"""A text whose inline runs each stand on a line of their own, joined again.

A page copied from a site that draws a PDF as positioned spans puts every
number, bracket and punctuation mark on its own line:

    本次需求侧竞价的规模为
    20
    万千瓦。

Where numbers stand cut out of their sentences like this, each fragment
(digits, Latin letters and punctuation, or one character) is read as part of
the lines around it: 本次需求侧竞价的规模为20万千瓦。 A fragment after a sentence's end,
a whole date or a heading (一、实施背景) starts a line of its own, and a line that opens a
point (二、…) or a bracket (（联系人：…) is never joined to one before it. Any other text comes
back as it is.
"""
from __future__ import annotations

import re

from qa.ingest.directives import starts_with_marker

# 2021 / 〕 / ； / 0:00-06:00 / 年: a run of digits, Latin letters and punctuation, or one character
# (and a contents entry's leader, ……………- 7 -, however long)
_FRAGMENT = re.compile(r"^(?:[\dA-Za-z\s.．~～%\-—－:：,，;；、。·〔〕\[\]()（）<>《》“”\"'/+*=…]{1,16}|[\u4e00-\u9fff]|[.．…·]{3,}[\s\d\-－]*)$")
# …规模为 / 20 / 万千瓦。: a number cut out of its sentence, the line before it open and the line after
# it going on with the number's unit; a text with this many is shattered (a flattened table's cells,
# 5000 / 15000 or 1 / “光伏+地铁”工程, are not cut from sentences)
_CUT_NUMBER = re.compile(r"^[\d.~%\-:]{1,12}$")
_OPEN_END = re.compile(r"[\u4e00-\u9fff〔（(“《]$")
_UNIT_START = re.compile(r"^[年月日号万亿元个%，。、；：〕）)]|^[千百]?[瓦米克]")
MIN_CUT_NUMBERS = 5
_LEADER = re.compile(r"^[.．…·]{3,}")  # (goes on a contents entry's heading: 一、实施背景……)
# a sentence's end, or a whole date (a signature's 2021年2月2日): what follows starts a line of its own
_ENDS_SENTENCE = re.compile(r"[。！？!?；;]$|(?:19|20)\d\d年\d{1,2}月\d{1,2}日$")
HEADING_MAX = 30
# ，需在规定时间内… / 的用户以…: a line no sentence can open goes on the line before it
_GOES_ON = re.compile(r"^[，,。、；;：:）)》」』”的]")
# ………- 5 - / ……12: a contents entry ends with its page; what follows is the next line
_PAGE_AT_END = re.compile(r"(?:[-－]\s*\d{1,3}\s*[-－]|[.．…·]{3,}\s*\d{1,3})$")
_ASCII_END = re.compile(r"[\dA-Za-z%]$")
_ASCII_START = re.compile(r"^[\dA-Za-z]")


def _is_fragment(line: str) -> bool:
    return bool(line) and bool(_FRAGMENT.match(line)) and not starts_with_marker(line)


# …的补贴价格为 / 规模为 / 时间为每日: a line cut before its number, no heading
_CUT_BEFORE_NUMBER = re.compile(r"[为是的在于至和与及按对约达到共计有了第每]$")


def _heading(line: str) -> bool:
    """一、实施背景: a point's heading line, no sentence of its own."""
    return (len(line) <= HEADING_MAX and starts_with_marker(line) and not re.search(r"[，。；！？,;]", line)
            and not _CUT_BEFORE_NUMBER.search(line))


def join_fragments(text: str) -> str:
    full = [line.strip() for line in text.split("\n") if line.strip()]
    cut = sum(1 for before, line, after in zip(full, full[1:], full[2:])
              if _CUT_NUMBER.match(line) and _OPEN_END.search(before) and _UNIT_START.match(after))
    if cut < MIN_CUT_NUMBERS:
        return text
    out: list[str] = []
    after_fragment = False  # the last line written ends in a fragment: what follows goes on it
    for line in full:
        fragment = _is_fragment(line)
        # (one character goes on a number, 2021 / 年, or on another, 目 / 录; 2月2日 / 目录 stay apart)
        alone = (len(line) == 1 and "\u4e00" <= line <= "\u9fff"
                 and not (out and (out[-1][-1:].isdigit() or len(out[-1]) == 1)))
        joins = bool(out) and not _ENDS_SENTENCE.search(out[-1]) and not alone and (
            fragment and (not _heading(out[-1]) or _LEADER.match(line) is not None)
            or _GOES_ON.match(line) is not None
            or after_fragment and not starts_with_marker(line) and not line.startswith(("（", "(")))
        if joins:  # (two numbers side by side, table cells once, keep a space between them: 0:00-06:00 1.2)
            out[-1] += (" " if _ASCII_END.search(out[-1]) and _ASCII_START.match(line) else "") + line
        else:
            out.append(line)
        after_fragment = fragment and not _PAGE_AT_END.search(out[-1])
    return "\n".join(out)
