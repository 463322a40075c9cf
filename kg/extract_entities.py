"""Stage ``extract_entities``: find the names of officials, bodies, places and programmes.

A rule extractor for the genre. Names in these reports are mostly built as
*stem + suffix* (长寿区 + 水利局, 洞塘 + 社区), so recognisers find suffixes
and grow a stem to the left until a function word, punctuation or the end
of the previous name. Places are typed by the gazetteer where it knows them.
Quoted names followed by a programme word are programmes; people are found
after posts and roles. Document-level passes then complete clipped agency
names (区信访办 → 黔江区信访办), carry names found once to their other
occurrences, and map a place name hidden by a watermark to the real city.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from typing import Iterable

from . import lexicon as L
from .chunks import text_chunks
from .gazetteer import gazetteer
from .model import PLACE_TYPES, Document, Mention, Span
from .recognizer import recognise, strip_quotes
from .resources import is_common_word, jieba_dictionary, pos_cut

EXTRACTOR = "rules"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEVEL_OF = {"市": "City", "省": "City", "州": "City", "区": "County", "县": "County",
             "镇": "Township", "乡": "Township", "街道": "Township"}


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


_VILLAGE_RE = L.longest_first(L.VILLAGE_SUFFIXES)
_TOWNSHIP_RE = L.longest_first(L.TOWNSHIP_SUFFIXES)
_COUNTY_RE = L.longest_first(L.COUNTY_SPECIAL_SUFFIXES)
_CITY_RE = L.longest_first(L.CITY_SUFFIXES)
_AGENCY_RE = L.longest_first(L.AGENCY_SUFFIXES)
_COMPANY_RE = L.longest_first(L.COMPANY_SUFFIXES)
_ORG_RE = L.longest_first(tuple(s for s in L.ORGANIZATION_SUFFIXES if s not in ("平台", "热线", "网")))
# 农村集体资产综合监管平台: a platform named without quotes (a candidate the recognizer weighs by
# its own rule name: "服务平台" alone is a kind of platform, not one).
_PLATFORM_RE = re.compile("平台")
_PROG_SUFFIX_RE = L.longest_first(L.PROGRAMME_SUFFIXES)
# Double quotes, or single ones (a name quoted inside a quotation: “…新时代‘枫桥经验’…”).
_QUOTE_RE = re.compile(r"[“\"]([^“”\"。！？!?\n]{1,40})[”\"]|‘([^‘’“”。！？!?\n]{1,20})’")


def _quoted(m: re.Match[str]) -> str:
    """The text inside a match of ``_QUOTE_RE``."""
    return m.group(1) if m.group(1) is not None else m.group(2)
_BOOK_RE = re.compile(r"《([^《》\n]{2,40})》")
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+$")
# A scheme's nickname may mix in digits, Latin letters and joining marks (“网格+热线”, “5G服务我先行”).
_BARE_NAME = re.compile(r"[\u4e00-\u9fff0-9A-Za-z+＋·—]+$")
_BARE_QUOTE_MAX = 10
_PROGRAMME_END = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(L.STRONG_PROGRAMME_ENDS + L.WEAK_PROGRAMME_ENDS, key=len, reverse=True)))
    + r")(?![\u4e00-\u9fff]{0,1}[长部组办])")
_POST_RE = L.POST_PATTERN
_ROLE_RE = L.longest_first(L.ROLES)
_FOREIGN_RE = re.compile(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}")
_LAUNCH = L.QUOTE_LAUNCH_VERBS
_TAIL_STOP = L.TAIL_STOP_CHARS
_DIGIT_HOTLINE = re.compile(r"(?<![\d])(\d{3,6})(?:[\u4e00-\u9fff]{0,8}?)(热线|平台)")


# Place names keep locality and number characters that other stems stop at (五里店, 上坝村, 中山镇).
PLACE_STOP_CHARS = L.STOP_CHARS - L.PLACE_NAME_CHARS
_DATE_CHARS = frozenset("年月日号")
_NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十百千两")


# Stop characters that are never inside a name; the others (据, 用, 中…) may end a noun in one.
_CORE_STOPS = L.CORE_STOP_CHARS


def _noun_pair(word: str) -> bool:
    entry = jieba_dictionary().get(word)
    return bool(entry) and entry[0] >= 100 and entry[1].startswith("n") and _CJK.match(word[0]) is not None


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
        if c in stops and not (c not in _CORE_STOPS and i - 2 >= lo and _noun_pair(text[i - 2 : i])):
            word = text[i - 1 : i + 1]
            if i < pos and _noun_pair(word):
                if c not in _CORE_STOPS:
                    i -= 1  # 中 and 上 begin 中国 and 上海: 中国人民银行, 上海木材行业协会
                    continue
            elif i < pos and is_common_word(word, 100):
                i += 1  # 如 ends the stem, and so does the rest of its word: 如果|华夏银行
            break  # 据 stops, but not inside 数据 (市政务服务和大数据局)
        # In place stems 月 and 日 are name characters (月池村) unless they close a date (9月).
        if c in _DATE_CHARS and i > 1 and text[i - 2] in _NUMERALS:
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


def _generic_before(text: str, start: int) -> bool:
    head = text[max(0, start - 2) : start]
    return any(head.endswith(g) for g in L.GENERIC_PREFIXES)


# --------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------

def _gazetteer_places(text: str) -> list[Cand]:
    gaz = gazetteer()
    prefixes = gaz.prefix_lengths
    full, short = gaz.by_name, gaz.city_short
    out: list[Cand] = []
    n = len(text)
    i = 0
    while i < n:
        lengths = prefixes.get(text[i : i + 2])
        if lengths is None:  # most positions cannot start a division name
            i += 1
            continue
        hit = None
        for ln in lengths:
            if ln > 12 or i + ln > n:
                continue
            s = text[i : i + ln]
            divs = full.get(s)
            if divs and not (ln == 2 and s[-1] in "区市"):
                suffix = s[-1]
                if text[i + ln : i + ln + 1] in L.NOT_AFTER.get(suffix, ()):
                    continue
                hit = Cand(i, i + ln, divs[0].type, s, "gazetteer", 0.95)
                break
            if s in short:
                d = short[s][0]
                hit = Cand(i, i + ln, "City", d.name, "gazetteer-short", 0.85, alias=s)
                break
        if hit:
            out.append(hit)
            i = hit.end
            county = _short_county_after(text, hit) if hit.type == "City" else None
            if county is not None:
                out.append(county)
                i = county.end
        else:
            i += 1
    return out


def _short_county_after(text: str, city: Cand) -> Cand | None:
    """A county written for short right after its province or city (浙江德清, 湖州安吉), ending
    its word: the gazetteer confirms it lies there."""
    j = city.end
    for k in (3, 2):
        short = text[j : j + k]
        if len(short) == k and not _CJK.match(text[j + k : j + k + 1] or "x") or \
                text[j + k : j + k + 1] in _AFTER_SHORT_COUNTY:
            county = gazetteer().county_under(short, city.canonical)
            if county is not None:
                return Cand(j, j + k, "County", county.name, "gazetteer-short-county", 0.8,
                            alias=short, parent=city.canonical)
    return None


_AFTER_SHORT_COUNTY = frozenset("的是在和与")


def _suffix_places(text: str, known: list[Cand]) -> list[Cand]:
    specs = ((_VILLAGE_RE, "Village", 6), (_TOWNSHIP_RE, "Township", 6),
             (_COUNTY_RE, "County", 6), (_CITY_RE, "City", 5))
    matches = sorted(((m.start(), m.end(), m.group(), typ, max_len)
                      for regex, typ, max_len in specs for m in regex.finditer(text)),
                     key=lambda t: (t[1], -(t[1] - t[0])))
    ends = sorted(c.end for c in known if c.rule != "gazetteer-short")
    # A short city name (荆州) may be the head of a longer place (荆州开发区): it does not block.
    known_spans = [(c.start, c.end) for c in known if c.rule != "gazetteer-short"]
    out: list[Cand] = []
    last_end = -1
    for mstart, mend, suf, typ, max_len in matches:
        if mend == last_end:
            continue  # a shorter suffix of the same name (小区 after 社区…)
        if any(a < mend and mstart < b for a, b in known_spans):
            continue
        if text[mend : mend + 1] in L.NOT_AFTER.get(suf, ()):
            continue
        floor = max((e for e in ends if e <= mstart), default=0)
        if typ == "Township" and text[mstart - 1 : mstart] == "族":
            max_len += 4  # 卸甲坪土家族乡: the ethnic group is part of the name
        start = left_stem(text, mstart, max_len, floor, PLACE_STOP_CHARS)
        inner = list(_INNER_PLACE_SUFFIX.finditer(text, start, mstart))
        if inner:
            start = inner[-1].end()
        if not (floor and start == floor):
            # right after a known place (松滋市|卸甲坪土家族乡) a chain goes on; no verb can sit between
            start = _strip_to_name(text, start, mstart, last_verb=True, tags=_PLACE_FUNCTION_TAGS)
        stem = text[start:mstart]
        if any(text[max(0, mstart - k) : mstart] + suf[:1] in L.GENERIC_PLACE_WORDS for k in (1, 2)):
            continue  # 整村推进, 驻村干部
        # A descriptor between name and suffix is not part of the name: 永济秀园老旧小区 is 永济秀园小区.
        stem = _drop_descriptors(stem)
        if _ends_in_predicate(stem):
            continue  # 无法满足小区, 分包一小区: a clause, not a name
        min_stem = 1 if suf in ("县", "旗") else 2
        if len(stem) < min_stem or _generic_before(text, start) or not _CJK.match(stem) \
                or stem in L.GENERIC_PLACE_STEMS:
            continue
        if is_common_word(stem, 5000, ("ns",)) or is_common_word(stem + suf, 100, ("ns",)) \
                or _descriptive(stem) or (suf in ("村", "乡", "旗") and is_common_word(text[mstart - 1 : mend], 100, ("ns",))):
            continue  # 兄弟县, 贫困村, 锦旗, 农村: a word, not a name
        if typ == "County" and suf in ("区", "旗"):
            continue  # bare 区 and 旗 are too common; the gazetteer knows the real ones
        if typ == "City" and suf == "市":
            # Unknown "X市" is kept only for the watermark pass to judge.
            out.append(Cand(start, mend, "City", stem + suf, "suffix-unknown-city", 0.3))
        else:
            out.append(Cand(start, mend, typ, stem + suf, "suffix", 0.75,
                            alias=text[start:mend] if text[start:mend] != stem + suf else None))
        ends.append(mend)
        ends.sort()
        last_end = mend
    return out


def _drop_descriptors(stem: str) -> str:
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
def _ends_in_predicate(stem: str) -> bool:
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


def _descriptive(stem: str) -> bool:
    """An adjective, verb or adverb (贫困, 满足, 老旧) heads no place name."""
    from .resources import jieba_dictionary

    entry = jieba_dictionary().get(stem)
    return bool(entry) and entry[0] >= 200 and entry[1] in ("a", "ad", "an", "v", "vn", "d", "vd", "b")


_FUNCTION_TAGS = ("p", "c", "d", "r", "m", "q", "u", "f", "t", "y", "e", "o", "x", "z")
# Place names keep numerals and locality words (五里店, 三驱镇, 东城坊镇).
_PLACE_FUNCTION_TAGS = ("p", "c", "d", "r", "u", "y", "e", "o", "x", "z")
_INNER_PLACE_SUFFIX = re.compile(r"街道|社区|小区|[镇乡县省局委办]")


def _strip_to_name(text: str, start: int, end: int, last_verb: bool = False,
                   tags: tuple[str, ...] = _FUNCTION_TAGS,
                   cut_verbs: frozenset[str] | None = None) -> int:
    """Move ``start`` past leading function words and verbs of the stem (jieba POS).

    With ``last_verb`` the stem also begins after its last verb (区委扎实开展|…行动); with
    ``cut_verbs`` only after the last of those verbs, other verbs being part of the name.
    """
    if end - start < 2:
        return start
    return start + _name_offset(text[start:end], last_verb, tags, cut_verbs)


@lru_cache(maxsize=65536)
def _name_offset(stem: str, last_verb: bool, tags: tuple[str, ...],
                 cut_verbs: frozenset[str] | None = None) -> int:
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
            if (word in cut_verbs and (len(word) >= 2 or tag.startswith(("v", "p")))) or (
                    tag == "v" and len(word) >= 2 and word not in L.PROGRAMME_NAME_VERBS):
                new_start = pos
        elif last_verb and tag == "v" and pos < end and len(word) >= 2:
            new_start = pos
    return new_start


def _chain_parents(places: list[Cand], text: str) -> None:
    """Set each place's parent to the place written right before it (长寿区葛兰镇 → 葛兰镇 in 长寿区)."""
    rank = {"City": 0, "County": 1, "Township": 2, "Village": 3}
    places.sort(key=lambda c: c.start)
    ending_at = {p.end: p for p in places}
    for prev, cur in zip(places, places[1:]):
        if prev.end == cur.start and rank[prev.type] < rank[cur.type]:
            cur.parent = prev.canonical
            # the long form (长寿区葛兰镇塘坝村) is an alias of the last place
            head = prev
            while head.start in ending_at and rank[ending_at[head.start].type] < rank[head.type]:
                head = ending_at[head.start]
            cur.alias = text[head.start : cur.end]


