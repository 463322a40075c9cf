"""Dates in sentences resolved against the article date."""

import pytest

from kg.dates import find_date


@pytest.mark.parametrize("sentence,base,expected", [
    ("10月24日,当黔江区居民了解到", "2019-11-05", "2019-10-24"),
    ("今年9月,资市镇投资160多万元", "2019-11-05", "2019-09"),
    ("去年3月,项目启动", "2021-06-01", "2020-03"),
    ("2017年5月,区里开始维修", "2019-11-05", "2017-05"),
    ("12月初完工", "2020-01-10", "2019-12"),
    ("10月24日,居民来到现场", None, "10月24日"),
    ("近日,居民来到现场", "2019-11-05", None),
])
def test_find_date(sentence: str, base: str | None, expected: str | None) -> None:
    assert find_date(sentence, base) == expected
