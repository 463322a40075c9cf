"""Stage extract_relations: money, reports, posts, places on made-up passages."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kg.clean import clean
from kg.extract_entities import extract_entities
from kg.extract_relations import extract_relations, parse_amount
from kg.ingest import make_document
from kg.segment import segment


@pytest.mark.parametrize("text,amount,approx", [
    ("300万元", Decimal("3000000"), False),
    ("2.5亿元", Decimal("250000000"), False),
    ("160多万元", Decimal("1600000"), True),
    ("6000元", Decimal("6000"), False),
    ("约20万元", Decimal("200000"), True),
    ("总投资5个多亿，", Decimal("500000000"), True),
    ("高达3.2个亿。", Decimal("320000000"), False),
])
def test_parse_amount(text: str, amount: Decimal, approx: bool) -> None:
    assert parse_amount(text) == (amount, approx)


def _relations(text: str) -> set[tuple[str, str, str]]:
    doc = extract_relations(extract_entities(segment(clean(make_document("t", text, "t.txt")))))
    for r in doc.relations:
        sent = doc.text[r.evidence.start : r.evidence.end]
        if r.sentence > 0:  # a subject carried over from the sentence before (该村…。…收到反映)
            sent = doc.sentence_text(r.sentence - 1) + sent
        surfaces = {m.text for m in doc.all_mentions if m.key == r.subject} | {r.subject[1], r.subject[1][-3:]}
        pronoun = re.search(r"[该我本](村|社区|市|区|县|镇|乡|街道|公司|企业|局|校|院)|[村镇乡县市区]里", sent)
        assert any(x in sent for x in surfaces) or pronoun or r.extractor.endswith("clipped-name")
    return {(r.predicate, r.subject[1], r.object[1]) for r in doc.relations}


def test_reported_to_and_located_in() -> None:
    rels = _relations("江北区五里店街道桂花村村民张三丰向江北区信访办反映道路积水问题。")
    assert ("reportedTo", "张三丰", "江北区信访办") in rels
    assert ("locatedIn", "桂花村", "五里店街道") in rels
    assert ("locatedIn", "五里店街道", "江北区") in rels
    assert ("locatedIn", "江北区信访办", "江北区") in rels


def test_holds_post() -> None:
    rels = _relations("江北区委书记王建国到桂花村调研。")
    assert ("holdsPost", "王建国", "江北区委") in rels


def test_funding_needs_a_named_funder() -> None:
    doc = extract_relations(extract_entities(segment(clean(make_document(
        "t", "江北区民政局向桂花村拨付资金50万元。企业获得300万元贷款。", "t.txt")))))
    funded = [r for r in doc.relations if r.predicate == "funded"]
    assert len(funded) == 1
    assert funded[0].subject == ("Agency", "江北区民政局")
    assert funded[0].funding is not None and funded[0].funding.amount == Decimal("500000")


def test_implementer_is_the_group_written_against_the_verb() -> None:
    """The rules' layer (the classifier's features, and its output where the classifier is unsure),
    on the rules' own names."""
    from kg.extract_entities import mentions_of, rule_candidates
    from kg.extract_relations import rule_relations

    doc = segment(clean(make_document("t", "渝北区召开会议。石桥村按照区委、区政府实施“百村千户工程”的发展思路,整合资金。",
                                      "t.txt")))
    doc = rule_relations(doc.replace(mentions=mentions_of(doc, rule_candidates(doc.text))))
    implementers = {r.subject[1] for r in doc.relations if r.predicate == "implements"}
    assert {"渝北区委", "渝北区政府"} <= implementers
    assert "石桥村" not in implementers


def test_places_located_by_reference_and_by_city_short_name() -> None:
    rels = _relations("宜昌市召开会议。该市龙泉镇石门村党支部组织学习,宜昌高新区开展整治行动。")
    assert ("locatedIn", "龙泉镇", "宜昌市") in rels
    assert ("locatedIn", "石门村", "龙泉镇") in rels
    assert ("locatedIn", "石门村党支部", "石门村") in rels
    assert ("locatedIn", "宜昌高新区", "宜昌市") in rels


def test_received_report_and_launcher_pays() -> None:
    rels = _relations("江津区白沙镇石门村群众出行困难。该村道路年久失修。9月,江津区信访办收到相关反映后,立即核实。"
                      "江津区实施城乡道路改造工程,预计总投入3.5亿元。")
    assert ("reportedTo", "石门村", "江津区信访办") in rels
    assert ("funded", "江津区", "城乡道路改造工程") in rels


def test_carried_subject_is_the_subject_not_a_name_after_a_preposition() -> None:
    rels = _relations("宜宾市召开推进会。会上,宜宾市与成都市开通“跨市通办”。积极推行“拿地即开工”试点。"
                      "该市南溪区裴石镇石门村党支部开展了“院坝议事”。")
    implementers = {(s, o) for p, s, o in rels if p == "implements"}
    assert ("成都市", "拿地即开工试点") not in implementers
    assert ("石门村党支部", "院坝议事") in implementers


