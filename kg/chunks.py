"""Pieces of a text to scan one at a time: lines, long ones cut after a sentence mark or comma.

The rule extractor and both character CRFs scan by the same pieces, so that no name crosses a
cut that one of them makes and the others do not.
"""

from __future__ import annotations

import re

CHUNK_CHARS = 2000
_CHUNK_CUT = re.compile(r"[。！？!?；;]|[,，、]")


def text_chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Spans of ``text`` to scan one at a time: its lines, long lines cut at a sentence end or comma.

    Names do not cross these cuts, and scanning piece by piece keeps the cost
    of a 10 MB single-line file linear.
    """
    out = []
    start = 0
    for line in text.split("\n"):
        a, end = start, start + len(line)
        while end - a > size:
            window = text[a : a + size]
            cuts = [m.end() for m in _CHUNK_CUT.finditer(window)]
            b = a + (cuts[-1] if cuts and cuts[-1] > size // 4 else size)
            out.append((a, b))
            a = b
        if end > a:
            out.append((a, end))
        start = end + 1
    return out
