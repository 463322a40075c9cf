"""Short forms of a business's name: the press writes a company's full name once, then a short
form (靖西市兴边农业开发有限公司 … 兴边公司; 土城镇魔芋加工厂 … 魔芋加工厂). Both are one business;
the short form is an alias of the full name.
"""

from __future__ import annotations

from .. import lexicon as L
from ..resources import is_common_word
from .stems import LEVEL_OF, Cand


def _shortens(short: str, full: str) -> bool:
    """Whether ``short`` is a short form of the business named ``full``: the full name without
    the place it begins with (土城镇|魔芋加工厂), or the distinctive part of the full name and a
    generic ending (兴边 + 公司 for 靖西市兴边农业开发有限公司). A branch (…分公司, …支行) is no
    short form of its parent, nor the parent of the branch."""
    if short == full or len(short) < 3 or any(b in full and b not in short for b in L.BRANCH_WORDS):
        return False
    if full.endswith(short):
        return full[-len(short) - 1] in LEVEL_OF  # the place before it ends in its level (镇, 县…)
    head = next((h for h in L.SHORT_FORM_HEADS if short.endswith(h)), None)
    if head is None:
        return False
    stem = short[: -len(head)]
    return len(stem) >= 2 and stem in full[:-len(head)] and not is_common_word(stem, 20)


def short_forms(chosen: list[Cand]) -> None:
    """Name each business written in a short form by the full name it shortens, in place (the
    short form stays the mention's text, so it becomes an alias)."""
    fulls = sorted({c.canonical for c in chosen if c.type == "Company"}, key=len, reverse=True)
    for c in chosen:
        if c.type == "Company":
            full = next((f for f in fulls if len(f) > len(c.canonical) and _shortens(c.canonical, f)), None)
            if full is not None:
                c.canonical = full