def test_names_after_a_preposition_are_not_subjects_and_proposals_are_not_fixes() -> None:
    rels = _relations("宜宾市召开推进会。宜宾市与四川省成都市开通“跨市通办”。积极推行“拿地即开工”试点。"
                      "市委书记王建国深入叙州区调研,提出解决问题的办法。")
    implementers = {(s, o) for p, s, o in rels if p == "implements"}
    assert ("成都市", "拿地即开工试点") not in implementers and ("四川省", "拿地即开工试点") not in implementers
    assert not any(p == "resolved" and s == "王建国" for p, s, o in rels)


def test_a_written_place_chain_is_linked_level_by_level() -> None:
    rels = _relations("河南省洛阳市新安县五头镇组织干部学习。")
    located = {(s, o) for p, s, o in rels if p == "locatedIn"}
    assert ("新安县", "洛阳市") in located and ("洛阳市", "河南省") in located
    # implied by the chain, not stated: never a link that skips a level the sentence gives
    assert ("新安县", "河南省") not in located and ("五头镇", "洛阳市") not in located


def test_a_problem_fixed_without_a_named_subject_and_one_written_before_its_fix() -> None:
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县持续推进民生工程。\n"
        "以现场办公会等推动解决群众季节性缺水等问题36个。\n"
        "去年，桂花村修好了蓄水池，村民灌溉难问题也迎刃而解。"), "t.txt")))))
    resolved = {(r.subject[1], r.extractor) for r in doc.relations if r.predicate == "resolved"}
    assert ("湖滨县", "rules:resolve-home-place") in resolved or ("湖滨县", "rules:resolve-cue-subject") in resolved
    assert ("桂花村", "rules:fixed-after-problem") in resolved
    issues = {m.canonical for m in doc.all_mentions if m.type == "Issue"}
    assert any("灌溉难问题" in i for i in issues) and any("缺水" in i for i in issues)
    # the resolver of a problem nobody names in its sentence is never the problem's own words
    assert all(not i.startswith("问题") for i in issues)


def test_post_of_a_level_with_no_place_written_is_the_articles_place_of_that_level() -> None:
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "江北区委书记王建国到桂花村调研。江北区将加快建设。副区长李春明一同调研。"), "t.txt")))))
    posts = {(r.subject[1], r.object[1], r.post, r.extractor) for r in doc.relations if r.predicate == "holdsPost"}
    assert ("李春明", "江北区", "副区长", "rules:head-of-place") in posts


def test_posts_joined_by_jian_or_a_bracketed_word_are_each_held() -> None:
    """驻村第一书记兼村党支部书记: two posts, the second the village's; 区委（政府）办公室主任 is
    one post, and the 区委常委 listed before it is read too."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨区青石乡东山村召开会议。驻村第一书记兼村党支部书记谭小泉做了汇报。"
        "区委常委、区委（政府）办公室主任韩大荡一同调研。"), "t.txt")))))
    posts = {(r.subject[1], r.object[1], r.post) for r in doc.relations if r.predicate == "holdsPost"}
    assert ("谭小泉", "东山村", "村党支部书记") in posts
    assert ("韩大荡", "湖滨区委", "区委常委") in posts


def test_funding_recipient_between_funder_and_money_and_helped_before_it() -> None:
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "对口帮扶桂花村的江北区民政局出资80万元，建成3座蓄水池。"
        "江北区民政局累计支援桂花村1200万元。"), "t.txt")))))
    funded = {(r.subject[1], r.object[1], r.funding.amount) for r in doc.relations
              if r.predicate == "funded" and r.funding is not None}
    assert ("江北区民政局", "桂花村", Decimal("800000")) in funded
    assert ("江北区民政局", "桂花村", Decimal("12000000")) in funded


def test_posts_are_whole_words_and_a_national_post_holds_in_no_local_body() -> None:
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "江北区开展调研。该局副局长李春明说，湖滨大学城市研究中心主任赵立新也参加了调研。"
        "山西省委书记王建国表示，要牢记习近平总书记殷殷嘱托。"), "t.txt")))))
    posts = {m.canonical: m.post for m in doc.all_mentions if m.type == "Official"}
    assert posts.get("李春明") == "副局长"
    assert posts.get("赵立新", "").endswith("研究中心主任")
    held = {(r.subject[1], r.object[1]) for r in doc.relations if r.predicate == "holdsPost"}
    assert ("王建国", "山西省委") in held
    assert not any(s == "习近平" for s, _ in held)


def test_a_learned_relation_always_fits_the_schema() -> None:
    """Whatever the classifier says, a relation's ends are of the classes its predicate allows."""
    from kg.relation_model import DOMAINS

    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "从湖滨大学研究生院毕业后，李春明来到湖滨大学。江北区委书记王建国到桂花村调研，"
        "江北区民政局局长赵立新一同前往。湖滨县开展“清水行动”。"), "t.txt")))))
    types = {m.key: m.type for m in doc.all_mentions}
    for r in doc.relations:
        if r.predicate in DOMAINS:
            d, rng = DOMAINS[r.predicate]
            assert types[r.subject] in d and types[r.object] in rng, r


