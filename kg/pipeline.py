"""The pipeline runner: named per-document stages, then the corpus stages.

``build()`` is the library entry point that ``kg build`` calls. Each
per-document stage is a function ``Document -> Document`` looked up by name
in :data:`STAGES`; the runner checks what each returns and names the stage
and document when one fails.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from rdflib import Graph

from .build_rdf import build_rdf
from .clean import clean
from .errors import NoDocuments, StageError
from .extract_entities import extract_entities
from .extract_relations import extract_relations
from .ingest import Skip, read_inputs
from .model import Document, Entity, Relation
from .resolve import resolve
from .segment import segment

Stage = Callable[[Document], Document]
STAGES: dict[str, Stage] = {
    "clean": clean,
    "segment": segment,
    "extract_entities": extract_entities,
    "extract_relations": extract_relations,
}
DEFAULT_PIPELINE: tuple[str, ...] = tuple(STAGES)


@dataclass
class BuildResult:
    """What a build made, and what it skipped."""

    documents: list[Document]
    entities: list[Entity]
    relations: list[Relation]
    graph: Graph
    skipped: list[Skip] = field(default_factory=list)
    violations: int | None = None

    def summary(self) -> str:
        """One line: documents, entities, relations, skipped files (and SHACL violations)."""
        s = (f"{len(self.documents)} documents, {len(self.entities)} entities, "
             f"{len(self.relations)} relations, {len(self.skipped)} skipped")
        if self.violations is not None:
            s += f", {self.violations} SHACL violations"
        return s


def run_document(doc: Document, pipeline: Sequence[str] = DEFAULT_PIPELINE) -> Document:
    """Run the named per-document stages over one raw document."""
    for name in pipeline:
        try:
            stage = STAGES[name]
        except KeyError:
            raise StageError(name, doc.id, f"no such stage; known: {', '.join(STAGES)}") from None
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


def _run_all(docs: list[Document], pipeline: Sequence[str], workers: int, bar: "Progress") -> list[Document]:
    """Per-document stages over all documents, in input order, on ``workers`` processes."""
    if workers <= 1 or len(docs) < 2 * workers:
        out = []
        for d in docs:
            out.append(run_document(d, pipeline))
            bar.step(d.id)
        return out
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    out = []
    chunk = max(1, min(32, len(docs) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # map keeps input order, so the result is the same as on one process, byte for byte
        for d in pool.map(partial(run_document, pipeline=tuple(pipeline)), docs, chunksize=chunk):
            out.append(d)
            bar.step(d.id)
    return out


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def build(inputs: Iterable[str | Path], pipeline: Sequence[str] = DEFAULT_PIPELINE,
          on_skip: Callable[[Skip], None] | None = None, progress: bool | None = None,
          workers: int = 1) -> BuildResult:
    """Read the inputs, run every stage, and return the documents, entities, relations and graph.

    ``workers`` processes run the per-document stages; the result does not
    depend on their number. Raises :class:`NoDocuments` when no input yields an article.
    """
    items = list(read_inputs(inputs))
    raw_docs = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skip)]
    for s in skipped:
        if on_skip:
            on_skip(s)
    if not raw_docs:
        raise NoDocuments("no readable article in the inputs "
                          f"({len(skipped)} skipped); give .txt, .md, .html or .jsonl files or folders")
    bar = Progress(len(raw_docs), progress)
    docs = _run_all(raw_docs, pipeline, workers, bar)
    bar.close()
    entities, relations = resolve(docs)
    graph = build_rdf(docs, entities, relations)
    return BuildResult(docs, entities, relations, graph, skipped)


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place.

    A crash at any moment leaves either the old file or the new one, never half of one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
