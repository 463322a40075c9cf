"""kg ner: offsets into the given text, through cleaning."""

from __future__ import annotations

import io
import json

import pytest

from kg.errors import InputError
from kg.ner import ner_lines, recognise


@pytest.mark.parametrize("model", ["crf", "rules"])
def test_offsets_point_into_the_input_text(model: str) -> None:
    text = "來(lái)源:记者 李 岩\n江北区五里店街道桂花村村民张三丰向江北区信访办反映问题。"
    ents = recognise(text, model)
    assert ents
    for e in ents:
        assert text[e["start"] : e["end"]] == e["text"]
    assert {"type": "Person", "text": "张三丰"}.items() <= next(e for e in ents if e["text"] == "张三丰").items()
    if model == "rules":
        assert any(e["type"] == "Agency" and e["text"] == "江北区信访办" for e in ents)
    assert not any(e["start"] < f["end"] and f["start"] < e["end"] for e in ents for f in ents if e is not f)


def test_crf_names_get_schema_classes() -> None:
    ents = recognise("市委书记王建国在北京会见了华为技术有限公司董事长,随后到江陵县资市镇青山村调研。")
    types = {e["text"]: e["type"] for e in ents}
    assert types.get("王建国") == "Official"
    assert types.get("华为技术有限公司") == "Company"
    assert types.get("江陵县") == "County"
    assert types.get("北京") in ("City", "Place")


def test_lines_in_and_out() -> None:
    out = [json.loads(x) for x in ner_lines(io.StringIO('{"id": "a", "text": "渝北区大盛镇"}\n\n{"id": "b", "text": ""}\n'))]
    assert [o["id"] for o in out] == ["a", "b"]
    assert {e["text"] for e in out[0]["entities"]} == {"渝北区", "大盛镇"}
    with pytest.raises(InputError, match="x.jsonl:1"):
        list(ner_lines(io.StringIO("not json\n"), "x.jsonl"))
