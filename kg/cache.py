"""The build cache: per-document stage results keyed by content and pipeline version.

A re-run of ``kg build`` on the same folder looks up each raw document by a
key made of its content hash, its id and metadata, the stage names and the
*pipeline version* — a hash of the package's own code and resources, so any
change to an extractor, the lexicons or the CRF model invalidates every entry
without anyone remembering to bump a number. Only documents whose key is
missing run through the stages; the corpus stages (resolve, RDF) always run
over the current inputs, so a removed article's facts disappear with it.

Entries are written atomically (temporary file, then rename), so a build
killed at any moment leaves whole entries or none; an entry that cannot be
read is treated as missing and rebuilt. Entries no build of this folder asked
for are pruned at the end of a build. Entries are pickles: a cache folder is
trusted like the code that wrote it, so never point ``--cache`` at a folder
someone else gave you.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import zlib
from functools import lru_cache
from importlib import resources as ir
from pathlib import Path
from typing import Sequence

from .model import Document
from .outputs import atomic_write

FORMAT = 1


@lru_cache(maxsize=None)
def pipeline_version() -> str:
    """A hash of every module and resource of the installed ``kg`` package."""
    h = hashlib.sha256(f"shishi-kg cache format {FORMAT}".encode())
    root = ir.files("kg")
    stack = [root]
    files = []
    while stack:
        d = stack.pop()
        for entry in d.iterdir():
            if entry.is_dir():
                if entry.name != "__pycache__":
                    stack.append(entry)
            elif entry.name.endswith((".py", ".rq", ".ttl", ".txt", ".json", ".toml", ".html", ".crfsuite")):
                files.append(entry)
    for f in sorted(files, key=lambda e: str(e)):
        h.update(str(f)[len(str(root)):].encode())  # the path inside the package, not where it is installed
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def document_key(doc: Document, pipeline: Sequence[str]) -> str:
    """The cache key of a raw document run through ``pipeline``."""
    ident = [pipeline_version(), list(pipeline), doc.id, doc.source, doc.content_hash, doc.encoding,
             doc.title, doc.date, doc.url, sorted(doc.meta.items())]
    return hashlib.sha256(json.dumps(ident, ensure_ascii=False).encode("utf-8")).hexdigest()


class BuildCache:
    """Processed documents on disk under ``root``, one compressed file per key."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> Document | None:
        """The cached document for ``key``, or None when missing or unreadable."""
        try:
            data = self._path(key).read_bytes()
            doc = pickle.loads(zlib.decompress(data))
        except (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            self.misses += 1
            return None
        if not isinstance(doc, Document):
            self.misses += 1
            return None
        self.hits += 1
        return doc

    def put(self, key: str, doc: Document) -> None:
        """Store ``doc`` under ``key``, atomically."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(path, zlib.compress(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), 1))

    def prune(self, keep: set[str]) -> int:
        """Remove entries (and stray temporary files) not in ``keep``; the number removed."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for sub in self.root.iterdir():
            if not sub.is_dir():
                continue
            for f in sub.iterdir():
                if f.name not in keep:
                    try:
                        f.unlink()
                        removed += 1
                    except OSError:
                        pass
            try:
                sub.rmdir()
            except OSError:
                pass
        return removed

    def __repr__(self) -> str:
        return f"BuildCache({str(self.root)!r}, hits={self.hits}, misses={self.misses})"


def default_cache_dir(out: str | Path) -> Path:
    """Where ``kg build --out OUT`` keeps its cache: ``OUT/.kg-cache``."""
    return Path(out) / ".kg-cache"


__all__ = ["BuildCache", "default_cache_dir", "document_key", "pipeline_version"]
