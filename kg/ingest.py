"""Stage ``ingest``: find input files, decode them, and make raw Documents.

Supported: ``.txt``, ``.md``, ``.html``/``.htm`` (main text only, :mod:`kg.html_text`) and
``.jsonl`` (one article per line). The encoding is detected, not assumed (:mod:`kg.decode`):
byte-order marks first, then strict UTF-8, then GB18030 and Big5 scored by
how much of the decoded text is common Chinese; UTF-8 with a few broken bytes
(scraped pages often have some) is read with replacement characters and a
:class:`Notice` naming the first bad byte. Only regular files are read (a FIFO
would block the build, a link to ``/dev/zero`` never ends), and never more
than the size limit. A file that cannot be used becomes a :class:`Skip` with a
one-line reason; the rest go on.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .decode import decode_bytes
from .errors import InputError
from .html_text import html_to_text
from .model import Document

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# Articles in formats kg does not read: in a folder they are reported as skipped, with the way to
# convert them, rather than passed over like the pictures and scripts of a saved web page.
_OFFICE_SUFFIXES = {".pdf": "a PDF", ".doc": "a Word document", ".docx": "a Word document",
                    ".wps": "a WPS document", ".rtf": "an RTF document", ".odt": "an OpenDocument text",
                    ".pages": "a Pages document", ".epub": "an EPUB book"}
_CONVERT_HINT = "convert it to text first (pdftotext for PDF; pandoc or LibreOffice for the others)"
# Folder documentation is not an article: README.md beside the articles in
# data/ describes them. Named explicitly on the command line they are read.
_FOLDER_DOC_NAMES = re.compile(r"^(readme|license|licence|changelog|notice)(\.|$)", re.I)
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Skip:
    """An input that was not built, and why (one line, naming the file)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.source}: {self.reason}"


@dataclass(frozen=True)
class Notice:
    """Something about an input that was built all the same (one line, naming the file)."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"warning {self.source}: {self.message}"


def find_inputs(inputs: Iterable[str | Path]) -> Iterator[tuple[Path, str] | Skip]:
    """Expand files and folders into ``(path, document id prefix)`` pairs, sorted.

    Raises :class:`InputError` for a path that does not exist, since that is a
    typo in the command rather than a bad file in a folder.
    """
    for given in inputs:
        p = Path(given)
        if not p.exists():
            raise InputError(str(p), "no such file or folder; check the path")
        if p.is_dir():
            for parts, path in _files_under(p):
                name = parts[-1]
                suffix = _suffix(name).lower()
                if suffix in _OFFICE_SUFFIXES:
                    yield Skip(path, f"{_OFFICE_SUFFIXES[suffix]}, which kg does not read; {_CONVERT_HINT}")
                    continue
                if suffix not in SUPPORTED_SUFFIXES or _FOLDER_DOC_NAMES.match(name):
                    continue
                yield Path(path), "/".join(parts)
        elif p.suffix.lower() in SUPPORTED_SUFFIXES:
            yield p, p.name
        elif p.suffix.lower() in _OFFICE_SUFFIXES:
            yield Skip(str(p), f"{_OFFICE_SUFFIXES[p.suffix.lower()]}, which kg does not read; {_CONVERT_HINT}")
        else:
            yield Skip(str(p), f"unsupported file type {p.suffix or '(none)'!r}; "
                       "use .txt, .md, .html, .htm or .jsonl")


def _files_under(root: Path) -> list[tuple[tuple[str, ...], str]]:
    """The files below ``root`` as (path parts relative to it, path), in the order of those parts.

    Hidden files and folders (a name starting with a dot) are left out, and links to
    folders are not followed. Broken links are listed, so they are reported rather
    than silently passed over. ``os.scandir`` knows each entry's type without a
    ``stat``: a folder of a million articles is listed in seconds, not minutes.
    """
    out: list[tuple[tuple[str, ...], str]] = []
    todo: list[tuple[tuple[str, ...], str]] = [((), str(root))]
    while todo:
        parts, folder = todo.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # an unreadable subfolder, as a recursive glob passes over it
        for e in entries:
            if e.name.startswith("."):
                continue
            rel = (*parts, e.name)
            try:
                if e.is_dir(follow_symlinks=False):
                    todo.append((rel, e.path))
                elif not e.is_dir():
                    # files, broken links and also FIFOs, devices and sockets: read_file says why
                    # it will not read the latter, rather than passing over them in silence
                    out.append((rel, e.path))
            except OSError:
                continue
    out.sort()
    return out


def _suffix(name: str) -> str:
    """What ``Path(name).suffix`` is, without making a Path."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def read_inputs(inputs: Iterable[str | Path],
                max_bytes: int = MAX_FILE_BYTES) -> Iterator[Document | Skip | Notice]:
    """Yield one raw :class:`Document` per article, a :class:`Skip` per bad input and a
    :class:`Notice` per input read with a repair.

    Documents with the same content as an earlier one are skipped as duplicates,
    so a file given twice does not count twice. A file over ``max_bytes`` is skipped.
    """
    seen_hash: dict[str, str] = {}
    seen_id: set[str] = set()
    for item in find_inputs(inputs):
        if isinstance(item, Skip):
            yield item
            continue
        path, doc_id = item
        try:
            results = list(read_file(path, doc_id, max_bytes))
        except InputError as e:
            yield Skip(str(path), e.reason)
            continue
        for r in results:
            if isinstance(r, Document):
                if r.content_hash in seen_hash:
                    yield Skip(r.source, f"same text as {seen_hash[r.content_hash]}; not built twice")
                    continue
                if r.id in seen_id:
                    r = r.replace(id=f"{r.id}~{r.content_hash[:8]}")
                seen_hash[r.content_hash] = r.id
                seen_id.add(r.id)
            yield r


