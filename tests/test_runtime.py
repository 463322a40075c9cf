"""kg.runtime: the machine helpers leave the process as they found it, and the pool keeps order."""

from __future__ import annotations

import gc
import os
from functools import partial

from kg import runtime


def test_collector_paused_restores_the_collector_and_thaws() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with runtime.collector_paused():
        assert not gc.isenabled()
        assert gc.get_freeze_count() > frozen
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_collector_off_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with runtime.collector_off():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _tag(x: int, key: str, offset: int) -> tuple[int, str, int]:
    return x + offset, key, os.getpid()


def test_map_in_processes_keeps_input_order_and_runs_elsewhere() -> None:
    items = list(range(40))
    keys = [f"k{i}" for i in items]
    out = list(runtime.map_in_processes(partial(_tag, offset=1), items, keys, workers=2))
    assert [(a, b) for a, b, _ in out] == [(i + 1, f"k{i}") for i in items]
    assert os.getpid() not in {pid for _, _, pid in out}
    assert gc.isenabled()


def test_import_without_pkg_resources_leaves_no_block_behind() -> None:
    mod = runtime.import_without_pkg_resources("json")
    assert mod.dumps([1]) == "[1]"
    import sys
    assert sys.modules.get("pkg_resources", 0) is not None


def test_python_beside_runs_this_package() -> None:
    proc = runtime.python_beside("import sys, kg.runtime; sys.exit(int(sys.argv[1]))", ["3"])
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 3, err
