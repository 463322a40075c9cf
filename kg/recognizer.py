"""The learned entity recognizer that ``extract_entities`` runs: a character CRF over the schema's classes.

It is *stacked*. For every character it sees the characters and jieba words
around it (the name CRF's features, :func:`kg.crf.features`), what the name
CRF trained on MSRA says there (PER/LOC/ORG), and what the genre's rule
candidates say there (type, rule, layer). Trained on articles of the genre
whose gold names are projected onto the text (:func:`project_gold`), it
learns when each source is right, where a name really begins and ends, and
the classes the other two cannot tell apart (Official or Person, Agency or
Organization, Programme).

The model ships as ``kg/resources/recognizer.crfsuite`` and is trained by
``scripts/train_recognizer.py``; ``benchmarks/genre_cv.py`` measures it by
cross-validation over articles with the same functions.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from . import crf
from . import lexicon as L
from .model import ENTITY_TYPES, PLACE_TYPES

if TYPE_CHECKING:  # pragma: no cover
    from .entities.stems import Cand

MODEL_RESOURCE = "recognizer.crfsuite"
# The classes the model labels. Issues are phrases about names, left to the rules; an Official is
# a Person the text gives a post, which the extractor reads from the words around the name.
CLASSES: tuple[str, ...] = tuple(t for t in ENTITY_TYPES if t not in ("Issue", "Official"))
_LABEL_OF = {t: t for t in CLASSES} | {"Official": "Person"}
EXTRACTOR = "model"

_OPEN_QUOTES = "“\"《「『‘"
_CLOSE_QUOTES = "”\"》」』’"
_QUOTES_RE = re.compile(r"[“”\"‘’《》「」『』]")


def strip_quotes(s: str) -> str:
    """A name without quotation or book-title marks, as the schema names it."""
    return _QUOTES_RE.sub("", s).strip()


# --------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------

def _layer_labels(n: int, cands: Iterable["Cand"], offset: int) -> tuple[list[str], list[str]]:
    """BIOES labels (with type) of the candidates inside ``[offset, offset + n)``, and each one's rule."""
    labels = ["O"] * n
    rules = ["-"] * n
    for c in cands:
        s, e = c.start - offset, c.end - offset
        if s < 0 or e > n or e <= s:
            continue
        for k, lab in enumerate(crf.bioes(e - s, [(0, e - s, c.type)])):
            labels[s + k] = lab
            rules[s + k] = c.rule
    return labels, rules


