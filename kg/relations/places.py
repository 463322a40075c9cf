"""``locatedIn``: a place chain as written (长寿区葛兰镇塘坝村), a body named after its place,
the article's only county or town, the gazetteer's parents of the places the article names.
"""

from __future__ import annotations

from ..gazetteer import gazetteer
from ..model import BODY_TYPES, PLACE_TYPES, Document, Mention, RelationMention
from . import relation_rule
from .mentions import PRONOUN, make_relation, pointed_at


@relation_rule("located", predicates=("locatedIn",), order=10)
def find_located(doc: Document, by_sent: dict[int, list[Mention]]) -> list[RelationMention]:
    """Place chains (长寿区葛兰镇) and bodies named after their place (长寿区水利局)."""
    out = []
    index = {m.canonical: m for m in doc.mentions if m.type in PLACE_TYPES}
    for sent, ms in by_sent.items():
        for m in ms:
            if m.type in PLACE_TYPES and m.parent and m.parent in index and m.parent != m.canonical:
                out.append(make_relation("locatedIn", m, index[m.parent], sent, doc, "place-chain", 0.9))
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
                    out.append(make_relation("locatedIn", m, best, sent, doc, "named-after-place", 0.85))
                elif m.parent and m.parent in index:
                    out.append(make_relation("locatedIn", m, index[m.parent], sent, doc, "clipped-name", 0.7))
                elif (named := next((m.canonical[:k] for k in range(len(m.canonical) - 1, 1, -1)
                                     if m.canonical[:k] in index), None)) is not None:
                    # the recognizer took the body whole (逐卜乡党委) where the article names the place
                    # (its longest prefix that is a place: linear in the name, not in the places)
                    out.append(make_relation("locatedIn", m, index[named], sent, doc, "named-after-place", 0.8))
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
            out.append(make_relation("locatedIn", m, parent, doc.sentence_of(m.span), doc, "only-county-of-article", 0.5))
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
        pm = next((x for k in (2, 3) if (x := PRONOUN.match(doc.text, max(0, m.span.start - k), m.span.start))
                   and x.end() == m.span.start), None)
        if pm:
            a = pointed_at(doc, pm.group(1), pm.start())
            if a is not None and a.type in PLACE_TYPES and _LEVELS[a.type] > _LEVELS[m.type]:
                out.append(make_relation("locatedIn", m, a, doc.sentence_of(m.span), doc, "pronoun-parent", 0.75))
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
                out.append(make_relation("locatedIn", m, city, doc.sentence_of(m.span), doc, "named-after-city", 0.8))
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
                out.append(make_relation("locatedIn", m, parent, doc.sentence_of(m.span), doc,
                                "gazetteer-parent-in-article", 0.8))
    return out
