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
from rdflib.namespace import OWL, RDF, RDFS, SKOS, DefinedNamespace

from .namespaces import ID_IRI, PREFIXES, SK_IRI, ontology_text, sparql_prefixes

# The namespaces, as the ontology declares them (kg.namespaces reads them without rdflib).
ID = Namespace(ID_IRI)
PROV = Namespace(PREFIXES["prov"])
ORG = Namespace(PREFIXES["org"])


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
    """Local names of the classes, properties and concept schemes the ontology declares."""
    g = graph if graph is not None else ontology_graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme)
    names = {
        str(s)[len(SK_IRI) :]
        for kind in kinds
        for s in g.subjects(RDF.type, kind)
        if str(s).startswith(SK_IRI)
    }
    return sorted(names)


def _declared_order(names: set[str]) -> tuple[str, ...]:
    """``names`` in the order the ontology file declares them."""
    text = ontology_text()
    return tuple(sorted(names, key=lambda n: text.find(f"\nsk:{n} a ")))


def _below(g: Graph, cls: URIRef) -> set[URIRef]:
    """``cls`` and every class under it."""
    seen, todo = {cls}, [cls]
    while todo:
        for sub in g.subjects(RDFS.subClassOf, todo.pop()):
            if isinstance(sub, URIRef) and sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return seen


@lru_cache(maxsize=None)
def entity_classes(under: str = "Entity") -> tuple[str, ...]:
    """The entity classes at or under ``sk:<under>``, in the order the ontology declares them.

    An entity class is a class under ``sk:Entity`` that is not declared the union of
    others: ``sk:Place`` is (every place is a village, township, county or city), so it
    is a grouping, not a class the extractor assigns; ``sk:Person`` is not (a person
    need not be an official).
    """
    g = ontology_graph()
    unions = {c for c in g.subjects(OWL.equivalentClass, None)
              if any(g.value(eq, OWL.unionOf) is not None for eq in g.objects(c, OWL.equivalentClass))}
    names = {str(c)[len(SK_IRI) :] for c in _below(g, URIRef(SK_IRI + under)) - unions - {URIRef(SK_IRI + "Entity")}
             if str(c).startswith(SK_IRI)}
    return _declared_order(names)


@lru_cache(maxsize=None)
def entity_relations() -> tuple[str, ...]:
    """The relations between entities: object properties whose domain and range are entity
    classes or groupings of them, in the order the ontology declares them."""
    g = ontology_graph()
    entity = _below(g, URIRef(SK_IRI + "Entity"))
    names = {str(p)[len(SK_IRI) :] for p in g.subjects(RDF.type, OWL.ObjectProperty)
             if g.value(p, RDFS.domain) in entity and g.value(p, RDFS.range) in entity}
    return _declared_order(names)


def _make_namespace() -> type[DefinedNamespace]:
    terms = declared_terms()
    attrs = {
        "_NS": Namespace(SK_IRI),
        "_fail": True,
        "__annotations__": {t: URIRef for t in terms},
    }
    return type("SK", (DefinedNamespace,), attrs)


SK = _make_namespace()


__all__ = ["ID", "ID_IRI", "ORG", "PREFIXES", "PROV", "SK", "SK_IRI", "declared_terms", "entity_classes",
           "entity_relations", "ontology_graph", "ontology_path", "shapes_graph", "sparql_prefixes"]
