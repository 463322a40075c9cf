"""The pipeline runner: named per-document stages, then the corpus stages.

``build()`` is the library entry point that ``kg build`` calls. Each
per-document stage is a function ``Document -> Document`` looked up by name
in :data:`STAGES`; the runner checks what each returns and names the stage
and document when one fails. The corpus stages (:data:`CORPUS_STAGES`, ``resolve`` then
``build_rdf``) run once over all documents, and a failure names them too.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from rdflib import Graph

from .build_rdf import StoreWriter
from .cache import BuildCache, document_key
from .errors import KGError, NoDocuments, StageError
from .ingest import MAX_FILE_BYTES, Notice, Skip, read_inputs
from .model import Document, Entity, Relation
from .resolve import resolve
from .runtime import collector_paused, map_in_processes, map_on_dask
from .stages import REGISTRY, check_pipeline, filled_fields

# Importing the stage modules registers their stages.
from . import clean, extract_entities, extract_relations, segment  # isort: skip

_STAGE_MODULES = (clean, segment, extract_entities, extract_relations)
Stage = Callable[[Document], Document]
# The per-document stages by name, as their modules register them (kg.stages), in build order.
STAGES: dict[str, Stage] = {n: REGISTRY[n].func for n in ("clean", "segment", "extract_entities", "extract_relations")}
DEFAULT_PIPELINE: tuple[str, ...] = tuple(STAGES)


@dataclass
class BuildResult:
    """What a build made, and what it skipped.

    The graph lives in an Oxigraph ``store``; :attr:`graph` is the same
    triples as an rdflib graph, made on first use.
    """

    documents: list[Document]
    entities: list[Entity]
    relations: list[Relation]
    store: Any
    skipped: list[Skip] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    violations: int | None = None
    processed: int | None = None  # documents that ran through the stages (the rest came from the cache)
    _graph: Graph | None = field(default=None, repr=False)

    @property
    def graph(self) -> Graph:
        """The graph as rdflib triples (parsed from the store once, then kept)."""
        if self._graph is None:
            from .export import store_to_graph

            self._graph = store_to_graph(self.store)
        return self._graph

    def summary(self) -> str:
        """One line: documents, entities, relations, skipped files (and SHACL violations)."""
        s = (f"{len(self.documents)} documents, {len(self.entities)} entities, "
             f"{len(self.relations)} relations, {len(self.skipped)} skipped")
        if self.notices:
            s += f", {len(self.notices)} warning(s)"
        if self.processed is not None and self.processed < len(self.documents):
            s += f" ({len(self.documents) - self.processed} documents from the cache)"
        if self.violations is not None:
            s += f", {self.violations} SHACL violations"
        return s


def run_document(doc: Document, pipeline: Sequence[str] = DEFAULT_PIPELINE) -> Document:
    """Run the named per-document stages over one raw document."""
    try:
        specs = check_pipeline(tuple(pipeline), filled_fields(doc))
    except StageError as e:
        raise StageError(e.stage, doc.id, e.reason) from None
    for spec in specs:
        name, stage = spec.name, spec.func
        try:
            out = stage(doc)
        except Exception as e:  # a stage bug must name the stage and document
            raise StageError(name, doc.id, f"{type(e).__name__}: {e}") from e
        if not isinstance(out, Document):
            raise StageError(name, doc.id, f"returned {type(out).__name__}, not a Document")
        doc = out
    return doc


class Progress:
    """A one-line progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int, enabled: bool | None = None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.enabled = sys.stderr.isatty() if enabled is None else enabled

    def step(self, label: str = "") -> None:
        """Count one item done and redraw."""
        self.done += 1
        if self.enabled:
            width = 30
            filled = int(width * self.done / self.total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label[:40]:<40}")
            sys.stderr.flush()

    def close(self) -> None:
        """End the progress line."""
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _run_all(docs: list[Document], pipeline: Sequence[str], workers: int,
             scheduler: str | None = None, cache: BuildCache | None = None,
             keys: Sequence[str] | None = None) -> Iterator[Document]:
    """Per-document stages over all documents, yielded in input order.

    Runs in this process, on a pool of ``workers`` processes, or on the Dask
    cluster at ``scheduler``; the results do not depend on which. With a
    ``cache``, each result is stored under its key (``keys[i]`` for
    ``docs[i]``) as soon as it is made, by the process that made it.
    """
    if scheduler:
        for i, d in enumerate(_run_dask(docs, pipeline, scheduler)):
            if cache is not None and keys is not None:
                cache.put(keys[i], d)  # workers of a cluster may not see this machine's disk
            yield d
        return
    work = partial(_process, pipeline=tuple(pipeline), cache=cache)
    key_list: Sequence[str | None] = keys if cache is not None and keys is not None else [None] * len(docs)
    if workers <= 1 or len(docs) < 2 * workers:
        yield from map(work, docs, key_list)
        return
    yield from map_in_processes(work, docs, key_list, workers, preload=_preload)


def _preload() -> None:
    """Load the dictionaries and converters the per-document stages use."""
    from .gazetteer import gazetteer
    from .resources import jieba_dictionary, jieba_tokenizer, opencc

    jieba_tokenizer()
    jieba_dictionary()
    opencc("t2s")
    gazetteer()


def _process(doc: Document, key: str | None, pipeline: tuple[str, ...],
             cache: BuildCache | None) -> Document:
    """One document through the stages, stored in the cache (by the worker, in parallel) when given."""
    out = run_document(doc, pipeline)
    if cache is not None and key is not None:
        cache.put(key, out)
    return out