# --------------------------------------------------------------------------
# Bodies: agencies, companies, organisations
# --------------------------------------------------------------------------

def _bodies(text: str, places: list[Cand]) -> list[Cand]:
    place_starts = {c.start: c for c in places}
    place_ends = {c.end for c in places}
    place_by_end = {c.end: c for c in sorted(places, key=lambda c: c.start)}  # the shortest place ending there
    by_start = sorted(places, key=lambda c: c.start)
    starts = [c.start for c in by_start]

    def places_after(lo: int, hi: int) -> list[Cand]:
        """Places starting strictly inside (lo, hi)."""
        return by_start[bisect.bisect_right(starts, lo) : bisect.bisect_left(starts, hi)]

    out: list[Cand] = []
    for regex, typ in ((_AGENCY_RE, "Agency"), (_COMPANY_RE, "Company"), (_ORG_RE, "Organization"),
                       (_PLATFORM_RE, "Organization")):
        for m in regex.finditer(text):
            suf = m.group()
            nxt = text[m.end() : m.end() + 1]
            if len(suf) == 1 and nxt and is_common_word(suf + nxt, 20) and not _AGENCY_RE.match(text, m.end()):
                continue  # 处于, 所有, 办税: the suffix begins another word
            if len(suf) == 1 and is_common_word(text[m.start() - 1 : m.end()], 200, ("n",)):
                continue  # 地处, 到处: the suffix ends a verb or adverb, not a body's name
            if suf in ("党组", "支部") and nxt == "织":
                continue
            if suf == "部" and text[m.start() - 1 : m.start()] in ("干", "全", "内", "外", "局", "总", "俱", "东", "西", "南", "北", "中"):
                continue  # 干部, 全部, 内部: not a department
            start = left_stem(text, m.start(), 18)
            start = _strip_to_name(text, start, m.start())
            # 市政务服务和大数据局: a stem cut at 和 is joined when its left part names no body.
            if start > 0 and text[start - 1] == "和":
                left = left_stem(text, start - 1, 12)
                part = text[left : start - 1]
                if part and (part[0] in _LEVEL_OF or left in place_starts) and not _AGENCY_RE.search(part[-3:]):
                    start = left
            lead = next((p.end for p in places if p.start == start and p.end < m.start()), start)
            verb = _LEADING_VERB.match(text, start, m.start()) or _LEADING_VERB.match(text, lead, m.start())
            if verb:
                # 联合|县妇联, 建成|…平台, 湖滨县新建改建|医院: the name begins after the verb
                start = verb.end()
            across = next((p for p in places if p.start < start < p.end), None)
            if across is not None:
                start = across.start  # a long name cut at its length limit: it never starts inside a place
            attached = place_by_end.get(m.start())
            if attached is not None and attached.start > start and (
                    _generic_before(text, start) or text[start : attached.start].startswith(L.GENERIC_PREFIXES)):
                start = attached.start  # 该市刁窝镇东冯村党支部 is 东冯村党支部
            stem = text[start : m.start()]
            if _generic_before(text, start) or (stem and not _CJK.match(stem[0])):
                continue
            head_place = place_starts.get(start)
            clipped = bool(stem) and stem[0] in _LEVEL_OF and head_place is None
            if clipped and stem[1:2] in ("直", "属", "级"):
                continue  # 市直部门, 县级单位: a class of bodies, not one
            if typ == "Agency":
                strong = suf not in L.WEAK_AGENCY_SUFFIXES
                if not stem and suf not in ("纪委监委", "人大常委会"):
                    continue
                if not (head_place or clipped or stem.startswith(("国家", "中共", "中央", "国务院"))
                        or (strong and len(stem) >= 2)):
                    continue
                if suf == "部" and nxt in "门署队长":
                    continue
            elif typ == "Company":
                if len(stem) < 2 and suf not in ("农商行",):
                    continue
                if is_common_word(stem, 1000, ("ns",)) and not is_common_word(stem + suf, 1):
                    continue  # 工作银行 is no bank; 重庆银行 is one
                if _ends_in_predicate(stem):
                    continue  # 对接会发放银行: a clause
                if suf in ("公司", "集团", "银行", "超市", "酒店") and len(stem) < 2:
                    continue
            else:
                if (len(stem) < 2 and not clipped) or _descriptive(stem):
                    continue  # 谢谢学校, 改扩建学校 (区妇联 is clipped: completed from the article's place)
                entry = jieba_dictionary().get(stem)
                if stem in L.ROLES or (entry and entry[0] >= 50 and not entry[1].startswith("n") and not clipped):
                    continue  # 党员志愿服务队 (a kind of team), 谢谢学校, 改扩建学校: no name before the suffix
                if suf in L.NUMBERED_SCHOOLS and not (re.search(r"[镇乡村区县市]$", stem) or head_place):
                    continue  # 关沮镇二小 and 大祥一中 are schools; 分包一小 is not
                if suf == "平台" and len(stem) < 3:
                    continue
            canonical = stem + suf
            alias = None
            # A body named after a chain of places is known by its nearest place
            # (万盛经开区平山园区党工委 → 平山园区党工委); the long form stays an alias.
            inner = [p for p in places_after(start, m.start()) if p.start in place_ends]
            if inner and typ == "Agency" and head_place is not None:
                cut = max(p.start for p in inner)
                alias = canonical
                canonical = text[cut : m.end()]
            rule = "suffix-clipped" if clipped else ("suffix-platform" if suf == "平台" else "suffix")
            out.append(Cand(start, m.end(), typ, canonical, rule, 0.6 if clipped else 0.8, alias=alias))
    return out


# --------------------------------------------------------------------------
# Programmes and named platforms
# --------------------------------------------------------------------------

