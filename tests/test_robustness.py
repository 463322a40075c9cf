"""Nothing lost, nothing let in: bad files, a killed build, random bytes and random text."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.namespace import RDFS

from kg.decode import decode_bytes
from kg.errors import InputError
from kg.ingest import Skip, read_file
from kg.ingest import make_document
from kg.pipeline import run_document

GOOD = "江北区五里店街道桂花村村民张三丰向江北区信访办反映道路积水问题。"
GOOD_BIG5 = "涿州市雙塔街道天橋街社區居民李大同向涿州市信訪辦反映供暖問題。"


def _kg(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, **kw)


def _bad_corpus(root: Path) -> dict[str, str]:
    """Write good and bad files; return the expected skip reason (a word of it) per bad file."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "good_utf8.txt").write_text(GOOD, encoding="utf-8")
    (root / "good_bom.txt").write_bytes(b"\xef\xbb\xbf" + ("另" + GOOD).encode("utf-8"))
    (root / "good_gb18030.txt").write_bytes(("又一篇" + GOOD).encode("gb18030"))
    (root / "good_big5.txt").write_bytes(GOOD_BIG5.encode("big5"))
    (root / "good_utf16.txt").write_bytes(("第三篇" + GOOD).encode("utf-16"))
    (root / "page.html").write_text(
        "<html><head><script>alert('x')</script><style>p{}</style></head><body><article><p>第四篇"
        + GOOD + "</p></article><div class='comment'>评论</div></body></html>", encoding="utf-8")
    (root / "feed.jsonl").write_text(json.dumps({"id": "j1", "text": "第五篇" + GOOD}, ensure_ascii=False)
                                     + "\n{broken json\n", encoding="utf-8")
    big = base64.b64encode(os.urandom(7_500_000)).decode() + "。第六篇" + GOOD
    (root / "one_line_10mb.txt").write_text(big, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 1000)
    (root / "latin1.txt").write_bytes("Ça coûte très cher, déjà vu.".encode("latin-1") * 20)
    os.symlink(root / "does-not-exist.txt", root / "dangling.txt")
    return {"empty.txt": "empty", "binary.txt": "binary", "latin1.txt": "UTF-8", "dangling.txt": "cannot be read",
            "feed.jsonl:2": "line 2"}


@pytest.mark.slow
def test_bad_corpus_builds_the_good_files(tmp_path) -> None:
    expected = _bad_corpus(tmp_path / "in")
    out = tmp_path / "out"
    r = _kg("build", str(tmp_path / "in"), "--out", str(out), "--no-html")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("skipped")]
    for name, word in expected.items():
        line = next((ln for ln in lines if f"/{name}:" in ln or ln.split(" ", 1)[1].startswith(name)), None)
        assert line is not None, (name, lines)
        assert word in line, line
    assert len(lines) == len(expected)
    assert "8 documents" in r.stdout
    g = Graph().parse(out / "graph.ttl")
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert {"张三丰", "江北区信访办", "李大同", "涿州市信访办"} <= labels
    strict = _kg("build", str(tmp_path / "in"), "--out", str(tmp_path / "strict"), "--strict", "--no-html")
    assert strict.returncode != 0 and not (tmp_path / "strict" / "graph.ttl").exists()