def test_an_aim_or_a_question_about_a_problem_is_no_fix() -> None:
    """确保问题妥善解决 says what should happen; 怎么扶的问题 asks: neither names a problem fixed."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县启动“吹哨”程序，确保问题妥善解决。\n"
        "桂花村要分析“帮扶谁、怎么扶”的问题得到解决。\n"
        "去年，桂花村修好了蓄水池，村民灌溉难问题也迎刃而解。"), "t.txt")))))
    issues = {m.canonical for m in doc.all_mentions if m.type == "Issue"}
    assert any("灌溉难" in i for i in issues)  # the check itself can find a problem fixed
    assert not any("确保" in i or "怎么" in i for i in issues), issues


def test_a_post_that_names_only_a_kind_of_body_is_held_in_the_articles_body_of_that_kind() -> None:
    """副校长查振华 in an article about 湖滨学院 holds his post there; a chairman or an association's
    head is presented with a post too (the genre's gold types them Official)."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨学院召开帮扶总结会。湖滨学院教师参加。副校长查振华出席会议。"
        "湖滨县观鸟协会会长赵文明说，来的人多了。"), "t.txt")))))
    posts = {(r.subject[1], r.object[1], r.extractor) for r in doc.relations if r.predicate == "holdsPost"}
    assert ("查振华", "湖滨学院", "rules:head-of-body") in posts
    assert any(s == "赵文明" and o == "湖滨县观鸟协会" for s, o, _ in posts)
    # two schools named as often: the post's is not certain
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨学院和清河大学召开总结会。副校长查振华出席会议。"), "t.txt")))))
    assert not any(r.predicate == "holdsPost" and r.extractor == "rules:head-of-body" for r in doc.relations)


def test_a_fundings_purpose_is_the_clause_after_the_money_and_a_year_alone_is_its_date() -> None:
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "2014年，湖滨县观鸟协会支持村民李春明10万元无息贷款，用于扩建民宿，改善接待条件。"
        "今年9月，青石镇投资160多万元，在桂花村建立了污水处理站及管网工程。"), "t.txt")))))
    funds = {r.object[1]: r.funding for r in doc.relations if r.predicate == "funded"}
    assert funds["李春明"].purpose == "扩建民宿" and funds["李春明"].date == "2014"
    assert funds["桂花村"].purpose == "在桂花村建立了污水处理站及管网工程"  # whole, not cut at 16


def test_a_person_who_went_to_a_body_and_raised_a_problem_reported_to_it() -> None:
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县报道。今年5月，村民覃德明来到县交通运输局，反映村道损毁问题。"
        "王立新来到桂花村调研。"), "t.txt")))))
    reported = {(r.subject[1], r.object[1]) for r in doc.relations if r.predicate == "reportedTo"}
    assert ("覃德明", "湖滨县交通运输局") in reported
    assert not any(o == "桂花村" for _, o in reported)  # a visit with no report is no report


def test_a_subjectless_launch_is_carried_out_by_what_the_article_is_about() -> None:
    """A company's report: 开展“…”活动 with no subject is the company's, not the first place named."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨电信公司在北京召开会议。湖滨电信公司持续服务群众。\n"
        "今年，湖滨电信公司在甘肃建设基站。\n"
        "扎实开展“我为群众办实事”实践活动，了解客户所需。"), "t.txt")))))
    impl = {(r.subject[1], r.object[1]) for r in doc.relations if r.predicate == "implements"}
    assert ("湖滨电信公司", "我为群众办实事实践活动") in impl
    assert not any(s in ("北京市", "甘肃省") for s, _ in impl)


def test_a_launch_after_a_sentence_about_a_team_is_the_articles_not_the_teams() -> None:
    """The last sentence's subject carries over when it is a place or a body; a team or a service
    it named does not launch what the report says next."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县推进接诉即办。湖滨县组建宣讲队。湖滨县服务群众。\n"
        "阳光志愿服务队走进社区宣讲政策。广泛开展“小手拉大手”实践活动，促进风气向善。"), "t.txt")))))
    impl = {(r.subject[1], r.object[1]) for r in doc.relations if r.predicate == "implements"}
    assert ("湖滨县", "小手拉大手实践活动") in impl
    assert not any(s == "阳光志愿服务队" for s, _ in impl)


def test_a_place_right_before_a_quoted_programme_carries_it_out() -> None:
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县报道。暑假期间，在青石镇白沙村“周五课栈”里，孩子们在学习。"), "t.txt")))))
    impl = {(r.subject[1], r.object[1]) for r in doc.relations if r.predicate == "implements"}
    assert ("白沙村", "周五课栈") in impl


def test_a_problem_a_measure_was_taken_against_is_resolved_by_who_took_it() -> None:
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县推进接诉即办。\n"
        "聚焦独居老人就医难问题，推行“家庭医生”上门模式。\n"
        "聚焦群众出行难问题，召开专题会议进行讨论吗？"), "t.txt")))))
    resolved = [(r.subject[1], r.extractor) for r in doc.relations if r.predicate == "resolved"]
    issues = {m.canonical for m in doc.all_mentions if m.type == "Issue"}
    assert ("湖滨县", "rules:resolve-home-place") in resolved or ("湖滨县", "rules:addressed-problem") in resolved
    assert any("就医难问题" in i for i in issues)
    assert not any("出行难" in i for i in issues)  # a question is no measure taken


