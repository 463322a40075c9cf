"""kg evaluate: the schema's scoring on a small hand-made graph."""

from __future__ import annotations

import json

from kg.evaluate import format_scores, score
from kg.pipeline import build


def test_scores_a_small_build(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("江北区五里店街道桂花村村民张三丰向江北区信访办反映道路积水问题。", encoding="utf-8")
    result = build([tmp_path], progress=False)
    gold = [{"doc": "a.txt",
             "entities": [{"type": "Person", "name": "张三丰", "aliases": []},
                          {"type": "Village", "name": "桂花村", "aliases": []},
                          {"type": "Agency", "name": "江北区信访办", "aliases": ["区信访办"]},
                          {"type": "Company", "name": "不存在的公司", "aliases": []}],
             "relations": [{"s": "张三丰", "p": "reportedTo", "o": "江北区信访办"},
                           {"s": "不存在的公司", "p": "funded", "o": "桂花村", "amount": 10}]}]
    sc = score(result.graph, json.loads(json.dumps(gold)))
    assert sc.entities["Person"].tp == 1 and sc.entities["Person"].gold == 1
    assert sc.entities["Company"].tp == 0 and sc.entities["Company"].gold == 1
    assert sc.relations["reportedTo"].tp == 1
    assert sc.relations["funded"].gold == 1 and sc.relations["funded"].tp == 0
    micro = sc.entity_micro()
    assert micro.gold == 4 and micro.tp == 3
    assert "micro" in format_scores(sc)


def test_a_relations_ends_match_as_entities_do(tmp_path) -> None:
    """The graph names an end by a gold alias only (区信访办): the relation still matches; an end
    of the wrong class does not."""
    (tmp_path / "a.txt").write_text("江北区五里店街道桂花村村民张三丰向江北区信访办反映道路积水问题。", encoding="utf-8")
    result = build([tmp_path], progress=False)
    gold = [{"doc": "a.txt",
             "entities": [{"type": "Person", "name": "张老三", "aliases": ["张三丰"]},
                          {"type": "Agency", "name": "江北区人民来访接待办", "aliases": ["江北区信访办"]}],
             "relations": [{"s": "张老三", "p": "reportedTo", "o": "江北区人民来访接待办"}]}]
    assert score(result.graph, gold).relations["reportedTo"].tp == 1
    gold[0]["entities"][1]["type"] = "Organization"  # the graph's 江北区信访办 is an Agency
    assert score(result.graph, gold).relations["reportedTo"].tp == 0
