"""Stage build_rdf and the whole build on the bundled samples (the issue's acceptance checks)."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from kg.export import to_turtle, write_graph
from kg.pipeline import build
from kg.resources import opencc
from kg.validate import validate
from kg.vocab import SK

from conftest import DATA


def _labels(g: Graph, cls) -> set[str]:
    return {str(g.value(e, RDFS.label)) for e in g.subjects(RDF.type, cls)}


def test_graph_parses_and_labels_are_clean(sample_graph_file) -> None:
    g = Graph().parse(sample_graph_file, format="turtle")
    conv = opencc("t2s")
    labels = [str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(None, p)]
    assert labels
    for label in labels:
        assert not re.search(r"[A-Za-z]\d|[%^*$#@{}]", label), label  # watermark debris
        assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)", label), label  # pinyin glosses
    for label in (str(o) for o in g.objects(None, RDFS.label)):
        assert conv.convert(label) == label, label  # no traditional characters


def test_required_entities_present(sample_graph_file) -> None:
    g = Graph().parse(sample_graph_file, format="turtle")
    assert "永州市" in _labels(g, SK.City)
    assert "何光中" in _labels(g, SK.Official)
    assert "塘坝村" in _labels(g, SK.Village)
    township = next(e for e in g.subjects(RDF.type, SK.Township) if str(g.value(e, RDFS.label)) == "双塔街道")
    parents = {str(g.value(p, RDFS.label)) for p in g.objects(township, SK.locatedIn)}
    assert "涿州市" in parents


def test_every_mention_traces_to_its_raw_text(sample_build) -> None:
    docs = {d.id: d for d in sample_build.documents}
    for e in sample_build.entities:
        for doc_id, m in e.mentions:
            d = docs[doc_id]
            assert d.text[m.span.start : m.span.end] == m.text
            raw = d.raw_span(m.span)
            assert raw.end > raw.start
            # every cleaned character comes from the raw range it claims
            assert all(raw.start <= d.offsets[i] < raw.end for i in range(m.span.start, m.span.end))


def test_relations_have_evidence_containing_both_ends(sample_build) -> None:
    """Both ends are written in the evidence sentence (or, for a subject carried over, the one before it).

    Only the rules that draw on the whole article (DOCUMENT_LEVEL_RULES) may have one
    end elsewhere in the document; that end must still be mentioned there.
    """
    import re

    from kg.extract_relations import DOCUMENT_LEVEL_RULES

    docs = {d.id: d for d in sample_build.documents}
    ents = {e.id: e for e in sample_build.entities}
    from kg import lexicon as L

    pronoun = re.compile("该(" + "|".join(L.POINTER_KINDS) + ")")  # 该村, 该公司, 该基金 …

    def written(eid: str, doc_id: str, sents: set[int]) -> bool:
        e = ents[eid]
        d = docs[doc_id]
        if any(dd == doc_id and d.sentence_of(m.span) in sents for dd, m in e.mentions):
            return True
        text = "".join(d.sentence_text(i) for i in sorted(sents) if i >= 0)
        return any(n in text for n in (e.label, *e.aliases)) or bool(pronoun.search(text))

    checked = 0
    for r in sample_build.relations:
        for doc_id, rm in r.evidence:
            d = docs[doc_id]
            assert rm.evidence == d.sentences[rm.sentence].span
            rule = rm.extractor.split(":", 1)[-1]
            here = {rm.sentence}
            if rule in DOCUMENT_LEVEL_RULES:
                assert written(r.subject, doc_id, here) or written(r.object, doc_id, here), rm
                assert any(dd == doc_id for dd, _ in ents[r.subject].mentions + ents[r.object].mentions)
                continue
            checked += 1
            assert written(r.object, doc_id, here), (rule, ents[r.object].label, d.sentence_text(rm.sentence))
            assert written(r.subject, doc_id, here | {rm.sentence - 1}), \
                (rule, ents[r.subject].label, d.sentence_text(rm.sentence))
    assert checked > 100


def test_graph_conforms_to_shapes(sample_build) -> None:
    report = validate(sample_build.graph)
    assert report.conforms, report.text[:2000]


def test_shapes_catch_a_broken_graph(sample_build) -> None:
    g = Graph()
    for t in sample_build.graph:
        g.add(t)
    victim = next(g.subjects(RDF.type, SK.Agency))
    g.remove((victim, RDFS.label, None))
    assert not validate(g).conforms


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path) -> None:
    a = to_turtle(build([DATA], progress=False).graph)
    b = to_turtle(build([DATA], progress=False).graph)
    assert a == b
    write_graph(build([DATA], progress=False).graph, tmp_path / "g.ttl")
    assert (tmp_path / "g.ttl").read_text(encoding="utf-8") == a


def test_two_workers_give_the_same_graph(tmp_path) -> None:
    for i in range(6):  # enough documents that the pool is used
        (tmp_path / f"a{i}.txt").write_text(f"第{i}篇。江北区五里店街道桂花村村民张三丰向江北区信访办反映道路积水问题。",
                                           encoding="utf-8")
    one = to_turtle(build([DATA, tmp_path], progress=False, workers=1).graph)
    two = to_turtle(build([DATA, tmp_path], progress=False, workers=2).graph)
    assert one == two


def test_build_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    build([DATA], progress=False)
    assert gc.get_freeze_count() == 0  # its own freeze (during resolve) is undone
    assert gc.isenabled()  # and its pause
    gc.freeze()
    gc.disable()
    try:
        build([DATA], progress=False)
        assert gc.get_freeze_count() > 0  # a caller's frozen objects stay frozen
        assert not gc.isenabled()  # and a caller's pause stays
    finally:
        gc.unfreeze()
        gc.enable()


def test_literals_with_quotes_backslashes_and_line_ends_round_trip(tmp_path) -> None:
    # the writer escapes only the texts that need it: they must come back exactly as written
    (tmp_path / "a.txt").write_text('江北区信访办主任张三说："路修好了\\后面还有"。\n第二行\r\n桂花村村民反映问题。',
                                    encoding="utf-8")
    result = build([tmp_path])
    doc = result.documents[0]
    texts = {str(o) for o in result.graph.objects(None, SK.text)}
    sentences = {doc.sentence_text(i) for i in range(len(doc.sentences))}
    assert sentences <= texts
    assert any('"' in t and "\\" in t for t in texts)
    assert {str(m.text) for m in doc.all_mentions} <= texts
