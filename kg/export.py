"""Stage ``export``: write a graph in a named format.

One registry keyed by format name. rdflib's own format names (``turtle``,
``nt``, ``json-ld``, ``xml``, ``trig``…) pass straight through to rdflib;
Turtle and N-Triples are canonical — triples sorted by their N-Triples text,
written by Oxigraph's serialiser — so two builds of the same input are
byte-identical. Every writer takes an rdflib graph or an Oxigraph store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Union

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from .build_rdf import PREFIXES
from .canonical import sort_lines, turtle_of_sorted
from .ids import ID_KINDS
from .namespaces import PREFIXES as ALL_PREFIXES
from .vocab import ID_IRI
from .errors import ExportError, GraphNotFound, GraphParseError
from .outputs import atomic_write, publish
from .runtime import python_beside
from .store import SUFFIX_FORMAT, as_store, is_store, store_to_graph

if TYPE_CHECKING:
    import networkx

Exporter = Callable[[Graph], str]
AnyGraph = Union[Graph, Any]  # an rdflib Graph or a pyoxigraph Store


def _sorted_ntriples(g: AnyGraph) -> bytes:
    """The triples of ``g`` as N-Triples in Oxigraph's canonical form, lines sorted bytewise.

    Sorting serialised lines (in C) rather than term objects (in Python) is what keeps writing
    Turtle a small part of a build; an rdflib graph goes through the same form, so a graph
    written by ``kg build`` and re-exported by ``kg export`` come out byte-identical.
    """
    import pyoxigraph as ox

    store = g if is_store(g) else as_store(g)
    return sort_lines(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))


def to_turtle(g: AnyGraph) -> str:
    """Canonical Turtle: sorted triples, grouped by subject, with the project prefixes."""
    return turtle_of_sorted(_sorted_ntriples(g), _prefixes()).decode("utf-8")


class TurtleInBackground:
    """Writes the canonical Turtle of a store to ``path`` from another process, while this one goes on.

    A thread dumps the store as N-Triples (Oxigraph, without Python's lock) into a
    temporary folder beside ``path``; then sorting, parsing and serialising, which
    hold the lock for most of their time, run in a fresh interpreter. The bytes are
    those of :func:`to_turtle`. :meth:`result` waits, then renames the file into
    place, so ``path`` holds the old graph or the whole new one, never a part.
    """

    def __init__(self, store: Any, path: str | Path, prefixes: dict[str, str] | None = None) -> None:
        import os
        import subprocess
        import tempfile
        from concurrent.futures import ThreadPoolExecutor

        self.path = Path(path)
        self._dir = tempfile.mkdtemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        self._out = os.path.join(self._dir, "graph.ttl")
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread = ThreadPoolExecutor(1)
        self._started = self._thread.submit(self._start, store, prefixes or _prefixes())

    def _start(self, store: Any, prefixes: dict[str, str]) -> None:
        import os

        import pyoxigraph as ox

        nt = os.path.join(self._dir, "graph.nt")
        store.dump(nt, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        self._proc = python_beside(
            "import sys, json; from kg.canonical import turtle_file; "
            "turtle_file(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]))",
            [nt, self._out, json.dumps(prefixes), str(os.getpid())])

    def result(self) -> None:
        """Wait for the Turtle and move it into place; raises :class:`ExportError` if it could not be made."""
        try:
            self._started.result()
            assert self._proc is not None
            _, err = self._proc.communicate()
            if self._proc.returncode != 0:
                lines = err.decode("utf-8", "replace").strip().splitlines() or [f"exit code {self._proc.returncode}"]
                raise ExportError(f"writing {self.path} failed: {lines[-1][:300]}")
            publish(self._out, self.path)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the other process if it still runs and remove the temporary folder (safe to repeat)."""
        import shutil

        self._thread.shutdown()  # a dump under way finishes first; it cannot be interrupted
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()  # interrupted: the Turtle is no longer wanted
            self._proc.wait()
        shutil.rmtree(self._dir, ignore_errors=True)


def to_ntriples(g: AnyGraph) -> str:
    """N-Triples, lines sorted."""
    return _sorted_ntriples(g).decode("utf-8")


def _prefixes() -> dict[str, str]:
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    prefixes.update({p: ALL_PREFIXES[p] for p in ("rdf", "rdfs", "xsd", "owl", "org", "time")})
    # one prefix per kind of minted IRI, so names read agency:0071403cbcc810f0, not id:agency\/…
    prefixes.update({kind: f"{ID_IRI}{kind}/" for kind in ID_KINDS})
    return prefixes


def dump_turtle(store: Any, path: str | Path) -> None:
    """Stream a (large) store to Turtle at ``path`` in the store's order, atomically.

    An on-disk store orders triples by their content, not by when they were
    loaded, so the same graph gives the same bytes (tested), though not sorted.
    """
    import os
    import tempfile

    import pyoxigraph as ox

    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        store.dump(tmp, format=ox.RdfFormat.TURTLE, prefixes=_prefixes(), from_graph=ox.DefaultGraph())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_jsonld(g: Graph) -> str:
    """JSON-LD with a compact @context of the project prefixes."""
    context = {p: str(ns) for p, ns in PREFIXES.items()}
    context.update({"rdfs": str(RDFS), "rdf": str(RDF)})
    data = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(_in_order(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _in_order(value: Any, key: str = "") -> Any:
    """JSON-LD with its node list and every multi-valued property sorted, so the same graph is
    the same bytes (rdflib writes them in set order, which changes from run to run); an
    ``@list`` keeps its order, which is meaningful."""
    if isinstance(value, dict):
        return {k: _in_order(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_in_order(v) for v in value]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False,
                                                                                    sort_keys=True))
    return value


def property_graph(g: Graph) -> "networkx.MultiDiGraph":
    """The entities (what the text names) as nodes and their relations as edges, with the facts
    a graph tool weights and filters by and the evidence that traces each edge.

    Nodes: ``label``, ``cls``, ``aliases`` and ``posts`` (joined by ``;``, as neo4j-admin reads arrays), ``adminCode``,
    ``mentions``. Edges: ``relation``, ``confidence`` (the surest statement), ``extractor``,
    ``evidence`` (a sentence that states it), ``document``, ``statements`` (how many sentences
    do), ``post`` for holdsPost, ``date``; a funding is one edge per transfer with ``amount``
    (yuan), ``amountText``, ``approximate``, ``aggregate``, ``purpose``. Background gazetteer
    divisions (sk:Division) are not entities and are left out.
    """
    import networkx as nx
    from rdflib.namespace import DCTERMS, SKOS

    from .model import ENTITY_TYPES, RELATION_TYPES
    from .vocab import SK

    def text(node: Any, pred: Any) -> str:
        v = g.value(node, pred)
        return "" if v is None else str(v)

    pg = nx.MultiDiGraph()
    mentions: dict[str, int] = {}
    for _m, e in g.subject_objects(SK.denotes):
        mentions[str(e)] = mentions.get(str(e), 0) + 1
    for cls in ENTITY_TYPES:
        for node in sorted(g.subjects(RDF.type, getattr(SK, cls)), key=str):
            attrs = {"label": text(node, RDFS.label), "cls": cls, "mentions": mentions.get(str(node), 0),
                     "aliases": ";".join(sorted(str(a) for a in g.objects(node, SKOS.altLabel))),
                     "posts": ";".join(sorted(str(p) for p in g.objects(node, SK.post)))}
            if (code := text(node, SK.adminCode)):
                attrs["adminCode"] = code
            pg.add_node(str(node), **attrs)
    # Every statement of a relation: its sentence, document, confidence, rule, post and date.
    said: dict[tuple[str, str, str], list[tuple[float, str, str, str, str, str]]] = {}
    for a in g.subjects(RDF.type, SK.Assertion):
        key = (str(g.value(a, RDF.subject)), str(g.value(a, RDF.predicate)), str(g.value(a, RDF.object)))
        sent = g.value(a, SK.inSentence)
        conf = g.value(a, SK.confidence)
        said.setdefault(key, []).append((
            float(conf) if conf is not None else 0.0, text(sent, SK.text),
            text(g.value(sent, SK.inDocument), DCTERMS.identifier), text(a, SK.extractor),
            text(a, SK.post), text(a, DCTERMS.date)))
    fundings: dict[tuple[str, str], list[Any]] = {}
    for f in g.subjects(RDF.type, SK.Funding):
        fundings.setdefault((str(g.value(f, SK.funder)), str(g.value(f, SK.recipient))), []).append(f)
    for rel in RELATION_TYPES:
        pred = str(getattr(SK, rel))
        for s, o in sorted(g.subject_objects(getattr(SK, rel)), key=lambda t: (str(t[0]), str(t[1]))):
            s, o = str(s), str(o)
            if s not in pg or o not in pg:
                continue
            statements = sorted(said.get((s, pred, o), []), key=lambda t: (-t[0], t[2], t[1]))
            base: dict[str, Any] = {"relation": rel, "statements": len(statements)}
            if statements:
                conf, sentence, doc, extractor, post, date = statements[0]
                base.update(confidence=conf, evidence=sentence, document=doc, extractor=extractor)
                if post:
                    base["post"] = post
                if date:
                    base["date"] = date
            transfers = sorted(fundings.get((s, o), []), key=str) if rel == "funded" else []
            if not transfers:
                pg.add_edge(s, o, key=rel, **base)
            for i, f in enumerate(transfers):
                attrs = dict(base)
                sent = g.value(f, SK.inSentence)
                attrs.update(evidence=text(sent, SK.text),
                             document=text(g.value(sent, SK.inDocument), DCTERMS.identifier),
                             amountText=text(f, SK.amountText),
                             approximate=text(f, SK.approximate) == "true",
                             aggregate=text(f, SK.aggregate) == "true")
                if (amount := g.value(f, SK.amount)) is not None:
                    attrs["amount"] = float(amount)
                for name, p in (("purpose", SK.purpose), ("date", DCTERMS.date)):
                    if (v := text(f, p)):
                        attrs[name] = v
                pg.add_edge(s, o, key=f"{rel}/{i}", **attrs)
    return pg


def to_graphml(g: Graph) -> str:
    """GraphML for Gephi and networkx: entity nodes and relation edges with their facts."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(property_graph(g))) + "\n"


# Columns of the Neo4j import files: name, then the header with its neo4j-admin type.
_NODE_COLUMNS = (("label", "name"), ("aliases", "aliases:string[]"), ("posts", "posts:string[]"),
                 ("adminCode", "adminCode"), ("mentions", "mentions:int"))
_EDGE_COLUMNS = (("post", "post"), ("amount", "amount:double"), ("amountText", "amountText"),
                 ("approximate", "approximate:boolean"), ("aggregate", "aggregate:boolean"),
                 ("purpose", "purpose"), ("date", "date"), ("confidence", "confidence:double"),
                 ("extractor", "extractor"), ("statements", "statements:int"), ("evidence", "evidence"),
                 ("document", "document"))


def to_neo4j_csv(g: Graph) -> dict[str, str]:
    """``nodes.csv`` and ``relationships.csv`` in the header format ``neo4j-admin database import``
    reads, with the nodes' and edges' facts as typed columns (arrays split on ``;``, its default)."""
    import csv
    import io

    def cell(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        return "" if v is None else str(v)

    pg = property_graph(g)
    nodes, rels = io.StringIO(), io.StringIO()
    w = csv.writer(nodes, lineterminator="\n")
    w.writerow(["iri:ID", *(h for _, h in _NODE_COLUMNS), ":LABEL"])
    for n, d in pg.nodes(data=True):
        w.writerow([n, *(cell(d.get(k)) for k, _ in _NODE_COLUMNS), d["cls"]])
    w = csv.writer(rels, lineterminator="\n")
    w.writerow([":START_ID", ":END_ID", ":TYPE", *(h for _, h in _EDGE_COLUMNS)])
    for s, o, d in pg.edges(data=True):
        w.writerow([s, o, d["relation"], *(cell(d.get(k)) for k, _ in _EDGE_COLUMNS)])
    return {"nodes.csv": nodes.getvalue(), "relationships.csv": rels.getvalue()}



def to_careers_csv(g: AnyGraph) -> str:
    """Officials' careers as CSV, one row per post reported held (the bundled question
    ``careers``): person, person id, post title, post as written, body, place, GB/T 2260
    code, date, former, document, source, sentence."""
    from .query import bundled_questions, format_result, query_store, with_prefixes

    res = query_store(as_store(g), with_prefixes(bundled_questions()["careers"][1]))
    return format_result(res, "csv")


EXPORTERS: dict[str, Exporter] = {
    "turtle": to_turtle,
    "longturtle": to_turtle,
    "nt": to_ntriples,
    "ntriples": to_ntriples,
    "json-ld": to_jsonld,
    "graphml": to_graphml,
    "careers": to_careers_csv,
}
# Formats written as several files into a folder.
FOLDER_EXPORTERS: dict[str, Callable[[Graph], dict[str, str]]] = {"csv": to_neo4j_csv}


def exporter(fmt: str) -> Exporter:
    """The exporter for ``fmt``: a registered one, else rdflib's serializer of that name."""
    if fmt in EXPORTERS:
        return EXPORTERS[fmt]
    from rdflib.plugin import PluginException, get
    from rdflib.serializer import Serializer

    try:
        get(fmt, Serializer)
    except PluginException:
        known = sorted(set(EXPORTERS) | set(FOLDER_EXPORTERS) | {"xml", "trig", "n3", "nquads"})
        raise ExportError(f"unknown export format {fmt!r}; use one of: {', '.join(known)}") from None
    return lambda g: g.serialize(format=fmt)


def write_graph(g: AnyGraph, path: str | Path, fmt: str = "turtle") -> None:
    """Serialise ``g`` in ``fmt`` and write it atomically to ``path`` (a folder for ``csv``)."""
    if is_store(g) and fmt not in ("turtle", "ttl", "nt", "ntriples", "careers"):
        g = store_to_graph(g)
    if fmt in FOLDER_EXPORTERS:
        for name, text in FOLDER_EXPORTERS[fmt](g).items():
            atomic_write(Path(path) / name, text)
        return
    atomic_write(path, exporter(fmt)(g))


def load_graph(path: str | Path) -> Graph:
    """Parse a graph file; the format is taken from its extension."""
    p = Path(path)
    if not p.exists():
        raise GraphNotFound(str(p))
    fmt = SUFFIX_FORMAT.get(p.suffix.lower(), "turtle")
    g = Graph()
    try:
        g.parse(p, format=fmt)
    except Exception as e:  # rdflib raises many parser-specific types
        raise GraphParseError(f"{p}: not valid {fmt} ({type(e).__name__}: {str(e).splitlines()[0][:200]})") from None
    return g
