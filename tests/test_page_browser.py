"""The graph page in a real headless Chromium (Debian's), with every network request blocked."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.visualise import render_html, view_data
from kg.vocab import SK

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).parent / "artifacts"

if not CHROMIUM and os.environ.get("CI"):
    pytest.fail("CI needs Debian's chromium for the page tests (scripts/test installs it)", pytrace=False)
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Debian chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def _open(browser, path: Path):
    # bypass_csp lets Playwright poll with its own script; the page keeps its CSP for users.
    page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    errors: list[str] = []
    blocked: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_function("document.body.dataset.ready === '1'", timeout=30000)
    return page, errors, blocked


@contextmanager
def _served(graph: Path) -> Iterator[str]:
    """``kg serve GRAPH`` on a free port of 127.0.0.1 until the block ends; yields its base URL."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(graph), "--port", str(port)],
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/query", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _query_page(browser, base: str):
    """The served /query page, with every request elsewhere blocked, and the list of its script errors."""
    page = browser.new_page(bypass_csp=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    page.goto(base + "/query")
    return page, errors


def _click_node(page, node_id: str) -> None:
    """A real mouse click where the node is drawn (after the view has settled)."""
    page.wait_for_timeout(600)
    pos = page.evaluate(f"window.kgNodePosition({node_id!r})")
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


def _visible(page) -> int:
    return int(page.evaluate("document.body.dataset.visibleNodes"))


@pytest.mark.slow
def test_sample_page_draws_every_entity_and_filters(browser, sample_build, sample_graph_file, tmp_path) -> None:
    html = tmp_path / "graph.html"
    html.write_text(render_html(view_data(sample_build.graph)), encoding="utf-8")
    page, errors, blocked = _open(browser, html)
    g = sample_build.graph
    entities = {o for o in g.objects(None, SK.denotes)}
    drawn = page.evaluate("window.kgNetwork.body.data.nodes.length")
    assert drawn == len(entities)
    assert _visible(page) == len(entities)

    page.fill("#search", "何光中")
    assert 1 <= _visible(page) < len(entities)
    page.fill("#search", "")
    assert _visible(page) == len(entities)

    agencies = sum(1 for e in entities if (e, RDF.type, SK.Agency) in g)
    page.uncheck("#classes input[value=Agency]")
    assert _visible(page) == len(entities) - agencies
    page.click("#reset")
    assert _visible(page) == len(entities)

    # Click a node that has a relation: the panel shows an evidence sentence from its document.
    data = view_data(g)
    # Narrow the view to a target by search first; its neighbours stay drawn, so take the first
    # target that no neighbour covers where the pointer will click.
    for node in (n for n in data["nodes"] if any(e["from"] == n["id"] for e in data["edges"])):
        target, label = node["id"], node["label"]
        page.fill("#search", label)
        page.wait_for_timeout(600)
        if page.evaluate(f"window.kgNetwork.getNodeAt(window.kgNodePosition({target!r}))") == target:
            break
    _click_node(page, target)
    page.wait_for_selector("#details .evidence-sentence", timeout=5000)
    assert page.inner_text("#details h1") == label
    sentence = page.inner_text("#details .evidence-sentence")
    assert len(sentence) > 4
    assert _visible(page) < len(entities)  # neighbourhood view
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph-page.png"))
    assert not errors, errors
    assert not blocked, blocked
    page.close()


def test_hostile_text_is_shown_not_run(browser, tmp_path) -> None:
    payload = '<img src=x onerror="window.__pwned=1">“</script><script>window.__pwned=2</script>'
    g = Graph()
    a, b = URIRef("https://w3id.org/shishi-kg/id/agency/1"), URIRef("https://w3id.org/shishi-kg/id/person/2")
    m, s = URIRef("https://w3id.org/shishi-kg/id/mention/3"), URIRef("https://w3id.org/shishi-kg/id/sent/4")
    g.add((a, RDF.type, SK.Agency))
    g.add((a, RDFS.label, Literal(payload, lang="zh")))
    g.add((b, RDF.type, SK.Person))
    g.add((b, RDFS.label, Literal("张三", lang="zh")))
    g.add((b, SK.reportedTo, a))
    for e in (a, b):
        g.add((URIRef(str(m) + str(e)[-1]), SK.denotes, e))
    st = URIRef("https://w3id.org/shishi-kg/id/assertion/5")
    g.add((st, RDF.type, SK.Assertion))
    g.add((st, RDF.subject, b))
    g.add((st, RDF.predicate, SK.reportedTo))
    g.add((st, RDF.object, a))
    g.add((st, SK.inSentence, s))
    g.add((s, SK.text, Literal("张三向" + payload + "反映问题")))
    html = tmp_path / "hostile.html"
    html.write_text(render_html(view_data(g)), encoding="utf-8")
    page, errors, blocked = _open(browser, html)
    page.fill("#search", "onerror")
    assert _visible(page) == 2  # the agency and the person connected to it
    _click_node(page, str(a))
    page.wait_for_selector("#details h1", timeout=5000)
    assert page.inner_text("#details h1") == payload
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#details img").count() == 0
    assert not errors and not blocked
    page.close()


def test_query_page_shows_hostile_results_as_text(browser, tmp_path) -> None:
    """The /query page of kg serve renders results from the graph as text, never as HTML."""
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    g = Graph()
    a = URIRef("https://w3id.org/shishi-kg/id/agency/1")
    g.add((a, RDF.type, SK.Agency))
    g.add((a, RDFS.label, Literal(payload, lang="zh")))
    ttl = tmp_path / "hostile.ttl"
    g.serialize(ttl, format="turtle")
    with _served(ttl) as base:
        page, errors = _query_page(browser, base)
        page.fill("#q", "SELECT ?l WHERE { ?e a sk:Agency ; rdfs:label ?l }")
        page.click("#run")
        page.wait_for_selector("#out td", timeout=10000)
        assert page.inner_text("#out td") == payload
        assert page.locator("#out img, #out script").count() == 0
        assert page.evaluate("window.__pwned") is None
        assert not errors
        page.close()


def _ids_of(page, what: str) -> set[str]:
    return set(page.evaluate(f"window.kgNetwork.body.data.{what}.get({{filter: x => !x.hidden}}).map(x => x.id)"))


def test_a_search_shows_the_entity_its_neighbours_and_edges_with_its_details(browser, sample_build, tmp_path) -> None:
    data = view_data(sample_build.graph)
    html = tmp_path / "graph.html"
    html.write_text(render_html(data), encoding="utf-8")
    page, errors, blocked = _open(browser, html)
    # the official with the most relations, and an entity with none, as the data says
    degree = {n["id"]: n["degree"] for n in data["nodes"]}
    official = max((n for n in data["nodes"] if n["class"] == "Official"), key=lambda n: (n["degree"], n["id"]))
    around = {official["id"]} | {e["to"] for e in data["edges"] if e["from"] == official["id"]} \
        | {e["from"] for e in data["edges"] if e["to"] == official["id"]}
    page.fill("#search", official["label"])
    page.wait_for_selector("#details h1", timeout=5000)
    assert page.inner_text("#details h1") == official["label"]
    shown = _ids_of(page, "nodes")
    assert around <= shown and len(shown) > 1
    assert len(_ids_of(page, "edges")) >= official["degree"] > 0
    lonely = next(n for n in data["nodes"] if degree[n["id"]] == 0 and n["sentences"]
                  and sum(1 for m in data["nodes"] if n["label"] in (m["label"], *m["aliases"])) == 1)
    page.fill("#search", lonely["label"])
    page.wait_for_function(f"document.querySelector('#details h1').textContent === {lonely['label']!r}")
    assert page.inner_text("#details .mention-sentence") == lonely["sentences"][0]["sentence"]
    page.click("#reset")
    assert page.locator("#details h1").count() == 0  # reset clears the old details too
    assert _visible(page) == len(data["nodes"])
    assert not errors and not blocked
    page.close()


def _two_clusters() -> Graph:
    g = Graph()
    ids = [URIRef(f"https://w3id.org/shishi-kg/id/agency/{i}") for i in range(4)]
    for i, node in enumerate(ids):
        g.add((node, RDF.type, SK.Agency))
        g.add((node, RDFS.label, Literal(f"机构{i}", lang="zh")))
        g.add((URIRef(f"https://w3id.org/shishi-kg/id/mention/d-{i}-{i + 1}"), SK.denotes, node))
    g.add((ids[0], SK.locatedIn, ids[1]))
    g.add((ids[0], SK.funded, ids[1]))  # two relations between the same pair
    g.add((ids[2], SK.reportedTo, ids[3]))
    return g


def test_unrelated_clusters_are_drawn_apart_and_parallel_edges_do_not_hide_each_other(browser, tmp_path) -> None:
    html = tmp_path / "two.html"
    html.write_text(render_html(view_data(_two_clusters())), encoding="utf-8")
    page, errors, blocked = _open(browser, html)
    pos = page.evaluate("window.kgNetwork.getPositions()")
    a = [pos[f"https://w3id.org/shishi-kg/id/agency/{i}"] for i in (0, 1)]
    b = [pos[f"https://w3id.org/shishi-kg/id/agency/{i}"] for i in (2, 3)]

    def box(ps):
        return min(p["x"] for p in ps), max(p["x"] for p in ps), min(p["y"] for p in ps), max(p["y"] for p in ps)

    (ax0, ax1, ay0, ay1), (bx0, bx1, by0, by1) = box(a), box(b)
    assert ax1 < bx0 or bx1 < ax0 or ay1 < by0 or by1 < ay0  # the boxes do not overlap
    smooth = page.evaluate("window.kgNetwork.body.data.edges.get().filter(e => e.from.endsWith('/0'))"
                           ".map(e => JSON.stringify(e.smooth))")
    assert len(smooth) == 2 and len(set(smooth)) == 2
    assert not errors and not blocked
    page.close()


def test_query_page_loads_a_bundled_question_and_shows_a_construct_as_turtle(browser, sample_graph_file) -> None:
    with _served(sample_graph_file) as base:
        page, errors = _query_page(browser, base)
        page.select_option("#questions", "entities-by-class")
        assert "GROUP BY" in page.input_value("#q")
        page.click("#run")
        page.wait_for_selector("#out td", timeout=10000)
        assert page.locator("#out th").first.inner_text() == "class"
        page.fill("#q", "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a sk:City ; rdfs:label ?l }")
        page.click("#run")
        page.wait_for_selector("#out pre", timeout=10000)
        assert "rdfs:label" in page.inner_text("#out pre") or "label" in page.inner_text("#out pre")
        assert "Turtle" in page.inner_text("#status")
        assert not errors
        page.close()


def test_an_officials_career_is_a_timeline_and_a_place_lists_its_officials_over_time(browser, tmp_path) -> None:
    from kg.pipeline import build

    data = view_data(build([Path(__file__).parent / "fixtures" / "careers"], progress=False).graph)
    html = tmp_path / "graph.html"
    html.write_text(render_html(data), encoding="utf-8")
    page, errors, blocked = _open(browser, html)
    # two officials share the name: open the 浙江 one (three posts) by its id
    official = next(n for n in data["nodes"] if n["class"] == "Official" and len(n["career"]) == 3)
    page.evaluate(f"showDetails({official['id']!r})")
    entries = page.locator("#details ol.timeline li strong").all_inner_texts()
    assert [e.split(" · ")[0] for e in entries] == ["2021-03-02", "2023-05-10", "2024-04-15"]
    assert [e.split(" · ")[1] for e in entries] == ["副县长", "县长", "副市长"]
    assert page.locator("#details .career-sentence").first.inner_text().startswith("3月1日")
    # the place filter: 安吉县 shows who held posts there and in its bodies, in date order
    county = next(n for n in data["nodes"] if n["label"] == "安吉县")
    page.select_option("#place", county["id"])
    page.wait_for_function("document.querySelector('#details h1').textContent === '安吉县'")
    held = page.locator("#details ol.timeline li strong").all_inner_texts()
    assert [(h.split(" · ")[0], h.split(" · ")[2]) for h in held] == [("2021-03-02", "副县长"), ("2023-05-10", "县长")]
    assert not errors and not blocked
    page.close()
