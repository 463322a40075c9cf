"""kg serve over real HTTP on 127.0.0.1, and kg push into a real Oxigraph server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from SPARQLWrapper import CSV, JSON, TURTLE, SPARQLWrapper


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    end = time.time() + seconds
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


@contextmanager
def _running(cmd: list[str], port: int, probe: str) -> Iterator[str]:
    """Start a server process on 127.0.0.1:port, wait until ``probe`` answers, stop it afterwards."""
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + probe, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def endpoint(sample_graph_file):
    port = _free_port()
    with _running([sys.executable, "-m", "kg.cli", "serve", str(sample_graph_file), "--port", str(port),
                   "--timeout", "10", "--cors", CORS_ORIGIN], port, "/query") as base:
        yield base


CORS_ORIGIN = "https://yasgui.example"


def _count(url: str, graph_clause: str = "") -> int:
    sw = SPARQLWrapper(url)
    sw.setQuery(f"SELECT (COUNT(*) AS ?n) WHERE {{ {graph_clause or '?s ?p ?o'} }}")
    sw.setReturnFormat(JSON)
    return int(sw.query().convert()["results"]["bindings"][0]["n"]["value"])


def test_counts_match_the_graph_file(endpoint, sample_build) -> None:
    assert _count(endpoint + "/sparql") == len(sample_build.graph)
    sw = SPARQLWrapper(endpoint + "/sparql")
    sw.setMethod("POST")
    sw.setQuery("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sk:Agency }")
    sw.setReturnFormat(JSON)
    n = int(sw.query().convert()["results"]["bindings"][0]["n"]["value"])
    from kg.vocab import SK
    from rdflib.namespace import RDF
    assert n == len(set(sample_build.graph.subjects(RDF.type, SK.Agency)))


def test_result_formats_by_accept(endpoint) -> None:
    q = urllib.parse.quote("SELECT ?l WHERE { ?e a sk:City ; rdfs:label ?l } ORDER BY ?l")
    for accept, marker in [("text/csv", "l\r\n"), ("text/tab-separated-values", "?l"),
                           ("application/sparql-results+xml", "<sparql"), ("application/sparql-results+json", '"vars"')]:
        req = urllib.request.Request(f"{endpoint}/sparql?query={q}", headers={"Accept": accept})
        with urllib.request.urlopen(req) as r:
            body = r.read().decode("utf-8")
            assert r.headers["Content-Type"].startswith(accept)
            assert marker in body and "永州市" in body
    sw = SPARQLWrapper(endpoint + "/sparql")
    sw.setQuery("CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a sk:City ; rdfs:label ?l }")
    sw.setReturnFormat(TURTLE)
    assert "永州市" in sw.query().convert().decode("utf-8")
    sw.setReturnFormat(CSV)


@pytest.mark.parametrize("method,kwargs,status", [
    ("POST", {"data": b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "ctype": "application/sparql-update"}, 403),
    ("POST", {"data": b"update=DROP+ALL", "ctype": "application/x-www-form-urlencoded"}, 403),
    ("GET", {"query": "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }"}, 403),
    ("GET", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}, 403),
    ("GET", {"query": "SELECT ?x WHERE { ?x ?y }"}, 400),
])
def test_refusals(endpoint, method: str, kwargs: dict, status: int) -> None:
    if method == "GET":
        req = urllib.request.Request(f"{endpoint}/sparql?query={urllib.parse.quote(kwargs['query'])}")
    else:
        req = urllib.request.Request(f"{endpoint}/sparql", data=kwargs["data"], method="POST",
                                     headers={"Content-Type": kwargs["ctype"]})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    assert e.value.code == status
    if status == 400:
        assert "malformed" in e.value.read().decode()


def test_accept_q_values_are_honoured_and_an_unservable_type_is_406(endpoint) -> None:
    q = urllib.parse.quote("SELECT ?l WHERE { ?e a sk:City ; rdfs:label ?l }")
    req = urllib.request.Request(f"{endpoint}/sparql?query={q}",
                                 headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml"})
    with urllib.request.urlopen(req) as r:
        assert r.headers["Content-Type"].startswith("application/sparql-results+xml")
    req = urllib.request.Request(f"{endpoint}/sparql?query={q}", headers={"Accept": "text/*"})
    with urllib.request.urlopen(req) as r:
        assert r.headers["Content-Type"].startswith("text/")
    req = urllib.request.Request(f"{endpoint}/sparql?query={q}", headers={"Accept": "image/png"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req)
    assert e.value.code == 406 and "text/csv" in e.value.read().decode()


def test_cors_lets_the_named_origin_query_from_a_browser(endpoint) -> None:
    q = urllib.parse.quote("ASK { ?s ?p ?o }")
    req = urllib.request.Request(f"{endpoint}/sparql?query={q}", headers={"Origin": CORS_ORIGIN})
    with urllib.request.urlopen(req) as r:
        assert r.headers["Access-Control-Allow-Origin"] == CORS_ORIGIN
    pre = urllib.request.Request(f"{endpoint}/sparql", method="OPTIONS", headers={
        "Origin": CORS_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    with urllib.request.urlopen(pre) as r:
        assert "POST" in r.headers["Access-Control-Allow-Methods"]
    req = urllib.request.Request(f"{endpoint}/sparql?query={q}", headers={"Origin": "https://elsewhere.example"})
    with urllib.request.urlopen(req) as r:
        assert r.headers.get("Access-Control-Allow-Origin") is None


def test_serve_fails_before_saying_it_serves(sample_graph_file, tmp_path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kg.cli", "serve", *args], capture_output=True, text=True,
                              timeout=120)

    r = run(str(tmp_path / "missing.ttl"), "--port", str(_free_port()))
    assert r.returncode == 2 and "no such graph" in r.stderr and "serving" not in r.stderr
    assert "--graph" not in r.stderr  # serve takes the graph as its argument
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        r = run(str(sample_graph_file), "--port", str(busy.getsockname()[1]))
    assert r.returncode != 0 and "in use" in r.stderr and "serving" not in r.stderr
    r = run(str(sample_graph_file), "--port", "80000")
    assert r.returncode == 2 and "not a port" in r.stderr and "Traceback" not in r.stderr


def test_pages(endpoint) -> None:
    with urllib.request.urlopen(endpoint + "/") as r:
        assert "vis.Network" in r.read().decode("utf-8")
    with urllib.request.urlopen(endpoint + "/query") as r:
        assert "/sparql" in r.read().decode("utf-8")


@pytest.fixture()
def oxigraph_server(tmp_path):
    import shutil

    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.fail("the oxigraph server (pip install oxigraph) is needed for the push test", pytrace=False)
    port = _free_port()
    with _running([exe, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                  port, "/") as base:
        yield base


@pytest.mark.slow
def test_push_replaces_and_adds_into_oxigraph(oxigraph_server, sample_graph_file, sample_build) -> None:
    n = len(sample_build.graph)
    run = lambda *a: subprocess.run([sys.executable, "-m", "kg.cli", "push", str(sample_graph_file),
                                     "--store", oxigraph_server + "/store", *a], capture_output=True, text=True)
    r = run()
    assert r.returncode == 0, r.stderr
    assert _count(oxigraph_server + "/query") == n
    assert run().returncode == 0  # replacing again does not duplicate
    assert _count(oxigraph_server + "/query") == n
    r = run("--named-graph", "https://example.org/g", "--add")
    assert r.returncode == 0, r.stderr
    assert _count(oxigraph_server + "/query", "GRAPH <https://example.org/g> { ?s ?p ?o }") == n


def test_push_to_nowhere_is_a_clear_error(sample_graph_file) -> None:
    r = subprocess.run([sys.executable, "-m", "kg.cli", "push", str(sample_graph_file), "--store",
                        f"http://127.0.0.1:{_free_port()}/store"], capture_output=True, text=True)
    assert r.returncode == 4 and "cannot reach the store" in r.stderr and "Traceback" not in r.stderr


def test_fifty_concurrent_clients(endpoint) -> None:
    """A bounded load test on 127.0.0.1: 50 clients, 4 queries each, every answer correct."""
    from concurrent.futures import ThreadPoolExecutor

    q = urllib.parse.quote("SELECT ?l WHERE { ?e a sk:County ; rdfs:label ?l } ORDER BY ?l LIMIT 5")

    def client(i: int) -> list[int]:
        codes = []
        for _ in range(4):
            req = urllib.request.Request(f"{endpoint}/sparql?query={q}", headers={"Accept": "text/csv"})
            with urllib.request.urlopen(req, timeout=60) as r:
                body = r.read().decode("utf-8")
                codes.append(r.status if body.startswith("l\r\n") and body.count("\r\n") == 6 else -1)
        return codes

    with ThreadPoolExecutor(max_workers=50) as pool:
        codes = [c for cs in pool.map(client, range(50)) for c in cs]
    assert codes == [200] * 200


def test_oversized_body_is_refused(endpoint) -> None:
    """A body declared over 1 MB is refused before it is read (the client may not even send it)."""
    import http.client

    host, port = endpoint.rsplit("/", 1)[-1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.putrequest("POST", "/sparql")
    conn.putheader("Content-Type", "application/sparql-query")
    conn.putheader("Content-Length", "1100000")
    conn.endheaders(b"SELECT * WHERE { ?s ?p ?o }")
    resp = conn.getresponse()
    assert resp.status == 413
    conn.close()


def test_chunked_body_over_the_limit_is_refused_without_reading_it_all(endpoint) -> None:
    """A chunked body has no length to check first: it is counted as it arrives, and refused as
    soon as it passes 1 MB — here the client sends 1.2 MB and then nothing more, so a server that
    waited for the whole body would never answer."""
    host, port = endpoint.rsplit("/", 1)[-1].split(":")
    chunk = b"# " + b"x" * 65_534 + b"\n"
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
        for _ in range(19):  # 1.2 MB, and the body never ends
            s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        s.settimeout(5)
        head = s.recv(64)
    assert head.startswith(b"HTTP/1.1 413")


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def _family(pid: int) -> list[int]:
    """``pid`` and its child processes."""
    out = [pid]
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except OSError:
                continue
    return out


@pytest.mark.slow
def test_queries_past_the_timeout_are_stopped_and_the_endpoint_keeps_answering(sample_graph_file) -> None:
    """Ten cross-join queries past a 3 s limit get 503; they are really stopped (their workers are
    killed, the CPU goes back to idle) and an ASK right after is answered within a second."""
    from concurrent.futures import ThreadPoolExecutor

    port = _free_port()
    cmd = [sys.executable, "-m", "kg.cli", "serve", str(sample_graph_file), "--port", str(port),
           "--timeout", "3", "--workers", "2"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/query", proc)
        heavy = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")

        def code(q: str) -> int:
            try:
                with urllib.request.urlopen(f"{base}/sparql?query={q}", timeout=60) as r:
                    return r.status
            except urllib.error.HTTPError as e:
                return e.code

        t = time.monotonic()
        with ThreadPoolExecutor(max_workers=10) as pool:
            assert list(pool.map(code, [heavy] * 10)) == [503] * 10
        assert time.monotonic() - t < 10
        t = time.monotonic()
        assert code(urllib.parse.quote("ASK { ?s ?p ?o }")) == 200
        assert time.monotonic() - t < 1.0
        family = _family(proc.pid)
        before = _cpu_seconds(family)
        time.sleep(2)
        assert _cpu_seconds(family) - before < 0.5, "a stopped query is still running"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_push_password_comes_from_the_environment_never_the_command_line(sample_graph_file) -> None:
    """A real HTTP server that records the Authorization header it is sent."""
    import base64
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802
            seen.append(self.headers.get("Authorization", ""))
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/store"
    try:
        cmd = [sys.executable, "-m", "kg.cli", "push", str(sample_graph_file), "--store", url, "--user", "ann"]
        env = {k: v for k, v in os.environ.items() if k != "KG_PUSH_PASSWORD"}
        r = subprocess.run(cmd, capture_output=True, text=True, env={**env, "KG_PUSH_PASSWORD": "s3cret"},
                           stdin=subprocess.DEVNULL, timeout=120)
        assert r.returncode == 0, r.stderr
        assert seen == ["Basic " + base64.b64encode(b"ann:s3cret").decode()]
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
        assert r.returncode != 0 and "KG_PUSH_PASSWORD" in r.stderr and len(seen) == 1
        r = subprocess.run(cmd + ["--password", "s3cret"], capture_output=True, text=True, env=env, timeout=120)
        assert r.returncode == 2 and "not taken on the command line" in r.stderr and len(seen) == 1
    finally:
        server.shutdown()
