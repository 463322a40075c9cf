"""Stage export: each format re-imports to an isomorphic graph."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import ExportError
from kg.export import TurtleInBackground, exporter, load_graph, to_turtle, write_graph


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


def test_graphml_and_csv_keep_nodes_and_edges(sample_build, tmp_path) -> None:
    import csv

    import networkx as nx

    from kg.export import property_graph

    pg = property_graph(sample_build.graph)
    assert pg.number_of_nodes() >= len(sample_build.entities)
    assert pg.number_of_edges() >= len(sample_build.relations)
    write_graph(sample_build.graph, tmp_path / "g.graphml", "graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert set(back.nodes) == set(pg.nodes)
    assert sorted((s, o, d["relation"]) for s, o, d in back.edges(data=True)) == \
        sorted((s, o, d["relation"]) for s, o, d in pg.edges(data=True))
    assert {n: d["label"] for n, d in back.nodes(data=True)} == {n: d["label"] for n, d in pg.nodes(data=True)}
    write_graph(sample_build.graph, tmp_path / "neo4j", "csv")
    with open(tmp_path / "neo4j" / "nodes.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["iri:ID"] for r in rows} == set(pg.nodes)
    with open(tmp_path / "neo4j" / "relationships.csv", encoding="utf-8") as fh:
        rels = list(csv.DictReader(fh))
    assert sorted((r[":START_ID"], r[":END_ID"], r[":TYPE"]) for r in rels) == \
        sorted((s, o, d["relation"]) for s, o, d in pg.edges(data=True))


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
