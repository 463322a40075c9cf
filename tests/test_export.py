"""Stage export: each format re-imports to an isomorphic graph."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import ExportError
from kg.export import exporter, load_graph, write_graph


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
