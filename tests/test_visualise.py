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
