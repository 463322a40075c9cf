"""Officials' careers: each post an article reports as an ``sk:Membership`` (W3C ORG) with
its normalised title, its body or place, the article's date and the sentences, and where
an official's posts tie them to, which tells two people of one name apart across articles.

Identity (used by ``resolve``): an official's *home* in an article is the bodies and places
their posts name there, and the places containing those (the text's own parents, then the
GB/T 2260 gazetteer). Two articles' officials of one name are one person when their homes
share a place or body (``same-name-same-place``) or one names a place the other lies in
(``same-name-place-within``); two whose posts name unrelated places are kept apart
(``same-name-unrelated-places``). An article whose posts name no place (a national body) or
that gives no post joins the name's only person, as before (``same-name``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from . import lexicon as L
from .gazetteer import gazetteer
from .model import PERSON_TYPES, PLACE_TYPES, Document, Entity, Relation

SAME_PLACE = "same-name-same-place"
PLACE_WITHIN = "same-name-place-within"
UNRELATED = "same-name-unrelated-places"


@dataclass(frozen=True)
class Home:
    """Where one article's posts put an official: the places and bodies named (``named``), the
    places among them (``places``), and those places with every place containing them (``within``)."""

    named: frozenset[str]
    places: frozenset[str]
    within: frozenset[str]

    def match(self, other: "Home") -> str | None:
        """The rule that makes the two one person, or None when nothing ties them."""
        if self.named & other.named:
            return SAME_PLACE
        if self.places & other.within or other.places & self.within:
            return PLACE_WITHIN
        return None


def _ancestors(name: str, parents: Mapping[str, str]) -> set[str]:
    """``name``, the parents the text gives it (a village's town), and the divisions containing
    it in the gazetteer (every division of that name: an ambiguous name keeps each reading)."""
    out = {name}
    seen = name
    while seen in parents and parents[seen] not in out:
        seen = parents[seen]
        out.add(seen)
    gaz = gazetteer()
    for n in list(out):
        for d in gaz.lookup(n):
            out.update(p.name for p in gaz.parents(d))
    return out


def homes(doc: Document) -> dict[str, Home]:
    """Per official named in ``doc`` (by canonical name), the home its posts give, if any."""
    mentions = doc.mentions
    parents = {m.canonical: m.parent for m in mentions if m.type in PLACE_TYPES and m.parent}
    body_parent = {m.canonical: m.parent for m in mentions if m.type not in PLACE_TYPES and m.parent}
    places = sorted({m.canonical for m in mentions if m.type in PLACE_TYPES}, key=len, reverse=True)
    named: dict[str, set[str]] = defaultdict(set)
    placed: dict[str, set[str]] = defaultdict(set)
    for r in doc.relations:
        if r.predicate != "holdsPost" or r.subject[0] not in PERSON_TYPES:
            continue
        kind, obj = r.object
        named[r.subject[1]].add(obj)
        where = placed[r.subject[1]]
        if kind in PLACE_TYPES:
            where.add(obj)
        else:
            if body_parent.get(obj):
                where.add(body_parent[obj])
            where.update(p for p in places if obj.startswith(p))
        where.update(p for p in places if r.post and p in r.post)
    return {name: Home(frozenset(ns | placed[name]), frozenset(placed[name]),
                       frozenset(a for w in placed[name] for a in _ancestors(w, parents)))
            for name, ns in named.items()}


def cluster(homes_: list[Home | None]) -> tuple[list[int], list[str | None]]:
    """Groups of one name from several articles, joined when their homes match.

    Groups whose posts name places are joined when their homes match, and only then: two
    in unrelated places are two people. A group whose posts name no place (a national body,
    or no post at all) joins the cluster it shares a body with, else the only cluster there
    is (``same-name``); with several, such groups stay a cluster of their own. Returns each
    group's cluster number and the rule that joined it to another (None for one alone).
    """
    n = len(homes_)
    root = list(range(n))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    rule: list[str | None] = [None] * n

    def join(i: int, j: int, why: str) -> None:
        for k in (i, j):  # the stronger reason wins: a shared place over a containing one
            if rule[k] != SAME_PLACE:
                rule[k] = why
        root[find(i)] = find(j)

    placed = [i for i, h in enumerate(homes_) if h is not None and h.places]
    for x, i in enumerate(placed):
        for j in placed[x + 1 :]:
            why = homes_[i].match(homes_[j])  # type: ignore[union-attr]
            if why is not None:
                join(i, j, why)
    clusters = sorted({find(i) for i in placed})
    placed_set = set(placed)
    unplaced = [i for i in range(n) if i not in placed_set]

    def shares_body(i: int, among: list[int]) -> set[int]:
        h = homes_[i]
        if h is None:
            return set()
        return {j for j in among if j != i and (other := homes_[j]) is not None and h.named & other.named}

    loose = []
    for i in unplaced:
        sharing = {find(j) for j in shares_body(i, placed)}
        if len(sharing) == 1:
            join(i, next(iter(sharing)), SAME_PLACE)
        elif len(clusters) == 1:
            join(i, clusters[0], SAME_PLACE if shares_body(i, unplaced) else "same-name")
        else:
            loose.append(i)
    for i in loose[1:]:
        join(i, loose[0], SAME_PLACE if shares_body(i, loose) else "same-name")
    number = {c: k for k, c in enumerate(sorted({find(i) for i in range(n)}))}
    return [number[find(i)] for i in range(n)], rule


# ----------------------------------------------------------------------------------------------
# Post titles


def role_title(post: str, places: Iterable[str], body: str | None = None) -> tuple[str, bool]:
    """The post title shared across articles, and whether the post is given as held before.

    The place names in front go (青山县委书记 → 县委书记, 江北省云水县县委常委 → 县委常委,
    石桥镇镇长 → 镇长), their level kept; a body that is no party or government organ goes
    too (湖滨区农业农村局局长 → 局长, 云水县观鸟协会会长 → 会长); a short form is the title it
    stands for (村支书 → 村党支部书记); 原 in front marks a post held before (原党委委员).
    """
    names = sorted({p for p in places if len(p) >= 2}, key=len, reverse=True)  # not 市 for 该市
    rest, level = post, ""
    stripped = True
    while stripped:
        stripped = False
        for name in names:
            if rest.startswith(name) and len(rest) > len(name):
                rest, stripped = rest[len(name):], True
                level = name[-1] if name[-1] in L.LEVEL_CHARS else ""
                break
    former = rest.startswith(L.FORMER_MARKS) and len(rest) > 2
    if former:
        rest = rest[1:]
    if body:
        own = body
        for name in names:
            if own.startswith(name) and len(own) > len(name):
                own = own[len(name):]
                break
        if len(own) >= 2 and own not in L.ORGANS:
            # the body's own title (局长 of 湖滨区农业农村局), its level word in front or not
            # (自治区政协办公厅…处长 of 新疆维吾尔自治区政协办公厅…处)
            for lead in ("", *L.LEVEL_WORDS):
                if rest.startswith(lead + own) and len(rest) > len(lead + own):
                    return rest[len(lead + own):], former
    if level and not rest.startswith(level) and rest.startswith(tuple(L.ORGANS)):
        rest = level + rest
    return L.SHORT_TITLES.get(rest, rest), former  # 村支书 is 村党支部书记


# ----------------------------------------------------------------------------------------------
# Memberships


@dataclass
class Membership:
    """One article's report that ``member`` holds ``role`` in ``organization`` (entity ids)."""

    member: str
    organization: str
    role: str | None
    doc_id: str
    date: str | None
    former: bool
    posts: set[str] = field(default_factory=set)
    sentences: set[int] = field(default_factory=set)
    confidence: float = 0.0

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes the record one: who, where, which post, which article."""
        return (self.member, self.organization, self.role or "", self.doc_id)


def memberships(entities: Iterable[Entity], relations: Iterable[Relation],
                docs: Mapping[str, Document]) -> list[Membership]:
    """The memberships of the corpus: one per official, body or place, post title and article,
    from the ``holdsPost`` evidence, in a stable order (member, date, role, organization)."""
    # a body's name may be taken out of its post (局长 of …局); a place's is its level (镇长 of …镇)
    label = {e.id: e.label for e in entities if e.type not in PLACE_TYPES}
    places_of: dict[str, list[str]] = {}
    out: dict[tuple[str, str, str, str], Membership] = {}
    for r in relations:
        if r.predicate != "holdsPost":
            continue
        for doc_id, rm in r.evidence:
            doc = docs[doc_id]
            if doc_id not in places_of:
                places_of[doc_id] = [m.canonical for m in doc.mentions if m.type in PLACE_TYPES] + \
                    [m.text for m in doc.mentions if m.type in PLACE_TYPES]
            if rm.post:
                role, former = role_title(rm.post, places_of[doc_id], label.get(r.object))
            else:
                role, former = None, False
            rec = Membership(r.subject, r.object, role, doc_id, doc.date, former)
            rec = out.setdefault(rec.key, rec)
            if rm.post:
                rec.posts.add(rm.post)
            rec.sentences.add(rm.sentence)
            rec.confidence = max(rec.confidence, rm.confidence)
    return sorted(out.values(), key=lambda m: (m.member, m.date or "9999", m.role or "", m.organization, m.doc_id))


def sequence(records: list[Membership]) -> list[tuple[Membership, Membership]]:
    """(earlier, next) pairs of each official's memberships in date order: posts reported on
    different dates, the former ones before the article's date left out."""
    by_member: dict[str, list[Membership]] = defaultdict(list)
    for m in records:
        if m.date and not m.former:
            by_member[m.member].append(m)
    pairs = []
    for ms in by_member.values():
        dates = sorted({m.date for m in ms})  # type: ignore[type-var]
        for a, b in zip(dates, dates[1:]):
            pairs += [(x, y) for x in ms if x.date == a for y in ms if y.date == b]
    return pairs
