"""Stage visualise: a self-contained page whose data cannot break out of its script."""

from __future__ import annotations

import re

from kg.visualise import _json_for_script, render_html, view_data


def test_page_links_nothing_on_the_network(sample_build) -> None:
    html = render_html(view_data(sample_build.graph))
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", html, re.I)
    assert "cdn.jsdelivr" not in html and "unpkg" not in html
    assert "何光中" in html


def test_view_data_counts(sample_build) -> None:
    data = view_data(sample_build.graph)
    mentioned = {e.id for e in sample_build.entities}
    assert len(data["nodes"]) >= len(mentioned)
    assert all(e["evidence"] for e in data["edges"])


def test_script_payload_cannot_close_the_script() -> None:
    payload = _json_for_script({"label": "</script><script>alert(1)</script><!--"})
    assert "</script" not in payload and "<!--" not in payload


def test_page_is_the_same_in_every_process(sample_graph_file) -> None:
    # String hashing differs between processes; the page (laid out up front here) must not.
    import os
    import subprocess
    import sys

    code = ("import sys, hashlib; from kg.store import load_store; from kg.visualise import render_html, view_data; "
            "print(hashlib.sha256(render_html(view_data(load_store(sys.argv[1])), layout='fixed')"
            ".encode()).hexdigest())")
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code, str(sample_graph_file)], env=env,
                             capture_output=True, text=True, check=True).stdout.strip()
        digests.add(out)
    assert len(digests) == 1 and len(next(iter(digests))) == 64
