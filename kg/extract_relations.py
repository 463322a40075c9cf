"""Stage ``extract_relations``: who reported to whom, who paid, who fixed what, and where.

The rules live in :mod:`kg.relations`, one module per relation family (``places``
for locatedIn, ``posts``, ``reports``, ``programmes`` for implements, ``money`` for
funded, ``problems`` for resolved and affects), over the mentions of one sentence
(and, for a missing subject, the sentence before it in the same paragraph). The
learned classifier (:mod:`kg.relation_model`) then decides the predicates it knows
for every pair of names in a sentence, with the rules' verdicts among its features.
Each relation records its rule or model name and a confidence; ``funded`` carries a
:class:`Funding` with the amount in yuan.
"""

from __future__ import annotations

from dataclasses import replace

from . import lexicon as L
from . import relation_model
from .gazetteer import gazetteer
from .model import PLACE_TYPES, Document, Mention, RelationMention
from .relations import money, places, problems, programmes, reports, rules_in_order
from .relations.mentions import DOCUMENT_LEVEL_RULES, make_relation, mentions_by_sentence
from .relations.money import parse_amount
from .relations.posts import each_post
from .stages import stage

# The families whose rules register themselves when imported (posts: by the import above).
_FAMILIES = (money, places, problems, programmes, reports)

__all__ = ["DOCUMENT_LEVEL_RULES", "extract_relations", "parse_amount", "rule_relations"]


# A rule's relation stands unless the classifier gives "no relation" at least this probability
# (chosen by cross-validation over articles, benchmarks/genre_cv.py).
OVERRULE = 0.9


# The problems its rules find fixed are Issue mentions of its own field, ``issues``: a problem is
# named by the rule that finds it fixed (Document.all_mentions puts them with the others).
@stage("extract_relations", requires=("text", "sentences", "mentions"), assigns=("relations", "issues"))
def extract_relations(doc: Document) -> Document:
    """Stage: fill ``relations``: the classifier decides the predicates it knows for every pair of
    names in a sentence (the rules' verdict among its features); the rules give the rest (links
    across sentences, fundings with their amounts, reports, problems fixed)."""
    given = doc
    doc = rule_relations(doc)
    decided: set[tuple[int, tuple[str, str], tuple[str, str]]] = set()
    learned: list[RelationMention] = []
    for sent, a, b, feats in relation_model.instances(doc, doc.relations):
        label, prob, p_none = relation_model.classify(feats)
        if p_none >= OVERRULE:
            decided.add((sent, a.key, b.key))  # the model is sure the rules are wrong here
        if label == relation_model.NONE or not relation_model.fits(label, a, b):
            continue
        if label == "locatedIn" and _gazetteer_denies(a, b):
            continue  # 靖西市 in 深圳市: two divisions GB/T 2260 knows, the one not inside the other
        post = None
        if label == "holdsPost":
            parts = each_post(a.post or "")
            post = next((p for p in parts if b.canonical[-2:] in p or p.startswith(b.canonical[:2])), parts[-1]) or None
            if post is None:
                continue  # the schema's holdsPost carries the post title
            if post in L.NATIONAL_POSTS and not b.canonical.startswith(L.CENTRAL_BODY_PREFIXES):
                continue  # 习近平总书记 beside a province's party secretary holds no post in its committee
        learned.append(replace(make_relation(label, a, b, sent, doc, "", round(prob, 2), post=post), extractor="model"))
    decided -= _listed_with_kept(doc, decided)
    kept = [r for r in doc.relations if r.predicate not in relation_model.DOMAINS
            or (r.sentence, r.subject, r.object) not in decided]
    final = tuple(sorted(_implied_dropped(_direct_only(doc, kept + learned)), key=_order))
    return given.replace(relations=final, issues=doc.issues)


def _gazetteer_denies(a: Mention, b: Mention) -> bool:
    """Whether GB/T 2260 says the division ``a`` does not lie in the division ``b`` (each name
    one division only; a name it does not know, or shares between two, denies nothing)."""
    found_a, found_b = gazetteer().lookup(a.canonical), gazetteer().lookup(b.canonical)
    if len(found_a) != 1 or len(found_b) != 1:
        return False
    return found_b[0].code not in {p.code for p in gazetteer().parents(found_a[0])}


# What may stand between two names of one list (会计学院、文传学院和旅游学院); not a comma, which
# also joins a name to its apposition.
_LIST_JOINS = frozenset(("、", "和", "及", "与"))

