"""The character CRF: label coding, piece cutting, the shipped model and its training script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kg.crf import MAX_PIECE, bioes, features, pieces, spans_of, tag

ROOT = Path(__file__).resolve().parent.parent


@st.composite
def _spans(draw):
    n = draw(st.integers(1, 60))
    cuts = sorted(set(draw(st.lists(st.integers(0, n), max_size=12))) | {0, n})
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        if draw(st.booleans()):
            spans.append((a, b, draw(st.sampled_from(["PER", "LOC", "ORG"]))))
    return n, spans


@given(_spans())
def test_bioes_round_trips(case) -> None:
    n, spans = case
    assert spans_of(bioes(n, spans)) == spans


@given(st.text(alphabet=st.sampled_from(list("人民日报，。！？；测试\n abc123")), max_size=1500))
def test_pieces_cover_the_text_in_order(text: str) -> None:
    got = list(pieces(text))
    # every character but the line breaks between pieces, in order, in pieces no longer than the bound
    assert "".join(text[a:b] for a, b in got) == text.replace("\n", "")
    assert all(0 < b - a <= MAX_PIECE for a, b in got)
    assert all(b <= c for (_, b), (c, _) in zip(got, got[1:]))


def test_features_have_one_row_per_character() -> None:
    text = "江北区信访办接待了村民张三丰。"
    rows = features(text)
    assert len(rows) == len(text)
    assert all("c=" + ch in row for ch, row in zip(text, rows))


def test_shipped_model_finds_names_with_offsets() -> None:
    text = "新华社北京电 国务院总理李强今天在人民大会堂会见了来访的法国总统马克龙。"
    found = {(text[s:e], t) for s, e, t, _ in tag(text)}
    assert ("李强", "PER") in found
    assert ("北京", "LOC") in found
    assert ("人民大会堂", "LOC") in found or ("国务院", "ORG") in found


def test_training_script_builds_a_working_model(tmp_path: Path) -> None:
    # a tiny model from a few made-up sentences: the script runs end to end and the model tags
    train = tmp_path / "train.jsonl"
    rows = []
    for name, place in [("王小明", "北京"), ("李大伟", "上海"), ("张丽华", "广州"), ("赵国强", "重庆")] * 5:
        text = f"{name}昨天去了{place}参观。"
        rows.append({"text": text, "entities": [{"start": 0, "end": 3, "type": "PER"},
                                                 {"start": 7, "end": 9, "type": "LOC"}]})
    train.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = tmp_path / "m.crfsuite"
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_ner.py"), str(train), "--out", str(out),
                        "--iterations", "30", "--min-freq", "1", "--dev", str(train)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert out.exists() and not Path(str(out) + ".part").exists()
    assert "F1 1.000" in r.stdout
