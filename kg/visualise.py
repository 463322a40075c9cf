"""Stage ``visualise``: the interactive network page (pyvis / vis-network), self-contained.

The graph first becomes a plain dict of nodes and edges (:func:`view_data`);
the renderer only draws that dict. The page embeds vis-network from the
pyvis package itself and links nothing on the network, so it works from
disk with no connection. Text from articles reaches the page only as JSON
data and is shown with ``textContent``, never as HTML.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .classes import STYLE
from .errors import KGError
from .model import RELATION_TYPES
from .store import as_store
from .vocab import ORG, SK, ontology_graph


class UnknownClass(KGError):
    """A class name that is not one of the ontology's entity classes."""

    exit_code = 2

CLASS_STYLE: dict[str, tuple[str, str]] = STYLE  # kg/resources/classes.toml
RELATIONS = RELATION_TYPES  # the ontology's, in its order
PHYSICS_LIMIT = 300


def _labels(onto: Graph, term: URIRef) -> dict[str, str]:
    return {str(o.language): str(o) for o in onto.objects(term, RDFS.label) if getattr(o, "language", None)}


class _Triples:
    """Reads of one predicate over an Oxigraph store as plain strings.

    The page needs a handful of predicates, each read once into a dict;
    Oxigraph's own terms are cheap, converting them to rdflib terms is not.
    """

    def __init__(self, store: Any) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self._store = store

    def _quads(self, predicate: URIRef, obj: URIRef | None = None, subject: Any = None) -> Iterator[Any]:
        ox = self._ox
        return self._store.quads_for_pattern(subject, ox.NamedNode(str(predicate)),
                                             None if obj is None else ox.NamedNode(str(obj)), ox.DefaultGraph())

    def pairs(self, predicate: URIRef) -> Iterator[tuple[str, str]]:
        """(subject, object) values of the triples with this predicate."""
        for q in self._quads(predicate):
            yield q.subject.value, q.object.value

    def subjects(self, predicate: URIRef, obj: URIRef) -> list[str]:
        """IRIs (not blank nodes) of the subjects of (?, predicate, obj)."""
        return [q.subject.value for q in self._quads(predicate, obj) if isinstance(q.subject, self._ox.NamedNode)]

    def value(self, subject: str, predicate: URIRef) -> str:
        """One object of (subject, predicate, ?), or "" when there is none (or no subject)."""
        try:
            node = self._ox.NamedNode(subject)
        except ValueError:  # none, or a blank node or literal where a graph from elsewhere has no IRI
            return ""
        for q in self._quads(predicate, subject=node):
            return str(q.object.value)
        return ""

    def objects(self, subject: str, predicate: URIRef) -> list[str]:
        """Every object of (subject, predicate, ?), as strings."""
        return [str(q.object.value) for q in self._quads(predicate, subject=self._ox.NamedNode(subject))]

    def count_by_object(self, predicate: URIRef) -> Counter[str]:
        """How many triples with this predicate each object has (counted by Oxigraph, not Python)."""
        rows = self._store.query(f"SELECT ?o (COUNT(*) AS ?n) WHERE {{ ?s <{predicate}> ?o }} GROUP BY ?o",
                                 default_graph=self._ox.DefaultGraph())
        return Counter({r["o"].value: int(r["n"].value) for r in rows})

    def values(self, predicate: URIRef) -> dict[str, str]:
        """One object per subject of this predicate."""
        out: dict[str, str] = {}
        for s, o in self.pairs(predicate):
            out.setdefault(s, o)
        return out

    def all_values(self, predicate: URIRef) -> dict[str, list[str]]:
        """Every object per subject of this predicate."""
        out: dict[str, list[str]] = defaultdict(list)
        for s, o in self.pairs(predicate):
            out[s].append(o)
        return out


# Sentences shown per entity in the details panel (its mentions', first in document order);
# more would make the page of a large corpus as big as the corpus.
SENTENCES_PER_NODE = 3


def check_classes(classes: set[str] | None) -> None:
    """Refuse a class the page does not know (a typo would draw an empty page and say nothing)."""
    unknown = sorted(set(classes or ()) - set(CLASS_STYLE))
    if unknown:
        raise UnknownClass(f"unknown class {', '.join(unknown)}; the classes are {', '.join(CLASS_STYLE)}")


