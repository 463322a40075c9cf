"""What every entity recogniser shares: the candidate record, and where a name's stem begins.

Names in these reports are mostly built as *stem + suffix* (长寿区 + 水利局, 洞塘 + 社区):
a recogniser finds the suffix and grows the stem to the left until a function word,
punctuation or the end of the previous name (``left_stem``, ``strip_to_name``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .. import lexicon as L
from ..model import PLACE_TYPES
from ..resources import is_common_word, jieba_dictionary, pos_cut


EXTRACTOR = "rules"


CJK = re.compile(r"[\u4e00-\u9fff]")


LEVEL_OF = L.LEVEL_CLASS


@dataclass
class Cand:
    """A candidate name before overlaps are settled."""

    start: int
    end: int
    type: str
    canonical: str
    rule: str
    conf: float
    post: str | None = None
    parent: str | None = None
    alias: str | None = None

    @property
    def layer(self) -> str:
        # Problems are phrases about names (塘坝村饮水问题): they overlap names without replacing them.
        return "place" if self.type in PLACE_TYPES else ("issue" if self.type == "Issue" else "body")


# Double quotes, or single ones (a name quoted inside a quotation: “…新时代‘枫桥经验’…”).
QUOTE_RE = re.compile(r"[“\"]([^“”\"。！？!?\n]{1,40})[”\"]|‘([^‘’“”。！？!?\n]{1,20})’")


def quoted_text(m: re.Match[str]) -> str:
    """The text inside a match of ``QUOTE_RE``."""
    return m.group(1) if m.group(1) is not None else m.group(2)


BOOK_RE = re.compile(r"《([^《》\n]{2,40})》")


POST_RE = L.POST_PATTERN


ROLE_RE = L.longest_first(L.ROLES)


# Place names keep locality and number characters that other stems stop at (五里店, 上坝村, 中山镇).
PLACE_STOP_CHARS = L.STOP_CHARS - L.PLACE_NAME_CHARS


_DATE_CHARS = frozenset(L.DATE_CHARS)


NUMERALS = frozenset(L.NUMERAL_CHARS)


# Stop characters that are never inside a name; the others (据, 用, 中…) may end a noun in one.
CORE_STOPS = L.CORE_STOP_CHARS


def _noun_pair(word: str) -> bool:
    entry = jieba_dictionary().get(word)
    return bool(entry) and entry[0] >= 100 and entry[1].startswith("n") and CJK.match(word[0]) is not None


def left_stem(text: str, pos: int, max_len: int, floor: int = 0,
              stops: frozenset[str] = L.STOP_CHARS) -> int:
    """Start index of the name stem ending at ``pos``: grow left over name characters.

    Stops at a stop character, at ``floor`` (end of the previous name), after
    ``max_len`` characters, and cuts off any stop word inside the stem.
    """
    i = pos
    lo = max(floor, pos - max_len)
    while i > lo:
        c = text[i - 1]
        if c in stops and not (c not in CORE_STOPS and i - 2 >= lo and _noun_pair(text[i - 2 : i])):
            word = text[i - 1 : i + 1]
            if i < pos and _noun_pair(word):
                if c not in CORE_STOPS:
                    i -= 1  # 中 and 上 begin 中国 and 上海: 中国人民银行, 上海木材行业协会
                    continue
            elif i < pos and is_common_word(word, 100):
                i += 1  # 如 ends the stem, and so does the rest of its word: 如果|华夏银行
            break  # 据 stops, but not inside 数据 (市政务服务和大数据局)
        # In place stems 月 and 日 are name characters (月池村) unless they close a date (9月).
        if c in _DATE_CHARS and i > 1 and text[i - 2] in NUMERALS:
            break
        i -= 1
    # A stop word that begins at the stop character runs into the stem: 该市|刁窝镇, not 市刁窝镇.
    if i > lo or (i > 0 and text[i - 1] in stops):
        for w in _STOP_WORDS_BY_FIRST.get(text[i - 1], ()):
            if len(w) > 1 and text.startswith(w, i - 1) and i - 1 + len(w) < pos:
                i = i - 1 + len(w)
                break
    stem = text[i:pos]
    cut = 0
    for c in set(stem):
        for w in _STOP_WORDS_BY_FIRST.get(c, ()):
            k = stem.rfind(w)
            # A stop word right before the suffix is part of the name (组织部, 联合行动).
            if k >= 0 and k + len(w) < len(stem):
                cut = max(cut, k + len(w))
    return i + cut


def _by_first(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Words grouped by their first character, in their order (looked up per character of a stem)."""
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[0], []).append(w)
    return {c: tuple(ws) for c, ws in out.items()}


_STOP_WORDS_BY_FIRST = _by_first(L.STOP_WORDS)


def generic_before(text: str, start: int) -> bool:
    """Whether a generic word (该村, 驻村) is written right before ``start``: what follows is no name's
    beginning. A word saying where a place lies (邻村|追云村) is not one."""
    head = text[max(0, start - 2) : start]
    return any(head.endswith(g) for g in L.GENERIC_PREFIXES) and head not in L.RELATIVE_PLACE_STARTS


def drop_descriptors(stem: str) -> str:
    """The stem without generic descriptors at its end (老旧, 部分), when a name remains before them."""
    changed = True
    while changed:
        changed = False
        for d in L.GENERIC_PLACE_STEMS:
            if len(d) >= 2 and stem.endswith(d) and len(stem) - len(d) >= 2:
                stem = stem[: -len(d)]
                changed = True
    return stem


