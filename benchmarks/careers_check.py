"""How the gold's posts come out as careers: each gold ``holdsPost`` found, found as an
``sk:Membership``, and dated where its article has a date; and the officials merged or kept
apart across articles, with their rules.

    kg build ../shared/eval/genre/texts --out /tmp/genre
    python benchmarks/careers_check.py /tmp/genre/graph.ttl ../shared/eval/genre/gold.jsonl
    kg build data --out /tmp/seeds
    python benchmarks/careers_check.py /tmp/seeds/graph.ttl ../shared/eval/seeds.gold.jsonl

Names are compared as ``kg evaluate`` compares them (NFKC, simplified, no spaces or quotes).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.evaluate import norm, read_gold  # noqa: E402
from kg.query import run_query  # noqa: E402

_NAMES = "rdfs:label|skos:altLabel"

_POSTS = f"""SELECT ?doc ?sn ?on WHERE {{
  ?a rdf:predicate sk:holdsPost ; rdf:subject ?s ; rdf:object ?o ; sk:inSentence/sk:inDocument/dcterms:identifier ?doc .
  ?s {_NAMES} ?sn . ?o {_NAMES} ?on }}"""

_MEMBERSHIPS = f"""SELECT ?doc ?sn ?on ?date ?former WHERE {{
  ?m a sk:Membership ; org:member ?s ; org:organization ?o ; sk:inSentence/sk:inDocument/dcterms:identifier ?doc .
  ?s {_NAMES} ?sn . ?o {_NAMES} ?on . OPTIONAL {{ ?m sk:heldOn ?date }} OPTIONAL {{ ?m sk:former ?former }} }}"""

_DATED = "SELECT ?doc WHERE { ?d a sk:Document ; dcterms:identifier ?doc ; dcterms:date ?date }"

_PEOPLE = """SELECT ?name (COUNT(DISTINCT ?e) AS ?entities) (GROUP_CONCAT(DISTINCT ?rule; separator=' ') AS ?rules)
  (GROUP_CONCAT(DISTINCT ?apart; separator=' ') AS ?kept_apart)
  WHERE { ?e a ?c ; rdfs:label ?name . FILTER(?c IN (sk:Official, sk:Person))
          OPTIONAL { ?e sk:mergedBy ?rule } OPTIONAL { ?e sk:keptApartBy ?apart } }
  GROUP BY ?name HAVING (COUNT(DISTINCT ?e) > 1 || BOUND(?rule) || BOUND(?apart)) ORDER BY ?name"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph", help="a built graph.ttl")
    ap.add_argument("gold", help="the gold of its articles (.jsonl)")
    args = ap.parse_args()

    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for doc, s, o in run_query(args.graph, _POSTS).rows:
        pairs[doc].add((norm(s), norm(o)))
    members: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
    for doc, s, o, date, former in run_query(args.graph, _MEMBERSHIPS).rows:
        # "dated", else "former" (a post held before the article's date has none), else ""
        state = "dated" if date else "former" if former == "true" else ""
        key = (norm(s), norm(o))
        members[doc][key] = max(members[doc].get(key, ""), state, key=("", "former", "dated").index)
    dated = {row[0] for row in run_query(args.graph, _DATED).rows}

    gold = found = membership = in_dated = with_date = former = 0
    for rec in read_gold(args.gold):
        doc = str(rec["doc"])
        forms = defaultdict(set)
        for e in rec.get("entities", []):
            for n in (e["name"], *e.get("aliases", [])):
                forms[norm(e["name"])].add(norm(n))
        for r in rec.get("relations", []):
            if r.get("p") != "holdsPost":
                continue
            gold += 1
            ss, os_ = forms.get(norm(r["s"]), {norm(r["s"])}), forms.get(norm(r["o"]), {norm(r["o"])})
            if not any(s in ss and o in os_ for s, o in pairs.get(doc, ())):
                continue
            found += 1
            hits = [d for (s, o), d in members.get(doc, {}).items() if s in ss and o in os_]
            membership += bool(hits)
            if doc in dated:
                in_dated += 1
                with_date += "dated" in hits
                former += "dated" not in hits and "former" in hits
    print(f"gold holdsPost {gold}; found {found}; of those a membership {membership} "
          f"({membership / found:.0%}); in dated articles {in_dated}: dated {with_date}, "
          f"given as held before (原…, no date) {former}"
          if found else f"gold holdsPost {gold}; none found")
    print("\nofficials and people merged across articles or kept apart:")
    for name, n, rules, apart in run_query(args.graph, _PEOPLE).rows:
        print(f"  {name}: {n} entit{'y' if n == '1' else 'ies'}; merged by {rules or '-'}; kept apart by {apart or '-'}")


if __name__ == "__main__":
    main()
