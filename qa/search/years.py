"""A question that names a year, and passages under headings of other years.

A work report reviews one year and plans the next under headings that say so
(一、2024年工作回顾 / 三、2025年工作安排); the same measure stands in both, as
what was done and as a target. A question about 2024 wants the review: a
passage whose headings name years, none of them the one asked, weighs less.
"""
from __future__ import annotations

import re

import numpy as np

from qa.search.coverage import YEAR

OTHER_YEAR_FACTOR = 0.85


# 去年提高到了多少, asked of a report dated 2025: 2024, counted from the document's own date
_RELATIVE = {"前年": -2, "去年": -1, "上一年": -1, "今年": 0, "本年度": 0, "明年": 1, "下一年": 1}
_SAID_RELATIVE = re.compile("|".join(_RELATIVE))


def year_factors(passages, rows, question: str) -> np.ndarray:
    """A factor per candidate row: OTHER_YEAR_FACTOR where the question names a year (or one
    counted from the passage's date: 去年) and the passage's headings name only others, else 1."""
    asked = set(YEAR.findall(question))
    relative = _SAID_RELATIVE.search(question) if not asked else None
    out = np.ones(len(rows), dtype=np.float32)
    if not asked and not relative:
        return out
    for i, r in enumerate(rows):
        passage = passages[int(r)]
        years = asked
        if relative:
            if not re.match(r"\d{4}", passage.date or ""):
                continue
            years = {str(int(passage.date[:4]) + _RELATIVE[relative.group()])}
        named = set(YEAR.findall(" ".join(passage.path)))
        if named and not named & years:
            out[i] = OTHER_YEAR_FACTOR
    return out
