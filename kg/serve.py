"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint (Starlette + uvicorn, Oxigraph inside).

``/sparql`` answers GET and POST (``application/sparql-query`` or form
encoded) with SPARQL JSON, XML, CSV or TSV by ``Accept``, and Turtle or
JSON-LD for CONSTRUCT/DESCRIBE. Updates are refused (403); a malformed
query gets 400 with the parser's message; request bodies, result sizes and
query time are limited — a query past its time is stopped for real, its
worker process killed and replaced (:mod:`kg.query_pool`). ``/`` is the graph
page and ``/query`` a small query page. Binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import contextlib
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AsyncIterator

from .errors import GraphNotFound

MAX_BODY_BYTES = 1_000_000
MAX_RESULT_BYTES = 50_000_000
QUERY_TIMEOUT_S = 20.0

_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\s+)*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                     re.I)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)


@dataclass(frozen=True)
class Limits:
    """Protections of the endpoint."""

    max_body: int = MAX_BODY_BYTES
    max_result: int = MAX_RESULT_BYTES
    timeout: float = QUERY_TIMEOUT_S


def _strip_strings(q: str) -> str:
    return re.sub(r"\"\"\".*?\"\"\"|'''.*?'''|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|<[^>\s]*>|#[^\n]*", " ", q, flags=re.S)


def make_app(graph_path: str | Path, limits: Limits = Limits(), workers: int = 2, cors: tuple[str, ...] = ()) -> Any:
    """The Starlette application serving ``graph_path``: queries run in ``workers`` processes
    (:class:`kg.query_pool.QueryPool`), each stopped when it passes ``limits.timeout``. Pages of
    the ``cors`` origins (a SPARQL editor such as YASGUI elsewhere) may query it from a browser."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    from .query import with_prefixes
    from .query_pool import QueryPool
    from .visualise import visualise

    path = Path(graph_path)
    if not path.exists():
        raise GraphNotFound(str(path))
    pool = QueryPool(path, workers=workers, timeout=limits.timeout, max_result=limits.max_result)
    try:
        page = visualise(pool.store())
    except BaseException:
        pool.close()
        raise
    query_page = _query_page()

    async def body_within_limit(request: Request) -> bytes | None:
        """The request body, read as it arrives and given up on past the limit (a chunked body
        has no length to check first)."""
        size = int(request.headers.get("content-length") or 0)
        if size > limits.max_body:
            return None
        parts, total = [], 0
        async for chunk in request.stream():
            total += len(chunk)
            if total > limits.max_body:
                return None
            parts.append(chunk)
        return b"".join(parts)

    async def sparql(request: Request) -> Response:
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            raw = await body_within_limit(request)
            if raw is None:
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
        ans = await pool.run(with_prefixes(text), request.headers.get("accept", ""))
        return Response(ans.body, status_code=ans.status, media_type=ans.media_type)

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    async def qpage(request: Request) -> Response:
        return HTMLResponse(query_page)

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            pool.close()

    middleware = []
    if cors:
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=list(cors), allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"]))
    return Starlette(routes=[Route("/", index), Route("/query", qpage),
                             Route("/sparql", sparql, methods=["GET", "POST"])], lifespan=lifespan,
                     middleware=middleware)


def _query_page() -> str:
    """The /query page with the bundled questions in its menu."""
    import json

    from .query import bundled_questions, parameters

    questions = {name: {"description": desc, "sparql": text, "parameters": sorted(parameters(text))}
                 for name, (desc, text) in bundled_questions().items()}
    data = (json.dumps(questions, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    page = (Path(__file__).parent / "resources" / "query_page.html").read_text(encoding="utf-8")
    return page.replace("/*QUESTIONS*/{}", data)


def port_free(host: str, port: int) -> bool:
    """Whether ``host:port`` can be bound now (checked before saying the endpoint is up)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def serve(graph_path: str | Path, host: str = "127.0.0.1", port: int = 7878, limits: Limits = Limits(),
          workers: int = 2, cors: tuple[str, ...] = (), on_ready: Any = None) -> None:
    """Run the endpoint until interrupted. The graph is loaded and the port checked first, so a
    missing graph or a busy port fails before ``on_ready`` (which says the endpoint is up) runs."""
    import uvicorn

    from .errors import KGError

    if not port_free(host, port):
        raise KGError(f"port {port} on {host} is in use (another kg serve?); choose another with --port")
    app = make_app(graph_path, limits, workers, cors=cors)
    if on_ready is not None:
        on_ready()
    uvicorn.run(app, host=host, port=port, log_level="warning")
