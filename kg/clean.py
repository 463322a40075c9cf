"""Stage ``clean``: make the text an extractor can read, keeping a map back to the raw text.

Every step deletes or replaces characters one for one, so the cleaned text
keeps, for each character, the index of the raw character it came from
(``Document.offsets``). What is removed is recognised by its shape, not by a
list of strings: watermark runs of short ASCII tokens, pinyin glosses in
parentheses after a character, short page-furniture lines (comment widgets,
editor lines, share buttons).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from typing import Callable, Iterable, Sequence

from . import lexicon as L
from .model import Document
from .resources import opencc
from .stages import stage

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A pinyin syllable (tone marks or none). Glosses are lowercase syllables.
_SYLLABLE = (rf"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouv{_TONED}]"
             rf"[aeiouv{_TONED}]{{0,2}}(?:ng|n|r)?")
# 來(lái) → 來 ; a lost character shown as '?' followed by its gloss is dropped whole.
_TONED_SYLLABLE = rf"(?=[a-z{_TONED}]*[{_TONED}]){_SYLLABLE}"
_GLOSS = re.compile(rf"(?<=[{_CJK}])[(（]{_SYLLABLE}[)）]|[(（]{_TONED_SYLLABLE}[)）]"
                    rf"|\?[(（]?{_SYLLABLE}[)）]")
# Anti-scraping watermarks: runs of at least four 1–2-character ASCII tokens
# separated by single spaces, e.g. "% Q* R1 _ Y- Q3 a, o", glued to real text.
_TOKEN = r"[\x21-\x7e]{1,2}"
_WATERMARK = re.compile(rf"(?:(?<=^)|(?<=[^\x21-\x7e ]))(?:{_TOKEN} ){{3,}}{_TOKEN}(?=$|[^\x21-\x7e ])",
                        re.M)
# Four tokens in a row: what every watermark holds, found at a few ns a character (see ``_Text.delete``).
_WATERMARK_NEEDS = re.compile(r"[\x21-\x7e] [\x21-\x7e]{1,2} [\x21-\x7e]{1,2} [\x21-\x7e]")
_BOILER_LINE = re.compile(
    rf"^\s*(?:(?:{L.alternation(L.LINE_LABELS)})\s*[:：].{{0,30}}"
    rf"|.{{0,12}}(?:{L.alternation(L.COMMENT_WORDS)})\S{{0,20}}"
    rf"|(?:{L.alternation(L.WIDGET_WORDS)})\S{{0,20}}"
    r"|(?:[大中小]\s*){3})\s*$",
    re.I,
)
_SENTENCE_END = re.compile(r"[。！？!?]")


class _Text:
    """Text with the raw index each character came from; every edit keeps them aligned.

    Edits work on slices of the string and of the index array, never character
    by character: cleaning is on the path of every document.
    """

    def __init__(self, raw: str) -> None:
        self.text = raw
        self.index = _identity(len(raw))

    def drop(self, spans: Iterable[tuple[int, int]]) -> None:
        """Delete the characters of ``spans`` (ascending, not overlapping)."""
        text, index = self.text, self.index
        parts: list[str] = []
        kept = array("i")
        last = 0
        for a, b in spans:
            if b <= a:
                continue
            parts.append(text[last:a])
            kept += index[last:a]
            last = b
        if parts:
            parts.append(text[last:])
            kept += index[last:]
            self.text, self.index = "".join(parts), kept

    def delete(self, pattern: re.Pattern[str], keep: Callable[[re.Match[str]], bool] | None = None,
               needs: str | re.Pattern[str] = "") -> None:
        """Delete every match of ``pattern`` that ``keep`` does not keep.

        ``needs`` is what any text with a match has: characters of which every match holds
        one, or a pattern found wherever ``pattern`` is. A text without it is left as it is
        without running ``pattern``. Python's regex engine tries a pattern that starts with
        a lookbehind at every position (15–100 ns a character); looking for a character,
        or for a pattern that starts with one, costs about 1 ns.
        """
        if isinstance(needs, str):
            if needs and not any(c in self.text for c in needs):
                return
        elif not needs.search(self.text):
            return
        self.drop(m.span() for m in pattern.finditer(self.text) if keep is None or not keep(m))

    def replace_chars(self, pairs: dict[str, str]) -> None:
        """Replace characters one for one: each key of ``pairs`` by its value, one character.

        No value may be a key: then the order of replacements does not matter. Only the
        characters the text holds are replaced, each by one ``str.replace``, which is
        several times faster than ``str.translate`` on text that is mostly CJK.
        """
        text = self.text
        for ch in pairs.keys() & set(text):  # the set of the text's characters is made in C
            text = text.replace(ch, pairs[ch])
        self.text = text


_IDENTITY = array("i")


def _identity(n: int) -> array:
    """``array("i", range(n))``, copied from a cached one (making it from a range costs 70 ns an item)."""
    global _IDENTITY
    if len(_IDENTITY) < n:
        _IDENTITY = array("i", range(max(n, 2 * len(_IDENTITY), 1 << 16)))
    return _IDENTITY[:n]


def _halfwidth_table() -> dict[str, str]:
    # Full-width ASCII (Ａ１，：) to half-width; CJK punctuation such as “”。、 stays.
    table = {chr(o): chr(o - 0xFEE0) for o in range(0xFF01, 0xFF5F)}
    # Control characters (category Cc) are marked, then deleted; line breaks stay.
    table.update({chr(o): "\u0000" for o in range(0x100) if unicodedata.category(chr(o)) == "Cc"})
    table.update({c: " " for c in "\u3000\xa0\u2002\u2003\u2009\u200a\u202f\t"})
    table.update({c: "\u0000" for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"})  # zero-width
    table["\r"] = "\n"
    table["\n"] = "\n"
    # what maps to itself needs no replacing (NUL marks, line breaks), and then no value is a key
    table = {k: v for k, v in table.items() if k != v}
    assert not table.keys() & set(table.values())
    return table


_HALFWIDTH = _halfwidth_table()


def _to_simplified(t: _Text) -> None:
    conv = opencc("t2s")
    text = t.text
    out = conv.convert(text)
    if len(out) != len(text):
        # A phrase conversion changed the length: fall back to character by character.
        out = "".join(c2 if len(c2 := conv.convert(c)) == 1 else c for c in text)
    t.text = out


_NUL = re.compile("\u0000+")
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}“”‘’《》「」、，。：；□])[ ]+(?=[{_CJK}“”‘’《》「」□\d])"
                           rf"|(?<=[{_CJK}\d])[ ]+(?=[{_CJK}])")
_HAN_CHAR = re.compile(rf"[{_CJK}]")


def _parts_words(m: re.Match[str]) -> bool:
    """Whether a space between Chinese characters parts two words, and stays as their boundary.

    Layout spaces stand between single characters (江 西 省, a two-character name padded to
    three: 陆  伟); a space with a longer run of characters on either side parts words or
    names (（何某 江某）, 祝某某  陆  伟, a headline's 服务站 居民有了…).
    """
    text, a, b = m.string, m.start(), m.end()
    if not (a >= 1 and b < len(text) and _HAN_CHAR.match(text, a - 1) and _HAN_CHAR.match(text, b)):
        return False
    single_before = a < 2 or not _HAN_CHAR.match(text, a - 2)
    single_after = b + 1 >= len(text) or not _HAN_CHAR.match(text, b + 1)
    return not (single_before and single_after)


_SPACES = re.compile(r"(?<= ) +|^ +| +$", re.M)
_BLANK_LINES = re.compile(r"(?<=\n)\n+|^\n+|\n+$")
_MOJIBAKE = re.compile("\ufffd+")
# What every match of _SPACE_IN_CJK, _SPACES and _BLANK_LINES holds, found from a literal first character.
_SPACE_IN_CJK_NEEDS = re.compile(rf" (?<=[{_CJK}“”‘’《》「」、，。：；□\d] ) *[{_CJK}“”‘’《》「」□\d]")
_SPACES_NEEDS = re.compile(r" (?: |$|(?<=^ ))", re.M)
_BLANK_LINES_NEEDS = re.compile(r"\n(?:\n|\Z|(?<=\A\n))")


def clean_text(raw: str) -> tuple[str, Sequence[int], str | None]:
    """Cleaned text of ``raw``, per cleaned character its index in ``raw``, and the dateline date.

    The date is read before page-furniture lines are dropped, since a
    ``时间:2023-11-21`` header is both.
    """
    t = _Text(raw)
    t.replace_chars(_HALFWIDTH)
    t.delete(_NUL, needs="\u0000")
    t.delete(_MOJIBAKE, needs="\ufffd")
    t.delete(_GLOSS, needs=")）")  # every gloss ends with a closing bracket
    t.delete(_WATERMARK, keep=_looks_like_words, needs=_WATERMARK_NEEDS)
    _to_simplified(t)
    t.delete(_SPACE_IN_CJK, keep=_parts_words, needs=_SPACE_IN_CJK_NEEDS)
    t.delete(_SPACES, needs=_SPACES_NEEDS)
    date = find_document_date(t.text)
    _drop_boilerplate_lines(t)
    t.delete(_BLANK_LINES, needs=_BLANK_LINES_NEEDS)
    # 4 bytes a character instead of a tuple of int objects (~36 bytes): offsets are most of a document
    return t.text, t.index, date


def _looks_like_words(m: re.Match[str]) -> bool:
    # Keep real ASCII phrases ("A B C D" rarely, but "PM 2 . 5" or English words):
    # a watermark mixes punctuation and case in almost every run.
    tokens = m.group(0).split(" ")
    punct = sum(1 for tok in tokens if any(not ch.isalnum() for ch in tok))
    return punct < 2


def _drop_boilerplate_lines(t: _Text) -> None:
    text = t.text
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        stripped = line.strip()
        if stripped and len(stripped) <= 40 and not _SENTENCE_END.search(stripped[:-1]) \
                and _BOILER_LINE.match(stripped):
            spans.append((pos, min(end + 1, len(text))))
        pos = end + 1
    t.drop(spans)


_DATE_PATTERNS = (
    re.compile(r"(?P<y>(?:19|20)\d\d)[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"),
)


def find_document_date(text: str) -> str | None:
    """The article's own date (ISO ``YYYY-MM-DD``) from a dateline in its first lines, if any."""
    head = "\n".join(text.split("\n")[:6])
    for pat in _DATE_PATTERNS:
        m = pat.search(head)
        if m:
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def normalise_date(value: str | None) -> str | None:
    """An ISO date from a metadata value such as ``2023-11-21 09:20`` or ``2023年11月21日``."""
    if not value:
        return None
    for pat in _DATE_PATTERNS:
        m = pat.search(value)
        if m:
            return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
    return None


@stage("clean", requires=("raw",), assigns=("text", "offsets", "date"))
def clean(doc: Document) -> Document:
    """Stage: fill ``text`` and ``offsets``; take the article date from its dateline if unknown."""
    text, offsets, dateline = clean_text(doc.raw)
    date = normalise_date(doc.date) or dateline
    return doc.replace(text=text, offsets=offsets, date=date)
