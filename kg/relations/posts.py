"""``holdsPost``: an official and the body or place of each of their posts, with the post title,
for posts written before or after the name and lists of posts (区委副书记、区长).
"""

from __future__ import annotations

import re

from .. import lexicon as L
from ..model import BODY_TYPES, PLACE_TYPES, Document, Mention, RelationMention
from . import relation_rule
from .mentions import make_relation, nested


_HEAD_POSTS = L.HEAD_POSTS


@relation_rule("posts", predicates=("holdsPost",), order=20)
def find_posts(doc: Document, by_sent: dict[int, list[Mention]]) -> list[RelationMention]:
    """Each post before an official's name, with the body it names (市委书记 → 荆州市委).

    A head of government's post (市长, 县长) names no body: it is the 政府 of that
    level that the article mentions.
    """
    governments: dict[str, list[Mention]] = {}
    for m in doc.mentions:
        if m.type == "Agency" and m.canonical.endswith("政府") and len(m.canonical) > 2:
            governments.setdefault(m.canonical[-3], []).append(m)
    out = []
    for sent, ms in by_sent.items():
        for m in ms:
            if m.type != "Official" or not m.post:
                continue
            pos = m.span.start - len(m.post)
            if doc.text[pos : m.span.start] != m.post:
                # the post follows the name: 周明芳（吉水县文峰小学校长）, 王立新，区委书记
                after = doc.text.find(m.post, m.span.end, m.span.end + 24)
                pos = after if after >= 0 else pos
            for part in each_post(m.post):
                lo, hi = pos, pos + len(part)
                pos = hi + 1
                bodies = [b for b in ms if b.type in BODY_TYPES and lo <= b.span.start and b.span.end <= hi
                          and not nested(b, ms)]
                rule = "post-before-name"
                if not bodies:
                    level = next((lv for p, lv in _HEAD_POSTS.items() if part.endswith(p)), None)
                    gov = governments.get(level or "")
                    bodies = [max(gov, key=lambda g: sum(1 for x in gov if x.canonical == g.canonical))] if gov else []
                    rule = "head-of-government"
                if not bodies:
                    # the place the post names (兴文县僰王山镇原党委委员 → 僰王山镇), but not a place that
                    # only begins a body's name the recognizer missed (吉水县文峰小学校长)
                    places = [p for p in ms if p.type in PLACE_TYPES and lo <= p.span.start and p.span.end <= hi]
                    last = max(places, key=lambda p: p.span.end, default=None)
                    bodies = [last] if last is not None and _post_of_place(doc.text[last.span.end : hi]) else []
                    rule = "post-before-name"
                if not bodies:
                    # 副区长, 村支书 with no place written: the article's own place of that level
                    home = _home_of_level(doc, part)
                    bodies, rule = ([home], "head-of-place") if home is not None else ([], rule)
                if not bodies:
                    # 副校长 with no school written: the article's own school
                    home = _home_body(doc, part)
                    bodies, rule = ([home], "head-of-body") if home is not None else ([], rule)
                for b in bodies[:1]:
                    out.append(make_relation("holdsPost", m, b, sent, doc, rule, 0.85, post=part))
    return out


_POST_RE = L.POST_PATTERN


_POST_LIST = re.compile(f"[{L.POST_LIST_MARKS}]")


def each_post(post: str) -> list[str]:
    """The posts of a list of posts, in order: 区委副书记、区长; 驻村第一书记兼村党支部书记."""
    return _POST_LIST.split(post)


_PLACE_BODIES = L.PLACE_BODIES


def _post_of_place(rest: str) -> bool:
    """Whether the words after a place in a post are a post of the place itself (县委书记 after
    吉水: 委书记; 原党委委员; 第一书记; 副镇长), not a post in a body whose name the place begins
    (文峰小学校长: the school's)."""
    rest = rest.lstrip(L.POST_QUALIFIERS)
    ending = max((m for m in _POST_RE.finditer(rest) if m.end() == len(rest)), key=lambda m: m.end() - m.start(),
                 default=None)
    head = (rest[: ending.start()] if ending is not None else rest).rstrip(L.POST_QUALIFIERS)
    if head.startswith(_PLACE_BODIES):
        return True
    return not head.endswith(L.ALL_BODY_SUFFIXES)


_LEVEL_TYPES = L.POST_LEVEL_CLASSES


def _home_of_level(doc: Document, post: str) -> Mention | None:
    """The place a post that begins with its level (副区长, 村党支部书记, 镇长) serves when the text
    writes no place with it: the place of that level the article names most, if it names one."""
    head = post.lstrip(L.POST_QUALIFIERS)
    if head[:1] not in _LEVEL_TYPES or head[:2] in L.LEVEL_WORDS:
        return None
    level = head[0]
    counts: dict[tuple[str, str], list[Mention]] = {}
    for m in doc.mentions:
        if m.type in _LEVEL_TYPES[level] and m.canonical.endswith(level if level != "街" else "街道"):
            counts.setdefault(m.key, []).append(m)
    if not counts:
        return None
    ranked = sorted(counts.values(), key=len, reverse=True)
    if len(ranked) > 1 and len(ranked[0]) == len(ranked[1]):
        return None  # two places of that level named as often: the post's is not certain
    return ranked[0][0]


def _home_body(doc: Document, post: str) -> Mention | None:
    """The body a post names by its kind only (副校长 → the school, 会长 → the association) when
    the text writes none with it: the one body of that kind the article names most, if one is."""
    ends = next((e for p, e in L.BODY_OF_POST.items() if post.endswith(p) and len(post) <= len(p) + 1), None)
    if ends is None:
        return None
    counts: dict[tuple[str, str], list[Mention]] = {}
    for m in doc.mentions:
        if m.type in BODY_TYPES and m.canonical.endswith(ends):
            counts.setdefault(m.key, []).append(m)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or (len(ranked) > 1 and len(ranked[0]) == len(ranked[1])):
        return None
    return ranked[0][0]
