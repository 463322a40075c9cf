"""A registry of named parts (stages, recognisers, relation rules) that modules fill with
decorators as they are imported: spaCy's pattern, kept to one class."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

S = TypeVar("S")


class Registry(dict, Generic[S]):  # type: ignore[type-arg]
    """Specs by name, each with a ``name`` and a ``func``; a second spec under a taken name is
    refused (the same function registered again, as on a module's reload, is not)."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def add(self, spec: Any) -> None:
        """Register ``spec`` under its name."""
        old = self.get(spec.name)
        if old is not None and old.func is not spec.func:
            raise ValueError(f"{self.kind} {spec.name!r} is registered already (by {old.func.__module__})")
        self[spec.name] = spec

    def in_order(self) -> list[S]:
        """The specs by their ``order``, the order they run in."""
        return sorted(self.values(), key=lambda s: s.order)


__all__ = ["Registry"]
