"""``implements``: the body or place that launched or carries out a programme, the subject
of the launch verb (a list of them, or the article's main actor when the sentence has none).
"""

from __future__ import annotations

import re

from .. import lexicon as L
from ..model import PLACE_TYPES, Document, Mention, RelationMention
from . import relation_rule
from .mentions import (
    LAUNCH_VERB_RE,
    actors_between,
    carried_subject,
    end_as_written,
    free_match,
    main_actor,
    make_relation,
    nested,
    not_after_preposition,
    paragraph_subject,
)


_IMPLEMENTERS = frozenset({"Agency", "Organization", "Company"}) | PLACE_TYPES
# Places and government bodies: what may open a programme's name as its owner (白沙村“周五课栈”,
# 市委“六创”) and what a subject carried from another sentence may be.
_GOVERNMENT = PLACE_TYPES | {"Agency"}


def _coordinated(doc: Document, found: list[tuple[int, Mention]]) -> list[Mention]:
    """The first actor and those listed with it (市市场监管局、市公安局和市教育局)."""
    if not found:
        return []
    pos, first = found[0]
    out = [first]
    end = pos + len(first.span)
    for p, m in found[1:]:
        gap = doc.text[end:p]
        if len(gap) > 1 or (gap and gap not in "、和及与,"):
            break
        out.append(m)
        end = p + len(m.span)
    return out


def _collapse_chains(doc: Document, found: list[tuple[int, Mention]]) -> list[tuple[int, Mention]]:
    """Runs of names written together (该市刁窝镇东冯村党支部) as their most specific name."""
    out: list[tuple[int, Mention]] = []
    end = -1
    for p, m in found:
        if out and p == end:
            out[-1] = (out[-1][0], m)
        else:
            out.append((p, m))
        end = end_as_written(doc, p, m)
    return out


def _adjacent_group(doc: Document, found: list[tuple[int, Mention]], vpos: int) -> list[tuple[int, Mention]]:
    """The actors listed right before the verb (青龙村按照区委、区政府实施…: 区委、区政府), if any.

    A later group written against the verb is its subject even when the
    sentence opened with another actor, who then only frames the clause.
    """
    if len(found) < 2:
        return []
    last_pos, last = found[-1]
    if vpos - (last_pos + len(last.span)) > 3 or re.search(r"[，,。；;]", doc.text[last_pos:vpos]):
        return []
    i = len(found) - 1
    while i > 0:
        p, m = found[i - 1]
        gap = doc.text[p + len(m.span) : found[i][0]]
        if len(gap) > 1 or (gap and gap not in "、和及与"):
            break
        i -= 1
    return found[i:] if i > 0 else []


# 以 <programme> 为载体 / 为切口 / 为抓手: the programme is the means of what the subject does.
_FRAME_OPEN = "以"
_MEANS_FRAME = re.compile(f"[”’》]?为(?:{L.alternation(L.MEANS_FRAMES)})")


# "自开展X以来，" / "X实行以来，": the programme, a launch verb after it or not, then the frame's end.
_SINCE = re.compile(f"[”’》]?(?:{L.alternation(L.LAUNCH_VERBS)})?(?:{L.alternation(L.SINCE_WORDS)})[，,]")
# Words between the frame and its subjects that name none (共有, 全市): at most this many characters.
_SINCE_GAP = 3


def _since_programme(doc: Document, ms: list[Mention], p: Mention, sent: int,
                     has_verb: bool) -> list[RelationMention]:
    """自开展X以来，A、B等单位…: the bodies or places the clause after the frame opens with carried the
    programme out (the frame needs a launch verb, before the programme or after it)."""
    end = end_as_written(doc, p.span.start, p)
    since = _SINCE.match(doc.text, end)
    if since is None or not (has_verb or since.group().lstrip("”’》").startswith(tuple(L.LAUNCH_VERBS))):
        return []
    return [make_relation("implements", m, p, sent, doc, "since-programme", 0.6)
            for m in _clause_openers(doc, ms, since.end(), doc.sentences[sent].span.end, p)]


