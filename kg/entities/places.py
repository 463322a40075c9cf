"""Places: divisions the GB/T 2260 gazetteer knows, names by their level's suffix (…村, …镇),
the chain they are written in (长寿区葛兰镇塘坝村), watermark cities, and the passes that
give a place its full name or drop a kind of place (欠发达县) that is no name.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import replace
from itertools import accumulate

from .. import lexicon as L
from ..gazetteer import gazetteer
from ..model import PLACE_LEVEL, PLACE_TYPES
from ..resources import is_common_word, jieba_dictionary
from .stems import (
    CJK, INNER_PLACE_SUFFIX, NUMERALS, PLACE_FUNCTION_TAGS, PLACE_STOP_CHARS, Cand, after_relative_word, descriptive,
    drop_descriptors, ends_in_predicate, generic_before, left_stem, strip_to_name,
)


# The suffixes of each level, longest first.
_VILLAGE_RE = L.longest_first(L.VILLAGE_SUFFIXES)
_TOWNSHIP_RE = L.longest_first(L.TOWNSHIP_SUFFIXES)
_COUNTY_RE = L.longest_first(L.COUNTY_SPECIAL_SUFFIXES)
_CITY_RE = L.longest_first(L.CITY_SUFFIXES)


def gazetteer_places(text: str) -> list[Cand]:
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
                after = text[i + ln : i + ln + 1]
                if after in L.NOT_AFTER.get(s[-1], ()) and not (ln >= 3 and after in L.GAZETTEER_BODY_STARTS):
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
        if len(short) == k and not CJK.match(text[j + k : j + k + 1] or "x") or \
                text[j + k : j + k + 1] in _AFTER_SHORT_COUNTY or _LOWER_PLACE.match(text, j + k):
            county = gazetteer().short_under(short, city.canonical)  # (or the prefecture it is the seat of)
            if county is not None:
                return Cand(j, j + k, county.type, county.name, "gazetteer-short-county", 0.8,
                            alias=short, parent=city.canonical)
    return None


_AFTER_SHORT_COUNTY = frozenset(L.AFTER_SHORT_COUNTY)
_BODY_IN_STEM = re.compile(L.alternation(L.PLACE_STEM_BODY_WORDS))
# A town or village named next goes on with the chain (天津武清|崔黄口镇, 浙江安吉|余村).
_LOWER_PLACE = re.compile(rf"(?![市省州区县旗])[\u4e00-\u9fff]{{1,6}}?(?:{L.alternation(L.TOWNSHIP_SUFFIXES + L.VILLAGE_SUFFIXES)})")


def suffix_places(text: str, known: list[Cand]) -> list[Cand]:
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
        inner = [*INNER_PLACE_SUFFIX.finditer(text, start, mstart), *_BODY_IN_STEM.finditer(text, start, mstart)]
        if inner:
            start = max(m.end() for m in inner)
        if (relative := after_relative_word(text, start, mend)) != start:
            start = relative  # 邻村|追云村: the name is all that follows the word (追 is no verb here)
        elif not (floor and start == floor):
            # right after a known place (松滋市|卸甲坪土家族乡) a chain goes on; no verb can sit between
            start = strip_to_name(text, start, mstart, last_verb=True, tags=PLACE_FUNCTION_TAGS)
        # 问题经|湖滨县: the name begins after the agent's or place's preposition
        start = max([start] + [k + 1 for k in range(start, mstart - 2) if text[k] in L.PLACE_NEVER_FIRST])
        stem = text[start:mstart]
        if any(text[max(0, mstart - k) : mstart] + suf[:1] in L.GENERIC_PLACE_WORDS for k in (1, 2)):
            continue  # 整村推进, 驻村干部
        # A descriptor between name and suffix is not part of the name: 永济秀园老旧小区 is 永济秀园小区.
        stem = drop_descriptors(stem)
        if ends_in_predicate(stem) or (stem + suf).endswith(L.WHOLE_PLACE_ENDINGS):
            continue  # 无法满足小区: a clause, not a name; 四川全省: all of 四川, named by the gazetteer
        min_stem = 1 if suf in ("县", "旗") else 2
        if len(stem) < min_stem or generic_before(text, start) or not CJK.match(stem) or "+" in stem \
                or stem in L.GENERIC_PLACE_STEMS:
            continue
        if is_common_word(stem, 5000, ("ns", "nz")) or is_common_word(stem + suf, 100, ("ns",)) \
                or descriptive(stem) or (suf in ("村", "乡", "旗") and is_common_word(text[mstart - 1 : mend], 100, ("ns",))):
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


def chain_parents(places: list[Cand], text: str) -> None:
    """Set each place's parent to the place written right before it (长寿区葛兰镇 → 葛兰镇 in 长寿区)."""
    places.sort(key=lambda c: c.start)
    ending_at = {p.end: p for p in places}
    for prev, cur in zip(places, places[1:]):
        if prev.end == cur.start and PLACE_LEVEL[prev.type] < PLACE_LEVEL[cur.type]:
            cur.parent = prev.canonical
            # the long form (长寿区葛兰镇塘坝村) is an alias of the last place
            head = prev
            while head.start in ending_at and PLACE_LEVEL[ending_at[head.start].type] < PLACE_LEVEL[head.type]:
                head = ending_at[head.start]
            cur.alias = text[head.start : cur.end]


