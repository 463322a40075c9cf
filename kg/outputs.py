"""A build's outputs (``graph.ttl``, ``graph.html``, the on-disk ``store``) published as one unit.

Each build writes its outputs into a fresh generation folder inside ``OUT``
(``OUT/.kg-gen-…``); ``OUT/.kg-current`` is a symbolic link to the published
generation, and ``OUT/graph.ttl``, ``OUT/graph.html`` and ``OUT/store`` are
links through it. Publishing is one ``rename`` of a new ``.kg-current`` over
the old one, so a build killed at any moment leaves either every old output or
every new one, never a new page beside an old Turtle file. Renaming the files
one by one could not promise that: there is no moment at which two renames
are one.

Readers see ordinary paths: ``kg query --graph OUT/graph.ttl`` and a browser
opening ``OUT/graph.html`` follow the links. An ``OUT`` built by an earlier
release (plain files) is adopted on the first publish without a moment at
which its files disagree. Where the file system has no symbolic links, each
output is renamed into place on its own, as before.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

OUTPUTS = ("graph.ttl", "graph.html", "store")
CURRENT = ".kg-current"
_PREFIX = ".kg-gen-"

# Above this much input the graph goes into an on-disk Oxigraph store (OUT/store), not memory;
# and so it does for one file this large (a year-book extract of millions of characters), whose
# Turtle is then streamed from the store rather than sorted in memory.
DISK_STORE_BYTES = 16 * 2**20
DISK_STORE_DOCUMENT_BYTES = 4 * 2**20


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place.

    A crash at any moment leaves either the old file or the new one, never half of one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        publish(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def publish(tmp: str | Path, path: str | Path) -> None:
    """Rename the finished file ``tmp`` over ``path``, with the mode a newly created file would have.

    ``mkstemp`` makes files only their owner can read; the outputs of a build are for everyone
    the umask allows.
    """
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


def new_generation(out: str | Path) -> Path:
    """A new, empty folder inside ``out`` to write one build's outputs into (a unique name, so a
    build never writes into the generation another one published)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    gen = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-", dir=out))
    umask = os.umask(0)
    os.umask(umask)
    gen.chmod(0o777 & ~umask)  # readable as the plain outputs were, not only by their owner
    return gen


def discard(gen: Path) -> None:
    """Remove an unpublished generation (after a failed or refused build)."""
    shutil.rmtree(gen, ignore_errors=True)


def publish_generation(out: str | Path, gen: Path) -> None:
    """Make the outputs in ``gen`` the ones ``out`` shows, all at once, and remove the older ones."""
    out = Path(out)
    try:
        _adopt_plain_outputs(out)
        _relink(out / CURRENT, gen.name)  # the one step that publishes
    except OSError as e:
        if not _no_symlinks(e):
            raise
        _publish_by_renames(out, gen)
        return
    for name in OUTPUTS:
        link = out / name
        if (gen / name).exists():
            if not link.is_symlink():
                _relink(link, f"{CURRENT}/{name}")
        elif link.is_symlink():
            link.unlink()  # this build has no such output: no stale one is left showing
    for old in out.glob(f"{_PREFIX}*"):
        if old != gen:
            shutil.rmtree(old, ignore_errors=True)


def _relink(link: Path, target: str) -> None:
    """Point the symbolic link ``link`` at ``target`` atomically (a new link renamed over it)."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.link")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _adopt_plain_outputs(out: Path) -> None:
    """Move outputs written as plain files (by an earlier release) under a generation, so that the
    next publish replaces them together. Every step leaves the old outputs readable and consistent:
    files are hard-linked first, then ``.kg-current`` points at them, then each plain file is
    replaced by a link to the same bytes."""
    plain = [n for n in OUTPUTS if (out / n).exists() and not (out / n).is_symlink()]
    if not plain:
        return
    legacy = out / f"{_PREFIX}adopted-{os.getpid()}"
    legacy.mkdir(exist_ok=True)
    for n in plain:
        if (out / n).is_file() and not (legacy / n).exists():
            try:
                os.link(out / n, legacy / n)
            except OSError:
                shutil.copy2(out / n, legacy / n)
    _relink(out / CURRENT, legacy.name)
    for n in plain:
        if (out / n).is_dir():
            # a folder cannot be replaced by a link in one step: it is moved, then linked
            os.replace(out / n, legacy / n)
        _relink(out / n, f"{CURRENT}/{n}")


def _publish_by_renames(out: Path, gen: Path) -> None:
    """Without symbolic links: rename each output into place (each is whole, the set is not)."""
    for name in OUTPUTS:
        src = gen / name
        if not src.exists():
            continue
        dest = out / name
        if src.is_dir():
            old = out / f".{name}.old.{os.getpid()}"
            if dest.exists():
                os.replace(dest, old)
            os.replace(src, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(src, dest)
    discard(gen)


def _no_symlinks(e: OSError) -> bool:
    import errno

    return e.errno in (errno.EPERM, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL)


__all__ = ["CURRENT", "OUTPUTS", "discard", "new_generation", "publish_generation"]
