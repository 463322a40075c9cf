"""The SPARQL-compiled SHACL engine agrees with pySHACL, the reference, on sound and damaged graphs."""

from __future__ import annotations

import random
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.validate import UnsupportedShape, _target, compiled_checks, validate
from kg.vocab import SK


def _keys(report) -> set[tuple[str, str, str]]:
    return {r[:3] for r in report.results}


def test_sample_graph_conforms_on_both_engines(sample_build) -> None:
    a = validate(sample_build.store)
    b = validate(sample_build.graph, engine="pyshacl")
    assert a.conforms and b.conforms


def test_every_shape_is_compiled() -> None:
    # one query per constraint: a shape the compiler skipped would show up as a missing component
    checks = compiled_checks()
    components = {c.component for c in checks}
    counts = [n for c in checks for n in c.counts]
    assert any(n.min_count for n in counts) and any(n.max_count for n in counts)
    assert any(len(c.counts) > 1 for c in checks)  # a shape's single-valued properties counted together
    assert {"CountConstraint", "ClassConstraintComponent",
            "DatatypeConstraintComponent", "OrConstraintComponent", "InConstraintComponent",
            "LanguageInConstraintComponent", "MinInclusiveConstraintComponent"} <= components


_DAMAGE = [
    lambda g, s: g.add((s, RDFS.label, Literal("second label", lang="zh"))),
    lambda g, s: g.add((s, RDFS.label, Literal("no language"))),
    lambda g, s: g.add((s, SK.confidence, Literal("1.5", datatype=XSD.decimal))),
    lambda g, s: g.add((s, SK.startChar, Literal("-3", datatype=XSD.integer))),
    lambda g, s: g.add((s, SK.startChar, Literal("x"))),
    lambda g, s: g.add((s, SK.reportedTo, s)),
    lambda g, s: g.add((s, SK.locatedIn, URIRef("https://w3id.org/shishi-kg/id/issue/0000000000000000"))),
    lambda g, s: g.add((s, RDF.predicate, RDFS.label)),
    lambda g, s: g.add((s, RDF.type, SK.Official)),
    lambda g, s: g.add((s, SK.affects, s)),
    # extra values on two single-valued properties of one node: a count check joins them
    lambda g, s: (g.add((s, SK.endChar, Literal(7, datatype=XSD.integer))),
                  g.add((s, SK.text, Literal("又一段")))),
]


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), removals=st.integers(0, 60), damages=st.integers(0, 8))
def test_engines_agree_on_damaged_graphs(sample_build, seed: int, removals: int, damages: int) -> None:
    rng = random.Random(seed)
    g = Graph()
    for t in sample_build.graph:
        g.add(t)
    triples = sorted(g)
    for t in rng.sample(triples, removals):
        g.remove(t)
    subjects = sorted({s for s, _, _ in triples})
    for _ in range(damages):
        rng.choice(_DAMAGE)(g, rng.choice(subjects))
    fast, ref = validate(g), validate(g, engine="pyshacl")
    assert fast.conforms == ref.conforms
    assert _keys(fast) == _keys(ref)


def test_compiler_refuses_what_it_cannot_check() -> None:
    sg = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetNode ex:a .""", format="turtle")
    with pytest.raises(UnsupportedShape):
        _target(sg, URIRef("http://example.org/S"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")
def test_background_threads_run_at_the_lowest_priority_and_leave_the_caller_alone() -> None:
    import os
    import threading

    from kg.runtime import lower_priority

    def nice_of(tid: int) -> int:
        # field 19 of /proc/self/task/TID/stat, counted after the command name's closing parenthesis
        stat = open(f"/proc/self/task/{tid}/stat").read()
        return int(stat.rsplit(")", 1)[1].split()[16])

    seen: list[int] = []

    def work() -> None:
        lower_priority()
        seen.append(nice_of(threading.get_native_id()))

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen == [19]
    assert nice_of(threading.get_native_id()) == os.getpriority(os.PRIO_PROCESS, 0) != 19


def test_background_check_reports_the_same_and_is_not_starved(sample_build, monkeypatch) -> None:
    # Low-priority threads that never get the CPU (here: never start) must not hold the
    # report back: result() finishes what is left at normal priority.
    import threading

    import kg.validate as v

    stalled = threading.Event()
    monkeypatch.setattr(v, "lower_priority", stalled.wait)
    check = v.SparqlCheck(sample_build.store, threads=2, background=True)
    done: list[object] = []
    waiter = threading.Thread(target=lambda: done.append(check.result()), daemon=True)
    waiter.start()
    waiter.join(timeout=120)
    stalled.set()
    assert done and done[0] == validate(sample_build.store)
    assert check.result() is done[0]  # asked again: the same report


def test_counts_checked_together_report_each_property(sample_build) -> None:
    # a mention with two extra values and a sentence missing one: the engines report the same three
    g = Graph()
    for t in sample_build.graph:
        g.add(t)
    mention = sorted(g.subjects(RDF.type, SK.Mention))[0]
    sentence = sorted(g.subjects(RDF.type, SK.Sentence))[0]
    g.add((mention, SK.endChar, Literal(99_999, datatype=XSD.integer)))
    g.add((mention, SK.text, Literal("又一段")))
    g.remove((sentence, SK.startChar, None))
    fast, ref = validate(g), validate(g, engine="pyshacl")
    assert _keys(fast) == _keys(ref)
    found = {(f, p.rsplit("#", 1)[-1], comp) for f, p, comp, _ in fast.results}
    assert {(str(mention), "endChar", "MaxCountConstraintComponent"),
            (str(mention), "text", "MaxCountConstraintComponent"),
            (str(sentence), "startChar", "MinCountConstraintComponent")} <= found


def test_a_cancelled_check_says_so_instead_of_waiting(sample_build, monkeypatch) -> None:
    import threading

    import kg.validate as v

    stalled = threading.Event()
    monkeypatch.setattr(v, "lower_priority", stalled.wait)
    check = v.SparqlCheck(sample_build.store, threads=1, background=True)
    check.cancel()
    stalled.set()
    with pytest.raises(RuntimeError, match="cancelled"):
        check.result()
