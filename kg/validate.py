"""Stage ``validate``: check a graph against the project's SHACL shapes.

Two engines give the same verdicts:

* ``sparql`` (default): each constraint of ``ontology/shapes.ttl`` is compiled
  to one SPARQL query that selects its violations, run on Oxigraph. It covers
  the SHACL Core components the shapes use (targets by class and by subject of
  a property; ``class``, ``minCount``, ``maxCount``, ``datatype``,
  ``languageIn``, ``minLength``, ``minInclusive``, ``maxInclusive``, ``in``,
  and ``or`` of class constraints) and refuses a shape with anything else, so
  it can never pass a graph by silently skipping a rule. On a 70,000-triple
  graph it takes a fraction of a second where pySHACL takes ten.
* ``pyshacl``: the reference implementation, for any shapes.

``sh:class`` follows the ontology's ``rdfs:subClassOf`` hierarchy in both.
Tests check the two engines report the same (focus node, path, component)
results on the samples and on randomly damaged graphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from .runtime import lower_priority
from .store import as_store, store_to_graph
from .vocab import ontology_graph, shapes_graph

ENGINES = ("sparql", "pyshacl")


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, how many violations, and a readable report."""

    conforms: bool
    violations: int
    text: str
    results: tuple[tuple[str, str, str, str], ...] = ()  # (focus, path, component, message)


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature the SPARQL compiler does not implement."""


@dataclass(frozen=True)
class _Count:
    """One counted property of a count check and the bounds its number of values may break."""

    path: str
    min_count: int | None
    max_count: int | None
    message: str


@dataclass(frozen=True)
class _Check:
    query: str
    path: str = ""
    component: str = ""
    message: str = ""
    counts: tuple[_Count, ...] = ()  # a count check: the properties it counts, as ?n0, ?n1…


def _subclasses(cls: URIRef) -> list[str]:
    onto = ontology_graph()
    seen = {cls}
    todo = [cls]
    while todo:
        c = todo.pop()
        for sub in onto.subjects(RDFS.subClassOf, c):
            if isinstance(sub, URIRef) and sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return sorted(f"<{c}>" for c in seen)


def _not_instance(var: str, classes: list[URIRef]) -> str:
    values = " ".join(sorted({c for cls in classes for c in _subclasses(cls)}))
    return f"FILTER NOT EXISTS {{ {var} a ?_t . VALUES ?_t {{ {values} }} }}"


def _target(sg: Graph, shape: Any) -> str:
    parts = []
    for cls in sg.objects(shape, SH.targetClass):
        classes = _subclasses(cls)  # type: ignore[arg-type]
        parts.append(f"{{ ?focus a {classes[0]} }}" if len(classes) == 1
                     else f"{{ ?focus a ?_c . VALUES ?_c {{ {' '.join(classes)} }} }}")
    for p in sg.objects(shape, SH.targetSubjectsOf):
        parts.append(f"{{ ?focus <{p}> ?_x }}")
    for key in (SH.targetNode, SH.targetObjectsOf):
        if (shape, key, None) in sg:
            raise UnsupportedShape(f"{shape}: {key} is not compiled")
    if not parts:
        raise UnsupportedShape(f"{shape}: a node shape without targets")
    # A focus may match twice (two target classes); every check is DISTINCT or counts
    # DISTINCT values per focus, so no DISTINCT sub-select is needed (it cost a third of the time).
    return " UNION ".join(parts) if len(parts) > 1 else parts[0]


_KNOWN = {SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.languageIn, SH.minLength,
          SH.minInclusive, SH.maxInclusive, SH["in"], SH["or"], SH.message, SH.name, SH.description}


def _or_classes(sg: Graph, node: Any) -> list[URIRef]:
    classes = []
    for member in Collection(sg, node):
        preds = set(sg.predicates(member, None))
        if preds != {SH["class"]}:
            raise UnsupportedShape("sh:or is compiled only over sh:class alternatives")
        classes.append(sg.value(member, SH["class"]))
    return classes  # type: ignore[return-value]


def _value_checks(sg: Graph, target: str, node: Any, focus_path: str | None) -> list[_Check]:
    """Checks of the value constraints on ``node`` (a property shape, or a node shape when no path)."""
    path = focus_path or ""
    pattern = f"{target} ?focus <{path}> ?v ." if focus_path else f"{target} BIND(?focus AS ?v)"
    msg = str(sg.value(node, SH.message) or "")
    checks = []

    def check(component: str, condition: str) -> None:
        q = f"SELECT DISTINCT ?focus ?v WHERE {{ {pattern} {condition} }}"
        checks.append(_Check(q, path, component, msg))

    for cls in sg.objects(node, SH["class"]):
        check("ClassConstraintComponent", _not_instance("?v", [cls]))  # type: ignore[list-item]
    for o in sg.objects(node, SH["or"]):
        check("OrConstraintComponent", _not_instance("?v", _or_classes(sg, o)))
    for dt in sg.objects(node, SH.datatype):
        check("DatatypeConstraintComponent", f"FILTER(!isLiteral(?v) || datatype(?v) != <{dt}>)")
    for langs in sg.objects(node, SH.languageIn):
        ok = " || ".join(f'langMatches(lang(?v), "{lang}")' for lang in Collection(sg, langs))
        check("LanguageInConstraintComponent", f"FILTER(!isLiteral(?v) || !({ok}))")
    for n in sg.objects(node, SH.minLength):
        check("MinLengthConstraintComponent", f"FILTER(isBlank(?v) || STRLEN(STR(?v)) < {int(n)})")
    for x in sg.objects(node, SH.minInclusive):
        check("MinInclusiveConstraintComponent", f"FILTER(!COALESCE(?v >= {Literal(x).n3()}, false))")
    for x in sg.objects(node, SH.maxInclusive):
        check("MaxInclusiveConstraintComponent", f"FILTER(!COALESCE(?v <= {Literal(x).n3()}, false))")
    for lst in sg.objects(node, SH["in"]):
        members = ", ".join(m.n3() for m in Collection(sg, lst))
        check("InConstraintComponent", f"FILTER(?v NOT IN ({members}))")
    return checks


@lru_cache(maxsize=1)
def compiled_checks() -> tuple[_Check, ...]:
    """One SPARQL query per constraint of the project's shapes (per shape, one for all its maxCount 1 counts)."""
    sg = shapes_graph()
    checks: list[_Check] = []
    for shape in sorted(sg.subjects(RDF.type, SH.NodeShape)):
        target = _target(sg, shape)
        checks += _value_checks(sg, target, shape, None)
        single: list[_Count] = []  # properties of at most one value each
        for prop in sg.objects(shape, SH.property):
            unknown = set(sg.predicates(prop, None)) - _KNOWN
            if unknown:
                raise UnsupportedShape(f"{shape}: {', '.join(sorted(map(str, unknown)))} not compiled")
            path = sg.value(prop, SH.path)
            if not isinstance(path, URIRef):
                raise UnsupportedShape(f"{shape}: only plain property paths are compiled")
            msg = str(sg.value(prop, SH.message) or "")
            lo = min((int(n) for n in sg.objects(prop, SH.minCount)), default=None)
            hi = max((int(n) for n in sg.objects(prop, SH.maxCount)), default=None)
            if hi == 1:
                single.append(_Count(str(path), lo, hi, msg))
            elif lo is not None or hi is not None:
                checks.append(_count_check(target, [_Count(str(path), lo, hi, msg)]))
            checks += _value_checks(sg, target, prop, str(path))
        if single:
            checks.append(_count_check(target, single))
    return tuple(checks)


