"""Lexical resources loaded once per process: common characters, OpenCC, jieba."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections import Counter
from functools import lru_cache
from importlib import resources as ir


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


@lru_cache(maxsize=None)
def jieba_tokenizer():  # type: ignore[no-untyped-def]
    """jieba's default tokenizer, initialised quietly with its cache in a private temp dir."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    cache_dir = os.path.join(tempfile.gettempdir(), f"shishi-kg-jieba-{os.getuid() if hasattr(os, 'getuid') else 'u'}")
    os.makedirs(cache_dir, exist_ok=True)
    jieba.dt.tmp_dir = cache_dir
    jieba.dt.initialize()
    return jieba.dt


@lru_cache(maxsize=None)
def jieba_dictionary() -> dict[str, tuple[int, str]]:
    """jieba's dictionary as ``word -> (frequency, part-of-speech tag)``."""
    out: dict[str, tuple[int, str]] = {}
    with ir.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                out[parts[0]] = (int(parts[1]), parts[2])
    return out


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