def test_the_speaker_of_a_quotation_is_not_the_subject_of_the_next_sentence() -> None:
    """“…。”青石镇党委委员李明说。 attributes a quotation: the sentence after it without a
    subject goes on with the article's place, not the speaker's body; a body that acted in the
    sentence before is carried as ever."""
    def resolvers(first: str) -> set[str]:
        doc = extract_relations(extract_entities(segment(clean(make_document("t", (
            "湖滨县推进接诉即办。\n" + first + "聚焦独居老人就医难问题，推行“家庭医生”上门模式。"), "t.txt")))))
        return {r.subject[1] for r in doc.relations if r.predicate == "resolved"}

    said = resolvers("“我们把服务送到家门口。”青石镇党委委员李明说。")
    assert "青石镇党委" not in said and "李明" not in said and "湖滨县" in said
    assert "青石镇党委" in resolvers("青石镇党委走访白沙村。")


def test_one_issue_per_phrase_and_a_pointing_phrase_is_none() -> None:
    """Two rules that label one problem phrase differently make one Issue (a mention denotes one
    entity, as the shapes require); 这一难题 points at a problem and names none."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县青山村村民开证明难。为解决这一难题，村干部在湖滨县智慧党建平台上反映了情况。"
        "去年，桂花村修好了蓄水池，村民灌溉难问题也迎刃而解。桂花村解决了村民灌溉难问题。"), "t.txt")))))
    spans = [(m.span.start, m.span.end) for m in doc.all_mentions if m.type == "Issue"]
    assert spans and len(spans) == len(set(spans))
    issues = {m.canonical for m in doc.all_mentions if m.type == "Issue"}
    assert not any("这一" in i for i in issues)
    keys = {m.key for m in doc.all_mentions}
    assert all(r.subject in keys and r.object in keys for r in doc.relations)


def test_a_problem_counted_by_a_number_loses_the_measure_word() -> None:
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县推进项目建设。湖滨县解决了4项技术难题。"), "t.txt")))))
    issues = {m.canonical for m in doc.all_mentions if m.type == "Issue"}
    assert issues and not any("项技术" in i for i in issues)



def test_a_report_to_a_visiting_team_goes_to_the_official_who_led_it() -> None:
    rels = _relations("湖滨区委书记王立新率队到湖滨精密科技有限公司调研。在调研过程中，企业负责人向调研组反映"
                      "目前面临的困扰。")
    assert ("reportedTo", "湖滨精密科技有限公司", "王立新") in rels
    # no one led a visit: a team is nobody in particular
    rels = _relations("湖滨精密科技有限公司今年扩产。企业负责人向调研组反映了用地困难。")
    assert not any(p == "reportedTo" for p, _, _ in rels)


def test_a_town_placed_nowhere_lies_in_the_only_county_the_article_names() -> None:
    rels = _relations("湖滨县深化改革。8月，在青石镇白沙村的食堂，村民吃饭。")
    assert ("locatedIn", "青石镇", "湖滨县") in rels
    # two counties named: the town's county is not known
    rels = _relations("湖滨县和沙河县深化改革。8月，在青石镇白沙村的食堂，村民吃饭。")
    assert not any(p == "locatedIn" and s == "青石镇" for p, s, _ in rels)


def test_a_village_placed_nowhere_lies_in_the_only_town_else_the_only_county() -> None:
    rels = _relations("湖滨县青石镇深化改革。家住白沙村的村民说，食堂办得好。")
    assert ("locatedIn", "白沙村", "青石镇") in rels
    rels = _relations("湖滨县深化改革。家住白沙村的村民说，食堂办得好。")
    assert ("locatedIn", "白沙村", "湖滨县") in rels
    # two towns and two counties: where the village lies is not known
    rels = _relations("湖滨县青石镇、沙河县柳林镇深化改革。家住白沙村的村民说，食堂办得好。")
    assert not any(p == "locatedIn" and s == "白沙村" for p, s, _ in rels)


def test_a_fixing_word_is_read_as_the_longer_word_it_overlaps() -> None:
    """协调解决 is 协调|解决: the problem after it is not cut from 调解 (…决问题)."""
    from kg.relations.problems import _RESOLVE_CUE
    from kg.relations.mentions import free_match

    text = "现场协调解决道路积水问题"
    m = free_match(_RESOLVE_CUE, text, 0, [])
    assert m is not None and m.group() == "解决"


def test_the_place_an_article_names_most_is_its_subject_at_any_level() -> None:
    """A report on a town is about the town, not the county it lies in."""
    from kg.relations.mentions import dominant_place

    text = "兴安县青石镇地处山区。青石镇种茶。青石镇修路。青石镇建桥。兴安县支持。"
    doc = extract_entities(segment(clean(make_document("t", text, "t.txt"))))
    home = dominant_place(doc)
    assert home is not None and home.canonical == "青石镇"


def test_a_post_after_a_long_place_chain_is_read_and_held_in_the_place() -> None:
    """王某，<province><city><county><town>原党委委员、副镇长: an official of the town."""
    rels = _relations("王青松，四川省宜宾市兴文县石海镇原党委委员、副镇长。")
    assert ("holdsPost", "王青松", "石海镇") in rels


def test_a_place_that_only_begins_a_body_name_holds_no_post() -> None:
    """吉水县文峰小学校长: the head of a school, not a post of the county."""
    from kg.relations.posts import _post_of_place

    assert not _post_of_place("文峰小学校长") and not _post_of_place("住房保障服务中心原主任")
    assert _post_of_place("委书记") and _post_of_place("原党委委员") and _post_of_place("第一书记")


def test_the_article_speaking_of_itself_points_at_its_own_body_or_place() -> None:
    """我校 in a university's report is the university; 该校 is a school, not its youth league."""
    from kg.relations.mentions import pointed_at

    text = "青川学院召开大会。校团委参加。我校开展“青苗助学”活动。"
    doc = extract_entities(segment(clean(make_document("t", text, "t.txt"))))
    school = pointed_at(doc, "校", text.index("我校"))
    assert school is not None and school.canonical == "青川学院"
    rels = _relations(text)
    assert ("implements", "青川学院", "青苗助学活动") in rels