def _programmes(text: str) -> list[Cand]:
    out: list[Cand] = _quoted_lists(text)
    listed = {(c.start, c.end) for c in out}
    for m in _QUOTE_RE.finditer(text):
        inner = _quoted(m).strip()
        if not inner or not _CJK.search(inner) or (m.start(), m.end()) in listed or "…" in inner:
            continue  # (a quotation trailing off names nothing: “山歌唱起来……”)
        tail = ""
        for ch in text[m.end() : m.end() + 10]:
            if not "\u4e00" <= ch <= "\u9fff" or ch in _TAIL_STOP:
                break
            tail += ch
        tail = _tail_before_verb(tail)
        if any(tail.startswith(v) for v in _LAUNCH) and not _named_work(tail):
            tail = ""  # “五个一”开展活动: the verb begins the predicate, not the name's last word
        cand = None
        # The longest tail that ends a name decides its class: “天眼”平台 and “小板凳”志愿服务队 are
        # bodies, “我为群众办实事”实践活动 a programme (志愿服务队 is longer than 志愿服务).
        for k in range(len(tail), 0, -1):
            piece = tail[:k]
            if any(piece.endswith(s) for s in L.ORGANIZATION_SUFFIXES if len(s) >= 2 or s == "网"):
                cand = Cand(m.start(), m.end() + k, "Organization", inner + piece, "quote+suffix", 0.8)
                break
            if any(piece.endswith(s) for s in L.PROGRAMME_SUFFIXES if len(s) >= 2 or k == 1):
                # a noun written against the quote belongs to the name: 城市“净网”建设
                head = text[max(0, m.start() - 2) : m.start()]
                entry = jieba_dictionary().get(head)
                if len(head) == 2 and entry and entry[1] in ("n", "ns") and head not in L.ROLES \
                        and not head.startswith(L.GENERIC_PREFIXES):
                    cand = Cand(m.start() - 2, m.end() + k, "Programme", head + inner + piece,
                                "noun+quote+suffix", 0.75)
                else:
                    cand = Cand(m.start(), m.end() + k, "Programme", inner + piece, "quote+suffix", 0.8)
                break
        if cand is None and len(inner) >= 2:
            before = text[max(0, m.start() - 4) : m.start()]
            if re.search(r"(平台|热线|网)$", inner) and len(inner) >= 3:
                cand = Cand(m.start(), m.end(), "Organization", inner, "quote", 0.75)
            elif len(inner) >= 3 and any(inner.endswith(s) for s in L.PROGRAMME_SUFFIXES
                                         if s not in ("清单", "工作", "建设", "服务", "费")):
                cand = Cand(m.start(), m.end(), "Programme", inner, "quote", 0.7)
            elif any(before.rstrip("了") .endswith(v) for v in _LAUNCH) and len(inner) <= 10:
                cand = Cand(m.start(), m.end(), "Programme", inner, "quote-after-verb", 0.6)
            elif len(inner) <= _BARE_QUOTE_MAX and _BARE_NAME.match(inner) and len(_CJK.findall(inner)) >= 2:
                # A short quoted phrase with nothing around it to say what it is: reports quote
                # their schemes' nicknames (“双报到”, “小铃铛”) but also slogans and words used
                # loosely. Offered to the recognizer, whose context features decide.
                cand = Cand(m.start(), m.end(), "Programme", inner, "quote-bare", 0.3)
        if cand is not None:
            cand.canonical = _strip_quotes(cand.canonical)
            out.append(cand)
    for m in _BOOK_RE.finditer(text):
        inner = m.group(1)
        if inner.endswith(L.DOCUMENT_SUFFIXES):
            out.append(Cand(m.start(), m.end(), "Programme", _strip_quotes(inner), "book-title", 0.75))
        elif inner.strip().endswith(L.MEDIA_SUFFIXES) and len(inner.strip()) >= 3:
            out.append(Cand(m.start(), m.end(), "Organization", _strip_quotes(inner).strip(), "book-title-media", 0.75))
    for name in L.KNOWN_PROGRAMMES:
        for m in re.finditer(re.escape(name), text):
            out.append(Cand(m.start(), m.end(), "Programme", name, "known-programme", 0.7))
    for m in _PROGRAMME_END.finditer(text):
        start = left_stem(text, m.start(), 14)
        start = _strip_to_name(text, start, m.start(), last_verb=True, cut_verbs=L.PROGRAMME_OBJECT_VERBS)
        start = _listed_start(text, start)
        stem = text[start : m.start()]
        shortest = 2 if m.group() in L.SHORT_STEM_PROGRAMME_ENDS else 4
        if len(stem) >= shortest and not _generic_before(text, start) and _CJK.match(stem):
            # Ends that mostly close a programme's name and ends that as often close a common
            # noun phrase (基础设施建设) are told apart for the recognizer, which weighs each.
            weak = m.group() in L.WEAK_PROGRAMME_ENDS
            out.append(Cand(start, m.end(), "Programme", stem + m.group(),
                            "suffix-programme-weak" if weak else "suffix-programme", 0.35 if weak else 0.5))
    for m in _DIGIT_HOTLINE.finditer(text):
        out.append(Cand(m.start(), m.end(), "Organization", m.group(), "hotline", 0.6))
    return out


_DEPARTMENT_RE = re.compile("(?<![省市县区镇乡州])(?:" + L.longest_first(L.STATE_COUNCIL_DEPARTMENTS).pattern
                            + ")(?![门长署队分位落件])")


def _departments(text: str) -> list[Cand]:
    """The State Council's departments by name (商务部, 工业和信息化部), not 教育部门 nor 省财政部…"""
    return [Cand(m.start(), m.end(), "Agency", m.group(), "known-agency", 0.8) for m in _DEPARTMENT_RE.finditer(text)]


_FUND_END = L.longest_first(L.FUND_ENDS)
_FUND_STEM = re.compile(r"[\u4e00-\u9fff]{1,14}$")


def _funds(text: str, places: list[Cand]) -> list[Cand]:
    """Named funds (湖北省中小企业发展专项资金): a fund ending after a stem that a place begins,
    without a verb inside. Funds are programmes (SCHEMA: 重庆市大足应急救助基金)."""
    out = []
    for m in _FUND_END.finditer(text):
        for p in places:
            if p.start < m.start() and p.end <= m.start() and m.start() - p.start <= 16 \
                    and _FUND_STEM.match(text, p.start, m.start()) \
                    and _strip_to_name(text, p.end, m.start(), last_verb=True) == p.end:
                out.append(Cand(p.start, m.end(), "Programme", text[p.start : m.end()], "fund", 0.6))
                break
    return out


_QUOTED_RUN = re.compile(r"((?:“[^“”。，,！？]{2,10}”、?){2,})(等|这些|这类)?(?P<head>[\u4e00-\u9fff]{2,6})")
_QUOTED_ONE_OF = re.compile(r"(“[^“”。，,！？]{2,10}”)等(?:[0-9一二三四五六七八九十两几多]+[个项家支种类条批所])?"
                            r"(?P<head>[\u4e00-\u9fff]{2,8})")
_ONE_QUOTE = re.compile(r"“([^“”]{2,10})”")
# Organisation endings of two characters or more (one-character ones, 网, end too many words).
_LONG_ORG_SUFFIXES = tuple(s for s in L.ORGANIZATION_SUFFIXES if len(s) >= 2)
_ORG_LIST_HEADS = tuple(L.ORGANIZATION_LIST_HEADS)


def _kind_of_listed(head: str) -> str | None:
    """The class the words after a run of quoted names give them (等志愿者队伍, 等平台, 等活动)."""
    for k in range(len(head), 1, -1):
        word = head[:k]
        if word.endswith(_ORG_LIST_HEADS) or word.endswith(_LONG_ORG_SUFFIXES):
            return "Organization"
        if word in L.PROGRAMME_LIST_HEADS or word in L.PROGRAMME_SUFFIXES:
            return "Programme"
    return None


def _quoted_lists(text: str) -> list[Cand]:
    """Names quoted one after another before the word for what they are (“法治研学游”“民法典大转盘”
    等活动, “乡村大喇叭”“微犍为”等平台, “双报到”“四下基层”载体), or one quoted name with 等 and
    that word (“邻里帮帮团”等志愿者队伍, “某某到家”等15个小程序): each is one of those."""
    out: list[Cand] = []
    for rx in (_QUOTED_RUN, _QUOTED_ONE_OF):
        for m in rx.finditer(text):
            typ = _kind_of_listed(m.group("head"))
            if typ is None:
                continue
            for q in _ONE_QUOTE.finditer(text, m.start(1), m.end(1)):
                if _CJK.search(q.group(1)):
                    out.append(Cand(q.start(), q.end(), typ, q.group(1), "quote-list", 0.75))
    return out


def _named_work(tail: str) -> bool:
    """Whether a tail after a quote is the work a programme names, then its ending:
    “廉洁单位”创建活动 (创建 names the work, as in 乡村风貌提升行动), not “五个一”开展活动."""
    return any(tail.startswith(v) and any(tail[len(v):].startswith(s) for s in L.PROGRAMME_SUFFIXES if len(s) >= 2)
               for v in L.PROGRAMME_NAME_VERBS)


def _tail_before_verb(tail: str) -> str:
    """The tail after a quote, cut where a programme word is followed by a verb.

    “我为群众办实事”实践活动贯穿学习教育: the name ends at 实践活动; 贯穿 begins the predicate.
    """
    for j in range(2, len(tail) - 1):
        if any(tail[:j].endswith(sfx) for sfx in L.PROGRAMME_SUFFIXES if len(sfx) >= 2):
            entry = jieba_dictionary().get(tail[j : j + 2])
            if entry and entry[1] == "v":  # a verb proper: 工作 (vn) may still name the programme's part
                return tail[:j]
    return tail


_LISTED_CHUNK = re.compile(r"[\u4e00-\u9fff]{2,8}$")


def _listed_start(text: str, start: int) -> int:
    """Start of a 、-list of parallel phrases that ends a programme name, after its launch verb.

    开展群众大走访、问题大起底、…、环境大整治行动 names one campaign; without the launch
    verb before the list, the last phrase stands alone.
    """
    i = start
    while i > 0 and text[i - 1] == "、":
        m = _LISTED_CHUNK.search(text, max(0, i - 9), i - 1)
        if not m:
            break
        j = m.start()
        # the first chunk holds the launch verb itself: (扎实)开展|群众大走访
        chunk = text[j : i - 1]
        for v in _LAUNCH:
            q = chunk.rfind(v)
            if q >= 0 and len(chunk) - (q + len(v)) >= 2:
                return j + q + len(v)
        i = j
    return start


def _strip_quotes(s: str) -> str:
    return re.sub(r"[“”\"‘’'《》「」]", "", s)


# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------

def _name_at(text: str, i: int) -> int:
    """End of a Chinese personal name starting at ``i`` (0 if none)."""
    if text[i : i + 2] in L.COMPOUND_SURNAMES:
        sur = 2
    elif text[i : i + 1] in L.SURNAMES:
        sur = 1
    else:
        return 0
    j = i + sur
    given = 0
    while given < 2 and j < len(text) and "\u4e00" <= text[j] <= "\u9fff":
        if given == 1 and (_ends_name_before(text, j) or _ROLE_RE.match(text, j) or _POST_RE.match(text, j)):
            break
        if given == 0 and (text[j] in "等的了在是和与说" or _POST_RE.match(text, j) or _ROLE_RE.match(text, j)):
            break
        given += 1
        j += 1
    if given < 1:
        return 0
    name = text[i:j]
    if _not_a_name(name):
        if len(name) == 3 and not _not_a_name(name[:2]) and text[j - 1] in L.AFTER_NAME:
            return j - 1
        return 0
    return j


_FUNCTION_AFTER_NAME = L.FUNCTION_AFTER_NAME
# Function characters that begin no name after a role word (向 and 曾 are also surnames).
_NO_NAME_START = frozenset(_FUNCTION_AFTER_NAME) - set("向曾")


def _ends_name_before(text: str, j: int) -> bool:
    """Whether ``text[j]`` starts the word after a two-character name rather than ending a longer one.

    A function character (说, 在, 等) always does; another character that often
    follows names (同, 深, 带) does when it begins a common word there (同时, 深入).
    """
    c = text[j]
    if c in _FUNCTION_AFTER_NAME:
        return True
    return c in L.AFTER_NAME and is_common_word(text[j : j + 2], 100)


# Last characters of bodies' short names (卫健委, 公安局) that no given name ends in.
_BODY_CHARS = ("委", "局", "厅", "化")


