"""Canonical serialisations as bytes: N-Triples lines sorted, and Turtle made from them.

Only pyoxigraph is imported here, so the process that ``export.TurtleInBackground``
starts to write Turtle beside a build is ready in a few hundredths of a second.
"""

from __future__ import annotations

import os


def sort_lines(data: bytes) -> bytes:
    """N-Triples lines sorted bytewise, one line end each."""
    lines = data.splitlines()
    lines.sort()
    return b"\n".join(lines) + b"\n" if lines else b""


def turtle_of_sorted(data: bytes, prefixes: dict[str, str]) -> bytes:
    """Turtle of sorted N-Triples: Oxigraph's serialiser groups each subject's run of lines.

    ``data`` is Oxigraph's own N-Triples (a store's dump, sorted), so it is parsed leniently:
    checking every IRI again would take a third of the time.
    """
    import pyoxigraph as ox

    out = ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES, lenient=True),
                       format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return out if out.endswith(b"\n") else out + b"\n"


def turtle_file(nt_path: str, out_path: str, prefixes: dict[str, str], parent: int | None = None) -> None:
    """N-Triples file in, canonical Turtle file out (the other process of ``export.TurtleInBackground``).

    When ``parent`` (the pid that wants the file) has died meanwhile, the folder of both
    files is removed instead: nobody will move the Turtle into place.
    """
    with open(nt_path, "rb") as fh:
        data = fh.read()
    os.unlink(nt_path)  # the folder holds one copy of the graph at a time
    ttl = turtle_of_sorted(sort_lines(data), prefixes)
    del data
    with open(out_path, "wb") as fh:
        fh.write(ttl)
        fh.flush()
        os.fsync(fh.fileno())
    if parent is not None and os.getppid() != parent:
        import shutil

        shutil.rmtree(os.path.dirname(out_path), ignore_errors=True)