def watermark_votes(places: list[Cand]) -> tuple[Counter[str], set[str]]:
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


def resolve_watermark_cities(cands: list[Cand], votes: Counter[str], named: set[str]) -> list[Cand]:
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


def county_after_parent(text: str, s: int, e: int, places: list[Cand]) -> tuple[int, str, str] | None:
    """A county named for short inside a place span that starts with its province or city (浙江安吉,
    湖州安吉): where it begins, its full name and its parent's; None if the span is no such pair."""
    for p in places:
        if p.start == s and p.end < e and p.type == "City":
            county = gazetteer().county_under(text[p.end : e], p.canonical)
            if county is not None:
                return p.end, county.name, p.canonical
    return None


def place_name(c: Cand, votes: Counter[str]) -> Cand:
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


_CITY_SHORT_RE = L.PROVINCE_SHORT_RE


def full_place_names(chosen: list[Cand]) -> None:
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


def nearest_place_only(text: str, chosen: list[Cand]) -> None:
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


def kind_of_place(name: str) -> bool:
    """农业大省, 空壳村, 示范村: a kind of place, whichever rule or model proposed it."""
    return name in L.KIND_OF_PLACE_WORDS or name.endswith(L.KIND_OF_PLACE_ENDINGS)


def _division_at(text: str, start: int, limit: int) -> Cand | None:
    """The gazetteer's county or city named at ``start`` and ending before ``limit``, if any."""
    gaz = gazetteer()
    for end in range(min(limit - 1, start + 8), start + 1, -1):
        if gaz.lookup(text[start:end]):
            return Cand(start, end, "County", text[start:end], "gazetteer", 0.9)
    return None


def doubled_level(c: Cand) -> None:
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


_DOUBLED_LEVEL = re.compile(rf"(?<=[\u4e00-\u9fff])([{L.DOUBLED_LEVELS}])\1(?={L.alternation(L.DOUBLED_LEVEL_BODIES)})")


def trim_time_words(text: str, chosen: list[Cand]) -> None:
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
            counted = text[c.start - 1 : c.start].isdigit() or text[c.start - 1 : c.start] in NUMERALS \
                or text[c.start - 1 : c.start] == "个"
            if (own and own[1] == "t" and (k == 2 or counted)) or (k == 1 and own and own[1] == "m" and counted) \
                    or (tail and tail[1] == "t"):
                c.start += k
                c.canonical = text[c.start : c.end]
                break


def named_only_inside_bodies(text: str, chosen: list[Cand]) -> list[Cand]:
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


def below_higher_names(chosen: list[Cand]) -> None:
    """A village or town written behind the short names of its province and city with nothing
    between (广西南宁蟠龙社区) is named by its own level only (蟠龙社区); the written form stays an
    alias. Only names the gazetteer knows are taken off, and at least three characters stay."""
    gaz = gazetteer()
    for c in chosen:
        if c.type not in ("Village", "Township") or c.alias:
            continue
        name = c.canonical
        cut = 0
        while True:
            k = next((k for k in (4, 3, 2) if len(name) - cut - k >= 3
                      and (name[cut : cut + k] in gaz.city_short or gaz.lookup(name[cut : cut + k]))), 0)
            if not k:
                break
            cut += k
        if cut:
            c.alias, c.canonical = name, name[cut:]
            c.start += cut if c.end - c.start == len(name) else 0
