"""The on-disk Oxigraph store: the same graph as a build in memory, readable by query and serve."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rdflib.compare import isomorphic

from kg.pipeline import build
from kg.query import run_query
from kg.store import load_store, store_to_graph

DATA = Path(__file__).resolve().parent.parent / "data"


def _kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True)


def test_disk_store_holds_the_same_graph(sample_build, tmp_path: Path) -> None:
    on_disk = build([DATA], progress=False, store_path=tmp_path / "store")
    assert isomorphic(store_to_graph(on_disk.store), sample_build.graph)


def test_build_with_disk_store_then_query_and_rebuild(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = _kg("build", str(DATA), "--out", str(out), "--disk-store", "--no-html", "--quiet")
    assert r.returncode == 0, r.stderr
    assert (out / "store").is_dir() and (out / "graph.ttl").stat().st_size > 0
    store_res = run_query(out / "store", "officials-and-posts")
    file_res = run_query(out / "graph.ttl", "officials-and-posts")
    assert store_res.rows and sorted(store_res.rows) == sorted(file_res.rows)
    assert sorted(run_query(out / "store", "officials-and-posts", store="rdflib").rows) == sorted(file_res.rows)
    # a second build replaces the store whole and leaves no temporary folders behind
    r = _kg("build", str(DATA), "--out", str(out), "--disk-store", "--no-html", "--quiet")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == [".kg-cache", "graph.ttl", "store"]
    assert len(load_store(out / "store")) == len(store_to_graph(load_store(out / "store")))
