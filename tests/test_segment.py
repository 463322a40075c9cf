"""Stage segment: sentence spans cover the text."""

from kg.segment import split_sentences


def test_sentences_end_at_marks_and_lines() -> None:
    text = "第一句。“第二句！”第三句\n第四句；第五句"
    spans = [text[s.start : s.end] for s, _ in split_sentences(text)]
    assert spans == ["第一句。", "“第二句！”", "第三句", "第四句；", "第五句"]
    assert [p for _, p in split_sentences(text)] == [0, 0, 0, 1, 1]


def test_long_runs_are_cut_at_commas() -> None:
    text = ",".join(["一二三四五六七八九十"] * 100)
    spans = split_sentences(text)
    assert all(len(s) <= 400 for s, _ in spans)
    assert "".join(text[s.start : s.end] for s, _ in spans) == text
