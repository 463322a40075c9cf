"""kg.stages: stages are registered with what they read and fill; a pipeline that cannot run is refused."""

from __future__ import annotations

import pytest

from kg.errors import StageError
from kg.ingest import make_document
from kg.pipeline import DEFAULT_PIPELINE, build, run_document
from kg.stages import INGESTED, REGISTRY, check_pipeline, stage


def test_the_default_pipeline_reads_only_what_earlier_stages_fill() -> None:
    filled = set(INGESTED)
    for spec in check_pipeline(DEFAULT_PIPELINE):
        assert set(spec.requires) <= filled, spec.name
        filled |= set(spec.assigns)


def test_each_stage_fills_what_it_declares() -> None:
    doc = make_document("a.txt", "湖滨县水利局局长李四来到青山村。\n\n他说，饮水难问题已经解决。", "a.txt")
    for spec in check_pipeline(DEFAULT_PIPELINE):
        out = spec.func(doc)
        changed = {f for f in ("text", "offsets", "sentences", "mentions", "relations")
                   if getattr(out, f) != getattr(doc, f)}
        assert changed <= set(spec.assigns), (spec.name, changed)
        assert changed, spec.name  # each stage fills something on this article
        doc = out


def test_a_stage_run_before_what_it_needs_is_refused_naming_both(tmp_path) -> None:
    doc = make_document("a.txt", "湖滨县水利局。", "a.txt")
    with pytest.raises(StageError, match="'segment'.*needs text"):
        run_document(doc, ("segment", "clean"))
    (tmp_path / "a.txt").write_text("湖滨县水利局。", encoding="utf-8")
    with pytest.raises(StageError, match="no such stage"):
        build(tmp_path, pipeline=("clean", "no_such_stage"), progress=False)


def test_registering_a_misspelt_field_or_a_taken_name_fails() -> None:
    with pytest.raises(ValueError, match="no Document field"):
        stage("x", requires=("txet",), assigns=())
    with pytest.raises(ValueError, match="registered already"):
        stage("clean", requires=("raw",), assigns=("text",))(lambda d: d)
    assert REGISTRY["clean"].func.__module__ == "kg.clean"


def test_recognisers_and_relation_rules_are_registered_by_family() -> None:
    """Each family module registers its recognisers and rules by name; together the rules write
    every relation of the ontology, and the recognisers propose only its classes."""
    import kg.extract_entities  # noqa: F401  (imports every family)
    import kg.extract_relations  # noqa: F401
    from kg.entities import RECOGNISERS, recogniser, recognisers_in_order
    from kg.model import ENTITY_TYPES, RELATION_TYPES
    from kg.relations import RULES, relation_rule, rules_in_order

    assert {p for r in RULES.values() for p in r.predicates} == set(RELATION_TYPES)
    assert {c for r in RECOGNISERS.values() for c in r.classes} <= set(ENTITY_TYPES)
    for ordered in (rules_in_order(), recognisers_in_order()):
        assert [r.order for r in ordered] == sorted({r.order for r in ordered})  # no two share a place
    with pytest.raises(ValueError, match="registered already"):
        relation_rule("located", predicates=("locatedIn",), order=99)(lambda doc, by_sent: [])
    with pytest.raises(ValueError, match="registered already"):
        recogniser("people", classes=("Person",), order=99)(lambda text: [])


def test_each_field_has_one_owner() -> None:
    """No two stages fill the same field: the problems the relation rules name go in ``issues``,
    not among the entity stage's ``mentions`` (``Document.all_mentions`` puts them together)."""
    owners: dict[str, str] = {}
    for spec in check_pipeline(DEFAULT_PIPELINE):
        for f in spec.assigns:
            assert f not in owners, f"{f}: {owners[f]} and {spec.name}"
            owners[f] = spec.name
    doc = make_document("a.txt", "湖滨县水利局局长李四到青山村调研，青山村饮水难问题得到解决。", "a.txt")
    entities = DEFAULT_PIPELINE[:3]
    before = run_document(doc, entities)
    after = run_document(before, DEFAULT_PIPELINE[3:])
    assert after.mentions == before.mentions
    assert after.issues and all(m.type == "Issue" for m in after.issues)
    assert set(after.issues) <= set(after.all_mentions)


def test_a_failing_corpus_stage_is_named(tmp_path, monkeypatch) -> None:
    import kg.pipeline as p

    (tmp_path / "a.txt").write_text("湖滨县水利局局长李四到青山村调研。", encoding="utf-8")

    def broken(docs):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(p, "resolve", broken)
    with pytest.raises(StageError, match="stage 'resolve' failed on document '\\(all 1 documents\\)'.*ZeroDivisionError"):
        build(tmp_path, progress=False)