def _count_check(target: str, counts: list[_Count]) -> _Check:
    """One query that counts the values of each property per focus and returns the foci outside a bound.

    A shape's properties of at most one value are counted together, in one pass over
    its foci (half the time of a query each). Joining them multiplies the rows of a
    focus only by its extra values, which a conforming graph does not have.
    """
    opts = " ".join(f"OPTIONAL {{ ?focus <{c.path}> ?v{i} }}" for i, c in enumerate(counts))
    aggs = " ".join(f"(COUNT(DISTINCT ?v{i}) AS ?n{i})" for i in range(len(counts)))
    bounds = [f"?n{i} < {c.min_count}" for i, c in enumerate(counts) if c.min_count is not None]
    bounds += [f"?n{i} > {c.max_count}" for i, c in enumerate(counts) if c.max_count is not None]
    bad = " || ".join(bounds)
    ns = " ".join(f"?n{i}" for i in range(len(counts)))
    q = (f"SELECT ?focus {ns} WHERE {{ {{ SELECT ?focus {aggs} WHERE {{ {target} "
         f"{opts} }} GROUP BY ?focus }} FILTER({bad}) }}")
    return _Check(q, component="CountConstraint", counts=tuple(counts))


def validate(g: Any, engine: str = "sparql", threads: int = 1) -> ValidationReport:
    """Validate ``g`` (an rdflib graph or an Oxigraph store) against ``ontology/shapes.ttl``.

    The compiled checks are independent queries; ``threads`` of them run at a
    time (Oxigraph evaluates a query without holding Python's lock).
    """
    if engine == "pyshacl":
        return _validate_pyshacl(g if isinstance(g, Graph) else store_to_graph(g))
    if engine != "sparql":
        raise ValueError(f"unknown validation engine {engine!r}; use one of {ENGINES}")
    return SparqlCheck(g, threads).result()


