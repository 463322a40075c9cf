"""The ontology is the vocabulary: code and file stay in sync."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.model import ENTITY_TYPES, RELATION_TYPES
from kg.vocab import SK, declared_terms

ROOT = Path(__file__).resolve().parent.parent


def test_schema_names_are_declared() -> None:
    terms = set(declared_terms())
    assert set(ENTITY_TYPES) <= terms
    assert set(RELATION_TYPES) <= terms
    assert {"Place", "Funding", "post", "amount", "adminCode", "inDivision"} <= terms


def test_every_term_used_in_code_exists() -> None:
    used = set()
    for f in (ROOT / "kg").rglob("*.py"):
        used |= set(re.findall(r"\bSK\.([A-Za-z_]+)", f.read_text(encoding="utf-8")))
    used -= {"_NS"}
    assert used, "no SK terms found in code"
    missing = used - set(declared_terms())
    assert not missing, f"terms used in code but not in ontology/shishi.ttl: {missing}"


def test_unknown_terms_fail() -> None:
    with pytest.raises(AttributeError):
        SK.NoSuchTerm  # noqa: B018


def test_every_class_and_property_has_zh_and_en_labels() -> None:
    from rdflib.namespace import RDFS

    from kg.vocab import ontology_graph

    g = ontology_graph()
    for t in declared_terms():
        langs = {o.language for o in g.objects(getattr(SK, t), RDFS.label)}
        assert {"zh", "en"} <= langs, t


def test_every_entity_class_has_what_the_page_the_selection_and_ner_need() -> None:
    """A class added to the model but not to the page's styles would vanish from the page, and one
    missing from the rules' priorities would stop the selection: each list names every class."""
    from kg.entities.candidates import _PRIORITY
    from kg.model import PLACE_TYPES
    from kg.ner import COARSE
    from kg.visualise import CLASS_STYLE

    assert set(CLASS_STYLE) == set(ENTITY_TYPES)
    assert set(ENTITY_TYPES) - PLACE_TYPES <= set(_PRIORITY)
    assert set(COARSE) == set(ENTITY_TYPES) - {"Programme", "Issue"}