def test_a_company_lies_in_the_seat_written_in_brackets_in_its_name() -> None:
    rels = _relations("深圳市龙岗区出资160万元。青山村与青禾畜牧（深圳）有限公司合作经营。")
    assert ("locatedIn", "青禾畜牧(深圳)有限公司", "深圳市") in rels


def test_a_problem_aimed_at_is_named_without_the_fixing_verb() -> None:
    """聚焦解决受灾群众就业难题，开展…: the Issue is the problem, not 解决…."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "青川市遭遇洪灾。该市聚焦解决受灾群众就业难题，开展专场招聘会。"), "t.txt")))))
    issues = [m.canonical for m in doc.all_mentions if m.type == "Issue"]
    assert issues and not any("解决" in i for i in issues)


def test_a_body_taken_whole_lies_in_the_place_its_name_begins_with() -> None:
    """The recognizer may give 青石乡党委 without the town inside it as a name of its own: the
    body still lies in the town the article names elsewhere."""
    import dataclasses

    from kg.relations.places import find_located
    from kg.model import Mention, Span

    doc = segment(clean(make_document("t", "湖滨县青石乡种茶。\n青石乡党委书记王立新说，茶叶丰收了。", "t.txt")))
    text = doc.text
    town = Mention(span=Span(text.index("青石乡"), text.index("青石乡") + 3), text="青石乡", type="Township",
                   canonical="青石乡", extractor="test", confidence=1.0)
    at = text.index("青石乡党委")
    body = Mention(span=Span(at, at + 5), text="青石乡党委", type="Agency", canonical="青石乡党委",
                   extractor="test", confidence=1.0)
    doc = dataclasses.replace(doc, mentions=(town, body))
    by_sent = {doc.sentence_of(m.span): [m] for m in doc.all_mentions}
    links = {(r.subject[1], r.object[1]) for r in find_located(doc, by_sent)}
    assert ("青石乡党委", "青石乡") in links


def test_a_named_fund_received_is_the_funder() -> None:
    """X获得湖北省…专项资金280万元: the fund is a programme and paid X; 拨付专项资金 names no fund."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨精密科技有限公司获得湖北省中小企业发展专项资金280万元。湖滨县拨付专项资金50万元。"), "t.txt")))))
    programmes = {m.canonical for m in doc.all_mentions if m.type == "Programme"}
    assert "湖北省中小企业发展专项资金" in programmes
    assert not any(p.endswith("专项资金") and p != "湖北省中小企业发展专项资金" for p in programmes)
    funded = {(r.subject[1], r.object[1], r.funding.amount) for r in doc.relations
              if r.predicate == "funded" and r.funding is not None}
    assert ("湖北省中小企业发展专项资金", "湖滨精密科技有限公司", Decimal("2800000")) in funded


def test_a_total_paid_by_a_fund_pointed_back_at_goes_to_the_place_of_those_helped() -> None:
    """该基金…共发出救助金16万元: 该基金 is the fund named before; a total to people the text does not
    name goes to their place (SCHEMA: aggregate, to the group's place). A body that helped firms get
    loans paid nothing (帮助…企业累计获得2.5亿元贷款)."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县民政局探索建立了“湖滨县应急救助基金”。截至目前，该基金已对5户困难家庭实施了救助，"
        "共发出救助金12万元。石桥园区党工委已帮助园区10余家企业累计获得1.5亿元贷款。"), "t.txt")))))
    funded = {(r.subject[1], r.object[1], r.funding.amount, r.funding.aggregate) for r in doc.relations
              if r.predicate == "funded" and r.funding is not None}
    assert funded == {("湖滨县应急救助基金", "湖滨县", Decimal("120000"), True)}


def test_a_subjectless_clause_that_rectifies_what_is_wrong_is_a_fix_and_a_frame_is_not() -> None:
    """整治柴草乱堆乱放、乱搭乱建 says what was wrong (a list): the village of the passage fixed it;
    以综合治理为切入点 and 在防范整治电信诈骗方面 name a frame, no problem fixed."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "桂花村位于湖滨县。开展庭院美化行动，整治柴草乱堆乱放、乱搭乱建百余处，村里干净了。\n"
        "湖滨县以综合治理为切入点，管好集体财产。在防范整治电信诈骗方面，湖滨县持续发力。"), "t.txt")))))
    issues = {m.canonical for m in doc.all_mentions if m.type == "Issue"}
    assert any("乱堆乱放" in i for i in issues)
    assert not any("切入点" in i or "方面" in i for i in issues)
    resolvers = {r.subject[1] for r in doc.relations if r.predicate == "resolved"}
    assert resolvers == {"桂花村"}


