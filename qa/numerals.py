"""Chinese numerals: the one place that reads and writes them.

    >>> to_int("十二"), to_int("两"), to_int("3"), to_int("一二")
    (12, 2, 3, None)
    >>> to_chinese(12), to_chinese(105), to_chinese(3, "零壹贰叁肆伍陆柒捌玖")
    ('十二', '一百零五', '叁')
"""
from __future__ import annotations

DIGITS = "零一二三四五六七八九"
_VALUES = {ch: i for i, ch in enumerate(DIGITS)} | {"〇": 0, "两": 2}


def to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 两 → 2, 3 → 3; None for anything else
    (一二, 十十, 百 …)."""
    if text.isdigit():
        return int(text)
    if len(text) == 1 and text in _VALUES:
        return _VALUES[text]
    tens, ten, ones = text.partition("十")
    if not ten or len(tens) > 1 or len(ones) > 1:
        return None
    try:
        high = _VALUES[tens] if tens else 1
        low = _VALUES[ones] if ones else 0
    except KeyError:
        return None
    return high * 10 + low if high and (low or not ones) else None


def to_chinese(n: int, digits: str = DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五; digits outside 1–999."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{digits[hundreds]}{hundred}" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + ten
    elif hundreds and ones:
        out += digits[0]
    return out + (digits[ones] if ones else "")
