"""The project's namespaces, read from the ``@prefix`` lines of ``ontology/shishi.ttl``.

Kept apart from :mod:`kg.vocab` so that querying, which never parses the ontology,
does not load rdflib for them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def ontology_text() -> str:
    """The text of ``ontology/shishi.ttl`` (read once)."""
    return resources.files("kg.ontology").joinpath("shishi.ttl").read_text(encoding="utf-8")


def _declared_prefixes() -> dict[str, str]:
    """The ``@prefix`` lines of the ontology file, in order: every prefix the project writes."""
    text = ontology_text()
    return dict(re.findall(r"^@prefix\s+([A-Za-z][\w-]*):\s*<([^>]*)>\s*\.", text, flags=re.M))


# Graphs, exports, queries and scoring all write these.
PREFIXES: dict[str, str] = _declared_prefixes()
SK_IRI = PREFIXES["sk"]
ID_IRI = PREFIXES["id"]


def sparql_prefixes(*names: str) -> str:
    """SPARQL ``PREFIX`` lines for the named prefixes, one per line, in the order given."""
    return "".join(f"PREFIX {n}: <{PREFIXES[n]}>\n" for n in names)


__all__ = ["ID_IRI", "PREFIXES", "SK_IRI", "ontology_text", "sparql_prefixes"]