def test_a_company_fixes_problems_too() -> None:
    """A company named before the fixing verb is the resolver (运营商 repairing a fault)."""
    rels = _relations("湖滨县电力有限公司组织抢修队，解决了桂花村停电问题。")
    assert ("resolved", "湖滨县电力有限公司", "桂花村停电问题") in rels


def test_a_problem_fixed_within_a_time_concerns_the_place_named_before_it() -> None:
    """问题一周内得到解决: the time does not hide the fix; the problem names no one, so it concerns the
    village its paragraph named before it (the resident's), not the fixing bureau."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "6月3日，湖滨县石桥镇杏花村村民赵小明向镇政府反映，村口路灯损坏，夜间出行不便。"
        "湖滨县住房和城乡建设局派员检修，路灯损坏问题三天内得到解决。"), "t.txt")))))
    rels = {(r.predicate, r.subject[1], r.object[1]) for r in doc.relations}
    fixed = [(s, o) for p, s, o in rels if p == "resolved"]
    assert fixed and all("路灯损坏" in o for _, o in fixed)
    issue = fixed[0][1]
    assert ("affects", issue, "杏花村") in rels


def test_a_problem_written_as_the_topic_and_fixed_a_clause_later() -> None:
    """问题，经…得到解决: the problem is the topic, the clause after it says how, the passive says it was
    fixed; a body named in that clause fixed it. A clause of an aim (问题，要…得到解决) fixes nothing."""
    rels = _relations("桂花村村民反映的饮水难问题，经湖滨县水利局协调也已得到妥善解决。")
    assert [(s, o) for p, s, o in rels if p == "resolved"] == [("湖滨县水利局", "桂花村村民反映饮水难问题")]
    assert ("affects", "桂花村村民反映饮水难问题", "桂花村") in rels
    assert not [r for r in _relations("桂花村村民反映的饮水难问题，将力争通过新建水厂得到解决。") if r[0] == "resolved"]


def test_fixing_as_the_topic_of_a_document_is_no_fix() -> None:
    rels = _relations("湖滨县民政局在杏花村开展义诊，这是湖滨县民政局按照关于解决村民看病难的工作部署开展的活动。")
    assert not [r for r in rels if r[0] == "resolved"]


def test_a_located_in_link_that_two_others_imply_is_dropped() -> None:
    """白沙乡金竹村合作社 is named after 金竹村 and lies in it, which lies in 白沙乡: 合作社 → 白沙乡
    follows and is not kept."""
    rels = _relations("近日，云岭县云岭农村商业银行向白沙乡金竹村合作社发放无息贷款30万元，用于扩建蔬菜大棚。")
    located = {(s, o) for p, s, o in rels if p == "locatedIn"}
    assert ("金竹村", "白沙乡") in located
    assert any(s.endswith("合作社") and o == "金竹村" for s, o in located)
    assert not any(s.endswith("合作社") and o == "白沙乡" for s, o in located)


def test_a_report_through_a_hotline_or_platform_goes_to_the_body_acting_on_it() -> None:
    """通过/在 <平台>(上)反映: the body named acting next received it; with none named, no one (a
    hotline is an Organization, and reports go to bodies and officials only)."""
    rels = _relations("杏花村村民在湖滨县民生服务平台上反映了路灯损坏问题，湖滨县住建局随即派员检修。")
    assert ("reportedTo", "杏花村", "湖滨县住建局") in rels
    rels = _relations("湖滨县枫林小区居民孙立强拨打12345市民服务热线反映，小区供暖温度不达标。")
    assert not any(p == "reportedTo" and s == "孙立强" for p, s, _ in rels)


def test_a_fixing_word_that_cuts_through_two_words_is_none() -> None:
    """核查处置问题线索: 核查|处置, not 查处; nothing here says a problem was fixed."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县招募市民担任监督员，推行“随手拍”，核查处置问题线索56个。"), "t.txt")))))
    assert not [m for m in doc.all_mentions if m.type == "Issue" and "置问题" in m.canonical]


def test_the_village_the_text_calls_cunli_carries_out_what_follows() -> None:
    """村里…；实施…行动: 村里 is the village the paragraph is about, the subject of the next clause."""
    rels = _relations("杏花村位于湖滨县。村里修好了文化广场；实施“美丽庭院”创建行动，村貌焕然一新。")
    assert ("implements", "杏花村", "美丽庭院创建行动") in rels


def test_money_given_for_a_named_programme_funds_it_without_an_amount() -> None:
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县面向全县村（社区）征集群众需求，并拨付专项资金用于“暖心帮办”服务。"), "t.txt")))))
    fundings = [r for r in doc.relations if r.predicate == "funded"]
    assert [(r.subject[1], r.object[1], r.funding.amount) for r in fundings] == [("湖滨县", "暖心帮办服务", None)]