_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def read_file(path: Path, doc_id: str, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Document | Skip | Notice]:
    """Read one file into Documents (several for JSON Lines), and a :class:`Notice` if its
    bytes needed repair.

    Raises :class:`InputError` when the whole file is unusable: not a regular file, over
    ``max_bytes``, unreadable, empty or in no supported encoding.
    """
    try:
        # stat follows a link: a .txt link to /dev/zero is a device, and is never opened (a FIFO
        # would block the open itself).
        mode = os.stat(path).st_mode
        kind = next((what for test, what in _NOT_REGULAR if test(mode)), None)
        if kind is not None:
            raise InputError(str(path), f"{kind}, not a regular file; only regular files are read")
        with open(path, "rb") as fh:  # one open and one fstat: a million files are read in a loop
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise InputError(str(path), _too_large(size, max_bytes))
            data = fh.read(max_bytes + 1)  # a file that grows while read is still bounded
            if len(data) > max_bytes:
                raise InputError(str(path), _too_large(len(data), max_bytes))
    except PermissionError:
        raise InputError(str(path), "permission denied; make the file readable") from None
    except OSError as e:
        raise InputError(str(path), f"cannot be read ({e.strerror or e})") from None
    if not data.strip():
        raise InputError(str(path), "empty file")
    notes: list[str] = []
    text, encoding = decode_bytes(data, str(path), notes)
    for n in notes:
        yield Notice(str(path), n)
    suffix = path.suffix.lower()
    source = str(path)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(text, source, doc_id, encoding)
        return
    meta: dict[str, str | None] = {}
    if suffix in HTML_SUFFIXES:
        text, meta = html_to_text(text)
    if not text.strip():
        raise InputError(str(path), "no text found in the file")
    if not _WORD_CHAR.search(text):
        raise InputError(str(path), "no words in the file, only punctuation, digits or symbols")
    yield make_document(doc_id, text, source, encoding, title=meta.get("title"),
                        date=meta.get("date"), url=meta.get("url"))


# A character of some word: a letter of any script (CJK included), not a digit or a mark.
_WORD_CHAR = re.compile(r"[^\W\d_]")


def _too_large(size: int, limit: int) -> str:
    return (f"file is {size / 2**20:.0f} MB, over the {limit / 2**20:.0f} MB limit; split it, "
            "or raise the limit with --max-file-mb")


def make_document(doc_id: str, text: str, source: str, encoding: str = "utf-8",
                  title: str | None = None, date: str | None = None,
                  url: str | None = None) -> Document:
    """A raw Document for ``text``; its content hash covers the text only."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=doc_id, raw=text, source=source, content_hash=digest,
                    encoding=encoding, title=title or None, date=date or None, url=url or None)


def _read_jsonl(text: str, source: str, doc_id: str, encoding: str) -> Iterator[Document | Skip]:
    any_doc = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield Skip(where, f"line {lineno} is not valid JSON ({e.msg}, column {e.colno})")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield Skip(where, f"line {lineno} has no string field \"text\"")
            continue
        if not rec["text"].strip():
            yield Skip(where, f"line {lineno} has an empty \"text\"")
            continue
        rid = rec.get("id")
        rid = str(rid) if rid not in (None, "") else f"{doc_id}#{lineno}"

        def opt(key: str) -> str | None:
            v = rec.get(key)
            return str(v) if v not in (None, "") else None

        any_doc = True
        yield make_document(rid, rec["text"], where, encoding, title=opt("title"),
                            date=opt("date"), url=opt("url"))
    if not any_doc:
        yield Skip(source, "no usable JSON Lines record (each line needs a \"text\" field)")