def _expected_cost(c: _Check) -> tuple[int, int]:
    """A rank of how long the query of ``c`` runs: a count check's properties, a class check's join."""
    if c.counts:
        return 2, len(c.counts)
    return (1 if c.component == "ClassConstraintComponent" else 0), 0


class SparqlCheck:
    """The compiled checks of a graph, started at once on ``threads`` threads that share the list.

    Queries always run off the calling thread: measured here, Oxigraph evaluates
    a query markedly faster off the main thread than on it. With ``background``,
    the threads run at the lowest CPU priority (on Linux), so a check beside other
    work takes only the cycles that work leaves; :meth:`result` then adds as many
    threads of normal priority for what is left, so that a machine busy with
    other people's work cannot starve the check once this process waits for it.
    """

    def __init__(self, g: Any, threads: int = 1, background: bool = False) -> None:
        import threading
        from collections import deque

        self._store = as_store(g)
        # Longest first, so that the last queries to finish on one thread are short ones while
        # the others idle: counts over several properties, then class checks (a join each), then
        # the rest, in shape order. popleft from several threads is atomic.
        self._todo = deque(sorted(compiled_checks(), key=_expected_cost, reverse=True))
        self._left = len(self._todo)  # checks not yet finished
        self._found: set[tuple[str, str, str, str]] = set()
        self._errors: list[BaseException] = []
        self._done = threading.Condition()
        self._background = background
        self._cancelled = False
        self._report: ValidationReport | None = None
        self._threads = max(1, threads)
        self._spawn(self._threads, low=background)

    def _spawn(self, n: int, low: bool) -> None:
        import threading

        for _ in range(n):
            threading.Thread(target=self._work, args=(low,), name="kg-shacl", daemon=True).start()

    def _work(self, low: bool) -> None:
        if low:
            lower_priority()
        while not self._errors:
            try:
                c = self._todo.popleft()
            except IndexError:
                return
            try:
                found = _check(self._store, c)
            except BaseException as e:  # re-raised by result(), on the caller's thread
                with self._done:
                    self._errors.append(e)
                    self._done.notify_all()
                return
            with self._done:
                self._found.update(found)
                self._left -= 1
                self._done.notify_all()

    def result(self) -> ValidationReport:
        """Wait for every check (helping at normal priority) and report; safe to call again."""
        if self._report is None:
            if self._background and self._todo:
                self._spawn(self._threads, low=False)
            with self._done:  # every check finished, however many threads never got to run
                self._done.wait_for(lambda: self._left == 0 or bool(self._errors) or self._cancelled)
            if self._errors:
                raise self._errors[0]
            if self._left:
                raise RuntimeError("the SHACL check was cancelled before it finished")
            ordered = tuple(sorted(self._found))
            text = "\n".join(f"{f} {p or '(node)'} {comp}: {m or 'violates the shape'}" for f, p, comp, m in ordered)
            self._report = ValidationReport(not ordered, len(ordered), text or "conforms", ordered)
        return self._report

    def cancel(self) -> None:
        """Start no more checks (those running finish on their own); :meth:`result` then raises."""
        with self._done:
            self._cancelled = True
            self._todo.clear()
            self._done.notify_all()


def _check(store: Any, c: _Check) -> list[tuple[str, str, str, str]]:
    """The (focus, path, component, message) results of one compiled check."""
    out = []
    for row in store.query(c.query):
        focus = row["focus"]
        f = focus.value if hasattr(focus, "value") else str(focus)
        if not c.counts:
            out.append((f, c.path, c.component, c.message))
            continue
        for i, count in enumerate(c.counts):
            n = int(row[f"n{i}"].value)
            if count.min_count is not None and n < count.min_count:
                out.append((f, count.path, "MinCountConstraintComponent", count.message))
            if count.max_count is not None and n > count.max_count:
                out.append((f, count.path, "MaxCountConstraintComponent", count.message))
    return out


def _validate_pyshacl(g: Graph) -> ValidationReport:
    from pyshacl import validate as shacl_validate

    conforms, report_graph, text = shacl_validate(
        g, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none",
        abort_on_first=False, allow_warnings=True, advanced=True)
    results = set()
    for r in report_graph.subjects(SH.resultSeverity, SH.Violation):
        comp = str(report_graph.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        path = report_graph.value(r, SH.resultPath)
        results.add((str(report_graph.value(r, SH.focusNode)), str(path) if path is not None else "", comp,
                     str(report_graph.value(r, SH.resultMessage) or "")))
    violations = len(set(report_graph.subjects(SH.resultSeverity, SH.Violation)))
    return ValidationReport(bool(conforms), violations, str(text), tuple(sorted(results)))