def test_a_programme_that_is_the_means_of_what_a_body_does_is_carried_out_by_it() -> None:
    """以 <programme> 为切口/为载体: the body before 以 carries the programme out."""
    rels = _relations("湖滨县民政局以“银龄关爱”行动为抓手，推动养老服务提质增效。")
    assert ("implements", "湖滨县民政局", "银龄关爱行动") in rels


def test_the_bodies_a_clause_opens_with_carry_out_the_programme_launched_in_its_time_frame() -> None:
    """自开展X以来，A、B等单位… / “X”实行以来，A…: the programme launched frames the clause; the bodies
    it opens with carried it out, each of a list. A frame of dates only, or a subject named far
    into the clause, is not read so."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "自湖滨县高位推进“一帮一”帮扶工作以来，共有湖滨县民政局、湖滨县水利局等单位结对帮扶。"
        "“四小工作法”实行以来，石桥镇退件率下降75%。自9月以来，湖滨县交通局完成修路。"
        "“银龄关爱”行动开展以来，记者多次前往湖滨县采访。"), "t.txt")))))
    since = {(r.subject[1], r.object[1]) for r in doc.relations if r.extractor.endswith("since-programme")}
    assert since == {("湖滨县民政局", "一帮一帮扶工作"), ("湖滨县水利局", "一帮一帮扶工作"),
                     ("石桥镇", "四小工作法")}


def test_a_bare_problem_word_then_a_new_predicate_names_no_problem_and_a_duration_is_no_part_of_one() -> None:
    """解决问题上来, 以解决问题赢得民心: 问题 is the verb's whole object and what follows is another
    predicate: no Issue. 调解一起长达15年的租金纠纷: the years count the duration; the problem is 租金纠纷."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县各级干部深入一线，解决问题上来。湖滨县以解决问题赢得民心。"
        "湖滨县调解一起长达15年的租金纠纷。"), "t.txt")))))
    issues = {r.object[1] for r in doc.relations if r.predicate == "resolved"}
    assert issues and all("问题" not in i for i in issues)
    assert any(i.endswith("租金纠纷") and "年" not in i for i in issues)


def test_names_of_one_list_share_the_classifiers_verdict_on_the_rules_relation() -> None:
    """自开展X以来，A、B、C等单位…: when the classifier keeps the rule's relation for one member of a
    list and overrules it for the others, the others stand with it; a name outside the list does not."""
    from kg.extract_relations import _listed_with_kept, rule_relations

    doc = rule_relations(extract_entities(segment(clean(make_document("t", (
        "自湖滨县推进“一帮一”帮扶工作以来，湖滨县民政局、湖滨县水利局和湖滨县教育局结对帮扶。"), "t.txt")))))
    rels = [r for r in doc.relations if r.extractor.endswith("since-programme")]
    assert len(rels) == 3
    first, *others = sorted(rels, key=lambda r: doc.text.index(r.subject[1]))
    decided = {(r.sentence, r.subject, r.object) for r in others}
    assert _listed_with_kept(doc, decided) == decided
    # all overruled: nothing to share
    assert _listed_with_kept(doc, decided | {(first.sentence, first.subject, first.object)}) == set()


def test_whom_a_fixed_problem_concerns_is_not_read_inside_the_resolvers_own_place_chain() -> None:
    """浙江省湖州市安吉县…解决了…问题: 安吉县 fixed it; 湖州市, written in its chain, is not the one concerned."""
    rels = _relations("浙江省湖州市安吉县推动干部走访调研，解决了村民出行难问题。")
    fixed = [(s, o) for p, s, o in rels if p == "resolved"]
    assert fixed and all(s == "安吉县" for s, _ in fixed)
    assert not any(p == "affects" and o == "湖州市" for p, _, o in rels)


def test_the_classifier_places_no_division_where_the_gazetteer_says_it_is_not() -> None:
    """靖西市 lies in 百色市, not in 深圳市: GB/T 2260 vetoes the classifier's locatedIn between two
    divisions it knows; a village it does not know is left to the text."""
    from kg.extract_relations import _gazetteer_denies
    from kg.model import Mention, Span

    def m(typ: str, name: str) -> Mention:
        return Mention(span=Span(0, len(name)), text=name, type=typ, canonical=name, extractor="model", confidence=1.0)

    assert _gazetteer_denies(m("County", "靖西市"), m("City", "深圳市"))
    assert not _gazetteer_denies(m("County", "靖西市"), m("City", "百色市"))
    assert not _gazetteer_denies(m("County", "长沙县"), m("City", "湖南省"))  # any level above
    assert not _gazetteer_denies(m("Village", "桂花村"), m("County", "湖滨县"))


def test_a_fixing_verb_inside_a_quoted_name_fixes_nothing_and_no_problem_begins_inside_a_word() -> None:
    """深化“五个纠治”: 纠治 is a word of the name; a problem phrase whose length limit cut a word
    (形|式主义…问题) names no problem. A quotation of what someone said still states facts."""
    from kg.relations.problems import _in_short_quote, _inside_word

    text = "各级要持续深化“五个纠治”，深挖形式主义背后的问题。"
    assert _in_short_quote(text, text.index("纠治"))
    said = "“湖滨县住建局及时解决了青禾村饮水难问题。”村民王建新说。"
    assert not _in_short_quote(said, said.index("解决"))
    assert _inside_word(text, text.index("式主义")) and not _inside_word(text, text.index("形式主义"))
    doc = extract_relations(extract_entities(segment(clean(make_document("t", said, "t.txt")))))
    assert any(m.type == "Issue" and "饮水难" in m.canonical for m in doc.all_mentions)


