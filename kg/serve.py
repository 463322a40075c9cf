"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint (Starlette + uvicorn, Oxigraph inside).

``/sparql`` answers GET and POST (``application/sparql-query`` or form
encoded) with SPARQL JSON, XML, CSV or TSV by ``Accept``, and Turtle or
JSON-LD for CONSTRUCT/DESCRIBE. Updates are refused (403); a malformed
query gets 400 with the parser's message; request bodies, result sizes and
query time are limited. ``/`` is the graph page and ``/query`` a small
query page. Binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import asyncio
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import GraphNotFound

MAX_BODY_BYTES = 1_000_000
MAX_RESULT_BYTES = 50_000_000
QUERY_TIMEOUT_S = 20.0

_SELECT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
_GRAPH_TYPES = {"text/turtle": "TURTLE", "application/ld+json": "JSON_LD",
                "application/n-triples": "N_TRIPLES", "application/rdf+xml": "RDF_XML"}
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\s+)*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                     re.I)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)


@dataclass(frozen=True)
class Limits:
    """Protections of the endpoint."""

    max_body: int = MAX_BODY_BYTES
    max_result: int = MAX_RESULT_BYTES
    timeout: float = QUERY_TIMEOUT_S


def _pick(accept: str, table: dict[str, str], default: str) -> tuple[str, str]:
    for part in accept.split(","):
        mime = part.split(";")[0].strip().lower()
        if mime in table:
            return mime, table[mime]
    return default, table[default]


def _strip_strings(q: str) -> str:
    return re.sub(r"\"\"\".*?\"\"\"|'''.*?'''|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|<[^>\s]*>|#[^\n]*", " ", q, flags=re.S)


def make_app(graph_path: str | Path, limits: Limits = Limits()) -> Any:
    """The Starlette application serving ``graph_path``."""
    import pyoxigraph as ox
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    from .query import with_prefixes
    from .store import load_store
    from .visualise import visualise

    path = Path(graph_path)
    if not path.exists():
        raise GraphNotFound(str(path))
    store = load_store(path)
    page = visualise(store)
    query_page = (Path(__file__).parent / "resources" / "query_page.html").read_text(encoding="utf-8")

    def run(text: str, accept: str) -> Response:
        try:
            res = store.query(text)
        except SyntaxError as e:
            return PlainTextResponse(f"malformed query: {e}", status_code=400)
        if isinstance(res, ox.QueryBoolean):
            mime, fmt = _pick(accept, _SELECT_TYPES, "application/sparql-results+json")
            body = res.serialize(format=getattr(ox.QueryResultsFormat, fmt))
        elif isinstance(res, ox.QuerySolutions):
            mime, fmt = _pick(accept, _SELECT_TYPES, "application/sparql-results+json")
            body = res.serialize(format=getattr(ox.QueryResultsFormat, fmt))
        else:
            mime, fmt = _pick(accept, _GRAPH_TYPES, "text/turtle")
            body = res.serialize(format=getattr(ox.RdfFormat, fmt))
        if body is not None and len(body) > limits.max_result:
            return PlainTextResponse(f"result larger than {limits.max_result} bytes; add LIMIT to the query",
                                     status_code=413)
        return Response(body, media_type=mime + ("; charset=utf-8" if mime.startswith("text/") else ""))

    async def sparql(request: Request) -> Response:
        if request.method == "POST":
            size = int(request.headers.get("content-length") or 0)
            if size > limits.max_body:
                return PlainTextResponse(f"request body over {limits.max_body} bytes", status_code=413)
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            raw = await request.body()
            if len(raw) > limits.max_body:
                return PlainTextResponse(f"request body over {limits.max_body} bytes", status_code=413)
            if ctype == "application/sparql-update":
                return PlainTextResponse("this endpoint is read-only: updates are refused", status_code=403)
            if ctype == "application/sparql-query":
                text = raw.decode("utf-8", "replace")
            elif ctype == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(raw.decode("utf-8", "replace"))
                if "update" in form:
                    return PlainTextResponse("this endpoint is read-only: updates are refused", status_code=403)
                text = (form.get("query") or [""])[0]
            else:
                return PlainTextResponse("POST application/sparql-query or a form with query=", status_code=415)
        else:
            if "update" in request.query_params:
                return PlainTextResponse("this endpoint is read-only: updates are refused", status_code=403)
            text = request.query_params.get("query", "")
        if not text.strip():
            return PlainTextResponse("missing query parameter", status_code=400)
        bare = _strip_strings(text)
        if _UPDATE.search(bare):
            return PlainTextResponse("this endpoint is read-only: updates are refused", status_code=403)
        if _SERVICE.search(bare):
            return PlainTextResponse("SERVICE (federated queries) is not allowed here", status_code=403)
        accept = request.headers.get("accept", "")
        try:
            return await asyncio.wait_for(asyncio.to_thread(run, with_prefixes(text), accept), limits.timeout)
        except asyncio.TimeoutError:
            return PlainTextResponse(f"query took longer than {limits.timeout:g} s", status_code=503)

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    async def qpage(request: Request) -> Response:
        return HTMLResponse(query_page)

    return Starlette(routes=[Route("/", index), Route("/query", qpage),
                             Route("/sparql", sparql, methods=["GET", "POST"])])


def serve(graph_path: str | Path, host: str = "127.0.0.1", port: int = 7878, limits: Limits = Limits()) -> None:
    """Run the endpoint until interrupted."""
    import uvicorn

    uvicorn.run(make_app(graph_path, limits), host=host, port=port, log_level="warning")
