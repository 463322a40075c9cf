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

    assert list(CLASS_STYLE) == list(ENTITY_TYPES)
    assert set(ENTITY_TYPES) - PLACE_TYPES <= set(_PRIORITY)
    assert set(COARSE) == set(ENTITY_TYPES) - {"Programme", "Issue"}


def test_word_lists_live_in_the_lexicon_not_in_code() -> None:
    """Chinese words in string constants of kg/ (docstrings aside) stay few: word lists belong in
    kg/resources/lexicon.toml, grouped by concept. What is left is messages, help text, and
    single characters inside patterns."""
    import ast
    import re
    from pathlib import Path

    cjk = re.compile(r"[\u4e00-\u9fff]")
    total = 0
    for path in Path(__file__).resolve().parent.parent.joinpath("kg").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        total += sum(len(cjk.findall(n.value)) for n in ast.walk(tree)
                     if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs)
    assert total < 300, f"{total} CJK characters in kg/ string constants: move word lists to lexicon.toml"


def test_the_class_lists_come_from_the_ontology() -> None:
    """The entity classes are the ontology's classes under sk:Entity that are no union of others;
    the groupings are the classes under sk:Place, sk:Body, sk:Person; the relations are the
    object properties between entities. Every prefix the code writes is declared there."""
    from rdflib.namespace import OWL, RDF, RDFS

    from kg.model import BODY_TYPES, PERSON_TYPES, PLACE_TYPES
    from kg.vocab import PREFIXES, ontology_graph

    g = ontology_graph()
    for group, members in (("Place", PLACE_TYPES), ("Body", BODY_TYPES)):
        union = next(g.objects(next(g.objects(getattr(SK, group), OWL.equivalentClass)), OWL.unionOf))
        listed = set()
        while union != RDF.nil:
            listed.add(str(g.value(union, RDF.first)).rsplit("#", 1)[1])
            union = g.value(union, RDF.rest)
        assert listed == set(members)
    assert set(ENTITY_TYPES) == PLACE_TYPES | BODY_TYPES | PERSON_TYPES | {"Programme", "Issue"}
    assert not {"Entity", "Place", "Body"} & set(ENTITY_TYPES)
    for p in RELATION_TYPES:
        assert (getattr(SK, p), RDF.type, OWL.ObjectProperty) in g
        assert g.value(getattr(SK, p), RDFS.domain) is not None
    assert "inDivision" not in RELATION_TYPES and "funder" not in RELATION_TYPES
    text = (ROOT / "ontology" / "shishi.ttl").read_text(encoding="utf-8")
    for name, iri in PREFIXES.items():
        assert f"@prefix {name}: <{iri}>" in text
    code = "".join(f.read_text(encoding="utf-8") for f in (ROOT / "kg").rglob("*.py"))
    assert "https://w3id.org/shishi-kg/ontology#" not in code  # written once, in the ontology
