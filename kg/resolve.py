"""Corpus stage ``resolve``: merge the mentions of all documents into entities.

Within a document, mentions with the same type and canonical name are one
entity (rule ``same-name-in-document``). Across documents, people,
bodies, programmes and county-level and higher places merge by name
(``same-name``); villages and townships also need the same parent place, so
two 青龙村 in different towns stay two (``same-name-same-parent``). A
village whose parent is unknown joins the only entity of that name, if there
is exactly one (``unique-name``). Each entity lists the rules that merged it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

from .ids import digest, entity_key
from .model import PERSON_TYPES, Document, Entity, Mention, Relation, RelationMention, sorted_unique

_PARENT_MATTERS = frozenset({"Village", "Township"})


def _doc_groups(doc: Document) -> dict[tuple[str, str], list[Mention]]:
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    people = {m.canonical for m in doc.mentions if m.type == "Official"}
    for m in doc.mentions:
        t = "Official" if m.type == "Person" and m.canonical in people else m.type
        groups[(t, m.canonical)].append(m)
    return groups


def resolve(docs: Iterable[Document]) -> tuple[list[Entity], list[Relation]]:
    """Entities and relations of the corpus, sorted by id for deterministic output."""
    docs = list(docs)
    # 1. one group per (document, type, name)
    doc_entities: list[tuple[Document, str, str, str | None, list[Mention]]] = []
    for d in docs:
        for (t, name), ms in sorted(_doc_groups(d).items()):
            parents = Counter(m.parent for m in ms if m.parent)
            parent = parents.most_common(1)[0][0] if parents else None
            doc_entities.append((d, t, name, parent, ms))
    # 2. corpus keys
    official_names = {name for _, t, name, _, _ in doc_entities if t == "Official"}
    known_parents: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, t, name, parent, _ in doc_entities:
        if t in _PARENT_MATTERS and parent:
            known_parents[(t, name)].add(parent)
    merged: dict[str, dict] = {}
    local: dict[tuple[str, str, str], str] = {}
    for d, t, name, parent, ms in doc_entities:
        rules = ["same-name-in-document"] if len(ms) > 1 else []
        if t in PERSON_TYPES:
            t = "Official" if name in official_names else t
            key_parent = None
        elif t in _PARENT_MATTERS:
            if parent is None and len(known_parents[(t, name)]) == 1:
                key_parent = next(iter(known_parents[(t, name)]))
                rules.append("unique-name")
            else:
                key_parent = parent
        else:
            key_parent = None
        key = entity_key(t, name, key_parent)
        eid = digest(key)
        rec = merged.setdefault(eid, {"type": t, "label": name, "parent": key_parent, "aliases": set(),
                                      "posts": set(), "mentions": [], "rules": set(), "docs": set()})
        rec["docs"].add(d.id)
        if len(rec["docs"]) > 1:
            rules.append("same-name-same-parent" if t in _PARENT_MATTERS else "same-name")
        rec["rules"].update(rules)
        for m in ms:
            rec["aliases"].update(a for a in (m.text, *m.aliases) if a != name)
            if m.post:
                rec["posts"].add(m.post)
            rec["mentions"].append((d.id, m))
        for m in ms:
            local[(d.id, m.type, m.canonical)] = eid
    entities = [
        Entity(id=eid, type=r["type"], label=r["label"], aliases=sorted_unique(r["aliases"]),
               posts=sorted_unique(r["posts"]), parent=r["parent"],
               mentions=tuple(sorted(r["mentions"], key=lambda x: (x[0], x[1].span.start, x[1].span.end))),
               merge_rules=tuple(sorted(r["rules"])))
        for eid, r in sorted(merged.items())
    ]
    relations: dict[tuple[str, str, str], list[tuple[str, RelationMention]]] = defaultdict(list)
    for d in docs:
        for r in d.relations:
            s = local.get((d.id, *r.subject))
            o = local.get((d.id, *r.object))
            if s and o and s != o:
                relations[(r.predicate, s, o)].append((d.id, r))
    rels = [Relation(predicate=p, subject=s, object=o,
                     evidence=tuple(sorted(ev, key=lambda x: (x[0], x[1].sentence, x[1].extractor))))
            for (p, s, o), ev in sorted(relations.items())]
    return entities, rels
