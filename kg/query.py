"""Stage ``query``: SPARQL over a built graph, on Oxigraph (default) or rdflib's memory store.

Queries are a string, a ``.rq`` file, or the name of a bundled question in
``kg/queries/``. Results come back as a header and rows of plain strings and
are printed as an aligned table (Chinese-width aware), CSV, TSV or JSON.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import GraphNotFound, QueryError
from .namespaces import sparql_prefixes

STORES = ("oxigraph", "rdflib")
FORMATS = ("table", "csv", "tsv", "json")
PREFIX_HEADER = sparql_prefixes("sk", "id", "rdf", "rdfs", "skos", "prov", "dcterms", "xsd", "owl", "foaf", "org", "time")
# (prefix, namespace) of the header, longest namespace first: the table shows sk:Agency, not the IRI.
_PREFIXES = sorted(((line.split()[1], line.split()[2][1:-1]) for line in PREFIX_HEADER.splitlines()),
                   key=lambda pn: -len(pn[1]))


@dataclass
class QueryResult:
    """Column names and rows (strings; '' for unbound), or a boolean for ASK."""

    columns: list[str]
    rows: list[list[str]]
    boolean: bool | None = None


def bundled_questions() -> dict[str, tuple[str, str]]:
    """Bundled questions: name -> (one-line description, SPARQL text)."""
    out = {}
    root = resources.files("kg").joinpath("queries")
    for f in sorted(root.iterdir(), key=lambda p: p.name):
        if f.name.endswith(".rq"):
            text = f.read_text(encoding="utf-8")
            first = text.splitlines()[0] if text else ""
            desc = first.lstrip("#").strip() if first.startswith("#") else ""
            out[f.name[:-3]] = (desc, text)
    return out


_PARAM_RE = re.compile(r'VALUES\s+\?([A-Za-z_][A-Za-z0-9_]*)\s*\{\s*"((?:[^"\\]|\\.)*)"\s*\}')


def parameters(sparql: str) -> dict[str, str]:
    """A bundled question's parameters and their example values: its ``VALUES ?name { "…" }`` lines."""
    return {m.group(1): m.group(2) for m in _PARAM_RE.finditer(sparql)}


def check_bindings(query: str, sparql: str, bindings: dict[str, str]) -> None:
    """Refuse bindings a query cannot take, and a bundled question's parameters left unbound.

    A question answering for its example value when ``--bind`` was forgotten or misspelled
    would look like an answer about what the user asked: it is an error naming the parameters.
    """
    bundled = query in bundled_questions()  # read once: the question files are read from disk
    params = parameters(sparql) if bundled else {}
    usage = ", ".join(f"--bind {k}={v}" for k, v in params.items())
    for name in bindings:
        if params and name not in params:
            raise QueryError(f"{query} has no parameter {name!r}; it takes {usage}")
        if not params and not re.search(rf"\?{re.escape(name)}\b", sparql):
            what = f"{query} takes no parameters" if bundled else f"the query has no ?{name}"
            raise QueryError(f"--bind {name}: {what}")
    missing = [k for k in params if k not in bindings]
    if missing:
        raise QueryError(f"{query} needs {', '.join(f'--bind {k}=VALUE' for k in missing)} "
                         f"(e.g. {usage})")


def resolve_query(query: str) -> str:
    """The SPARQL text for a query string, a ``.rq`` path, or a bundled question name."""
    if query.endswith(".rq") or ("\n" not in query and Path(query).suffix == ".rq"):
        p = Path(query)
        if not p.exists():
            raise QueryError(f"{query}: no such query file")
        return p.read_text(encoding="utf-8")
    qs = bundled_questions()
    if query in qs:
        return qs[query][1]
    if re.fullmatch(r"[\w-]+", query):
        raise QueryError(f"{query!r} is neither SPARQL nor a bundled question; see `kg query --list`")
    return query


def with_prefixes(q: str) -> str:
    """``q`` with the project's common PREFIX lines added for prefixes it does not declare."""
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([\w-]*):", q)}
    extra = [line for line in PREFIX_HEADER.splitlines()
             if line.split()[1].rstrip(":") not in declared]
    return "\n".join(extra) + "\n" + q


def bind_values(query: str, bindings: dict[str, str]) -> str:
    """Set variables to string values, safely: each becomes ``VALUES ?name { "…" }``.

    A ``VALUES ?name {…}`` line already in the query is replaced (bundled
    questions carry their default there); otherwise one is added at the start
    of the first group. Values are escaped as SPARQL literals, never pasted raw.
    """
    from rdflib import Literal

    for name, value in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"--bind {name!r}: a variable name is letters, digits and _")
        clause = f"VALUES ?{name} {{ {Literal(value).n3()} }}"
        pattern = re.compile(rf"VALUES\s+\?{name}\s*\{{[^}}]*\}}")
        if pattern.search(query):
            query = pattern.sub(lambda _: clause, query, count=1)
        else:
            m = re.search(r"WHERE\s*\{", query, re.I)
            if not m:
                raise QueryError("--bind needs a query with a WHERE { … } block")
            query = query[: m.end()] + "\n  " + clause + "\n" + query[m.end() :]
    return query


