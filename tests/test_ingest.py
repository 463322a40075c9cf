"""Stage ingest: finding files, detecting encodings, skipping bad inputs with reasons."""

from __future__ import annotations

import json

import pytest

from kg.decode import decode_bytes
from kg.errors import InputError
from kg.html_text import html_to_text
from kg.ingest import Skip, read_inputs

TEXT = "江北区五里店街道桂花村村民张三丰向区信访办反映了道路积水问题。这里的居民都很满意。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16"])
def test_decode_detects_encoding(encoding: str) -> None:
    text = TEXT if encoding != "big5" else "涿州市雙塔街道天橋街社區的居民們在這裡舉辦了活動，大家都很滿意。"
    decoded, used = decode_bytes(text.encode(encoding))
    assert decoded == text
    assert used.replace("-sig", "").replace("-le", "") in (encoding.replace("-sig", ""), "gb18030", "utf-16")


def test_binary_is_refused_with_reason() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_folder_skips_bad_files_and_keeps_good(tmp_path) -> None:
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(("另一篇：" + TEXT).encode("gbk"))
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "README.md").write_text("# about these files", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "a1", "text": TEXT + "一", "date": "2023-01-02"}, ensure_ascii=False) + "\n"
        + "{not json\n"
        + json.dumps({"title": "no text"}) + "\n", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    docs = [i for i in items if not isinstance(i, Skip)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert sorted(d.id for d in docs) == ["a1", "gbk.txt", "good.txt"]
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in skips}
    assert reasons["empty.txt"] == "empty file"
    assert "line 2" in reasons["feed.jsonl:2"] and "JSON" in reasons["feed.jsonl:2"]
    assert "text" in reasons["feed.jsonl:3"]
    assert not any("README" in s.source or "png" in s.source for s in skips)
    jd = next(d for d in docs if d.id == "a1")
    assert jd.date == "2023-01-02"


def test_duplicate_content_is_built_once(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert sum(1 for i in items if not isinstance(i, Skip)) == 1
    assert any(isinstance(i, Skip) and "same text" in i.reason for i in items)


def test_folder_listing_order_hidden_files_and_links(tmp_path) -> None:
    from kg.ingest import find_inputs

    other = tmp_path / "other"
    (other / "deep").mkdir(parents=True)
    (other / "deep" / "far.txt").write_text(TEXT, encoding="utf-8")
    root = tmp_path / "root"
    for rel in ("a/b.txt", "a-c.txt", "z.md", ".hidden/h.txt", "d/.secret.txt", "d/e/f.htm", "notes.doc"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(TEXT, encoding="utf-8")
    (root / "linked").symlink_to(other, target_is_directory=True)  # a link to a folder is not followed
    (root / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # a broken link is listed, to be reported
    ids = [i[1] for i in find_inputs([root]) if not isinstance(i, Skip)]
    # sorted by path parts, as pathlib sorts: a/b.txt before a-c.txt although "/" > "-"
    assert ids == ["a/b.txt", "a-c.txt", "d/e/f.htm", "gone.txt", "z.md"]
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in read_inputs([root]) if isinstance(s, Skip)}
    assert "cannot be read" in reasons["gone.txt"]


def test_missing_path_is_an_error() -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_inputs(["/nonexistent/articles"]))


def test_html_main_text_only() -> None:
    html = """<html><head><title>标题</title><script>var x = "不要我";</script>
    <style>p {color: red}</style></head><body><nav>首页 | 新闻</nav>
    <article><p>长寿区水利局解决了塘坝村饮水问题。</p><div class="share">分享到微信</div></article>
    <div id="comments">评论区：网友说</div><footer>版权所有</footer></body></html>"""
    text, meta = html_to_text(html)
    assert "长寿区水利局解决了塘坝村饮水问题。" in text
    for junk in ("不要我", "color", "首页", "分享到", "网友", "版权"):
        assert junk not in text
    assert meta["title"] == "标题"


def test_only_regular_files_are_read_and_each_other_one_is_named(tmp_path) -> None:
    import os

    from kg.ingest import Notice

    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block the build for ever
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    items = list(read_inputs([tmp_path]))
    assert [i.id for i in items if not isinstance(i, (Skip, Notice))] == ["good.txt"]
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in items if isinstance(s, Skip)}
    assert "FIFO" in reasons["pipe.txt"] and "device" in reasons["zero.txt"]


def test_size_limit_names_the_file_and_the_flag(tmp_path) -> None:
    (tmp_path / "big.txt").write_text(TEXT * 200, encoding="utf-8")
    skips = [i for i in read_inputs([tmp_path], max_bytes=4096) if isinstance(i, Skip)]
    assert len(skips) == 1 and "limit" in skips[0].reason and "--max-file-mb" in skips[0].reason


def test_utf8_with_a_few_broken_bytes_is_read_with_a_notice(tmp_path) -> None:
    from kg.ingest import Notice

    data = (TEXT * 3).encode("utf-8")
    cut = len(TEXT.encode("utf-8")) + 1  # inside a character: a page cut mid-character
    (tmp_path / "scraped.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    items = list(read_inputs([tmp_path]))
    notices = [i for i in items if isinstance(i, Notice)]
    docs = [i for i in items if not isinstance(i, (Skip, Notice))]
    assert len(docs) == 1 and "\ufffd" in docs[0].raw and "桂花村" in docs[0].raw
    # the first bad byte is where the character cut in two begins, one byte before the cut
    assert len(notices) == 1 and f"byte {cut - 1}" in notices[0].message
    # GBK read as UTF-8 breaks at nearly every character: still detected as GBK, no notice
    (tmp_path / "scraped.txt").write_bytes(TEXT.encode("gbk"))
    items = list(read_inputs([tmp_path]))
    assert not any(isinstance(i, Notice) for i in items)
    assert [i.raw for i in items] == [TEXT]


def test_office_files_in_a_folder_are_reported_and_a_file_of_punctuation_is_no_article(tmp_path) -> None:
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4 ...")
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "marks.txt").write_text("，。！？……——1234 ###", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")  # a saved page's picture: passed over
    items = list(read_inputs([tmp_path]))
    docs = [i for i in items if not isinstance(i, Skip)]
    skips = {i.source.rsplit("/", 1)[-1]: i.reason for i in items if isinstance(i, Skip)}
    assert len(docs) == 1
    assert set(skips) == {"report.pdf", "report.docx", "marks.txt"}
    assert "pdftotext" in skips["report.pdf"] and "Word" in skips["report.docx"]
    assert "no words" in skips["marks.txt"]


def test_build_takes_one_folder_as_a_string(tmp_path) -> None:
    from kg.pipeline import build

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert len(build(str(tmp_path), progress=False).documents) == 1
    assert len(build(tmp_path, progress=False).documents) == 1
