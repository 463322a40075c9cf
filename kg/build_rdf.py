"""Stage ``build_rdf``: the RDF graph of documents, sentences, entities, mentions and relations.

Every entity has its class, an ``rdfs:label@zh`` and ``skos:altLabel@zh``
for its other names. Every mention and every relation is traced to its
sentence (``sk:inSentence``) and document (``sk:inDocument``), with
code-point offsets into the raw document text. Relations are stated twice:
as the plain triple (for easy queries) and as an ``sk:Assertion``
(``rdf:subject/predicate/object``) that carries the evidence, rule and
confidence. No blank nodes, so output is deterministic.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from .gazetteer import gazetteer
from .ids import digest, document_iri, entity_iri, entity_key, iri
from .model import PLACE_TYPES, Document, Entity, Relation
from .vocab import ID, PROV, SK

PREFIXES = {"sk": SK._NS, "id": ID, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS}


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True)
    return g


def _dec(x: float | Decimal) -> Literal:
    """An xsd:decimal in canonical lexical form (always with a fraction digit), so it round-trips."""
    d = Decimal(str(round(x, 2))) if isinstance(x, float) else x
    text = format(d, "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _zh(s: str) -> Literal:
    return Literal(s, lang="zh")


def date_literal(value: str) -> Literal:
    """xsd:date, xsd:gYearMonth, or the text as written when the year is unknown."""
    import re

    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d\d", value):
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, lang="zh")


def sentence_iri(doc: Document, index: int) -> URIRef:
    """IRI of sentence ``index`` of ``doc``."""
    return iri("sent", doc.content_hash, index)


def add_document(g: Graph, doc: Document) -> None:
    """Add a document node and its sentences."""
    d = document_iri(doc.content_hash)
    g.add((d, RDF.type, SK.Document))
    g.add((d, DCTERMS.identifier, Literal(doc.id)))
    g.add((d, SK.sourcePath, Literal(doc.source)))
    g.add((d, SK.contentHash, Literal(doc.content_hash)))
    g.add((d, SK.encoding, Literal(doc.encoding)))
    if doc.title:
        g.add((d, DCTERMS.title, Literal(doc.title)))
    if doc.date:
        g.add((d, DCTERMS.date, Literal(doc.date, datatype=XSD.date)))
    if doc.url:
        g.add((d, DCTERMS.source, Literal(doc.url)))
    for s in doc.sentences:
        node = sentence_iri(doc, s.index)
        raw = doc.raw_span(s.span)
        g.add((node, RDF.type, SK.Sentence))
        g.add((node, SK.inDocument, d))
        g.add((node, SK.text, Literal(doc.text[s.span.start : s.span.end])))
        g.add((node, SK.startChar, Literal(raw.start)))
        g.add((node, SK.endChar, Literal(raw.end)))


def add_entity(g: Graph, e: Entity, docs: dict[str, Document]) -> None:
    """Add an entity, its labels, posts, gazetteer division and mentions."""
    node = entity_iri(e.id, e.type)
    g.add((node, RDF.type, getattr(SK, e.type)))
    g.add((node, RDFS.label, _zh(e.label)))
    for a in e.aliases:
        g.add((node, SKOS.altLabel, _zh(a)))
    for p in e.posts:
        g.add((node, SK.post, _zh(p)))
    for doc_id, m in e.mentions:
        doc = docs[doc_id]
        raw = doc.raw_span(m.span)
        mn = iri("mention", doc.content_hash, raw.start, raw.end)
        sent = doc.sentence_of(m.span)
        g.add((mn, RDF.type, SK.Mention))
        g.add((mn, SK.denotes, node))
        g.add((mn, SK.inSentence, sentence_iri(doc, sent)))
        g.add((mn, SK.startChar, Literal(raw.start)))
        g.add((mn, SK.endChar, Literal(raw.end)))
        g.add((mn, SK.text, Literal(m.text)))
        g.add((mn, SK.extractor, Literal(m.extractor)))
        g.add((mn, SK.confidence, _dec(m.confidence)))


def add_divisions(g: Graph, entities: list[Entity]) -> None:
    """Give county- and city-level places their GB/T 2260 code and background parent divisions."""
    gaz = gazetteer()
    by_label = {(e.type, e.label): entity_iri(e.id, e.type) for e in entities}
    for e in entities:
        if e.type not in PLACE_TYPES:
            continue
        divs = [d for d in gaz.lookup(e.label) if d.type == e.type]
        if len(divs) != 1:
            continue  # unknown or ambiguous (two 东区): no code rather than a wrong one
        node = entity_iri(e.id, e.type)
        g.add((node, SK.adminCode, Literal(divs[0].code)))
        for parent in gaz.parents(divs[0]):
            pnode = by_label.get((parent.type, parent.name))
            if pnode is None:
                pnode = entity_iri(digest(entity_key(parent.type, parent.name, None)), parent.type)
                g.add((pnode, RDF.type, getattr(SK, parent.type)))
                g.add((pnode, RDFS.label, _zh(parent.name)))
                g.add((pnode, SK.adminCode, Literal(parent.code)))
            g.add((node, SK.inDivision, pnode))


def add_relation(g: Graph, r: Relation, types: dict[str, str], docs: dict[str, Document]) -> None:
    """Add a relation triple and one assertion (with evidence) per sentence that states it."""
    s = entity_iri(r.subject, types[r.subject])
    o = entity_iri(r.object, types[r.object])
    p = getattr(SK, r.predicate)
    g.add((s, p, o))
    for doc_id, rm in r.evidence:
        doc = docs[doc_id]
        key = "|".join((doc.content_hash, str(rm.sentence), r.predicate, r.subject, r.object))
        a = iri("assertion", key)
        g.add((a, RDF.type, SK.Assertion))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, p))
        g.add((a, RDF.object, o))
        g.add((a, SK.inSentence, sentence_iri(doc, rm.sentence)))
        g.add((a, SK.extractor, Literal(rm.extractor)))
        g.add((a, SK.confidence, _dec(rm.confidence)))
        if rm.post:
            g.add((a, SK.post, _zh(rm.post)))
        if rm.funding is not None:
            f = rm.funding
            fn = iri("funding", key)
            g.add((fn, RDF.type, SK.Funding))
            g.add((fn, SK.funder, s))
            g.add((fn, SK.recipient, o))
            g.add((fn, SK.inSentence, sentence_iri(doc, rm.sentence)))
            g.add((fn, PROV.wasDerivedFrom, a))
            g.add((fn, SK.amountText, Literal(f.amount_text)))
            if f.amount is not None:
                g.add((fn, SK.amount, _dec(f.amount)))
            g.add((fn, SK.approximate, Literal(f.approximate)))
            g.add((fn, SK.aggregate, Literal(f.aggregate)))
            if f.purpose:
                g.add((fn, SK.purpose, _zh(f.purpose)))
            if f.date:
                g.add((fn, SK.date, date_literal(f.date)))
        if rm.date:
            g.add((a, SK.date, date_literal(rm.date)))


def build_rdf(docs: Iterable[Document], entities: list[Entity], relations: list[Relation]) -> Graph:
    """The knowledge graph of the corpus."""
    g = new_graph()
    by_id = {d.id: d for d in docs}
    for d in by_id.values():
        add_document(g, d)
    for e in entities:
        add_entity(g, e, by_id)
    add_divisions(g, entities)
    types = {e.id: e.type for e in entities}
    for r in relations:
        add_relation(g, r, types, by_id)
    return g
