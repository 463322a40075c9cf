"""Corpus stage ``resolve``: merge the mentions of all documents into entities.

Within a document, mentions with the same type and canonical name are one
entity (rule ``same-name-in-document``). Across documents, people,
bodies, programmes and county-level and higher places merge by name
(``same-name``); villages and townships also need the same parent place, so
two 青龙村 in different towns stay two (``same-name-same-parent``). In a
document, a programme's short forms join its full name (``programme-variant``:
主题教育 in an article that names “不忘初心、牢记使命”主题教育), and a place
written with its city in front joins the bare name (``place-with-city``:
重庆两江新区 and 两江新区). A
village whose parent is unknown joins the only entity of that name, if there
is exactly one (``unique-name``). Each entity lists the rules that merged it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from . import lexicon as L
from .careers import UNRELATED, Home, cluster, homes
from .ids import digest, entity_key
from .model import PERSON_TYPES, PLACE_TYPES, Document, Entity, Mention, Relation, RelationMention, sorted_unique

_PARENT_MATTERS = frozenset({"Village", "Township"})


# Heads that name the kind of programme, not which one: 我为群众办实事 = 我为群众办实事工作.
_PROGRAMME_HEADS = tuple(sorted((h for h in L.PROGRAMME_SUFFIXES if len(h) >= 2), key=len, reverse=True))
_PLACE_IN = re.compile(r"省|市|区|县|镇|乡|街道|村")


def _programme_core(name: str) -> str:
    for h in _PROGRAMME_HEADS:
        if name.endswith(h) and len(name) - len(h) >= 2:
            return name[: -len(h)]
    return name


def programme_variants(mentions: list[Mention]) -> dict[str, str]:
    """Short names of a document's programmes mapped to the full name they abbreviate.

    ``A`` is a variant of ``B`` when, heads aside (工作, 活动), B is A with a head
    added (我为群众办实事 → 我为群众办实事实践活动), with a quoted slogan before
    it (主题教育 → “不忘初心、牢记使命”主题教育), with a place before it
    (应急救助基金 → 重庆市大足应急救助基金), or with anything before it when the full name is
    written first. With several candidates, the most
    mentioned full name wins; none that is itself a variant is a target.
    """
    counts = Counter(m.canonical for m in mentions if m.type == "Programme")
    surface = defaultdict(set)
    first: dict[str, int] = {}
    for m in mentions:
        if m.type == "Programme":
            surface[m.canonical].add(m.text)
            first[m.canonical] = min(first.get(m.canonical, m.span.start), m.span.start)
    out: dict[str, str] = {}
    for a in counts:
        core = _programme_core(a)
        options = []
        for b in counts:
            if b == a or len(b) <= len(a) or core not in b:
                continue
            k = b.find(core)
            before, after = b[:k], b[k + len(core):]
            if not before and (not after or after in _PROGRAMME_HEADS):
                options.append(b)
            elif before and after in ("", *_PROGRAMME_HEADS) and (
                    any(t.startswith(("“", '"')) and ("”" + core[:1] in t or '"' + core[:1] in t)
                        for t in surface[b]) or (len(before) <= 10 and _PLACE_IN.search(before))
                    or first[b] < first[a]):
                # the full name written first and its tail used after it, as reports abbreviate
                # (学习贯彻…主题教育 …主题教育; 潇湘安居专项整治行动 …专项整治行动)
                options.append(b)
        if options:
            out[a] = max(options, key=lambda b: (counts[b], -len(b), b))
    # a target is a full name, never itself abbreviated further
    return {a: b for a, b in out.items() if b not in out}


def place_variants(mentions: list[Mention]) -> dict[tuple[str, str], str]:
    """Places written with their city in front (重庆两江新区) mapped to the bare name the document also uses.

    Only when the prefix is a city of the document, in full or short (重庆市 → 重庆), and the
    rest is a place of the same class the document names on its own.
    """
    cities = {m.canonical for m in mentions if m.type == "City"}
    prefixes = cities | {c[:-1] for c in cities if len(c) >= 3 and c.endswith(("市", "省"))}
    names = {(m.type, m.canonical) for m in mentions if m.type in PLACE_TYPES and m.type != "City"}
    out = {}
    for t, name in names:
        for p in prefixes:
            rest = name[len(p):]
            if name.startswith(p) and len(rest) >= 2 and (t, rest) in names:
                out[(t, name)] = rest
                break
    return out


def _doc_groups(doc: Document) -> dict[tuple[str, str], list[Mention]]:
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    mentions = doc.all_mentions
    people = {m.canonical for m in mentions if m.type == "Official"}
    variants = programme_variants(list(mentions))
    places = place_variants(list(mentions))
    for m in mentions:
        t = "Official" if m.type == "Person" and m.canonical in people else m.type
        if t == "Programme":
            name = variants.get(m.canonical, m.canonical)
        else:
            name = places.get((t, m.canonical), m.canonical)
        groups[(t, name)].append(m)
    return groups


def _main_parent(ms: list[Mention]) -> str | None:
    """The parent place most of the mentions give (the first given, on a tie)."""
    parents = [m.parent for m in ms if m.parent]
    if len(parents) <= 1:
        return parents[0] if parents else None
    return Counter(parents).most_common(1)[0][0]


def _mention_order(item: tuple[str, Mention]) -> tuple[str, int, int]:
    return item[0], item[1].span.start, item[1].span.end


def _evidence_order(item: tuple[str, RelationMention]) -> tuple[str, int, str]:
    return item[0], item[1].sentence, item[1].extractor


class _Record:
    """What the mentions merged into one entity so far have said about it."""

    __slots__ = ("type", "label", "parent", "aliases", "posts", "mentions", "rules", "docs")

    def __init__(self, type_: str, label: str, parent: str | None) -> None:
        self.type, self.label, self.parent = type_, label, parent
        self.aliases: set[str] = set()
        self.posts: set[str] = set()
        self.mentions: list[tuple[str, Mention]] = []
        self.rules: set[str] = set()
        self.docs: set[str] = set()


def resolve(docs: Iterable[Document]) -> tuple[list[Entity], list[Relation]]:
    """Entities and relations of the corpus, sorted by id for deterministic output."""
    docs = list(docs)
    # 1. one group per (document, type, name)
    doc_entities: list[tuple[str, str, str, str | None, list[Mention]]] = []
    for d in docs:
        for (t, name), ms in sorted(_doc_groups(d).items()):
            doc_entities.append((d.id, t, name, _main_parent(ms), ms))
    # 2. corpus keys
    official_names = {name for _, t, name, _, _ in doc_entities if t == "Official"}
    people, apart = _people_keys(docs, doc_entities, official_names)
    known_parents: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, t, name, parent, _ in doc_entities:
        if t in _PARENT_MATTERS and parent:
            known_parents[(t, name)].add(parent)
    ids: dict[tuple[str, str, str | None], str] = {}  # the same key recurs in many documents: hash it once
    merged: dict[str, _Record] = {}
    local: dict[tuple[str, str, str], str] = {}
    for doc_id, t, name, parent, ms in doc_entities:
        rules = ["same-name-in-document"] if len(ms) > 1 and len({m.canonical for m in ms}) < len(ms) else []
        if any(m.canonical != name for m in ms):
            rules.append("programme-variant" if t == "Programme" else "place-with-city")
        person_rule = None
        if t in PERSON_TYPES:
            t, key_parent, person_rule = people[(doc_id, t, name)]
        elif t in _PARENT_MATTERS:
            if parent is None and len(known_parents[(t, name)]) == 1:
                key_parent = next(iter(known_parents[(t, name)]))
                rules.append("unique-name")
            else:
                key_parent = parent
        else:
            key_parent = None
        eid = ids.get((t, name, key_parent))
        if eid is None:
            eid = ids[(t, name, key_parent)] = digest(entity_key(t, name, key_parent))
        rec = merged.get(eid)
        if rec is None:
            rec = merged[eid] = _Record(t, name, key_parent)
        rec.docs.add(doc_id)
        if person_rule:
            rules.append(person_rule)
        elif len(rec.docs) > 1:
            rules.append("same-name-same-parent" if t in _PARENT_MATTERS else "same-name")
        rec.rules.update(rules)
        aliases, mentions = rec.aliases, rec.mentions
        for m in ms:
            if m.text != name:
                aliases.add(m.text)
            if m.aliases:
                aliases.update(a for a in m.aliases if a != name)
            if m.post:
                rec.posts.add(m.post)
            mentions.append((doc_id, m))
            local[(doc_id, m.type, m.canonical)] = eid
    entities = [
        Entity(id=eid, type=r.type, label=r.label, aliases=sorted_unique(r.aliases),
               posts=sorted_unique(r.posts), parent=r.parent,
               mentions=tuple(sorted(r.mentions, key=_mention_order)),
               merge_rules=tuple(sorted(r.rules)),
               kept_apart=tuple((other, UNRELATED) for other in sorted(apart.get(eid, ()))))
        for eid, r in sorted(merged.items())
    ]
    relations: dict[tuple[str, str, str], list[tuple[str, RelationMention]]] = defaultdict(list)
    for d in docs:
        for r in d.relations:
            s = local.get((d.id, *r.subject))
            o = local.get((d.id, *r.object))
            if s and o and s != o:
                relations[(r.predicate, s, o)].append((d.id, r))
    rels = [Relation(predicate=p, subject=s, object=o, evidence=tuple(sorted(ev, key=_evidence_order)))
            for (p, s, o), ev in sorted(relations.items())]
    return entities, rels


def _people_keys(docs: list[Document], doc_entities: list[tuple[str, str, str, str | None, list[Mention]]],
                 official_names: set[str]) -> tuple[dict[tuple[str, str, str], tuple[str, str | None, str | None]],
                                                    dict[str, set[str]]]:
    """Identity of the people of the corpus (``kg.careers``): per (document, type, name), the
    entity's class (Official when a post is given for the name: for one person anywhere, for
    several in its own articles), its key's place part (None unless one name is several
    people) and the rule that merged it; and per entity id, the ids of the others of its
    name it was kept apart from."""
    home_of: dict[str, dict[str, Home]] = {d.id: homes(d) for d in docs}
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for doc_id, t, name, _, _ in doc_entities:
        if t in PERSON_TYPES:
            groups[name].append((doc_id, t))
    keys: dict[tuple[str, str, str], tuple[str, str | None, str | None]] = {}
    apart: dict[str, set[str]] = defaultdict(set)
    for name, members in groups.items():
        hs = [home_of[d].get(name) for d, _ in members]
        numbers, rules = cluster(hs)
        if max(numbers) == 0:
            t = "Official" if name in official_names else members[0][1]
            for (d, t0), rule in zip(members, rules):
                keys[(d, t0, name)] = (t, None, rule)
            continue
        # Several people of one name: each keyed by the places its posts name.
        where: dict[int, set[str]] = defaultdict(set)
        official: set[int] = set()
        for k, h, (_, t0) in zip(numbers, hs, members):
            if h is not None:
                where[k] |= h.places
            if t0 == "Official":
                official.add(k)
        key_of = {k: "、".join(sorted(where[k])) if where[k] else None for k in set(numbers)}
        type_of = {k: "Official" if k in official else "Person" for k in set(numbers)}
        for (d, t0), k, rule in zip(members, numbers, rules):
            keys[(d, t0, name)] = (type_of[k], key_of[k], rule)
        ids = {digest(entity_key(type_of[k], name, key_of[k])) for k in set(numbers)}
        for i in ids:
            apart[i] |= ids - {i}
    return keys, apart