def _not_a_name(name: str) -> bool:
    """A common word (干部, 满意, 强调) is not a personal name, even after a post.

    Nor is a surname-like character before a common word (由社区) or a post (楼长).
    """
    for w in (name, name[:2]):
        if is_common_word(w, 50, ("nr",)):
            return True
    # jieba tags some everyday two-character words as names (师生 nr 634); real ones are rarer
    if len(name) == 2 and is_common_word(name, 300):
        return True
    if len(name) == 3 and is_common_word(name[1:], 2000, ("nr", "ns")):
        return True
    return bool(_POST_RE.fullmatch(name)) or name.endswith("长")


def _people(text: str) -> list[Cand]:
    out: list[Cand] = []
    for regex, is_post in ((_POST_RE, True), (_ROLE_RE, False)):
        for m in regex.finditer(text):
            i = m.end()
            end = 0
            fm = _FOREIGN_RE.match(text, i)
            if fm:
                end = fm.end()
                while text[end - 1] in L.AFTER_NAME and end - fm.start() > 4:
                    end -= 1
            elif text[i : i + 1] in "老小" and text[i + 1 : i + 2] in L.SURNAMES \
                    and (not "\u4e00" <= text[i + 2 : i + 3] <= "\u9fff" or _ends_name_before(text, i + 2)
                         or is_common_word(text[i + 2 : i + 4], 100)):
                end = i + 2  # 村民老左由衷感谢
            else:
                end = _name_at(text, i)
                if end and text[i] in _NO_NAME_START:
                    continue  # 教师都深受…: an adverb after the role, no name
                if end - i >= 3 and text[end : end + 1] not in _FUNCTION_AFTER_NAME \
                        and _swallows_next_word(text, end):
                    end -= 1  # 副市长李政参|加: the name ran into the verb after it (李春明|说 did not)
            if not end:
                continue
            name = text[i:end]
            if is_post and m.group() in L.OFFICIAL_POSTS:
                pstart = _post_start(text, m.start())
                out.append(Cand(i, end, "Official", name, "post+name", 0.85, post=text[pstart : m.end()]))
            else:
                out.append(Cand(i, end, "Person", name, "role+name", 0.8))
    for m in re.finditer(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,4}·[\u4e00-\u9fff]{2,4}", text):
        end = m.end()
        while text[end - 1] in _FUNCTION_AFTER_NAME and end - m.start() > 5:
            end -= 1  # 麦努斯·奥斯曼是 → 麦努斯·奥斯曼
        out.append(Cand(m.start(), end, "Person", text[m.start() : end], "foreign-name", 0.6))
    # Names before what names them: 韩全芳女士, 叶白等4名业主, 习近平总书记.
    for m in _AFTER_NAME_RE.finditer(text):
        j = m.start()
        post = m.group("post")
        # before a post or a speech verb only a full three-character name counts (王建国表示,)
        i = _name_before(text, j, strict=bool(post or m.group("speech")))
        if i < 0:
            continue
        name = text[i:j]
        if post and post in L.OFFICIAL_POSTS:
            out.append(Cand(i, j, "Official", name, "name+post", 0.75, post=post))
        else:
            out.append(Cand(i, j, "Person", name, "name+title", 0.7))
    # People the text names by surname and title only (居民王女士, 许师傅): the name is both.
    for m in _SURNAME_TITLE_RE.finditer(text):
        i = m.start()
        role = _ROLE_RE.search(text, max(0, i - 4), i)
        if i == 0 or text[i - 1] in _NAME_LEFT_OK or not "\u4e00" <= text[i - 1] <= "\u9fff" \
                or (role is not None and role.end() == i):
            out.append(Cand(i, m.end(), "Person", m.group(), "surname+title", 0.6))
    # Photo credits and bylines: "熊华明摄" at the end of a caption.
    for m in re.finditer(r"(?<=[。\n])([\u4e00-\u9fff]{2,3})摄(?:$|\n)", text):
        if _name_at(text, m.start(1)) == m.end(1):
            out.append(Cand(m.start(1), m.end(1), "Person", m.group(1), "photo-credit", 0.7))
    return out


_HONORIFICS = L.HONORIFICS
_AFTER_NAME_RE = re.compile(
    "(?:" + "|".join(_HONORIFICS) + r"|等[0-9一二三四五六七八九十两几多]+[名位人户])"
    + r"|(?P<post>总书记|书记|省长|市长|县长|区长|镇长|乡长|主席|总理|部长|厅长|局长|主任)(?![处团科员热助理])"
    + r"|(?P<speech>说|表示|介绍|告诉记者|指出|坦言|笑着说)(?=[,，:：“])")
_NAME_LEFT_OK = L.NAME_LEFT_OK
# A surname and a title with no given name between (王女士, 许师傅); the name ends with the title
# whatever follows (王先生们, 李阿姨家).
_SURNAME_TITLE_RE = re.compile("[" + "".join(sorted(L.SURNAMES)) + "](?:" + "|".join(L.SURNAME_TITLES) + ")")


def _name_before(text: str, j: int, strict: bool = False) -> int:
    """Start of a personal name ending at ``j`` (-1 if none), longest first.

    The name must begin the text or follow a word boundary (的, 和, punctuation);
    ``strict`` (a post after the name) asks for three characters and a surname
    that is not also a common word start, since 区委书记 or 市长 readings abound.
    """
    for n in (3, 2, 4):
        i = j - n
        if i < 0 or _name_at(text, i) != j:
            continue
        left_ok = i == 0 or text[i - 1] in _NAME_LEFT_OK or not "\u4e00" <= text[i - 1] <= "\u9fff"
        if strict:
            # after a verb (学习贯彻习近平总书记…) the boundary is the end of that common word
            left_ok = left_ok or (i >= 2 and is_common_word(text[i - 2 : i], 100))
            if n == 3 and left_ok and not is_common_word(text[i : i + 2], 20):
                return i
            continue
        if left_ok:
            return i
    return -1


_BRACKETED_BEFORE = re.compile(r"[（(][\u4e00-\u9fff]{1,6}[）)]$")


def _post_start(text: str, pos: int) -> int:
    """Start of the post phrase ending at ``pos``: back over body names and 、-joined posts."""
    i = pos
    while i > 0 and pos - i < 24:
        if text[i - 1] not in L.STOP_CHARS or _word_across(text, i):
            i -= 1  # a stop character that begins a word of the post goes with it: 中心主任, 就业促进处
        elif (inner := _BRACKETED_BEFORE.search(text, max(0, i - 8), i)) is not None and inner.start() > 0:
            i = inner.start()  # 区委（政府）办公室主任: a bracketed word inside a body's name
        else:
            break
    if 0 < i and text[i - 1] in "该本其此":
        # 该校校长, 该局副局长: the body is the one referred to, the post is 校长, 副局长
        i = next((j for j in range(i + 1, min(i + 3, len(text))) if any(text.startswith(p, j) for p in L.POSTS)), i)
    if i > 1 and text[i - 1] == "、" and any(text[max(0, i - 12) : i - 1].endswith(p) for p in L.POSTS):
        return _post_start(text, i - 1)  # 市委书记、市人大常委会主任严华: both posts are his
    tense = next((w for w in L.POST_TENSE_WORDS if text.startswith(w, i) and i + len(w) < pos), None)
    return i + len(tense) if tense else i  # 时任县委常委: the post is 县委常委, 时任 only dates it


def _word_across(text: str, i: int) -> bool:
    """Whether the stop character before ``i`` and the one at ``i`` make a common noun or verb
    (中心, 中队, 就业): then the stop character is part of a name or post, not a boundary."""
    if i < 1 or i >= len(text):
        return False
    entry = jieba_dictionary().get(text[i - 1 : i + 1])
    return bool(entry) and entry[0] >= 100 and entry[1][:1] in ("n", "v")


# --------------------------------------------------------------------------
# Issues (a first pass; relation extraction links them)
# --------------------------------------------------------------------------

_ISSUE_RE = re.compile(r"(?:反映|解决|整改|化解|破解|整治|办理|解决了|面临)(?:了)?([\u4e00-\u9fff“”]{2,14}?(?:问题|难题|困难|纠纷|乱象))")


# Starts of a phrase that points at a problem without naming it (他们出行难题, 这一难题), or was cut
# from a clause; the generic starts (群众…) only make a short phrase generic, and 此, 一些, 各种 may
# begin a named one (一些村民饮水难问题), so they are not here.
_ISSUE_POINTERS = tuple(w for w in L.POINTING_STARTS if w not in L.GENERIC_ISSUE_STARTS
                        and w not in ("此", "一些", "各种")) + ("这些", "相关") + L.CLIPPED_ISSUE_STARTS


def _issues(text: str) -> list[Cand]:
    out = []
    for m in _ISSUE_RE.finditer(text):
        s = m.start(1)
        phrase = m.group(1)
        if phrase.startswith(L.GENERIC_ISSUE_STARTS) and len(phrase) <= 6:
            continue
        if phrase.startswith(_ISSUE_POINTERS) \
                or len(re.sub(r"问题|难题|困难|纠纷|乱象|[“”的]", "", phrase)) < 2:
            continue  # 他们出行难题: the phrase points at a problem without naming it
        out.append(Cand(s, m.end(1), "Issue", _strip_quotes(phrase).replace("的", ""), "issue-pattern", 0.5))
    return out


# --------------------------------------------------------------------------
# Selection and document passes
# --------------------------------------------------------------------------

_PRIORITY = {"Official": 6, "Person": 5, "Company": 4, "Organization": 4, "Agency": 4,
             "Programme": 3, "Issue": 1}


def _select(cands: list[Cand]) -> list[Cand]:
    """Keep non-overlapping names per layer: longest and surest first; places may nest in bodies."""
    bodies = sorted((c for c in cands if c.layer == "body"),
                    key=lambda c: (-(c.end - c.start) - _PRIORITY[c.type] * 0.1 - c.conf * 0.01, c.start))
    chosen: list[Cand] = []
    for c in bodies:
        if all(c.end <= d.start or d.end <= c.start for d in chosen):
            chosen.append(c)
    places = sorted((c for c in cands if c.layer == "place"), key=lambda c: (-(c.end - c.start) - c.conf, c.start))
    kept_places: list[Cand] = []
    for c in places:
        clash_body = any(c.start < d.end and d.start < c.end and not (d.start <= c.start and c.end <= d.end)
                         for d in chosen if d.type not in ("Person", "Official"))
        inside_person = any(d.start <= c.start and c.end <= d.end for d in chosen if d.type in ("Person", "Official"))
        clash_place = any(c.start < d.end and d.start < c.end for d in kept_places)
        if not clash_body and not clash_place and not inside_person:
            kept_places.append(c)
    issues: list[Cand] = []
    for c in sorted((c for c in cands if c.layer == "issue"), key=lambda c: (-(c.end - c.start), c.start)):
        if all(c.end <= d.start or d.end <= c.start for d in issues):
            issues.append(c)
    return sorted(chosen + kept_places + issues, key=lambda c: (c.start, c.end))


