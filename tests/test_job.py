"""kg.build_to: the whole build as one library call, published as one unit."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.errors import SkippedInputs

ROOT = Path(__file__).resolve().parents[1]


def test_build_to_publishes_the_graph_and_the_page_as_the_command_does(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    sample = sorted((ROOT / "data").glob("*.txt"))[0]
    (src / sample.name).write_bytes(sample.read_bytes())
    report = kg.build_to(src, out=tmp_path / "out", workers=1, cache=False, progress=False)
    assert report.graph.is_file() and report.page is not None and report.page.is_file()
    assert report.violations == 0 and report.skipped == 0
    assert report.summary.startswith("1 documents")
    assert kg.load_graph(report.graph)  # what it published reads back


def test_a_strict_build_with_a_skipped_input_raises_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    sample = sorted((ROOT / "data").glob("*.txt"))[0]
    (src / sample.name).write_bytes(sample.read_bytes())
    (src / "broken.txt").write_bytes(b"\xff\xfe\x00\x00" * 50 + b"\x00" * 400)  # binary, not an article
    with pytest.raises(SkippedInputs):
        kg.build_to(src, out=tmp_path / "out", workers=1, cache=False, progress=False, strict=True)
    assert not (tmp_path / "out" / "graph.ttl").exists()
    assert not any((tmp_path / "out").glob(".kg-gen-*"))  # the unpublished generation is gone
