"""Oxigraph stores beside rdflib graphs: conversions and loading.

``kg build`` keeps its graph in an Oxigraph store (in memory, or on disk for
large corpora); library users and some writers want rdflib. These helpers
move triples between the two and open a graph file or a store folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph

# The one table of graph file suffixes, in rdflib's format names.
SUFFIX_FORMAT = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
                 ".rdf": "xml", ".xml": "xml", ".trig": "trig", ".nq": "nquads", ".n3": "n3"}


def is_store(g: Any) -> bool:
    """Whether ``g`` is an Oxigraph store (rather than an rdflib graph)."""
    return not isinstance(g, Graph) and hasattr(g, "quads_for_pattern")


def as_store(g: Any) -> Any:
    """``g`` itself if it is a store, else an in-memory store holding its triples."""
    import pyoxigraph as ox

    if is_store(g):
        return g
    store = ox.Store()
    store.bulk_load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def store_to_graph(store: Any) -> Graph:
    """The default-graph triples of an Oxigraph store as an rdflib graph with the project prefixes."""
    import pyoxigraph as ox

    from .build_rdf import new_graph

    g = new_graph()
    g.parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8"),
            format="nt")
    return g


def load_file_into(store: Any, path: str | Path) -> None:
    """Bulk-load the graph file at ``path`` (its format from its suffix) into the Oxigraph ``store``."""
    import pyoxigraph as ox

    from .errors import GraphParseError

    p = Path(path)
    fmt = {"nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD,
           "xml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG, "n3": ox.RdfFormat.N3}.get(
        SUFFIX_FORMAT.get(p.suffix.lower(), "turtle"), ox.RdfFormat.TURTLE)
    try:
        with open(p, "rb") as fh:
            store.bulk_load(fh, format=fmt)
    except SyntaxError as e:
        raise GraphParseError(f"{p}: not valid {fmt} ({str(e).splitlines()[0][:200]})") from None


def load_store(path: str | Path) -> Any:
    """An Oxigraph store of a graph: a graph file loaded into memory, or an on-disk
    store folder (``kg build --disk-store`` writes OUT/store) opened read-only, without loading."""
    import pyoxigraph as ox

    from .errors import GraphNotFound, GraphParseError

    p = Path(path)
    if p.is_dir():
        try:
            return ox.Store.read_only(str(p))
        except OSError as e:
            raise GraphParseError(f"{p}: not an Oxigraph store folder ({e})") from None
    if not p.exists():
        raise GraphNotFound(str(p))
    store = ox.Store()
    load_file_into(store, p)
    return store
