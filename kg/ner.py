"""``kg ner``: entity recognition only, on JSON Lines, with offsets into the given text.

Reads ``{"id", "text"}`` lines and writes ``{"id", "entities": [{"start",
"end", "type", "text"}]}`` lines with the schema's classes, for measuring
recognition on public NER sets. Offsets are code points into the input
``text``, end exclusive.

Two recognisers, chosen with ``model``:

* ``crf`` (default): the character CRF shipped in the package (``kg.crf``)
  finds person, place and organisation names in any news text (merging in
  the rules' bodies scored lower on the People's Daily dev set, so its spans
  stand as they are); each is given
  the schema class its form says (a 村 is a Village, a 公司 a Company, a
  gazetteer name its level; other places are ``Place``). The genre rules add
  what the CRF has no label for (programmes), and type a person as Official
  when the rules saw a post before the name.
* ``rules``: the build pipeline's own extractor alone (clean, segment,
  extract_entities), tuned to government work reports.
"""

from __future__ import annotations

import json
from typing import IO, Iterator

from .errors import InputError
from .ingest import make_document
from .pipeline import run_document

NER_PIPELINE = ("clean", "segment", "extract_entities")
# The mapping used to score against PER/LOC/ORG sets.
COARSE = {"Official": "PER", "Person": "PER", "Village": "LOC", "Township": "LOC", "County": "LOC",
          "City": "LOC", "Place": "LOC", "Agency": "ORG", "Company": "ORG", "Organization": "ORG"}
MODELS = ("crf", "rules")


def schema_class(coarse: str, name: str) -> str:
    """The schema class of a PER/LOC/ORG name, from its form and the gazetteer."""
    from .extract_entities import (_AGENCY_RE, _CITY_RE, _COMPANY_RE, _COUNTY_RE, _TOWNSHIP_RE,
                                   _VILLAGE_RE)
    from .gazetteer import gazetteer

    if coarse == "PER":
        return "Person"
    if coarse == "LOC":
        divisions = {d.type for d in gazetteer().lookup(name)}
        if len(divisions) == 1:
            return divisions.pop()
        for rx, cls in ((_VILLAGE_RE, "Village"), (_TOWNSHIP_RE, "Township"), (_COUNTY_RE, "County"),
                        (_CITY_RE, "City")):
            if rx.search(name):
                return cls
        return "Place"
    if _COMPANY_RE.search(name):
        return "Company"
    if _AGENCY_RE.search(name):
        return "Agency"
    return "Organization"


def recognise(text: str, model: str = "crf") -> list[dict]:
    """Entities of ``text``: start, end, schema type and the exact text, sorted by position."""
    if not text.strip():
        return []
    if model == "crf":
        return _recognise_crf(text)
    if model != "rules":
        raise ValueError(f"unknown model {model!r}; use one of {MODELS}")
    return _recognise_rules(text)


def _recognise_crf(text: str) -> list[dict]:
    from .crf import tag

    rules = _recognise_rules(text)
    officials = {(e["start"], e["end"]) for e in rules if e["type"] == "Official"}
    spans = tag(text)
    out = []
    taken = []
    for s, e, coarse, _ in spans:
        cls = schema_class(coarse, text[s:e])
        if cls == "Person" and (s, e) in officials:
            cls = "Official"
        out.append({"start": s, "end": e, "type": cls, "text": text[s:e]})
        taken.append((s, e))
    for r in rules:  # what only the rules know: programmes, which the CRF has no label for
        if r["type"] == "Programme" and not any(s < r["end"] and r["start"] < e for s, e in taken):
            out.append(r)
    return sorted(out, key=lambda e: (e["start"], e["end"]))


def _recognise_rules(text: str) -> list[dict]:
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


def ner_lines(lines: IO[str], name: str = "<stdin>", model: str = "crf") -> Iterator[str]:
    """One output JSON line per input line; a malformed line is an error naming it."""
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            text = rec["text"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise InputError(f"{name}:{i}", "each line needs a JSON object with \"text\" (and \"id\")") from None
        yield json.dumps({"id": rec.get("id", i), "entities": recognise(text, model)}, ensure_ascii=False)
