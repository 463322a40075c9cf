"""kg ner: offsets into the given text, through cleaning."""

from __future__ import annotations

import io
import json

import pytest

from kg.errors import InputError
from kg.ner import ner_lines, recognise


def test_offsets_point_into_the_input_text() -> None:
    text = "來(lái)源:记者 李 岩\n江北区五里店街道桂花村村民张三丰向江北区信访办反映问题。"
    ents = recognise(text)
    assert ents
    for e in ents:
        assert text[e["start"] : e["end"]] == e["text"]
    assert {"type": "Person", "text": "张三丰"}.items() <= next(e for e in ents if e["text"] == "张三丰").items()
    assert any(e["type"] == "Agency" and e["text"] == "江北区信访办" for e in ents)
    assert not any(e["start"] < f["end"] and f["start"] < e["end"] for e in ents for f in ents if e is not f)


def test_names_get_schema_classes() -> None:
    ents = recognise("市委书记王建国在北京会见了华为技术有限公司董事长,随后到江陵县资市镇青山村调研。")
    types = {e["text"]: e["type"] for e in ents}
    assert types.get("王建国") == "Official"
    assert types.get("华为技术有限公司") == "Company"
    assert types.get("江陵县") == "County"
    assert types.get("北京") == "City"


def test_ner_is_the_build_recognizer() -> None:
    """One recognizer: kg ner reports exactly the outermost names a build's mentions hold."""
    from kg.ingest import make_document
    from kg.pipeline import run_document

    text = "区长王立新带队来到县交通运输局,村民覃德明反映道路损毁问题。该局当天派人修复。"
    doc = run_document(make_document("t", text, "t.txt"))
    built = {(doc.raw_span(m.span).start, doc.raw_span(m.span).end, m.type) for m in doc.mentions if m.type != "Issue"}
    assert {(e["start"], e["end"], e["type"]) for e in recognise(text)} <= built


def test_lines_in_and_out() -> None:
    out = [json.loads(x) for x in ner_lines(io.StringIO('{"id": "a", "text": "渝北区大盛镇"}\n\n{"id": "b", "text": ""}\n'))]
    assert [o["id"] for o in out] == ["a", "b"]
    assert {e["text"] for e in out[0]["entities"]} == {"渝北区", "大盛镇"}
    with pytest.raises(InputError, match="x.jsonl:1"):
        list(ner_lines(io.StringIO("not json\n"), "x.jsonl"))