def view_data(g: Graph, classes: set[str] | None = None, min_degree: int = 0) -> dict[str, Any]:
    """Nodes, edges and legend of the graph (rdflib or Oxigraph) as plain JSON-ready data.

    ``classes`` keeps entities of those classes only, and ``min_degree`` then those with at
    least that many relations among what is kept. Each node carries the sentences of its
    first mentions, so an entity with no relation still shows where the text names it."""
    check_classes(classes)
    t = _Triples(as_store(g))
    onto = ontology_graph()
    type_of: dict[str, str] = {}
    for cls in CLASS_STYLE:
        for s in t.subjects(RDF.type, getattr(SK, cls)):
            type_of[s] = cls
    mentions = t.count_by_object(SK.denotes)
    subj, pred, obj = t.values(RDF.subject), t.values(RDF.predicate), t.values(RDF.object)
    evidence: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    # Only the assertions' sentences are shown: each is looked up, rather than reading the
    # text of every sentence and mention in the corpus (most of what a page would cost).
    for a in t.subjects(RDF.type, SK.Assertion):
        sent = t.value(a, SK.inSentence)
        doc = t.value(sent, SK.inDocument)
        evidence[(subj.get(a, ""), pred.get(a, ""), obj.get(a, ""))].append(
            {"sentence": t.value(sent, SK.text), "doc": t.value(doc, DCTERMS.identifier)})
    amounts: dict[tuple[str, str], list[str]] = defaultdict(list)
    amount, amount_text = t.values(SK.amount), t.values(SK.amountText)
    funder, recipient = t.values(SK.funder), t.values(SK.recipient)
    for f in t.subjects(RDF.type, SK.Funding):
        said = amount_text.get(f, "") + (f" = {amount[f]} 元" if f in amount else "")
        if said:  # a funding whose amount the text does not say shows none
            amounts[(funder.get(f, ""), recipient.get(f, ""))].append(said)
    rel_labels = {r: _labels(onto, getattr(SK, r)) for r in RELATIONS}
    edges = []
    degree: Counter[str] = Counter()
    kept = {n for n, c in type_of.items() if not classes or c in classes}
    for r in RELATIONS:
        p = str(getattr(SK, r))
        for s, o in t.pairs(getattr(SK, r)):
            if s in kept and o in kept:
                degree[s] += 1
                degree[o] += 1
                edges.append({"from": s, "to": o, "relation": r,
                              "label": rel_labels[r].get("zh", r), "label_en": rel_labels[r].get("en", r),
                              "evidence": sorted(evidence.get((s, p, o), []), key=lambda e: (e["doc"], e["sentence"])),
                              "amounts": sorted(amounts.get((s, o), [])) if r == "funded" else []})
    label = t.values(RDFS.label)
    aliases, posts = t.all_values(SKOS.altLabel), t.all_values(SK.post)
    admin_code = t.values(SK.adminCode)
    class_zh = {c: _labels(onto, getattr(SK, c)).get("zh", c) for c in CLASS_STYLE}
    first_mentions: dict[str, list[str]] = defaultdict(list)
    for m, node in t.pairs(SK.denotes):
        first_mentions[node].append(m)
    careers = _careers(t, label)
    nodes = []
    for node, cls in type_of.items():
        if node not in kept or degree[node] < min_degree:
            continue
        if mentions[node] == 0 and degree[node] == 0:
            continue  # background gazetteer divisions with no link are not drawn
        nodes.append({
            "id": node, "label": label.get(node, ""), "class": cls, "class_zh": class_zh[cls],
            "aliases": sorted(aliases.get(node, [])), "posts": sorted(posts.get(node, [])),
            "adminCode": admin_code.get(node, ""),
            "mentions": mentions[node], "degree": degree[node],
            "sentences": _mention_sentences(t, first_mentions.get(node, [])),
            "career": careers.get(node, []),
        })
    keep = {n["id"] for n in nodes}
    edges = [e for e in edges if e["from"] in keep and e["to"] in keep]
    nodes.sort(key=lambda n: n["id"])
    edges.sort(key=lambda e: (e["from"], e["relation"], e["to"]))
    legend = [{"class": c, "zh": class_zh[c], "color": col, "shape": shape}
              for c, (col, shape) in CLASS_STYLE.items()]
    return {"nodes": nodes, "edges": edges, "legend": legend,
            "relations": [{"relation": r, **rel_labels[r]} for r in RELATIONS]}


