"""``kg ner``: entity recognition only, on JSON Lines, with offsets into the given text.

Reads ``{"id", "text"}`` lines and writes ``{"id", "entities": [{"start",
"end", "type", "text"}]}`` lines with the schema's classes, for measuring
recognition on public NER sets. Offsets are code points into the input
``text``, end exclusive.

The recognizer is the build's own: the ``clean``, ``segment`` and
``extract_entities`` stages that ``kg build`` runs (the learned recognizer of
``kg.recognizer`` over the genre's rules), so a score of ``kg ner`` is a score
of the graph's names. Flat NER sets have no nested names, so only the outermost
name of a nest is written (江北区信访办, not also 江北区), and issue phrases,
which no NER set labels, are left out.
"""

from __future__ import annotations

import json
from typing import IO, Iterator

from .classes import COARSE as CLASS_COARSE
from .errors import InputError
from .ingest import make_document
from .pipeline import run_document

NER_PIPELINE = ("clean", "segment", "extract_entities")
# The mapping used to score against PER/LOC/ORG sets.
COARSE = CLASS_COARSE  # kg/resources/classes.toml


def recognise(text: str) -> list[dict]:
    """Entities of ``text``: start, end, schema type and the exact text, sorted by position."""
    if not text.strip():
        return []
    doc = run_document(make_document("ner", text, "<ner>"), NER_PIPELINE)
    out = []
    for m in doc.mentions:
        if m.type == "Issue":
            continue
        raw = doc.raw_span(m.span)
        out.append({"start": raw.start, "end": raw.end, "type": m.type, "text": text[raw.start : raw.end]})
    return _flat(out)


def _flat(ents: list[dict]) -> list[dict]:
    """Outermost names only: the build keeps 江北区 inside 江北区信访办, flat NER sets do not."""
    ents = sorted(ents, key=lambda e: (e["start"], -e["end"]))
    out: list[dict] = []
    for e in ents:
        if out and e["start"] < out[-1]["end"]:
            continue
        out.append(e)
    return out


def ner_lines(lines: IO[str], name: str = "<stdin>") -> Iterator[str]:
    """One output JSON line per input line; a malformed line is an error naming it."""
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            text = rec["text"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise InputError(f"{name}:{i}", "each line needs a JSON object with \"text\" (and \"id\")") from None
        yield json.dumps({"id": rec.get("id", i), "entities": recognise(text)}, ensure_ascii=False)
