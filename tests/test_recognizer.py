"""The learned recognizer and relation classifier: gold projection, features, training and use.

Texts here are made up for the test; no gold or sample article is quoted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kg import recognizer, relation_model
from kg.extract_entities import rule_candidates
from kg.ingest import make_document
from kg.pipeline import run_document

ROOT = Path(__file__).resolve().parent.parent


def test_projection_labels_each_name_once_longest_first() -> None:
    text = "湖滨县委书记赵一鸣来到“暖心食堂”活动现场,湖滨县民政局和湖滨县民政局志愿服务队参加。"
    gold = [
        {"type": "Official", "name": "赵一鸣", "aliases": ["县委书记赵一鸣"]},  # wraps the name: not labelled
        {"type": "County", "name": "湖滨县", "aliases": []},
        {"type": "Agency", "name": "湖滨县民政局", "aliases": []},
        {"type": "Organization", "name": "湖滨县民政局志愿服务队", "aliases": []},
        {"type": "Programme", "name": "暖心食堂活动", "aliases": ["“暖心食堂”活动"]},
        {"type": "Issue", "name": "吃饭难", "aliases": []},
    ]
    spans = recognizer.project_gold(text, gold)
    got = {text[s:e]: t for s, e, t in spans}
    assert got["赵一鸣"] == "Person"  # an Official is a Person to the model; the post decides the rest
    assert got["“暖心食堂”活动"] == "Programme"
    assert got["湖滨县民政局志愿服务队"] == "Organization"
    assert got["湖滨县民政局"] == "Agency"
    assert "县委书记赵一鸣" not in got and "吃饭难" not in got
    # never overlapping, sorted
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_features_cover_every_character_and_skip_text_without_chinese() -> None:
    text = "青石镇党委书记钱多多到青石镇卫生院调研。"
    cands = rule_candidates(text)
    feats = recognizer.piece_features(text, cands)
    assert len(feats) == len(text)
    assert all(any(f.startswith("m=") for f in fs) and any(f.startswith("r=") for f in fs) for fs in feats)
    noise = "QUJDREVGR0g=" * 500
    assert recognizer.document_pieces(noise) == []
    spans, inside = recognizer.recognise(noise, [])
    assert spans == [] and not any(inside)


def test_a_trained_model_is_used_inside_model_from(tmp_path: Path) -> None:
    """A model trained to call every “quoted” name a Programme does so; the shipped one is back after."""
    texts = [f"我们开展“{w}”活动。" for w in ("春风行动", "暖冬计划", "亮灯工程", "清河护水", "书香校园", "银龄互助")]
    seqs = []
    for t in texts:
        s, e = t.index("“") + 1, t.index("”")
        seqs += recognizer.training_sequences(t, rule_candidates(t), [(s, e, "Programme")])
    out = tmp_path / "m.crfsuite"
    recognizer.train(seqs, out, max_iterations=50)
    probe = "我们开展“绿水青山”活动。"
    with recognizer.model_from(out):
        spans, _ = recognizer.recognise(probe, rule_candidates(probe))
    assert [(probe[s:e], t) for s, e, t, _ in spans] == [("绿水青山", "Programme")]
    shipped, _ = recognizer.recognise(probe, rule_candidates(probe))
    assert all(t in recognizer.CLASSES for _, _, t, _ in shipped)


def test_relation_candidates_follow_the_schema() -> None:
    doc = run_document(make_document("t", "湖滨县民政局在湖滨县青石镇开展“暖心食堂”活动。镇长钱多多到场。", "t.txt"),
                       ("clean", "segment", "extract_entities"))
    pairs = [(a.type, b.type) for _, a, b in relation_model.candidates(doc)]
    assert pairs
    for ta, tb in pairs:
        assert any(ta in d and tb in r for d, r in relation_model.DOMAINS.values()), (ta, tb)
    for _, a, b, feats in relation_model.instances(doc, ()):
        label, prob, p_none = relation_model.classify(feats)
        assert label in (*relation_model.PREDICATES, relation_model.NONE)
        assert 0.0 <= p_none <= 1.0 and 0.0 <= prob <= 1.0


def test_training_script_writes_both_models(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    gold = []
    for i, (county, prog) in enumerate((("湖滨县", "暖心食堂"), ("青山区", "春风行动"), ("白河县", "亮灯工程"))):
        name = f"a{i}.txt"
        (texts / name).write_text(f"{county}开展“{prog}”活动。{county}民政局负责落实。", encoding="utf-8")
        gold.append({"doc": name, "entities": [
            {"type": "County", "name": county, "aliases": []},
            {"type": "Agency", "name": f"{county}民政局", "aliases": []},
            {"type": "Programme", "name": f"{prog}活动", "aliases": [f"“{prog}”活动"]}],
            "relations": [{"s": county, "p": "implements", "o": f"{prog}活动"},
                          {"s": f"{county}民政局", "p": "locatedIn", "o": county}]})
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in gold), encoding="utf-8")
    out = tmp_path / "models"
    out.mkdir()
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_recognizer.py"), "--gold",
                        f"{gold_file}:{texts}", "--out", str(out), "--iterations", "30"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert (out / recognizer.MODEL_RESOURCE).stat().st_size > 0
    assert (out / relation_model.MODEL_RESOURCE).stat().st_size > 0
    assert not list(out.glob("*.tmp"))


def test_a_person_name_does_not_swallow_the_verb_after_it() -> None:
    from kg.entities.people import swallows_next_word

    # the character after a two-character name, taken into a three-character one
    from kg.extract_entities import find_entities

    # the character after a two-character name, taken into a three-character one
    assert swallows_next_word("张三解决了问题", 3)  # 解|决
    assert swallows_next_word("孙哲说,今年好", 3)  # a speech verb
    assert not swallows_next_word("王建国表示满意", 3)
    assert not swallows_next_word("赵明华来到现场", 3)
    for text, name in (("居民张三解决了问题。", "张三"), ("记者孙小哲说,今年收成好。", "孙小哲")):
        people = [c.canonical for c in find_entities(text) if c.type in ("Person", "Official")]
        assert name in people and not any(p.startswith(name) and p != name for p in people), people


def test_quoted_text_is_described_past_its_words() -> None:
    """Every character inside quotation marks sees how long the quotation is, whether it opens
    with a numeral (schemes are numbered: “五个一”) and what stands on either side."""
    from kg.recognizer import piece_features

    text = "推进“五个一”、“青苗”等活动"
    feats = piece_features(text, [])
    inside = feats[text.index("五")]
    assert {"ql=m", "qk=cp", "qn=1"} <= set(inside)
    other = set(feats[text.index("青")])
    assert {"ql=s", "qk=pd"} <= other and "qn=1" not in other
    assert not any(f.startswith(("ql=", "qk=", "qn=")) for f in feats[0])


def test_the_recognizer_reading_a_place_short_name_as_a_person_keeps_the_place(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Where the article names 青木川镇, a later 青木川 is the town even when the recognizer reads a
    surname and a given name there; a name ending like a body (非遗工坊) or a place (X镇) is no person."""
    from kg.entities import recognized

    text = "湖滨县青木川镇盛产地毯。如今在青木川，地毯订单越接越多。老乡们把非遗工坊办到家门口。"
    short = text.index("青木川，")
    shop = text.index("工坊")
    spans = [(short, short + 3, "Person", 0.9), (shop, shop + 2, "Person", 0.9), (3, 7, "Person", 0.9)]
    monkeypatch.setattr(recognized, "recognise", lambda t, rules: (spans, {}))
    found = {(c.start, c.type, c.canonical) for c in recognized.model_names(text, rule_candidates(text))}
    assert (short, "Township", "青木川镇") in found
    assert not any(t == "Person" for _, t, _ in found), found