def _careers(t: _Triples, label: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Per official, the posts reported held (``sk:Membership``), in date order: the post title
    and as written, the body (its id, for the page to list a body's or place's holders), the
    date, whether held before it, and the first sentence that says so."""
    member, org = t.values(ORG.member), t.values(ORG.organization)
    role, heldon, former = t.values(ORG.role), t.values(SK.heldOn), t.values(SK.former)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    # a membership's own posts and sentences are looked up, not every post and sentence link of
    # the corpus read (mentions have one each)
    for m in t.subjects(RDF.type, SK.Membership):
        # its first sentence: sentence IRIs end in -<index>, so the shortest, then the least
        sent = min(t.objects(m, SK.inSentence) or [""], key=lambda s: (len(s), s))
        out[member.get(m, "")].append({
            "date": heldon.get(m, ""), "post": t.value(role.get(m, ""), SKOS.prefLabel),
            "written": sorted(t.objects(m, SK.post)), "body": label.get(org.get(m, ""), ""), "bodyId": org.get(m, ""),
            "former": former.get(m, "") == "true", "sentence": t.value(sent, SK.text),
            "doc": t.value(t.value(sent, SK.inDocument), DCTERMS.identifier)})
    for entries in out.values():  # undated last, then by post and body
        entries.sort(key=lambda e: (e["date"] == "", e["date"], e["post"], e["body"], e["doc"]))
    return out


def _mention_sentences(t: _Triples, mentions: list[str]) -> list[dict[str, str]]:
    """The sentences (and documents) of an entity's first mentions, each sentence once."""
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for m in sorted(mentions, key=_mention_order):
        sent = t.value(m, SK.inSentence)
        if not sent or sent in seen:
            continue
        seen.add(sent)
        out.append({"sentence": t.value(sent, SK.text), "doc": t.value(t.value(sent, SK.inDocument), DCTERMS.identifier)})
        if len(out) == SENTENCES_PER_NODE:
            break
    return out


def _mention_order(iri: str) -> tuple[str, int]:
    """Mention IRIs end in <document>-<start>-<end>: in document order, then by offset."""
    doc, _, rest = iri.rpartition("/")[2].partition("-")
    start = rest.partition("-")[0]
    return doc, int(start) if start.isdigit() else 0




def _layout(data: dict[str, Any], layout: str = "auto") -> dict[str, tuple[float, float]] | None:
    """Positions computed up front for large graphs (physics would never settle) and for graphs
    of several components, or None to let the page simulate one small component.

    Each connected component is laid out on its own (spring layout when small,
    a circle when large, so the cost stays near linear) and the components are
    packed on a grid, biggest first, so unrelated clusters never overlap.
    """
    if layout == "physics":
        return None
    import math

    import networkx as nx

    G = nx.Graph()
    G.add_nodes_from(n["id"] for n in data["nodes"])
    G.add_edges_from((e["from"], e["to"]) for e in data["edges"])
    comps = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    # One small component may settle by simulation; several are laid out apart, or the
    # simulation draws unrelated clusters over each other and their edges cross, which reads
    # as a connection.
    if layout == "auto" and len(comps) <= 1 and len(data["nodes"]) <= PHYSICS_LIMIT:
        return None
    out: dict[str, tuple[float, float]] = {}
    radii = [(40 * math.sqrt(len(c)) if len(c) > 1 else 12.0) for c in comps]
    gap = 40.0
    # Shelf packing, biggest first, rows about as wide as the whole is tall: the first view is
    # a compact block rather than a long strip that the fit would shrink to dots.
    width = 1.3 * math.sqrt(sum((2 * r + gap) ** 2 for r in radii))
    x = y = row_h = 0.0
    for comp, radius in zip(comps, radii):
        if x > 0 and x + 2 * radius > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        # A new graph in sorted order, not G.subgraph(comp): a subgraph view may iterate its
        # nodes in set order, which changes from process to process, and so would the layout.
        sub = nx.Graph()
        sub.add_nodes_from(comp)
        sub.add_edges_from(G.edges(comp))
        if len(comp) == 1:
            pos = {comp[0]: (0.0, 0.0)}
        elif len(comp) <= 3:
            # a pair or a triple needs no simulation: evenly on a circle (most components are this small)
            pos = {k: (math.cos(2 * math.pi * j / len(comp)), math.sin(2 * math.pi * j / len(comp)))
                   for j, k in enumerate(comp)}
        elif len(comp) <= 200:
            pos = nx.spring_layout(sub, seed=7, iterations=40)
        else:
            pos = nx.circular_layout(sub)
        for k, (px, py) in pos.items():
            out[k] = (x + radius + float(px) * radius, y + radius + float(py) * radius)
        x += 2 * radius + gap
        row_h = max(row_h, 2 * radius + gap)
    return out


def render_html(data: dict[str, Any], title: str = "实事图谱 shishi-kg", layout: str = "auto") -> str:
    """A self-contained HTML page drawing ``data`` with vis-network.

    ``layout``: ``auto`` (physics up to a few hundred nodes, else computed up
    front), ``physics`` (always simulate) or ``fixed`` (always computed up front).
    """
    positions = _layout(data, layout)
    # Nodes and edges in pyvis's vis-network format. pyvis.network itself is not imported: it
    # pulls in IPython, which costs more than drawing the page of a 300,000-character corpus.
    nodes = []
    for n in data["nodes"]:
        color, shape = CLASS_STYLE[n["class"]]
        node: dict[str, Any] = {"id": n["id"], "label": n["label"], "color": color, "shape": shape,
                                "cls": n["class"], "value": 1 + n["mentions"] + n["degree"]}
        if positions:
            node.update(x=positions[n["id"]][0], y=positions[n["id"]][1], physics=False)
        nodes.append(node)
    edges = [{"from": e["from"], "to": e["to"], "label": f'{e["label"]} {e["label_en"]}',
              "relation": e["relation"], "arrows": "to"} for e in data["edges"]]
    _spread_parallel(edges)
    options = {
        # Labels grow with a node's mentions and links; zoomed out, only the larger ones are
        # drawn (drawThreshold), so the first view names the important nodes, not a blur of all.
        "nodes": {"font": {"size": 16, "face": "Noto Sans CJK SC, WenQuanYi Zen Hei, sans-serif"},
                  "scaling": {"min": 8, "max": 40, "label": {"enabled": True, "min": 10, "max": 56,
                                                            "drawThreshold": 6, "maxVisible": 32}}},
        "edges": {"font": {"size": 11, "align": "middle"}, "smooth": {"type": "continuous"},
                  "color": {"inherit": "from", "opacity": 0.6}},
        "physics": {"enabled": positions is None, "stabilization": {"iterations": 200},
                    "barnesHut": {"gravitationalConstant": -6000, "springLength": 140}},
        "interaction": {"hover": True, "navigationButtons": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }
    lib = _pyvis_lib()
    vis_js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (lib / "vis-network.css").read_text(encoding="utf-8")
    template = resources.files("kg").joinpath("resources/graph_page.html").read_text(encoding="utf-8")
    payload = {"nodes": nodes, "edges": edges, "options": options, "view": data}
    return (template
            .replace("/*VIS_CSS*/", vis_css)
            .replace("/*VIS_JS*/", vis_js.replace("</script", "<\\/script"))
            .replace("__TITLE__", _escape_html(title))
            .replace("/*DATA*/null", _json_for_script(payload)))


def _spread_parallel(edges: list[dict[str, Any]]) -> None:
    """Edges between the same two nodes (a funded beside an implements) curved apart, each
    by its own amount, so none is drawn over another."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in edges:
        groups[tuple(sorted((e["from"], e["to"])))].append(e)  # type: ignore[index]
    for pair, group in groups.items():
        if len(group) < 2:
            continue
        for k, e in enumerate(group):
            # the same side of the line for both directions: measured from the pair's first node
            clockwise = (k % 2 == 0) == (e["from"] == pair[0])
            e["smooth"] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
                           "roundness": round(0.15 + 0.15 * (k // 2), 2)}


def _pyvis_lib() -> Path:
    """The vis-network build that ships inside the pyvis package, found without importing pyvis."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyvis is not installed: pip install pyvis")
    return Path(next(iter(spec.submodule_search_locations))) / "lib" / "vis-9.1.2"


def _escape_html(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _json_for_script(obj: Any) -> str:
    """JSON safe to place inside a <script> element (no `</script>`, no HTML comment openers)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def visualise(g: Graph, classes: set[str] | None = None, min_degree: int = 0) -> str:
    """Stage: the HTML page of graph ``g``."""
    return render_html(view_data(g, classes=classes, min_degree=min_degree))
