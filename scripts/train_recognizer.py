"""Train the models that ship in ``kg/resources``: the entity recognizer (``recognizer.crfsuite``)
and the relation classifier (``relations.crfsuite``).

    python scripts/train_recognizer.py \\
        --gold ../shared/eval/genre/gold.jsonl:../shared/eval/genre/texts \\
        --gold ../shared/eval/seeds.gold.jsonl:data \\
        --ner ../shared/eval/train/cluener_train.jsonl --ner-limit 1500

Each ``--gold GOLD:TEXTS`` pair names a gold file (one JSON object per article:
``doc``, ``entities`` with ``type``, ``name`` and ``aliases``) and the folder
holding the articles it annotates. Every article is cleaned by the build's own
stages, its gold names are projected onto the text (``kg.recognizer.project_gold``)
and its characters get the recognizer's features (the name CRF's and the rules'
labels), so the model learns from exactly what ``kg build`` will show it.

The first 1,500 CLUENER training sentences (name, company, government and organization labels
mapped onto the schema's classes) are added to the genre's articles: chosen by
``benchmarks/genre_cv.py``, which scored entity F1 0.715 → 0.724 and relation F1 0.494 → 0.503
with them (4,000 lowered Organization and Programme recall: 0.713 / 0.514).

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

from kg import recognizer, relation_model  # noqa: E402
from kg.extract_entities import rule_candidates  # noqa: E402
from kg.ingest import read_inputs  # noqa: E402
from kg.model import Document  # noqa: E402
from kg.pipeline import run_document  # noqa: E402

DEFAULT_OUT = ROOT / "kg" / "resources"


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


def relation_examples(article: Article) -> list[tuple[list[str], str]]:
    """(features, predicate or ``none``) of every candidate pair of names in the article, as the
    entity recognizer in force finds them; a pair is labelled with the gold relation whose two ends
    it names (by the scorer's folding of names)."""
    from kg.evaluate import norm
    from kg.extract_relations import rule_relations

    forms: dict[str, set[str]] = {}
    for e in article.gold.get("entities", []):
        forms.setdefault(e["name"], set()).update(norm(x) for x in (e["name"], *e.get("aliases", [])))
    gold = []
    for r in article.gold.get("relations", []):
        if r.get("p") in relation_model.DOMAINS and r.get("s") and r.get("o"):
            gold.append((r["p"], forms.get(r["s"], {norm(r["s"])}), forms.get(r["o"], {norm(r["o"])})))
    doc = rule_relations(run_document(article.doc, ("extract_entities",)))
    out = []
    for _, a, b, feats in relation_model.instances(doc, doc.relations):
        na = {norm(x) for x in (a.canonical, a.text, *a.aliases)}
        nb = {norm(x) for x in (b.canonical, b.text, *b.aliases)}
        label = next((p for p, fs, fo in gold if na & fs and nb & fo), relation_model.NONE)
        out.append((feats, label))
    return out


def _publish(write, out: Path) -> None:  # type: ignore[no-untyped-def]
    """Run ``write(tmp)`` and move the file it wrote to ``out`` only once it is complete."""
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)  # package data, readable by all like the rest
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def train_on(articles: list[Article], out_dir: Path, **params: float) -> None:
    """Train the recognizer on ``articles``, then the relation classifier on the names that
    recognizer finds in the annotated ones; write both models into ``out_dir``."""
    entities = out_dir / recognizer.MODEL_RESOURCE
    relations = out_dir / relation_model.MODEL_RESOURCE
    _publish(lambda tmp: recognizer.train((s for a in articles for s in a.sequences), tmp, **params), entities)
    with recognizer.model_from(entities):
        examples = [x for a in articles if a.gold.get("relations") for x in relation_examples(a)]
    _publish(lambda tmp: relation_model.train(examples, tmp), relations)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", action="append", required=True, metavar="GOLD:TEXTS")
    ap.add_argument("--ner", metavar="FILE", help="CLUENER-style sentences to train on as well")
    ap.add_argument("--ner-limit", type=int, default=0, help="at most this many of them")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write the two models into")
    ap.add_argument("--c1", type=float, default=0.3,
                    help="the recognizer's L1 penalty (0.3: a grid of six by genre cross-validation found none better)")
    ap.add_argument("--c2", type=float, default=0.05, help="its L2 penalty")
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
