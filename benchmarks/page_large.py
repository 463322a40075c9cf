"""Benchmark: how long a large graph page takes to become interactive in headless Chromium.

Makes a synthetic view of N nodes (default 5,000) and about 1.5 N edges,
renders the page (layout computed up front with networkx, physics off), opens
it in Debian's chromium with the network blocked, and prints the time until
the page is drawn and the time a search takes.

    python benchmarks/page_large.py [--nodes 5000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path


def synthetic_view(n: int) -> dict:
    from kg.visualise import CLASS_STYLE, RELATIONS

    rnd = random.Random(7)
    classes = list(CLASS_STYLE)
    nodes = [{"id": f"n{i}", "label": f"实体{i}", "class": classes[i % len(classes)], "class_zh": "",
              "aliases": [], "posts": [], "adminCode": "", "mentions": 1, "degree": 0} for i in range(n)]
    edges = [{"from": f"n{rnd.randrange(n)}", "to": f"n{rnd.randrange(n)}", "relation": RELATIONS[i % 7],
              "label": "关系", "label_en": "rel", "evidence": [], "amounts": []} for i in range(int(n * 1.5))]
    legend = [{"class": c, "zh": c, "color": col, "shape": s} for c, (col, s) in CLASS_STYLE.items()]
    return {"nodes": nodes, "edges": edges, "legend": legend,
            "relations": [{"relation": r, "zh": r, "en": r} for r in RELATIONS]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=5000)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from kg.visualise import render_html

    t = time.perf_counter()
    html = render_html(synthetic_view(args.nodes))
    render_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as d:
        page_path = Path(d) / "big.html"
        page_path.write_text(html, encoding="utf-8")
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=shutil.which("chromium"),
                                  args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = b.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            t = time.perf_counter()
            page.goto(page_path.as_uri())
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=120000)
            ready_s = time.perf_counter() - t
            t = time.perf_counter()
            page.fill("#search", "实体42")
            visible = page.evaluate("document.body.dataset.visibleNodes")
            search_s = time.perf_counter() - t
            b.close()
    print(f"nodes {args.nodes:,}: page {len(html) / 2**20:.1f} MB, rendered in {render_s:.2f} s; "
          f"open to drawn {ready_s:.2f} s; search {search_s:.2f} s ({visible} visible)")


if __name__ == "__main__":
    main()
