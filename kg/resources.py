"""Lexical resources loaded once per process: common characters, OpenCC, jieba."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections import Counter
from functools import lru_cache
from importlib import resources as ir

from .runtime import collector_off, import_without_pkg_resources


@lru_cache(maxsize=None)
def common_chars(limit: int = 5000) -> frozenset[str]:
    """The ``limit`` most frequent characters of jieba's dictionary, simplified and traditional.

    Used to tell a right decoding of Chinese bytes from a wrong one.
    """
    counts: Counter[str] = Counter()
    for word, (freq, _) in jieba_dictionary().items():
        for ch in word:
            if "\u4e00" <= ch <= "\u9fff":
                counts[ch] += freq
    top = [c for c, _ in counts.most_common(limit)]
    conv = opencc("s2t")
    trad = {conv.convert(c) for c in top}
    return frozenset(top) | frozenset(trad) | frozenset("，。、；：？！“”‘’（）《》【】…—·")


@lru_cache(maxsize=None)
def opencc(config: str = "t2s"):  # type: ignore[no-untyped-def]
    """A cached OpenCC converter (dictionaries ship in the opencc wheel)."""
    import opencc as _opencc

    return _opencc.OpenCC(config)


def _import_jieba():  # type: ignore[no-untyped-def]
    """The jieba module, imported without ``pkg_resources`` (see :mod:`kg.runtime`)."""
    return import_without_pkg_resources("jieba")


@lru_cache(maxsize=None)
def jieba_tokenizer():  # type: ignore[no-untyped-def]
    """jieba's default tokenizer, initialised quietly from :func:`_dictionaries`."""
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    dt = jieba.dt
    with dt.lock:
        if not dt.initialized:
            dt.FREQ, dt.total = _dictionaries()[:2]
            dt.initialized = True
    return dt


@lru_cache(maxsize=None)
def jieba_dictionary() -> dict[str, tuple[int, str]]:
    """jieba's dictionary as ``word -> (frequency, part-of-speech tag)``."""
    return _dictionaries()[2]


_CACHE_FORMAT = 1  # bump when what _dictionaries stores changes


@lru_cache(maxsize=None)
def _dictionaries() -> tuple[dict[str, int], int, dict[str, tuple[int, str]]]:
    """jieba's prefix dictionary and total (what ``Tokenizer.initialize`` makes) and our tagged dictionary.

    Every process that extracts needs both. Built from jieba's ``dict.txt`` they take
    about 1.9 s (jieba's own marshal cache alone 1.3 s); a pickle of the pair loads in
    about 0.5 s, which on two workers is most of the start-up that cannot run in parallel.
    The pickle is keyed by jieba's version and its dictionary file, and kept in a
    private folder (:func:`_private_cache_dir`) because a pickle must only ever be read
    from a file this user wrote.
    """
    import hashlib
    import pickle

    jieba = _import_jieba()
    dict_file = ir.files("jieba").joinpath("dict.txt")
    folder = _private_cache_dir()
    path = None
    if folder is not None:
        try:
            st = os.stat(str(dict_file))
            stamp = f"{_CACHE_FORMAT}|{jieba.__version__}|{st.st_size}|{st.st_mtime_ns}|{dict_file}"
        except (OSError, TypeError):  # a dictionary inside a zip: no stable stamp, no cache
            stamp = None
        if stamp is not None:
            path = os.path.join(folder, f"dictionaries-{hashlib.sha1(stamp.encode()).hexdigest()[:16]}.pickle")
            try:
                # a million new acyclic objects: nothing for the cyclic collector to find
                with collector_off(), open(path, "rb") as fh:
                    freq, total, tagged = pickle.load(fh)
                if isinstance(freq, dict) and isinstance(total, int) and isinstance(tagged, dict):
                    return freq, total, tagged
            except Exception:  # missing, truncated or from another Python: build it again
                pass
    with dict_file.open("rb") as fh:
        freq, total = jieba.dt.gen_pfdict(fh)
    same = {w: w for w in freq}  # both dictionaries key on the same strings, which the pickle stores once
    tagged: dict[str, tuple[int, str]] = {}
    with dict_file.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tagged[same.get(parts[0], parts[0])] = (int(parts[1]), parts[2])
    if path is not None:
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                pickle.dump((freq, total, tagged), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # readers see the old file or the whole new one
        except OSError:  # a read-only or full disk only costs the next process the same 1.9 s
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
    return freq, total, tagged


def _private_cache_dir() -> str | None:
    """A folder only this user can write to, for caches that are unsafe to read from anyone else.

    ``$XDG_CACHE_HOME/shishi-kg`` (default ``~/.cache/shishi-kg``), else a per-user folder
    in the temporary directory; None when neither is ours alone.
    """
    uid = os.getuid() if hasattr(os, "getuid") else None
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for folder in (os.path.join(home, "shishi-kg"), os.path.join(tempfile.gettempdir(), f"shishi-kg-{uid or 'u'}")):
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            st = os.stat(folder)
        except OSError:
            continue
        if uid is None or (st.st_uid == uid and not st.st_mode & 0o022):
            return folder
    return None


# jieba.posseg's own patterns, so that pos_cut splits text exactly as it does.
_HAN_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile("[\\.0-9]+")
_ENG1 = re.compile("^[a-zA-Z0-9]$")


def pos_cut(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech tag) pairs of ``text``: what ``jieba.posseg.lcut(text, HMM=False)`` gives.

    jieba.posseg parses jieba's dictionary file a second time when imported
    (half a second in every worker process); this reads the tags from
    :func:`jieba_dictionary` and the word graph from :func:`jieba_tokenizer`.
    """
    dt, tags = jieba_tokenizer(), jieba_dictionary()
    out: list[tuple[str, str]] = []
    for blk in _HAN_BLOCK.split(text):
        if not blk:
            continue
        if _HAN_BLOCK.match(blk):
            dag = dt.get_DAG(blk)
            route: dict[int, tuple[float, int]] = {}
            dt.calc(blk, dag, route)
            x, n, buf = 0, len(blk), ""
            while x < n:
                y = route[x][1] + 1
                word = blk[x:y]
                if _ENG1.match(word):
                    buf += word  # single Latin letters and digits run together as one 'eng' word
                else:
                    if buf:
                        out.append((buf, "eng"))
                        buf = ""
                    entry = tags.get(word)
                    out.append((word, entry[1] if entry else "x"))
                x = y
            if buf:
                out.append((buf, "eng"))
            continue
        for part in _SKIP.split(blk):
            if not part:
                continue
            if _SKIP.match(part):
                out.append((part, "x"))
                continue
            for ch in part:
                # As in jieba: 'eng' when the whole run (not the character) starts with a Latin letter or digit.
                out.append((ch, "m" if _NUM.match(ch) else "eng" if _ENG.match(part) else "x"))
    return out


def is_common_word(word: str, min_freq: int = 50, allow: tuple[str, ...] = ()) -> bool:
    """Whether ``word`` is a dictionary word at least ``min_freq`` frequent whose tag is not in ``allow``."""
    entry = jieba_dictionary().get(word)
    return bool(entry) and entry[0] >= min_freq and not entry[1].startswith(allow or ("\0",))


def splits_word(text: str, k: int) -> bool:
    """Whether position ``k`` of ``text`` falls inside a dictionary word of two characters: a name
    or phrase starting there was cut out of a longer word (中小|学…, 形|式主义)."""
    return k > 0 and text[k - 1 : k + 1] in jieba_dictionary()
