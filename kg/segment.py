"""Stage ``segment``: split the cleaned text into sentences.

A sentence ends at 。！？!?；; or a line break; closing quotes and brackets
that follow the end mark stay with the sentence. Every character of the
text except line breaks belongs to exactly one sentence.
"""

from __future__ import annotations

import re

from .model import Document, Sentence, Span
from .stages import stage

_END = re.compile(r"[。！？!?；;…]+[”’」』)）]*|\n")
MAX_SENTENCE_CHARS = 400


def split_sentences(text: str) -> list[tuple[Span, int]]:
    """Sentence spans of ``text`` with the index of the line (paragraph) each is on."""
    out: list[tuple[Span, int]] = []
    para = 0
    start = 0
    for m in _END.finditer(text):
        end = m.start() if m.group() == "\n" else m.end()
        _add(out, text, start, end, para)
        start = m.end()
        if m.group() == "\n":
            para += 1
    _add(out, text, start, len(text), para)
    return out


def _add(out: list[tuple[Span, int]], text: str, start: int, end: int, para: int) -> None:
    while start < end and text[start] == " ":
        start += 1
    # Very long runs without an end mark are cut at commas so that a relation's
    # evidence stays a readable sentence.
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(",", start, start + MAX_SENTENCE_CHARS)
        cut = cut + 1 if cut > start else start + MAX_SENTENCE_CHARS
        out.append((Span(start, cut), para))
        start = cut
    if end > start:
        out.append((Span(start, end), para))


@stage("segment", requires=("text",), assigns=("sentences",))
def segment(doc: Document) -> Document:
    """Stage: fill ``sentences``."""
    sents = tuple(Sentence(i, span, para) for i, (span, para) in enumerate(split_sentences(doc.text)))
    return doc.replace(sentences=sents)