_PairKey = tuple[int, tuple[str, str], tuple[str, str]]  # (sentence, subject, object)


def _listed_with_kept(doc: Document, decided: set[_PairKey]) -> set[_PairKey]:
    """The rule relations the classifier overruled whose subject is listed with the subject of one
    it kept, same rule, predicate, object and sentence (A、B、C等单位…): the members of a list share
    the list's verdict. The classifier judges each pair apart and a name far from the other end
    looks unlike one it was trained on; the list says they stand alike."""
    groups: dict[tuple, list[RelationMention]] = {}
    for r in doc.relations:
        if r.predicate in relation_model.DOMAINS:
            groups.setdefault((r.sentence, r.predicate, r.object, r.extractor), []).append(r)
    rescued: set[_PairKey] = set()
    for (sent, *_), rels in groups.items():
        if len(rels) < 2 or all((r.sentence, r.subject, r.object) in decided for r in rels):
            continue
        span = doc.sentences[sent].span
        first: dict[tuple[str, str], Mention] = {}
        for m in doc.mentions:
            if span.start <= m.span.start < span.end:
                first.setdefault(m.key, m)
        members = sorted((first[r.subject] for r in rels if r.subject in first), key=lambda m: m.span.start)
        runs: list[list[Mention]] = [[members[0]]] if members else []
        for prev, m in zip(members, members[1:]):
            gap = doc.text[prev.span.end : m.span.start]
            if len(gap) <= 1 and all(c in _LIST_JOINS for c in gap):
                runs[-1].append(m)
            else:
                runs.append([m])
        for run in runs:
            keys = {m.key for m in run}
            group = [r for r in rels if r.subject in keys]
            if any((r.sentence, r.subject, r.object) not in decided for r in group):
                rescued.update((r.sentence, r.subject, r.object) for r in group)
    return rescued & decided


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


def _implied_dropped(rels: list[RelationMention]) -> list[RelationMention]:
    """Drop a ``locatedIn`` link of a body that the article's other links imply: 吉水县委 is named
    after 吉水县 and lies in it, and 吉水县 lies in 江西省, so 吉水县委 → 江西省 (read from
    江西省吉水县委) only follows, since locatedIn is transitive. Places keep their links: a
    place's other link may be a guess, a body's own name is not."""
    located: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for r in rels:
        if r.predicate == "locatedIn":
            located.setdefault(r.subject, set()).add(r.object)
    implied = {(x, p) for x, ups in located.items() if x[0] not in PLACE_TYPES
               for q in ups if q[0] in PLACE_TYPES and q[1] in x[1]
               for p in located.get(q, ()) if p != x and p in ups and p != q}
    return [r for r in rels if r.predicate != "locatedIn" or (r.subject, r.object) not in implied]


def _order(r: RelationMention) -> tuple:
    return (r.sentence, r.predicate, r.subject, r.object)


def rule_relations(doc: Document) -> Document:
    """The rules' relations of ``doc`` (and the Issue mentions they find, in ``issues`` and among
    the ``mentions`` of the view it returns): the classifier's features for the pairs it decides,
    and the output for the rest."""
    by_sent = mentions_by_sentence(doc)
    rels: list[RelationMention] = []
    issues: list[Mention] = []
    for rule in rules_in_order():
        if rule.makes_issues:
            found, named = rule.func(doc, by_sent)
            rels.extend(found)
            issues.extend(named)
        else:
            rels.extend(rule.func(doc, by_sent))
    # One Issue per span: a phrase that two rules (or the entity layer) label differently is one
    # problem, named as the first rule that fixed it names it; their relations follow it.
    by_span: dict[tuple[int, int], Mention] = {}
    rename: dict[tuple[str, str], tuple[str, str]] = {}
    for m in issues:
        first = by_span.setdefault((m.span.start, m.span.end), m)
        if first.key != m.key:
            rename[m.key] = first.key
    for m in doc.mentions:  # an Issue the entity layer found where a rule named one is that one
        made = by_span.get((m.span.start, m.span.end)) if m.type == "Issue" else None
        if made is not None and made.key != m.key:
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
    # A view for the classifier and the trainer: the entity mentions with the problems named.
    view = doc.replace(relations=tuple(unique), issues=tuple(issues))
    return view.replace(mentions=view.all_mentions)
