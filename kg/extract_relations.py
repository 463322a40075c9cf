"""Stage ``extract_relations``: who reported to whom, who paid, who fixed what, and where.

Rules over the mentions of one sentence (and, for a missing subject, the
sentence before it in the same paragraph). Each relation records its rule
name and a confidence; ``funded`` carries a :class:`Funding` with the
amount in yuan.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from . import lexicon as L
from . import relation_model
from .dates import find_date
from .gazetteer import gazetteer
from .model import BODY_TYPES, PERSON_TYPES, PLACE_TYPES, Document, Funding, Mention, RelationMention, Span

EXTRACTOR = "rules"
_ACTORS = BODY_TYPES | PERSON_TYPES | PLACE_TYPES
_REPORT_VERBS = re.compile(L.alternation(L.REPORT_VERBS))
_RESOLVE_VERBS = re.compile(L.alternation(L.RESOLVE_VERBS))
_LAUNCH_VERBS = re.compile(L.alternation(L.LAUNCH_VERBS))
_FUND_VERBS = re.compile(L.alternation(L.FUND_VERBS))
_RECEIVE_VERBS = re.compile(L.alternation(L.RECEIVE_VERBS))
# 300万元, 160多万元, 3个多亿, 6.8个亿 (亿 needs no 元 where the clause ends: nothing else is counted so).
_MONEY = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<approx>多|余)?个?(?P<approx2>多)?"
                    r"(?:(?P<unit>亿|万|千)?元|(?P<yi>亿)(?=[，,。；;！？!?、）)]|$))")
_UNITS = {"亿": Decimal(100000000), "万": Decimal(10000), "千": Decimal(1000), None: Decimal(1)}


def parse_amount(text: str) -> tuple[Decimal, bool] | None:
    """Amount in yuan of the first money expression in ``text`` and whether it is approximate.

    ``300万元`` → 3000000; ``2.5亿元`` → 250000000; ``160多万元`` → (1600000, True).
    """
    m = _MONEY.search(text)
    if not m:
        return None
    value = Decimal(m["num"]) * _UNITS[m["unit"] or m["yi"]]
    approx = bool(m["approx"] or m["approx2"]) or bool(re.search(r"(近|约|超过|逾)$", text[: m.start()]))
    return (value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()), approx


def _free_match(regex: re.Pattern[str], text: str, offset: int, ms: list[Mention],
                last: bool = False) -> re.Match[str] | None:
    """First (or last) match of ``regex`` in ``text`` that is not inside a name (信访 in 信访办)."""
    found = None
    for m in regex.finditer(text):
        a, b = offset + m.start(), offset + m.end()
        if any(x.span.start < b and a < x.span.end for x in ms):
            continue
        # a word that ends inside the match where another begins is read as the longer one:
        # 协调解决 is 协调|解决, not 协|调解|决
        for k in range(m.start() + 1, m.end()):
            longer = regex.match(text, k)
            if longer is not None and longer.end() > m.end():
                m = longer
                break
        if not last:
            return m
        found = m
    return found


def _mentions_by_sentence(doc: Document) -> dict[int, list[Mention]]:
    out: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        out.setdefault(doc.sentence_of(m.span), []).append(m)
    return out


def _rel(pred: str, s: Mention, o: Mention, sent: int, doc: Document, rule: str, conf: float,
         **kw: object) -> RelationMention:
    date = find_date(doc.sentence_text(sent), doc.date) if pred in _DATED else None
    return RelationMention(predicate=pred, subject=s.key, object=o.key, sentence=sent,
                           evidence=doc.sentences[sent].span, extractor=f"{EXTRACTOR}:{rule}",
                           confidence=conf, date=date, **kw)  # type: ignore[arg-type]


_DATED = frozenset({"reportedTo", "funded", "resolved", "implements"})
# Rules whose second end is made certain by the whole article, not written in the evidence sentence:
# the place a clipped name (区信访办) was completed from, a county's city named elsewhere, the
# government a 市长 heads, the article's own place as the implementer of a subjectless sentence.
DOCUMENT_LEVEL_RULES = frozenset({"clipped-name", "gazetteer-parent-in-article", "head-of-government",
                                  "launch-verb-home-place", "pronoun-parent", "resolve-home-place",
                                  "head-of-place", "head-of-body"})


def _located(doc: Document, by_sent: dict[int, list[Mention]]) -> list[RelationMention]:
    """Place chains (长寿区葛兰镇) and bodies named after their place (长寿区水利局)."""
    out = []
    index = {m.canonical: m for m in doc.mentions if m.type in PLACE_TYPES}
    for sent, ms in by_sent.items():
        for m in ms:
            if m.type in PLACE_TYPES and m.parent and m.parent in index and m.parent != m.canonical:
                out.append(_rel("locatedIn", m, index[m.parent], sent, doc, "place-chain", 0.9))
            elif m.type in BODY_TYPES:
                # the most specific place its name is written with: 东城坊镇三城村党支部 → 三城村
                inner = [p for p in ms if p.type in PLACE_TYPES and m.span.start <= p.span.start
                         and p.span.end < m.span.end and m.canonical.startswith(p.canonical)]
                inner = inner or [p for p in ms if p.type in PLACE_TYPES and p.span.start == m.span.start
                                  and p.span.end < m.span.end]
                # a company's seat in brackets: 中科畜牧（深圳）有限公司 lies in 深圳市
                inner = inner or [p for p in ms if p.type in PLACE_TYPES and m.span.start < p.span.start
                                  and p.span.end < m.span.end and doc.text[p.span.start - 1] in "（("]
                if inner:
                    best = max(inner, key=lambda p: (p.span.end, -p.span.start))
                    out.append(_rel("locatedIn", m, best, sent, doc, "named-after-place", 0.85))
                elif m.parent and m.parent in index:
                    out.append(_rel("locatedIn", m, index[m.parent], sent, doc, "clipped-name", 0.7))
                elif (named := next((m.canonical[:k] for k in range(len(m.canonical) - 1, 1, -1)
                                     if m.canonical[:k] in index), None)) is not None:
                    # the recognizer took the body whole (逐卜乡党委) where the article names the place
                    # (its longest prefix that is a place: linear in the name, not in the places)
                    out.append(_rel("locatedIn", m, index[named], sent, doc, "named-after-place", 0.8))
    out.extend(_located_by_gazetteer(doc, index))
    out.extend(_located_by_reference(doc))
    return out + _located_in_only_county(doc, out)


def _located_in_only_county(doc: Document, found: list[RelationMention]) -> list[RelationMention]:
    """A town the text places nowhere lies in the county, when the article names only one: a
    county's report names its own towns (青石镇 in an article about 湖滨县); a village so placed
    lies in the only town the article names, else the only county. Linked at the first mention,
    with a low confidence; no gazetteer lists towns or villages to check it against."""
    only: dict[str, Mention] = {}
    for level in ("County", "Township"):
        named = {m.key: m for m in doc.mentions if m.type == level}
        if len(named) == 1:
            only[level] = next(iter(named.values()))
    placed = {r.subject for r in found if r.predicate == "locatedIn"}
    out = []
    for m in doc.mentions:
        if m.key in placed or m.parent:
            continue
        parent = only.get("County") if m.type == "Township" else \
            (only.get("Township") or only.get("County")) if m.type == "Village" else None
        if parent is not None:
            placed.add(m.key)
            out.append(_rel("locatedIn", m, parent, doc.sentence_of(m.span), doc, "only-county-of-article", 0.5))
    return out


_LEVELS = {"City": 3, "County": 2, "Township": 1, "Village": 0}


def _located_by_reference(doc: Document) -> list[RelationMention]:
    """What the text makes certain without writing the parent beside the place.

    * 该市刁窝镇: a place right after 该市/该区/该县/该镇 lies in what that points at;
    * 荆州开发区 in an article naming 荆州市: a zone named with a city's short
      name lies in that city.
    """
    out = []
    for m in doc.mentions:
        if m.type not in PLACE_TYPES or m.parent:
            continue
        pm = next((x for k in (2, 3) if (x := _PRONOUN.match(doc.text, max(0, m.span.start - k), m.span.start))
                   and x.end() == m.span.start), None)
        if pm:
            a = _antecedent(doc, pm.group(1), pm.start())
            if a is not None and a.type in PLACE_TYPES and _LEVELS[a.type] > _LEVELS[m.type]:
                out.append(_rel("locatedIn", m, a, doc.sentence_of(m.span), doc, "pronoun-parent", 0.75))
                continue
    cities = {}
    for m in doc.mentions:
        if m.type == "City" and len(m.canonical) >= 3 and m.canonical.endswith("市"):
            cities.setdefault(m.canonical[:-1], m)
    for m in doc.mentions:
        if m.type != "County" or m.canonical.endswith(("市", "县")):
            continue
        for short, city in cities.items():
            if m.canonical.startswith(short) and m.canonical != city.canonical and len(m.canonical) > len(short) + 1:
                out.append(_rel("locatedIn", m, city, doc.sentence_of(m.span), doc, "named-after-city", 0.8))
                break
    return out


def _located_by_gazetteer(doc: Document, index: dict[str, Mention]) -> list[RelationMention]:
    """A county in a city the same article names lies in it: the text makes that certain.

    Only divisions whose parent is named in the article are linked, so the
    link is never drawn from the gazetteer alone (that is ``sk:inDivision``).
    """
    gaz = gazetteer()
    out = []
    first: dict[str, Mention] = {}
    for m in doc.mentions:
        if m.type in ("County", "City"):
            first.setdefault(m.canonical, m)
    for name, m in first.items():
        divs = [d for d in gaz.lookup(name) if d.type == m.type]
        # The nearest parent the article names: 石鼓区 lies in 衡阳市 when the article names it, and
        # in 湖南省 only when it does not (a link never skips a level the text gives).
        parents = {p.name for d in divs
                   for p in [next((q for q in gaz.parents(d) if q.name in index and q.name != name), None)] if p}
        named = [index[p] for p in sorted(parents)]
        if len(divs) > 1 and len(named) != 1:
            continue  # a name in two cities (江北区) is placed only when the article names one of them
        for parent in named[:1] if len(divs) > 1 else named:
            if parent.type == "City":
                out.append(_rel("locatedIn", m, parent, doc.sentence_of(m.span), doc,
                                "gazetteer-parent-in-article", 0.8))
    return out


_HEAD_POSTS = {"市长": "市", "副市长": "市", "区长": "区", "副区长": "区", "县长": "县", "副县长": "县",
               "镇长": "镇", "副镇长": "镇", "乡长": "乡", "副乡长": "乡", "省长": "省", "副省长": "省"}


def _holds_post(doc: Document, by_sent: dict[int, list[Mention]]) -> list[RelationMention]:
    """Each post before an official's name, with the body it names (市委书记 → 荆州市委).

    A head of government's post (市长, 县长) names no body: it is the 政府 of that
    level that the article mentions.
    """
    governments: dict[str, list[Mention]] = {}
    for m in doc.mentions:
        if m.type == "Agency" and m.canonical.endswith("政府") and len(m.canonical) > 2:
            governments.setdefault(m.canonical[-3], []).append(m)
    out = []
    for sent, ms in by_sent.items():
        for m in ms:
            if m.type != "Official" or not m.post:
                continue
            pos = m.span.start - len(m.post)
            if doc.text[pos : m.span.start] != m.post:
                # the post follows the name: 周明芳（吉水县文峰小学校长）, 王立新，区委书记
                after = doc.text.find(m.post, m.span.end, m.span.end + 24)
                pos = after if after >= 0 else pos
            for part in _each_post(m.post):
                lo, hi = pos, pos + len(part)
                pos = hi + 1
                bodies = [b for b in ms if b.type in BODY_TYPES and lo <= b.span.start and b.span.end <= hi
                          and not _nested(b, ms)]
                rule = "post-before-name"
                if not bodies:
                    level = next((lv for p, lv in _HEAD_POSTS.items() if part.endswith(p)), None)
                    gov = governments.get(level or "")
                    bodies = [max(gov, key=lambda g: sum(1 for x in gov if x.canonical == g.canonical))] if gov else []
                    rule = "head-of-government"
                if not bodies:
                    # the place the post names (兴文县僰王山镇原党委委员 → 僰王山镇), but not a place that
                    # only begins a body's name the recognizer missed (吉水县文峰小学校长)
                    places = [p for p in ms if p.type in PLACE_TYPES and lo <= p.span.start and p.span.end <= hi]
                    last = max(places, key=lambda p: p.span.end, default=None)
                    bodies = [last] if last is not None and _post_of_place(doc.text[last.span.end : hi]) else []
                    rule = "post-before-name"
                if not bodies:
                    # 副区长, 村支书 with no place written: the article's own place of that level
                    home = _home_of_level(doc, part)
                    bodies, rule = ([home], "head-of-place") if home is not None else ([], rule)
                if not bodies:
                    # 副校长 with no school written: the article's own school
                    home = _home_body(doc, part)
                    bodies, rule = ([home], "head-of-body") if home is not None else ([], rule)
                for b in bodies[:1]:
                    out.append(_rel("holdsPost", m, b, sent, doc, rule, 0.85, post=part))
    return out


_POST_RE = L.POST_PATTERN
_POST_LIST = re.compile("[、兼]")


def _each_post(post: str) -> list[str]:
    """The posts of a list of posts, in order: 区委副书记、区长; 驻村第一书记兼村党支部书记."""
    return _POST_LIST.split(post)

_PLACE_BODIES = ("党委", "党工委", "政府", "人大常委会", "人大", "政协", "纪委监委", "纪委", "委")


def _post_of_place(rest: str) -> bool:
    """Whether the words after a place in a post are a post of the place itself (县委书记 after
    吉水: 委书记; 原党委委员; 第一书记; 副镇长), not a post in a body whose name the place begins
    (文峰小学校长: the school's)."""
    rest = rest.lstrip("原副时任前")
    ending = max((m for m in _POST_RE.finditer(rest) if m.end() == len(rest)), key=lambda m: m.end() - m.start(),
                 default=None)
    head = (rest[: ending.start()] if ending is not None else rest).rstrip("原副时任前")
    if head.startswith(_PLACE_BODIES):
        return True
    return not head.endswith(L.ALL_BODY_SUFFIXES)


_LEVEL_TYPES = {"省": ("City",), "市": ("City", "County"), "区": ("County",), "县": ("County",),
                "镇": ("Township",), "乡": ("Township",), "街": ("Township",), "村": ("Village",)}


def _home_of_level(doc: Document, post: str) -> Mention | None:
    """The place a post that begins with its level (副区长, 村党支部书记, 镇长) serves when the text
    writes no place with it: the place of that level the article names most, if it names one."""
    head = post.lstrip("副原时任前")
    if head[:1] not in _LEVEL_TYPES or head[:2] in L.LEVEL_WORDS:
        return None
    level = head[0]
    counts: dict[tuple[str, str], list[Mention]] = {}
    for m in doc.mentions:
        if m.type in _LEVEL_TYPES[level] and m.canonical.endswith(level if level != "街" else "街道"):
            counts.setdefault(m.key, []).append(m)
    if not counts:
        return None
    ranked = sorted(counts.values(), key=len, reverse=True)
    if len(ranked) > 1 and len(ranked[0]) == len(ranked[1]):
        return None  # two places of that level named as often: the post's is not certain
    return ranked[0][0]


def _home_body(doc: Document, post: str) -> Mention | None:
    """The body a post names by its kind only (副校长 → the school, 会长 → the association) when
    the text writes none with it: the one body of that kind the article names most, if one is."""
    ends = next((e for p, e in L.BODY_OF_POST.items() if post.endswith(p) and len(post) <= len(p) + 1), None)
    if ends is None:
        return None
    counts: dict[tuple[str, str], list[Mention]] = {}
    for m in doc.mentions:
        if m.type in BODY_TYPES and m.canonical.endswith(ends):
            counts.setdefault(m.key, []).append(m)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or (len(ranked) > 1 and len(ranked[0]) == len(ranked[1])):
        return None
    return ranked[0][0]


def _nearest_before(ms: list[Mention], pos: int, types: frozenset[str] | set[str]) -> Mention | None:
    best = None
    for m in ms:
        if m.type in types and m.span.end <= pos and not _nested(m, ms):
            if best is None or m.span.end > best.span.end:
                best = m
    return best


def _nested(m: Mention, ms: list[Mention]) -> bool:
    return any(o is not m and o.span.start <= m.span.start and m.span.end <= o.span.end
               and len(o.span) > len(m.span) and o.type != "Issue" for o in ms)


def _subject(doc: Document, by_sent: dict[int, list[Mention]], sent: int, pos: int,
             types: frozenset[str] | set[str]) -> tuple[Mention | None, float]:
    """The actor before ``pos`` in the sentence, else carried over from the previous sentence."""
    ms = by_sent.get(sent, [])
    subj = _nearest_before(ms, pos, types)
    if subj:
        return subj, 1.0
    prev = sent - 1
    if prev >= 0 and doc.sentences[prev].paragraph == doc.sentences[sent].paragraph:
        # only the previous sentence's subject carries over, not a name after 与/向/在 (与广东省…开通)
        pspan = doc.sentences[prev].span
        found = [(m.span.start, m) for m in by_sent.get(prev, [])
                 if m.type in types and not _nested(m, by_sent.get(prev, []))]
        pm = _not_after_preposition(doc, sorted(found, key=lambda t: t[0]))
        if pm and pspan.start <= pm[0][0]:
            return _chain_end(pm[0], pm, doc), 0.7  # 四川省犍为县…: the county speaks
    return None, 0.0


_PREPOSITIONS = frozenset("与向对给为同和在到赴从跟把被让由")


def _reported(doc: Document, by_sent: dict[int, list[Mention]]) -> list[RelationMention]:
    out = []
    for sent in range(len(doc.sentences)):
        ms = by_sent.get(sent, [])  # a sentence naming no one may still report to a team (企业负责人向调研组反映)
        s_span = doc.sentences[sent].span
        text = doc.text[s_span.start : s_span.end]
        for vm in re.finditer(r"向", text):
            after = text[vm.end() : vm.end() + 30]
            verb = _free_match(_REPORT_VERBS, after, s_span.start + vm.end(), ms)
            if not verb:
                continue
            pos = s_span.start + vm.start()
            targets = [m for m in ms if m.type in ("Agency", "Official") and m.span.start >= pos + 1
                       and m.span.end <= pos + 1 + verb.start() and not _nested(m, ms)]
            reporters = frozenset({"Person", "Official", "Company", "Organization", "Village"})
            named = _actors(doc, ms, s_span.start, pos, reporters)
            subj, conf = (named[-1][1], 1.0) if named else _subject(doc, by_sent, sent, pos, reporters)
            # 公司负责人向…反映: the person speaks for the company last named.
            if not named and re.search(r"(公司|企业)(主要)?负责人", text[: vm.start()]):
                subj, conf = _antecedent(doc, "公司", pos) or subj, 0.8
            rule = "x-xiang-y-fanying"
            if not targets and text[vm.end() : vm.end() + verb.start()].strip() in L.VISITING_TEAMS:
                leader = _visit_leader(doc, by_sent, sent)
                targets, rule = ([leader], "x-xiang-team-fanying") if leader else ([], rule)
            for t in targets:
                if subj and subj.key != t.key:
                    out.append(_rel("reportedTo", subj, t, sent, doc, rule, 0.8 * conf))
        out.extend(_received_reports(doc, by_sent, sent, ms, text, s_span.start))
        out.extend(_visited_reports(doc, by_sent, sent, ms, text, s_span.start))
    return out


_LEADING = re.compile(L.alternation(L.LEADING_WORDS))


def _visit_leader(doc: Document, by_sent: dict[int, list[Mention]], sent: int, back: int = 5) -> Mention | None:
    """The official who led the visit a team (调研组) stands for: the first official of the latest
    of this and the ``back`` sentences before that says he led it (率队, 带队, 一行)."""
    for k in range(sent, max(-1, sent - back - 1), -1):
        if _LEADING.search(doc.sentence_text(k)):
            official = next((m for m in by_sent.get(k, []) if m.type == "Official"), None)
            if official is not None:
                return official
    return None


_VISITED = re.compile(f"(?:{L.alternation(L.VISIT_VERBS)})")


def _visited_reports(doc: Document, by_sent: dict[int, list[Mention]], sent: int, ms: list[Mention],
                     text: str, offset: int) -> list[RelationMention]:
    """X 来到/找到/拨打 Y(,) 反映…: X reported to the body or official it went to or called."""
    out = []
    for visit in _VISITED.finditer(text):
        vpos = offset + visit.end()
        target = next((m for m in ms if m.span.start == vpos and m.type in ("Agency", "Official")
                       and not _nested(m, ms)), None)
        if target is None:
            continue
        rest = doc.text[target.span.end : min(target.span.end + 16, offset + len(text))]
        report = _REPORT_VERBS.search(rest)
        if report is None or re.search(r"[。；;！？]", rest[: report.start()]):
            continue  # the report is said in the same clause or the next one
        pos = offset + visit.start()
        named = _actors(doc, ms, offset, pos, _REPORTERS)
        reporter, conf = (named[-1][1], 0.7) if named else _subject(doc, by_sent, sent, pos, _REPORTERS)
        if reporter is not None and reporter.key != target.key:
            out.append(_rel("reportedTo", reporter, target, sent, doc, "x-visited-y-reported", 0.7 * conf))
    return out


_RECEIVED = re.compile(r"(?:收到|接到|受理)(?P<mid>[^，,。；]{0,16}?)(?:反映|举报|投诉|求助|诉求|来信|来访)")
_REPORTERS = frozenset({"Person", "Official", "Company", "Organization", "Village"})


def _received_reports(doc: Document, by_sent: dict[int, list[Mention]], sent: int, ms: list[Mention],
                      text: str, offset: int) -> list[RelationMention]:
    """Y 收到/接到 (X 的) 反映: X reported to Y; X named inside, else the reporter of the sentence before."""
    out = []
    for cue in _RECEIVED.finditer(text):
        cpos = offset + cue.start()
        if _free_match(_RECEIVED, text[cue.start() : cue.end()], cpos, ms) is None:
            continue
        receiver = _nearest_before(ms, cpos, frozenset({"Agency", "Official"}))
        if receiver is None or doc.text[receiver.span.end : cpos].strip("了已及时立即后，,") not in ("",):
            continue  # the receiver is written right before the verb
        lo, hi = offset + cue.start("mid"), offset + cue.end("mid")
        named = [m for m in ms if m.type in _REPORTERS and lo <= m.span.start and m.span.end <= hi]
        if named:
            reporter, conf = named[-1], 0.8
        else:
            prev_span = doc.sentences[sent - 1].span if sent > 0 else None
            prev = _actors(doc, by_sent.get(sent - 1, []), prev_span.start, prev_span.end, _REPORTERS) \
                if prev_span is not None else []
            reporter, conf = (prev[0][1], 0.5) if prev else (None, 0.0)
        if reporter is not None and reporter.key != receiver.key:
            out.append(_rel("reportedTo", reporter, receiver, sent, doc, "y-received-report", conf))
    return out


_IMPLEMENTERS = frozenset({"Agency", "Organization", "Company"}) | PLACE_TYPES


def _coordinated(doc: Document, found: list[tuple[int, Mention]]) -> list[Mention]:
    """The first actor and those listed with it (市市场监管局、市公安局和市教育局)."""
    if not found:
        return []
    pos, first = found[0]
    out = [first]
    end = pos + len(first.span)
    for p, m in found[1:]:
        gap = doc.text[end:p]
        if len(gap) > 1 or (gap and gap not in "、和及与,"):
            break
        out.append(m)
        end = p + len(m.span)
    return out


def _end_as_written(doc: Document, pos: int, m: Mention) -> int:
    """Where ``m`` ends as written at ``pos``: its own span, or a two-character pronoun (该市) standing for it."""
    return pos + (len(m.span) if doc.text[pos : pos + len(m.text)] == m.text else 2)


def _not_after_preposition(doc: Document, found: list[tuple[int, Mention]]) -> list[tuple[int, Mention]]:
    """Actors that can be a subject: not in a run of names after 与/向/在 (与广东省清远市开通…)."""
    out = []
    run_start = None
    end = -1
    for p, m in found:
        gap = doc.text[end:p] if end >= 0 else None
        if run_start is None or (p != end and not (gap is not None and len(gap) == 1 and gap in "、和及与")):
            run_start = p  # a new run of names written together or listed (在北京、河北)
        end = _end_as_written(doc, p, m)
        if doc.text[run_start - 1 : run_start] not in _PREPOSITIONS:
            out.append((p, m))
    return out


def _collapse_chains(doc: Document, found: list[tuple[int, Mention]]) -> list[tuple[int, Mention]]:
    """Runs of names written together (该市刁窝镇东冯村党支部) as their most specific name."""
    out: list[tuple[int, Mention]] = []
    end = -1
    for p, m in found:
        if out and p == end:
            out[-1] = (out[-1][0], m)
        else:
            out.append((p, m))
        end = _end_as_written(doc, p, m)
    return out


def _adjacent_group(doc: Document, found: list[tuple[int, Mention]], vpos: int) -> list[tuple[int, Mention]]:
    """The actors listed right before the verb (青龙村按照区委、区政府实施…: 区委、区政府), if any.

    A later group written against the verb is its subject even when the
    sentence opened with another actor, who then only frames the clause.
    """
    if len(found) < 2:
        return []
    last_pos, last = found[-1]
    if vpos - (last_pos + len(last.span)) > 3 or re.search(r"[，,。；;]", doc.text[last_pos:vpos]):
        return []
    i = len(found) - 1
    while i > 0:
        p, m = found[i - 1]
        gap = doc.text[p + len(m.span) : found[i][0]]
        if len(gap) > 1 or (gap and gap not in "、和及与"):
            break
        i -= 1
    return found[i:] if i > 0 else []


def _main_actor(doc: Document) -> Mention | None:
    """What the article is about, as the implementer of what it says is carried out with no
    subject: the body, company or county- or city-level place it names most (a company's
    report is about the company; a county's about the county); none on a tie."""
    counts: dict[tuple[str, str], list[Mention]] = {}
    for m in doc.mentions:
        if m.type in ("City", "County", "Agency", "Organization", "Company"):
            counts.setdefault(m.key, []).append(m)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or (len(ranked) > 1 and len(ranked[0]) == len(ranked[1])):
        return None
    return ranked[0][0]


def _dominant_place(doc: Document) -> Mention | None:
    """The place the article names most, of any level (a report on a town is about the town): the
    subject of subjectless sentences."""
    counts: dict[tuple[str, str], list[Mention]] = {}
    for m in doc.mentions:
        if m.type in PLACE_TYPES:
            counts.setdefault(m.key, []).append(m)
    return max(counts.values(), key=len)[0] if counts else None


def _implements(doc: Document, by_sent: dict[int, list[Mention]]) -> list[RelationMention]:
    out = []
    home = _main_actor(doc)
    for sent, ms in by_sent.items():
        span = doc.sentences[sent].span
        text = doc.text[span.start : span.end]
        for p in ms:
            if p.type != "Programme" or _nested(p, ms):
                continue
            # 巴南区主题教育, 白沙村“周五课栈”: a place written right before the programme carries it out.
            for m in ms:
                if m.type in PLACE_TYPES and m.span.end <= p.span.start \
                        and doc.text[m.span.end : p.span.start] in ("", "“", "《") and not _nested(m, ms):
                    out.append(_rel("implements", m, p, sent, doc, "place-before-programme", 0.6))
            rel = p.span.start - span.start
            verb = _free_match(_LAUNCH_VERBS, text[:rel], span.start, ms, last=True)
            if not verb:
                continue
            vpos = span.start + verb.start()
            found = _collapse_chains(doc, _not_after_preposition(doc, _actors(doc, ms, span.start, vpos,
                                                                              _IMPLEMENTERS)))
            subjects = _coordinated(doc, _adjacent_group(doc, found, vpos) or found)
            conf = 0.7
            if not subjects:
                prev, conf = _subject(doc, by_sent, sent, span.start, _IMPLEMENTERS)
                if prev is not None and home is not None and prev.type not in PLACE_TYPES | {"Agency"}:
                    prev = None  # a service or team the last sentence named does not carry the next one
                subjects = [prev] if prev else []
            rule = "launch-verb"
            if not subjects and home is not None:
                subjects, conf, rule = [home], 0.4, "launch-verb-home-place"
            for subj in subjects:
                if subj.key != p.key:
                    out.append(_rel("implements", subj, p, sent, doc, rule, conf))
    return out


# The clause after an amount, up to 40 characters, as the purpose of the money (用于 dropped).
_PURPOSE = re.compile(r"[,，]?(?:用于|用来|用作|专门用于)?([^,，。；;！？!?：:\n“”]{2,40})(?=[,，。；;！？!?\n]|$)")


# What the money is, written right after the amount: the purpose is the clause after it.
_MONEY_NOUN = re.compile(r"[\u4e00-\u9fff]{0,4}(?:贷款|资金|补助|补贴|经费|奖金|奖励|款项|善款|专款)")


def _funded(doc: Document, by_sent: dict[int, list[Mention]]) -> list[RelationMention]:
    out = []
    for sent, ms in by_sent.items():
        s_span = doc.sentences[sent].span
        text = doc.text[s_span.start : s_span.end]
        for money in _MONEY.finditer(text):
            # "X 领到了10万元 Y基金": the named fund or body right after the money paid X.
            mend = s_span.start + money.end()
            source = next((m for m in ms if mend <= m.span.start <= mend + 1 and not _nested(m, ms)
                           and m.type in ("Programme", "Agency", "Company", "Organization")), None)
            got = _free_match(_RECEIVE_VERBS, text[max(0, money.start() - 6) : money.start()],
                              s_span.start + max(0, money.start() - 6), ms, last=True)
            gpos = s_span.start + max(0, money.start() - 6) + got.start() if got is not None else -1
            mstart = s_span.start + money.start()
            fund = None if source is not None else next(
                (m for m in ms if mstart - 1 <= m.span.end <= mstart and not _nested(m, ms)
                 and m.type in ("Programme", "Agency", "Company", "Organization")), None)
            if fund is not None:
                # "X 获得 Y专项资金 280万元": the named fund written right before the money paid X.
                lo = max(s_span.start, fund.span.start - 4)
                got = _free_match(_RECEIVE_VERBS, doc.text[lo : fund.span.start], lo, ms, last=True)
                if got is not None:
                    source, gpos = fund, lo + got.start()
            if source is not None and got is not None:
                receiver, conf = _subject(doc, by_sent, sent, gpos, _ACTORS)
                if receiver is not None and receiver.key != source.key:
                    amt = parse_amount(money.group())
                    out.append(_rel("funded", source, receiver, sent, doc, "receive-amount-from", 0.6 * conf,
                                    funding=Funding(amount=amt[0] if amt else None, amount_text=money.group(),
                                                    approximate=amt[1] if amt else False,
                                                    date=find_date(text, doc.date))))
                    continue
            left = text[max(0, money.start() - 14) : money.start()]
            verb = _free_match(_FUND_VERBS, left, s_span.start + max(0, money.start() - 14), ms, last=True)
            if not verb:
                continue
            vpos = s_span.start + max(0, money.start() - 14) + verb.start()
            funder, conf = _subject(doc, by_sent, sent, vpos, _ACTORS | {"Programme"})
            given_to = None
            # X 向/给/为 Y 拨付…: the name before the verb is the recipient.
            if funder is not None and doc.text[funder.span.start - 1 : funder.span.start] in ("向", "给", "为", "对"):
                given_to = funder
                funder, conf = _subject(doc, by_sent, sent, funder.span.start - 1, _ACTORS | {"Programme"})
            if funder is not None and funder.type == "Programme" and given_to is None:
                # 荆州实施…整治工程,预计总投入51.5亿元: who launched the programme pays for it
                actor = _nearest_before(ms, funder.span.start, _ACTORS)
                if actor is not None and _LAUNCH_VERBS.search(doc.text, actor.span.end, funder.span.start):
                    funder, given_to = actor, funder
            if funder is None or (given_to is not None and funder.key == given_to.key):
                continue  # no named funder, no funded relation
            mpos = s_span.start + money.end()
            others = [m for m in ms if m.key != funder.key and not _nested(m, ms) and m.type in _ACTORS]
            after = [m for m in others if m.span.start >= mpos]
            # between the funder and the money: 龙岗区累计支援大莫村2350万元, 协会支持农伟宏10万元
            between = [m for m in others if funder.span.end <= m.span.start
                       and m.span.end <= s_span.start + money.start()]
            # named before the funder as what it helps: 对口帮扶大莫村的深圳市龙岗区出资160万元
            helped = [m for m in others if m.span.end <= funder.span.start
                      and re.search(r"(帮扶|支援|结对|援建|对口)[^，,。；;]{0,3}$",
                                    doc.text[max(s_span.start, m.span.start - 6) : m.span.start])]
            recipient = given_to or (between or after or helped or [None])[0]
            if recipient is None:
                continue
            amt = parse_amount(money.group())
            # what the money is for: the clause after the amount (用于…), whole or not at all
            purpose_m = _PURPOSE.match(text, money.end())
            if purpose_m and _MONEY_NOUN.fullmatch(purpose_m.group(1)):
                purpose_m = _PURPOSE.match(text, purpose_m.end())  # 10万元无息贷款,用于扩建民宿
            agg = bool(re.search(r"累计|共计|总计|合计|共", text[: money.start()][-12:]))
            funding = Funding(amount=amt[0] if amt else None, amount_text=money.group(),
                              approximate=amt[1] if amt else False, aggregate=agg,
                              purpose=purpose_m.group(1) if purpose_m else None, date=find_date(text, doc.date))
            out.append(_rel("funded", funder, recipient, sent, doc, "fund-verb-amount", 0.6 * conf,
                            funding=funding))
    return out


# Verbs that say a problem was fixed, settled or helped over (针对 says aim, not a fix).
_RESOLVE_CUE = re.compile(L.alternation(L.FIX_CUES))
# A fix said not to have happened (整改却停滞不前, 尚未解决).
_NOT_FIXED_BEFORE = re.compile(r"(未|没有|尚未|不|难以|无法|仍未|迟迟未)$")
_NOT_FIXED_AFTER = re.compile(r"[^，,。；;]{0,6}?(不前|不力|不到位|未果|无果|难以|迟迟)")
_CLAUSE_OBJECT = re.compile(r"(?:了|好|掉)?([^，,。；;！？!?、“”]{2,16})(?=[，,。；;！？!?]|$)")
# The same, a list of objects allowed (整治垃圾乱堆乱放、乱搭乱建千余处).
_CLAUSE_LIST = re.compile(r"(?:了|好|掉)?([^，,。；;！？!?“”]{2,24})(?=[，,。；;！？!?]|$)")
def _says_what_is_wrong(obj: str) -> bool:
    """Whether what a fixing verb acts on names a problem: each item of a list says what is
    wrong (垃圾乱堆乱放、乱搭乱建), and it ends in no means or frame (…的措施, …方面)."""
    obj = _COUNT_AFTER.sub("", obj)  # 解决问题377个, 整治…千余处: the count says how many, not what
    if obj in ("问题", "难题", "困难", "难点", "难关") or len(obj) < 2:
        return False  # a bare problem word names no problem
    return not _MEANS.search(obj) and all(_PROBLEM_WORD.search(item) for item in obj.split("、"))


_COUNT_AFTER = re.compile(r"[0-9０-９一二三四五六七八九十百千万余多两]+[个件项起处类条宗户家]?$")


# Clause ends that name a means or a frame, not the problem a fixing verb acts on.
_MEANS = re.compile("(" + L.alternation(L.MEANS_ENDINGS) + ")$")
# A problem phrase that only points at a problem (他们出行难题, 这些问题) names none.
_POINTING = re.compile("^(" + L.alternation(L.POINTING_STARTS) + ")")
# A phrase names a problem when it says what is wrong (路面损毁, 饮水难, 供暖温度不达标, 欠薪).
_PROBLEM_WORD = re.compile(L.alternation(L.PROBLEM_WORDS))
_ISSUE_PHRASE = re.compile(r"[\u4e00-\u9fff“”]{2,16}?(?:问题|难题|困难|纠纷|乱象|难)(?![\u4e00-\u9fff])")
# 该市, and 我县 / 本校 as the article's own voice (a county's or a university's report)
_PRONOUN = re.compile(r"(?:该|(?<![自])我|本)(公司|企业|市|区|县|镇|乡|街道|村|社区|局|校|院)")
# What the latest antecedent of a body word ends with (该校 is a school, not its youth league).
_PRONOUN_ENDINGS = {"校": ("学", "学院", "学校", "中学", "小学", "大学"), "院": ("院",), "局": ("局",)}
_PRONOUN_TYPES = {"公司": {"Company"}, "企业": {"Company"}, "市": {"City", "County"}, "区": {"County"},
                  "县": {"County"}, "镇": {"Township"}, "乡": {"Township"}, "街道": {"Township"},
                  "村": {"Village"}, "社区": {"Village"}, "局": {"Agency"}, "校": {"Organization"},
                  "院": {"Organization"}}
_RESOLVERS = frozenset({"Agency", "Official", "Organization", "Company"}) | PLACE_TYPES
_AFFECTED = PLACE_TYPES | {"Company", "Person", "Organization"}


# "问题迎刃而解", "难题得到解决": the problem, then the words that say it was fixed.
_FIXED_AFTER = re.compile(r"(?:问题|难题|困难|难)(?:也|都|均|就|已|终于|很快|随之)*(?:得到|得以|被)?(?:了)?"
                          r"(?:有效|彻底|妥善|圆满|顺利)?(?:解决|化解|破解|迎刃而解)")
_CLAUSE_MARKS = "，,。；;！？!?：:"
# Words before a fixing verb that make it an aim, a plan or a question (要想彻底解决, 将解决, 如何解决).
_NOT_YET = re.compile("(" + L.alternation(L.NOT_YET) + ")(彻底|尽快|切实|有效|全面|逐步|进一步|更好地?)?$")
# A problem phrase that begins so is the object of an aim (确保问题妥善解决), and one that asks is a question.
_AIM_START = re.compile("(" + L.alternation(L.NOT_YET) + ")")
# 要 as "must" (各级党组织要…解决…): what is asked, not what was done; not 主要, 重要, 需要, 要求….
_EXHORTED = re.compile(r"(?<![主重需只紧必想不首纪])要(?![求素点闻害务件])")
_NOUN_USE = re.compile("(" + L.alternation(L.NOUN_AFTER_CUE) + ")")
_ASKED = re.compile(L.alternation(L.INTERROGATIVES))


def _resolved_passive(doc: Document, by_sent: dict[int, list[Mention]],
                      home: Mention | None) -> tuple[list[RelationMention], list[Mention]]:
    """Problems the text says were fixed, written problem first (农田灌溉问题也迎刃而解): the actor
    named before the clause fixed it, else the paragraph's subject, else the article's place; the
    problem concerns the names inside its own phrase, else the resolver's place."""
    rels: list[RelationMention] = []
    issues: list[Mention] = []
    for sent, span in enumerate(s.span for s in doc.sentences):
        text = doc.text[span.start : span.end]
        ms = by_sent.get(sent, [])
        for fx in _FIXED_AFTER.finditer(text):
            head = max(text.rfind(c, 0, fx.start()) for c in _CLAUSE_MARKS) + 1
            problem_end = fx.start() + len(re.match(r"问题|难题|困难|难", text[fx.start():]).group())
            a, b = span.start + head, span.start + problem_end
            label = re.sub(r"[“”的]", "", doc.text[a:b]).lstrip("也都就而且并")
            if len(label) < 4 or _POINTING.match(label) or _ASKED.search(label):
                continue
            if _NOT_YET.search(text[:head].rstrip("，,")) or _AIM_START.match(label) or text.rstrip().endswith(("？", "?")) \
                    or _EXHORTED.search(text[: fx.start()]):
                continue
            if _RESOLVE_CUE.search(label):
                continue  # the phrase is itself a clause about fixing (…解决实际困难和问题): no problem named
            before = _actors(doc, ms, span.start, a, _RESOLVERS)
            named = (_chain_end(before[-1], before, doc) if len(before) == 1 else before[-1][1]) if before else None
            found = _problem_fixed(doc, by_sent, sent, a, b, label, named, "fixed-after-problem", home, 0.5)
            if found:
                rels += found[0]
                issues.append(found[1])
    return rels, issues


def _problem_fixed(doc: Document, by_sent: dict[int, list[Mention]], sent: int, a: int, b: int, label: str,
                   named: Mention | None, rule: str, home: Mention | None,
                   conf: float) -> tuple[list[RelationMention], Mention] | None:
    """The relations and Issue of a problem written at ``a:b`` that the sentence says was fixed:
    fixed by ``named`` (the actor written before it), else the paragraph's subject, else the
    article's place (``home``, at a lower confidence); it concerns the names inside its phrase,
    else the resolver's place. None when no resolver or no one concerned is in sight."""
    resolver = named
    if resolver is None:
        resolver, _ = _subject(doc, by_sent, sent, doc.sentences[sent].span.start, _RESOLVERS)
        if resolver is None:
            resolver, rule, conf = home, "resolve-home-place", 0.4
    if resolver is None:
        return None
    inside = sorted((m.span.start, m) for m in by_sent.get(sent, [])
                    if a <= m.span.start and m.span.end <= b and m.type in _AFFECTED)
    target = _chain_end(inside[0], inside, doc) if inside else \
        (resolver if resolver.type in PLACE_TYPES else None)
    if target is None:
        return None
    issue = _issue_mention(doc, a, b, label, target, rule)
    return _fixed(doc, sent, resolver, issue, target, rule, conf), issue


def _issue_mention(doc: Document, a: int, b: int, label: str, target: Mention, rule: str) -> Mention:
    """The Issue mention of the problem written at ``a:b``, labelled with the place or party it
    concerns in front unless the label names it already (青山村生活污水问题). A phrase cut after a
    number (4|项技术难题) loses the number's measure word too (技术难题)."""
    if a > 0 and doc.text[a - 1].isdigit() and label[:1] in L.MEASURE_WORDS and len(label) > 3:
        label = label[1:]
    if target.canonical not in label and not label.startswith(target.canonical[:2]):
        label = f"{target.canonical}{label}"
    return Mention(span=Span(a, b), text=doc.text[a:b], type="Issue", canonical=label,
                   extractor=f"{EXTRACTOR}:{rule}", confidence=0.5)


def _fixed(doc: Document, sent: int, resolver: Mention, issue: Mention, target: Mention, rule: str,
           conf: float) -> list[RelationMention]:
    """``resolver`` fixed ``issue``, which concerned ``target``: the two relations that say so."""
    return [_rel("resolved", resolver, issue, sent, doc, rule, conf),
            _rel("affects", issue, target, sent, doc, rule, conf - 0.1)]


def _antecedent(doc: Document, word: str, pos: int) -> Mention | None:
    """The entity 该公司 / 该市 / 该镇 … at ``pos`` points at: the latest one of its kind before it.

    该市 is the article's own city: the 市 it names most often.
    """
    types = _PRONOUN_TYPES[word]
    if word == "市":
        counts: dict[str, list[Mention]] = {}
        for m in doc.mentions:
            if m.type in types and m.canonical.endswith("市") and m.span.end <= pos:
                counts.setdefault(m.canonical, []).append(m)
        return max(counts.values(), key=len)[-1] if counts else None
    best = None
    for m in doc.mentions:
        if m.span.end > pos:
            break
        if m.type in types and m.canonical.endswith(_PRONOUN_ENDINGS.get(word, "")):
            best = m
    return best


def _actors(doc: Document, ms: list[Mention], lo: int, hi: int, types: frozenset[str]) -> list[tuple[int, Mention]]:
    """Named or pronoun-referred entities of ``types`` in ``[lo, hi)``, by position."""
    out = [(m.span.start, m) for m in ms if m.type in types and lo <= m.span.start < hi and not _nested(m, ms)]
    for p in _PRONOUN.finditer(doc.text, lo, hi):
        a = _antecedent(doc, p.group(1), p.start())
        if a is not None and a.type in types:
            out.append((p.start(), a))
    return sorted(out, key=lambda t: t[0])


def _chain_end(first: tuple[int, Mention], found: list[tuple[int, Mention]], doc: Document) -> Mention:
    """The most specific name of a run written together (该市双塔街道 → 双塔街道; 长寿区葛兰镇塘坝村 → 塘坝村)."""
    pos, m = first
    end = _end_as_written(doc, pos, m)
    for p, n in found:
        if p == end:
            m, end = n, p + len(n.span)
    return m


def _resolved(doc: Document, by_sent: dict[int, list[Mention]]) -> tuple[list[RelationMention], list[Mention]]:
    """Who fixed which problem, and whom it concerned; each problem becomes an Issue mention."""
    rels: list[RelationMention] = []
    issues: list[Mention] = []
    home = _dominant_place(doc)
    for sent, span in enumerate(s.span for s in doc.sentences):
        ms = by_sent.get(sent, [])
        text = doc.text[span.start : span.end]
        cue = _free_match(_RESOLVE_CUE, text, span.start, ms)
        if cue is None:
            continue
        cpos = span.start + cue.start()
        if re.search(r"(得到|获得|被|予以|已|正在)$", text[: cue.start()]):
            continue  # "问题得到解决": the name before the verb had the problem, it did not fix it
        if _NOT_FIXED_BEFORE.search(text[: cue.start()]) or _NOT_FIXED_AFTER.match(text, cue.end()):
            continue  # the text says it was not fixed
        if _NOT_YET.search(text[: cue.start()]) or text.rstrip().endswith(("？", "?")):
            continue  # 要想彻底解决…, 将解决…, 如何解决…?: an aim or a question, not a fix
        if _EXHORTED.search(text[: cue.start()]) or _NOUN_USE.match(text, cue.end()):
            continue  # 各级党组织要…解决: an exhortation; 基层治理中: the word is a noun here
        if re.search(r"(提出|研究|探讨|寻求|商讨)$", text[: cue.start()]) or \
                re.match(r"[^，,。；]{0,12}?的(办法|方案|思路|对策|措施)", text[cue.end():]):
            continue  # 提出解决问题的办法, 研究解决方案: an intention, not a problem fixed
        resolvers = _actors(doc, ms, span.start, cpos, _RESOLVERS)
        rule = "resolve-cue"
        if resolvers:
            resolver = _chain_end(resolvers[0], resolvers + _actors(doc, ms, span.start, cpos,
                                                                    frozenset({"Agency"})), doc)
            rpos = resolvers[0][0]
            official = next((m for p, m in _actors(doc, ms, rpos, cpos, frozenset({"Official"}))
                             if p - rpos <= 14), None)
            resolver = official or resolver
        else:
            # A sentence without its subject (推动解决群众缺水等问题72个) goes on from the one before,
            # else the article's own place is speaking: taken only when the text names the problem.
            obj = _CLAUSE_LIST.match(text, cue.end())
            if not _ISSUE_PHRASE.search(text, cue.end()) and not (obj and _says_what_is_wrong(obj.group(1))):
                continue
            resolver, _ = _subject(doc, by_sent, sent, span.start, _RESOLVERS)
            rule = "resolve-cue-subject"
            if resolver is None:
                resolver, rule = home, "resolve-home-place"
            if resolver is None:
                continue
            rpos = cpos
        found = [(p, m) for p, m in _actors(doc, ms, rpos + 1, span.end, _AFFECTED) if m.key != resolver.key]
        affected = [_chain_end(found[0], found, doc)] if found else []
        if affected and affected[0].key == resolver.key:
            affected = [m for _, m in found[1:2]]
        target = affected[0] if affected else (resolver if resolver.type in PLACE_TYPES else None)
        if target is None:
            continue
        found = [m for m in ms if m.type == "Issue" and m.span.start >= cpos]
        if found:
            issue = found[0]
        else:
            # The problem as the text names it (…问题/难题/困难), else what the verb acts on, up to
            # the end of the clause (解决了群众出行不便 → 群众出行不便); never just its place.
            ph = _ISSUE_PHRASE.search(text, cue.end())
            if ph is None:
                ph = _CLAUSE_LIST.match(text, cue.end())
                if ph is not None and not _says_what_is_wrong(ph.group(1)):
                    continue  # 解决…的措施, 帮助…恢复原状, 整治…体系: a means, or no problem named
            if ph is None or _POINTING.match(ph.group(ph.lastindex or 0)):
                continue
            a, b = span.start + ph.start(ph.lastindex or 0), span.start + ph.end(ph.lastindex or 0)
            label = re.sub(r"[“”的]", "", ph.group(ph.lastindex or 0))
            # a phrase that runs over another fixing verb (累计解决各类民生问题) names what follows it
            label = _COUNT_AFTER.sub("", _RESOLVE_CUE.split(label)[-1].lstrip("了好"))
            if len(label) < 2 or _POINTING.match(label) or label in ("问题", "难题", "困难") \
                    or _ASKED.search(label):
                continue
            issue = _issue_mention(doc, a, b, label, target, rule)
            issues.append(issue)
        rels += _fixed(doc, sent, resolver, issue, target, rule, 0.6 if rule == "resolve-cue" else 0.4)
    passive, passive_issues = _resolved_passive(doc, by_sent, home)
    addressed, addressed_issues = _addressed(doc, by_sent, home)
    return rels + passive + addressed, issues + passive_issues + addressed_issues


# 针对/聚焦 …难问题, <a measure>: the measure answers the problem (聚焦留守老人吃饭难问题，推行“打平伙”食堂).
_ADDRESSED = re.compile(r"(?:针对|聚焦|着眼|瞄准|为解决|为破解)(?P<problem>[^，,。；;！？]{2,24}(?:问题|难题|困难|难|短板|痛点|堵点))"
                        r"[^，,。；;]{0,4}?[，,]")
_MEASURE = re.compile("(" + L.alternation(L.LAUNCH_VERBS) + ")")


def _addressed(doc: Document, by_sent: dict[int, list[Mention]],
               home: Mention | None) -> tuple[list[RelationMention], list[Mention]]:
    """A problem a measure was taken against: the text names the problem, then what was done
    about it in the same sentence. The actor is named before, else the paragraph's subject,
    else the article's place."""
    rels: list[RelationMention] = []
    issues: list[Mention] = []
    for sent, span in enumerate(s.span for s in doc.sentences):
        text = doc.text[span.start : span.end]
        ms = by_sent.get(sent, [])
        for m in _ADDRESSED.finditer(text):
            if not _MEASURE.search(text, m.end()) or text.rstrip().endswith(("？", "?")) \
                    or _EXHORTED.search(text):
                continue  # a topic with nothing done about it, a question, or an exhortation
            a, b = span.start + m.start("problem"), span.start + m.end("problem")
            fixing = list(_RESOLVE_CUE.finditer(doc.text, a, b))
            if fixing:
                a = fixing[-1].end()  # 聚焦解决受灾群众就业难题: the problem is what follows the verb
            label = re.sub(r"[“”的]", "", doc.text[a:b])
            if len(label) < 4 or _POINTING.match(label) or _ASKED.search(label):
                continue
            before = _actors(doc, ms, span.start, span.start + m.start(), _RESOLVERS)
            named = _chain_end(before[0], before, doc) if before else None
            found = _problem_fixed(doc, by_sent, sent, a, b, label, named, "addressed-problem", home, 0.4)
            if found:
                rels += found[0]
                issues.append(found[1])
    return rels, issues


# A rule's relation stands unless the classifier gives "no relation" at least this probability
# (chosen by cross-validation over articles, benchmarks/genre_cv.py).
OVERRULE = 0.9


def extract_relations(doc: Document) -> Document:
    """Stage: fill ``relations``: the classifier decides the predicates it knows for every pair of
    names in a sentence (the rules' verdict among its features); the rules give the rest (links
    across sentences, fundings with their amounts, reports, problems fixed)."""
    doc = rule_relations(doc)
    decided: set[tuple[int, tuple[str, str], tuple[str, str]]] = set()
    learned: list[RelationMention] = []
    for sent, a, b, feats in relation_model.instances(doc, doc.relations):
        label, prob, p_none = relation_model.classify(feats)
        if p_none >= OVERRULE:
            decided.add((sent, a.key, b.key))  # the model is sure the rules are wrong here
        if label == relation_model.NONE or not relation_model.fits(label, a, b):
            continue
        post = None
        if label == "holdsPost":
            parts = _each_post(a.post or "")
            post = next((p for p in parts if b.canonical[-2:] in p or p.startswith(b.canonical[:2])), parts[-1]) or None
            if post is None:
                continue  # the schema's holdsPost carries the post title
            if post in L.NATIONAL_POSTS and not b.canonical.startswith(L.CENTRAL_BODY_PREFIXES):
                continue  # 习近平总书记 beside a province's party secretary holds no post in its committee
        learned.append(replace(_rel(label, a, b, sent, doc, "", round(prob, 2), post=post), extractor="model"))
    kept = [r for r in doc.relations if r.predicate not in relation_model.DOMAINS
            or (r.sentence, r.subject, r.object) not in decided]
    return doc.replace(relations=tuple(sorted(_direct_only(doc, kept + learned), key=_order)))


def _direct_only(doc: Document, rels: list[RelationMention]) -> list[RelationMention]:
    """Drop a ``locatedIn`` link that skips a level its own sentence writes: in 河北省邢台市柏乡县,
    柏乡县 lies in 邢台市, which lies in 河北省; 柏乡县 → 河北省 is implied, not stated. Only a
    chain written in order (province, city, county) is trusted to skip a link."""
    links: dict[int, set[tuple]] = {}
    for r in rels:
        if r.predicate == "locatedIn":
            links.setdefault(r.sentence, set()).add((r.subject, r.object))
    where: dict[tuple[int, tuple[str, str]], int] = {}
    for m in doc.mentions:
        if m.type in PLACE_TYPES:
            where.setdefault((doc.sentence_of(m.span), m.key), m.span.start)
    out = []
    for r in rels:
        if r.predicate == "locatedIn":
            pairs, at = links[r.sentence], (lambda k: where.get((r.sentence, k), -1))
            if any((r.subject, mid) in pairs and (mid, r.object) in pairs
                   and 0 <= at(r.object) < at(mid) < at(r.subject)
                   for _, mid in pairs if mid not in (r.subject, r.object)):
                continue
        out.append(r)
    return out


def _order(r: RelationMention) -> tuple:
    return (r.sentence, r.predicate, r.subject, r.object)


def rule_relations(doc: Document) -> Document:
    """The rules' relations of ``doc`` (and the Issue mentions they find): the classifier's features
    for the pairs it decides, and the output for the rest."""
    by_sent = _mentions_by_sentence(doc)
    rels: list[RelationMention] = []
    for fn in (_located, _holds_post, _reported, _implements, _funded):
        rels.extend(fn(doc, by_sent))
    resolved, issues = _resolved(doc, by_sent)
    rels.extend(resolved)
    # One Issue per span: a phrase that two rules (or the entity layer) label differently is one
    # problem, named as the first rule that fixed it names it; their relations follow it.
    by_span: dict[tuple[int, int], Mention] = {}
    rename: dict[tuple[str, str], tuple[str, str]] = {}
    for m in issues:
        first = by_span.setdefault((m.span.start, m.span.end), m)
        if first.key != m.key:
            rename[m.key] = first.key
    base = []
    for m in doc.mentions:
        made = by_span.get((m.span.start, m.span.end)) if m.type == "Issue" else None
        if made is None:
            base.append(m)
        elif made.key != m.key:
            rename.setdefault(m.key, made.key)
    issues = list(by_span.values())
    if rename:
        rels = [replace(r, subject=rename.get(r.subject, r.subject), object=rename.get(r.object, r.object))
                for r in rels]
    seen = set()
    unique = []
    for r in rels:
        k = (r.predicate, r.subject, r.object, r.sentence)
        if k not in seen and r.subject != r.object:
            seen.add(k)
            unique.append(r)
    mentions = tuple(sorted(tuple(base) + tuple(issues), key=lambda m: (m.span.start, m.span.end, m.type)))
    return doc.replace(relations=tuple(unique), mentions=mentions)
