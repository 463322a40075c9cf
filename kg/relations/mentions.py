"""What every relation rule shares: the mentions of a sentence, the relation record,
the subject a sentence carries over from the one before, and what 该市 / 该公司 / 我县 point at.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon as L
from ..dates import find_date
from ..model import BODY_TYPES, PERSON_TYPES, PLACE_TYPES, Document, Mention, RelationMention
from ..resources import jieba_tokenizer


EXTRACTOR = "rules"


ACTORS = BODY_TYPES | PERSON_TYPES | PLACE_TYPES


REPORT_VERB_RE = re.compile(L.alternation(L.REPORT_VERBS))


_RESOLVE_VERBS = re.compile(L.alternation(L.RESOLVE_VERBS))


LAUNCH_VERB_RE = re.compile(L.alternation(L.LAUNCH_VERBS))


FUND_VERB_RE = re.compile(L.alternation(L.FUND_VERBS))


RECEIVE_VERB_RE = re.compile(L.alternation(L.RECEIVE_VERBS))


def free_match(regex: re.Pattern[str], text: str, offset: int, ms: list[Mention],
                last: bool = False, whole_words: bool = False) -> re.Match[str] | None:
    """First (or last) match of ``regex`` in ``text`` that is not inside a name (信访 in 信访办);
    with ``whole_words``, not a match that cuts through two of jieba's words (查处 in 核查|处置;
    解决 in 解决问题 or 妥善解决 keeps one end on a word's edge)."""
    found = None
    bounds = None  # jieba's word edges, cut only once a match needs them (most sentences have none)
    for m in regex.finditer(text):
        a, b = offset + m.start(), offset + m.end()
        if any(x.span.start < b and a < x.span.end for x in ms):
            continue
        if whole_words:
            bounds = bounds if bounds is not None else word_bounds(text)
            if m.start() not in bounds and m.end() not in bounds:
                continue
        # a word that ends inside the match where another begins is read as the longer one:
        # 协调解决 is 协调|解决, not 协|调解|决
        for k in range(m.start() + 1, m.end()):
            longer = regex.match(text, k)
            if longer is not None and longer.end() > m.end():
                m = longer
                break
        if not last:
            return m
        found = m
    return found


@lru_cache(maxsize=256)
def word_bounds(text: str) -> frozenset[int]:
    """The offsets in ``text`` where jieba's words begin or end."""
    out, pos = {0}, 0
    for w in jieba_tokenizer().cut(text, HMM=False):
        pos += len(w)
        out.add(pos)
    return frozenset(out)


def mentions_by_sentence(doc: Document) -> dict[int, list[Mention]]:
    out: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        out.setdefault(doc.sentence_of(m.span), []).append(m)
    return out


def make_relation(pred: str, s: Mention, o: Mention, sent: int, doc: Document, rule: str, conf: float,
         **kw: object) -> RelationMention:
    date = find_date(doc.sentence_text(sent), doc.date) if pred in _DATED else None
    return RelationMention(predicate=pred, subject=s.key, object=o.key, sentence=sent,
                           evidence=doc.sentences[sent].span, extractor=f"{EXTRACTOR}:{rule}",
                           confidence=conf, date=date, **kw)  # type: ignore[arg-type]


_DATED = frozenset({"reportedTo", "funded", "resolved", "implements"})


# The rule of an affects link whose end the paragraph gives, not the problem's own sentence.
CONTEXT_RULE = "problem-of-paragraph"


# Rules whose second end is made certain by the whole article, not written in the evidence sentence:
# the place a clipped name (区信访办) was completed from, a county's city named elsewhere, the
# government a 市长 heads, the article's own place as the implementer of a subjectless sentence,
# the place a problem concerns that its paragraph names, the place a total was paid to.
DOCUMENT_LEVEL_RULES = frozenset({"clipped-name", "gazetteer-parent-in-article", "head-of-government",
                                  "launch-verb-home-place", "pronoun-parent", "resolve-home-place",
                                  "head-of-place", "head-of-body", CONTEXT_RULE, "fund-total-to-place"})


