"""Cross-validated quality of ``kg build`` on the genre set: K folds by article.

    python benchmarks/genre_cv.py                      # 5 folds over ../shared/eval/genre
    python benchmarks/genre_cv.py --folds 5 --seeds    # the seeds train every fold (as shipped)
    python benchmarks/genre_cv.py --seeds --ner ''      # without the CLUENER sentences
    python benchmarks/genre_cv.py --seeds --keep-models /tmp/cvm   # keep the fold models, then
    python benchmarks/genre_cv.py --seeds --rescore /tmp/cvm       # rescore a rule change in seconds

For each fold the recognizer is trained (``scripts/train_recognizer.py``'s
``train_on``) on the other folds' articles (and the seeds' with ``--seeds``),
then the held-out articles are built by the real ``kg.pipeline.build`` with that
model and scored by ``kg.evaluate.score`` against their gold. Counts are summed
over the folds, so the printed table is the micro average over all held-out
articles: a figure for articles the model never saw. Folds are articles
``i, i+K, i+2K, …`` of the gold file's order.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_recognizer import load_articles, load_ner_records, train_on  # noqa: E402

from kg import recognizer, relation_model  # noqa: E402
from kg.evaluate import Scores, format_scores, score  # noqa: E402
from kg.pipeline import build  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"


def add(total: Scores, part: Scores) -> None:
    """Sum the counts of ``part`` into ``total``."""
    for k, v in part.entities.items():
        total.entities[k].add(v)
    for k, v in part.relations.items():
        total.relations[k].add(v)
    total.funding_matched += part.funding_matched
    total.funding_right += part.funding_right
    total.errors += part.errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=f"{SHARED}/genre/gold.jsonl:{SHARED}/genre/texts", metavar="GOLD:TEXTS")
    ap.add_argument("--seeds", action="store_true", help="train every fold on the seeds' articles too")
    ap.add_argument("--seed-gold", default=f"{SHARED}/seeds.gold.jsonl:{ROOT}/data", metavar="GOLD:TEXTS")
    ap.add_argument("--ner", metavar="FILE", default=f"{SHARED}/train/cluener_train.jsonl",
                    help="CLUENER-style sentences in every training fold, as the shipped models have "
                         "(default: ../shared/eval/train/cluener_train.jsonl; '' for none)")
    ap.add_argument("--ner-limit", type=int, default=1500)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c1", type=float, default=0.3,
                    help="the recognizer's L1 penalty (0.3: a grid of six by genre cross-validation found none better)")
    ap.add_argument("--c2", type=float, default=0.05, help="its L2 penalty")
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="folds run at once")
    ap.add_argument("--errors", type=argparse.FileType("w"), help="write each held-out article's missed "
                    "(-) and spurious (+) entities and relations to this file")
    ap.add_argument("--keep-models", metavar="DIR",
                    help="keep each fold's models in DIR/fold<k>/ (to rescore rule changes with --rescore)")
    ap.add_argument("--rescore", metavar="DIR",
                    help="skip training: build and score each fold with the models kept in DIR by --keep-models "
                         "(seconds instead of minutes; a figure for rule changes, not for the README)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    articles = load_articles(args.gold)
    always = load_articles(args.seed_gold) if args.seeds else []
    if args.ner:
        always += load_ner_records(args.ner, args.ner_limit)
    print(f"{len(articles)} articles (+{len(always)} always in training); features in "
          f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    params = dict(c1=args.c1, c2=args.c2, max_iterations=args.iterations)
    folds = [(k, articles[k :: args.folds], [a for a in articles if a not in articles[k :: args.folds]] + always)
             for k in range(args.folds)]
    total = Scores()
    with tempfile.TemporaryDirectory() as tmp:
        _FOLD_STATE.update(tmp=args.rescore or args.keep_models or tmp, params=params, errors=bool(args.errors),
                           train=not args.rescore)
        # Folds are independent: one process each, as many at a time as there are cores.
        with multiprocessing.get_context("fork").Pool(min(args.jobs, args.folds)) as pool:
            for k, held, part, errors, secs in pool.imap(_run_fold, folds):
                add(total, part)
                for line in errors:
                    print(line, file=args.errors)
                print(f"fold {k}: {', '.join(a.gold['doc'] for a in held)}: entity F1 "
                      f"{part.entity_micro().f1:.3f}, relation F1 {part.relation_micro().f1:.3f} ({secs:.1f} s)",
                      file=sys.stderr)
    print(f"{args.folds}-fold cross-validation by article over {len(articles)} articles"
          + (" (seeds in every training fold)" if args.seeds else ""))
    print(format_scores(total))


_FOLD_STATE: dict = {}


def _run_fold(fold):  # type: ignore[no-untyped-def]
    """Train on a fold's training articles, build its held-out ones with that model, score them."""
    k, held, train = fold
    t = time.perf_counter()
    models = Path(_FOLD_STATE["tmp"]) / f"fold{k}"
    if _FOLD_STATE["train"]:
        models.mkdir(parents=True, exist_ok=True)
        train_on(train, models, **_FOLD_STATE["params"])
    with recognizer.model_from(models / recognizer.MODEL_RESOURCE), \
            relation_model.model_from(models / relation_model.MODEL_RESOURCE):
        result = build([a.path for a in held], progress=False)
    gold = [a.gold for a in held]
    errors: list[str] = []
    scores = score(result.graph, gold, errors if _FOLD_STATE["errors"] else None)
    return k, held, scores, errors, time.perf_counter() - t


if __name__ == "__main__":
    main()
