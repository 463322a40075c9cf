"""The lexical resources: pos_cut must tag text exactly as jieba.posseg does without HMM."""

from __future__ import annotations

import jieba.posseg
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.resources import jieba_tokenizer, pos_cut

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
