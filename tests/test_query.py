"""Stage query: bundled questions, engines agree, errors are messages."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.query import bundled_questions, format_result, run_query


def test_bundled_questions_have_descriptions() -> None:
    qs = bundled_questions()
    assert len(qs) >= 4
    assert all(desc for desc, _ in qs.values())


@pytest.mark.parametrize("name", sorted(bundled_questions()))
def test_bundled_question_runs_on_both_stores(sample_graph_file, name: str) -> None:
    from kg.query import parameters

    example = parameters(bundled_questions()[name][1])  # the question's own example values
    a = run_query(sample_graph_file, name, store="oxigraph", bindings=example)
    b = run_query(sample_graph_file, name, store="rdflib", bindings=example)
    assert a.columns == b.columns
    assert sorted(a.rows) == sorted(b.rows)


def test_counts_match_the_graph(sample_build, sample_graph_file) -> None:
    res = run_query(sample_graph_file, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(res.rows[0][0]) == len(sample_build.graph)


def test_malformed_query_reports_position(sample_graph_file) -> None:
    for store in ("oxigraph", "rdflib"):
        with pytest.raises(QueryError, match=r"SPARQL syntax error.*line 2, column"):
            run_query(sample_graph_file, "SELECT ?x\nWHERE { ?x ?y }", store=store)


def test_table_is_aligned_for_chinese() -> None:
    from kg.query import QueryResult, _width

    out = format_result(QueryResult(["name", "n"], [["黔江区信访办", "1"], ["ab", "22"]]))
    lines = out.splitlines()
    assert len({_width(line) for line in lines[:4]}) == 1


def test_table_writes_iris_with_their_prefixes() -> None:
    from kg.query import QueryResult

    out = format_result(QueryResult(["c", "e"], [["https://w3id.org/shishi-kg/ontology#Agency",
                                                  "http://example.org/x"]]))
    assert "sk:Agency" in out and "http://example.org/x" in out
    # CSV keeps the full IRIs for programs
    out = format_result(QueryResult(["c"], [["https://w3id.org/shishi-kg/ontology#Agency"]]), "csv")
    assert "https://w3id.org/shishi-kg/ontology#Agency" in out


def test_foaf_and_org_are_predeclared(sample_graph_file) -> None:
    res = run_query(sample_graph_file, "SELECT ?x WHERE { ?x a org:Organization , foaf:Agent } LIMIT 1")
    assert res.columns == ["x"]
