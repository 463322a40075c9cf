"""Lexical resources loaded once per process: common characters, OpenCC, jieba."""

from __future__ import annotations

import logging
import os
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


def is_common_word(word: str, min_freq: int = 50, allow: tuple[str, ...] = ()) -> bool:
    """Whether ``word`` is a dictionary word at least ``min_freq`` frequent whose tag is not in ``allow``."""
    entry = jieba_dictionary().get(word)
    return bool(entry) and entry[0] >= min_freq and not entry[1].startswith(allow or ("\0",))
