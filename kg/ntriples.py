"""Terms in N-Triples form, written as strings: how the graph writer (``kg.build_rdf``) makes
the lines it loads in bulk. Building rdflib terms and adding them one by one cost more than all
the extraction before it; these strings cost a fraction (see ``kg.build_rdf``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Callable

from rdflib.namespace import XSD

from .vocab import SK

Emit = Callable[[str], None]
_ESC = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESC = re.compile(r'[\\"\n\r]')


def escape(text: str) -> str:
    """``text`` escaped for a quoted N-Triples literal."""
    # translate() looks every character up (2.6 µs a sentence); most texts need no escape at all
    return text.translate(_ESC) if _NEEDS_ESC.search(text) else text


def iri(term: str) -> str:
    """An IRI in N-Triples form (every IRI here is minted by ``ids`` or declared by the ontology)."""
    return f"<{term}>"


def plain(text: str) -> str:
    """A plain string literal."""
    return f'"{escape(text)}"'


def zh(text: str) -> str:
    """A Chinese-tagged literal."""
    return f'"{escape(text)}"@zh'


def typed(lexical: str, datatype: str) -> str:
    """A literal of ``datatype`` (an IRI) written ``lexical``."""
    return f'"{lexical}"^^<{datatype}>'


INT = str(XSD.integer)
DEC = str(XSD.decimal)
BOOL = str(XSD.boolean)
DATE = str(XSD.date)


def integer(n: int) -> str:
    """An xsd:integer."""
    return typed(str(int(n)), INT)


def boolean(b: bool) -> str:
    """An xsd:boolean."""
    return typed("true" if b else "false", BOOL)


def decimal(x: float | Decimal) -> str:
    """An xsd:decimal in canonical lexical form (always with a fraction digit), so it round-trips."""
    d = Decimal(str(round(x, 2))) if isinstance(x, float) else x
    text = format(d, "f")
    if "." not in text:
        text += ".0"
    return typed(text, DEC)


def date_literal(value: str) -> str:
    """xsd:date, xsd:gYearMonth, xsd:gYear, or the text as written when the year is unknown."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return typed(value, DATE)
    if re.fullmatch(r"\d{4}-\d\d", value):
        return typed(value, str(XSD.gYearMonth))
    if re.fullmatch(r"\d{4}", value):
        return typed(value, str(XSD.gYear))
    return zh(value)


@lru_cache(maxsize=None)
def sk(name: str) -> str:
    """The ontology's term ``sk:<name>`` as an IRI (an undeclared name raises AttributeError)."""
    # cached: an attribute of an rdflib namespace is looked up and checked on every access
    return iri(str(getattr(SK, name)))


# Every sk: term the writer uses, in N-Triples form, made once.
SK_TERMS = {name: sk(name) for name in (
    "Document", "Sentence", "Mention", "Assertion", "Funding", "sourcePath", "contentHash", "encoding",
    "inDocument", "inSentence", "text", "startChar", "endChar", "post", "mergedBy", "denotes", "extractor",
    "confidence", "adminCode", "inDivision", "funder", "recipient", "amountText", "amount", "approximate",
    "aggregate", "purpose", "date", "Membership", "Post", "posts", "heldOn", "former", "nextPost", "keptApartBy")}
