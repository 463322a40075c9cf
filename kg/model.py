"""The data objects that flow through the pipeline.

A :class:`Document` is created by ``ingest`` with only its raw text and is
refined by each stage (``clean`` → ``segment`` → ``extract_entities`` →
``extract_relations``), always by returning a new frozen object. All offsets
are code-point offsets; spans on a document are on its *cleaned* text, and
:meth:`Document.raw_span` maps them back to the raw text through the offset
map that ``clean`` records.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Sequence

from .vocab import entity_classes, entity_relations

# The vocabulary comes from the ontology (ontology/shishi.ttl), its one source: the entity
# classes in the order it declares them, the groupings as the classes under them, the relations.
ENTITY_TYPES: tuple[str, ...] = entity_classes()
PLACE_TYPES: frozenset[str] = frozenset(entity_classes("Place"))
# The places' levels, the widest first (a city or province 0 … a village 3).
PLACE_LEVEL: dict[str, int] = {"City": 0, "County": 1, "Township": 2, "Village": 3}
BODY_TYPES: frozenset[str] = frozenset(entity_classes("Body"))
PERSON_TYPES: frozenset[str] = frozenset(entity_classes("Person"))
RELATION_TYPES: tuple[str, ...] = entity_relations()


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` on a document's cleaned text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        """Whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Sentence:
    """A sentence of the cleaned text; ``paragraph`` counts text lines from 0."""

    index: int
    span: Span
    paragraph: int


@dataclass(frozen=True)
class Mention:
    """A name of one entity found in the cleaned text.

    ``canonical`` is the name the entity is known by (quotes removed, clipped
    names completed); ``text`` is exactly ``document.text[span]``. ``parent``
    holds the canonical name of the place the text says it lies in, used to keep
    two 青龙村 in different towns apart.
    """

    span: Span
    text: str
    type: str
    canonical: str
    extractor: str
    confidence: float
    post: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        """Identity of the entity within one document: type and canonical name."""
        return (self.type, self.canonical)


@dataclass(frozen=True)
class Funding:
    """Money in a ``funded`` relation: amount in yuan and how it was written."""

    amount: Decimal | None
    amount_text: str
    approximate: bool = False
    aggregate: bool = False
    purpose: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class RelationMention:
    """A relation stated by one sentence, between two entity keys of the document."""

    predicate: str
    subject: tuple[str, str]
    object: tuple[str, str]
    sentence: int
    evidence: Span
    extractor: str
    confidence: float
    post: str | None = None
    funding: Funding | None = None
    date: str | None = None


@dataclass(frozen=True)
class Document:
    """One article and everything the per-document stages found in it."""

    id: str
    raw: str
    source: str
    content_hash: str
    encoding: str = "utf-8"
    title: str | None = None
    date: str | None = None
    url: str | None = None
    text: str = ""
    offsets: Sequence[int] = field(default=(), hash=False)  # per cleaned character, its raw index
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[RelationMention, ...] = ()
    issues: tuple[Mention, ...] = ()  # the problems the relation rules name (extract_relations owns them)
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def replace(self, **changes: object) -> "Document":
        """A copy with some fields changed (documents are immutable)."""
        return dataclasses.replace(self, **changes)

    def raw_span(self, span: Span) -> Span:
        """Map a span of the cleaned text back to the raw text."""
        if not self.offsets:
            return span
        return Span(*self.raw_bounds(span))

    def raw_bounds(self, span: Span) -> tuple[int, int]:
        """:meth:`raw_span` as a (start, end) pair, for callers that map tens of thousands of spans."""
        if not self.offsets:
            return span.start, span.end
        start = self.offsets[span.start] if span.start < len(self.offsets) else len(self.raw)
        if span.end == span.start:
            return start, start
        return start, max(start, self.offsets[span.end - 1] + 1)

    @property
    def all_mentions(self) -> tuple[Mention, ...]:
        """The entity mentions and the Issue mentions the relation rules named, ordered by span
        and class: a problem the rules named replaces an Issue the entity layer found on the
        same span (the rule that finds a problem fixed names it)."""
        spans = {(m.span.start, m.span.end) for m in self.issues}
        kept = tuple(m for m in self.mentions if m.type != "Issue" or (m.span.start, m.span.end) not in spans)
        return tuple(sorted(kept + self.issues, key=lambda m: (m.span.start, m.span.end, m.type)))

    def sentence_text(self, index: int) -> str:
        """The cleaned text of sentence ``index``."""
        s = self.sentences[index].span
        return self.text[s.start : s.end]

    def sentence_of(self, span: Span) -> int:
        """Index of the sentence containing ``span.start``."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].span.start <= span.start:
                lo = mid
            else:
                hi = mid - 1
        return lo


@dataclass(frozen=True)
class Entity:
    """A real thing across the corpus, merged from mentions."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    posts: tuple[str, ...] = ()
    parent: str | None = None
    mentions: tuple[tuple[str, Mention], ...] = ()
    merge_rules: tuple[str, ...] = ()
    kept_apart: tuple[tuple[str, str], ...] = ()  # (id of another entity of this name, why not merged)


@dataclass(frozen=True)
class Relation:
    """A relation between two corpus entities, with every sentence stating it."""

    predicate: str
    subject: str
    object: str
    evidence: tuple[tuple[str, RelationMention], ...]


def sorted_unique(items: Iterable[str]) -> tuple[str, ...]:
    """Sorted tuple of distinct, non-empty strings (for deterministic output)."""
    return tuple(sorted({i for i in items if i}))
