"""``kg evaluate``: score a built graph against gold annotations, as SCHEMA.md defines.

The graph is read from its Turtle export alone, by SPARQL over the class and
property local names. An entity matches a gold entity of the same type when
one of its labels equals the gold name or an alias after NFKC folding,
traditional→simplified conversion and removal of spaces and quotes.
Relations match on predicate and both ends; ``resolved`` is scored as the
pair (resolver, entity the issue affects). Funding amounts are scored apart:
the share of matched fundings whose amount is within 1% of gold.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .errors import GoldError
from .export import load_graph
from .model import ENTITY_TYPES
from .namespaces import sparql_prefixes
from .resources import opencc

SCORED_TYPES = tuple(t for t in ENTITY_TYPES if t != "Issue")


def norm(s: str) -> str:
    """Fold a name for comparison: NFKC, simplified, no spaces or quotation marks."""
    s = unicodedata.normalize("NFKC", s)
    s = opencc("t2s").convert(s)
    return re.sub(r"[\s“”\"‘’'《》「」『』]", "", s)


@dataclass
class PRF:
    """True positives and the sizes of the predicted and gold sets."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def p(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def add(self, other: "PRF") -> None:
        """Accumulate counts."""
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold


@dataclass
class Scores:
    """Per-type entity scores, per-predicate relation scores and funding accuracy."""

    entities: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    relations: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    funding_matched: int = 0
    funding_right: int = 0
    errors: list[str] = field(default_factory=list)

    def entity_micro(self) -> PRF:
        """Micro-average over every type but Issue."""
        tot = PRF()
        for t in SCORED_TYPES:
            tot.add(self.entities[t])
        return tot

    def relation_micro(self) -> PRF:
        """Micro-average over all predicates."""
        tot = PRF()
        for p in self.relations.values():
            tot.add(p)
        return tot


