"""``kg push``: load a graph into an external triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Works with any store that implements the protocol (Oxigraph ``/store``,
Fuseki ``/DATASET/data``, GraphDB, Virtuoso…): PUT replaces the target
graph, POST adds to it; the target is the default graph or a named graph.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .errors import KGError
from .export import load_graph, to_ntriples


class PushError(KGError):
    """The store refused the graph or could not be reached."""

    exit_code = 4


@dataclass(frozen=True)
class PushResult:
    """What was sent where, and the store's answer."""

    triples: int
    url: str
    status: int


def push(graph_path: str | Path, store_url: str, named_graph: str | None = None, replace: bool = True,
         timeout: float = 120.0, user: str | None = None, password: str | None = None) -> PushResult:
    """Send the graph to ``store_url`` (its Graph Store endpoint) as N-Triples."""
    g = load_graph(graph_path)
    data = to_ntriples(g).encode("utf-8")
    sep = "&" if "?" in store_url else "?"
    target = f"{store_url}{sep}graph={urllib.parse.quote(named_graph, safe='')}" if named_graph else f"{store_url}{sep}default"
    req = urllib.request.Request(target, data=data, method="PUT" if replace else "POST",
                                 headers={"Content-Type": "application/n-triples"})
    if user is not None:
        import base64

        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status = resp.status
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", "replace")[:300]
        raise PushError(f"{target}: the store answered {e.code} {e.reason}: {body.strip()}") from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise PushError(f"{store_url}: cannot reach the store ({reason}); is it running and is the URL "
                        "its Graph Store endpoint (e.g. http://127.0.0.1:7878/store)?") from None
    return PushResult(len(g), target, status)
