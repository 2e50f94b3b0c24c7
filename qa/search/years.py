"""A question that names a year, and passages under headings of other years.

A work report reviews one year and plans the next under headings that say so
(一、2024年工作回顾 / 三、2025年工作安排); the same measure stands in both, as
what was done and as a target. A question about 2024 wants the review: a
passage whose headings name years, none of them the one asked, weighs less.
"""
from __future__ import annotations

import re

import numpy as np

OTHER_YEAR_FACTOR = 0.85
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def year_factors(passages, rows, question: str) -> np.ndarray:
    """A factor per candidate row: OTHER_YEAR_FACTOR where the question names a year and the
    passage's headings name only others, else 1."""
    asked = set(_YEAR.findall(question))
    out = np.ones(len(rows), dtype=np.float32)
    if not asked:
        return out
    for i, r in enumerate(rows):
        named = set(_YEAR.findall(" ".join(passages[int(r)].path)))
        if named and not named & asked:
            out[i] = OTHER_YEAR_FACTOR
    return out
