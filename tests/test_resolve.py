"""Corpus stage resolve: merging across documents, keeping namesakes apart."""

from __future__ import annotations

from kg.pipeline import run_document
from kg.ingest import make_document
from kg.resolve import resolve


def _docs(*texts: str):
    return [run_document(make_document(f"d{i}", t, f"d{i}.txt")) for i, t in enumerate(texts)]


def test_same_village_name_in_two_towns_stays_two() -> None:
    ents, _ = resolve(_docs("渝北区大盛镇青龙村村民在地里劳作。", "大足区三驱镇青龙村的道路修好了。"))
    villages = [e for e in ents if e.type == "Village" and e.label == "青龙村"]
    assert len(villages) == 2
    assert {v.parent for v in villages} == {"大盛镇", "三驱镇"}


def test_same_official_across_documents_is_one_with_rule() -> None:
    ents, _ = resolve(_docs("市委书记王建国到江北区调研。", "王建国书记强调,市委书记王建国要求抓落实。"))
    people = [e for e in ents if e.label == "王建国"]
    assert len(people) == 1
    assert people[0].type == "Official"
    assert "same-name" in people[0].merge_rules
    assert {d for d, _ in people[0].mentions} == {"d0", "d1"}


def test_programme_short_forms_join_the_full_name() -> None:
    ents, _ = resolve(_docs("南岸区开展“学思践悟”主题教育。主题教育期间,全区推进“我为企业解难题”实践活动,"
                            "把我为企业解难题工作落到实处。"))
    progs = {e.label: e for e in ents if e.type == "Programme"}
    assert "主题教育" not in progs and "学思践悟主题教育" in progs
    assert "programme-variant" in progs["学思践悟主题教育"].merge_rules
    assert "我为企业解难题工作" not in progs and "我为企业解难题实践活动" in progs


def test_place_written_with_its_city_joins_the_bare_name() -> None:
    ents, _ = resolve(_docs("重庆市召开会议。重庆两江新区开展活动,两江新区管委会负责落实。"))
    counties = [e for e in ents if e.type == "County" and "两江新区" in e.label]
    assert len(counties) == 1 and counties[0].label == "两江新区"
    assert "重庆两江新区" in counties[0].aliases and "place-with-city" in counties[0].merge_rules


def test_a_programme_tail_used_after_its_full_name_joins_it() -> None:
    from kg.model import Mention, Span
    from kg.resolve import programme_variants

    def m(name: str, at: int) -> Mention:
        return Mention(span=Span(at, at + len(name)), text=name, type="Programme", canonical=name,
                       extractor="t", confidence=1.0)

    # the full name first, its tail after: one programme
    assert programme_variants([m("青山绿水专项整治行动", 10), m("专项整治行动", 90)]) == \
        {"专项整治行动": "青山绿水专项整治行动"}
    # the tail written before any full name is a programme of its own
    assert programme_variants([m("专项整治行动", 10), m("青山绿水专项整治行动", 90)]) == {}
