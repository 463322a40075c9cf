"""The build cache: incremental re-runs, removed articles, stale and broken entries, killed builds."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import cache as cache_mod
from kg.cache import BuildCache, document_key
from kg.export import to_turtle
from kg.ingest import make_document
from kg.pipeline import build

DATA = Path(__file__).resolve().parent.parent / "data"


def _ttl(result) -> bytes:
    return to_turtle(result.graph).encode("utf-8")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    shutil.copytree(DATA, src, ignore=shutil.ignore_patterns("README*"))
    return src


def test_second_run_takes_everything_from_the_cache(corpus: Path, tmp_path: Path) -> None:
    c = BuildCache(tmp_path / "cache")
    first = build([corpus], progress=False, cache=c)
    assert first.processed == len(first.documents) == 5
    c2 = BuildCache(tmp_path / "cache")
    second = build([corpus], progress=False, cache=c2)
    assert second.processed == 0 and c2.hits == 5
    assert _ttl(second) == _ttl(first)


@pytest.mark.slow
def test_one_new_article_is_the_only_work(corpus: Path, tmp_path: Path) -> None:
    build([corpus], progress=False, cache=BuildCache(tmp_path / "cache"))
    (corpus / "new.txt").write_text("黔江区城西街道办事处主任王小明到光明村走访，村民刘大军向街道办反映饮水问题。",
                                    encoding="utf-8")
    again = build([corpus], progress=False, cache=BuildCache(tmp_path / "cache"))
    assert again.processed == 1 and len(again.documents) == 6
    fresh = build([corpus], progress=False)
    assert _ttl(again) == _ttl(fresh)


def test_removed_article_disappears_from_the_graph(corpus: Path, tmp_path: Path) -> None:
    full = build([corpus], progress=False, cache=BuildCache(tmp_path / "cache"))
    victim = sorted(corpus.glob("*.txt"))[0]
    victim_doc = next(d for d in full.documents if d.source.endswith(victim.name))
    victim.unlink()
    after = build([corpus], progress=False, cache=BuildCache(tmp_path / "cache"))
    assert after.processed == 0 and len(after.documents) == 4
    assert victim_doc.content_hash not in _ttl(after).decode("utf-8")
    assert _ttl(after) == _ttl(build([corpus], progress=False))
    # the removed article's entry is pruned, so the cache does not grow without bound
    assert sum(1 for f in (tmp_path / "cache").rglob("*") if f.is_file()) == 4


def test_changed_article_or_pipeline_is_a_miss(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    doc = make_document("a", "村民向镇政府反映问题。", "a.txt")
    k = document_key(doc, ("clean",))
    assert document_key(make_document("a", "村民向镇政府反映问题了。", "a.txt"), ("clean",)) != k
    assert document_key(doc, ("clean", "segment")) != k
    monkeypatch.setattr(cache_mod, "pipeline_version", lambda: "another-version")
    assert document_key(doc, ("clean",)) != k


def test_broken_entries_are_rebuilt(corpus: Path, tmp_path: Path) -> None:
    first = build([corpus], progress=False, cache=BuildCache(tmp_path / "cache"))
    entries = sorted(f for f in (tmp_path / "cache").rglob("*") if f.is_file())
    entries[0].write_bytes(entries[0].read_bytes()[:20])  # truncated
    entries[1].write_bytes(b"not a cache entry")
    c = BuildCache(tmp_path / "cache")
    again = build([corpus], progress=False, cache=c)
    assert again.processed == 2 and c.misses == 2
    assert _ttl(again) == _ttl(first)


@pytest.mark.slow
def test_killed_build_keeps_finished_work_and_resumes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    body = "江北区五里店街道桂花村村民张三丰向江北区信访办反映道路积水问题，街道办事处投入资金12万元完成整治。"
    for i in range(120):
        (src / f"a{i:03d}.txt").write_text(f"第{i}篇报道。" + body * 20 + f"编号{i}。", encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(out), "--workers", "1", "--no-html"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    entries = out / ".kg-cache"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and sum(1 for f in entries.rglob("*") if f.is_file()) < 20:
        time.sleep(0.2)
    assert proc.poll() is None, "the build finished before it could be killed; give it more work"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    saved = sum(1 for f in entries.rglob("*") if f.is_file() and not f.name.startswith("."))
    assert 20 <= saved < 120
    c = BuildCache(entries)
    resumed = build([src], progress=False, cache=c)
    assert resumed.processed == 120 - c.hits and c.hits >= 20
    assert _ttl(resumed) == _ttl(build([src], progress=False))


@pytest.mark.slow
def test_cli_rerun_says_what_came_from_the_cache(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out), "--no-html", "--quiet"]
    first = subprocess.run(cmd, capture_output=True, text=True)
    assert first.returncode == 0 and "from the cache" not in first.stdout
    second = subprocess.run(cmd, capture_output=True, text=True)
    assert "(5 documents from the cache)" in second.stdout
    assert (out / "graph.ttl").exists() and (out / ".kg-cache").is_dir()
    third = subprocess.run(cmd + ["--no-cache"], capture_output=True, text=True)
    assert third.returncode == 0 and "from the cache" not in third.stdout
