"""The relation rules, one module per family of relations.

``mentions`` (what every rule shares), ``places`` (locatedIn), ``posts`` (holdsPost),
``reports`` (reportedTo), ``programmes`` (implements), ``money`` (funded),
``problems`` (resolved, affects). The stage that runs them on a ``Document`` is
:mod:`kg.extract_relations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..registry import Registry


@dataclass(frozen=True)
class RuleSpec:
    """A registered relation rule: its name, function, the predicates it writes, its place in the
    run (earlier rules' records win a tie) and whether it also names Issue mentions."""

    name: str
    func: Callable
    predicates: tuple[str, ...]
    order: int
    makes_issues: bool = False


# Every relation rule by name, as the family modules register them with :func:`relation_rule`.
RULES: Registry[RuleSpec] = Registry("relation rule")


def relation_rule(name: str, *, predicates: tuple[str, ...], order: int,
                  makes_issues: bool = False) -> Callable[[Callable], Callable]:
    """Register the decorated ``(doc, by_sent) -> relations`` function (``-> (relations, issues)``
    with ``makes_issues``) as the relation rule ``name``; rules run by ``order``."""
    def register(func: Callable) -> Callable:
        RULES.add(RuleSpec(name, func, tuple(predicates), order, makes_issues))
        return func

    return register


def rules_in_order() -> list[RuleSpec]:
    """The registered rules, in the order they run."""
    return RULES.in_order()
