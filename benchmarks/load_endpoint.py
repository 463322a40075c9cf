"""Load figures for kg serve: N concurrent clients on 127.0.0.1, bounded in count.

Starts ``kg serve`` on the sample graph, sends ``--clients`` x ``--requests``
SELECT queries, and prints requests per second, latency percentiles and errors.

    python benchmarks/load_endpoint.py [--graph exports/graph.ttl] [--clients 50] [--requests 20]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graph", default="exports/graph.ttl")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=20)
    args = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", args.graph, "--port", str(port)],
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/query", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        q = urllib.parse.quote("SELECT ?o ?l WHERE { ?o a sk:Official ; rdfs:label ?l ; sk:holdsPost ?b }")

        def client(_: int) -> list[float | None]:
            out: list[float | None] = []
            for _ in range(args.requests):
                t = time.perf_counter()
                try:
                    with urllib.request.urlopen(f"{base}/sparql?query={q}", timeout=60) as r:
                        r.read()
                        out.append(time.perf_counter() - t if r.status == 200 else None)
                except OSError:
                    out.append(None)
            return out

        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            results = [x for xs in pool.map(client, range(args.clients)) for x in xs]
        wall = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    ok = sorted(x for x in results if x is not None)
    errors = len(results) - len(ok)
    q95 = ok[int(0.95 * (len(ok) - 1))] if ok else float("nan")
    print(f"{args.clients} clients x {args.requests} requests: {len(results)} requests in {wall:.2f} s "
          f"({len(results) / wall:.0f} req/s), errors {errors}, latency p50 {statistics.median(ok) * 1000:.0f} ms, "
          f"p95 {q95 * 1000:.0f} ms, max {ok[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
