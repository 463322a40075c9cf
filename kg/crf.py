"""A character CRF for person, place and organisation names (PER/LOC/ORG).

The model is trained by ``scripts/train_ner.py`` on the public MSRA training
split and ships inside the package (``kg/resources/ner.crfsuite``), so tagging
is offline. Features are the usual ones for Chinese character tagging —
characters and character pairs in a five-character window — plus what jieba's
segmentation says about the word a character sits in: its position in the
word, the word itself and the part-of-speech tag jieba's dictionary gives the
word (a free stand-in for POS tagging, which costs six times the segmentation).
"""

from __future__ import annotations

from contextlib import contextmanager
from importlib import resources as ir
from pathlib import Path
from typing import Iterable, Iterator

from .chunks import text_chunks
from .resources import jieba_dictionary, jieba_tokenizer

MODEL_RESOURCE = "ner.crfsuite"
LABELS = ("PER", "LOC", "ORG")
# The model sees pieces near the length it was trained on (MSRA pieces are ≤ 100
# characters); longer text is tagged piece by piece.
MAX_PIECE = 200

_DIGITS = str.maketrans("０１２３４５６７８９0123456789", "0" * 20)


def _char_class(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isalpha():
        return "L"
    if ch.isspace():
        return "S"
    return "P"


def cut(text: str) -> list[str]:
    """jieba's words of ``text`` (with its HMM for unknown words), as the features see them."""
    return list(jieba_tokenizer().cut(text, HMM=True))


def features(text: str, words: list[str] | None = None) -> list[list[str]]:
    """The feature strings of every character of ``text``, for training and tagging alike
    (``words``: jieba's cut of ``text``, if the caller has it already)."""
    n = len(text)
    chars = list(text.translate(_DIGITS))
    classes = [_char_class(c) for c in chars]
    wpos = ["S"] * n
    wtag = ["x"] * n
    wform = [""] * n
    dictionary = jieba_dictionary()
    i = 0
    for word in cut(text) if words is None else words:
        k = len(word)
        entry = dictionary.get(word)
        tag = entry[1] if entry else ("oov" if k > 1 else "x")
        for j in range(k):
            wpos[i + j] = "S" if k == 1 else ("B" if j == 0 else ("E" if j == k - 1 else "M"))
            wtag[i + j] = tag
            if k > 1:
                wform[i + j] = word
        i += k
    pad = ["^2", "^1", *chars, "$1", "$2"]
    out = []
    for i in range(n):
        j = i + 2
        c0, p1, p2, n1, n2 = pad[j], pad[j - 1], pad[j - 2], pad[j + 1], pad[j + 2]
        f = [
            "b",
            "c=" + c0,
            "p1=" + p1,
            "p2=" + p2,
            "n1=" + n1,
            "n2=" + n2,
            "p1c=" + p1 + c0,
            "cn1=" + c0 + n1,
            "p2p1=" + p2 + p1,
            "n1n2=" + n1 + n2,
            "p1n1=" + p1 + n1,
            "t=" + classes[i],
            "wp=" + wpos[i],
            "wt=" + wtag[i] + wpos[i],
            "wtp=" + (wtag[i - 1] if i else "^") + wtag[i],
        ]
        if wform[i]:
            f.append("w=" + wform[i])
        out.append(f)
    return out


def bioes(n: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """Labels of ``n`` characters for entity ``spans`` (start, end, type) in the BIOES scheme."""
    labels = ["O"] * n
    for s, e, t in spans:
        if e - s == 1:
            labels[s] = "S-" + t
        else:
            labels[s] = "B-" + t
            for k in range(s + 1, e - 1):
                labels[k] = "I-" + t
            labels[e - 1] = "E-" + t
    return labels


def spans_of(labels: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans (start, end, type) decoded from BIOES labels; ill-formed runs are dropped."""
    out = []
    start, kind = -1, ""
    for i, lab in enumerate(labels):
        tag, _, t = lab.partition("-")
        if tag == "S":
            out.append((i, i + 1, t))
            start = -1
        elif tag == "B":
            start, kind = i, t
        elif tag == "I":
            if start < 0 or t != kind:
                start = -1
        elif tag == "E":
            if start >= 0 and t == kind:
                out.append((start, i + 1, t))
            start = -1
        else:
            start = -1
    return out


def pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text`` of at most ``MAX_PIECE`` characters: its lines, long ones cut
    after a sentence mark or comma (the same cutting the rule extractor scans by)."""
    return text_chunks(text, MAX_PIECE)


class PackagedModel:
    """A crfsuite model shipped in ``kg/resources``, loaded once per process.

    :meth:`model_from` tags with another model file inside a block (cross-validation folds
    train their own). crfsuite reads a model in place, so the bytes are kept as long as the
    tagger that reads them.
    """

    def __init__(self, resource: str) -> None:
        self.resource = resource
        self._override: list[bytes] = []
        self._loaded: tuple[bytes, object] | None = None

    def tagger(self):  # type: ignore[no-untyped-def]
        """The model's ``pycrfsuite.Tagger``."""
        if self._loaded is None:
            import pycrfsuite

            data = self._override[-1] if self._override else \
                ir.files("kg").joinpath("resources", self.resource).read_bytes()
            t = pycrfsuite.Tagger()
            t.open_inmemory(data)
            self._loaded = (data, t)
        return self._loaded[1]

    @contextmanager
    def model_from(self, path: str | Path) -> Iterator[None]:
        """Tag with the model file at ``path`` inside the block."""
        self._override.append(Path(path).read_bytes())
        self._loaded = None
        try:
            yield
        finally:
            self._override.pop()
            self._loaded = None


_NAMES = PackagedModel(MODEL_RESOURCE)


def tagger():  # type: ignore[no-untyped-def]
    """The shipped name CRF, loaded once per process."""
    return _NAMES.tagger()


def tag(text: str) -> list[tuple[int, int, str, float]]:
    """PER/LOC/ORG spans of ``text`` as (start, end, type, marginal probability of the span's first label)."""
    t = tagger()
    out = []
    for s, e in pieces(text):
        piece = text[s:e]
        if not piece.strip():
            continue
        labels = t.tag(features(piece))
        for a, b, ty in spans_of(labels):
            prob = t.marginal(labels[a], a)
            out.append((s + a, s + b, ty, prob))
    return out
