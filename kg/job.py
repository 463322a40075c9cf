"""One whole build: articles in, a published output folder out (``OUT/graph.ttl``,
``OUT/graph.html`` and, for large corpora, the on-disk store ``OUT/store``).

:func:`kg.pipeline.build` turns articles into a graph in memory (or in a store);
:func:`build_to` is what ``kg build`` runs on top of it: the SHACL check, the
Turtle, the page, and their publication as one unit (:mod:`kg.outputs`), so a
build that fails or is killed at any moment leaves every old output or every
new one. A library caller gets the same job as the command::

    from kg import build_to
    report = build_to("data/", out="exports")
    print(report.summary)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .cache import BuildCache, default_cache_dir
from .errors import SkippedInputs
from .export import TurtleInBackground, dump_turtle, write_graph
from .outputs import (
    DISK_STORE_BYTES,
    DISK_STORE_DOCUMENT_BYTES,
    atomic_write,
    discard,
    new_generation,
    publish_generation,
)
from .pipeline import MAX_FILE_BYTES, Notice, Skip, build, input_bytes
from .runtime import collector_paused, default_workers



@dataclass(frozen=True)
class BuildReport:
    """What a published build wrote: its one-line summary, where, and what was skipped."""

    summary: str
    out: Path
    graph: Path
    page: Path | None
    store: Path | None
    skipped: int
    violations: int | None


def build_to(inputs: str | Path | Iterable[str | Path], out: str | Path, *, html: bool = True,
             validate: bool = True, strict: bool = False, workers: int | None = None,
             cache: bool = True, cache_dir: str | Path | None = None, scheduler: str | None = None,
             disk_store: bool | None = None, max_file_bytes: int = MAX_FILE_BYTES,
             on_skip: Callable[[Skip | Notice], None] | None = None,
             on_status: Callable[[str], None] | None = None,
             progress: bool | None = None) -> BuildReport:
    """Build the graph of ``inputs`` and publish ``out/graph.ttl`` (and ``graph.html`` unless
    ``html`` is false) as one unit.

    ``workers`` processes (default: every core) run the per-document stages; ``cache`` keeps
    processed articles in ``cache_dir`` (default ``out/.kg-cache``) so a rebuild runs only new
    or changed ones. ``disk_store`` puts the graph in an on-disk store at ``out/store``
    (``None``: when the input is too large for memory). With ``strict``, any skipped input
    raises :class:`~kg.errors.SkippedInputs` and nothing is written. ``validate`` runs the
    SHACL check, whose violations the summary counts.
    """
    from .validate import SparqlCheck  # the SHACL compiler is only loaded when a check runs

    status = on_status or (lambda _msg: None)
    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)  # read twice: sized, then built
    out = Path(out)
    workers = workers if workers and workers > 0 else default_workers()
    build_cache = BuildCache(cache_dir or default_cache_dir(out)) if cache else None
    if disk_store is None:
        total, largest = input_bytes(inputs)
        disk_store = total > DISK_STORE_BYTES or largest > DISK_STORE_DOCUMENT_BYTES
    # Everything is written into a new generation folder and published at once at the end
    # (kg.outputs): a build killed at any moment leaves all the old outputs or all the new.
    gen = new_generation(out)
    tmp_store = gen / "store" if disk_store else None
    check = None
    published = False
    try:
        result = build(inputs, on_skip=on_skip, progress=progress, workers=workers, cache=build_cache,
                       scheduler=scheduler, store_path=tmp_store, on_status=status,
                       max_file_bytes=max_file_bytes)
        if strict and result.skipped:
            raise SkippedInputs(f"{len(result.skipped)} input(s) skipped and --strict is set; nothing written "
                                "(fix or remove them, or build without --strict)")
        # The SHACL check is Oxigraph queries, which run without Python's lock: on more than
        # one worker it runs beside the Turtle and the page rather than before them, at a low
        # priority, because the Turtle and the page are longer chains that it must not delay.
        # The documents stay alive to the end: no full collection need scan them again.
        if validate:
            check = SparqlCheck(result.store, threads=workers, background=workers > 1)
        with collector_paused():
            if workers <= 1 and check is not None:
                status("checking the graph against the SHACL shapes")
                check.result()
            _write_outputs(result.store, gen, html=html, disk=disk_store, workers=workers,
                           status=status)
            if check is not None:
                status("checking the graph against the SHACL shapes")
                result.violations = check.result().violations
        summary, skipped, violations = result.summary(), len(result.skipped), result.violations
        del result  # closes the on-disk store before it is published
        publish_generation(out, gen)
        published = True
    finally:
        if check is not None:
            check.cancel()  # after a failure, no more queries start (after success, nothing is left)
        if not published:
            discard(gen)
    if tmp_store is not None:
        summary += f"; on-disk store {out / 'store'}"
    return BuildReport(summary=summary, out=out, graph=out / "graph.ttl", page=out / "graph.html" if html else None,
                       store=out / "store" if disk_store else None, skipped=skipped, violations=violations)


def _write_outputs(store: object, gen: Path, *, html: bool, disk: bool, workers: int,
                   status: Callable[[str], None]) -> None:
    """graph.ttl and graph.html of ``store`` into the generation folder ``gen``."""
    status("writing graph.ttl")
    turtle = None
    if disk:
        # too large to sort in memory: Turtle in the store's own order, which its content fixes
        dump_turtle(store, gen / "graph.ttl")
    elif workers > 1 and sys.executable:
        # sorting and serialising hold Python's lock: another process does them beside the page
        # (an embedded Python may have no interpreter to start: then it is done here)
        turtle = TurtleInBackground(store, gen / "graph.ttl")
    else:
        write_graph(store, gen / "graph.ttl", "turtle")
    try:
        if html:
            from .visualise import visualise  # the page's renderer is only loaded when a page is drawn

            status("drawing graph.html")
            atomic_write(gen / "graph.html", visualise(store))
        if turtle is not None:
            status("writing graph.ttl")
            turtle.result()
    finally:
        if turtle is not None:
            turtle.close()  # stops it if the page failed
