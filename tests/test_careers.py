"""Officials' careers: dated memberships, post titles, and who is one person across articles.

The articles are made up for these tests (names, posts and dates invented; the places are
real divisions so that the gazetteer can say which contains which)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.careers import PLACE_WITHIN, SAME_PLACE, UNRELATED, Home, cluster, role_title
from kg.query import run_query

# tests/fixtures/careers: one 周立衡 in 浙江, 安吉县副县长 (a1, 2021), 安吉县县长 (a2, 2023), then
# 湖州市副市长 (a3, 2024, the city containing the county); another 周立衡 in 四川 (a4, 仪陇县, 2022).
ARTICLES = Path(__file__).parent / "fixtures" / "careers"


@pytest.fixture(scope="module")
def career_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.export import write_graph
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("graph") / "graph.ttl"
    write_graph(build([ARTICLES], progress=False).graph, out)
    return out


def _rows(graph: Path, query: str, **bind: str) -> list[list[str]]:
    return run_query(graph, query, bindings=bind).rows


def test_homonyms_in_two_provinces_stay_two_people_and_say_why(career_graph: Path) -> None:
    people = _rows(career_graph, "SELECT ?e (GROUP_CONCAT(DISTINCT ?r; separator=' ') AS ?rules) ?why ?other "
                                 "WHERE { ?e a sk:Official ; rdfs:label '周立衡'@zh . OPTIONAL { ?e sk:mergedBy ?r } "
                                 "OPTIONAL { ?e sk:keptApartBy ?why ; owl:differentFrom ?other } } GROUP BY ?e ?why ?other")
    assert len(people) == 2
    assert {row[2] for row in people} == {UNRELATED}
    assert {row[3] for row in people} == {row[0] for row in people}  # each names the other
    # the 浙江 one was merged over three articles, each join by its rule
    merged = next(row for row in people if row[1])
    assert set(merged[1].split()) == {SAME_PLACE, PLACE_WITHIN}


def test_each_post_is_a_dated_membership_in_date_order(career_graph: Path) -> None:
    rows = _rows(career_graph, "careers")
    by_id: dict[str, list[list[str]]] = {}
    for r in rows:
        by_id.setdefault(r[1], []).append(r)
    zhejiang = next(v for v in by_id.values() if len(v) == 3)
    # person, id, post, as written, body, place, code, date: titles without the place's own name
    assert [(r[2], r[7]) for r in zhejiang] == [("副县长", "2021-03-02"), ("县长", "2023-05-10"), ("副市长", "2024-04-15")]
    assert [r[6] for r in zhejiang] == ["330523", "330523", "330500"]
    sichuan = next(v for v in by_id.values() if len(v) == 1)[0]
    assert (sichuan[2], sichuan[4], sichuan[5], sichuan[7]) == ("局长", "仪陇县农业农村局", "仪陇县", "2022-07-01")
    # the posts follow each other in date order, the homonym's never in between
    chain = _rows(career_graph, "SELECT ?a ?b WHERE { ?x sk:nextPost ?y . ?x sk:heldOn ?a . ?y sk:heldOn ?b }")
    assert sorted(chain) == [["2021-03-02", "2023-05-10"], ["2023-05-10", "2024-04-15"]]


def test_the_bundled_career_questions_answer_from_the_memberships(career_graph: Path) -> None:
    career = _rows(career_graph, "official-career", name="周立衡")
    assert len(career) == 4 and len({r[6] for r in career}) == 2  # two people, each by their id
    zhejiang = [r for r in career if sum(1 for x in career if x[6] == r[6]) == 3]
    assert [(r[0], r[1]) for r in zhejiang] == [("2021-03-02", "副县长"), ("2023-05-10", "县长"), ("2024-04-15", "副市长")]
    holders = _rows(career_graph, "post-holders", body="安吉县")
    assert [(r[0], r[2]) for r in holders] == [("2021-03-02", "副县长"), ("2023-05-10", "县长")]
    moved = _rows(career_graph, "officials-who-moved")
    assert {(r[3], r[6]) for r in moved} == {("安吉县", "湖州市")}


def test_careers_export_is_the_researchers_table(career_graph: Path, tmp_path: Path) -> None:
    import csv

    from kg.export import load_graph, write_graph

    out = tmp_path / "careers.csv"
    write_graph(load_graph(career_graph), out, "careers")
    with out.open(encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert len(table) == 4
    assert {"person", "post", "body", "place", "admin_code", "date", "source", "sentence"} <= set(table[0])
    texts = {p.name: p.read_text(encoding="utf-8").replace("，", ",") for p in ARTICLES.iterdir()}
    assert all(row["sentence"] in texts[row["document"]] for row in table)


def test_a_post_held_before_gets_no_date(tmp_path: Path) -> None:
    from kg.export import write_graph
    from kg.pipeline import build

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "b.txt").write_text(
        "纪律审查通报\n发布时间：2024年06月24日\n经查，青川县乔庄镇原党委委员赵临川违规收受礼金。\n", encoding="utf-8")
    graph = tmp_path / "g.ttl"
    write_graph(build([tmp_path / "src"], progress=False).graph, graph)
    rows = _rows(graph, "careers")
    assert [(r[2], r[7], r[8]) for r in rows] == [("镇党委委员", "", "true")]


@pytest.mark.parametrize("post, places, body, title, former", [
    ("揭阳县委书记", ["揭阳县"], "揭阳县委", "县委书记", False),            # place out, level and organ kept
    ("江北省云水县县委常委", ["江北省", "云水县"], None, "县委常委", False),   # a chain of places
    ("云水镇镇长", ["云水镇"], "云水镇", "镇长", False),                     # the level already there
    ("云水区农业农村局局长", ["云水区"], "云水区农业农村局", "局长", False),  # a body's own title
    ("云水县观鸟协会会长", ["云水县"], "观鸟协会", "会长", False),
    ("青山村党支部书记", ["青山村"], "青山村", "村党支部书记", False),
    ("副区长", ["云水区"], "云水区", "副区长", False),
    ("云水镇原党委委员", ["云水镇"], "云水镇", "镇党委委员", True),
    ("村支书", [], "青山村", "村党支部书记", False),                        # a short form, the title it stands for
    ("青山村村支书", ["青山村"], "青山村", "村党支部书记", False),
])
def test_post_titles(post: str, places: list[str], body: str | None, title: str, former: bool) -> None:
    assert role_title(post, places, body) == (title, former)


def _home(*named: str, within: tuple[str, ...] = (), bodies: tuple[str, ...] = ()) -> Home:
    return Home(frozenset(named + bodies), frozenset(named), frozenset(named + within))


def test_cluster_joins_by_place_keeps_strangers_apart_and_places_the_placeless() -> None:
    county = _home("安吉县", within=("湖州市", "浙江省"))
    city = _home("湖州市", within=("浙江省",))
    far = _home("仪陇县", within=("南充市", "四川省"))
    numbers, rules = cluster([county, city, far])
    assert numbers[0] == numbers[1] != numbers[2]
    assert rules == [PLACE_WITHIN, PLACE_WITHIN, None]
    # an article with no post: with one person of the name it is them, with two it is neither
    numbers, rules = cluster([county, None])
    assert numbers == [0, 0] and rules == ["same-name", "same-name"]
    numbers, _ = cluster([county, far, None])
    assert len(set(numbers)) == 3
    # a post in a body of no place (全国政协) is no evidence of a different person: it joins the
    # one person there is, or the one that names the same body; it never splits one
    national = _home(bodies=("全国政协",))
    numbers, rules = cluster([county, national])
    assert numbers == [0, 0] and rules == ["same-name", "same-name"]
    numbers, rules = cluster([county, far, national, _home("仪陇县", bodies=("全国政协",))])
    assert numbers[1] == numbers[2] == numbers[3] != numbers[0] and rules[2] == SAME_PLACE


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_membership_without_its_sentence_or_official_breaks_the_shapes(career_graph: Path, engine: str) -> None:
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    from kg.validate import validate
    from kg.vocab import SK

    org = Namespace("http://www.w3.org/ns/org#")
    g = Graph().parse(career_graph)
    assert validate(g, engine=engine).conforms
    first, second = sorted(g.subjects(RDF.type, SK.Membership))[:2]
    g.remove((first, SK.inSentence, None))
    g.add((second, org.member, next(g.subjects(RDF.type, SK.Sentence))))  # a sentence is no official
    report = validate(g, engine=engine)
    assert not report.conforms
    assert {str(first), str(second)} <= {focus for focus, *_ in report.results}
