"""Stage clean: junk removed by its shape, offsets map back to the raw text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.clean import _HALFWIDTH, _Text, clean_text
from kg.resources import opencc


def _mapped(raw: str, text: str, offsets: tuple[int, ...]) -> bool:
    conv = opencc("t2s")
    for ch, i in zip(text, offsets):
        src = _HALFWIDTH.get(raw[i], raw[i])
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
    assert "记者 李岩 报道" in text  # a letter-spaced name is joined; the words around keep their boundary


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_offsets_always_map_back(raw: str) -> None:
    text, offsets, _ = clean_text(raw)
    assert len(text) == len(offsets)
    assert list(offsets) == sorted(set(offsets))
    assert all(0 <= i < len(raw) for i in offsets)
    assert _mapped(raw, text, offsets)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(_HALFWIDTH) + list("中文，。（）\n\x00 aZ1")), max_size=60))
def test_replacing_characters_is_one_translation(text: str) -> None:
    # one str.replace per character present must equal a single simultaneous translation
    t = _Text(text)
    t.replace_chars(_HALFWIDTH)
    assert t.text == text.translate({ord(k): v for k, v in _HALFWIDTH.items()})
    assert list(t.index) == list(range(len(text)))


_ALPHABET = list("中文村镇來(（)）?？lāiáshìng %Q*R1_-,ao.“”。，、：□7\n\r\u3000\x00\ufffd") + ["  ", "\n\n", "a b c d"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join))
def test_skipping_a_pattern_by_what_it_needs_changes_nothing(text: str) -> None:
    # A pattern is skipped when the text lacks what every match needs; the result must be
    # the same as running every pattern.
    import kg.clean as clean_module

    fast = clean_text(text)
    real_delete = clean_module._Text.delete

    def delete_always(self, pattern, keep=None, needs=""):  # type: ignore[no-untyped-def]
        real_delete(self, pattern, keep)

    clean_module._Text.delete = delete_always  # type: ignore[method-assign]
    try:
        slow = clean_text(text)
    finally:
        clean_module._Text.delete = real_delete  # type: ignore[method-assign]
    assert (fast[0], list(fast[1]), fast[2]) == (slow[0], list(slow[1]), slow[2])


def test_a_space_between_two_words_stays_as_their_boundary() -> None:
    """Layout spaces go (江 西 省), but one between two words of two characters or more parts
    two names (a byline of two reporters) and stays."""
    assert clean_text("（陈某林 罗某）")[0] == "(陈某林 罗某)"
    assert clean_text("江 西 省")[0] == "江西省"
    assert clean_text("（祝某某  陆  伟）")[0] == "(祝某某 陆伟)"  # a two-character name padded to three
