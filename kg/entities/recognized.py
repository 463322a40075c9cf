"""The learned recognizer's names over the rules' candidates: where its spans and the
rules' agree, repair their bounds (a verb before a body, a clause after a name, a space
lost in cleaning), and decide which rule names stand where the model tagged nothing.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import replace

from .. import lexicon as L
from ..model import PLACE_TYPES
from ..recognizer import recognise, strip_quotes
from ..resources import jieba_dictionary, pos_cut
from .bodies import end_of_known_body, generic_company
from .people import not_a_name, post_near, swallows_next_word
from .places import county_after_parent, place_name, watermark_votes
from .stems import (BOOK_RE, CJK, CORE_STOPS, LEADING_VERB, LEVEL_OF, QUOTE_RE, Cand, after_relative_word,
                    in_quotes, quoted_text)


# Last characters of bodies' short names (卫健委, 公安局) that no given name ends in, and of
# places' (闽宁镇, 吴川市: the recognizer's three characters after a surname are a place there).
_BODY_CHARS = L.PERSON_BODY_ENDS
_PLACE_CHARS = L.PERSON_PLACE_ENDS


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
            if head[0] in CORE_STOPS or (entry is not None and entry[1][:1] in "pcdruv"):
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
    verb = LEADING_VERB.match(text, lead, e)
    if not verb:
        return s
    return verb.end() if e - verb.end() >= 3 else e


_KIND_OF_FIRM = re.compile(rf"[\u4e00-\u9fff]{{0,4}}{L.alternation(L.FIRM_KIND_WORDS)}")
_AGENCY_END = tuple(x for x in L.AGENCY_SUFFIXES if x not in ("站", "所", "部", "队", "处", "科", "办"))


def _company_form(text: str, s: int, e: int, prob: float, ruled: bool) -> tuple[int, str | None]:
    """The start and class of a name the recognizer calls a company, by its form: a kind of firm
    before it is no part of it (民营企业|宏善集团); a government ending makes it an agency
    (…市场监督管理局); a count (一家) or a road's ending (…金海路) no name at all, nor a name
    with no business ending that the rules did not offer and the model is unsure of."""
    name = text[s:e]
    kind = _KIND_OF_FIRM.match(name)
    if kind and kind.end() <= len(name) - 4 and name.endswith(L.COMPANY_SUFFIXES):
        s, name = s + kind.end(), name[kind.end():]
    if any(w in name for w in L.COUNTED_WORDS) or name.endswith(L.ROAD_ENDINGS):
        return s, None
    if name.endswith(L.COMPANY_SUFFIXES + L.NEWS_SUFFIXES + L.ORGANISATION_FORMS):
        return s, "Company"  # (a news outlet or a society is made an organisation below)
    if name.endswith(_AGENCY_END):
        return s, "Agency"
    return s, "Company" if ruled or prob >= UNSURE_COMPANY else None


# A company the recognizer names without a business ending and the rules did not offer is kept
# from this probability up (chosen by cross-validation over articles, benchmarks/genre_cv.py).
UNSURE_COMPANY = 0.7


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
    while i > max(0, opened - 14) and _NAME_CHAR.match(text[i - 1]) and text[i - 1] not in CORE_STOPS:
        i -= 1
    return i if opened - i >= 2 else s


_CLAUSE_PUNCT = re.compile(r"[，,；;。！？!?：:…]+")


# Characters of a name before its bracket.
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


# A rule's name the model did not tag stays when the model gives its characters on average at
# least this probability of lying in a name (chosen by cross-validation, benchmarks/genre_cv.py).
KEEP_RULE = 0.5
# An unquoted name closed by a word that mostly ends a programme's (…示范工程, …村规民约) is right
# about two times in five, and the model sees few of them: it stays unless the model all but rules
# it out (0.15, from 0.0–0.5 by the same cross-validation: 0.0 let in too many, 0.3–0.5 too few).
_KEEP_RULE_OF = {"suffix-programme": 0.15}


# Rules whose names stand even where the model tags nothing: a quoted name closed by a programme
# or body word (“五减”行动), a national campaign, a document title, a numbered hotline (12345热线).
# Measured on the genre set they are right about three times in four, better than the model's
# recall for the class, which has few examples to learn from. (Bare quotes and unquoted endings
# are right one time in five: the model decides those.)
# Rules whose whole name replaces the model's names inside it: the model has no fund to learn
# from, and a document's title in book-title marks (《关于落实市委“五项”“六创”…的实施意见》) has its
# bounds written out, where the model breaks it at the quotes inside.
_OVERRIDING_RULES = frozenset({"fund", "book-title"})


_SURE_RULES = frozenset({"quote+suffix", "quote", "quote-list", "known-programme", "book-title", "known-agency",
                         "book-title-media", "hotline"})


_BODY_CLASSES = frozenset({"Agency", "Company", "Organization"})
# Rules that find a body by its own ending: such a name listed beside one the recognizer took,
# of the same class, is kept (what is listed together is alike).
_LISTABLE_RULES = frozenset({"suffix"})
_LIST_MARKS = "、和及"
# A level and its organ (区政府, 县委, 镇党委), completed from the place the passage is about: the
# body of that place, whatever the recognizer thought of two or three characters.
_ORGAN_OF_PLACE = re.compile(f"[{''.join(LEVEL_OF)}](?:党委|{L.alternation(L.BODIES_ABOVE)})")


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
            out.extend((m.start(), m.end(), typ, prob) for m in BOOK_RE.finditer(text, s, e))
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


# Place endings of two characters or more, with the class each makes (青山街社区: a Village).
_PLACE_ENDS = tuple((w, t) for t, words in (("Village", L.VILLAGE_SUFFIXES), ("Township", L.TOWNSHIP_SUFFIXES))
                    for w in words if len(w) >= 2)


def _suffix_completed(text: str, s: int, e: int, typ: str) -> tuple[int, str]:
    """A name the recognizer cut inside the place ending it stops in (青山街社|区) runs to the end of
    that ending and is a place of its class; the end and class to use."""
    if typ in ("Person", "Official", "Programme"):
        return e, typ
    for word, cls in _PLACE_ENDS:
        for k in range(1, len(word)):  # the name ends with the word's first k characters
            if e - s > k and text.endswith(word[:k], s, e) and text.startswith(word[k:], e):
                return e + len(word) - k, cls
    return e, typ


def model_names(text: str, rules: list[Cand]) -> list[Cand]:
    """The recognizer's names, keeping what the rules knew of the same span (completed name,
    post, parent), plus the places the rules nest inside them and the rules' issues."""
    by_span = {(c.start, c.end): c for c in rules if c.layer != "issue"}
    companies_ending = {c.end: c for c in rules if c.type == "Company"}
    out: list[Cand] = []
    outer: list[tuple[int, int]] = []
    places = sorted((c for c in rules if c.layer == "place"), key=lambda c: c.start)
    place_starts = [c.start for c in places]
    votes, _ = watermark_votes(places)
    spans, inside = recognise(text, rules)
    for s, e, typ, prob in _split_at_spaces(text, spans):
        e, typ = _suffix_completed(text, s, e, typ)
        if typ not in PLACE_TYPES and typ not in ("Person", "Official"):
            s = _repair_bounds(text, s, e, places, place_starts)
        if typ in ("Agency", "Organization", "Company"):
            s = _after_leading_verb(text, s, e, places)
        if typ == "Company":
            s = _before_parenthesis(text, s, e)
            longer = companies_ending.get(e)
            if longer is not None and longer.start < s and generic_company(text[s:e]):
                s = longer.start  # 山鼎环保|科技股份有限公司: the model kept only the generic words
            s, typ = _company_form(text, s, e, prob, (s, e) in by_span)
            if typ is None:
                continue
        if typ in ("Agency", "Company", "Organization"):
            e = end_of_known_body(text, s, e)
        if typ in ("Agency", "Company", "Organization", "Programme"):
            # 新疆，自治区党委常委会: a body's or programme's name never runs over a comma or an
            # ellipsis outside quotation marks; it starts after it (a quoted slogan keeps its comma:
            # “奋战六十日，立破执行难”执行大会战)
            cuts = [m.end() for m in _CLAUSE_PUNCT.finditer(text, s, e - 1) if not in_quotes(text, s, m.start())]
            if cuts:
                s = max(cuts)
        county = None
        if typ in PLACE_TYPES:
            s = after_relative_word(text, s, e)
            county = county_after_parent(text, s, e, places)
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
            elif typ == "Person" and known.type in PLACE_TYPES \
                    and (known.canonical != text[s:e] or known.canonical.endswith(_PLACE_CHARS)):
                typ = known.type  # 崔黄口 where the article names 崔黄口镇: the place or its short name
            c = replace(known, type=typ, conf=round(max(prob, 0.5), 2), rule="model+" + known.rule)
            if typ not in ("Official", "Person"):
                c.post = None
        else:
            name = strip_quotes(text[s:e])
            if len(name) < 2 or not CJK.search(name):
                continue
            clipped = typ in ("Agency", "Organization") and name[0] in LEVEL_OF
            c = Cand(s, e, typ, name, "model-clipped" if clipped else "model", round(prob, 2))
            if typ == "Person" and e - s >= 3 and swallows_next_word(text, e):
                e -= 1  # 张三解|决了, 孙哲说: the name ran into the verb after it
                c = replace(c, end=e, canonical=text[s:e])
            if typ == "Person" and (not_a_name(c.canonical) or c.canonical.endswith(_BODY_CHARS)
                                    or (len(c.canonical) >= 3 and c.canonical.endswith(_PLACE_CHARS))):
                continue  # 卫健委, 智慧化, 闽宁镇: a word, a body's or a place's short name, not a person
            if typ == "Person":
                c.post = post_near(text, s, e)
                if c.post:
                    c.type = "Official"
            elif typ in PLACE_TYPES:
                c = place_name(c, votes)
        if typ in PLACE_TYPES and county is not None:
            c = replace(c, canonical=county[1], alias=text[s:e], parent=county[2])
        if c.type in ("Company", "Agency") and c.canonical.endswith(L.NEWS_SUFFIXES) \
                and not c.canonical.endswith(L.NOT_NEWS_SUFFIXES):
            c.type = typ = "Organization"  # …通讯社, …网: news outlets are organisations by their form
        elif c.type in ("Company", "Agency") and c.canonical.endswith(L.ORGANISATION_FORMS):
            c.type = typ = "Organization"  # 校团委, 区妇联, 观鸟协会: mass organisations and societies
        elif c.type in ("Organization", "Company") and c.canonical in L.CENTRAL_AGENCIES:
            c.type = typ = "Agency"  # 党中央, 国务院
        quoted = QUOTE_RE.search(text, s, e)
        if quoted and quoted.end() <= e and typ in ("Programme", "Organization") and c.alias is None \
                and quoted_text(quoted) != c.canonical:
            c.alias = quoted_text(quoted)  # “春风”互助模式 is also called 春风
        out.append(c)
        outer.append((s, e))
    # Per character, the start of the model's name covering it (-1: none); the names do not overlap.
    cover = array("i", [-1]) * len(text)
    ends = {}
    for s, e in outer:
        cover[s:e] = array("i", [s]) * (e - s)
        ends[s] = e
    # The recognizer's bodies by where they end and begin, for names listed beside them.
    body_ends = {c.end: c.type for c in out if c.type in _BODY_CLASSES}
    body_starts = {c.start: c.type for c in out if c.type in _BODY_CLASSES}
    place_starts_model = {c.start for c in out if c.type in PLACE_TYPES}
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
        # 央视网、大江网、江西日报: a name listed with the recognizer's own of its class
        listed = c.type in _BODY_CLASSES and c.rule in _LISTABLE_RULES and 0 < c.start and c.end < len(text) \
            and (body_ends.get(c.start - 1) == c.type and text[c.start - 1] in _LIST_MARKS
                 or body_starts.get(c.end + 1) == c.type and text[c.end] in _LIST_MARKS)
        if owners == {-1}:
            if inside.get((c.start, c.end), 0.0) >= _KEEP_RULE_OF.get(c.rule, KEEP_RULE) or c.rule in _SURE_RULES \
                    or listed \
                    or (c.parent and c.alias and _ORGAN_OF_PLACE.fullmatch(c.alias)):
                out.append(c)  # a rule's name the model did not tag but did not rule out either
            continue
        if listed and all(o == -1 or (o in place_starts_model and c.start <= o and ends[o] <= c.end) for o in owners):
            out.append(c)  # (江西|日报: the recognizer read only the place in it)
            continue
        owner = owners.pop() if len(owners) == 1 else -1
        if c.layer == "place" and owner != -1 and (c.start, c.end) != (owner, ends[owner]):
            out.append(c)  # 湖滨县 inside 湖滨县委: the model labels the outer name only
    if overridden:
        out = [x for x in out if not (x.layer == "body" and (x.start, x.end) in overridden
                                      and x.rule not in _OVERRIDING_RULES)]
    return sorted(out, key=lambda c: (c.start, c.end))
