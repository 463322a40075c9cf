"""The on-disk Oxigraph store: the same graph as a build in memory, readable by query and serve."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build_rdf import build_store
from kg.export import dump_turtle
from kg.pipeline import build
from kg.query import run_query
from kg.store import load_store, store_to_graph

DATA = Path(__file__).resolve().parent.parent / "data"


def _kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True)


def test_disk_store_holds_the_same_graph(sample_build, tmp_path: Path) -> None:
    on_disk = build([DATA], progress=False, store_path=tmp_path / "store")
    assert isomorphic(store_to_graph(on_disk.store), sample_build.graph)


def test_disk_store_turtle_does_not_depend_on_load_order(sample_build, tmp_path: Path) -> None:
    # The on-disk store orders triples by their content, so its Turtle is byte-stable
    # even though it is not sorted like the in-memory build's.
    forward = build_store(sample_build.documents, sample_build.entities, sample_build.relations,
                          tmp_path / "forward")
    backward = build_store(sample_build.documents[::-1], sample_build.entities[::-1],
                           sample_build.relations[::-1], tmp_path / "backward", threads=2)
    dump_turtle(forward, tmp_path / "forward.ttl")
    dump_turtle(backward, tmp_path / "backward.ttl")
    assert (tmp_path / "forward.ttl").read_bytes() == (tmp_path / "backward.ttl").read_bytes()
    assert isomorphic(Graph().parse(tmp_path / "backward.ttl"), sample_build.graph)


@pytest.mark.slow
def test_build_with_disk_store_then_query_and_rebuild(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = _kg("build", str(DATA), "--out", str(out), "--disk-store", "--no-html", "--quiet", "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert (out / "store").is_dir() and (out / "graph.ttl").stat().st_size > 0
    store_res = run_query(out / "store", "officials-and-posts")
    file_res = run_query(out / "graph.ttl", "officials-and-posts")
    assert store_res.rows and sorted(store_res.rows) == sorted(file_res.rows)
    assert sorted(run_query(out / "store", "officials-and-posts", store="rdflib").rows) == sorted(file_res.rows)
    first_turtle = (out / "graph.ttl").read_bytes()
    # a second build (another process, two workers) replaces the store whole, leaves no
    # temporary folders behind, and writes the same Turtle
    r = _kg("build", str(DATA), "--out", str(out), "--disk-store", "--no-html", "--quiet", "--no-cache",
            "--workers", "2")
    assert r.returncode == 0, r.stderr
    assert (out / "graph.ttl").read_bytes() == first_turtle
    names = sorted(p.name for p in out.iterdir())
    gens = [n for n in names if n.startswith(".kg-gen-")]
    assert len(gens) == 1 and names == sorted([".kg-cache", ".kg-current", *gens, "graph.ttl", "store"])
    assert len(load_store(out / "store")) == len(store_to_graph(load_store(out / "store")))
