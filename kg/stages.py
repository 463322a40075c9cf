"""The registry of per-document stages: each a ``Document -> Document`` function registered by
name with the fields it reads and the fields it fills (as spaCy's components declare theirs).

A stage module registers its function with :func:`stage`; the runner looks stages up by
name in :data:`REGISTRY` and :func:`check_pipeline` refuses, before any article is read,
a pipeline that names an unknown stage or runs one before what it needs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence, TypeVar

from .errors import StageError
from .model import Document
from .registry import Registry

StageFunc = Callable[[Document], Document]
F = TypeVar("F", bound=StageFunc)

# What ingest fills before any stage runs: the raw article and its metadata.
INGESTED: frozenset[str] = frozenset({"id", "raw", "source", "content_hash", "encoding", "title", "date", "url", "meta"})
_FIELDS = frozenset(f.name for f in dataclasses.fields(Document))


@dataclass(frozen=True)
class StageSpec:
    """A registered stage: its name, function, the fields it reads and the fields it fills."""

    name: str
    func: StageFunc
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


REGISTRY: Registry[StageSpec] = Registry("stage")


def stage(name: str, *, requires: Sequence[str], assigns: Sequence[str]) -> Callable[[F], F]:
    """Register the decorated function as the per-document stage ``name``.

    ``requires`` and ``assigns`` name fields of :class:`~kg.model.Document`; a misspelt
    field, or a second stage under a taken name, is an error when the module is imported.
    """
    unknown = sorted((set(requires) | set(assigns)) - _FIELDS)
    if unknown:
        raise ValueError(f"stage {name!r}: no Document field {', '.join(unknown)}")

    def register(func: F) -> F:
        REGISTRY.add(StageSpec(name, func, tuple(requires), tuple(assigns)))
        return func

    return register


def filled_fields(doc: Document) -> frozenset[str]:
    """The fields stages fill that ``doc`` has already (a document cleaned before, say)."""
    return frozenset(f for f in _STAGE_FIELDS if getattr(doc, f))


_STAGE_FIELDS = tuple(sorted(_FIELDS - INGESTED))


@lru_cache(maxsize=64)
def check_pipeline(names: tuple[str, ...], given: frozenset[str] = frozenset()) -> tuple[StageSpec, ...]:
    """The registered stages of a pipeline, in order; raises :class:`~kg.errors.StageError` for a
    name that is not registered or a stage that reads a field that no earlier stage, nor ingest,
    fills (``given``: the fields the documents come with already)."""
    filled = set(INGESTED) | given
    specs = []
    for n in names:
        spec = REGISTRY.get(n)
        if spec is None:
            raise StageError(n, "-", f"no such stage; known: {', '.join(REGISTRY)}")
        missing = [f for f in spec.requires if f not in filled]
        if missing:
            raise StageError(n, "-", f"needs {', '.join(missing)}, which no stage before it fills; "
                             "put the stage that fills it first")
        filled.update(spec.assigns)
        specs.append(spec)
    return tuple(specs)


__all__ = ["INGESTED", "REGISTRY", "StageSpec", "check_pipeline", "filled_fields", "stage"]
