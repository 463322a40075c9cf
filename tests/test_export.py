"""Stage export: each format re-imports to an isomorphic graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.errors import ExportError
from kg.export import TurtleInBackground, exporter, load_graph, to_turtle, write_graph
from kg.vocab import SK


@pytest.mark.parametrize("fmt,suffix", [("turtle", ".ttl"), ("nt", ".nt"), ("json-ld", ".jsonld"), ("xml", ".rdf")])
def test_round_trip(sample_build, tmp_path, fmt: str, suffix: str) -> None:
    out = tmp_path / f"g{suffix}"
    write_graph(sample_build.graph, out, fmt)
    back = load_graph(out)
    assert len(back) == len(sample_build.graph)
    assert isomorphic(back, sample_build.graph)


def test_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        exporter("no-such-format")


def test_jsonld_has_compact_context(sample_build) -> None:
    text = exporter("json-ld")(sample_build.graph)
    assert '"@context"' in text and '"sk"' in text
    assert isomorphic(Graph().parse(data=text, format="json-ld"), sample_build.graph)


def test_jsonld_is_the_same_bytes_whatever_the_hash_seed(tmp_path) -> None:
    """rdflib writes JSON-LD nodes in set order; the export sorts them, so a rebuilt graph diffs clean."""
    import os
    import subprocess
    import sys

    fixture = Path(__file__).resolve().parent / "fixtures" / "mini.ttl"
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"g{seed}.jsonld"
        subprocess.run([sys.executable, "-m", "kg.cli", "export", str(fixture), "--format", "json-ld",
                        "--out", str(out)], check=True, env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


@pytest.mark.slow
def test_graphml_and_csv_keep_nodes_and_edges(sample_build, tmp_path) -> None:
    import csv

    import networkx as nx

    from kg.export import property_graph

    pg = property_graph(sample_build.graph)
    # the entities are what the text names: the build's count, no gazetteer background
    assert set(pg.nodes) == {str(e) for e in sample_build.graph.objects(None, SK.denotes)}
    assert pg.number_of_nodes() == len(sample_build.entities)
    assert pg.number_of_edges() >= len(sample_build.relations)
    # every edge is traceable, and the money and the posts are on the edges
    assert all(d["evidence"] and d["document"] for _, _, d in pg.edges(data=True))
    funded = [d for _, _, d in pg.edges(data=True) if d["relation"] == "funded"]
    fundings = set(sample_build.graph.subjects(RDF.type, SK.Funding))
    assert len(funded) >= len(fundings) > 0 and sum("amount" in d for d in funded) >= 1
    assert all(d.get("post") for _, _, d in pg.edges(data=True) if d["relation"] == "holdsPost")
    write_graph(sample_build.graph, tmp_path / "g.graphml", "graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert set(back.nodes) == set(pg.nodes)
    assert sorted((s, o, d["relation"]) for s, o, d in back.edges(data=True)) == \
        sorted((s, o, d["relation"]) for s, o, d in pg.edges(data=True))
    assert {n: d["label"] for n, d in back.nodes(data=True)} == {n: d["label"] for n, d in pg.nodes(data=True)}
    assert sorted(d.get("amount", 0) for _, _, d in back.edges(data=True)) == \
        sorted(d.get("amount", 0) for _, _, d in pg.edges(data=True))
    write_graph(sample_build.graph, tmp_path / "neo4j", "csv")
    with open(tmp_path / "neo4j" / "nodes.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["iri:ID"] for r in rows} == set(pg.nodes)
    with open(tmp_path / "neo4j" / "relationships.csv", encoding="utf-8") as fh:
        rels = list(csv.DictReader(fh))
    assert sorted((r[":START_ID"], r[":END_ID"], r[":TYPE"]) for r in rels) == \
        sorted((s, o, d["relation"]) for s, o, d in pg.edges(data=True))
    assert all(r["evidence"] and r["document"] for r in rels)
    assert {r["amount:double"] for r in rels if r[":TYPE"] == "funded"} - {""}


def test_turtle_is_canonical_whatever_holds_the_graph(sample_build, tmp_path) -> None:
    # the store the build made and the rdflib graph parsed back from its Turtle write the same bytes
    from kg.export import load_graph, to_turtle

    first = to_turtle(sample_build.store)
    path = tmp_path / "g.ttl"
    path.write_text(first, encoding="utf-8")
    assert to_turtle(load_graph(path)) == first


def test_turtle_from_another_process_is_the_same_bytes(sample_build, tmp_path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text("the previous graph", encoding="utf-8")
    job = TurtleInBackground(sample_build.store, path)
    assert path.read_text(encoding="utf-8") == "the previous graph"  # nothing moves before result()
    job.result()
    assert path.read_bytes() == to_turtle(sample_build.store).encode("utf-8")
    assert sorted(tmp_path.iterdir()) == [path]  # its temporary folder is gone


def test_turtle_from_another_process_that_fails_keeps_the_old_file(sample_build, tmp_path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text("the previous graph", encoding="utf-8")
    job = TurtleInBackground(sample_build.store, path, prefixes={"bad": "not an IRI"})
    with pytest.raises(ExportError, match="graph.ttl.*IRI"):
        job.result()
    assert path.read_text(encoding="utf-8") == "the previous graph"
    assert sorted(tmp_path.iterdir()) == [path]


def test_every_count_of_entities_agrees(sample_build, sample_graph_file) -> None:
    """The build's count, the classes' counts, a plain ?e a sk:City and the property graph agree."""
    from kg.export import property_graph
    from kg.query import run_query

    by_class = {c: int(n) for c, n in run_query(sample_graph_file, "entities-by-class").rows}
    assert sum(by_class.values()) == len(sample_build.entities) == property_graph(sample_build.graph).number_of_nodes()
    for cls, n in by_class.items():
        typed = run_query(sample_graph_file, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a sk:{cls} }}").rows
        assert int(typed[0][0]) == n, cls
