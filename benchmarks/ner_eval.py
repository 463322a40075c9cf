"""Span-exact P/R/F1 of ``kg ner`` on PER/LOC/ORG sets (MSRA, People's Daily).

Schema classes are mapped Official/Person→PER, places→LOC, Agency/Company/
Organization→ORG (kg.ner.COARSE). Programmes have no coarse class and are left out.

    python benchmarks/ner_eval.py ../shared/eval/peoples_daily_test.jsonl [--limit N]

The recognizer is the build's (``kg.ner.recognise`` runs the build's stages), so
these are the figures of the names in a built graph.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    from kg.ner import COARSE, recognise

    tp, pred, gold = Counter(), Counter(), Counter()
    chars = 0
    t = time.perf_counter()
    with open(args.gold, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if args.limit and i >= args.limit:
                break
            rec = json.loads(line)
            chars += len(rec["text"])
            g = {(e["start"], e["end"], e["type"]) for e in rec["entities"]}
            p = {(e["start"], e["end"], COARSE[e["type"]]) for e in recognise(rec["text"]) if e["type"] in COARSE}
            for s, e, ty in g:
                gold[ty] += 1
            for s, e, ty in p:
                pred[ty] += 1
                if (s, e, ty) in g:
                    tp[ty] += 1
    secs = time.perf_counter() - t

    def prf(a: int, b: int, c: int) -> str:
        p = a / b if b else 0.0
        r = a / c if c else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.3f} R {r:.3f} F1 {f:.3f} (pred {b}, gold {c})"

    for ty in ("PER", "LOC", "ORG"):
        print(f"{ty}: {prf(tp[ty], pred[ty], gold[ty])}")
    print(f"all: {prf(sum(tp.values()), sum(pred.values()), sum(gold.values()))}")
    print(f"{chars:,} characters in {secs:.1f} s ({chars / secs:,.0f} chars/s)")


if __name__ == "__main__":
    main()
