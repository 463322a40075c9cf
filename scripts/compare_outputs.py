"""Check that a change leaves what ``kg build`` writes byte for byte as it was.

Builds the same inputs with this working tree and with a git revision (checked out in a
temporary worktree) and compares graph.ttl and graph.html. The inputs: the bundled sample
articles, the genre set, the 97 unlabeled 人民日报 articles and a corpus of news cut from the
public NER sets into articles of about 1,500 characters (1,000 by default). A refactoring
should print "same" for every file; exit status 1 when any differs.

    python scripts/compare_outputs.py --ref HEAD            # uncommitted changes against HEAD
    python scripts/compare_outputs.py --ref bb4a370 --articles 200
"""

from __future__ import annotations

import argparse
import filecmp
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"


def news_corpus(path: Path, articles: int, size: int = 1500) -> int:
    """Write ``articles`` articles of news cut from the public NER sets to ``path`` (JSON Lines)."""
    texts: list[str] = []
    for name in ("msra_test.jsonl", "peoples_daily_test.jsonl", "train/msra_train.jsonl"):
        p = SHARED / name
        if p.exists():
            with p.open(encoding="utf-8") as fh:
                texts += [json.loads(line)["text"] for line in fh]
        if sum(map(len, texts)) > articles * size * 1.2:
            break
    out, cur = [], []
    for t in texts:
        cur.append(t)
        if sum(map(len, cur)) >= size:
            out.append("。".join(cur))
            cur = []
        if len(out) == articles:
            break
    with path.open("w", encoding="utf-8") as fh:
        for i, a in enumerate(out):
            fh.write(json.dumps({"id": f"a{i:04d}", "text": a}, ensure_ascii=False) + "\n")
    return len(out)


def build(tree: Path, inputs: Path, out: Path) -> None:
    """``kg build`` of ``inputs`` with the package in ``tree`` (run from there, so it is the one imported)."""
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(inputs), "--out", str(out), "--no-cache", "--quiet"],
                   cwd=tree, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ref", default="HEAD", help="git revision to compare against (default: HEAD)")
    ap.add_argument("--articles", type=int, default=1000, help="articles of the news corpus (0: none)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-compare-") as tmp:
        tmp_path = Path(tmp)
        ref_tree = tmp_path / "ref"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(ref_tree), args.ref], cwd=ROOT, check=True)
        try:
            inputs = {"samples": ROOT / "data", "genre": SHARED / "genre" / "texts",
                      "unlabeled": SHARED / "unlabeled" / "peoples_daily_2026.jsonl"}
            if args.articles:
                corpus = tmp_path / "news.jsonl"
                n = news_corpus(corpus, args.articles)
                inputs[f"news{n}"] = corpus
            differ = False
            for name, src in inputs.items():
                if not src.exists():
                    print(f"{name}: {src} not found, skipped")
                    continue
                for label, tree in (("ref", ref_tree), ("here", ROOT)):
                    build(tree, src, tmp_path / label / name)
                for f in ("graph.ttl", "graph.html"):
                    same = filecmp.cmp(tmp_path / "ref" / name / f, tmp_path / "here" / name / f, shallow=False)
                    differ |= not same
                    print(f"{name}/{f}: {'same' if same else 'DIFFERS'}")
            return 1 if differ else 0
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(ref_tree)], cwd=ROOT, check=False)


if __name__ == "__main__":
    sys.exit(main())