def run_query(graph_path: str | Path, query: str, store: str = "oxigraph",
              bindings: dict[str, str] | None = None) -> QueryResult:
    """Run SPARQL ``query`` (text, file or question name) over the graph file."""
    p = Path(graph_path)
    if not p.exists():
        raise GraphNotFound(str(p))
    sparql = resolve_query(query)
    check_bindings(query, sparql, bindings or {})
    user_text = bind_values(sparql, bindings or {})
    text = with_prefixes(user_text)
    added = text.count("\n") - user_text.count("\n")
    try:
        if store == "oxigraph":
            return _run_oxigraph(p, text)
        if store == "rdflib":
            return _run_rdflib(p, text)
    except QueryError as e:
        raise QueryError(_shift_lines(str(e), added)) from None
    raise QueryError(f"unknown store {store!r}; use one of: {', '.join(STORES)}")


def _shift_lines(message: str, added: int) -> str:
    """Report positions in the user's query, not in the query with our PREFIX lines added."""
    message = re.sub(r"error at (\d+):(\d+)", lambda m: f"error at line {int(m[1]) - added}, column {m[2]}", message)
    message = re.sub(r"\(line:(\d+), col:(\d+)\)", lambda m: f"(line {int(m[1]) - added}, column {m[2]})", message)
    return re.sub(r"\s*\(at char \d+\),?", "", message)


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _term(t: object) -> str:
    """Plain text of an RDF term from either engine, numbers and booleans in canonical form."""
    if t is None:
        return ""
    from rdflib import Literal as RLiteral

    if isinstance(t, RLiteral):
        lexical, dt = str(t), str(t.datatype or "")
    elif hasattr(t, "datatype") and hasattr(t, "value"):  # pyoxigraph Literal
        lexical, dt = str(t.value), str(t.datatype.value)
    else:
        return str(getattr(t, "value", t))
    if dt in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
        try:
            from decimal import Decimal

            return format(Decimal(lexical).normalize(), "f")
        except ArithmeticError:
            return lexical
    if dt == _XSD + "boolean":
        return "true" if lexical.lower() in ("true", "1") else "false"
    return lexical


def _run_oxigraph(path: Path, text: str) -> QueryResult:
    from .store import load_store

    return query_store(load_store(path), text)


def query_store(store: object, text: str) -> QueryResult:
    """Run SPARQL ``text`` (prefixes declared) over an Oxigraph store."""
    try:
        res = store.query(text)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
    if isinstance(res, bool) or type(res).__name__ == "QueryBoolean":
        return QueryResult([], [], bool(res))
    if hasattr(res, "variables"):
        cols = [v.value for v in res.variables]
        rows = [[_term(sol[c]) for c in cols] for sol in res]
        return QueryResult(cols, rows)
    triples = [[_term(t.subject), _term(t.predicate), _term(t.object)] for t in res]
    return QueryResult(["subject", "predicate", "object"], triples)


def _run_rdflib(path: Path, text: str) -> QueryResult:
    from .export import load_graph
    from .store import load_store, store_to_graph

    g = store_to_graph(load_store(path)) if path.is_dir() else load_graph(path)
    try:
        res = g.query(text)
    except Exception as e:  # pyparsing raises ParseException with line/col
        raise QueryError(f"SPARQL syntax error: {e}") from None
    if res.type == "ASK":
        return QueryResult([], [], bool(res.askAnswer))
    if res.type == "SELECT":
        cols = [str(v) for v in res.vars]
        return QueryResult(cols, [[_term(row[i]) if row[i] is not None else "" for i in range(len(cols))]
                                  for row in res])
    return QueryResult(["subject", "predicate", "object"], [[_term(x) for x in t] for t in res])


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def compact(value: str) -> str:
    """An IRI in a namespace the queries predeclare written with its prefix (sk:Agency)."""
    if value.startswith("http"):
        for prefix, ns in _PREFIXES:
            if value.startswith(ns) and len(value) > len(ns):
                return prefix + value[len(ns):]
    return value


def format_result(res: QueryResult, fmt: str = "table", max_width: int = 60) -> str:
    """Render a result as an aligned table, CSV, TSV or JSON."""
    if res.boolean is not None:
        return json.dumps({"boolean": res.boolean}) if fmt == "json" else ("yes" if res.boolean else "no")
    if fmt == "json":
        return json.dumps([dict(zip(res.columns, r)) for r in res.rows], ensure_ascii=False, indent=1)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(res.columns)
        w.writerows(res.rows)
        return buf.getvalue().rstrip("\n")
    if fmt != "table":
        raise QueryError(f"unknown output format {fmt!r}; use one of: {', '.join(FORMATS)}")

    def cut(s: str) -> str:
        s = s.replace("\n", " ")
        if _width(s) <= max_width:
            return s
        out = ""
        for c in s:
            if _width(out + c) > max_width - 1:
                break
            out += c
        return out + "…"

    rows = [[cut(compact(c)) for c in r] for r in res.rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(res.columns)]
    lines = [" | ".join(_pad(c, widths[i]) for i, c in enumerate(res.columns)),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, widths[i]) for i, c in enumerate(r)) for r in rows]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)
