"""Stage ``export``: write a graph in a named format.

One registry keyed by format name. rdflib's own format names (``turtle``,
``nt``, ``json-ld``, ``xml``, ``trig``…) pass straight through to rdflib;
Turtle is canonical (sorted ``longturtle``) so two builds of the same input
are byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from .build_rdf import PREFIXES
from .errors import ExportError, GraphNotFound, GraphParseError
from .pipeline import atomic_write

Exporter = Callable[[Graph], str]

_SUFFIX_FORMAT = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
                  ".rdf": "xml", ".xml": "xml", ".trig": "trig", ".nq": "nquads", ".n3": "n3"}


def to_turtle(g: Graph) -> str:
    """Canonical, sorted Turtle."""
    out = g.serialize(format="longturtle")
    return out if out.endswith("\n") else out + "\n"


def to_ntriples(g: Graph) -> str:
    """N-Triples, lines sorted."""
    lines = sorted(line for line in g.serialize(format="nt").splitlines() if line.strip())
    return "\n".join(lines) + "\n"


def to_jsonld(g: Graph) -> str:
    """JSON-LD with a compact @context of the project prefixes."""
    context = {p: str(ns) for p, ns in PREFIXES.items()}
    context.update({"rdfs": str(RDFS), "rdf": str(RDF)})
    data = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


EXPORTERS: dict[str, Exporter] = {
    "turtle": to_turtle,
    "longturtle": to_turtle,
    "nt": to_ntriples,
    "ntriples": to_ntriples,
    "json-ld": to_jsonld,
}


def exporter(fmt: str) -> Exporter:
    """The exporter for ``fmt``: a registered one, else rdflib's serializer of that name."""
    if fmt in EXPORTERS:
        return EXPORTERS[fmt]
    from rdflib.plugin import PluginException, get
    from rdflib.serializer import Serializer

    try:
        get(fmt, Serializer)
    except PluginException:
        known = sorted(set(EXPORTERS) | {"xml", "trig", "n3", "nquads"})
        raise ExportError(f"unknown export format {fmt!r}; use one of: {', '.join(known)}") from None
    return lambda g: g.serialize(format=fmt)


def write_graph(g: Graph, path: str | Path, fmt: str = "turtle") -> None:
    """Serialise ``g`` in ``fmt`` and write it atomically to ``path``."""
    atomic_write(path, exporter(fmt)(g))


def load_graph(path: str | Path) -> Graph:
    """Parse a graph file; the format is taken from its extension."""
    p = Path(path)
    if not p.exists():
        raise GraphNotFound(str(p))
    fmt = _SUFFIX_FORMAT.get(p.suffix.lower(), "turtle")
    g = Graph()
    try:
        g.parse(p, format=fmt)
    except Exception as e:  # rdflib raises many parser-specific types
        raise GraphParseError(f"{p}: not valid {fmt} ({type(e).__name__}: {str(e).splitlines()[0][:200]})") from None
    return g