@lru_cache(maxsize=65536)
def ends_in_predicate(stem: str) -> bool:
    """Whether a stem of three or more characters ends in a verb (无法满足, 会发放) or in a numeral after a verb (分包一)."""
    if len(stem) < 3:
        return False
    toks = pos_cut(stem)
    first_word, first_tag = toks[0]
    if first_tag.startswith("v") and len(first_word) >= 2 and len(toks) >= 2 and toks[-1][1].startswith(("v", "d")):
        return True  # 突击夜查园区: verbs, not a name
    last_word, last_tag = toks[-1]
    if last_tag.startswith("v") and len(last_word) >= 2:
        return True
    if last_tag == "m" and sum(tag == "m" for _, tag in toks) >= 2:
        return True  # 每部一人分包一小区: a distributive count, not a name
    return last_tag == "m" and any(tag.startswith("v") and len(w) >= 2 for w, tag in toks[:-1])


def descriptive(stem: str) -> bool:
    """An adjective, verb or adverb (贫困, 满足, 老旧) heads no place name."""
    entry = jieba_dictionary().get(stem)
    return bool(entry) and entry[0] >= 200 and entry[1] in ("a", "ad", "an", "v", "vn", "d", "vd", "b")


_FUNCTION_TAGS = ("p", "c", "d", "r", "m", "q", "u", "f", "t", "y", "e", "o", "x", "z")


# Place names keep numerals and locality words (五里店, 三驱镇, 东城坊镇).
PLACE_FUNCTION_TAGS = ("p", "c", "d", "r", "u", "y", "e", "o", "x", "z")


INNER_PLACE_SUFFIX = re.compile(r"街道|社区|小区|[镇乡县省局委办]")


def strip_to_name(text: str, start: int, end: int, last_verb: bool = False,
                   tags: tuple[str, ...] = _FUNCTION_TAGS,
                   cut_verbs: frozenset[str] | None = None, min_rest: int = 0) -> int:
    """Move ``start`` past leading function words and verbs of the stem (jieba POS).

    With ``last_verb`` the stem also begins after its last verb (区委扎实开展|…行动); with
    ``cut_verbs`` only after the last of those verbs, other verbs being part of the name, and
    after another verb only where at least ``min_rest`` characters follow it (建成|防渗水利: a
    stem too short to name anything means the verb was the name's own) or none do (提供|项目:
    the verb takes the ending as its object).
    """
    if end - start < 2:
        return start
    return start + _name_offset(text[start:end], last_verb, tags, cut_verbs, min_rest)


@lru_cache(maxsize=65536)
def _name_offset(stem: str, last_verb: bool, tags: tuple[str, ...],
                 cut_verbs: frozenset[str] | None = None, min_rest: int = 0) -> int:
    # Cached by stem: the same stems recur throughout a corpus, and tagging is the slow part.
    end = len(stem)
    pos = 0
    new_start = 0
    leading = True
    for word, tag in pos_cut(stem):
        pos += len(word)
        # A one-character "verb" at the head is usually a name character (关沮镇, 洞塘).
        if leading and (tag.startswith(tags) or (tag in ("v", "vd", "ad") and len(word) >= 2)):
            new_start = pos
            continue
        leading = False
        if cut_verbs is not None:
            # a verb that takes the programme as its object ends the stem even right before the
            # programme word (推动|工程); another verb does unless it names the work (提升行动)
            # (jieba's tag is not asked of a word of two characters: it calls 借力 a noun)
            rest = end - pos
            if (word in cut_verbs and (len(word) >= 2 or tag.startswith(("v", "p")))) or (
                    tag == "v" and len(word) >= 2 and word not in L.PROGRAMME_NAME_VERBS
                    and (rest == 0 or rest >= min_rest)):
                new_start = pos
        elif last_verb and tag == "v" and pos < end and len(word) >= 2:
            new_start = pos
    return new_start


def strip_name_quotes(s: str) -> str:
    return re.sub(r"[“”\"‘’'《》「」]", "", s)


def shift(cands: list[Cand], offset: int) -> list[Cand]:
    for c in cands:
        c.start += offset
        c.end += offset
    return cands


LEADING_VERB = re.compile("(?:" + L.alternation(L.NAME_LEADING_VERBS) + ")+")
# A role word and a full name (a surname and one or two characters) ending where a search ends.
ROLE_AND_NAME = re.compile(f"(?:{L.alternation(L.ROLES)})[{''.join(sorted(L.SURNAMES))}][\u4e00-\u9fff]{{1,2}}$")


def in_quotes(text: str, s: int, k: int) -> bool:
    """Whether position ``k`` lies inside a quotation opened after ``s`` and not closed before ``k``."""
    return text.count("“", s, k) > text.count("”", s, k)


def after_relative_word(text: str, s: int, e: int) -> int:
    """Where a place's name begins when a word saying where it lies is written before it
    (邻村|追云村: the neighbouring village is 追云村); ``s`` when none is, or too little is left."""
    rel = next((w for w in L.RELATIVE_PLACE_STARTS if text.startswith(w, s) and e - s - len(w) >= 3), None)
    return s + len(rel) if rel is not None else s
