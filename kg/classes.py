"""Per-class settings read from ``kg/resources/classes.toml``: page style, coarse NER label and
the rank among overlapping candidates, for every entity class the ontology declares.

Adding an entity class to the ontology takes one table in that file; a class without one is
an error here, at import, naming the file to edit.
"""

from __future__ import annotations

import tomllib
from importlib import resources

from .model import ENTITY_TYPES

_FILE = "kg/resources/classes.toml"
_DATA = tomllib.loads(resources.files("kg").joinpath("resources", "classes.toml").read_text(encoding="utf-8"))

_missing = [c for c in ENTITY_TYPES if c not in _DATA or not {"colour", "shape"} <= set(_DATA[c])]
if _missing:
    raise ImportError(f"{_FILE}: no colour and shape for the class(es) {', '.join(_missing)} of the ontology; "
                      "add a table for each")

# Colour and vis-network shape of each class, in the ontology's order (the page's legend order).
STYLE: dict[str, tuple[str, str]] = {c: (_DATA[c]["colour"], _DATA[c]["shape"]) for c in ENTITY_TYPES}
# Coarse NER label (PER, LOC, ORG) of the classes that have one.
COARSE: dict[str, str] = {c: _DATA[c]["coarse"] for c in ENTITY_TYPES if "coarse" in _DATA[c]}
# Rank among overlapping body and person candidates (places are their own layer).
RANK: dict[str, int] = {c: _DATA[c]["rank"] for c in ENTITY_TYPES if "rank" in _DATA[c]}

__all__ = ["COARSE", "RANK", "STYLE"]
