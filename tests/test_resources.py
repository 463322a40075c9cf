"""The lexical resources: the dictionary cache must hold exactly what jieba builds, and
pos_cut must tag text exactly as jieba.posseg does without HMM."""

from __future__ import annotations

import os
import stat
import tempfile
from importlib import resources as ir
from pathlib import Path

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.resources import _dictionaries, _private_cache_dir, jieba_tokenizer, pos_cut

# Chinese words and characters of several parts of speech, Latin letters, digits, jieba's
# special characters (+#&._), full-width forms, punctuation and every kind of white space.
_ALPHABET = list("中国人民银行村镇县区社区居委会突击夜查园区无法满足每部一人分包小区关沮洞塘的了在和") + \
    list("abcXYZ0129.+#&_ -，。、“”（）ａ１\t\n\r\u3000")


def _posseg(text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in jieba.posseg.lcut(text, HMM=False)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=30))
def test_pos_cut_equals_jieba_posseg_without_hmm(text: str) -> None:
    jieba_tokenizer()
    assert pos_cut(text) == _posseg(text)


def test_pos_cut_on_mixed_sentences() -> None:
    jieba_tokenizer()
    for text in ("2023年11月,某某县委书记王某某在3个村调研PM2.5治理。",
                 "Wi-Fi覆盖率达到98.5%\r\n下一步 将继续推进",
                 "ABC公司与XYZ集团签约,总投资1.2亿元"):
        got = pos_cut(text)
        assert "".join(w for w, _ in got) == text
        assert got == _posseg(text)


def _jieba_own() -> tuple[dict[str, int], int]:
    t = jieba.Tokenizer()
    t.tmp_dir = tempfile.mkdtemp()
    t.initialize()
    return t.FREQ, t.total


def _tagged() -> dict[str, tuple[int, str]]:
    out = {}
    for line in ir.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8").splitlines():
        w, f, tag = line.split()
        out[w] = (int(f), tag)
    return out


@pytest.mark.slow
def test_dictionary_cache_holds_what_jieba_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = _dictionaries.__wrapped__()  # no cache yet: built from dict.txt, then written
    files = list((tmp_path / "shishi-kg").glob("dictionaries-*.pickle"))
    assert len(files) == 1
    loaded = _dictionaries.__wrapped__()  # from the file
    freq, total = _jieba_own()
    for got in (built, loaded):
        assert got[0] == freq and got[1] == total
        assert got[2] == _tagged()
    # a damaged cache file is built again, not believed
    files[0].write_bytes(files[0].read_bytes()[:1000])
    again = _dictionaries.__wrapped__()
    assert again[0] == freq and again[2] == loaded[2]
    assert files[0].stat().st_size > 1_000_000


def test_cache_folder_others_can_write_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "shishi-kg").mkdir()
    os.chmod(tmp_path / "shishi-kg", 0o777)  # anyone could plant a pickle here
    folder = _private_cache_dir()
    assert folder != str(tmp_path / "shishi-kg")
    if folder is not None:
        mode = os.stat(folder).st_mode
        assert not mode & (stat.S_IWGRP | stat.S_IWOTH)
    os.chmod(tmp_path / "shishi-kg", 0o700)
    assert _private_cache_dir() == str(tmp_path / "shishi-kg")


def test_jieba_is_imported_without_pkg_resources_and_still_reads_its_files() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kg.resources import jieba_tokenizer\n"
        "dt = jieba_tokenizer()\n"
        "assert 'pkg_resources' not in sys.modules, 'pkg_resources was imported'\n"
        "import jieba._compat\n"
        "assert jieba._compat.get_module_res('finalseg', 'prob_start.p').read(2)\n"  # its own data files open
        "print('/'.join(jieba.lcut('桂花村村民向街道反映问题', HMM=True)))\n"
        "import importlib.util\n"  # and a later import of it by anyone else still works
        "if importlib.util.find_spec('pkg_resources'): import pkg_resources\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "/".join(jieba.lcut("桂花村村民向街道反映问题", HMM=True))