def _watermark_votes(places: list[Cand]) -> tuple[Counter[str], set[str]]:
    """For each city, how many county mentions of the article lie in it; and the cities named outright."""
    gaz = gazetteer()
    votes: Counter[str] = Counter()
    for c in places:
        if c.type == "County":
            for d in gaz.lookup(c.canonical):
                for p in gaz.parents(d):
                    if p.type == "City" and len(p.parents) == 1:
                        votes[p.name] += 1
    named = {c.canonical for c in places if c.type == "City" and c.rule != "suffix-unknown-city"}
    return votes, named


def _resolve_watermark_cities(cands: list[Cand], votes: Counter[str], named: set[str]) -> list[Cand]:
    """Map an unknown "X市" (a site name pasted over the city) to the city whose counties the text names."""
    out = []
    for c in cands:
        if c.rule != "suffix-unknown-city":
            out.append(c)
            continue
        if votes:
            city, n = votes.most_common(1)[0]
            if n >= 2 and city not in named:
                out.append(replace(c, canonical=city, rule="watermark-city", conf=0.6, alias=c.canonical))
    return out


# Classes whose names, found once as written, are carried to their other occurrences.
_CARRIED_NAMES = frozenset({"Programme", "Organization", "Company", "Agency"})


def _propagate(text: str, chosen: list[Cand]) -> list[Cand]:
    """Other occurrences of names found once (people, programmes and bodies as written, and short
    forms of places)."""
    gaz = gazetteer()
    taken = bytearray(len(text))
    for c in chosen:
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    targets: dict[str, Cand] = {}
    for c in chosen:
        if c.type in ("Person", "Official"):
            targets.setdefault(c.canonical, c)
        elif c.type in ("County", "Township") and not c.rule.endswith("watermark-city"):
            short = gaz.county_short(c.canonical) if c.type == "County" else re.sub(
                r"(?:[\u4e00-\u9fff]{1,4}族)?(?:街道|镇|乡)$", "", c.canonical)
            # a short form that is also a common word (东风 of 东风街道: an east wind) is not carried
            if short and len(short) >= 2 and short != c.canonical and not is_common_word(short, 100):
                targets.setdefault(short, c)
        elif c.type == "City" and c.alias and c.rule.endswith("watermark-city"):
            targets.setdefault(c.alias, c)
        elif c.type in _CARRIED_NAMES and len(c.canonical) >= 3 and text[c.start : c.end] == c.canonical:
            # a programme or body named once is the same name where it recurs (参与精准扶贫工作)
            targets.setdefault(c.canonical, c)
    if not targets:
        return []
    lengths = sorted({len(t) for t in targets}, reverse=True)
    extra: list[Cand] = []
    # Only positions holding a first character of some name can start one; a regex finds them.
    starts = re.compile("[" + re.escape("".join({t[0] for t in targets})) + "]")
    i = 0
    for m in starts.finditer(text):
        j = m.start()
        if j < i or taken[j]:
            continue
        hit = None
        for ln in lengths:
            s = text[j : j + ln]
            if s in targets and not any(taken[j : j + ln]):
                hit = s
                break
        if hit is None:
            continue
        c = targets[hit]
        extra.append(Cand(j, j + len(hit), c.type, c.canonical, "propagated", c.conf * 0.9,
                          post=None, parent=c.parent, alias=hit if hit != c.canonical else None))
        taken[j : j + len(hit)] = b"\x01" * len(hit)
        i = j + len(hit)
    return extra


def _complete_clipped(text: str, chosen: list[Cand]) -> None:
    """区信访办 → 黔江区信访办: put the place the passage is about in front of a clipped name."""
    places = [c for c in chosen if c.type in PLACE_TYPES]
    city_counts = Counter(c.canonical for c in places if c.canonical.endswith("市"))
    dominant_city = city_counts.most_common(1)[0][0] if city_counts else None
    # (class, level character) -> (sorted end offsets, names): the nearest place before a clipped name.
    by_level: dict[tuple[str | None, str], tuple[list[int], list[str]]] = {}
    for p in sorted(places, key=lambda p: p.end):
        lst = by_level.setdefault((p.type, p.canonical[-1]), ([], []))
        lst[0].append(p.end)
        lst[1].append(p.canonical)
    place_starts = {p.start for p in places}
    dropped: list[Cand] = []
    for c in chosen:
        if c.parent or c.type not in ("Agency", "Organization"):
            continue  # completed already, or no body
        pointer = text[max(0, c.start - 2) : c.start]
        if c.canonical[:1] == "该" and c.canonical[1:2] in _LEVEL_OF:
            c.canonical = c.canonical[1:]  # 该区纪委监委 read whole: the body of the place 该区 points at
        elif pointer[:1] == "该" and pointer[1:] in _LEVEL_OF and c.canonical[:1] not in _LEVEL_OF \
                and c.canonical == text[c.start : c.end] and c.start not in place_starts:
            # 该区|纪委监委: the body of the place 该区 points at, completed like a clipped name
            c.canonical = pointer[1:] + c.canonical
        elif c.canonical.startswith("自治区") and c.canonical == text[c.start : c.end]:
            pass  # 自治区党委常委会: the region's, as 区委 is the district's
        elif not (c.rule.endswith("clipped") or (c.canonical[:1] in _LEVEL_OF and c.canonical[:2] not in L.LEVEL_WORDS
                                                 and c.canonical == text[c.start : c.end])):
            continue  # not clipped
        level = "自治区" if c.canonical.startswith("自治区") else c.canonical[0]
        target = None
        ends = by_level.get(("City", "区") if level == "自治区" else (_LEVEL_OF.get(level), level))
        k = bisect.bisect_right(ends[0], c.start) if ends else 0
        if k:
            target = ends[1][k - 1]
        if level == "市" and dominant_city and not (k and ends[0][k - 1] > text.rfind("。", 0, c.start)):
            # 市委 is the article's city, unless its own sentence names another before it
            target = dominant_city
        if target and level == "自治区" and not target.endswith("自治区"):
            target = None
        if target is None and level in ("市", "省") and _LEVEL_BODY.match(c.canonical):
            target = _division_above(places, level)
        if target:
            c.alias = c.canonical
            c.canonical = target + c.canonical[len(level):]
            c.parent = target
        else:
            dropped.append(c)  # 省委 with no province in sight: a reference, not a name
    for c in dropped:
        chosen.remove(c)


# 市委, 省政府, 市纪委监委 …: the bodies a bare level word names (not 市场…, 省略…).
_LEVEL_BODY = re.compile(r"[市省](?:委|政府|人大|政协|纪委|监委)(?!.*常委$)")


def _division_above(places: list[Cand], level: str) -> str | None:
    """The city (``市``) or province (``省``) that holds the article's places, by GB/T 2260,
    when the article names none itself: 市委 in an article about 揭西县 is 揭阳市's. Only a
    division that every one of the article's places lies in is taken (a 市委 in an article
    about two cities' counties stays unresolved)."""
    found: set[str] = set()
    for p in places:
        divisions = gazetteer().lookup(p.canonical)
        if len(divisions) != 1:
            continue  # unknown to the gazetteer, or a name two divisions share
        above = [d.name for d in gazetteer().parents(divisions[0])
                 if (d.code.endswith("0000") if level == "省" else not d.code.endswith("0000"))]
        if not above:
            continue
        found.add(above[0])
    return found.pop() if len(found) == 1 and next(iter(found)).endswith(level) else None


def _officials(chosen: list[Cand]) -> None:
    """A name once introduced with a post is an Official everywhere in the article."""
    posts: dict[str, str] = {}
    for c in chosen:
        if c.type == "Official" and c.post:
            posts.setdefault(c.canonical, c.post)
    for c in chosen:
        if c.type == "Person" and c.canonical in posts:
            c.type = "Official"


def _shift(cands: list[Cand], offset: int) -> list[Cand]:
    for c in cands:
        c.start += offset
        c.end += offset
    return cands


def rule_candidates(text: str) -> list[Cand]:
    """The rules' names in ``text`` after selection and document-level passes: what the
    recognizer is given beside the characters (and, alone, a baseline)."""
    chunks = text_chunks(text)
    places_by_chunk = []
    for a, b in chunks:
        part = text[a:b]
        places = _gazetteer_places(part)
        places_by_chunk.append(places + _suffix_places(part, places))
    votes, named = _watermark_votes([c for ps in places_by_chunk for c in ps])
    chosen: list[Cand] = []
    for (a, b), places in zip(chunks, places_by_chunk):
        part = text[a:b]
        places = _resolve_watermark_cities(places, votes, named)
        body_like = (_bodies(part, places) + _programmes(part) + _funds(part, places) + _departments(part)
                     + _people(part) + _issues(part))
        chosen += _shift(_select(places + body_like), a)
    chosen = sorted(chosen + _propagate(text, chosen), key=lambda c: (c.start, c.end))
    _chain_parents([c for c in chosen if c.type in PLACE_TYPES], text)
    _complete_clipped(text, chosen)
    _officials(chosen)
    return chosen


def _repair_bounds(text: str, s: int, e: int, places: list[Cand], starts: list[int]) -> int:
    """The start of a body's name the model found at ``s:e``, moved so that it neither cuts a
    place the rules found in two (石镇党委 → 青石镇党委) nor begins with a function word before
    one (经湖滨县纪委监委 → 湖滨县纪委监委). ``places`` are sorted by start, ``starts`` their starts."""
    # Places are at most a dozen characters long: only those starting near ``s`` can matter.
    near = places[bisect.bisect_left(starts, s - 16) : bisect.bisect_right(starts, s + 2)]
    for p in near:
        if p.start < s < p.end <= e:
            s = p.start
    for p in near:
        if s < p.start <= s + 2 and p.end <= e:
            head = text[s : p.start]
            entry = jieba_dictionary().get(head)
            if head[0] in _CORE_STOPS or (entry is not None and entry[1][:1] in "pcdruv"):
                s = p.start
    # 居民李春明拨打江北区信访办: a verb before a place inside the name ends what came before it
    inside = [p for p in places[bisect.bisect_right(starts, s) : bisect.bisect_left(starts, e)] if p.end <= e]
    if inside:
        last_verb_end = -1
        pos = s
        for word, tag in pos_cut(text[s : inside[-1].start]):
            pos += len(word)
            if tag.startswith("v") and len(word) >= 2:
                last_verb_end = pos
        after = [p.start for p in inside if p.start >= last_verb_end] if last_verb_end >= 0 else []
        if after:
            s = after[0]
    return s


