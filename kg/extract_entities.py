"""Stage ``extract_entities``: find the names of officials, bodies, places and programmes.

The recognisers live in :mod:`kg.entities`, one module per family: names in these
reports are mostly built as *stem + suffix* (长寿区 + 水利局, 洞塘 + 社区), so each
family finds its suffixes and grows a stem to the left (``stems``); places are typed
by the gazetteer where it knows them (``places``); quoted names followed by a
programme word are programmes (``programmes``); people are found around posts and
roles (``people``); bodies by their endings (``bodies``). The rules' candidates
(``candidates``) are given to the learned recognizer, whose names win
(``recognized``). This stage then runs the document-level passes: names carried to
their other occurrences, clipped agency names completed (区信访办 → 黔江区信访办),
officials typed by the posts the article gives them.
"""

from __future__ import annotations

from typing import Iterable

from .entities.bodies import (
    after_concurrent_post,
    bodies_acting_together,
    names_begun_inside_a_place,
    bodies_in_posts,
    listed_companies,
    no_body_name,
)
from .entities.candidates import after_pointer, complete_clipped, propagate, rule_candidates
from .entities.people import people_passes, type_officials
from .entities.places import (
    below_higher_names,
    doubled_level,
    full_place_names,
    kind_of_place,
    named_only_inside_bodies,
    nearest_place_only,
    trim_time_words,
)
from .entities.programmes import generic_programme, parallel_programmes
from .entities.recognized import model_names
from .entities.short_names import short_forms
from .entities.stems import EXTRACTOR, Cand
from .model import PLACE_TYPES, Document, Mention, Span
from .stages import stage

__all__ = ["Cand", "extract_entities", "find_entities", "mentions_of", "rule_candidates"]


def find_entities(text: str) -> list[Cand]:
    """All entity mentions of ``text``: the recognizer's names over the rules' candidates, then
    the document-level passes (names carried to their other occurrences, clipped names completed,
    people introduced with a post typed Official everywhere)."""
    chosen = after_concurrent_post(model_names(text, rule_candidates(text)))
    trim_time_words(text, chosen)
    chosen = sorted(chosen + propagate(text, chosen), key=lambda c: (c.start, c.end))
    full_place_names(chosen)
    below_higher_names(chosen)
    nearest_place_only(text, chosen)
    # bodies that name none go before the lists are read: a counted list names its items all the same
    chosen = [c for c in chosen if not (c.type in ("Agency", "Organization", "Company") and no_body_name(c)
                                        and not after_pointer(text, c))]
    chosen = sorted(chosen + listed_companies(text, chosen) + parallel_programmes(text, chosen),
                    key=lambda c: (c.start, c.end))
    chosen = bodies_acting_together(bodies_in_posts(text, people_passes(text, chosen)))
    for c in chosen:
        if c.type == "Agency":
            doubled_level(c)  # (after the bodies read from posts: 吉水县县委书记 names 吉水县委 too)
    names_begun_inside_a_place(text, chosen)
    complete_clipped(text, chosen)
    type_officials(chosen)
    short_forms(chosen)
    chosen = [c for c in chosen if not (c.type == "Programme" and generic_programme(c.canonical))
              and not (c.type in PLACE_TYPES and kind_of_place(c.canonical))]
    chosen = _one_per_span(named_only_inside_bodies(text, chosen))
    with_post = {c.canonical for c in chosen if c.type == "Official" and c.post}
    for c in chosen:
        if c.type == "Official" and c.canonical not in with_post:
            c.type = "Person"  # no post in sight: the schema's Official is a person with one
    return chosen


def _one_per_span(chosen: list[Cand]) -> list[Cand]:
    """One candidate per span: a place inside a body can be found by the recognizer and carried
    there by a rule as well, and a mention is one span of the text (its IRI is made of it).
    The recognizer's wins, then the surer."""
    best: dict[tuple[int, int], Cand] = {}
    for c in chosen:
        k = (c.start, c.end)
        if k not in best or (c.rule.startswith("model"), c.conf) > (best[k].rule.startswith("model"), best[k].conf):
            best[k] = c
    return [c for c in chosen if best[(c.start, c.end)] is c]


def mentions_of(doc: Document, cands: Iterable[Cand]) -> tuple[Mention, ...]:
    """The mentions of ``doc`` that candidates make, with their extractor and aliases."""
    mentions = []
    for c in cands:
        aliases = tuple(a for a in {c.alias, doc.text[c.start : c.end]} if a and a != c.canonical)
        extractor = c.rule if c.rule.startswith("model") else f"{EXTRACTOR}:{c.rule}"
        mentions.append(Mention(span=Span(c.start, c.end), text=doc.text[c.start : c.end], type=c.type,
                                canonical=c.canonical, extractor=extractor,
                                confidence=round(c.conf, 2), post=c.post, parent=c.parent,
                                aliases=tuple(sorted(aliases))))
    return tuple(mentions)


@stage("extract_entities", requires=("text",), assigns=("mentions",))
def extract_entities(doc: Document) -> Document:
    """Stage: fill ``mentions`` from the cleaned text."""
    return doc.replace(mentions=mentions_of(doc, find_entities(doc.text)))
