"""Short forms of a business's name: the press writes a company's full name once, then a short
form (靖西市兴边农业开发有限公司 … 兴边公司; 土城镇魔芋加工厂 … 魔芋加工厂). Both are one business;
the short form is an alias of the full name. So is an organisation's name without its place
(大莫村弄关民族小学 … 弄关民族小学).
"""

from __future__ import annotations

from .. import lexicon as L
from ..gazetteer import gazetteer
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
        return _place(full[: -len(short)])
    head = next((h for h in L.SHORT_FORM_HEADS if short.endswith(h)), None)
    if head is None or not any(full.endswith(head + end) for end in ("", *L.COMPANY_FORMS)):
        return False  # 宏善集团 shortens a group's name, not a subsidiary company's
    stem = short[: -len(head)]
    k = full.find(stem)
    # the distinctive part begins the name, after its place if any (靖西市|兴边…, 青岛|…)
    return len(stem) >= 2 and k >= 0 and not is_common_word(stem, 20) and (k == 0 or _place(full[:k]))


def _place(prefix: str) -> bool:
    """Whether the words before a business's own name are its place: a name ending in its level
    (土城镇, 靖西市, 大莫村) or a division the gazetteer knows, in full or short (宁夏, 青岛)."""
    return prefix[-1:] in LEVEL_OF or prefix.endswith(L.VILLAGE_SUFFIXES) or prefix in gazetteer().by_name \
        or prefix in gazetteer().city_short


def short_forms(chosen: list[Cand]) -> None:
    """Name each business written in a short form by the full name it shortens, and each
    organisation written without its place by its name with it, in place (the short form stays
    the mention's text, so it becomes an alias)."""
    fulls = sorted({c.canonical for c in chosen if c.type == "Company"}, key=len, reverse=True)
    placed = sorted({c.canonical for c in chosen if c.type == "Organization"}, key=len, reverse=True)
    for c in chosen:
        if c.type == "Company":
            full = next((f for f in fulls if len(f) > len(c.canonical) and _shortens(c.canonical, f)), None)
        elif c.type == "Organization" and len(c.canonical) >= 4:
            full = next((f for f in placed if len(f) > len(c.canonical) and f.endswith(c.canonical)
                         and _place(f[: -len(c.canonical)])), None)
        else:
            continue
        if full is not None:
            c.canonical = full