def _after_leading_verb(text: str, s: int, e: int, places: list[Cand]) -> int:
    """宜宾市建成…平台, 新建改建医院: a body's name does not begin with a verb, after its place or alone.
    What a verb leaves of two characters or fewer (湖滨县新建改建|医院) is a common noun: no name
    (``e`` is returned, an empty span)."""
    lead = next((p.end for p in places if p.start == s and p.end < e), s)
    verb = _LEADING_VERB.match(text, lead, e)
    if not verb:
        return s
    return verb.end() if e - verb.end() >= 3 else e


_LEADING_VERB = re.compile("(?:" + L.alternation(L.NAME_LEADING_VERBS) + ")+")


_POST_AFTER_RE = re.compile(r"[，,]?[^，,。；;！？!?、\n“”]{0,20}?(?:" + _POST_RE.pattern + ")")


def _generic_company(name: str) -> bool:
    """A company name of business words only (科技股份有限公司, 发展有限公司): its stem is a common word."""
    suffix = next((x for x in L.COMPANY_SUFFIXES if name.endswith(x)), None)
    stem = name[: -len(suffix)] if suffix else name
    return len(stem) <= 1 or is_common_word(stem, 50)


def _before_parenthesis(text: str, s: int, e: int) -> int:
    """A company's registered name holds its seat in brackets: 中微半导体设备（上海）股份有限公司.
    A name the model starts at or inside the brackets starts where the name before them does
    (not a name written inside brackets: 罗来德（江西省…有限公司董事长）)."""
    lo = max(0, s - 8)
    opened = max(text.rfind("（", lo, s + 1), text.rfind("(", lo, s + 1))
    if opened < 0 or re.search(r"[）)]", text[opened + 1 : s]):
        return s  # no bracket open before the name's start
    closed = re.compile(r"[）)]").search(text, opened + 1, e)
    if closed is None or closed.start() - opened > 7:
        return s  # the bracket does not close inside the name around a short seat
    i = opened
    while i > max(0, opened - 14) and _NAME_CHAR.match(text[i - 1]) and text[i - 1] not in _CORE_STOPS:
        i -= 1
    return i if opened - i >= 2 else s


_CLAUSE_PUNCT = re.compile(r"[，,；;。！？!?：:…]+")


def _in_quotes(text: str, s: int, k: int) -> bool:
    """Whether position ``k`` lies inside a quotation opened after ``s`` and not closed before ``k``."""
    return text.count("“", s, k) > text.count("”", s, k)


_CENTRAL_HEAD = L.longest_first(L.CENTRAL_AGENCIES)
_JOINING_WORDS = ("会同", "联合", "与", "和", "及", "、", "同")


def _end_of_known_body(text: str, s: int, e: int) -> int:
    """Where a body the model ran on into its clause ends: a name that opens with an organisation
    name jieba knows (中国电信) and then goes on without ending as a body's name does
    (中国电信认真学习贯彻…) is that organisation."""
    name = text[s:e]
    head = _CENTRAL_HEAD.match(name)
    if head and head.end() < len(name) and name.startswith(_JOINING_WORDS, head.end()):
        return s + head.end()  # 商务部会同工业和信息化部: two agencies, the model's name is the first
    if name.endswith(_ALL_BODY_SUFFIXES + ("组",)):  # (江西省委巡视组: a team of the committee)
        return e
    first, tag = next(iter(pos_cut(name)), ("", ""))
    return s + len(first) if tag == "nt" and 2 <= len(first) < len(name) else e


# Characters of a name before its bracket.
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def _post_near(text: str, s: int, e: int) -> str | None:
    """The post of a person named at ``s:e``, said right before the name (区委书记王立新) or right
    after it (王立新，区委书记 / 习近平总书记)."""
    for m in _POST_RE.finditer(text, max(0, s - 16), s):
        if m.end() == s and m.group() in L.OFFICIAL_POSTS:
            return text[_post_start(text, m.start()) : s]
    m = _POST_AFTER_RE.match(text, e)
    if m and any(m.group().endswith(p) for p in L.OFFICIAL_POSTS):
        end = m.end()
        # a list of posts goes on after 、 (…镇原党委委员、副镇长)
        while (more := _NEXT_POST_RE.match(text, end)) is not None:
            end = more.end()
        return re.sub(r"^[，,（(]*(?:时任|现任|原任)?", "", text[m.start() : end])
    return None


_NEXT_POST_RE = re.compile(r"、[^，,。；;！？!?、\n“”（）()]{0,6}?(?:" + _POST_RE.pattern + r")(?![\u4e00-\u9fff])")


def _swallows_next_word(text: str, e: int) -> bool:
    """Whether a name ending at ``e`` took the first character of the word after it: that
    character is a function word or speech verb (说, 在, 等), or begins a verb, adverb,
    preposition or time word with what follows (解|决 → 解决, 龚正昨|天)."""
    last = text[e - 1]
    if last in _FUNCTION_AFTER_NAME:
        return True
    words = jieba_dictionary()
    for k in (2, 3):
        entry = words.get(text[e - 1 : e - 1 + k])
        if e - 1 + k <= len(text) and entry is not None and entry[1][:1] in "vdpct" and entry[0] >= 100:
            return True
    return False


def _county_after_parent(text: str, s: int, e: int, places: list[Cand]) -> tuple[int, str, str] | None:
    """A county named for short inside a place span that starts with its province or city (浙江安吉,
    湖州安吉): where it begins, its full name and its parent's; None if the span is no such pair."""
    for p in places:
        if p.start == s and p.end < e and p.type == "City":
            county = gazetteer().county_under(text[p.end : e], p.canonical)
            if county is not None:
                return p.end, county.name, p.canonical
    return None


def _place_name(c: Cand, votes: Counter[str]) -> Cand:
    """A place the model found, named as the schema names places: the gazetteer's full name for
    a short one (深圳 → 深圳市), and for an X市 no gazetteer knows, in an article about one city's
    counties, that city (a site's name pasted over it by a watermark)."""
    gaz = gazetteer()
    name = c.canonical
    if gaz.lookup(name):
        return c
    if c.type == "City" and name in gaz.city_short:
        return replace(c, canonical=gaz.city_short[name][0].name, alias=name)
    if c.type == "City" and name.endswith("市") and votes:
        city, n = votes.most_common(1)[0]
        if n >= 2:
            return replace(c, canonical=city, alias=name, rule="model-watermark-city")
    return c


# A rule's name the model did not tag stays when the model gives its characters on average at
# least this probability of lying in a name (chosen by cross-validation, benchmarks/genre_cv.py).
KEEP_RULE = 0.5
# Rules whose names stand even where the model tags nothing: a quoted name closed by a programme
# or body word (“五减”行动), a national campaign, a document title. Measured on the genre set they
# are right about three times in four, better than the model's recall for the class, which has
# few examples to learn from. (Bare quotes and unquoted endings are right one time in five: the
# model decides those.)
# Rules whose whole name replaces the model's names inside it (the model has no fund to learn from).
_OVERRIDING_RULES = frozenset({"fund"})
_SURE_RULES = frozenset({"quote+suffix", "quote", "quote-list", "known-programme", "book-title", "known-agency"})


