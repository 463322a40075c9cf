"""Benchmark: query latency on >= 1M triples, embedded Oxigraph vs rdflib's memory store.

Builds the sample graph, replicates it with fresh IRIs until it holds at least
``--triples`` triples, then loads it into each engine and times three bundled
questions. Each engine runs in a child process with a time limit, so a slow
engine cannot hang the run. Prints figures and the ratio rdflib / Oxigraph.

    python benchmarks/query_stores.py [--triples 1000000] [--timeout 300]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import tempfile
import time
from pathlib import Path

QUESTIONS = [("entities-by-class", {}), ("officials-and-posts", {}), ("everything-in-city", {"city": "荆州市"})]


def make_graph(target: int, out: Path) -> int:
    from kg.export import to_ntriples
    from kg.pipeline import build

    root = Path(__file__).resolve().parent.parent
    lines = to_ntriples(build([root / "data"], progress=False).graph).splitlines()
    copies = -(-target // len(lines))
    with open(out, "w", encoding="utf-8") as fh:
        for i in range(copies):
            prefix = f"https://w3id.org/shishi-kg/id/c{i}/"
            fh.write("\n".join(l.replace("https://w3id.org/shishi-kg/id/", prefix) for l in lines))
            fh.write("\n")
    return copies * len(lines)


def _engine(store: str, path: str, q: mp.Queue) -> None:
    from kg.query import bind_values, resolve_query, with_prefixes

    t0 = time.perf_counter()
    if store == "oxigraph":
        import pyoxigraph as ox

        s = ox.Store()
        with open(path, "rb") as fh:
            s.bulk_load(fh, format=ox.RdfFormat.N_TRIPLES)
        run = lambda text: len(list(s.query(text)))  # noqa: E731
    else:
        from rdflib import Graph

        g = Graph()
        g.parse(path, format="nt")
        run = lambda text: len(list(g.query(text)))  # noqa: E731
    q.put(("load", time.perf_counter() - t0))
    for name, binds in QUESTIONS:
        text = with_prefixes(bind_values(resolve_query(name), binds))
        times = []
        for _ in range(3):
            t = time.perf_counter()
            rows = run(text)
            times.append(time.perf_counter() - t)
        q.put((name, statistics.median(times), rows))


def measure(store: str, path: str, timeout: float) -> dict[str, tuple]:
    q: mp.Queue = mp.Queue()
    p = mp.Process(target=_engine, args=(store, path, q))
    p.start()
    out: dict[str, tuple] = {}
    end = time.time() + timeout
    while len(out) < 1 + len(QUESTIONS) and time.time() < end:
        try:
            item = q.get(timeout=max(0.1, end - time.time()))
        except Exception:
            break
        out[item[0]] = item[1:]
    if p.is_alive():
        p.terminate()
    p.join()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per engine (load and all queries)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "big.nt"
        n = make_graph(args.triples, path)
        print(f"graph: {n:,} triples ({path.stat().st_size / 2**20:.0f} MB N-Triples)")
        res = {s: measure(s, str(path), args.timeout) for s in ("oxigraph", "rdflib")}
    ox, rl = res["oxigraph"], res["rdflib"]
    fmt = lambda r, k: f"{r[k][0]:9.3f} s" if k in r else "  timeout"  # noqa: E731
    print(f"{'step':<22} {'oxigraph':>11} {'rdflib':>11} {'rdflib/oxigraph':>16} rows")
    for k in ["load"] + [name for name, _ in QUESTIONS]:
        ratio = f"{rl[k][0] / ox[k][0]:15.1f}x" if k in ox and k in rl and ox[k][0] > 0 else f"{'>' if k in ox else '?':>15}"
        rows = ox[k][1] if k in ox and len(ox[k]) > 1 else ""
        print(f"{k:<22} {fmt(ox, k)} {fmt(rl, k)} {ratio} {rows}")


if __name__ == "__main__":
    main()
