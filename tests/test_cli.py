"""The command line: help that teaches, documented commands, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main, make_parser

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    parser = make_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_example_and_readme_entry(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as e:
        main([command, "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out and f"kg {command}" in out
    assert f"kg {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_build_writes_graph_and_page_and_summary(tmp_path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("江北区五里店街道桂花村村民张三丰向江北区信访办反映道路积水问题。", encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "1 documents" in proc.stdout and "1 skipped" in proc.stdout
    assert "bad.txt" in proc.stderr and "binary" in proc.stderr
    assert (out / "graph.ttl").exists() and (out / "graph.html").exists()
    strict = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(tmp_path / "s"),
                             "--strict"], capture_output=True, text=True)
    assert strict.returncode != 0 and not (tmp_path / "s" / "graph.ttl").exists()


def test_errors_are_one_line_without_traceback(tmp_path) -> None:
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(tmp_path / "nope")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error:") and "Traceback" not in proc.stderr
    q = subprocess.run([sys.executable, "-m", "kg.cli", "query", "SELECT ?x", "--graph", str(tmp_path / "g.ttl")],
                       capture_output=True, text=True)
    assert q.returncode == 2 and "build one first" in q.stderr


def _on_terminal(args: list[str]) -> tuple[int, str]:
    """Run ``python -m kg ARGS`` with its stderr (and stdout) on a pseudo-terminal; exit code and output."""
    import os
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its stdout and stderr
        os.execv(sys.executable, [sys.executable, "-m", "kg", *args])
    chunks = []
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_build_on_a_terminal_shows_progress_then_each_corpus_step(tmp_path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"a{i}.txt").write_text(f"江北区五里店街道桂花村村民张三丰向江北区信访办反映道路积水问题{i}。",
                                       encoding="utf-8")
    # two workers: the SHACL check runs beside the writing, so it is the last step to report
    code, shown = _on_terminal(["build", str(src), "--out", str(tmp_path / "out"), "--no-cache", "--workers", "2"])
    assert code == 0, shown
    assert "3/3" in shown  # the per-document progress bar
    steps = ["merging the mentions", "loading", "writing graph.ttl", "drawing graph.html", "SHACL"]
    at = [shown.find(s) for s in steps]
    assert all(i >= 0 for i in at) and at == sorted(at), shown
    # the summary line replaces the last status line
    assert shown.rstrip().splitlines()[-1].split("\x1b[K")[-1].startswith("3 documents")
    code, quiet = _on_terminal(["build", str(src), "--out", str(tmp_path / "out2"), "--quiet"])
    assert code == 0 and "merging" not in quiet and "3/3" not in quiet


@pytest.mark.slow
def test_build_writes_the_same_files_on_one_and_two_workers(tmp_path) -> None:
    # two workers also write the Turtle from another process, beside the page
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        r = subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "data"), "--out", str(out), "--no-cache",
                            "--quiet", "--workers", workers], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        outs.append(out)
    for name in ("graph.ttl", "graph.html"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()
    # nothing else is left behind: the two outputs, published through one generation folder
    names = sorted(p.name for p in outs[1].iterdir())
    assert [n for n in names if not n.startswith(".")] == ["graph.html", "graph.ttl"]
    gens = [n for n in names if n.startswith(".kg-gen-")]
    assert len(gens) == 1 and set(names) == {".kg-current", *gens, "graph.html", "graph.ttl"}
    assert sorted(p.name for p in (outs[1] / gens[0]).iterdir()) == ["graph.html", "graph.ttl"]


def test_query_into_a_closed_pipe_stops_quietly(tmp_path) -> None:
    # `kg query … | head -1`: the reader leaves early; no "internal error", the status of SIGPIPE
    out = tmp_path / "out"
    assert main(["build", str(ROOT / "data"), "--out", str(out), "--no-cache", "--quiet", "--no-html",
                 "--workers", "1"]) == 0
    proc = subprocess.Popen([sys.executable, "-m", "kg", "query", "--graph", str(out / "graph.ttl"),
                             "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()
    err = proc.communicate()[1].decode("utf-8", "replace")
    assert proc.returncode == 141, err
    assert "error" not in err and "Traceback" not in err


def test_viz_refuses_a_misspelled_class_counts_degree_among_the_classes_shown_and_writes_beside_the_graph(
        sample_graph_file, tmp_path, capsys) -> None:
    import shutil

    from kg.export import load_graph
    from kg.visualise import view_data

    graph = tmp_path / "g" / "graph.ttl"
    graph.parent.mkdir()
    shutil.copy(sample_graph_file, graph)
    assert main(["viz", str(graph), "--classes", "Oficial"]) == 2
    err = capsys.readouterr().err
    assert "unknown class Oficial" in err and "Official" in err
    assert not (tmp_path / "g" / "graph.html").exists()
    assert main(["viz", str(graph)]) == 0
    assert (tmp_path / "g" / "graph.html").exists()  # beside the graph, not in ./exports
    # degree among the classes shown: every node kept has an edge to another kept node
    data = view_data(load_graph(graph), classes={"Official", "Agency"}, min_degree=1)
    ends = {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}
    assert data["nodes"] and {n["id"] for n in data["nodes"]} == ends
    assert all(n["class"] in ("Official", "Agency") for n in data["nodes"])
