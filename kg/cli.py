"""The ``kg`` command line: a thin layer over the library.

Each command (its options are in :mod:`kg.cli_parser`) calls one library function. Only here
are :class:`~kg.errors.KGError` subclasses turned into exit codes and
one-line messages; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable, NoReturn, Sequence

from .cli_parser import make_parser
from .errors import KGError

__all__ = ["COMMANDS", "main", "make_parser", "run"]


def cmd_build(args: argparse.Namespace) -> int:
    """kg build: articles in, graph.ttl and graph.html out (and OUT/store for large corpora)."""
    from .job import build_to

    # After the progress bar, one line says which corpus-wide step is running (a large corpus
    # spends minutes there); only on a terminal, like the bar.
    show = sys.stderr.isatty() and not args.quiet

    def status(msg: str) -> None:
        if show:
            sys.stderr.write(f"\r\x1b[K{msg}…")
            sys.stderr.flush()

    report = build_to(args.inputs, args.out, html=not args.no_html, validate=not args.no_validate,
                      strict=args.strict, workers=args.workers, cache=not args.no_cache, cache_dir=args.cache,
                      scheduler=args.scheduler, disk_store=True if args.disk_store else None,
                      max_file_bytes=int(args.max_file_mb * 2**20), progress=None if not args.quiet else False,
                      on_skip=lambda s: print(str(s), file=sys.stderr), on_status=status)
    if show:
        sys.stderr.write("\r\x1b[K")  # the summary line replaces the status line
    print(f"{report.summary} -> {report.graph}")
    return 0


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
    from .runtime import default_workers
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
        "graphml": ".graphml", "csv": "-csv", "careers": "-careers.csv"}


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


# Each command of the parser (kg.cli_parser) and the function that runs it.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": cmd_build, "query": cmd_query, "validate": cmd_validate, "evaluate": cmd_evaluate,
    "export": cmd_export, "viz": cmd_viz, "ner": cmd_ner, "serve": cmd_serve, "push": cmd_push,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kg`` command."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    func: Callable[[argparse.Namespace], int] = COMMANDS[args.command]
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
    from .runtime import exit_now

    exit_now(main())


if __name__ == "__main__":
    run()
