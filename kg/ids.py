"""The one place that mints identifiers and IRIs.

Ids are stable hashes of normalised keys, so the same thing gets the same
IRI in every build and on every machine; every IRI is checked when made.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from .vocab import ID_IRI

# The kinds of minted IRIs: one per entity class (lower-cased) and one per record.
ID_KINDS: tuple[str, ...] = ("official", "person", "agency", "company", "organization", "programme", "village",
                             "township", "county", "city", "issue", "doc", "sent", "mention", "assertion", "funding",
                             "membership", "post", "during", "instant")
_SAFE = re.compile(r"^[a-z]+/[0-9a-f]{16}(?:-[0-9]+)*$")


def normalise(text: str) -> str:
    """NFKC-folded text without spaces or quotation marks, for comparing names."""
    t = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s“”\"‘’'《》「」『』]", "", t)


def digest(*parts: str) -> str:
    """A 16-hex-digit stable hash of the parts."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:16]


def iri(kind: str, key: str, *suffix: int) -> URIRef:
    """An IRI ``<ID_IRI><kind>/<hash of key>[-n…]``, validated before it is returned."""
    return URIRef(iri_text(kind, key, *suffix))


def iri_text(kind: str, key: str, *suffix: int) -> str:
    """:func:`iri` as a plain string (the graph writer makes tens of thousands of them)."""
    local = f"{kind}/{digest(key)}" + "".join(f"-{n}" for n in suffix)
    if not _SAFE.match(local):
        raise ValueError(f"refusing to mint an unsafe IRI local name {local!r}")
    return ID_IRI + local


def entity_key(type_: str, name: str, parent: str | None) -> str:
    """Identity key of a corpus entity: type, normalised name, and parent place when it matters."""
    return "|".join((type_, normalise(name), normalise(parent or "")))


def entity_iri(entity_id: str, type_: str) -> str:
    """IRI of the entity whose id is ``entity_id``."""
    return iri_text(type_.lower(), entity_id)


def document_iri(content_hash: str) -> str:
    """IRI of a document, from its content hash."""
    return iri_text("doc", content_hash)
