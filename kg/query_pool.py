"""SPARQL queries that really stop: each runs in a worker process, killed when its time is up.

Oxigraph evaluates a query in native code that no Python timeout can interrupt:
a thread given up on keeps burning a core, and a few such queries used to fill
the endpoint's pool until every request, even ``ASK``, got 503. Here each query
goes to one of a few worker processes; a query past its time limit is stopped
by killing its worker, and a new worker takes its place.

The workers share the graph as an on-disk Oxigraph store that each opens
read-only (a Turtle file is loaded into a temporary one once, at start), so a
replacement is ready in well under a second, not after reloading the graph.

:class:`QueryPool` serves ``kg serve``; :func:`call_with_timeout` gives
``kg query --timeout`` the same guarantee for one query.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .errors import QueryTimeout

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


@dataclass(frozen=True)
class Answer:
    """An HTTP answer to one query: status, media type and body."""

    status: int
    media_type: str
    body: bytes


def _pick(accept: str, table: dict[str, str], default: str) -> tuple[str, str] | None:
    """The media type of ``table`` that an HTTP ``Accept`` header prefers (q-values and wildcards
    honoured; ``default`` when it allows anything), or None when it allows none of them."""
    if not accept.strip():
        return default, table[default]
    ranges = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mime, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if mime and q > 0:
            ranges.append((-q, i, mime))
    for _, _, mime in sorted(ranges):
        if mime in table:
            return mime, table[mime]
        if mime == "*/*" or mime.endswith("/*"):
            kind = mime[:-1]
            for m in (default, *table):
                if mime == "*/*" or m.startswith(kind):
                    return m, table[m]
    return None


def answer(store: Any, text: str, accept: str, max_result: int) -> Answer:
    """Evaluate ``text`` on ``store`` and serialise the result as ``accept`` asks."""
    import pyoxigraph as ox

    try:
        res = store.query(text)
    except SyntaxError as e:
        return Answer(400, "text/plain; charset=utf-8", f"malformed query: {e}".encode())
    solutions = isinstance(res, (ox.QueryBoolean, ox.QuerySolutions))
    table = _SELECT_TYPES if solutions else _GRAPH_TYPES
    picked = _pick(accept, table, "application/sparql-results+json" if solutions else "text/turtle")
    if picked is None:
        return Answer(406, "text/plain; charset=utf-8",
                      f"cannot answer as {accept}; this query's result comes as one of: {', '.join(table)}".encode())
    mime, fmt = picked
    if solutions:
        body = res.serialize(format=getattr(ox.QueryResultsFormat, fmt))
    else:
        body = res.serialize(format=getattr(ox.RdfFormat, fmt))
    body = body or b""
    if len(body) > max_result:
        return Answer(413, "text/plain; charset=utf-8",
                      f"result larger than {max_result} bytes; add LIMIT to the query".encode())
    return Answer(200, mime + ("; charset=utf-8" if mime.startswith("text/") else ""), body)


def _worker_main(store_dir: str, conn: Any, max_result: int) -> None:
    """A worker: open the store read-only, then answer queries until the pipe closes."""
    import pyoxigraph as ox

    store = ox.Store.read_only(store_dir)
    conn.send("ready")
    while True:
        try:
            text, accept = conn.recv()
        except (EOFError, OSError):
            return  # the server is gone
        conn.send(answer(store, text, accept, max_result))


class _Worker:
    def __init__(self, ctx: Any, store_dir: str, max_result: int) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(store_dir, child, max_result), daemon=True)
        self.proc.start()
        child.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()


class QueryPool:
    """``workers`` processes answering SPARQL over the graph at ``graph_path`` (a graph file or an
    on-disk store folder), each query within ``timeout`` seconds or stopped."""

    def __init__(self, graph_path: str | Path, workers: int = 2, timeout: float = 20.0,
                 max_result: int = 50_000_000) -> None:
        import pyoxigraph as ox

        from .errors import GraphNotFound
        from .store import load_file_into

        self.timeout = timeout
        self.max_result = max_result
        path = Path(graph_path)
        self._tmp: str | None = None
        if path.is_dir():
            self.store_dir = str(path)
        elif not path.exists():
            raise GraphNotFound(str(path))
        else:
            self._tmp = tempfile.mkdtemp(prefix="kg-serve-")
            try:
                disk = ox.Store(self._tmp)
                load_file_into(disk, path)
                disk.flush()
                del disk  # closed: the workers open it read-only
            except BaseException:
                shutil.rmtree(self._tmp, ignore_errors=True)
                raise
            self.store_dir = self._tmp
        # spawn, not fork: the server has threads, and a forked copy of a lock some thread held
        # would hang the worker
        self._ctx = multiprocessing.get_context("spawn")
        self._size = max(1, workers)
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()

    def store(self) -> Any:
        """A read-only view of the graph for the server's own use (the page)."""
        import pyoxigraph as ox

        return ox.Store.read_only(self.store_dir)

    async def start(self) -> None:
        """Start the workers and wait until each has opened the graph."""
        self._idle = asyncio.Queue()
        await asyncio.gather(*(self._add() for _ in range(self._size)))

    async def _add(self) -> None:
        loop = asyncio.get_running_loop()
        w = _Worker(self._ctx, self.store_dir, self.max_result)
        self._all.add(w)
        ok = await loop.run_in_executor(None, w.conn.poll, 120)
        if ok and await loop.run_in_executor(None, w.conn.recv) == "ready":
            assert self._idle is not None
            self._idle.put_nowait(w)
        else:
            self._all.discard(w)
            w.kill()

    async def run(self, text: str, accept: str) -> Answer:
        """Answer one query, or 503 when it (with its wait for a free worker) takes too long."""
        assert self._idle is not None, "start() the pool first"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            w = await asyncio.wait_for(self._idle.get(), self.timeout)
        except asyncio.TimeoutError:
            return _too_long(self.timeout, busy=True)
        try:
            w.conn.send((text, accept))
            ready = loop.create_future()
            loop.add_reader(w.conn.fileno(), lambda: ready.done() or ready.set_result(None))
            try:
                await asyncio.wait_for(ready, max(0.0, deadline - loop.time()))
            finally:
                loop.remove_reader(w.conn.fileno())
            result: Answer = w.conn.recv()
        except (asyncio.TimeoutError, EOFError, OSError):
            # stopped for real: the worker (and the query in it) is killed and replaced
            self._all.discard(w)
            w.kill()
            loop.create_task(self._add())
            return _too_long(self.timeout)
        except asyncio.CancelledError:
            self._all.discard(w)  # the client went away mid-query: the query must not run on
            w.kill()
            loop.create_task(self._add())
            raise
        self._idle.put_nowait(w)
        return result

    def close(self) -> None:
        """Stop every worker and remove the temporary store."""
        for w in list(self._all):
            w.kill()
        self._all.clear()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def _too_long(timeout: float, busy: bool = False) -> Answer:
    why = "every worker was busy for" if busy else "query took longer than"
    return Answer(503, "text/plain; charset=utf-8",
                  f"{why} {timeout:g} s; narrow the query (LIMIT, fewer joins) or ask again".encode())


def call_with_timeout(fn: Callable[..., Any], args: tuple, timeout: float | None) -> Any:
    """``fn(*args)`` in a child process, killed after ``timeout`` seconds (:class:`QueryTimeout`).
    Without a timeout it runs here. Errors raised by ``fn`` are raised again here."""
    if not timeout or timeout <= 0:
        return fn(*args)
    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_call_and_send, args=(fn, args, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise QueryTimeout(f"the query took longer than {timeout:g} s and was stopped; "
                               "narrow it (LIMIT, fewer joins) or raise --timeout")
        ok, value = parent.recv()
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    if not ok:
        raise value
    return value


def _call_and_send(fn: Callable[..., Any], args: tuple, conn: Any) -> None:
    try:
        conn.send((True, fn(*args)))
    except BaseException as e:  # noqa: BLE001 — handed to the parent, which raises it
        conn.send((False, e))


__all__ = ["Answer", "QueryPool", "answer", "call_with_timeout"]
