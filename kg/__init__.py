"""shishi-kg (实事图谱): turn Chinese government work reports into an RDF knowledge graph.

The public API, loaded on first use (``kg --version`` stays instant)::

    from kg import build_to, build
    build_to("data/", out="exports")           # what `kg build` does: graph.ttl, graph.html
    result = build("data/")                    # the graph in memory, no files
    run_query("exports/graph.ttl", "officials-and-posts")
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# Public name -> the module that defines it. (No name here is also a submodule's: ``kg.validate``
# and ``kg.evaluate`` stay modules, with their functions inside.)
_PUBLIC = {
    "build_to": "job", "BuildReport": "job",
    "build": "pipeline", "BuildResult": "pipeline", "run_document": "pipeline",
    "make_document": "ingest", "Document": "model",
    "run_query": "query", "load_graph": "export", "write_graph": "export",
    "KGError": "errors",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    """Load a public name's module when the name is first used (PEP 562)."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    globals()[name] = value
    return value