def _split_at_spaces(text: str, spans: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """Personal names never run over a space or line break: （陈某 李某） is two bylines. Nor does
    any name run from one title in 《》 into the next: 《A》和《B》 is two documents; nor from one
    quotation into the one written right after it (“A”“B”等社会力量)."""
    out = []
    for s, e, typ, prob in spans:
        if typ in ("Person", "Official") and _SPACE.search(text, s, e):
            for m in _NON_SPACE.finditer(text, s, e):
                if m.end() - m.start() >= 2:
                    out.append((m.start(), m.end(), typ, prob))
        elif "》" in text[s : e - 1] and "《" in text[s + 1 : e]:
            out.extend((m.start(), m.end(), typ, prob) for m in _BOOK_RE.finditer(text, s, e))
        elif typ not in PLACE_TYPES and "”“" in text[s:e]:
            # “三官一律”“50+调解队”: quotations written one after another are names one after another
            cut = s
            for m in re.finditer("”“", text[s:e]):
                out.append((cut, s + m.start() + 1, typ, prob))
                cut = s + m.start() + 1
            out.append((cut, e, typ, prob))
        else:
            out.append((s, e, typ, prob))
    return out


_SPACE = re.compile(r"\s")
_NON_SPACE = re.compile(r"\S+")


def _model_names(text: str, rules: list[Cand]) -> list[Cand]:
    """The recognizer's names, keeping what the rules knew of the same span (completed name,
    post, parent), plus the places the rules nest inside them and the rules' issues."""
    by_span = {(c.start, c.end): c for c in rules if c.layer != "issue"}
    companies_ending = {c.end: c for c in rules if c.type == "Company"}
    out: list[Cand] = []
    outer: list[tuple[int, int]] = []
    places = sorted((c for c in rules if c.layer == "place"), key=lambda c: c.start)
    place_starts = [c.start for c in places]
    votes, _ = _watermark_votes(places)
    spans, inside = recognise(text, rules)
    for s, e, typ, prob in _split_at_spaces(text, spans):
        if typ not in PLACE_TYPES and typ not in ("Person", "Official"):
            s = _repair_bounds(text, s, e, places, place_starts)
        if typ in ("Agency", "Organization", "Company"):
            s = _after_leading_verb(text, s, e, places)
        if typ == "Company":
            s = _before_parenthesis(text, s, e)
            longer = companies_ending.get(e)
            if longer is not None and longer.start < s and _generic_company(text[s:e]):
                s = longer.start  # 山鼎环保|科技股份有限公司: the model kept only the generic words
        if typ in ("Agency", "Company", "Organization"):
            e = _end_of_known_body(text, s, e)
        if typ in ("Agency", "Company", "Organization", "Programme"):
            # 新疆，自治区党委常委会: a body's or programme's name never runs over a comma or an
            # ellipsis outside quotation marks; it starts after it (a quoted slogan keeps its comma:
            # “奋战六十日，立破执行难”执行大会战)
            cuts = [m.end() for m in _CLAUSE_PUNCT.finditer(text, s, e - 1) if not _in_quotes(text, s, m.start())]
            if cuts:
                s = max(cuts)
        if typ in PLACE_TYPES:
            county = _county_after_parent(text, s, e, places)
            if county is not None:
                # 浙江安吉: the county 安吉县 after its province; 浙江 stays a place of its own
                s, typ = county[0], "County"
            name = text[s:e]
            whole = next((w for w in L.WHOLE_PLACE_ENDINGS if name.endswith(w)), None)
            if whole or name.endswith(L.KIND_OF_PLACE_ENDINGS):
                if not whole or len(name) - len(whole) < 2:
                    continue  # 农业大省, 经济强市: a kind of place, not one
                e -= len(whole)  # 四川全省 is 四川: 全省 says all of it
        known = by_span.get((s, e))
        if known is not None:
            if typ == "Person" and known.type == "Official":
                typ = "Official"  # the rules read the post beside the name
            c = replace(known, type=typ, conf=round(max(prob, 0.5), 2), rule="model+" + known.rule)
            if typ not in ("Official", "Person"):
                c.post = None
        else:
            name = strip_quotes(text[s:e])
            if len(name) < 2 or not _CJK.search(name):
                continue
            clipped = typ in ("Agency", "Organization") and name[0] in _LEVEL_OF
            c = Cand(s, e, typ, name, "model-clipped" if clipped else "model", round(prob, 2))
            if typ == "Person" and e - s >= 3 and _swallows_next_word(text, e):
                e -= 1  # 张三解|决了, 孙哲说: the name ran into the verb after it
                c = replace(c, end=e, canonical=text[s:e])
            if typ == "Person" and (_not_a_name(c.canonical) or c.canonical.endswith(_BODY_CHARS)):
                continue  # 卫健委, 智慧化: a word or a body's short name, not a person
            if typ == "Person":
                c.post = _post_near(text, s, e)
                if c.post:
                    c.type = "Official"
            elif typ in PLACE_TYPES:
                c = _place_name(c, votes)
        if typ in PLACE_TYPES and county is not None:
            c = replace(c, canonical=county[1], alias=text[s:e], parent=county[2])
        if c.type in ("Company", "Agency") and c.canonical.endswith(L.NEWS_SUFFIXES) \
                and not c.canonical.endswith(L.NOT_NEWS_SUFFIXES):
            c.type = typ = "Organization"  # …通讯社, …网: news outlets are organisations by their form
        elif c.type in ("Company", "Agency") and c.canonical.endswith(L.ORGANISATION_FORMS):
            c.type = typ = "Organization"  # 校团委, 区妇联, 观鸟协会: mass organisations and societies
        elif c.type in ("Organization", "Company") and c.canonical in L.CENTRAL_AGENCIES:
            c.type = typ = "Agency"  # 党中央, 国务院
        quoted = _QUOTE_RE.search(text, s, e)
        if quoted and quoted.end() <= e and typ in ("Programme", "Organization") and c.alias is None \
                and _quoted(quoted) != c.canonical:
            c.alias = _quoted(quoted)  # “春风”互助模式 is also called 春风
        out.append(c)
        outer.append((s, e))
    # Per character, the start of the model's name covering it (-1: none); the names do not overlap.
    cover = array("i", [-1]) * len(text)
    ends = {}
    for s, e in outer:
        cover[s:e] = array("i", [s]) * (e - s)
        ends[s] = e
    overridden: set[tuple[int, int]] = set()
    for c in rules:
        if c.layer == "issue":
            out.append(c)
            continue
        owners = set(cover[c.start : c.end])
        if c.rule in _OVERRIDING_RULES and all(o == -1 or (c.start <= o and ends[o] <= c.end) for o in owners):
            # a named fund the model read only part of (湖北省|中小企业|发展专项资金): the rule's whole name
            overridden.update((o, ends[o]) for o in owners if o != -1)
            out.append(c)
            continue
        if owners == {-1}:
            if inside.get((c.start, c.end), 0.0) >= KEEP_RULE or c.rule in _SURE_RULES:
                out.append(c)  # a rule's name the model did not tag but did not rule out either
            continue
        owner = owners.pop() if len(owners) == 1 else -1
        if c.layer == "place" and owner != -1 and (c.start, c.end) != (owner, ends[owner]):
            out.append(c)  # 湖滨县 inside 湖滨县委: the model labels the outer name only
    if overridden:
        out = [x for x in out if not (x.layer == "body" and (x.start, x.end) in overridden
                                      and x.rule not in _OVERRIDING_RULES)]
    return sorted(out, key=lambda c: (c.start, c.end))



def _short_forms(c: Cand) -> list[str]:
    """The short forms a document may write for the place ``c`` (井冈山市 → 井冈山, 江西省 → 江西)."""
    gaz = gazetteer()
    if c.type == "County":
        short = gaz.county_short(c.canonical)
    elif c.type == "City":
        short = _CITY_SHORT_RE.sub("", c.canonical)
    else:
        short = None
    return [short] if short and len(short) >= 2 and short != c.canonical else []


_CITY_SHORT_RE = re.compile(r"(?:维吾尔|壮族|回族)?(?:自治区|特别行政区|省|市)$")


def _full_place_names(chosen: list[Cand]) -> None:
    """A place written short (井冈山, 龙华) or behind a higher place's name (湖南永州, 江西萍乡) is
    named as the document's full name of it when the document writes that full name too: the
    schema names a place by its official full form and keeps the written one as an alias."""
    places = [c for c in chosen if c.type in PLACE_TYPES and not c.rule.endswith("watermark-city")]
    full: dict[str, Cand] = {}
    for c in places:
        for short in _short_forms(c):
            full.setdefault(short, c)
    for c in places:
        if c.canonical not in full or full[c.canonical].canonical == c.canonical:
            full[c.canonical] = c
    for c in places:
        target = full[c.canonical]
        if target.canonical == c.canonical:
            # 湖南永州: a higher place's name (full or short) in front of a place of the document
            for k in range(2, len(c.canonical) - 1):
                above, rest = full.get(c.canonical[:k]), full.get(c.canonical[k:])
                # only a short form behind it (湖南|永州 → 永州市), not a full one (永州|经开区)
                if above is not None and rest is not None and above.type in ("City", "County") \
                        and rest.canonical not in (above.canonical, c.canonical, c.canonical[k:]):
                    target = rest
                    break
            else:
                continue
        c.alias = c.alias or c.canonical
        c.canonical, c.type = target.canonical, target.type
        c.parent = c.parent or target.parent



# A 、-list closed by 等 + a company noun: 和三星、华为、联想等一线著名品牌建立合作.
_ITEM = r"[^\s、，,。；;：:“”\"（）()《》]{2,12}"
_COMPANY_LIST_RE = re.compile(
    rf"((?:{_ITEM}、)+{_ITEM})等(?:\d+|[一二三四五六七八九十百多余几]+)?家?"
    rf"(?:{L.alternation(L.COMPANY_LIST_MODIFIERS)})*(?:{L.alternation(L.COMPANY_LIST_HEADS)})")
# A 、-list closed by 等 + a count of units: 校团委、旅游学院、图书馆等8个单位. The count makes the items
# named bodies, even common-looking ones (图书馆 of a university).
_UNIT_LIST_RE = re.compile(
    rf"((?:{_ITEM}、)+{_ITEM})等(?:\d+|[一二三四五六七八九十百多余几]+)个?"
    rf"(?:{L.alternation(L.UNIT_LIST_MODIFIERS)})*(?:{L.alternation(L.UNIT_LIST_HEADS)})")
# Words that end the text before a list's first item (目前和|三星).
_LIST_LEAD_RE = re.compile(r"^.*(?:和|与|同|跟|如|像|及|包括|为|向|对|给|共有|其中|分别是|分别为)")


def _listed_companies(text: str, chosen: list[Cand]) -> list[Cand]:
    """Names listed before 等…企业/品牌/公司 that no one else took: companies (brands like OPPO
    included, which no suffix marks). No item may be a number, hold a stop word or be a place,
    and at most a third of them common words (联想 is one). Names listed before 等N个单位 are
    bodies: agencies by a state body's ending, organisations otherwise."""
    return _listed(text, chosen, _COMPANY_LIST_RE, True) + _listed(text, chosen, _UNIT_LIST_RE, False)


def _listed(text: str, chosen: list[Cand], regex: re.Pattern[str], companies: bool) -> list[Cand]:
    taken = [(c.start, c.end) for c in chosen]
    out: list[Cand] = []
    for m in regex.finditer(text):
        pos = m.start(1)
        items = m.group(1).split("、")
        lead = _LIST_LEAD_RE.match(items[0])
        if lead:
            pos += lead.end()
            items[0] = items[0][lead.end():]
        spans = []
        for item in items:
            spans.append((pos, pos + len(item)))
            pos += len(item) + 1
        if any(not 2 <= b - a <= 10 or _not_a_listed_name(text[a:b]) for a, b in spans):
            continue
        # a list of common words is no list of names (政策、资金、用地等企业关心的问题)
        if companies and 3 * sum(is_common_word(text[a:b], 50, ("nz", "nr", "nt", "j"))
                                 for a, b in spans) > len(spans):
            continue
        for a, b in spans:
            if any(s < b and a < e for s, e in taken):
                continue
            name = text[a:b]
            typ = "Company" if companies else \
                "Agency" if name.endswith(_STRONG_AGENCY_ENDS) else "Organization"
            out.append(Cand(a, b, typ, name, "company-list" if companies else "unit-list", 0.6))
    return out


# jieba's tags of names and abbreviations (nt 党中央, j 村委会): such words are not mere kinds.
_NAME_TAGS = ("nr", "ns", "nt", "nz", "j")
_BODY_SUFFIXES = L.BODY_SUFFIXES
_ALL_BODY_SUFFIXES = L.ALL_BODY_SUFFIXES
_STRONG_AGENCY_ENDS = tuple(s for s in L.AGENCY_SUFFIXES if s not in L.WEAK_AGENCY_SUFFIXES)


def _not_a_listed_name(item: str) -> bool:
    """An item of a list that cannot be a company's name: a number, a stop word, a place."""
    if any(ch.isdigit() for ch in item) or any(w in item for w in L.STOP_WORDS):
        return True
    return bool(gazetteer().lookup(item)) or item in gazetteer().city_short



def _nearest_place_only(text: str, chosen: list[Cand]) -> None:
    """A body named behind a chain of places keeps the nearest one (江西省吉水县委 → 吉水县委,
    永州市东安县住房保障服务中心 → 东安县…), as the schema names a body by its own place; the
    written form stays an alias. A company's registered name (深圳市…有限公司) is kept whole."""
    places = sorted((c for c in chosen if c.type in PLACE_TYPES), key=lambda c: c.start)
    starts = [c.start for c in places]
    for c in chosen:
        if c.type not in ("Agency", "Organization") or c.canonical != text[c.start : c.end]:
            continue
        start = c.start
        while True:
            i = bisect.bisect_left(starts, start)
            here = next((p for p in places[i:] if p.start == start), None)
            nxt = next((p for p in places[i:] if here is not None and p.start == here.end), None)
            if here is not None and nxt is None:
                nxt = _division_at(text, here.end, c.end)  # 吉水县委: no place ends in 县 before 委
            if here is None or nxt is None or nxt.end >= c.end:
                break
            start = nxt.start
        if start != c.start:
            c.alias = c.alias or c.canonical
            c.canonical = c.canonical[start - c.start :]


def _no_body_name(c: Cand) -> bool:
    """Whether a body the rules or the model proposed names none: a frequent common noun (博物馆,
    集成电路), a word that only ends in a body's last character (…部署, 开新局), or a body
    word after a generic modifier only (基层政府, 地方党委, 党群服务中心)."""
    name = c.canonical
    if name.endswith(L.NOT_BODY_ENDINGS):
        return True
    if c.type == "Company":  # (联想 and 电信 are common words too: only longer ones are tested)
        return len(name) >= 4 and not name.endswith(L.COMPANY_SUFFIXES) and is_common_word(name, 50, _NAME_TAGS)
    if c.type == "Organization" and len(name) >= 3 and is_common_word(name, 50, _NAME_TAGS):
        return True  # (教育部 is a common noun and a ministry: agencies are not tested)
    if name in _BODY_SUFFIXES:
        return True  # 法院, 党委 alone: the kind of body, unnamed (a clipped 区委 is completed, not dropped)
    suffix = next((x for x in _BODY_SUFFIXES if name.endswith(x) and len(name) > len(x)), None)
    return suffix is not None and name[: -len(suffix)] in L.GENERIC_BODY_STEMS


def _kind_of_place(name: str) -> bool:
    """农业大省, 空壳村, 示范村: a kind of place, whichever rule or model proposed it."""
    return name in L.KIND_OF_PLACE_WORDS or name.endswith(L.KIND_OF_PLACE_ENDINGS)


_PROGRAMME_ENDINGS = tuple(sorted(set(L.PROGRAMME_SUFFIXES + L.STRONG_PROGRAMME_ENDS + L.WEAK_PROGRAMME_ENDS),
                                   key=len, reverse=True))


def _generic_programme(name: str) -> bool:
    """A programme word with nothing but a generic modifier before it (专项整治行动, 重点项目建设,
    关键工程) names a kind of work, not a programme."""
    stem = name
    while True:
        end = next((e for e in _PROGRAMME_ENDINGS if stem.endswith(e) and len(stem) > len(e)), None)
        if end is None:
            return stem in L.GENERIC_PROGRAMME_STEMS
        stem = stem[: -len(end)]


def _division_at(text: str, start: int, limit: int) -> Cand | None:
    """The gazetteer's county or city named at ``start`` and ending before ``limit``, if any."""
    gaz = gazetteer()
    for end in range(min(limit - 1, start + 8), start + 1, -1):
        if gaz.lookup(text[start:end]):
            return Cand(start, end, "County", text[start:end], "gazetteer", 0.9)
    return None


def _doubled_level(c: Cand) -> None:
    """吉水县县委 is 吉水县委: a body's level character written twice after its place's name; and
    土城镇党委政府, the committee and the government named together, is the committee (土城镇党委)."""
    m = _DOUBLED_LEVEL.search(c.canonical)
    if m:
        c.alias = c.alias or c.canonical
        c.canonical = c.canonical[: m.start() + 1] + c.canonical[m.end() :]
    for joint, first in L.JOINT_BODIES.items():
        if c.canonical.endswith(joint) and len(c.canonical) > len(joint):
            c.alias = c.alias or c.canonical
            c.canonical = c.canonical[: -len(joint)] + first
            break


_DOUBLED_LEVEL = re.compile(r"(?<=[\u4e00-\u9fff])([省市区县镇乡])\1(?=委|政府|人民政府|人大|政协)")


def _trim_time_words(text: str, chosen: list[Cand]) -> None:
    """A place's name does not begin with a time word or the tail of one: 早前青石镇 → 青石镇,
    10月青石镇 → 青石镇, 半个月青石镇 → 青石镇, 月底白沙村 → 白沙村."""
    words = jieba_dictionary()
    for c in chosen:
        if c.type not in PLACE_TYPES or c.canonical != text[c.start : c.end]:
            continue
        for k in (2, 1):
            if c.end - c.start - k < 2:
                continue
            own = words.get(text[c.start : c.start + k])
            tail = words.get(text[c.start - 1 : c.start + k]) if c.start else None
            # 10月青石镇, 半个月青石镇: a count of months or years before the name ends with its measure
            counted = text[c.start - 1 : c.start].isdigit() or text[c.start - 1 : c.start] in _NUMERALS \
                or text[c.start - 1 : c.start] == "个"
            if (own and own[1] == "t") or (k == 1 and own and own[1] == "m" and counted) \
                    or (tail and tail[1] == "t"):
                c.start += k
                c.canonical = text[c.start : c.end]
                break


def _after_concurrent_post(chosen: list[Cand]) -> list[Cand]:
    """Without body or place names that begin with a post and 兼 (第一书记兼村党支部, 第一书记兼村):
    they are pieces of a list of posts (驻村第一书记兼村党支部书记), whose body the post rules read."""
    return [c for c in chosen if c.type in ("Person", "Official", "Programme")
            or (k := c.canonical.rfind("兼")) <= 0 or not c.canonical[:k].endswith(L.POSTS)]


def find_entities(text: str) -> list[Cand]:
    """All entity mentions of ``text``: the recognizer's names over the rules' candidates, then
    the document-level passes (names carried to their other occurrences, clipped names completed,
    people introduced with a post typed Official everywhere)."""
    chosen = _after_concurrent_post(_model_names(text, rule_candidates(text)))
    _trim_time_words(text, chosen)
    chosen = sorted(chosen + _propagate(text, chosen), key=lambda c: (c.start, c.end))
    _full_place_names(chosen)
    _nearest_place_only(text, chosen)
    for c in chosen:
        if c.type == "Agency":
            _doubled_level(c)
    # bodies that name none go before the lists are read: a counted list names its items all the same
    chosen = [c for c in chosen if not (c.type in ("Agency", "Organization", "Company") and _no_body_name(c))]
    chosen = sorted(chosen + _listed_companies(text, chosen), key=lambda c: (c.start, c.end))
    _complete_clipped(text, chosen)
    _officials(chosen)
    chosen = [c for c in chosen if not (c.type == "Programme" and _generic_programme(c.canonical))
              and not (c.type in PLACE_TYPES and _kind_of_place(c.canonical))]
    chosen = _one_per_span(_named_only_inside_bodies(text, chosen))
    with_post = {c.canonical for c in chosen if c.type == "Official" and c.post}
    for c in chosen:
        if c.type == "Official" and c.canonical not in with_post:
            c.type = "Person"  # no post in sight: the schema's Official is a person with one
    return chosen


def _one_per_span(chosen: list[Cand]) -> list[Cand]:
    """One candidate per span: a place inside a body can be found by the recognizer and carried
    there by a rule as well, and a mention is one span of the text (its IRI is made of it).
    The recognizer's wins, then the surer."""
    best: dict[tuple[int, int], Cand] = {}
    for c in chosen:
        k = (c.start, c.end)
        if k not in best or (c.rule.startswith("model"), c.conf) > (best[k].rule.startswith("model"), best[k].conf):
            best[k] = c
    return [c for c in chosen if best[(c.start, c.end)] is c]


def _named_only_inside_bodies(text: str, chosen: list[Cand]) -> list[Cand]:
    """Without the places an article writes only inside the names of companies and organisations
    (深圳 of 深圳某某科技有限公司, 九江 of 九江学院): the article is not about them, it names the body.
    A chain of places written out inside a name still names each. (Linear in the mentions: a
    year-book file holds a hundred thousand of them.)"""
    # (an agency's place is its jurisdiction, named with it: 垫江县生态环境局 names 垫江县)
    bodies = sorted((c.start, c.end) for c in chosen if c.type in ("Organization", "Company"))
    starts = [b[0] for b in bodies]
    reach: list[int] = list(accumulate((b[1] for b in bodies), max))  # furthest end of a body begun so far
    spans = set(bodies)

    def inside(c: Cand) -> bool:
        k = bisect.bisect_right(starts, c.start)
        return k > 0 and reach[k - 1] >= c.end and (c.start, c.end) not in spans

    places = [c for c in chosen if c.type in PLACE_TYPES]
    # a chain of places written out (四川省宜宾市兴文县僰王山镇…党委) names each of them
    place_starts, place_ends = {c.start for c in places}, {c.end for c in places}
    kept = {c.canonical for c in places if c.end in place_starts or c.start in place_ends}
    # so does a place other names are placed in or completed from (市纪委监委 → 重庆市纪委监委)
    kept |= {c.parent for c in chosen if c.parent}
    completed = {c.canonical[:k] for c in chosen if c.type not in PLACE_TYPES and text[c.start : c.end] != c.canonical
                 for k in range(2, min(len(c.canonical), 12) + 1)}
    kept |= {c.canonical for c in places if c.canonical in completed}
    kept |= {c.canonical for c in places if not inside(c)}
    return [c for c in chosen if c.type not in PLACE_TYPES or c.canonical in kept or not inside(c)]


def mentions_of(doc: Document, cands: Iterable[Cand]) -> tuple[Mention, ...]:
    """The mentions of ``doc`` that candidates make, with their extractor and aliases."""
    mentions = []
    for c in cands:
        aliases = tuple(a for a in {c.alias, doc.text[c.start : c.end]} if a and a != c.canonical)
        extractor = c.rule if c.rule.startswith("model") else f"{EXTRACTOR}:{c.rule}"
        mentions.append(Mention(span=Span(c.start, c.end), text=doc.text[c.start : c.end], type=c.type,
                                canonical=c.canonical, extractor=extractor,
                                confidence=round(c.conf, 2), post=c.post, parent=c.parent,
                                aliases=tuple(sorted(aliases))))
    return tuple(mentions)


def extract_entities(doc: Document) -> Document:
    """Stage: fill ``mentions`` from the cleaned text."""
    return doc.replace(mentions=mentions_of(doc, find_entities(doc.text)))
