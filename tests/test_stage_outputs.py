"""Each per-document stage's output on three made-up articles, against the stored expected output.

A change to what a stage makes shows here stage by stage, before it shows in a graph.
When a change is meant, review the difference and store the new outputs with

    KG_UPDATE_STAGE_OUTPUTS=1 python -m pytest tests/test_stage_outputs.py

(the articles are invented for these tests; no gold or sample article is among them).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from kg.ingest import read_inputs
from kg.model import Document
from kg.pipeline import DEFAULT_PIPELINE
from kg.stages import check_pipeline

HERE = Path(__file__).resolve().parent / "fixtures" / "stages"
ARTICLES = sorted(p for p in HERE.iterdir() if p.suffix in (".txt", ".html"))
UPDATE = os.environ.get("KG_UPDATE_STAGE_OUTPUTS") == "1"


def _view(stage: str, doc: Document) -> Any:
    """What a stage fills, as plain JSON (spans as [start, end])."""
    if stage == "clean":
        return {"text": doc.text, "date": doc.date}
    if stage == "segment":
        return [[s.span.start, s.span.end, s.paragraph] for s in doc.sentences]
    if stage == "extract_entities":
        return [[m.span.start, m.span.end, m.type, m.canonical, m.post, m.parent] for m in doc.mentions]
    return {"relations": [[r.predicate, list(r.subject), list(r.object), r.sentence, r.post,
                           str(r.funding.amount) if r.funding and r.funding.amount is not None else None]
                          for r in doc.relations],
            "issues": [[m.span.start, m.span.end, m.canonical] for m in doc.all_mentions if m.type == "Issue"]}


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_each_stage_makes_the_stored_output(path: Path) -> None:
    doc = next(d for d in read_inputs([path]) if isinstance(d, Document))
    got = {}
    for spec in check_pipeline(DEFAULT_PIPELINE):
        doc = spec.func(doc)
        got[spec.name] = _view(spec.name, doc)
    stored = path.with_suffix(".expected.json")
    if UPDATE or not stored.exists():
        stored.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{stored.name} was missing and is now written: review it and commit it")
    expected = json.loads(stored.read_text(encoding="utf-8"))
    for stage in got:
        assert got[stage] == expected[stage], (
            f"stage {stage!r} on {path.name} differs from {stored.name}; if the change is meant, "
            "rerun with KG_UPDATE_STAGE_OUTPUTS=1 and commit the new file")