def _clause_openers(doc: Document, ms: list[Mention], start: int, end: int, p: Mention) -> list[Mention]:
    """The bodies or places a clause written from ``start`` opens with (within a few characters and
    no punctuation), each of a list: the carriers of the programme ``p`` that a frame before the
    clause names (自开展X以来，A、B…; 为推动X…，A…)."""
    found = _collapse_chains(doc, actors_between(doc, ms, start, end, _IMPLEMENTERS))
    if not found or found[0][0] - start > _SINCE_GAP or re.search(r"[，,。；;]", doc.text[start : found[0][0]]):
        return []
    return [m for m in _coordinated(doc, found) if m.key != p.key]


# 为推动X…，A… : a purpose clause opens the sentence and its subject follows the comma.
_PURPOSE = re.compile(f"(?:{L.alternation(L.PURPOSE_OPENERS)})[^，,。；;]*[，,]")


def _after_purpose(doc: Document, ms: list[Mention], sent: int, p: Mention) -> list[Mention]:
    """为推动学习教育入脑入心，湖南省益阳市依托…: the programme is in an opening purpose clause, and
    the actor the main clause opens with carries it out."""
    span = doc.sentences[sent].span
    clause = _PURPOSE.match(doc.text, span.start)
    if clause is None or clause.end() < p.span.end:
        return []
    return _clause_openers(doc, ms, clause.end(), span.end, p)


@relation_rule("implements", predicates=("implements",), order=40)
def find_implements(doc: Document, by_sent: dict[int, list[Mention]]) -> list[RelationMention]:
    out = []
    home = main_actor(doc)
    for sent, ms in by_sent.items():
        span = doc.sentences[sent].span
        text = doc.text[span.start : span.end]
        for p in ms:
            if p.type != "Programme" or nested(p, ms):
                continue
            # 巴南区主题教育, 白沙村“周五课栈”, 市委“六创”: a place or a government body written right
            # before the programme carries it out.
            for m in ms:
                if m.type in _GOVERNMENT and m.span.end <= p.span.start \
                        and doc.text[m.span.end : p.span.start] in ("", "“", "《") and not nested(m, ms):
                    out.append(make_relation("implements", m, p, sent, doc, "owner-before-programme", 0.6))
            rel = p.span.start - span.start
            verb = free_match(LAUNCH_VERB_RE, text[:rel], span.start, ms, last=True)
            out += _since_programme(doc, ms, p, sent, verb is not None and rel - verb.end() <= 4)
            rule = "launch-verb"
            if verb:
                vpos = span.start + verb.start()
            else:
                # 以“…”创建活动为载体: the programme is the means of what the subject does
                opening = doc.text.rfind(_FRAME_OPEN, max(span.start, p.span.start - 2), p.span.start)
                if opening < 0 or not _MEANS_FRAME.match(doc.text, p.span.end):
                    continue
                vpos, rule = opening, "means-frame"
            found = _collapse_chains(doc, not_after_preposition(doc, actors_between(doc, ms, span.start, vpos,
                                                                              _IMPLEMENTERS)))
            subjects = _coordinated(doc, _adjacent_group(doc, found, vpos) or found)
            conf = 0.7
            if not subjects and rule == "launch-verb":
                subjects = _after_purpose(doc, ms, sent, p)
            if not subjects:
                prev, conf = carried_subject(doc, by_sent, sent, span.start, _IMPLEMENTERS)
                if prev is not None and home is not None and prev.type not in _GOVERNMENT:
                    prev = None  # a service or team the last sentence named does not carry the next one
                subjects = [prev] if prev else []
            if not subjects and (topic := paragraph_subject(doc, by_sent, sent, _IMPLEMENTERS)) is not None \
                    and topic.key != p.key and (home is None or topic.type in _GOVERNMENT):
                subjects, conf, rule = [topic], 0.5, "launch-verb-paragraph-subject"
            if not subjects and home is not None:
                subjects, conf, rule = [home], 0.4, "launch-verb-home-place"
            for subj in subjects:
                if subj.key != p.key:
                    out.append(make_relation("implements", subj, p, sent, doc, rule, conf))
    return out