def _run_dask(docs: list[Document], pipeline: Sequence[str], scheduler: str) -> Iterator[Document]:
    """Per-document stages on a Dask distributed cluster, yielded in input order."""
    from .cache import pipeline_version

    yield from map_on_dask(partial(run_batch, pipeline=tuple(pipeline)), docs, scheduler, pipeline_version)


# The corpus stages, after the per-document ones: mentions merged into entities, then the graph.
CORPUS_STAGES: tuple[str, ...] = ("resolve", "build_rdf")


@contextmanager
def corpus_stage(name: str, documents: int) -> Iterator[None]:
    """Run a corpus stage: a failure names it, as a per-document stage's names the stage and article."""
    try:
        yield
    except KGError:
        raise
    except Exception as e:  # a stage bug must name the stage
        raise StageError(name, f"(all {documents} documents)", f"{type(e).__name__}: {e}") from e


def run_batch(docs: list[Document], pipeline: Sequence[str] = DEFAULT_PIPELINE) -> list[Document]:
    """``run_document`` over a batch of documents (the unit of work sent to a Dask worker)."""
    return [run_document(d, pipeline) for d in docs]


def input_bytes(inputs: Iterable[str | Path]) -> tuple[int, int]:
    """Total size of the files under ``inputs`` and the size of the largest (without reading
    them), to size the build up front."""
    total = largest = 0
    for item in inputs:
        p = Path(item)
        try:
            files = [f for f in p.rglob("*") if f.is_file()] if p.is_dir() else [p] if p.is_file() else []
            for f in files:
                size = f.stat().st_size
                total += size
                largest = max(largest, size)
        except OSError:
            pass  # unreadable inputs are reported by the build itself
    return total, largest


def build(inputs: str | Path | Iterable[str | Path], pipeline: Sequence[str] = DEFAULT_PIPELINE,
          on_skip: Callable[[Skip], None] | None = None, progress: bool | None = None,
          workers: int = 1, cache: BuildCache | None = None, scheduler: str | None = None,
          store_path: str | Path | None = None,
          on_status: Callable[[str], None] | None = None,
          max_file_bytes: int = MAX_FILE_BYTES) -> BuildResult:
    """Read the inputs (a file or folder, or several), run every stage, and return the documents,
    entities, relations and graph.

    ``workers`` processes (or the Dask cluster at ``scheduler``) run the
    per-document stages; the result does not depend on their number. With a
    ``cache``, documents it holds skip those stages, and every newly processed
    one is stored as soon as it is done, so a killed build loses no finished
    work. The graph is built in memory, or in an on-disk Oxigraph store at
    ``store_path`` (which must not exist yet) for corpora too large for memory.
    ``on_status`` hears what the corpus-wide steps after the per-document
    stages are doing. ``on_skip`` hears each input skipped (:class:`Skip`) and each one read
    with a repair (:class:`Notice`); a file over ``max_file_bytes`` is skipped. Raises
    :class:`NoDocuments` when no input yields an article.
    """
    status = on_status or (lambda _msg: None)
    check_pipeline(tuple(pipeline))  # a pipeline that cannot run fails before any article is read
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]  # build("data/"): one folder, not the characters of its name
    items = list(read_inputs(inputs, max_file_bytes))
    raw_docs = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skip)]
    notices = [i for i in items if isinstance(i, Notice)]
    for s in items:
        if on_skip and isinstance(s, (Skip, Notice)):
            on_skip(s)
    if not raw_docs:
        raise NoDocuments("no readable article in the inputs "
                          f"({len(skipped)} skipped); give .txt, .md, .html or .jsonl files or folders")
    bar = Progress(len(raw_docs), progress)
    done: list[Document | None] = [None] * len(raw_docs)
    keys = [document_key(d, pipeline) for d in raw_docs] if cache is not None else []
    # Each document's own triples go into the store as soon as it is extracted: on more
    # than one worker that work (and Oxigraph's loading, on a thread) overlaps the extraction.
    with StoreWriter(store_path, threads=workers) as writer:
        todo = []
        for i, d in enumerate(raw_docs):
            hit = cache.get(keys[i]) if cache is not None else None
            if hit is None:
                todo.append(i)
            else:
                done[i] = hit
                writer.add_document(hit)
                bar.step(d.id)
        run = _run_all([raw_docs[i] for i in todo], pipeline, workers, scheduler, cache,
                       [keys[i] for i in todo] if cache is not None else None)
        # strict: once the last document is in, the runner is driven to its end, which shuts
        # its pool down (and turns the GC back on) now rather than whenever it is collected
        for i, d in zip(todo, run, strict=True):
            done[i] = d
            writer.add_document(d)
            bar.step(d.id)
        bar.close()
        docs = [d for d in done if d is not None]
        if cache is not None:
            cache.prune(set(keys))
        # Millions of objects of finished documents are alive from here on: without a pause,
        # collections during resolve and loading re-scan them and resolve's own records.
        with collector_paused():
            status(f"merging the mentions of {len(docs):,} documents into entities")
            with corpus_stage("resolve", len(docs)):
                entities, relations = resolve(docs)
            status(f"loading {len(entities):,} entities and {len(relations):,} relations into the graph")
            with corpus_stage("build_rdf", len(docs)):
                store = writer.finish(entities, relations)
    return BuildResult(docs, entities, relations, store, skipped, notices, processed=len(todo))