def _by_piece(pieces: list[tuple[int, int]], cands: Sequence["Cand"]) -> list[list["Cand"]]:
    """The candidates that lie inside each piece (pieces are in order and do not overlap)."""
    ordered = sorted(cands, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    out = []
    for s, e in pieces:
        lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
        out.append([c for c in ordered[lo:hi] if c.end <= e])
    return out


def _quote_state(text: str) -> list[str]:
    """Per character: opening, inside, closing or outside quotation marks (quoted names are
    programmes and bodies)."""
    out = []
    depth = 0
    for ch in text:
        if ch == '"':
            depth = 0 if depth else 1
            out.append("qb" if depth else "qe")
        elif ch in _CLOSE_QUOTES and depth:
            depth -= 1
            out.append("qe")
        elif ch in _OPEN_QUOTES:
            depth = min(depth + 1, 2)
            out.append("qb")
        else:
            out.append("qi" if depth else "qo")
    return out


# Words that end a name of each kind (学院, 志愿服务队, 行动…): where one ends, a name may end.
_SUFFIXES = tuple((kind, L.longest_first(words)) for kind, words in (
    ("A", L.AGENCY_SUFFIXES), ("C", L.COMPANY_SUFFIXES), ("O", L.ORGANIZATION_SUFFIXES),
    ("P", L.PROGRAMME_SUFFIXES), ("V", L.VILLAGE_SUFFIXES), ("T", L.TOWNSHIP_SUFFIXES),
    ("K", L.COUNTY_SPECIAL_SUFFIXES), ("Y", L.CITY_SUFFIXES), ("J", L.POSTS), ("R", L.ROLES)))


def _suffix_marks(text: str) -> list[list[str]]:
    """Per character, the kinds of name-ending word that end at it (``se``) or cover it (``si``)."""
    marks: list[list[str]] = [[] for _ in text]
    for kind, rx in _SUFFIXES:
        for m in rx.finditer(text):
            marks[m.end() - 1].append("se=" + kind)
            for k in range(m.start(), m.end() - 1):
                marks[k].append("si=" + kind)
    return marks


_HAN = re.compile(r"[\u4e00-\u9fff]")
_NUMERAL_START = re.compile(r"[一二三四五六七八九十两百千双0-9]")


def _char_kind(ch: str) -> str:
    """What stands beside a quotation: nothing, a list or clause mark, 等, or a word."""
    if not ch:
        return "e"
    if ch in "、，,。；;：:！？!?（）()":
        return "p"
    if ch == "等":
        return "d"
    return "c" if _HAN.match(ch) else "o"


def _quote_context(text: str, quotes: list[str]) -> list[Sequence[str]]:
    """Per character inside quotation marks: the two characters before the opening mark and after
    the closing one (开展“…”活动 is a programme, “…”志愿服务队 a body), and what generalises past
    those words: how long the quoted text is, whether it opens with a numeral (“五个一”, “三会一课”:
    reports number their schemes) and what kind of thing stands on either side (a list mark, 等, a
    word)."""
    out: list[Sequence[str]] = [()] * len(text)  # (one shared empty tuple outside quotations)
    i, n = 0, len(text)
    while i < n:
        if quotes[i] != "qb":
            i += 1
            continue
        j = i + 1
        while j < n and quotes[j] == "qi":
            j += 1
        size = j - i - 1
        ctx = [
            "qc=" + text[max(0, i - 2) : i] + "|" + text[j + 1 : j + 3],
            "ql=" + ("s" if size <= 2 else "m" if size <= 4 else "l" if size <= 8 else "x"),
            "qk=" + _char_kind(text[i - 1 : i]) + _char_kind(text[j + 1 : j + 2]),
        ]
        if _NUMERAL_START.match(text, i + 1):
            ctx.append("qn=1")
        for k in range(i, min(j + 1, n)):
            out[k] = ctx
        i = j + 1
    return out


def piece_features(text: str, cands: Sequence["Cand"], offset: int = 0) -> list[list[str]]:
    """The features of every character of ``text`` (a piece starting at ``offset`` of the document
    whose rule candidates are ``cands``): the name CRF's features and labels, the rules' labels,
    the words around, name-ending words and quotation context."""
    n = len(text)
    words = crf.cut(text)
    base = crf.features(text, words)
    names = crf.tagger().tag(base)
    layers = [(c, c.layer) for c in cands]
    bodies, body_rules = _layer_labels(n, (c for c, layer in layers if layer == "body"), offset)
    places, _ = _layer_labels(n, (c for c, layer in layers if layer == "place"), offset)
    quotes = _quote_state(text)
    qctx = _quote_context(text, quotes)
    marks = _suffix_marks(text)
    prev_word, next_word = [""] * n, [""] * n
    i = 0
    for k, w in enumerate(words):
        for j in range(i, i + len(w)):
            prev_word[j] = words[k - 1] if k else "^"
            next_word[j] = words[k + 1] if k + 1 < len(words) else "$"
        i += len(w)
    pad = lambda xs: ["^", *xs, "$"]  # noqa: E731
    nm, bd, pl = pad(names), pad(bodies), pad(places)
    for i, f in enumerate(base):
        j = i + 1
        f.extend((
            "m=" + nm[j], "m-=" + nm[j - 1], "m+=" + nm[j + 1],
            "r=" + bd[j], "r-=" + bd[j - 1], "r+=" + bd[j + 1],
            "rr=" + body_rules[i] + bd[j][:1],
            "g=" + pl[j], "g-=" + pl[j - 1], "g+=" + pl[j + 1],
            "q=" + quotes[i],
            "mr=" + nm[j] + "|" + bd[j],
            "rg=" + bd[j] + "|" + pl[j],
            "rc=" + bd[j] + "|" + f[1],
            "pw=" + prev_word[i],
            "nw=" + next_word[i],
        ))
        f.extend(marks[i])
        f.extend(qctx[i])
    return base


def document_pieces(text: str) -> list[tuple[int, int]]:
    """The pieces the recognizer tags one at a time (lines, long ones cut after punctuation).
    Pieces without a Chinese character hold no name of the schema (and a megabyte of base64 or
    a table of numbers would cost the features of every character): they are not tagged."""
    return [(s, e) for s, e in crf.pieces(text) if _HAN.search(text, s, e)]


# --------------------------------------------------------------------------
# Tagging
# --------------------------------------------------------------------------

_MODEL = crf.PackagedModel(MODEL_RESOURCE)
# Tag with another model file inside a block (cross-validation folds train their own).
model_from = _MODEL.model_from
_tagger = _MODEL.tagger


def recognise(text: str, cands: Sequence["Cand"]) -> tuple[list[tuple[int, int, str, float]],
                                                             dict[tuple[int, int], float]]:
    """Names in ``text`` as (start, end, class, probability), given the rule candidates ``cands``;
    and for each candidate's span, the mean probability the model gives its characters of lying
    in some name (what it thinks of a name it did not tag)."""
    t = _tagger()
    out = []
    inside: dict[tuple[int, int], float] = {}
    pieces = document_pieces(text)
    for (s, e), own in zip(pieces, _by_piece(pieces, cands)):
        labels = t.tag(piece_features(text[s:e], own, s))
        for a, b, ty in crf.spans_of(labels):
            # The probability of the span's first label: what the model thinks of the name as a whole.
            out.append((s + a, s + b, ty, t.marginal(labels[a], a)))
        for c in own:
            if c.layer != "issue":
                inside[(c.start, c.end)] = sum(1.0 - t.marginal("O", i - s) for i in range(c.start, c.end)) \
                    / (c.end - c.start)
    return out, inside


# --------------------------------------------------------------------------
# Training data: gold names projected onto the text
# --------------------------------------------------------------------------

def _forms(entity: dict) -> list[str]:
    """The surface forms of a gold entity worth labelling: its name and the aliases that do not
    merely wrap it (居民张三, 湖滨省湖滨县 hold the name itself, labelled on its own)."""
    name = entity["name"]
    out = {name}
    for a in entity.get("aliases", []):
        if a and name not in a:
            out.add(a)
    forms = set()
    for f in out:
        f = f.strip()
        # Quotes around a whole name are not part of it; quotes inside (“五减”行动) are.
        while len(f) > 2 and f[0] in _OPEN_QUOTES and f[-1] in _CLOSE_QUOTES:
            f = f[1:-1].strip()
        if len(f) >= 2:
            forms.add(f)
            forms.add(unicodedata.normalize("NFKC", f))  # as cleaning leaves the text: 村(社区)
    return sorted(forms, key=len, reverse=True)


def project_gold(text: str, entities: Sequence[dict]) -> list[tuple[int, int, str]]:
    """Spans (start, end, class) of the gold ``entities`` in ``text``: every occurrence of a name or
    alias, longest first, never overlapping. Issues are left out (the model has no label for them)."""
    found: list[tuple[int, int, int, str]] = []
    for ent in entities:
        label = _LABEL_OF.get(ent.get("type", ""))
        if label is None:
            continue
        for f in _forms(ent):
            for m in re.finditer(re.escape(f), text):
                found.append((m.start(), m.end(), 0 if label in PLACE_TYPES else 1, label))
    # Longest first; on a tie a body beats a place (the rules' place layer keeps nested places).
    found.sort(key=lambda x: (-(x[1] - x[0]), -x[2], x[0]))
    taken = bytearray(len(text))
    spans = []
    for s, e, _, ty in found:
        if any(taken[s:e]):
            continue
        taken[s:e] = b"\x01" * (e - s)
        spans.append((s, e, ty))
    return sorted(spans)


def training_sequences(text: str, cands: Sequence["Cand"],
                       gold: Sequence[tuple[int, int, str]]) -> list[tuple[list[list[str]], list[str]]]:
    """(features, labels) of every piece of a document, for training."""
    out = []
    pieces = document_pieces(text)
    for (s, e), own in zip(pieces, _by_piece(pieces, cands)):
        spans = [(a - s, b - s, t) for a, b, t in gold if s <= a and b <= e]
        out.append((piece_features(text[s:e], own, s), crf.bioes(e - s, spans)))
    return out


def train(sequences: Iterable[tuple[list[list[str]], list[str]]], out: str | Path,
          c1: float = 0.3, c2: float = 0.05, max_iterations: int = 150) -> None:
    """Train a model on (features, labels) sequences and write it to ``out``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in sequences:
        trainer.append(xseq, yseq)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations,
                        "feature.possible_transitions": True})
    trainer.train(str(out))