def test_a_problem_fixed_as_a_verb_and_a_bare_word_is_the_problem_the_sentence_took_up() -> None:
    """针对群众提出的困难和诉求，…推动问题解决: the issue is 群众提出的困难和诉求, never 推动问题;
    在实干中化解矛盾 names no problem at all."""
    doc = extract_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨市召开会议。针对群众提出的困难和诉求，各部门坚持接诉即办，采用闭环管理办法，推动问题解决。"
        "青禾县推动干部走访调研，在实干中化解矛盾。"), "t.txt")))))
    issues = {m.canonical for m in doc.all_mentions if m.type == "Issue"}
    assert any("群众提出的困难和诉求" in i or "群众提出困难和诉求" in i for i in issues), issues
    assert not any(i.endswith(("推动问题", "矛盾")) for i in issues), issues


def test_a_paragraph_gives_its_opening_place_to_its_later_subjectless_launches() -> None:
    """A roundup gives each place a paragraph: 湖滨县通过… opens one, and a later sentence of it with
    no subject (推动学习教育走深走实) is 湖滨县's; the next paragraph's opening place takes over."""
    from kg.extract_relations import rule_relations

    doc = rule_relations(extract_entities(segment(clean(make_document("t", (
        "湖滨县通过夜校和“板凳会”加强理论学习。干部们改进作风。用身边案例开展警示，推动学习教育走深走实。\n\n"
        "松溪县聚焦群众急难愁盼，收集意见建议。干部下沉一线。推动学习教育成果转化为发展实效。"), "t.txt")))))
    carried = {(r.subject[1], r.object[1]) for r in doc.relations
               if r.extractor.endswith("paragraph-subject") and r.predicate == "implements"}
    assert carried == {("湖滨县", "学习教育"), ("松溪县", "学习教育")}


def test_a_purpose_clause_before_the_subject_gives_its_programme_to_the_subject() -> None:
    """为推动X…，A依托…: the programme of the opening purpose clause is carried out by the actor the
    main clause opens with; one named later in the main clause is not read so."""
    from kg.extract_relations import rule_relations

    def launched(text: str) -> set[tuple[str, str]]:
        doc = rule_relations(extract_entities(segment(clean(make_document("t", text, "t.txt")))))
        return {(r.subject[1], r.object[1]) for r in doc.relations
                if r.predicate == "implements" and r.extractor == "rules:launch-verb"}

    assert ("湖滨县", "学习教育") in launched("为推动学习教育入脑入心，湖滨县依托“夜话堂”开展宣讲。")
    assert ("湖滨县民政局", "学习教育") not in launched("为推动学习教育见效，干部们走访了湖滨县民政局。")


def test_the_learning_campaign_is_named_by_its_short_name_but_not_as_an_item_of_a_list_of_work() -> None:
    """学习教育 alone names the campaign an article is about (as 主题教育 does); listed among the
    campaign's parts (学习教育、调查研究、检视整改) it names a kind of work."""
    def programmes(text: str) -> set[str]:
        doc = extract_entities(segment(clean(make_document("t", text, "t.txt"))))
        return {m.canonical for m in doc.mentions if m.type == "Programme"}

    assert "学习教育" in programmes("湖滨县深入开展学习教育，推动干部转变作风。")
    assert "学习教育" not in programmes("湖滨县把学习教育、调查研究、检视整改有机结合。")


def test_an_article_about_several_places_lends_none_of_them_its_subjectless_launches() -> None:
    """The article's own place is the one it names at least twice as often as any other; a roundup
    that names two places about as often has none, and a subjectless launch goes to neither."""
    from kg.extract_relations import rule_relations

    def homed(text: str) -> set[tuple[str, str]]:
        doc = rule_relations(extract_entities(segment(clean(make_document("t", text, "t.txt")))))
        return {(r.subject[1], r.object[1]) for r in doc.relations if r.extractor.endswith("home-place")}

    lead = "湖滨县修路。湖滨县建桥。湖滨县通水。\n\n松溪县种茶。\n\n"
    assert homed(lead + "开展“银龄关爱”行动。") == {("湖滨县", "银龄关爱行动")}
    assert homed(lead + "松溪县办夜校。\n\n开展“银龄关爱”行动。") == set()


def test_a_government_body_written_right_before_a_programme_carries_it_out() -> None:
    """县委“三访三问”活动: the body that opens the programme's name owns it, as a place does."""
    from kg.extract_relations import rule_relations

    doc = rule_relations(extract_entities(segment(clean(make_document(
        "t", "湖滨县委“三访三问”活动在各村铺开，干部们走进农户。", "t.txt")))))
    owned = {(r.subject[1], r.object[1]) for r in doc.relations if r.extractor.endswith("owner-before-programme")}
    assert owned == {("湖滨县委", "三访三问活动")}
