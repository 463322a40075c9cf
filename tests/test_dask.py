"""``kg build --scheduler``: the per-document stages on a real local Dask cluster.

The test starts ``dask scheduler`` and ``dask worker`` as separate processes on
127.0.0.1, exactly as a user would on a cluster, and checks that the graph
equals the one built locally, byte for byte.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from kg.errors import ClusterError  # noqa: E402
from kg.export import to_turtle  # noqa: E402
from kg.pipeline import build  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dask(*args: str) -> subprocess.Popen:
    # ``python -m dask`` is the ``dask`` command of this very environment
    return subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def scheduler():
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    sched = _dask("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
    worker = _dask("worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                   "--no-dashboard", "--memory-limit", "0")
    try:
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout="5s") as c:
                    c.wait_for_workers(1, timeout=30)
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline or sched.poll() is not None:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for p in (worker, sched):
            p.terminate()
        for p in (worker, sched):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.mark.slow
def test_cluster_build_equals_local_build(scheduler: str) -> None:
    local = build([DATA], progress=False)
    remote = build([DATA], progress=False, scheduler=scheduler)
    assert len(remote.documents) == 5
    assert to_turtle(remote.graph) == to_turtle(local.graph)


def test_cluster_errors_name_the_document(scheduler: str, tmp_path: Path) -> None:
    from kg.errors import StageError

    (tmp_path / "a.txt").write_text("村民向镇政府反映问题。", encoding="utf-8")
    with pytest.raises(StageError, match="no-such-stage"):
        build([tmp_path], pipeline=("clean", "no-such-stage"), progress=False, scheduler=scheduler)


@pytest.mark.slow
def test_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        build([DATA], progress=False, scheduler=f"tcp://127.0.0.1:{_free_port()}")