def test_schools_and_hospitals_are_organisations_whatever_the_recognizer_says(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """校医院, 青禾小学: public institutions serve and do not govern: organisations by their form."""
    from kg.entities import recognized

    text = "校医院和青禾小学参与帮扶。"
    spans = [(0, 3, "Agency", 0.9), (4, 8, "Agency", 0.9)]
    monkeypatch.setattr(recognized, "recognise", lambda t, rules: (spans, {}))
    found = {(c.type, c.canonical) for c in recognized.model_names(text, rule_candidates(text))}
    assert {("Organization", "校医院"), ("Organization", "青禾小学")} <= found


def test_a_kind_of_body_is_no_body() -> None:
    from kg.entities.bodies import no_body_name
    from kg.entities.stems import Cand

    for name in ("党和政府", "科研院所", "驻村工作队"):
        assert no_body_name(Cand(0, len(name), "Agency", name, "model", 0.9)), name
    assert not no_body_name(Cand(0, 7, "Agency", "青禾村驻村工作队", "model", 0.9))


def test_what_the_recognizer_calls_a_company_is_judged_by_its_form(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """民营企业|青禾集团: the kind of firm is no part of the name; a government ending makes an
    agency; a count (一家) or a road (…大道) is no name; a name without a business ending is kept
    only when the recognizer is sure of it."""
    from kg.entities import recognized

    text = "民营企业青禾集团中标。湖滨县市场监督管理局发文。湖滨大道拓宽。一家证券投资咨询机构。青禾优选很火，绿野好物也火。"
    def at(name: str) -> tuple[int, int]:
        return text.index(name), text.index(name) + len(name)
    spans = [(*at("民营企业青禾集团"), "Company", 0.9), (*at("湖滨县市场监督管理局"), "Company", 0.9),
             (*at("湖滨大道"), "Company", 0.9), (*at("一家证券投资"), "Company", 0.9),
             (*at("青禾优选"), "Company", 0.95), (*at("绿野好物"), "Company", 0.3)]
    monkeypatch.setattr(recognized, "recognise", lambda t, rules: (spans, {}))
    found = {(c.type, c.canonical) for c in recognized.model_names(text, rule_candidates(text))}
    assert {("Company", "青禾集团"), ("Agency", "湖滨县市场监督管理局"), ("Company", "青禾优选")} <= found
    assert not any(n in ("湖滨大道", "一家证券投资", "绿野好物", "民营企业青禾集团") for _, n in found), found