def _processes_with(arg: str) -> list[int]:
    """Pids of live processes with ``arg`` on their command line (Linux /proc)."""
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes().split(b"\0")
                state = (d / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if arg.encode() in cmd and state != "Z":
                found.append(int(d.name))
    return found


@pytest.mark.slow
def test_killed_build_leaves_previous_graph_intact(tmp_path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert _kg("build", str(src), "--out", str(out)).returncode == 0
    before_ttl = (out / "graph.ttl").read_bytes()
    before_html = (out / "graph.html").read_bytes()
    for i in range(400):  # enough work that the build is still running when it is killed
        (src / f"b{i:03d}.txt").write_text(f"第{i}篇。" + GOOD * 30 + f"编号{i}。", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(4)
    assert proc.poll() is None, "the build finished before it could be killed; give it more work"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (out / "graph.ttl").read_bytes() == before_ttl
    # nor does the killed build leave worker processes behind (they share its command line)
    deadline = time.monotonic() + 10
    while _processes_with(str(out)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _processes_with(str(out))
    assert (out / "graph.html").read_bytes() == before_html
    assert len(Graph().parse(out / "graph.ttl")) > 0


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_decode_or_refuse_cleanly(data: bytes) -> None:
    try:
        text, enc = decode_bytes(data, "fuzz")
    except InputError as e:
        assert "fuzz" in str(e)
    else:
        assert isinstance(text, str) and enc


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".html", ".jsonl", ".md"]))
def test_random_files_read_or_skip_cleanly(tmp_path, data: bytes, suffix: str) -> None:
    f = tmp_path / f"fuzz{suffix}"
    f.write_bytes(data)
    try:
        items = list(read_file(f, f.name))
    except InputError as e:
        assert str(f) in str(e)
        return
    for item in items:
        assert isinstance(item, Skip) or item.raw


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_pipeline_on_random_unicode(text: str) -> None:
    doc = run_document(make_document("fuzz", text or " ", "fuzz.txt"))
    for m in doc.all_mentions:
        assert doc.text[m.span.start : m.span.end] == m.text
        raw = doc.raw_span(m.span)
        assert 0 <= raw.start <= raw.end <= len(doc.raw)
    for r in doc.relations:
        assert doc.sentences[r.sentence].span == r.evidence


def _outputs(out: Path) -> tuple[bytes | None, bytes | None]:
    """(graph.ttl, graph.html) as a reader opening them now sees them (None: not there)."""
    def read(p: Path) -> bytes | None:
        try:
            return p.read_bytes()
        except FileNotFoundError:
            return None
    return read(out / "graph.ttl"), read(out / "graph.html")


def _kill_when(proc: subprocess.Popen, changed) -> bool:  # type: ignore[no-untyped-def]
    """Kill ``proc`` with SIGKILL the moment ``changed()`` is true; whether it was still running."""
    while proc.poll() is None:
        if changed():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
    return False


@pytest.mark.slow
def test_outputs_are_never_torn_by_a_kill_at_the_moment_one_changes(tmp_path) -> None:
    """kill -9 the moment the build writes its page (before the Turtle is done), and the moment the
    published outputs change: graph.ttl and graph.html are always both old or both new."""
    src_old, src_new = tmp_path / "old", tmp_path / "new"
    src_old.mkdir()
    src_new.mkdir()
    (src_old / "a.txt").write_text(GOOD, encoding="utf-8")
    for i in range(6):  # a different corpus: different outputs
        (src_new / f"b{i}.txt").write_text(f"第{i}篇。" + GOOD * 20 + f"编号{i}。", encoding="utf-8")
    out = tmp_path / "out"
    assert _kg("build", str(src_old), "--out", str(out), "--no-cache", "--workers", "1").returncode == 0
    old = _outputs(out)
    assert None not in old
    kills = 0
    for attempt in range(20):
        pages_before = set(out.rglob("*graph.html*"))
        inodes = tuple(os.stat(out / n).st_ino for n in ("graph.ttl", "graph.html"))
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(src_new), "--out", str(out),
                                 "--no-cache", "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if attempt % 2 == 0:
            # the new page is being written, or is written and waits for its Turtle file
            def ready() -> bool:
                return bool(set(out.rglob("*graph.html*")) - pages_before)
        else:
            # what a reader opening OUT/graph.ttl or OUT/graph.html gets has just changed
            def ready() -> bool:
                try:
                    return tuple(os.stat(out / n).st_ino for n in ("graph.ttl", "graph.html")) != inodes
                except FileNotFoundError:
                    return True
        kills += _kill_when(proc, ready)
        ttl, html = _outputs(out)
        assert (ttl, html) == old or (ttl != old[0] and html != old[1] and None not in (ttl, html)), \
            f"attempt {attempt}: a torn pair (graph.ttl {'new' if ttl != old[0] else 'old'}, " \
            f"graph.html {'new' if html != old[1] else 'old'})"
        if (ttl, html) != old:  # published: start the next attempt from the old outputs again
            assert _kg("build", str(src_old), "--out", str(out), "--no-cache", "--workers", "1").returncode == 0
            assert _outputs(out) == old
    assert kills >= 15, "the builds finished before they could be killed"