def read_gold(path: str | Path) -> list[dict]:
    """Gold records, one per article; a malformed line is an error naming its number."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise GoldError(f"{path}:{i}: not valid JSON ({e.msg})") from None
            if not isinstance(rec, dict) or "doc" not in rec:
                raise GoldError(f"{path}:{i}: a gold record needs \"doc\", \"entities\" and \"relations\"")
            out.append(rec)
    return out


_ENTITIES_Q = "\n" + sparql_prefixes("sk", "rdfs", "skos", "dcterms") + """SELECT DISTINCT ?doc ?e ?type ?name WHERE {
  ?m sk:denotes ?e ; sk:inSentence/sk:inDocument/dcterms:identifier ?doc .
  ?e a ?c . FILTER(STRSTARTS(STR(?c), STR(sk:)))
  BIND(STRAFTER(STR(?c), "#") AS ?type)
  { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name }
}"""
_RELATIONS_Q = "\n" + sparql_prefixes("sk", "rdf", "dcterms") + """SELECT DISTINCT ?doc ?s ?p ?o WHERE {
  ?a a sk:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     sk:inSentence/sk:inDocument/dcterms:identifier ?doc .
}"""
_FUNDING_Q = "\n" + sparql_prefixes("sk", "dcterms") + """SELECT ?doc ?s ?o ?amount WHERE {
  ?f a sk:Funding ; sk:funder ?s ; sk:recipient ?o ; sk:inSentence/sk:inDocument/dcterms:identifier ?doc .
  OPTIONAL { ?f sk:amount ?amount }
}"""


def _label(forms: set[str]) -> str:
    """One readable name of an entity (its shortest label), for error listings."""
    return min(forms, key=lambda f: (len(f), f)) if forms else "?"


def score(graph: Graph, gold: list[dict], details: list[str] | None = None) -> Scores:
    """Score ``graph`` against gold records. With a ``details`` list, each document's missed (-) and
    spurious (+) entities and relations are appended to it as ``doc<TAB>±<TAB>kind<TAB>what`` lines
    (what error analysis reads)."""
    names: dict[str, set[str]] = defaultdict(set)
    doc_entities: dict[str, dict[str, str]] = defaultdict(dict)  # doc -> entity -> type
    for row in graph.query(_ENTITIES_Q):
        doc, e, typ, name = (str(x) for x in row)
        names[e].add(norm(name))
        doc_entities[doc][e] = typ
    affects: dict[str, set[str]] = defaultdict(set)
    doc_rels: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in graph.query(_RELATIONS_Q):
        doc, s, p, o = (str(x) for x in row)
        pred = p.rsplit("#", 1)[-1]
        doc_rels[doc].add((pred, s, o))
        if pred == "affects":
            affects[s].add(o)
    fundings: dict[str, list[tuple[str, str, float | None]]] = defaultdict(list)
    for row in graph.query(_FUNDING_Q):
        doc, s, o, amt = row
        fundings[str(doc)].append((str(s), str(o), float(amt) if amt is not None else None))

    sc = Scores()
    for rec in gold:
        doc = str(rec["doc"])
        ents = doc_entities.get(doc, {})
        if not ents:
            sc.errors.append(f"{doc}: no entity of this document in the graph")
        # Entities: one-to-one matching per type.
        for t in ENTITY_TYPES:
            golds = [g for g in rec.get("entities", []) if g.get("type") == t]
            preds = [e for e, et in ents.items() if et == t]
            used: set[str] = set()
            tp = 0
            for g in golds:
                forms = {norm(g["name"]), *(norm(a) for a in g.get("aliases", []))}
                hit = next((e for e in preds if e not in used and names[e] & forms), None)
                if hit:
                    used.add(hit)
                    tp += 1
                elif details is not None and t != "Issue":
                    details.append(f"{doc}\t-\t{t}\t{g['name']}")
            sc.entities[t].add(PRF(tp, len(preds), len(golds)))
            if details is not None and t != "Issue":
                details.extend(f"{doc}\t+\t{t}\t{_label(names[e])}" for e in preds if e not in used)

        # A relation's end matches "as entities do": the gold entity it names (by its name or an
        # alias) and a predicted entity of that class with one of that entity's names.
        gold_of: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
        for g in rec.get("entities", []):
            forms = {norm(g["name"]), *(norm(a) for a in g.get("aliases", []))}
            for f in forms:
                gold_of[f].append((g.get("type", ""), forms))

        def ents_named(n: str | None) -> set[str]:
            if not n:
                return set()
            f = norm(n)
            if f not in gold_of:  # an end the gold lists no entity for: by its name alone
                return {e for e in ents if f in names[e]}
            return {e for e in ents for t, forms in gold_of[f]
                    if names[e] & forms and ents[e] == t}

        # Relations: predicted pairs per predicate, resolved through affects.
        pred_pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for p, s, o in doc_rels.get(doc, set()):
            if p == "resolved":
                for x in affects.get(o, set()):
                    pred_pairs[p].add((s, x))
            elif p != "affects":
                pred_pairs[p].add((s, o))
        gold_by_p: dict[str, list[dict]] = defaultdict(list)
        for r in rec.get("relations", []):
            gold_by_p[r["p"]].append(r)
        for p in set(pred_pairs) | set(gold_by_p):
            used_pairs: set[tuple[str, str]] = set()
            tp = 0
            for r in gold_by_p.get(p, []):
                ss, oo = ents_named(r["s"]), ents_named(r["o"])
                hit = next(((a, b) for a, b in sorted(pred_pairs.get(p, set()))
                            if (a, b) not in used_pairs and a in ss and b in oo), None)
                if not hit and details is not None:
                    details.append(f"{doc}\t-\t{p}\t{r['s']} -> {r['o']}\t{r.get('evidence', '')[:80]}")
                if hit:
                    used_pairs.add(hit)
                    tp += 1
                    if p == "funded" and r.get("amount") is not None:
                        sc.funding_matched += 1
                        amounts = [a for s, o, a in fundings.get(doc, []) if (s, o) == hit and a is not None]
                        if any(abs(a - float(r["amount"])) <= 0.01 * float(r["amount"]) for a in amounts):
                            sc.funding_right += 1
            sc.relations[p].add(PRF(tp, len(pred_pairs.get(p, set())), len(gold_by_p.get(p, []))))
            if details is not None:
                details.extend(f"{doc}\t+\t{p}\t{_label(names[a])} -> {_label(names[b])}"
                               for a, b in sorted(pred_pairs.get(p, set()) - used_pairs))
    return sc


def evaluate(graph_path: str | Path, gold_path: str | Path) -> Scores:
    """Load the graph and gold files and score them."""
    return score(load_graph(graph_path), read_gold(gold_path))


def format_scores(sc: Scores) -> str:
    """A table of per-class and per-relation P/R/F1 with micro averages."""
    lines = [f"{'entity type':<14} {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5}"]
    for t in ENTITY_TYPES:
        s = sc.entities[t]
        lines.append(f"{t:<14} {s.p:6.3f} {s.r:6.3f} {s.f1:6.3f} {s.pred:5d} {s.gold:5d}")
    m = sc.entity_micro()
    lines.append(f"{'micro (no Issue)':<14} {m.p:6.3f} {m.r:6.3f} {m.f1:6.3f} {m.pred:5d} {m.gold:5d}")
    lines.append("")
    lines.append(f"{'relation':<14} {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5}")
    for p in sorted(sc.relations):
        s = sc.relations[p]
        lines.append(f"{p:<14} {s.p:6.3f} {s.r:6.3f} {s.f1:6.3f} {s.pred:5d} {s.gold:5d}")
    m = sc.relation_micro()
    lines.append(f"{'micro':<14} {m.p:6.3f} {m.r:6.3f} {m.f1:6.3f} {m.pred:5d} {m.gold:5d}")
    share = sc.funding_right / sc.funding_matched if sc.funding_matched else 0.0
    lines.append("")
    lines.append(f"funding amounts right: {sc.funding_right}/{sc.funding_matched} ({share:.1%})")
    for e in sc.errors:
        lines.append(f"warning: {e}")
    return "\n".join(lines)
