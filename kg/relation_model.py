"""The learned relation classifier that ``extract_relations`` runs over pairs of names in a sentence.

Every ordered pair of mentions in one sentence whose classes the schema allows
for some predicate is a candidate. A maximum-entropy classifier (crfsuite on
one-item sequences: the same L-BFGS trainer and model file as the recognizer,
no second library) says which predicate, if any, the sentence states between
them, from what lies between and around the two names: their classes and order,
the distance and the names between, punctuation, trigger words (launch, fund,
report and resolve verbs, posts), the words at the edges, and what the genre's
rules concluded for the same pair. Trained by ``scripts/train_recognizer.py``
on the gold relations of annotated articles, cross-validated by
``benchmarks/genre_cv.py``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from . import crf
from . import lexicon as L
from .model import BODY_TYPES, PLACE_TYPES, Document, Mention, RelationMention

MODEL_RESOURCE = "relations.crfsuite"
NONE = "none"
# The predicates the classifier decides, with the classes each may join (SCHEMA.md). The rest
# stay with the rules: ``resolved``/``affects`` go through Issue phrases, ``funded`` through an
# amount, and ``reportedTo`` is too rare in annotated text (7 in 25 articles) to learn.
_ORGS = BODY_TYPES
DOMAINS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "implements": (frozenset({"Agency", "Organization", "Company"}) | PLACE_TYPES, frozenset({"Programme"})),
    "holdsPost": (frozenset({"Official"}), frozenset({"Agency", "Organization", "Company"}) | PLACE_TYPES),
    "locatedIn": (PLACE_TYPES | _ORGS, PLACE_TYPES),
}
PREDICATES = tuple(DOMAINS)

_TRIGGERS = {kind: re.compile(L.alternation(words)) for kind, words in L.TRIGGERS.items()}
_PUNCT = {"，": "comma", ",": "comma", "、": "dun", "；": "semi", ";": "semi", "：": "colon", ":": "colon",
          "“": "quote", "（": "paren", "(": "paren"}


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (2, "1-2"), (5, "3-5"), (10, "6-10"), (20, "11-20"), (40, "21-40")):
        if n <= limit:
            return name
    return "41+"


def allowed(a: Mention, b: Mention) -> bool:
    """Whether the schema allows some predicate from ``a``'s class to ``b``'s."""
    return any(a.type in d and b.type in r for d, r in DOMAINS.values())


def fits(label: str, a: Mention, b: Mention) -> bool:
    """Whether the schema allows ``label`` from ``a``'s class to ``b``'s (the classifier may name a
    predicate another pair of these words would have: an Official is never locatedIn a school)."""
    d, r = DOMAINS[label]
    return a.type in d and b.type in r


def pair_features(doc: Document, a: Mention, b: Mention, ms: Sequence[Mention],
                  rule_preds: dict[tuple[tuple[str, str], tuple[str, str]], str], sent_span: tuple[int, int]) -> list[str]:
    """The features of the candidate pair ``a`` → ``b`` in a sentence with mentions ``ms``."""
    text = doc.text
    s0, s1 = sent_span
    first, second = (a, b) if a.span.start <= b.span.start else (b, a)
    nested = first.span.end >= second.span.end or (a.span.start <= b.span.start and b.span.end <= a.span.end) \
        or (b.span.start <= a.span.start and a.span.end <= b.span.end)
    order = "ab" if first is a else "ba"
    tp = f"{a.type}|{b.type}"
    f = ["b", "tp=" + tp, "o=" + order, "tpo=" + tp + order]
    if nested:
        f += ["nest", "nest=" + tp + ("a>b" if a.span.start <= b.span.start and b.span.end <= a.span.end else "b>a")]
        between = ""
    else:
        between = text[first.span.end : second.span.start]
    f.append("d=" + _bucket(len(between)))
    f.append("dtp=" + _bucket(len(between)) + tp + order)
    inner = [m for m in ms if first.span.end <= m.span.start and m.span.end <= second.span.start]
    f.append("nm=" + _bucket(len(inner)))
    kinds = {m.type for m in inner}
    f.extend("mid=" + k for k in sorted(kinds))
    for ch, name in _PUNCT.items():
        if ch in between:
            f.append("p=" + name)
            f.append("pt=" + name + tp)
    for name, rx in _TRIGGERS.items():
        if rx.search(between):
            f.append("tb=" + name)
            f.append("tbt=" + name + "|" + tp + order)
        before = text[max(s0, first.span.start - 8) : first.span.start]
        after = text[second.span.end : min(s1, second.span.end + 8)]
        if rx.search(before):
            f.append("tf=" + name + "|" + tp)
        if rx.search(after):
            f.append("ta=" + name + "|" + tp)
    if len(between) <= 6 and not nested:
        f.append("bw=" + between)
    elif between:
        f.append("bl=" + between[:2])
        f.append("br=" + between[-2:])
    f.append("fl=" + text[max(s0, first.span.start - 2) : first.span.start])
    f.append("sr=" + text[second.span.end : min(s1, second.span.end + 2)])
    f.append("sx=" + second.canonical[-2:] + "|" + order)
    f.append("fx=" + first.canonical[-2:] + "|" + order)
    rule = rule_preds.get((a.key, b.key))
    if rule:
        f += ["r=" + rule, "rt=" + rule + "|" + tp]
    back = rule_preds.get((b.key, a.key))
    if back:
        f.append("rb=" + back)
    if a.post:
        f.append("post")
        if b.canonical and (b.canonical in a.post or a.post.startswith(b.canonical[-2:])):
            f.append("post-names-b")
    if a.parent and a.parent == b.canonical:
        f.append("parent-is-b")
    if a.canonical.startswith(b.canonical) and a.canonical != b.canonical:
        f.append("a-named-after-b")
    if b.span.start - a.span.end in (0, 1) and order == "ab":
        f.append("adjacent")
    return f


def candidates(doc: Document) -> Iterator[tuple[int, Mention, Mention]]:
    """(sentence, a, b) for every ordered pair of names in a sentence that some predicate allows."""
    by_sent: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        if m.type != "Issue":
            by_sent.setdefault(doc.sentence_of(m.span), []).append(m)
    for sent, ms in sorted(by_sent.items()):
        seen: set[tuple[tuple[str, str], tuple[str, str]]] = set()
        for a in ms:
            for b in ms:
                if a.key == b.key or (a.key, b.key) in seen or not allowed(a, b):
                    continue
                seen.add((a.key, b.key))
                yield sent, a, b


def _rule_index(rules: Iterable[RelationMention]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    for r in rules:
        out.setdefault(r.sentence, {})[(r.subject, r.object)] = r.predicate
    return out


def instances(doc: Document, rules: Sequence[RelationMention]) -> list[tuple[int, Mention, Mention, list[str]]]:
    """Every candidate pair of ``doc`` with its features."""
    by_rule = _rule_index(rules)
    by_sent: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        by_sent.setdefault(doc.sentence_of(m.span), []).append(m)
    out = []
    for sent, a, b in candidates(doc):
        span = doc.sentences[sent].span
        out.append((sent, a, b, pair_features(doc, a, b, by_sent[sent], by_rule.get(sent, {}),
                                              (span.start, span.end))))
    return out


# --------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------

_MODEL = crf.PackagedModel(MODEL_RESOURCE)
# Tag with another model file inside a block (cross-validation folds train their own).
model_from = _MODEL.model_from
_tagger = _MODEL.tagger


def classify(features: list[str]) -> tuple[str, float, float]:
    """The predicate (or ``none``) the model gives a pair, its probability, and the probability
    that the sentence states no relation between the two."""
    t = _tagger()
    label = t.tag([features])[0]
    return label, t.marginal(label, 0), t.marginal(NONE, 0)


def train(examples: Iterable[tuple[list[str], str]], out: str | Path, c1: float = 0.05, c2: float = 0.05,
          max_iterations: int = 200) -> None:
    """Train the classifier on (features, label) examples and write it to ``out``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, label in examples:
        trainer.append([feats], [label])
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations})
    trainer.train(str(out))
