"""Stage clean: junk removed by its shape, offsets map back to the raw text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.clean import _HALFWIDTH, clean_text
from kg.resources import opencc


def _mapped(raw: str, text: str, offsets: tuple[int, ...]) -> bool:
    conv = opencc("t2s")
    for ch, i in zip(text, offsets):
        src = raw[i].translate(_HALFWIDTH)
        if ch != src and ch != conv.convert(src) and not (src == "\n" and ch == "\n"):
            return False
    return True


def test_watermark_runs_are_removed() -> None:
    raw = "标题\n% Q* R1 _ Y- Q3 a, o\n4 T, E8 V- }/ C- O* v——某某市开展活动综述& O/ W' C5 T5 ^) V: R\n"
    text, offsets, _ = clean_text(raw)
    assert text == "标题\n——某某市开展活动综述"
    assert _mapped(raw, text, offsets)


def test_english_words_are_not_watermarks() -> None:
    text, _, _ = clean_text("会上播放了 The Long March Of The Red Army 纪录片。")
    assert "The Long March Of The Red Army" in text


def test_pinyin_glosses_and_traditional_characters() -> None:
    raw = "來(lái)源:作者:時(shí)間:2023-11-21 09:20\n涿州市雙(shuāng)塔街道辦(bàn)好微實(shí)事。"
    text, offsets, date = clean_text(raw)
    assert date == "2023-11-21"
    assert "涿州市双塔街道办好微实事。" in text
    assert "(" not in text and "來" not in text
    assert _mapped(raw, text, offsets)


def test_page_furniture_lines_are_dropped() -> None:
    raw = "正文第一句。\n评论一下\n已有0人参与,点击查看更多精彩评论\n责任编辑:某某\n分享到:"
    text, _, _ = clean_text(raw)
    assert text == "正文第一句。"


def test_fullwidth_and_spaces() -> None:
    text, _, _ = clean_text("ＡＢＣ１２３，记者 李 岩 报道")
    assert text.startswith("ABC123,")
    assert "记者李岩报道" in text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_offsets_always_map_back(raw: str) -> None:
    text, offsets, _ = clean_text(raw)
    assert len(text) == len(offsets)
    assert list(offsets) == sorted(set(offsets))
    assert all(0 <= i < len(raw) for i in offsets)
    assert _mapped(raw, text, offsets)
