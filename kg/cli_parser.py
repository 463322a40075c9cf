"""The ``kg`` command line's arguments: every command, its options and the help that teaches them.

The commands themselves are in :mod:`kg.cli`, which dispatches on the command name.
"""

from __future__ import annotations

import argparse

from . import __version__
from .outputs import DISK_STORE_BYTES

DEFAULT_OUT = "exports"
DEFAULT_GRAPH = "exports/graph.ttl"


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


class _RefusePassword(argparse.Action):
    """--password on the command line is refused: ps and the shell's history would show it."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        parser.error("--password is not taken on the command line (ps and shell history show it): "
                     "set KG_PUSH_PASSWORD or let kg push ask for it")


def _port(text: str) -> int:
    """A TCP port number, for argparse: 1 to 65535."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"{n} is not a port (1 to 65535)")
    return n


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (also used by the docs test)."""
    p = argparse.ArgumentParser(
        prog="kg", formatter_class=_formatter,
        description="shishi-kg (实事图谱): turn Chinese government work reports into a knowledge graph.",
        epilog="examples:\n"
               "  kg build data/ --out exports/       build graph.ttl and graph.html from the samples\n"
               "  kg query officials-and-posts         ask a bundled question of exports/graph.ttl\n"
               "  kg query --list                      list the bundled questions\n"
               "  kg validate exports/graph.ttl        check the graph against the SHACL shapes\n"
               "\nrun `kg COMMAND --help` for each command's options.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks instead of one-line errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", formatter_class=_formatter, help="build a graph from articles",
                       description="Read articles (.txt, .md, .html, .jsonl; UTF-8, GBK/GB18030 or Big5),\n"
                                   "extract entities and relations, and write DIR/graph.ttl and DIR/graph.html.\n"
                                   "Unreadable files are skipped with a one-line reason; the rest is built.",
                       epilog="examples:\n  kg build data/ --out exports/\n  kg build a.txt b.html feed.jsonl --out /tmp/g --strict\n"
                              "  kg build big-corpus/ --out /tmp/g --workers 2\n"
                              "  kg build big-corpus/ --out /tmp/g --scheduler tcp://127.0.0.1:8786\n\n"
                              "Re-running on the same folder is incremental: processed articles are kept in\n"
                              "OUT/.kg-cache (keyed by content and pipeline version) and only new or changed\n"
                              "ones run through the extractors; removed articles drop out of the graph.")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders (searched recursively)")
    b.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help=f"output folder (default: {DEFAULT_OUT}/)")
    b.add_argument("--strict", action="store_true", help="exit non-zero, writing nothing, if any input is skipped")
    b.add_argument("--no-html", action="store_true", help="do not write graph.html")
    b.add_argument("--max-file-mb", type=float, default=200, metavar="MB",
                   help="skip (naming it) any input file larger than this (default 200)")
    b.add_argument("--no-validate", action="store_true", help="skip the SHACL check in the summary")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument("--workers", type=int, default=0, metavar="N",
                   help="processes for the per-document stages (default: all cores; the output is the same)")
    b.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="run the per-document stages on this Dask distributed scheduler's workers")
    b.add_argument("--cache", metavar="DIR", help="build cache folder (default: OUT/.kg-cache)")
    b.add_argument("--no-cache", action="store_true", help="neither read nor write the build cache")
    b.add_argument("--disk-store", action="store_true",
                   help="build the graph in an on-disk Oxigraph store at OUT/store (automatic above "
                        f"{DISK_STORE_BYTES // 2**20} MB of input); `kg query --graph OUT/store` reads it")

    q = sub.add_parser("query", formatter_class=_formatter, help="run SPARQL over a built graph",
                       description="Run a SPARQL query (a string, a .rq file, or a bundled question name)\n"
                                   "over a graph. Common prefixes (sk:, id:, rdfs:, skos:, prov:, dcterms:,\n"
                                   "xsd:, owl:, foaf:, org:, time:) are predeclared; a question with a parameter\n"
                                   "needs --bind (kg query --list shows them).",
                       epilog="examples:\n  kg query --list\n  kg query officials-and-posts --format csv\n"
                              "  kg query 'SELECT ?name WHERE { ?e a sk:Agency ; rdfs:label ?name }'\n"
                              "  kg query everything-in-city --bind city=荆州市\n"
                              "  kg query my-question.rq --graph /tmp/g/graph.ttl --format json")
    q.add_argument("query", nargs="?", help="SPARQL text, a .rq file, or a bundled question name")
    q.add_argument("--graph", default=DEFAULT_GRAPH,
                   help=f"graph file or on-disk store folder (default: {DEFAULT_GRAPH})")
    q.add_argument("--format", default="table", choices=("table", "csv", "tsv", "json"), help="output format")
    q.add_argument("--store", default="oxigraph", choices=("oxigraph", "rdflib"),
                   help="query engine (default: oxigraph; rdflib is the pure-Python fallback)")
    q.add_argument("--list", action="store_true", help="list the bundled questions")
    q.add_argument("--bind", action="append", metavar="NAME=VALUE",
                   help="set ?NAME to a string (e.g. --bind city=荆州市); repeatable, safely escaped")
    q.add_argument("--timeout", type=float, default=120.0, metavar="S",
                   help="stop a query that runs longer than this many seconds; 0 for no limit (default: 120)")

    v = sub.add_parser("validate", formatter_class=_formatter, help="check a graph against the SHACL shapes",
                       description="Validate a graph against ontology/shapes.ttl. The default engine compiles\n"
                                   "each shape to SPARQL and runs it on Oxigraph; pyshacl is the reference\n"
                                   "implementation (same verdicts, many times slower).",
                       epilog="examples:\n  kg validate exports/graph.ttl --verbose\n"
                              "  kg validate exports/graph.ttl --engine pyshacl")
    v.add_argument("graph", nargs="?", default=DEFAULT_GRAPH,
                   help=f"graph file or on-disk store folder (default: {DEFAULT_GRAPH})")
    v.add_argument("--verbose", action="store_true", help="print the full SHACL report")
    v.add_argument("--engine", default="sparql", choices=("sparql", "pyshacl"), help="validation engine")

    e = sub.add_parser("evaluate", formatter_class=_formatter, help="score a graph against gold annotations",
                       description="Per-class and per-relation precision, recall and F1 of a graph against\n"
                                   "gold JSON Lines ({\"doc\", \"entities\", \"relations\"} per article; see SCHEMA).",
                       epilog="example:\n  kg evaluate exports/graph.ttl gold.jsonl")
    e.add_argument("graph", help="graph file (Turtle)")
    e.add_argument("gold", help="gold annotations (.jsonl)")

    x = sub.add_parser("export", formatter_class=_formatter, help="write a graph in another format",
                       description="Re-serialise a graph: turtle (canonical), nt, json-ld, graphml (Gephi, networkx),\n"
                                   "careers (officials' posts, one CSV row per post reported held),\n"
                                   "csv (a folder with nodes.csv and relationships.csv for neo4j-admin import),\n"
                                   "or any rdflib format name.",
                       epilog="examples:\n  kg export exports/graph.ttl --format json-ld\n"
                              "  kg export exports/graph.ttl --format graphml\n"
                              "  kg export exports/graph.ttl --format careers --out careers.csv\n"
                              "  kg export exports/graph.ttl --format csv --out exports/neo4j\n"
                              "  kg export exports/graph.ttl --format nt --out /tmp/graph.nt")
    x.add_argument("graph", help="graph file")
    x.add_argument("--format", default="turtle", help="output format (default: turtle)")
    x.add_argument("--out", help="output file (default: beside the graph, with the format's extension)")

    z = sub.add_parser("viz", formatter_class=_formatter, help="redraw the HTML network page",
                       description="Draw the interactive network page of a graph (works offline).",
                       epilog="examples:\n  kg viz exports/graph.ttl --out exports/graph.html\n"
                              "  kg viz exports/graph.ttl --classes Official,Agency --min-degree 1 --out people.html")
    z.add_argument("graph", help="graph file")
    z.add_argument("--out", help="output HTML file (default: beside the graph, GRAPH with .html)")
    z.add_argument("--classes", help="comma-separated classes to include (default: all): Official, Person, "
                                     "Agency, Company, Organization, Programme, Village, Township, County, "
                                     "City, Issue")
    z.add_argument("--min-degree", type=int, default=0,
                   help="hide entities with fewer relations among the classes shown")
    z.add_argument("--layout", default="auto", choices=("auto", "physics", "fixed"),
                   help="auto: simulate small graphs, compute large ones up front (default)")

    nr = sub.add_parser("ner", formatter_class=_formatter, help="recognise entities in JSON Lines",
                        description="Read {\"id\", \"text\"} lines and write {\"id\", \"entities\": [{\"start\", \"end\",\n"
                                    "\"type\", \"text\"}]} lines with the schema's classes (offsets into the given text).\n"
                                    "The recognizer is the one kg build runs, so its scores are the graph's.",
                        epilog="examples:\n  kg ner sentences.jsonl --out entities.jsonl\n"
                               "  echo '{\"id\": 1, \"text\": \"市委书记何光中到江陵县调研\"}' | kg ner -")
    nr.add_argument("input", help="input .jsonl file, or - for standard input")
    nr.add_argument("--out", default="-", help="output .jsonl file (default: standard output)")

    sv = sub.add_parser("serve", formatter_class=_formatter, help="serve a read-only SPARQL endpoint",
                        description="A SPARQL 1.1 Protocol endpoint at /sparql (GET and POST; JSON, XML, CSV, TSV;\n"
                                    "Turtle or JSON-LD for CONSTRUCT), the graph page at / and a query page at /query.\n"
                                    "Updates are refused; queries are limited in time and result size.",
                        epilog="examples:\n  kg serve exports/graph.ttl\n  kg serve exports/graph.ttl --port 8080\n"
                               "  kg serve exports/graph.ttl --cors https://yasgui.triply.cc\n"
                               "  curl -G http://127.0.0.1:7878/sparql --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3'")
    sv.add_argument("graph", nargs="?", default=DEFAULT_GRAPH,
                    help=f"graph file or on-disk store folder (default: {DEFAULT_GRAPH})")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    sv.add_argument("--port", type=_port, default=7878, help="port (default: 7878)")
    sv.add_argument("--cors", action="append", metavar="ORIGIN",
                    help="let pages of ORIGIN (e.g. https://yasgui.triply.cc) query the endpoint from a "
                         "browser; repeatable")
    sv.add_argument("--timeout", type=float, default=20.0,
                    help="query time limit in seconds; a query past it is stopped (default: 20)")
    sv.add_argument("--workers", type=int, default=2, metavar="N",
                    help="queries answered at once, each in its own process (default: 2)")
    sv.add_argument("--max-result-bytes", type=int, default=50_000_000, help="result size limit (default: 50 MB)")

    pu = sub.add_parser("push", formatter_class=_formatter, help="load the graph into a triple store",
                        description="Send the graph to a store over the SPARQL 1.1 Graph Store HTTP Protocol:\n"
                                    "PUT replaces the target graph (default), --add POSTs into it.",
                        epilog="examples:\n  kg push exports/graph.ttl --store http://127.0.0.1:7878/store\n"
                               "  kg push exports/graph.ttl --store http://localhost:3030/ds/data "
                               "--named-graph https://example.org/g --add")
    pu.add_argument("graph", nargs="?", default=DEFAULT_GRAPH, help=f"graph file (default: {DEFAULT_GRAPH})")
    pu.add_argument("--store", required=True, help="the store's Graph Store endpoint URL")
    pu.add_argument("--named-graph", help="IRI of the named graph to write (default: the default graph)")
    pu.add_argument("--add", action="store_true", help="add to the graph instead of replacing it")
    pu.add_argument("--user", help="user name for HTTP basic authentication; the password is read from "
                                   "$KG_PUSH_PASSWORD, else asked for on the terminal")
    pu.add_argument("--password", help=argparse.SUPPRESS, action=_RefusePassword)
    return p
