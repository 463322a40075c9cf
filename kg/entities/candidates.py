"""The rules' candidates for a text: every recogniser's names, chosen where they overlap,
carried to their other occurrences, clipped bodies completed from the article's places.
This is what the learned recognizer is given beside the characters.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from .. import lexicon as L
from ..chunks import text_chunks
from ..classes import RANK
from ..gazetteer import gazetteer
from ..model import PLACE_TYPES
from ..resources import is_common_word
from . import recognisers_in_order
from . import bodies as _bodies, people as _people, programmes as _programmes
from .people import type_officials
from .places import chain_parents, gazetteer_places, resolve_watermark_cities, suffix_places, watermark_votes
from .stems import LEVEL_OF, Cand, shift

# The families whose recognisers register themselves when imported.
_FAMILIES = (_bodies, _people, _programmes)


_PRIORITY = RANK  # kg/resources/classes.toml


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


# Classes whose names, found once as written, are carried to their other occurrences.
_CARRIED_NAMES = frozenset({"Programme", "Organization", "Company", "Agency"})


def propagate(text: str, chosen: list[Cand]) -> list[Cand]:
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
                rf"(?:[\u4e00-\u9fff]{{1,4}}{L.ETHNIC_END})?(?:{L.alternation(L.TOWNSHIP_ENDINGS)})$", "", c.canonical)
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


def after_pointer(text: str, c: Cand) -> bool:
    """Whether ``c`` is written right after a word pointing at a place (该区|纪委监委): a body of
    that place, however generic its own words, once completed."""
    pointer = text[max(0, c.start - 2) : c.start]
    return pointer[:1] == "该" and pointer[1:] in LEVEL_OF


def complete_clipped(text: str, chosen: list[Cand]) -> None:
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
        if c.type in PLACE_TYPES and c.canonical[:1] == "该" and c.canonical[1:2] in LEVEL_OF \
                and len(c.canonical) > 3:
            # 该县产业园: a place named after the one 该县 points at, the nearest of that level before it
            ends = by_level.get((LEVEL_OF[c.canonical[1]], c.canonical[1]))
            k = bisect.bisect_right(ends[0], c.start) if ends else 0
            if k:
                c.alias, c.canonical, c.parent = c.canonical, ends[1][k - 1] + c.canonical[2:], ends[1][k - 1]
            continue
        if c.parent or c.type not in ("Agency", "Organization"):
            continue  # completed already, or no body
        pointer = text[max(0, c.start - 2) : c.start]
        if c.canonical[:1] == "该" and c.canonical[1:2] in LEVEL_OF:
            c.canonical = c.canonical[1:]  # 该区纪委监委 read whole: the body of the place 该区 points at
        elif after_pointer(text, c) and c.canonical[:1] not in LEVEL_OF \
                and c.canonical == text[c.start : c.end] and c.start not in place_starts:
            # 该区|纪委监委: the body of the place 该区 points at, completed like a clipped name
            c.canonical = pointer[1:] + c.canonical
        elif c.canonical.startswith(L.REGION) and c.canonical == text[c.start : c.end]:
            pass  # 自治区党委常委会: the region's, as 区委 is the district's
        elif not (c.rule.endswith("clipped") or (c.canonical[:1] in LEVEL_OF and c.canonical[:2] not in L.LEVEL_WORDS
                                                 and c.canonical == text[c.start : c.end])):
            continue  # not clipped
        level = L.REGION if c.canonical.startswith(L.REGION) else c.canonical[0]
        target = None
        ends = by_level.get(("City", "区") if level == L.REGION else (LEVEL_OF.get(level), level))
        k = bisect.bisect_right(ends[0], c.start) if ends else 0
        if k:
            target = ends[1][k - 1]
        if level == "市" and dominant_city and not (k and ends[0][k - 1] > text.rfind("。", 0, c.start)):
            # 市委 is the article's city, unless its own sentence names another before it
            target = dominant_city
        if target and level == L.REGION and not target.endswith(L.REGION):
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
_LEVEL_BODY = re.compile(f"[市省](?:{L.alternation(L.BODIES_ABOVE)})(?!.*常委$)")


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


def rule_candidates(text: str) -> list[Cand]:
    """The rules' names in ``text`` after selection and document-level passes: what the
    recognizer is given beside the characters (and, alone, a baseline)."""
    chunks = text_chunks(text)
    places_by_chunk = []
    for a, b in chunks:
        part = text[a:b]
        places = gazetteer_places(part)
        places_by_chunk.append(places + suffix_places(part, places))
    votes, named = watermark_votes([c for ps in places_by_chunk for c in ps])
    chosen: list[Cand] = []
    for (a, b), places in zip(chunks, places_by_chunk):
        part = text[a:b]
        places = resolve_watermark_cities(places, votes, named)
        body_like = [c for r in recognisers_in_order() for c in r.run(part, places)]
        chosen += shift(_select(places + body_like), a)
    chosen = sorted(chosen + propagate(text, chosen), key=lambda c: (c.start, c.end))
    chain_parents([c for c in chosen if c.type in PLACE_TYPES], text)
    complete_clipped(text, chosen)
    type_officials(chosen)
    return chosen
