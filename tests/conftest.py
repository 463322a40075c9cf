"""Shared fixtures: the bundled samples and one build of them per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory):
    """``kg build data/`` once, through the library API."""
    from kg.pipeline import build

    return build([DATA], progress=False)


@pytest.fixture(scope="session")
def sample_graph_file(sample_build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample graph written as canonical Turtle."""
    from kg.export import write_graph

    out = tmp_path_factory.mktemp("graph") / "graph.ttl"
    write_graph(sample_build.graph, out)
    return out
