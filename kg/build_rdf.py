"""Stage ``build_rdf``: the RDF graph of documents, sentences, entities, mentions and relations.

Every entity has its class, an ``rdfs:label@zh`` and ``skos:altLabel@zh``
for its other names. Every mention and every relation is traced to its
sentence (``sk:inSentence``) and document (``sk:inDocument``), with
code-point offsets into the raw document text. Relations are stated twice:
as the plain triple (for easy queries) and as an ``sk:Assertion``
(``rdf:subject/predicate/object``) that carries the evidence, rule and
confidence. No blank nodes, so output is deterministic.

The graph is written as N-Triples lines and loaded by Oxigraph in batches
(:func:`build_store`) — in memory, or on disk when a corpus is too large for
memory. Building rdflib terms and adding them one by one cost more than all the
extraction before it; strings and a bulk load cost a fraction. An rdflib graph
of the same triples is ``kg.store.store_to_graph(build_store(...))``.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Iterable

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .careers import Membership, memberships, sequence
from .gazetteer import gazetteer
from .ids import digest, document_iri, entity_iri, entity_key, iri_text
from .model import PLACE_TYPES, Document, Entity, Relation, RelationMention
from .namespaces import PREFIXES as ALL_PREFIXES
from .ntriples import DATE as _DATE
from .ntriples import SK_TERMS as _P
from .ntriples import Emit, date_literal
from .ntriples import boolean as _bool
from .ntriples import decimal as _dec
from .ntriples import integer as _int
from .ntriples import iri as _u
from .ntriples import plain as _s
from .ntriples import sk as _sk
from .ntriples import typed as _typed
from .ntriples import zh as _zh
from .vocab import PROV

# The prefixes graph.ttl binds (the ontology declares every prefix: kg.vocab.PREFIXES).
PREFIXES = {p: Namespace(ALL_PREFIXES[p]) for p in ("sk", "id", "skos", "prov", "dcterms")}


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True)
    return g


# Predicates in N-Triples form, made once.
_TYPE, _LABEL, _ALT = _u(str(RDF.type)), _u(str(RDFS.label)), _u(str(SKOS.altLabel))
_SUBJ, _PRED, _OBJ = _u(str(RDF.subject)), _u(str(RDF.predicate)), _u(str(RDF.object))


_IDENTIFIER, _TITLE, _DATE_P, _SOURCE = (_u(str(DCTERMS.identifier)), _u(str(DCTERMS.title)),
                                         _u(str(DCTERMS.date)), _u(str(DCTERMS.source)))
_DERIVED = _u(str(PROV.wasDerivedFrom))
_ORG, _TIME = ALL_PREFIXES["org"], ALL_PREFIXES["time"]
_MEMBER, _ORGANIZATION, _ROLE, _DURING = (_u(_ORG + n) for n in ("member", "organization", "role", "memberDuring"))
_INTERVAL, _INSTANT, _INSIDE, _IN_DATE = (_u(_TIME + n) for n in ("Interval", "Instant", "inside", "inXSDDate"))
_PREF, _SCHEME = _u(str(SKOS.prefLabel)), _u(str(SKOS.inScheme))
_DIFFERENT = _u("http://www.w3.org/2002/07/owl#differentFrom")


class _Writer:
    """Emits the triples of one corpus graph: each document's own as it comes, then the corpus's.

    IRIs that recur (a document's sentences, an entity named in many relations)
    are hashed once per build, not once per triple.
    """

    def __init__(self, emit: Emit) -> None:
        self.emit = emit
        self.docs: dict[str, Document] = {}
        self.types: dict[str, str] = {}
        self._nodes: dict[str, str] = {}
        self._prefixes: dict[tuple[str, str], str] = {}

    def entity(self, entity_id: str) -> str:
        """The N-Triples IRI of an entity of this corpus."""
        node = self._nodes.get(entity_id)
        if node is None:
            node = self._nodes[entity_id] = _u(entity_iri(entity_id, self.types[entity_id]))
        return node

    def _prefix(self, kind: str, doc: Document) -> str:
        """``iri_text(kind, doc.content_hash)``, hashed once per document: its records add a suffix."""
        key = (kind, doc.content_hash)
        prefix = self._prefixes.get(key)
        if prefix is None:
            prefix = self._prefixes[key] = iri_text(kind, doc.content_hash)
        return prefix

    def sentence(self, doc: Document, index: int) -> str:
        """The N-Triples IRI of a sentence."""
        return f"<{self._prefix('sent', doc)}-{index}>"

    def document(self, doc: Document) -> None:
        """A document node, its sentences and its mentions: every triple that needs no other document."""
        self.docs[doc.id] = doc
        emit, P = self.emit, _P
        d = _u(document_iri(doc.content_hash))
        emit(f"{d} {_TYPE} {P['Document']} .")
        emit(f"{d} {_IDENTIFIER} {_s(doc.id)} .")
        emit(f"{d} {P['sourcePath']} {_s(doc.source)} .")
        emit(f"{d} {P['contentHash']} {_s(doc.content_hash)} .")
        emit(f"{d} {P['encoding']} {_s(doc.encoding)} .")
        if doc.title:
            emit(f"{d} {_TITLE} {_s(doc.title)} .")
        if doc.date:
            emit(f"{d} {_DATE_P} {_typed(doc.date, _DATE)} .")
        if doc.url:
            emit(f"{d} {_SOURCE} {_s(doc.url)} .")
        t_sent, in_doc, text, start, end = P["Sentence"], P["inDocument"], P["text"], P["startChar"], P["endChar"]
        for s in doc.sentences:
            node = self.sentence(doc, s.index)
            raw_start, raw_end = doc.raw_bounds(s.span)
            emit(f"{node} {_TYPE} {t_sent} .")
            emit(f"{node} {in_doc} {d} .")
            emit(f"{node} {text} {_s(doc.text[s.span.start : s.span.end])} .")
            emit(f"{node} {start} {_int(raw_start)} .")
            emit(f"{node} {end} {_int(raw_end)} .")
        t_mention, in_sent, extractor, conf = P["Mention"], P["inSentence"], P["extractor"], P["confidence"]
        for m in doc.all_mentions:
            raw_start, raw_end = doc.raw_bounds(m.span)
            mn = self.mention(doc, raw_start, raw_end)
            emit(f"{mn} {_TYPE} {t_mention} .")
            emit(f"{mn} {in_sent} {self.sentence(doc, doc.sentence_of(m.span))} .")
            emit(f"{mn} {start} {_int(raw_start)} .")
            emit(f"{mn} {end} {_int(raw_end)} .")
            emit(f"{mn} {text} {_s(m.text)} .")
            emit(f"{mn} {extractor} {_s(m.extractor)} .")
            emit(f"{mn} {conf} {_dec(m.confidence)} .")

    def mention(self, doc: Document, raw_start: int, raw_end: int) -> str:
        """The N-Triples IRI of the mention at ``[raw_start, raw_end)`` of the raw text of ``doc``."""
        return f"<{self._prefix('mention', doc)}-{raw_start}-{raw_end}>"

    def entity_node(self, e: Entity) -> None:
        """An entity, its labels, posts and merge rules, and which mentions denote it."""
        emit, P = self.emit, _P
        node = self.entity(e.id)
        emit(f"{node} {_TYPE} {_sk(e.type)} .")
        emit(f"{node} {_LABEL} {_zh(e.label)} .")
        for a in e.aliases:
            emit(f"{node} {_ALT} {_zh(a)} .")
        for p in e.posts:
            emit(f"{node} {P['post']} {_zh(p)} .")
        for rule in e.merge_rules:
            emit(f"{node} {P['mergedBy']} {_s(rule)} .")
        for other, rule in e.kept_apart:
            emit(f"{node} {_DIFFERENT} {self.entity(other)} .")
            emit(f"{node} {P['keptApartBy']} {_s(rule)} .")
        denotes = P["denotes"]
        for doc_id, m in e.mentions:
            doc = self.docs[doc_id]
            emit(f"{self.mention(doc, *doc.raw_bounds(m.span))} {denotes} {node} .")

    def corpus(self, entities: list[Entity], relations: list[Relation]) -> None:
        """Everything that joins documents: entities, the places above them, and relations.

        Call after :meth:`document` has seen every document the entities and relations cite.
        """
        self.types = {e.id: e.type for e in entities}
        for e in entities:
            self.entity_node(e)
        self.divisions(entities)
        for r in relations:
            self.relation(r)
        self.careers(memberships(entities, relations, self.docs))

    def careers(self, records: list[Membership]) -> None:
        """Each post reported held as an ``sk:Membership`` (W3C ORG): the official, the body or
        place, the post title (an ``sk:Post`` concept), the article's date as an instant inside
        the time it was held, the sentences; and each official's posts linked in date order."""
        emit, P = self.emit, _P
        roles: set[str] = set()
        nodes: dict[int, str] = {}
        for m in records:
            doc = self.docs[m.doc_id]
            key = "|".join((m.member, m.organization, m.role or "", doc.content_hash))
            node = nodes[id(m)] = _u(iri_text("membership", key))
            emit(f"{node} {_TYPE} {P['Membership']} .")
            emit(f"{node} {_MEMBER} {self.entity(m.member)} .")
            emit(f"{node} {_ORGANIZATION} {self.entity(m.organization)} .")
            if m.role:
                role = _u(iri_text("post", m.role))
                emit(f"{node} {_ROLE} {role} .")
                if m.role not in roles:
                    roles.add(m.role)
                    emit(f"{role} {_TYPE} {P['Post']} .")
                    emit(f"{role} {_PREF} {_zh(m.role)} .")
                    emit(f"{role} {_SCHEME} {P['posts']} .")
            for post in sorted(m.posts):
                emit(f"{node} {P['post']} {_zh(post)} .")
            if m.former:
                emit(f"{node} {P['former']} {_bool(True)} .")
            elif m.date:
                # held on the article's date: an instant inside the interval, whose bounds no one said
                during, instant = _u(iri_text("during", key)), _u(iri_text("instant", m.date))
                emit(f"{node} {P['heldOn']} {_typed(m.date, _DATE)} .")
                emit(f"{node} {_DURING} {during} .")
                emit(f"{during} {_TYPE} {_INTERVAL} .")
                emit(f"{during} {_INSIDE} {instant} .")
                emit(f"{instant} {_TYPE} {_INSTANT} .")
                emit(f"{instant} {_IN_DATE} {_typed(m.date, _DATE)} .")
            for sent in sorted(m.sentences):
                emit(f"{node} {P['inSentence']} {self.sentence(doc, sent)} .")
            emit(f"{node} {P['confidence']} {_dec(m.confidence)} .")
        for a, b in sequence(records):
            emit(f"{nodes[id(a)]} {P['nextPost']} {nodes[id(b)]} .")

    def divisions(self, entities: list[Entity]) -> None:
        """County- and city-level places get their GB/T 2260 code and background parent divisions."""
        emit, gaz = self.emit, gazetteer()
        by_label = {(e.type, e.label): e.id for e in entities}
        code, in_div = _P["adminCode"], _P["inDivision"]
        for e in entities:
            if e.type not in PLACE_TYPES:
                continue
            divs = [d for d in gaz.lookup(e.label) if d.type == e.type]
            if len(divs) != 1:
                continue  # unknown or ambiguous (two 东区): no code rather than a wrong one
            node = self.entity(e.id)
            emit(f"{node} {code} {_s(divs[0].code)} .")
            for parent in gaz.parents(divs[0]):
                known = by_label.get((parent.type, parent.name))
                if known is None:
                    pnode = _u(entity_iri(digest(entity_key(parent.type, parent.name, None)), parent.type))
                    # a division no article names is background, not an entity: its own class
                    emit(f"{pnode} {_TYPE} {_sk('Division')} .")
                    emit(f"{pnode} {_LABEL} {_zh(parent.name)} .")
                    emit(f"{pnode} {code} {_s(parent.code)} .")
                else:
                    pnode = self.entity(known)
                emit(f"{node} {in_div} {pnode} .")

    def relation(self, r: Relation) -> None:
        """A relation triple and one assertion (with evidence) per sentence that states it."""
        emit, P = self.emit, _P
        s, o, p = self.entity(r.subject), self.entity(r.object), _sk(r.predicate)
        emit(f"{s} {p} {o} .")
        in_sent = P["inSentence"]
        # Two names of one entity in one sentence (巴南区, 巴南) can state the same relation twice:
        # the sentence gets one assertion, the surest.
        best: dict[str, tuple[str, RelationMention]] = {}
        for doc_id, rm in r.evidence:
            key = "|".join((self.docs[doc_id].content_hash, str(rm.sentence), r.predicate, r.subject, r.object))
            if key not in best or rm.confidence > best[key][1].confidence:
                best[key] = (doc_id, rm)
        for key, (doc_id, rm) in best.items():
            doc = self.docs[doc_id]
            a = _u(iri_text("assertion", key))
            sent = self.sentence(doc, rm.sentence)
            emit(f"{a} {_TYPE} {P['Assertion']} .")
            emit(f"{a} {_SUBJ} {s} .")
            emit(f"{a} {_PRED} {p} .")
            emit(f"{a} {_OBJ} {o} .")
            emit(f"{a} {in_sent} {sent} .")
            emit(f"{a} {P['extractor']} {_s(rm.extractor)} .")
            emit(f"{a} {P['confidence']} {_dec(rm.confidence)} .")
            if rm.post:
                emit(f"{a} {P['post']} {_zh(rm.post)} .")
            if rm.funding is not None:
                f = rm.funding
                fn = _u(iri_text("funding", key))
                emit(f"{fn} {_TYPE} {P['Funding']} .")
                emit(f"{fn} {P['funder']} {s} .")
                emit(f"{fn} {P['recipient']} {o} .")
                emit(f"{fn} {in_sent} {sent} .")
                emit(f"{fn} {_DERIVED} {a} .")
                if f.amount_text:  # (a funding for a programme may say no amount)
                    emit(f"{fn} {P['amountText']} {_s(f.amount_text)} .")
                if f.amount is not None:
                    emit(f"{fn} {P['amount']} {_dec(f.amount)} .")
                emit(f"{fn} {P['approximate']} {_bool(f.approximate)} .")
                emit(f"{fn} {P['aggregate']} {_bool(f.aggregate)} .")
                if f.purpose:
                    emit(f"{fn} {P['purpose']} {_zh(f.purpose)} .")
                if f.date:
                    emit(f"{fn} {P['date']} {date_literal(f.date)} .")
            if rm.date:
                emit(f"{a} {P['date']} {date_literal(rm.date)} .")


class StoreWriter:
    """Loads a corpus graph into an Oxigraph store while it is being made.

    :meth:`add_document` loads a document's own triples (document, sentences,
    mentions) as soon as the document is extracted, so that work overlaps the
    extraction of the others; :meth:`finish` adds what joins documents (entities,
    places, relations) and returns the store. Triples go in in batches, so the
    graph never has to fit in memory twice; with ``threads`` > 1 Oxigraph loads
    one batch on a thread (releasing Python's lock for part of it) while the next is written.
    The store is in memory, or on disk at ``path`` (which must not exist yet).
    """

    def __init__(self, path: str | Path | None = None, threads: int = 1) -> None:
        import pyoxigraph as ox

        self._format = ox.RdfFormat.N_TRIPLES
        self.store = ox.Store() if path is None else ox.Store(str(path))
        self._on_disk = path is not None
        # In memory, a transaction per batch loads in two thirds of the CPU time of the bulk
        # loader (0.8 against 1.2 s for 1,000 articles); on disk, only the bulk loader
        # avoids holding a whole batch in a RocksDB transaction.
        self._load = self.store.bulk_load if self._on_disk else self.store.load
        # In memory, small batches load as fast as large ones, and the last one, which the
        # build waits for after the last triple is written, is short.
        self._size = 10_000 if path is None else 200_000
        self._batch: list[str] = []
        self._pool = ThreadPoolExecutor(1) if threads > 1 else None
        self._pending: Future[None] | None = None
        self._writer = _Writer(self._emit)

    def _emit(self, line: str) -> None:
        self._batch.append(line)
        if len(self._batch) >= self._size:
            self._flush()

    def _flush(self) -> None:
        # Loaded leniently: the lines are this module's own, every IRI minted by ``ids`` (and
        # checked there) or taken from the ontology and every literal escaped, so Oxigraph's
        # checks of each term (a sixth of the loading time) would find nothing.
        if not self._batch:
            return
        data = ("\n".join(self._batch) + "\n").encode("utf-8")
        self._batch.clear()
        if self._pool is None:
            self._load(data, format=self._format, lenient=True)
            return
        if self._pending is not None:
            self._pending.result()  # one batch in flight at a time keeps memory bounded
        self._pending = self._pool.submit(self._load, data, format=self._format, lenient=True)

    def add_document(self, doc: Document) -> None:
        """Load one extracted document's own triples."""
        self._writer.document(doc)

    def finish(self, entities: list[Entity], relations: list[Relation]):  # type: ignore[no-untyped-def]
        """Load the entities and relations (of documents already added) and return the store."""
        self._writer.corpus(entities, relations)
        self._flush()
        if self._pending is not None:
            self._pending.result()
        self.close()
        if self._on_disk:
            self.store.optimize()
        return self.store

    def close(self) -> None:
        """Stop the loading thread (after a failure, too)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> "StoreWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_store(docs: Iterable[Document], entities: list[Entity], relations: list[Relation],
                path: str | Path | None = None, threads: int = 1):  # type: ignore[no-untyped-def]
    """The corpus graph in an Oxigraph store: in memory, or on disk at ``path`` (see :class:`StoreWriter`)."""
    with StoreWriter(path, threads) as w:
        for d in docs:
            w.add_document(d)
        return w.finish(entities, relations)
