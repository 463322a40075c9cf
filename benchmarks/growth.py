"""Benchmark: how build time and memory grow with the corpus (1×, 10×, 100×).

Each size is a folder of real news articles (the texts of the public NER
sets, cut into ~1,500-character articles; beyond the distinct text the
articles repeat, each made unique by an issue number). Each size is built by
a fresh ``kg build`` process — one worker, no cache, the page and the SHACL
check included — so its peak memory is its own. Prints seconds, microseconds
per character, the ratio of time to the 1× time, and peak RSS.

    python benchmarks/growth.py [--base 100000] [--sizes 1,10,100] [--eval ../shared/eval]
    python benchmarks/growth.py --one-file --base 570000 --sizes 1,10   # one 5.7 M-character file

``--one-file`` writes each size as a single file (a year-book extract, say): what bounds
memory there is the build's handling of one long document, not of many.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = r"""
import resource, sys, time
from kg.cli import main
t = time.perf_counter()
rc = main(sys.argv[1:])
secs = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(f"@@ {rc} {secs:.3f} {peak}", flush=True)
"""


def texts(eval_dir: Path) -> list[str]:
    out: list[str] = []
    for name in ("msra_test.jsonl", "peoples_daily_test.jsonl", "peoples_daily_dev.jsonl", "train/msra_train.jsonl"):
        p = eval_dir / name
        if p.exists():
            out += [json.loads(line)["text"] for line in p.open(encoding="utf-8")]
    return out


def write_corpus(folder: Path, sentences: list[str], chars: int, size: int = 1500,
                 one_file: bool = False) -> int:
    """Write about ``chars`` characters of articles into ``folder``; the characters written.
    With ``one_file``, the articles go one after another, one per line, into a single file."""
    if one_file:
        parts = folder / "parts"
        total = write_corpus(parts, sentences, chars, size)
        with open(folder / "one.txt", "w", encoding="utf-8") as out:
            for f in sorted(parts.iterdir()):
                out.write(f.read_text(encoding="utf-8") + "\n")
                f.unlink()
        parts.rmdir()
        return total
    folder.mkdir(parents=True)
    total = n = 0
    cur: list[str] = []
    i = 0
    while total < chars:
        s = sentences[i % len(sentences)]
        cycle = i // len(sentences)
        i += 1
        cur.append(s)
        if sum(map(len, cur)) >= size:
            body = "。".join(cur) + (f"（第{cycle}期）" if cycle else "")
            (folder / f"a{n:06d}.txt").write_text(body, encoding="utf-8")
            total += len(body)
            n += 1
            cur = []
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=int, default=100_000, help="characters at 1×")
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--disk-store", action="store_true", help="build every size into the on-disk store")
    ap.add_argument("--one-file", action="store_true", help="each size as one file, not ~1,500-character articles")
    ap.add_argument("--eval", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "eval"))
    args = ap.parse_args()
    sents = texts(Path(args.eval))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in (int(x) for x in args.sizes.split(",")):
            src = Path(tmp) / f"x{k}"
            chars = write_corpus(src, sents, args.base * k, one_file=args.one_file)
            cmd = [sys.executable, "-c", _CHILD, "build", str(src), "--out", str(Path(tmp) / f"out{k}"),
                   "--workers", "1", "--no-cache", "--quiet"] + (["--disk-store"] if args.disk_store else [])
            t = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True, text=True)
            wall = time.perf_counter() - t
            line = next((ln for ln in r.stdout.splitlines() if ln.startswith("@@")), None)
            if r.returncode or line is None:
                sys.exit(f"{k}x failed: {r.stderr[-2000:]}")
            _, rc, secs, peak = line.split()
            summary = next(ln for ln in r.stdout.splitlines() if "documents" in ln)
            rows.append((k, chars, float(secs), wall, int(peak), summary))
            print(f"{k}x done: {summary}", flush=True)
    base_rate = rows[0][2] / rows[0][1]
    print(f"\n{'size':>5} {'chars':>12} {'build s':>9} {'process s':>10} {'us/char':>8} {'time ratio':>11} "
          f"{'per-char ratio':>15} {'peak RSS':>9}")
    for k, chars, secs, wall, peak, _ in rows:
        print(f"{k:>4}x {chars:>12,} {secs:9.1f} {wall:10.1f} {secs / chars * 1e6:8.2f} "
              f"{secs / rows[0][2]:11.2f} {secs / chars / base_rate:15.2f} {peak / 2**20:8.0f}M")


if __name__ == "__main__":
    main()
