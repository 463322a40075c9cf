"""Every example of the README's shell blocks and of every command's ``--help`` runs as written.

The commands run in order in a fresh folder holding ``data/`` (the samples) and the small input
files the examples name (``a.txt``, ``feed.jsonl``, ``gold.jsonl``…). Paths under ``/tmp/`` are
moved into that folder, so the test writes nothing outside it; nothing else is changed. Servers
(``kg serve``, ``oxigraph serve``) are started, waited for on their port, and stopped after the
commands that use them. What cannot run here is only parsed, and says why: installing (the CI
runs exactly that), a Dask cluster (``tests/test_dask.py`` starts a real one) and a Fuseki
server on port 3030 that no test has.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.cli import make_parser

ROOT = Path(__file__).resolve().parent.parent

# (pattern, why) of example lines that are parsed, not run
NOT_RUN = [
    (r"^python -m pip install|^bash scripts/test", "installing and testing is what CI runs"),
    (r"\bdask\b|--scheduler", "needs a Dask cluster; tests/test_dask.py runs one"),
    (r"localhost:3030", "needs a Fuseki server"),
]


def readme_examples() -> list[str]:
    """The lines of the README's sh blocks (continued lines joined)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines: list[str] = []
    for block in re.findall(r"```(?:sh|bash)\n(.*?)```", text, re.S):
        lines += [line.strip() for line in block.replace("\\\n", " ").splitlines() if line.strip()]
    return lines


def help_examples() -> list[str]:
    """The example lines of every command's --help."""
    parser = make_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    lines: list[str] = []
    for sp in sub.choices.values():
        epilog = (sp.epilog or "").split("\n\n")[0]
        lines += [line.strip() for line in epilog.splitlines()[1:] if line.strip()]
    return lines


def _inputs(folder: Path) -> None:
    """The samples and the small files the examples name."""
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(ROOT / "data", folder / "big-corpus")
    sample = next((ROOT / "data").glob("*.txt")).read_text(encoding="utf-8")
    (folder / "a.txt").write_text(sample[:400], encoding="utf-8")
    (folder / "b.html").write_text(f"<html><head><title>t</title></head><body><p>{sample[400:800]}</p></body></html>",
                                   encoding="utf-8")
    (folder / "feed.jsonl").write_text(json.dumps({"id": "f1", "text": sample[800:1200]}, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    (folder / "sentences.jsonl").write_text(json.dumps({"id": 1, "text": sample[:200]}, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    (folder / "my-question.rq").write_text("SELECT ?name WHERE { ?e a sk:Agency ; rdfs:label ?name }\n",
                                           encoding="utf-8")
    gold = json.dumps({"doc": "a.txt", "entities": [], "relations": []}) + "\n"
    for name in ("gold.jsonl", "my-gold.jsonl"):
        (folder / name).write_text(gold, encoding="utf-8")


# The README's Oxigraph server for the push examples.
OXIGRAPH = next(line.rstrip("&").strip() for line in readme_examples() if line.startswith("oxigraph serve"))


def _port_of(cmd: str, default: int) -> int:
    m = re.search(r"--port (\d+)|--bind [\d.]+:(\d+)", cmd)
    return int(next(g for g in m.groups() if g)) if m else default


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _start(cmd: str, cwd: Path, env: dict, port: int) -> subprocess.Popen:
    if _listening(port):
        pytest.skip(f"port {port} is taken on this machine; cannot run {cmd!r} as written")
    proc = subprocess.Popen(["bash", "-c", f"exec {cmd}"], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    end = time.time() + 90
    while not _listening(port):
        if proc.poll() is not None:
            raise AssertionError(f"{cmd!r} exited: {proc.stderr.read() if proc.stderr else ''}")
        if time.time() > end:
            raise AssertionError(f"{cmd!r} did not listen on {port}")
        time.sleep(0.2)
    return proc


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait(timeout=20)
    procs.clear()


@pytest.mark.slow
def test_every_readme_and_help_example_runs_as_written(tmp_path) -> None:
    _inputs(tmp_path)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "KG_PUSH_PASSWORD": ""}
    parser = make_parser()
    servers: list[subprocess.Popen] = []
    oxigraph = False
    ran = 0
    try:
        for example in dict.fromkeys(readme_examples() + help_examples()):  # once each, in order
            cmd = example.replace("/tmp/", f"{tmp_path}/").rstrip("&").strip()
            why = next((w for pat, w in NOT_RUN if re.search(pat, example)), None)
            if why:
                for part in re.split(r"&&|&", cmd):
                    words = shlex.split(part)
                    if words and words[0] == "kg":
                        parser.parse_args(words[1:])  # still a valid command line
                continue
            if cmd.startswith("kg push") and not oxigraph:
                # the README's store for push (`oxigraph serve …`), if the one running is not it
                _stop(servers)
                servers.append(_start(OXIGRAPH, tmp_path, env, 7878))
                oxigraph = True
            if cmd.startswith(("kg serve", "oxigraph serve")):
                # a server: stop the one before (a new serve may take the same port), start this one
                _stop(servers)
                servers.append(_start(cmd, tmp_path, env, _port_of(cmd, 7878)))
                oxigraph = cmd.startswith("oxigraph")
                ran += 1
                continue
            r = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=tmp_path, env=env, capture_output=True,
                               text=True, timeout=600)
            assert r.returncode == 0, f"{example!r} failed ({r.returncode}): {r.stderr[-2000:]}"
            if cmd.startswith("curl"):  # curl exits 0 on an HTTP error: the answer must be results
                assert r.stdout.startswith(("{", "l\n", "l\r\n")) and "malformed" not in r.stdout, (example, r.stdout)
            ran += 1
    finally:
        _stop(servers)
    assert ran >= 30