def nearest_before(ms: list[Mention], pos: int, types: frozenset[str] | set[str]) -> Mention | None:
    best = None
    for m in ms:
        if m.type in types and m.span.end <= pos and not nested(m, ms):
            if best is None or m.span.end > best.span.end:
                best = m
    return best


def nested(m: Mention, ms: list[Mention]) -> bool:
    return any(o is not m and o.span.start <= m.span.start and m.span.end <= o.span.end
               and len(o.span) > len(m.span) and o.type != "Issue" for o in ms)


# After a closing quotation mark, only a speaker and a speech verb: the sentence attributes a quote.
_ATTRIBUTION = re.compile(rf"”?[^“”。！？!?]{{1,30}}(?:{L.alternation(L.SPEECH_VERBS)})[。！!]?\s*")


def carried_subject(doc: Document, by_sent: dict[int, list[Mention]], sent: int, pos: int,
             types: frozenset[str] | set[str]) -> tuple[Mention | None, float]:
    """The actor before ``pos`` in the sentence, else carried over from the previous sentence;
    a word that points at one (该县, 村里) stands for it."""
    ms = by_sent.get(sent, [])
    subj = nearest_before(ms, pos, types)
    if subj:
        return subj, 1.0
    here = actors_between(doc, ms, doc.sentences[sent].span.start, pos, types)
    if here:
        return here[-1][1], 0.9
    prev = sent - 1
    if prev >= 0 and doc.sentences[prev].paragraph == doc.sentences[sent].paragraph:
        # only the previous sentence's subject carries over, not a name after 与/向/在 (与广东省…开通)
        pspan = doc.sentences[prev].span
        if doc.text[max(0, pspan.start - 1) : pspan.start + 1].count("”") \
                and _ATTRIBUTION.fullmatch(doc.text, pspan.start, pspan.end):
            return None, 0.0  # “…。”九井镇党委委员梁琴说。: who said it, not who acts next
        found = actors_between(doc, by_sent.get(prev, []), pspan.start, pspan.end, types)
        pm = not_after_preposition(doc, found)
        if pm and pspan.start <= pm[0][0]:
            return chain_end(pm[0], pm, doc), 0.7  # 四川省犍为县…: the county speaks
    return None, 0.0


# How far into a paragraph's first sentence its subject may start (after 今年以来， or 近日，).
_TOPIC_REACH = 12


def paragraph_subject(doc: Document, by_sent: dict[int, list[Mention]], sent: int,
                      types: frozenset[str] | set[str]) -> Mention | None:
    """The actor a paragraph opens with (河北省邢台市柏乡县通过…), as the subject of a later sentence
    of it that names none: a roundup gives each place a paragraph whose later sentences leave it
    unsaid. None for the paragraph's first sentence, or when it opens with no actor."""
    para = doc.sentences[sent].paragraph
    first = sent
    while first > 0 and doc.sentences[first - 1].paragraph == para:
        first -= 1
    if first == sent:
        return None
    fspan = doc.sentences[first].span
    found = not_after_preposition(doc, actors_between(doc, by_sent.get(first, []), fspan.start, fspan.end, types))
    if not found or found[0][0] - fspan.start > _TOPIC_REACH:
        return None
    return chain_end(found[0], found, doc)


_PREPOSITIONS = L.PREPOSITIONS


def end_as_written(doc: Document, pos: int, m: Mention) -> int:
    """Where ``m`` ends as written at ``pos``: its own span, or a two-character pronoun (该市) standing for it."""
    return pos + (len(m.span) if doc.text[pos : pos + len(m.text)] == m.text else 2)


def not_after_preposition(doc: Document, found: list[tuple[int, Mention]]) -> list[tuple[int, Mention]]:
    """Actors that can be a subject: not in a run of names after 与/向/在 (与广东省清远市开通…)."""
    out = []
    run_start = None
    end = -1
    for p, m in found:
        gap = doc.text[end:p] if end >= 0 else None
        if run_start is None or (p != end and not (gap is not None and len(gap) == 1 and gap in L.LIST_JOINERS)):
            run_start = p  # a new run of names written together or listed (在北京、河北)
        end = end_as_written(doc, p, m)
        if doc.text[run_start - 1 : run_start] not in _PREPOSITIONS:
            out.append((p, m))
    return out


