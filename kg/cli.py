"""The ``kg`` command line: a thin layer over the library.

Each command parses its options and calls one library function. Only here
are :class:`~kg.errors.KGError` subclasses turned into exit codes and
one-line messages; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable, NoReturn, Sequence

from . import __version__
from .errors import KGError

DEFAULT_OUT = "exports"
DEFAULT_GRAPH = "exports/graph.ttl"


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def cmd_build(args: argparse.Namespace) -> int:
    """kg build: articles in, graph.ttl and graph.html out (and OUT/store for large corpora)."""
    from .cache import BuildCache, default_cache_dir
    from .export import TurtleInBackground, dump_turtle, write_graph
    from .outputs import atomic_write, discard, new_generation, publish_generation
    from .pipeline import build, collector_paused, default_workers, input_bytes
    from .validate import SparqlCheck
    from .visualise import visualise

    def on_skip(s: object) -> None:
        print(str(s), file=sys.stderr)

    # After the progress bar, one line says which corpus-wide step is running (a large corpus
    # spends minutes there); only on a terminal, like the bar.
    show = sys.stderr.isatty() and not args.quiet

    def status(msg: str) -> None:
        if show:
            sys.stderr.write(f"\r\x1b[K{msg}…")
            sys.stderr.flush()

    out = Path(args.out)
    workers = args.workers if args.workers and args.workers > 0 else default_workers()
    cache = None if args.no_cache else BuildCache(args.cache or default_cache_dir(out))
    total, largest = input_bytes(args.inputs)
    disk = args.disk_store or total > DISK_STORE_BYTES or largest > DISK_STORE_DOCUMENT_BYTES
    # Everything is written into a new generation folder and published at once at the end
    # (kg.outputs): a build killed at any moment leaves all the old outputs or all the new.
    gen = new_generation(out)
    tmp_store = gen / "store" if disk else None
    check = None
    published = False
    try:
        result = build(args.inputs, on_skip=on_skip, progress=None if not args.quiet else False, workers=workers,
                       cache=cache, scheduler=args.scheduler, store_path=tmp_store, on_status=status,
                       max_file_bytes=int(args.max_file_mb * 2**20))
        if args.strict and result.skipped:
            print(f"error: {len(result.skipped)} input(s) skipped and --strict is set; nothing written",
                  file=sys.stderr)
            return 3
        # The SHACL check is Oxigraph queries, which run without Python's lock: on more than
        # one worker it runs beside the Turtle and the page rather than before them, at a low
        # priority, because the Turtle and the page are longer chains that it must not delay.
        # The documents stay alive to the end: no full collection need scan them again.
        if not args.no_validate:
            check = SparqlCheck(result.store, threads=workers, background=workers > 1)
        with collector_paused():
            if workers <= 1 and check is not None:
                status("checking the graph against the SHACL shapes")
                check.result()
            status("writing graph.ttl")
            turtle = None
            if disk:
                # too large to sort in memory: Turtle in the store's own order, which its content fixes
                dump_turtle(result.store, gen / "graph.ttl")
            elif workers > 1 and sys.executable:
                # sorting and serialising hold Python's lock: another process does them beside the page
                # (an embedded Python may have no interpreter to start: then it is done here)
                turtle = TurtleInBackground(result.store, gen / "graph.ttl")
            else:
                write_graph(result.store, gen / "graph.ttl", "turtle")
            try:
                if not args.no_html:
                    status("drawing graph.html")
                    atomic_write(gen / "graph.html", visualise(result.store))
                if turtle is not None:
                    status("writing graph.ttl")
                    turtle.result()
            finally:
                if turtle is not None:
                    turtle.close()  # stops it if the page failed
            if check is not None:
                status("checking the graph against the SHACL shapes")
                result.violations = check.result().violations
            if show:
                sys.stderr.write("\r\x1b[K")  # the summary line replaces the status line
        summary = result.summary()
        del result  # closes the on-disk store before it is published
        publish_generation(out, gen)
        published = True
        if tmp_store is not None:
            summary += f"; on-disk store {out / 'store'}"
    finally:
        if check is not None:
            check.cancel()  # after a failure, no more queries start (after success, nothing is left)
        if not published:
            discard(gen)
    print(f"{summary} -> {out / 'graph.ttl'}")
    return 0


# Above this much input the graph goes into an on-disk Oxigraph store (OUT/store), not memory;
# and so it does for one file this large (a year-book extract of millions of characters), whose
# Turtle is then streamed from the store rather than sorted in memory.
DISK_STORE_BYTES = 16 * 2**20
DISK_STORE_DOCUMENT_BYTES = 4 * 2**20


def cmd_query(args: argparse.Namespace) -> int:
    """kg query: SPARQL over a built graph."""
    from .query import bundled_questions, format_result, run_query
    from .query_pool import call_with_timeout

    if args.list:
        for name, (desc, _) in bundled_questions().items():
            print(f"{name:<28} {desc}")
        return 0
    if not args.query:
        raise KGError("give a SPARQL query, a .rq file or a question name (see `kg query --list`)")
    bindings = {}
    for b in args.bind or []:
        name, sep, value = b.partition("=")
        if not sep:
            raise KGError(f"--bind {b!r}: write NAME=VALUE, e.g. --bind city=荆州市")
        bindings[name.strip()] = value
    res = call_with_timeout(run_query, (args.graph, args.query, args.store, bindings), args.timeout)
    print(format_result(res, args.format))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """kg validate: SHACL check of a graph."""
    from .pipeline import default_workers
    from .store import load_store, store_to_graph
    from .validate import validate

    store = load_store(args.graph)
    rep = validate(store if args.engine == "sparql" else store_to_graph(store), engine=args.engine,
                   threads=default_workers())
    if rep.conforms:
        print(f"{args.graph}: conforms to the shishi-kg shapes")
        return 0
    print(rep.text if args.verbose else f"{args.graph}: {rep.violations} SHACL violations "
          "(run with --verbose for the report)")
    return 1


def cmd_evaluate(args: argparse.Namespace) -> int:
    """kg evaluate: P/R/F1 against gold annotations."""
    from .evaluate import evaluate, format_scores

    print(format_scores(evaluate(args.graph, args.gold)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """kg export: re-serialise a graph."""
    from .export import load_graph, write_graph

    g = load_graph(args.graph)
    ext = _EXT.get(args.format, "." + args.format)
    out = args.out or (str(Path(args.graph).with_suffix("")) + ext if ext.startswith("-")
                       else str(Path(args.graph).with_suffix(ext)))
    write_graph(g, out, args.format)
    print(f"{len(g)} triples -> {out}")
    return 0


_EXT = {"turtle": ".ttl", "nt": ".nt", "ntriples": ".nt", "json-ld": ".jsonld", "xml": ".rdf", "trig": ".trig",
        "graphml": ".graphml", "csv": "-csv"}


def cmd_viz(args: argparse.Namespace) -> int:
    """kg viz: redraw the HTML page of a graph."""
    from .export import load_graph
    from .outputs import atomic_write
    from .visualise import check_classes, render_html, view_data

    classes = {c.strip() for c in args.classes.split(",") if c.strip()} if args.classes else None
    check_classes(classes)  # before the graph is read: a typo fails at once
    out = Path(args.out) if args.out else Path(args.graph).with_suffix(".html")
    data = view_data(load_graph(args.graph), classes=classes, min_degree=args.min_degree)
    atomic_write(out, render_html(data, layout=args.layout))
    print(f"{len(data['nodes'])} nodes, {len(data['edges'])} edges -> {out}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """kg serve: the read-only SPARQL endpoint."""
    from .serve import Limits, serve

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {args.host}, reachable from other machines", file=sys.stderr)
    def ready() -> None:
        print(f"serving {args.graph} at http://{args.host}:{args.port}/sparql (page at /, query page at "
              "/query); Ctrl-C to stop", file=sys.stderr)

    serve(args.graph, host=args.host, port=args.port,
          limits=Limits(timeout=args.timeout, max_result=args.max_result_bytes), workers=max(1, args.workers),
          cors=tuple(args.cors or ()), on_ready=ready)
    return 0


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


def cmd_push(args: argparse.Namespace) -> int:
    """kg push: load the graph into a triple store."""
    from .push import push

    password = None
    if args.user:
        # never on the command line, where ps and the shell's history would show it
        password = os.environ.get("KG_PUSH_PASSWORD")
        if password is None and sys.stdin.isatty():
            import getpass

            password = getpass.getpass(f"password for {args.user} at {args.store}: ")
        if password is None:
            raise KGError("--user needs a password: set KG_PUSH_PASSWORD, or run on a terminal to be asked")
    res = push(args.graph, args.store, named_graph=args.named_graph, replace=not args.add,
               user=args.user, password=password)
    print(f"{res.triples} triples {'added to' if args.add else 'replaced'} {res.url} (HTTP {res.status})")
    return 0


def cmd_ner(args: argparse.Namespace) -> int:
    """kg ner: recognition only, JSON Lines in and out."""
    from .ner import ner_lines

    src = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    out = sys.stdout if args.out == "-" else None
    lines = []
    try:
        for line in ner_lines(src, args.input):
            if out:
                out.write(line + "\n")
            else:
                lines.append(line)
    finally:
        if src is not sys.stdin:
            src.close()
    if not out:
        from .outputs import atomic_write

        atomic_write(args.out, "\n".join(lines) + ("\n" if lines else ""))
    return 0


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
    b.set_defaults(func=cmd_build)

    q = sub.add_parser("query", formatter_class=_formatter, help="run SPARQL over a built graph",
                       description="Run a SPARQL query (a string, a .rq file, or a bundled question name)\n"
                                   "over a graph. Common prefixes (sk:, id:, rdfs:, skos:, prov:, dcterms:,\n"
                                   "xsd:, owl:, foaf:, org:) are predeclared; a question with a parameter\n"
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
    q.set_defaults(func=cmd_query)

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
    v.set_defaults(func=cmd_validate)

    e = sub.add_parser("evaluate", formatter_class=_formatter, help="score a graph against gold annotations",
                       description="Per-class and per-relation precision, recall and F1 of a graph against\n"
                                   "gold JSON Lines ({\"doc\", \"entities\", \"relations\"} per article; see SCHEMA).",
                       epilog="example:\n  kg evaluate exports/graph.ttl gold.jsonl")
    e.add_argument("graph", help="graph file (Turtle)")
    e.add_argument("gold", help="gold annotations (.jsonl)")
    e.set_defaults(func=cmd_evaluate)

    x = sub.add_parser("export", formatter_class=_formatter, help="write a graph in another format",
                       description="Re-serialise a graph: turtle (canonical), nt, json-ld, graphml (Gephi, networkx),\n"
                                   "csv (a folder with nodes.csv and relationships.csv for neo4j-admin import),\n"
                                   "or any rdflib format name.",
                       epilog="examples:\n  kg export exports/graph.ttl --format json-ld\n"
                              "  kg export exports/graph.ttl --format graphml\n"
                              "  kg export exports/graph.ttl --format csv --out exports/neo4j\n"
                              "  kg export exports/graph.ttl --format nt --out /tmp/graph.nt")
    x.add_argument("graph", help="graph file")
    x.add_argument("--format", default="turtle", help="output format (default: turtle)")
    x.add_argument("--out", help="output file (default: beside the graph, with the format's extension)")
    x.set_defaults(func=cmd_export)

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
    z.set_defaults(func=cmd_viz)

    nr = sub.add_parser("ner", formatter_class=_formatter, help="recognise entities in JSON Lines",
                        description="Read {\"id\", \"text\"} lines and write {\"id\", \"entities\": [{\"start\", \"end\",\n"
                                    "\"type\", \"text\"}]} lines with the schema's classes (offsets into the given text).\n"
                                    "The recognizer is the one kg build runs, so its scores are the graph's.",
                        epilog="examples:\n  kg ner sentences.jsonl --out entities.jsonl\n"
                               "  echo '{\"id\": 1, \"text\": \"市委书记何光中到江陵县调研\"}' | kg ner -")
    nr.add_argument("input", help="input .jsonl file, or - for standard input")
    nr.add_argument("--out", default="-", help="output .jsonl file (default: standard output)")
    nr.set_defaults(func=cmd_ner)

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
    sv.set_defaults(func=cmd_serve)

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
    pu.set_defaults(func=cmd_push)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kg`` command."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except KGError as e:
        if args.debug:
            raise
        print(f"error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("interrupted; outputs already written are intact", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader left (kg query … | head): stop quietly, as grep does, with the status
        # of a process ended by SIGPIPE. Later writes and the final flush go to /dev/null.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 141
    except Exception as e:  # a bug, not bad input: say so in one line, keep the traceback for --debug
        if args.debug:
            raise
        print(f"error: internal error ({type(e).__name__}: {e}); rerun with --debug and report it",
              file=sys.stderr)
        return 70


def run() -> NoReturn:
    """The ``kg`` console command: :func:`main`, then an exit without the interpreter's teardown.

    After a build, millions of objects are still alive (documents, dictionaries), and
    freeing them one by one at shutdown took 0.3 s of a 6 s build of 1,000 articles, with
    every output already written, renamed into place and closed. Like mypy, the command
    flushes its streams and ends the process there. Library callers and tests use
    :func:`main`, which returns; errors that escape it (``--debug``) exit as usual.
    """
    import os

    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (kg query | head): nothing left to say
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
