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


def test_lines_in_and_out() -> None:
    out = [json.loads(x) for x in ner_lines(io.StringIO('{"id": "a", "text": "渝北区大盛镇"}\n\n{"id": "b", "text": ""}\n'))]
    assert [o["id"] for o in out] == ["a", "b"]
    assert {e["text"] for e in out[0]["entities"]} == {"渝北区", "大盛镇"}
    with pytest.raises(InputError, match="x.jsonl:1"):
        list(ner_lines(io.StringIO("not json\n"), "x.jsonl"))
