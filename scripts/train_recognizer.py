"""Train the entity recognizer that ships as ``kg/resources/recognizer.crfsuite``.

    python scripts/train_recognizer.py \\
        --gold ../shared/eval/genre/gold.jsonl:../shared/eval/genre/texts \\
        --gold ../shared/eval/seeds.gold.jsonl:data

Each ``--gold GOLD:TEXTS`` pair names a gold file (one JSON object per article:
``doc``, ``entities`` with ``type``, ``name`` and ``aliases``) and the folder
holding the articles it annotates. Every article is cleaned by the build's own
stages, its gold names are projected onto the text (``kg.recognizer.project_gold``)
and its characters get the recognizer's features (the name CRF's and the rules'
labels), so the model learns from exactly what ``kg build`` will show it.

The model is written to a temporary file and moved into place only when
training finished. ``benchmarks/genre_cv.py`` cross-validates the same
training by article; report that figure, not a score on the training articles.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import recognizer  # noqa: E402
from kg.extract_entities import rule_candidates  # noqa: E402
from kg.ingest import read_inputs  # noqa: E402
from kg.model import Document  # noqa: E402
from kg.pipeline import run_document  # noqa: E402

DEFAULT_OUT = ROOT / "kg" / "resources" / recognizer.MODEL_RESOURCE


@dataclass
class Article:
    """One annotated article: its file, gold record, cleaned document and training sequences."""

    path: Path
    gold: dict
    doc: Document
    sequences: list


def load_articles(spec: str) -> list[Article]:
    """The articles of a ``GOLD:TEXTS`` pair, cleaned, projected and featurised."""
    gold_path, _, texts = spec.partition(":")
    if not texts:
        raise SystemExit(f"--gold {spec}: give GOLD:TEXTS, the gold file and the folder of its articles")
    out = []
    with open(gold_path, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    for rec in records:
        path = Path(texts) / rec["doc"]
        docs = [d for d in read_inputs([path]) if isinstance(d, Document)]
        if len(docs) != 1:
            raise SystemExit(f"{path}: expected one readable article for gold doc {rec['doc']!r}")
        doc = run_document(docs[0], ("clean", "segment"))
        spans = recognizer.project_gold(doc.text, rec["entities"])
        seqs = recognizer.training_sequences(doc.text, rule_candidates(doc.text), spans)
        out.append(Article(path, rec, doc, seqs))
    return out


# CLUENER's labels as the schema's classes. Names are people (officials where the rules see a post);
# addresses hold places, labelled where the rules find them; books, games, films, scenes and
# positions are not entities of the schema.
CLUENER_CLASSES = {"company": "Company", "government": "Agency", "organization": "Organization"}


def load_ner_records(path: str, limit: int = 0, every: int = 1) -> list[Article]:
    """Sentences of a CLUENER-style file (``text``, ``entities`` with ``start``, ``end``, ``type``)
    with their labels mapped onto the schema's classes, featurised like the genre's articles."""
    from kg.ingest import make_document

    out = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % every:
                continue
            if limit and len(out) >= limit:
                break
            rec = json.loads(line)
            text = rec["text"]
            if not text.strip():
                continue
            cands = rule_candidates(text)
            officials = {(c.start, c.end) for c in cands if c.type == "Official"}
            spans = []
            for e in rec["entities"]:
                s, t, ty = e["start"], e["end"], e["type"]
                if ty == "name":
                    spans.append((s, t, "Official" if (s, t) in officials else "Person"))
                elif ty in CLUENER_CLASSES:
                    spans.append((s, t, CLUENER_CLASSES[ty]))
                elif ty == "address":
                    spans += [(c.start, c.end, c.type) for c in cands
                              if c.layer == "place" and s <= c.start and c.end <= t]
            doc = make_document(str(rec.get("id", i)), text, path)
            seqs = recognizer.training_sequences(text, cands, sorted(spans))
            out.append(Article(Path(path), {"doc": doc.id}, doc, seqs))
    return out


def train_on(articles: list[Article], out: Path, **params: float) -> None:
    """Train on ``articles`` and move the model to ``out`` once it is complete."""
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    os.close(fd)
    try:
        recognizer.train((s for a in articles for s in a.sequences), tmp, **params)  # type: ignore[arg-type]
        os.chmod(tmp, 0o644)  # package data, readable by all like the rest
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", action="append", required=True, metavar="GOLD:TEXTS")
    ap.add_argument("--ner", metavar="FILE", help="CLUENER-style sentences to train on as well")
    ap.add_argument("--ner-limit", type=int, default=0, help="at most this many of them")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iterations", type=int, default=150)
    args = ap.parse_args()
    t = time.perf_counter()
    articles = [a for spec in args.gold for a in load_articles(spec)]
    if args.ner:
        articles += load_ner_records(args.ner, args.ner_limit)
    n = sum(len(a.doc.text) for a in articles)
    print(f"{len(articles)} articles, {n:,} characters, features in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    t = time.perf_counter()
    train_on(articles, args.out, c1=args.c1, c2=args.c2, max_iterations=args.iterations)
    print(f"trained in {time.perf_counter() - t:.1f} s -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
