"""Oxigraph stores beside rdflib graphs: conversions and a read-only rdflib-like view.

``kg build`` keeps its graph in an Oxigraph store (in memory, or on disk for
large corpora); library users and some writers want rdflib. These helpers
move triples between the two and let code written against rdflib's reading
methods (``subjects``, ``objects``, ``subject_objects``, ``value``) read a
store directly, without copying it into rdflib first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from rdflib import BNode, Graph, Literal, URIRef

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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
    from .export import _SUFFIX_FORMAT  # the one table of file suffixes, in rdflib's format names

    fmt = {"nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD,
           "xml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG, "n3": ox.RdfFormat.N3}.get(
        _SUFFIX_FORMAT.get(p.suffix.lower(), "turtle"), ox.RdfFormat.TURTLE)
    store = ox.Store()
    try:
        with open(p, "rb") as fh:
            store.bulk_load(fh, format=fmt)
    except SyntaxError as e:
        raise GraphParseError(f"{p}: not valid {fmt} ({str(e).splitlines()[0][:200]})") from None
    return store


class StoreView:
    """rdflib's reading methods over an Oxigraph store, returning rdflib terms."""

    def __init__(self, store: Any) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self._store = store
        self._terms: dict[Any, Any] = {}

    def _rd(self, term: Any) -> Any:
        cached = self._terms.get(term)
        if cached is not None:
            return cached
        ox = self._ox
        if isinstance(term, ox.NamedNode):
            out: Any = URIRef(term.value)
        elif isinstance(term, ox.Literal):
            if term.language:
                out = Literal(term.value, lang=term.language)
            elif term.datatype.value == _XSD_STRING:
                out = Literal(term.value)
            else:
                out = Literal(term.value, datatype=URIRef(term.datatype.value))
        else:
            out = BNode(term.value)
        self._terms[term] = out
        return out

    def _ox_term(self, term: Any) -> Any:
        if term is None:
            return None
        ox = self._ox
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
        return ox.BlankNode(str(term))

    def _triples(self, s: Any, p: Any, o: Any) -> Iterator[Any]:
        return self._store.quads_for_pattern(self._ox_term(s), self._ox_term(p), self._ox_term(o),
                                             self._ox.DefaultGraph())

    def subjects(self, predicate: Any = None, obj: Any = None) -> Iterator[Any]:
        """Subjects of the triples with this predicate and object."""
        for q in self._triples(None, predicate, obj):
            yield self._rd(q.subject)

    def objects(self, subject: Any = None, predicate: Any = None) -> Iterator[Any]:
        """Objects of the triples with this subject and predicate."""
        for q in self._triples(subject, predicate, None):
            yield self._rd(q.object)

    def subject_objects(self, predicate: Any = None) -> Iterator[tuple[Any, Any]]:
        """(subject, object) pairs of the triples with this predicate."""
        for q in self._triples(None, predicate, None):
            yield self._rd(q.subject), self._rd(q.object)

    def value(self, subject: Any = None, predicate: Any = None) -> Any:
        """One object of (subject, predicate), or None."""
        for q in self._triples(subject, predicate, None):
            return self._rd(q.object)
        return None
