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
