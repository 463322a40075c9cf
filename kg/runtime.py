"""How the build uses the machine: processes, a Dask cluster, the garbage collector, thread
priorities, a child interpreter beside this one, and the process's exit.

Everything here is about speed or robustness, never about what is built: the stages,
writers and compilers are plain code that calls these helpers, and a build gives the same
bytes whichever of them runs. Keeping them in one module keeps that promise checkable.
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NoReturn, Sequence, TypeVar

from .errors import ClusterError

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# --------------------------------------------------------------------------
# The cyclic garbage collector
# --------------------------------------------------------------------------

@contextmanager
def collector_off() -> Iterator[None]:
    """Keep the cyclic garbage collector off until exit, then as it was.

    For code that makes many acyclic objects which reference counting frees (unpickling
    documents or a dictionary): the collector would only re-scan them as they pile up.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off, and off the objects alive on entry, until exit.

    After the per-document stages, millions of long-lived objects make every full
    collection take a fifth of a second, and they are still needed to the end: they are
    frozen. The corpus steps that follow then make hundreds of thousands of short-lived
    sets, lists and records, which reference counting frees; the collector would only
    re-scan them as they pile up (a third of resolve's time and a tenth of the page's),
    so it is paused too. A caller that has frozen objects itself is left alone: unfreezing
    on exit would thaw its objects too. On exit the collector is as it was; cycles made
    meanwhile wait for its next run.
    """
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        with collector_off():
            yield
    finally:
        if freeze:
            gc.unfreeze()


# --------------------------------------------------------------------------
# A pool of processes, and a Dask cluster
# --------------------------------------------------------------------------

def map_in_processes(func: Callable[..., R], items: Sequence[Any], keys: Sequence[Any], workers: int,
                     preload: Callable[[], None] | None = None) -> Iterator[R]:
    """``func(item, key)`` over the pairs on ``workers`` processes, yielded in input order.

    ``func`` must be picklable (a module-level function or a partial of one). Under the
    ``fork`` start method ``preload`` runs here first, so the workers share what it loads.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context()  # what the pool would use by default
    if preload is not None and context.get_start_method() == "fork":
        # Forked workers share what this process has loaded: once here (0.5 s) rather than
        # once in every worker, side by side, which costs more CPU and no less time.
        preload()
    # Small chunks: at the end, one worker's last chunk is all that runs while the other waits.
    chunk = max(1, min(8, len(items) // (workers * 8)))
    # The parent only unpickles finished results: acyclic objects that reference counting
    # frees. Without a pause the cyclic collector re-scans every result received so far,
    # which costs the parent about as much as the unpickling itself, on a core the
    # workers need. The workers collect as usual.
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start,
                             initargs=(os.getpid(),)) as pool:
        with collector_off():
            # map keeps input order, so the result is the same as on one process, byte for byte
            yield from pool.map(func, items, keys, chunksize=chunk)


def _worker_start(parent: int) -> None:
    """Set up a pool worker: the cyclic GC on, and an exit of its own if the build is killed.

    A worker of a killed parent would otherwise wait on its task queue for ever, holding
    its memory (the queue's other writers are its sibling workers, so it never sees EOF).
    """
    import threading
    import time

    gc.enable()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def map_on_dask(run_batch: Callable[[list[T]], list[R]], items: list[T], scheduler: str,
                version: Callable[[], str]) -> Iterator[R]:
    """``run_batch`` over batches of ``items`` on the Dask cluster at ``scheduler``, in input order.

    Every worker must report the same ``version()`` as this process: a worker on other
    code would build a different graph (and poison the cache).
    """
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'shishi-kg[cluster]' "
                           "(or pip install distributed)") from None
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({e}); start one with "
                           "`dask scheduler` and a worker with `dask worker ADDRESS`") from None
    with client:
        if not client.scheduler_info().get("workers"):
            client.wait_for_workers(1, timeout=30)
        here = version()
        there = client.run(version)
        stale = sorted(w for w, v in there.items() if v != here)
        if stale:
            raise ClusterError(f"Dask worker(s) {', '.join(stale)} run a different shishi-kg "
                               f"(pipeline {there[stale[0]]}, here {here}); install the same version there")
        # Batches keep the task count (and scheduler overhead) low for many small articles.
        size = max(1, min(64, len(items) // (8 * max(len(there), 1)) or 1))
        batches = [items[i : i + size] for i in range(0, len(items), size)]
        futures = client.map(run_batch, batches, pure=False)
        for fut in futures:
            yield from fut.result()


# --------------------------------------------------------------------------
# Threads and processes beside the build
# --------------------------------------------------------------------------

def lower_priority() -> None:
    """Give the calling thread the lowest CPU priority (nice 19); nothing off Linux.

    Linux keeps a nice value per thread, so this leaves the rest of the process alone.
    Elsewhere a thread id is no process id: passing one to setpriority could renice
    an unrelated process, so nothing is done.
    """
    import threading

    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        except OSError:  # a sandbox that forbids it: the check just competes as usual
            pass


def python_beside(code: str, args: Iterable[str]):  # type: ignore[no-untyped-def]
    """Start ``python -c code args…`` with this package importable; returns the ``Popen``.

    A plain child interpreter, not multiprocessing: that would re-import this program's
    main module in the child, which fails for stdin, notebooks and ``-c``. Its stderr is
    piped for the caller to report.
    """
    import subprocess

    env = dict(os.environ)
    here = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    return subprocess.Popen([sys.executable, "-c", code, *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


# --------------------------------------------------------------------------
# Imports and the end of the process
# --------------------------------------------------------------------------

def import_without_pkg_resources(name: str):  # type: ignore[no-untyped-def]
    """Import module ``name`` with ``pkg_resources`` made unimportable, when nothing has loaded it yet.

    jieba imports ``pkg_resources`` only to open its own data files, and opens them
    with a plain ``open`` when the import fails. The import costs 0.1 s of every
    process start (a quarter of a build's start-up before the first article, which
    no worker can share) and, with newer setuptools, a deprecation warning.
    """
    import importlib

    if name in sys.modules:
        return sys.modules[name]
    block = "pkg_resources" not in sys.modules
    if block:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes its import fail
    try:
        return importlib.import_module(name)
    finally:
        if block and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]


def exit_now(code: int) -> NoReturn:
    """Flush stdout and stderr and end the process without the interpreter's teardown.

    After a build, millions of objects are still alive (documents, dictionaries), and
    freeing them one by one at shutdown took 0.3 s of a 6 s build of 1,000 articles, with
    every output already written, renamed into place and closed. Like mypy, the command
    ends the process there; library callers never come here.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (kg query | head): nothing left to say
            pass
    os._exit(code)


__all__ = ["collector_off", "collector_paused", "default_workers", "exit_now", "import_without_pkg_resources",
           "lower_priority", "map_in_processes", "map_on_dask", "python_beside"]
