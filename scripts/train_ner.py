"""Train the CRF that ships as ``kg/resources/ner.crfsuite``.

    python scripts/train_ner.py ../shared/eval/train/msra_train.jsonl \
        --dev ../shared/eval/peoples_daily_dev.jsonl

Input is JSON Lines of ``{"text", "entities": [{"start", "end", "type"}]}`` with
PER/LOC/ORG types. The model is written to a temporary file and moved into
place only when training finished, so an interrupted run leaves the shipped
model as it was. With ``--dev`` the new model is scored span-exact on that set.
Only training and development splits belong here: test splits are for reports.

``--exclude FILE...`` drops every training record that shares a clause of
eight or more characters with a record of those files. The MSRA training
split holds two thirds of the People's Daily dev and test sentences verbatim,
so without this a People's Daily score measures memory, not recognition. Only
the texts of the excluded files are read, never their labels.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.crf import LABELS, bioes, features, spans_of  # noqa: E402

DEFAULT_OUT = ROOT / "kg" / "resources" / "ner.crfsuite"


def records(path: str, limit: int = 0):
    """Records of a JSON Lines file, the first ``limit`` if given."""
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit and i >= limit:
                return
            yield json.loads(line)


_CLAUSE = re.compile(r"[。！？；，、：,;:!?\s]+")


def clauses(text: str) -> set[str]:
    """The clauses of ``text`` long enough to identify a shared sentence."""
    return {c for c in _CLAUSE.split(text) if len(c) >= 8}


def score(model: str, path: str) -> str:
    """Span-exact P/R/F1 of ``model`` on the records of ``path``."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(model)
    tp = pred = gold = 0
    per: Counter[str] = Counter()
    for rec in records(path):
        if not rec["text"]:
            continue
        g = {(e["start"], e["end"], e["type"]) for e in rec["entities"] if e["type"] in LABELS}
        p = set(spans_of(tagger.tag(features(rec["text"]))))
        tp += len(g & p)
        pred += len(p)
        gold += len(g)
        for s in g & p:
            per[s[2]] += 1
    prec, rec_ = tp / max(pred, 1), tp / max(gold, 1)
    f1 = 2 * prec * rec_ / max(prec + rec_, 1e-9)
    return f"P {prec:.3f} R {rec_:.3f} F1 {f1:.3f} ({tp} of {pred} predicted, {gold} gold)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train", nargs="+", help="training JSON Lines files")
    ap.add_argument("--dev", help="a development set to score the new model on")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--c1", type=float, default=0.1, help="L1 penalty (sparser, smaller model)")
    ap.add_argument("--c2", type=float, default=0.01, help="L2 penalty")
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--min-freq", type=int, default=2, help="drop features seen fewer times")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N records of each file")
    ap.add_argument("--exclude", nargs="*", default=[],
                    help="evaluation files whose sentences must not be trained on (texts only are read)")
    args = ap.parse_args()

    import pycrfsuite

    held_out: set[str] = set()
    for path in args.exclude:
        for rec in records(path):
            held_out |= clauses(rec["text"])
    trainer = pycrfsuite.Trainer(verbose=False)
    t = time.perf_counter()
    n = chars = dropped = 0
    for path in args.train:
        for rec in records(path, args.limit):
            text = rec["text"]
            if not text:
                continue
            if held_out and clauses(text) & held_out:
                dropped += 1
                continue
            spans = [(e["start"], e["end"], e["type"]) for e in rec["entities"] if e["type"] in LABELS]
            trainer.append(features(text), bioes(len(text), spans))
            n += 1
            chars += len(text)
    print(f"features of {n:,} records ({chars:,} chars) in {time.perf_counter() - t:.0f} s; "
          f"{dropped:,} records dropped as shared with {', '.join(args.exclude) or 'no file'}", flush=True)
    trainer.set_params({
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature.minfreq": args.min_freq,
        "feature.possible_transitions": True,
    })
    tmp = args.out + ".part"
    t = time.perf_counter()
    trainer.train(tmp)
    print(f"trained in {time.perf_counter() - t:.0f} s; {os.path.getsize(tmp) / 1e6:.1f} MB", flush=True)
    os.replace(tmp, args.out)
    if args.dev:
        print(f"dev {args.dev}: {score(args.out, args.dev)}")


if __name__ == "__main__":
    main()
