"""Dates in sentences, resolved against the article's own date.

``10月24日`` in an article dated 2019-11-05 is 2019-10-24; ``今年9月`` is
2019-09; ``去年`` shifts the year; ``近日``/``日前`` are the article date's
neighbourhood and stay as written. Without an article date, a date with no
year is left as written, as the schema says.
"""

from __future__ import annotations

import re

_DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)年|(?P<rel>今年|去年|前年|明年))?(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年(?!\d)")
_SHIFT = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}


def find_date(sentence: str, article_date: str | None) -> str | None:
    """The first date in ``sentence``: ``YYYY-MM-DD`` or ``YYYY-MM`` when its year is known, else as
    written; a year written alone (2014年) is ``YYYY``."""
    m = _DATE.search(sentence)
    if not m:
        y = _YEAR.search(sentence)  # a year alone (2014年, 2017年以来): the year
        return y.group(1) if y else None
    year: int | None = int(m["y"]) if m["y"] else None
    if year is None and article_date:
        base_year, base_month = int(article_date[:4]), int(article_date[5:7])
        year = base_year + _SHIFT.get(m["rel"] or "今年", 0)
        # "12月" read in a January article without 今年 is last December.
        if not m["rel"] and int(m["m"]) > base_month + 1:
            year -= 1
    if year is None:
        return m.group()
    month = int(m["m"])
    return f"{year:04d}-{month:02d}-{int(m['d']):02d}" if m["d"] else f"{year:04d}-{month:02d}"
