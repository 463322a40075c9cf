"""The entity recognisers, one module per family of names.

``stems`` (the candidate record and where a stem begins), ``places``, ``bodies``,
``programmes``, ``people``; ``candidates`` runs them all and chooses among them;
``recognized`` lays the learned recognizer's names over them. The stage that runs
them on a ``Document`` is :mod:`kg.extract_entities`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..registry import Registry


@dataclass(frozen=True)
class RecogniserSpec:
    """A registered recogniser of the body and person layer: its name, its function of a chunk
    of text (and of the chunk's places, with ``needs_places``), the classes it proposes, and its
    place among the others (the selection keeps the first of two candidates it cannot otherwise
    tell apart)."""

    name: str
    func: Callable
    classes: tuple[str, ...]
    order: int
    needs_places: bool = False

    def run(self, text: str, places: list) -> list:
        """The recogniser's candidates in ``text``."""
        return self.func(text, places) if self.needs_places else self.func(text)


# Every recogniser of names other than places, as the family modules register them.
RECOGNISERS: Registry[RecogniserSpec] = Registry("recogniser")


def recogniser(name: str, *, classes: tuple[str, ...], order: int,
               needs_places: bool = False) -> Callable[[Callable], Callable]:
    """Register the decorated function as the recogniser ``name``: ``(text) -> candidates``, or
    ``(text, places) -> candidates`` with ``needs_places``; recognisers run by ``order``."""
    def register(func: Callable) -> Callable:
        RECOGNISERS.add(RecogniserSpec(name, func, tuple(classes), order, needs_places))
        return func

    return register


def recognisers_in_order() -> list[RecogniserSpec]:
    """The registered recognisers, in the order they run."""
    return RECOGNISERS.in_order()
