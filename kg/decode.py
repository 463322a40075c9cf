"""Encoding detection for article files: byte-order marks first, then strict UTF-8, then
GB18030 and Big5 scored by how much of the decoded text is common Chinese; UTF-8 with a
few broken bytes is read with replacement characters and the repair noted.
"""

from __future__ import annotations

import re

from .errors import InputError

# UTF-8 with at most this share of broken bytes (and far more good non-ASCII text) is read with
# replacement characters rather than skipped or taken for another encoding.
_MAX_BAD_UTF8_SHARE = 0.001


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_bytes(data: bytes, name: str = "<bytes>", notes: list[str] | None = None) -> tuple[str, str]:
    """Decode file bytes, detecting the encoding; returns ``(text, encoding)``.

    UTF-8 with a few broken bytes is decoded with replacement characters; what was
    repaired is appended to ``notes``. Raises :class:`InputError` for binary data or
    text in no supported encoding.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _strip_bom(data.decode(enc)), enc.replace("-sig", "")
            except UnicodeDecodeError:
                raise InputError(name, f"starts with a {enc} byte-order mark but is not valid {enc}") from None
    utf16 = _guess_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
            if _printable_share(text) >= 0.9:
                return text, utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
        return text, "utf-8"
    except UnicodeDecodeError as e:
        first_bad = e.start
    text = data.decode("utf-8", errors="replace")
    # places where the bytes break (a character cut in two is one place, several U+FFFD)
    bad = len(re.findall("\ufffd+", text)) - len(re.findall("\ufffd+", data.decode("utf-8", "ignore")))
    good = sum(1 for c in text if c > "\x7f") - text.count("\ufffd")
    # A few broken bytes in real UTF-8 (a page cut mid-character): GBK or Big5 read as UTF-8
    # breaks at nearly every Chinese character instead.
    if bad <= max(3, _MAX_BAD_UTF8_SHARE * len(data)) and good >= 10 * bad:
        if notes is not None:
            notes.append(f"{bad} place(s) not valid UTF-8, the first at byte {first_bad}; "
                         "read with replacement characters (U+FFFD)")
        return text, "utf-8"
    candidates: list[tuple[float, str, str]] = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_chinese_score(text), enc, text))
    if not candidates:
        raise InputError(name, "not valid UTF-8, GB18030 or Big5 text; re-save it as UTF-8")
    score, enc, text = max(candidates)
    if score < 0.2:
        raise InputError(name, "does not look like Chinese text in UTF-8, GB18030 or Big5 "
                         "(binary or another encoding); re-save it as UTF-8")
    return text, enc


def _printable_share(text: str) -> float:
    """Share of characters that are not control, unassigned or private-use code points."""
    import unicodedata

    sample = text[:4000]
    if not sample:
        return 1.0
    bad = sum(1 for c in sample if unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs") and c not in "\n\r\t")
    return 1 - bad / len(sample)


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _guess_utf16(data: bytes) -> str | None:
    # UTF-16 without a BOM: ASCII-heavy text has NUL in every other byte.
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _chinese_score(text: str) -> float:
    """Share of non-ASCII characters that are common Chinese characters.

    A wrong decoding of GBK as Big5 (or back) gives mostly rare characters,
    private-use code points and symbols; the right one gives common ones.
    """
    from .resources import common_chars

    common = common_chars()
    sample = text[:20000]
    wide = [c for c in sample if ord(c) > 127 and not c.isspace()]
    if not wide:
        return 1.0
    return sum(1 for c in wide if c in common) / len(wide)
