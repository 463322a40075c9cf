"""The project vocabulary, read from ``ontology/shishi.ttl``.

The ontology file is the single source of the terms: :data:`SK` is a
:class:`rdflib.namespace.DefinedNamespace` whose members are exactly the
terms the file declares, and it refuses any other (``_fail = True``), so a
typo in code is an error at the line that makes it.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, DefinedNamespace

SK_IRI = "https://w3id.org/shishi-kg/ontology#"
ID_IRI = "https://w3id.org/shishi-kg/id/"
ID = Namespace(ID_IRI)
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")


def ontology_path(name: str = "shishi.ttl") -> str:
    """Filesystem path of a file shipped in ``ontology/``."""
    return str(resources.files("kg.ontology").joinpath(name))


@lru_cache(maxsize=None)
def ontology_graph() -> Graph:
    """The ontology as an rdflib graph (parsed once)."""
    g = Graph()
    g.parse(ontology_path("shishi.ttl"), format="turtle")
    return g


@lru_cache(maxsize=None)
def shapes_graph() -> Graph:
    """The SHACL shapes as an rdflib graph (parsed once)."""
    g = Graph()
    g.parse(ontology_path("shapes.ttl"), format="turtle")
    return g


def declared_terms(graph: Graph | None = None) -> list[str]:
    """Local names of the classes and properties the ontology declares."""
    g = graph if graph is not None else ontology_graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    names = {
        str(s)[len(SK_IRI) :]
        for kind in kinds
        for s in g.subjects(RDF.type, kind)
        if str(s).startswith(SK_IRI)
    }
    return sorted(names)


def _make_namespace() -> type[DefinedNamespace]:
    terms = declared_terms()
    attrs = {
        "_NS": Namespace(SK_IRI),
        "_fail": True,
        "__annotations__": {t: URIRef for t in terms},
    }
    return type("SK", (DefinedNamespace,), attrs)


SK = _make_namespace()
