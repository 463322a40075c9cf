"""Stage ``validate``: check a graph against the project's SHACL shapes (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from .vocab import ontology_graph, shapes_graph


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, how many violations, and pySHACL's text report."""

    conforms: bool
    violations: int
    text: str


def validate(g: Graph) -> ValidationReport:
    """Validate ``g`` against ``ontology/shapes.ttl`` with the ontology's class hierarchy."""
    from pyshacl import validate as shacl_validate

    conforms, report_graph, text = shacl_validate(
        g, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none",
        abort_on_first=False, allow_warnings=True, advanced=True)
    from rdflib.namespace import SH

    violations = len(set(report_graph.subjects(SH.resultSeverity, SH.Violation)))
    return ValidationReport(bool(conforms), violations, str(text))