def main_actor(doc: Document) -> Mention | None:
    """What the article is about, as the implementer of what it says is carried out with no
    subject: the body, company or county- or city-level place it names most (a company's
    report is about the company; a county's about the county), when it names it at least twice as
    often as any other; none for a roundup of places named about as often."""
    counts: dict[tuple[str, str], list[Mention]] = {}
    for m in doc.mentions:
        if m.type in ("City", "County", "Agency", "Organization", "Company"):
            counts.setdefault(m.key, []).append(m)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or (len(ranked) > 1 and len(ranked[0]) < 2 * len(ranked[1])):
        return None
    return ranked[0][0]


def dominant_place(doc: Document) -> Mention | None:
    """The place the article names most, of any level (a report on a town is about the town): the
    subject of subjectless sentences."""
    counts: dict[tuple[str, str], list[Mention]] = {}
    for m in doc.mentions:
        if m.type in PLACE_TYPES:
            counts.setdefault(m.key, []).append(m)
    return max(counts.values(), key=len)[0] if counts else None


# 该市, and 我县 / 本校 as the article's own voice (a county's or a university's report)
PRONOUN = re.compile(f"(?:{L.POINTER_BACK}|(?<![自]){L.POINTER_OWN[0]}|{L.POINTER_OWN[1]})({'|'.join(L.POINTER_KINDS)})")


# 村里 / 县里 as an actor: the village or county the text is about (the latest one named before).
_HERE = re.compile(f"(?<![{L.NOT_HERE_BEFORE}])({'|'.join(L.HERE_LEVELS)}){L.HERE_SUFFIX}")


# What the latest antecedent of a body word ends with (该校 is a school, not its youth league).
_PRONOUN_ENDINGS = L.POINTER_ENDINGS


_PRONOUN_TYPES = L.POINTER_KINDS


def pointed_at(doc: Document, word: str, pos: int) -> Mention | None:
    """The entity 该公司 / 该市 / 该镇 … at ``pos`` points at: the latest one of its kind before it.

    该市 is the article's own city: the 市 it names most often.
    """
    types = _PRONOUN_TYPES[word]
    if word == "市":
        counts: dict[str, list[Mention]] = {}
        for m in doc.mentions:
            if m.type in types and m.canonical.endswith("市") and m.span.end <= pos:
                counts.setdefault(m.canonical, []).append(m)
        return max(counts.values(), key=len)[-1] if counts else None
    best = None
    for m in doc.mentions:
        if m.span.end > pos:
            break
        if m.type in types and m.canonical.endswith(_PRONOUN_ENDINGS.get(word, "")):
            best = m
    return best


def actors_between(doc: Document, ms: list[Mention], lo: int, hi: int, types: frozenset[str]) -> list[tuple[int, Mention]]:
    """Named or pronoun-referred entities of ``types`` in ``[lo, hi)``, by position."""
    out = [(m.span.start, m) for m in ms if m.type in types and lo <= m.span.start < hi and not nested(m, ms)]
    for regex in (PRONOUN, _HERE):
        for p in regex.finditer(doc.text, lo, hi):
            a = pointed_at(doc, p.group(1), p.start())
            if a is not None and a.type in types:
                out.append((p.start(), a))
    return sorted(out, key=lambda t: t[0])


def chain_end(first: tuple[int, Mention], found: list[tuple[int, Mention]], doc: Document) -> Mention:
    """The most specific name of a run written together (该市双塔街道 → 双塔街道; 长寿区葛兰镇塘坝村 → 塘坝村)."""
    pos, m = first
    end = end_as_written(doc, pos, m)
    for p, n in found:
        if p == end:
            m, end = n, p + len(n.span)
    return m
