"""Stage extract_entities on small made-up passages in the genre."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.clean import clean
from kg.entities.programmes import find_programmes
from kg.extract_entities import extract_entities, rule_candidates
from kg.ingest import make_document
from kg.segment import segment


def _entities(text: str) -> set[tuple[str, str]]:
    doc = extract_entities(segment(clean(make_document("t", text, "t.txt"))))
    for m in doc.mentions:
        assert doc.text[m.span.start : m.span.end] == m.text
    return {(m.type, m.canonical) for m in doc.mentions}


def test_place_chain_is_split_by_level() -> None:
    ents = _entities("近日,江北区五里店街道桂花村村民张三丰来到现场。")
    assert {("County", "江北区"), ("Township", "五里店街道"), ("Village", "桂花村"),
            ("Person", "张三丰")} <= ents


def test_clipped_agency_is_completed_from_the_passage() -> None:
    ents = _entities("南岸区位于重庆。今年5月,居民向区信访办反映问题,区交通局随即修复道路。")
    assert ("Agency", "南岸区信访办") in ents
    assert ("Agency", "南岸区交通局") in ents


def test_official_after_post_and_programme_in_quotes() -> None:
    doc = extract_entities(segment(clean(make_document(
        "t", "会上,县委书记王建国要求各部门深入开展“清河护水”专项行动,推行“街长制”。", "t.txt"))))
    ents = {(m.type, m.canonical) for m in doc.mentions}
    assert ("Official", "王建国") in ents
    assert ("Programme", "清河护水专项行动") in ents
    assert ("Programme", "街长制") in ents
    official = next(m for m in doc.mentions if m.canonical == "王建国")
    assert official.post == "县委书记"


def test_companies_and_generic_references() -> None:
    ents = _entities("重庆川渝鲜食品有限公司获得贷款。该公司负责人表示感谢,这家食品公司将扩大生产。")
    assert ("Company", "重庆川渝鲜食品有限公司") in ents
    assert not any(name in ("该公司", "食品公司", "这家食品公司") for _, name in ents)


def test_common_words_after_roles_are_not_names() -> None:
    ents = _entities("群众满意度高,党员干部带头,村民关切的问题得到解决。")
    assert not any(t in ("Person", "Official") for t, _ in ents)


def test_gazetteer_types_counties_and_cities() -> None:
    ents = _entities("河北省保定市涿州市和湖北省荆州市松滋市的干部交流经验。")
    assert {("City", "河北省"), ("City", "保定市"), ("County", "涿州市"), ("City", "荆州市"),
            ("County", "松滋市")} <= ents


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list("区县市镇村街道社区局委办公司有限“”《》,。、的在向张王李书记主任居民 (a)")
                               + ["江北", "五里店", "來(lái)", "% Q* R1 _ Y- Q3"]), max_size=40).map("".join))
def test_every_span_is_the_mention_text(text: str) -> None:
    doc = extract_entities(segment(clean(make_document("t", text or "空", "t.txt"))))
    for m in doc.mentions:
        assert doc.text[m.span.start : m.span.end] == m.text
        raw = doc.raw_span(m.span)
        assert 0 <= raw.start <= raw.end <= len(doc.raw)


def test_names_before_honorifics_counts_and_posts() -> None:
    ents = _entities("家住江北区的王秀英女士带着孩子来了。小区的李明等3名业主送来锦旗。学习贯彻胡锦林书记在会上的讲话。"
                     "“路修好了。”赵德平说,大家都很满意。他强调,要抓好落实。")
    assert {("Person", "王秀英"), ("Person", "李明"), ("Official", "胡锦林"), ("Person", "赵德平")} <= ents
    assert not any(n.endswith("强") or "他" in n for t, n in ents if t == "Person")


def test_descriptors_and_clauses_are_not_place_names() -> None:
    ents = _entities("南岸区花园街道春晖园老旧小区改造完成,但城区部分老旧小区仍无法满足小区居民需求,要整村推进。")
    villages = {n for t, n in ents if t == "Village"}
    assert "春晖园小区" in villages
    assert not {n for n in villages if "老旧" in n or "满足" in n or "部分" in n or n.startswith("整")}


def test_body_after_generic_word_keeps_its_place() -> None:
    ents = _entities("大足区开展活动。该区龙水镇石桥村党支部组织党员学习。")
    assert ("Agency", "石桥村党支部") in ents


def test_programme_names_end_before_a_predicate_and_take_listed_phrases() -> None:
    ents = _entities("全区将“我为企业解难题”实践活动贯穿学习教育全程。扎实开展道路大清扫、河道大清淤、垃圾大清运行动。")
    progs = {n for t, n in ents if t == "Programme"}
    assert "我为企业解难题实践活动" in progs
    assert not any("贯穿" in n for n in progs)
    # the rules offer the listed phrase whole; the recognizer decides whether it is a name
    from kg.extract_entities import rule_candidates

    text = "扎实开展道路大清扫、河道大清淤、垃圾大清运行动。"
    assert "道路大清扫、河道大清淤、垃圾大清运行动" in {c.canonical for c in rule_candidates(text)
                                                   if c.type == "Programme"}


def test_a_role_word_is_no_organisation_name() -> None:
    ents = _entities("南岸区组织党员志愿服务队和南岸区青年志愿者协会开展服务。")
    orgs = {n for t, n in ents if t == "Organization"}
    assert "党员志愿服务队" not in orgs


def test_stems_keep_a_leading_noun_and_drop_a_leading_word() -> None:
    ents = _entities("他来到中国人民银行南岸支行办理业务。上海木材行业协会表示支持。如果华夏银行同意,就签约。")
    bodies = {n for t, n in ents if t in ("Company", "Organization", "Agency")}
    assert {"上海木材行业协会", "华夏银行"} <= bodies
    assert any(n.startswith("中国人民银行") for n in bodies)
    assert not any(n.startswith(("国人民", "海木材", "果华夏")) for n in bodies)


def test_a_place_written_short_or_behind_its_province_takes_its_full_name() -> None:
    """井冈山 and 湖南永州 in an article that also writes 井冈山市 and 永州市 are those places."""
    doc = extract_entities(segment(clean(make_document("t", (
        "江西井冈山：小区有了服务站\n近日，井冈山市推行楼栋长制度。湖南永州也来学习，永州市干部说好。"),
        "t.txt"))))
    places = {m.text: m.canonical for m in doc.mentions if m.type in ("City", "County")}
    assert places.get("井冈山市") == "井冈山市" and places.get("永州市") == "永州市"
    assert places["井冈山"] == "井冈山市" and places["湖南永州"] == "永州市"
    assert all(name in ("井冈山市", "永州市", "江西省", "湖南省") for name in places.values()), places


def test_names_listed_before_a_company_noun_are_companies() -> None:
    ents = _entities("该公司目前和三星、华为、联想、OPPO、VIVO等一线著名品牌建立合作。")
    assert {("Company", n) for n in ("三星", "华为", "联想", "OPPO", "VIVO")} <= ents
    # a list of common words before 等 is no list of names
    ents = _entities("区里在政策、资金、用地等企业关心的问题上给予支持。")
    assert not any(t == "Company" for t, _ in ents)


def test_bodies_pointed_at_or_clipped_take_their_place_and_news_outlets_are_organisations() -> None:
    ents = _entities("大祥区推进廉洁单位创建。该区纪委监委联合区妇联开展活动。在新疆，自治区党委常委会制定方案。"
                     "湖滨通讯社4月19日电，清河网报道。")
    assert {("Agency", "大祥区纪委监委"), ("Organization", "大祥区妇联"),
            ("Agency", "新疆维吾尔自治区党委常委会"), ("Organization", "湖滨通讯社")} <= ents
    assert not any(n.startswith(("该", "新疆,", "新疆，")) for _, n in ents)


def test_a_company_named_with_its_seat_in_brackets_is_whole() -> None:
    ents = _entities("上海市长来到中微半导体设备（上海）股份有限公司调研。罗来德（江西省吉湖发展集团有限公司董事长）说。")
    assert ("Company", "中微半导体设备(上海)股份有限公司") in ents  # brackets as cleaning writes them
    assert ("Company", "江西省吉湖发展集团有限公司") in ents  # a name inside brackets stays itself


def test_a_kind_of_place_is_no_place_and_a_whole_place_is_the_place() -> None:
    ents = _entities("湖北是农业大省、人口大省，湖北全省推进示范工作。广东是经济强省。")
    assert not any(n.endswith(("大省", "强省", "全省")) for _, n in ents)
    assert ("City", "湖北省") in ents
    # a descriptor before the level makes a kind of place too
    ents = _entities("湖滨县是一个经济欠发达县，也是山区县。")
    assert ("County", "湖滨县") in ents
    assert not any(n.endswith(("发达县", "山区县")) for _, n in ents)
    from kg.entities.places import kind_of_place

    assert kind_of_place("经济欠发达县") and kind_of_place("贫困县") and not kind_of_place("湖滨县")
    assert kind_of_place("中国烟花之乡") and kind_of_place("计划生育先进县")


def test_clipped_bodies_and_numbered_schools_take_the_place_and_a_verb_ends_a_quoted_name() -> None:
    text = "湖滨县召开大会。该县纪委监委联合县妇联，围绕“三个一”开展活动。湖滨二中设置文化长廊。"
    # the rules offer the clipped organisation, completed from the county; the recognizer decides
    assert ("Organization", "湖滨县妇联") in {(c.type, c.canonical) for c in rule_candidates(text)}
    ents = _entities(text)
    assert ("Organization", "湖滨二中") in ents
    assert not any(t == "Programme" and "开展" in n for t, n in ents)


def test_units_listed_with_a_count_are_bodies_and_a_kind_of_body_is_no_name() -> None:
    ents = _entities("湖滨学院召开会议。校团委、旅游学院、图书馆、附属医院、湖滨县教育局等5个单位参与帮扶。"
                     "博物馆开馆，人事部发文。")
    assert {("Organization", n) for n in ("校团委", "旅游学院", "图书馆", "附属医院")} <= ents
    assert ("Agency", "湖滨县教育局") in ents
    assert not any(n == "博物馆" for _, n in ents)  # 图书馆 above is named by the list


def test_a_level_written_twice_and_a_chain_before_a_party_committee_keep_the_nearest_place() -> None:
    ents = _entities("江西省安福县召开会议。时任江西省安福县县委常委李四说，江西省安福县委决定整改。")
    assert ("Agency", "安福县委") in ents
    assert not any(n in ("安福县县委", "江西省安福县委") for _, n in ents)


def test_joint_bodies_are_the_committee_and_clauses_ending_in_a_suffix_character_are_no_bodies() -> None:
    ents = _entities("青石镇党委政府结合镇情，按照市委主题教育工作安排和大兴调查研究部署，推进工作，开新局。")
    assert ("Agency", "青石镇党委") in ents
    assert not any(n.endswith(("部署", "开新局", "党委政府")) for _, n in ents)
    # nor does a clause ending in 部署 stand as a body over the programme inside it
    assert ("Programme", "主题教育") in ents
    assert not any(c.type == "Agency" and c.canonical.endswith("部署")
                   for c in rule_candidates("按照县委主题教育工作安排和年度重点任务部署要求，推进工作。"))


def test_a_preposition_before_a_place_found_by_its_suffix_is_not_its_first_character() -> None:
    """经湖滨县水利局协调, 由石桥镇政府: the agent's preposition stands before the name."""
    ents = _entities("问题经湖滨县水利局协调得到解决。由石桥镇政府牵头，各村参加。")
    assert ("County", "湖滨县") in ents and ("Agency", "湖滨县水利局") in ents
    assert ("Township", "石桥镇") in ents
    assert not any(n.startswith(("问题", "经", "由")) for _, n in ents)


def test_a_word_that_dates_a_post_is_not_part_of_it() -> None:
    doc = extract_entities(segment(clean(make_document("t", "时任安福县县委常委李四说，整改落实。", "t.txt"))))
    posts = {m.canonical: m.post for m in doc.mentions if m.type == "Official"}
    assert posts.get("李四") and not posts["李四"].startswith("时任")


def test_a_verb_before_the_place_of_a_post_is_not_part_of_it() -> None:
    """专访安福县委书记李四 (a headline): the post is 安福县委书记; 统战部部长 keeps its verb-like word."""
    doc = extract_entities(segment(clean(make_document(
        "t", "专访安福县委书记李四：把整改落实到底。统战部部长王五出席。", "t.txt"))))
    posts = {m.canonical: m.post for m in doc.mentions if m.type == "Official"}
    assert posts.get("李四") == "安福县委书记"
    assert posts.get("王五") == "统战部部长"


def test_a_programme_word_after_a_generic_modifier_is_no_programme() -> None:
    ents = _entities("湖滨县开展“清河护水”专项整治行动，推进重点项目建设，把污水治理作为“关键工程”来抓。")
    assert ("Programme", "清河护水专项整治行动") in ents
    assert not any(t == "Programme" and n in ("专项整治行动", "重点项目建设", "关键工程") for t, n in ents)


def test_a_long_body_name_starts_at_its_place_and_a_clipped_city_body_takes_its_sentence_city() -> None:
    ents = _entities("涉案的是永州市东安县住房保障服务中心房屋维修资金服务办公室。")
    assert ("Agency", "东安县住房保障服务中心房屋维修资金服务办公室") in ents
    assert ("County", "东安县") in ents
    ents = _entities("永州市召开会议。永州市委书记讲话。天津主题教育动员会召开，强调市委常委班子带头推动。市委要求落实。")
    assert ("Agency", "天津市委常委班子") in ents and ("Agency", "永州市委") in ents
    assert ("Agency", "永州市委常委班子") not in ents


def test_a_county_named_for_short_after_its_province_is_the_county() -> None:
    ents = _entities("走进浙江德清，果农在田间忙碌。")
    assert {("City", "浙江省"), ("County", "德清县")} <= ents


def test_bylines_split_at_spaces_photo_credits_and_kinds_of_villages() -> None:
    ents = _entities("干事创业的充盈正气。（王晓林 赵刚）\n特约记者孙立摄\n青石镇消灭空壳村，湖北是农业大省。")
    assert {("Person", "王晓林"), ("Person", "赵刚"), ("Person", "孙立")} <= ents
    assert not any(n in ("王晓林赵刚", "孙立摄", "空壳村", "农业大省") for _, n in ents)


def test_a_body_word_after_a_generic_modifier_names_no_body() -> None:
    ents = _entities("基层政府和地方党委大力支持，党群服务中心开放。湖滨县党群服务中心开放，集成电路产业发展。")
    assert ("Agency", "湖滨县党群服务中心") in ents
    assert not any(n in ("基层政府", "地方党委", "党群服务中心", "集成电路") for _, n in ents)


def test_names_quoted_one_after_another_take_the_class_of_the_word_after_them() -> None:
    ents = _entities("湖滨县开展“普法大篷车”“法治夜校”等活动，依托“村村响”“微湖滨”等平台宣传。"
                     "打消群众“不会用”“不敢用”的顾虑。")
    assert {("Programme", "普法大篷车"), ("Programme", "法治夜校"),
            ("Organization", "村村响"), ("Organization", "微湖滨")} <= ents
    assert not any(n in ("不会用", "不敢用") for _, n in ents)


def test_guesthouses_inns_and_farms_are_businesses() -> None:
    text = "走出自家开办的清风民宿，李大海来到隔壁的白云客栈，村里还有青山生态养殖场。"
    # the rules name them by their endings (the recognizer, which sees the endings too, decides)
    cands = {(c.type, c.canonical) for c in rule_candidates(text)}
    assert {("Company", "清风民宿"), ("Company", "白云客栈"), ("Company", "青山生态养殖场")} <= cands
    # what the recognizer keeps of one invented sentence moves with each retraining (the models of
    # 2026-12-04's fifth stop give 清风民宿 0.33 and keep the farm): no name is given another class
    ents = _entities(text)
    assert ("Company", "青山生态养殖场") in ents
    assert not any(n in ("清风民宿", "白云客栈", "清风", "白云") and t != "Company" for t, n in ents)


def test_a_body_name_does_not_begin_with_a_verb() -> None:
    ents = _entities("青州市建成智慧养老综合服务平台，并新建改建卫生院。")
    assert ("Organization", "智慧养老综合服务平台") in ents
    assert not any("建成" in n or n.startswith("新建") for _, n in ents)
    # after its place too, and what the verb leaves (医院) names nothing
    ents = _entities("湖滨县召开会议。湖滨县新建改建医院、菜市场，解决了群众看病难问题。")
    assert not any("新建" in n or n == "医院" for _, n in ents)
    from kg.entities.bodies import find_bodies

    text = "湖滨县新建改建医院、菜市场。"
    assert not any("新建" in c.canonical for c in find_bodies(text, [c for c in rule_candidates(text) if c.type == "County"]))


def test_programme_stems_keep_the_verbs_that_name_the_work_and_drop_a_predicate() -> None:
    """A verb that names the work stays in an unquoted programme's name; a predicate before the
    programme word (提供|项目) leaves no name at all."""
    def programmes(text: str) -> set[str]:
        return {c.canonical for c in rule_candidates(text) if c.type == "Programme"}

    assert "青林安居专项整治行动" in programmes("围绕突出问题开展了青林安居专项整治行动。")
    assert "村容风貌提升行动" in programmes("石岗村实施村容风貌提升行动，整治垃圾杂物。")
    assert not any(p.endswith("项目") for p in programmes("他说政府能提供项目，大家都很高兴。"))


def test_single_quoted_names_and_handbooks_are_programme_candidates() -> None:
    """A nickname quoted inside a quotation (‘…’) and a handbook or white paper in 《》 are offered
    as programmes."""
    text = "“我们要让新时代‘红叶经验’结出硕果。”该县印发了《青溪村垃圾分类手册》。"
    found = {(c.type, c.canonical) for c in rule_candidates(text)}
    assert ("Programme", "红叶经验") in found
    assert ("Programme", "青溪村垃圾分类手册") in found


def test_a_programme_named_once_is_carried_to_its_other_occurrences() -> None:
    """A programme recognised once is the same name where it recurs, so relations in other
    sentences can reach it."""
    from kg.extract_entities import Cand
    from kg.entities.candidates import propagate

    text = "该校开展精细帮扶。各学院也参与精细帮扶工作。"
    first = Cand(4, 8, "Programme", "精细帮扶", "model", 0.8)
    extra = propagate(text, [first])
    assert [(c.start, c.canonical) for c in extra if c.type == "Programme"] == [(text.rindex("精细帮扶"), "精细帮扶")]


def test_no_name_runs_from_one_document_title_into_the_next() -> None:
    """《A》和《B》 are two documents, whatever span the recognizer proposes over both."""
    from kg.entities.recognized import _split_at_spaces

    text = "该市制定了《青溪村办事指南》和《青溪村证明事项手册》。"
    s, e = text.index("《"), text.rindex("》") + 1
    parts = _split_at_spaces(text, [(s, e, "Programme", 0.9)])
    assert [text[a:b] for a, b, _, _ in parts] == ["《青溪村办事指南》", "《青溪村证明事项手册》"]


def test_a_quoted_nickname_may_mix_digits_and_joining_marks() -> None:
    """Schemes are nicknamed with digits, letters and plus signs (“5G服务我先行”): still offered."""
    found = {(c.type, c.canonical) for c in rule_candidates("在青州，“5G惠民我先行”提供多项举措。")}
    assert ("Programme", "5G惠民我先行") in found


def test_one_quoted_name_with_deng_takes_the_class_of_the_word_after() -> None:
    """“X”等志愿者队伍 names a team, “Y”等活动 a programme: the word after 等 says what it is."""
    def found(text: str) -> set[tuple[str, str]]:
        return {(c.type, c.canonical) for c in rule_candidates(text)}

    assert ("Organization", "松林互助团") in found("社区成立“松林互助团”等志愿者队伍，服务老人。")
    assert ("Organization", "青禾到家") in found("还在线上开通“青禾到家”等12个民声通道小程序。")
    assert ("Programme", "书香进村") in found("该镇开展“书香进村”等活动。")


def test_a_body_word_alone_or_after_a_generic_word_names_no_body() -> None:
    """法院 alone and 政府部门 are kinds of body; a court or department with its place is one."""
    from kg.extract_entities import Cand
    from kg.entities.bodies import no_body_name

    def unnamed(name: str, typ: str = "Agency") -> bool:
        return no_body_name(Cand(0, len(name), typ, name, "model", 0.8))

    assert unnamed("法院") and unnamed("政府部门")
    assert not unnamed("青川县人民法院") and not unnamed("青川县教育部门")


def test_a_programme_name_runs_over_no_comma_outside_quotes() -> None:
    """A quoted line of verse before a name is not part of it; a quoted slogan keeps its comma."""
    text = "“山歌唱起来，那边和起来……”青石社区文化活动很热闹。"
    names = {name for typ, name in _entities(text) if typ == "Programme"}
    assert not any("，" in n or "," in n or "…" in n for n in names)
    from kg.entities.stems import in_quotes
    slogan = "开展“奋战百日，攻坚克难”大会战活动"
    assert in_quotes(slogan, slogan.index("“"), slogan.index("，"))
    assert not in_quotes(text, 0, text.index("青"))


def test_a_known_organisation_that_runs_on_into_its_clause_ends_where_its_name_does() -> None:
    """中国电信认真学习… is 中国电信; a name that ends as a body's name does stays whole."""
    from kg.entities.bodies import end_of_known_body

    def cut(name: str) -> str:
        return name[: end_of_known_body(name, 0, len(name))]

    assert cut("中国电信认真学习贯彻会议精神") == "中国电信"
    assert cut("中国电信南京分公司") == "中国电信南京分公司"
    assert cut("江西省委巡视组") == "江西省委巡视组"


def test_mass_organisations_and_central_bodies_are_typed_by_their_form() -> None:
    """A body ending in 团委, 妇联, 协会 … is an organisation; 党中央 and 国务院 are agencies."""
    from kg import lexicon as L

    assert "校团委".endswith(L.ORGANISATION_FORMS) and "青山县观鸟协会".endswith(L.ORGANISATION_FORMS)
    assert {"党中央", "国务院"} <= L.CENTRAL_AGENCIES
    found = _entities("青山县妇联和县团委联合开展活动。国务院印发通知。")
    assert not any(t == "Agency" and n.endswith(("妇联", "团委")) for t, n in found)
    assert ("Organization", "国务院") not in found


def test_a_place_written_only_inside_a_company_name_is_no_entity_of_the_article() -> None:
    """珠海市某科技有限公司 names the company, not the city; an agency names its jurisdiction."""
    found = _entities("珠海市青禾电子科技有限公司今年扩大生产。")
    assert any(t == "Company" for t, _ in found)
    assert not any(t in ("City", "County") for t, _ in found)
    assert ("County", "垫江县") in _entities("垫江县生态环境局加大整改力度。")


def test_a_name_does_not_take_the_adverb_after_it() -> None:
    """大学生张某便目不暇接: 便 begins the predicate."""
    from kg.entities.people import swallows_next_word

    text = "大学生张晓便目不暇接。"
    assert swallows_next_word(text, text.index("便") + 1)


def test_a_name_after_a_post_or_role_stops_before_the_verb_and_never_starts_with_an_adverb() -> None:
    """副市长李某参加调研 names 李某; 教师都深受困扰 names no one; 向 and 曾 are surnames."""
    def people(text: str) -> set[str]:
        return {c.canonical for c in rule_candidates(text) if c.type in ("Person", "Official")}

    assert people("副市长李政参加调研。") == {"李政"}
    assert not people("学生、家长、教师都深受困扰。")
    assert "曾志强" in people("副县长曾志强说，要抓落实。")


def test_a_name_does_not_take_the_time_word_after_it() -> None:
    """市长龚某昨天赴…: 昨 begins 昨天."""
    from kg.entities.people import swallows_next_word

    text = "市长龚正昨天赴浦东新区调研。"
    assert swallows_next_word(text, text.index("昨") + 1)


def test_a_place_does_not_begin_with_the_time_words_before_it() -> None:
    """还有半个月青石镇的…, 10月白沙村…: the month count ends before the place."""
    ents = _entities("湖滨县有个好消息。还有半个月青石镇的魔芋将上市，10月白沙村修好了路。")
    assert ("Township", "青石镇") in ents and ("Village", "白沙村") in ents
    assert not any(name.startswith("月") for _, name in ents)


def test_a_piece_of_a_list_of_posts_is_no_body() -> None:
    """驻村第一书记兼村党支部书记 is two posts; 第一书记兼村党支部 is no body, whoever offers it."""
    from kg.extract_entities import Cand
    from kg.entities.bodies import after_concurrent_post

    kept = after_concurrent_post([Cand(0, 9, "Agency", "第一书记兼村党支部", "model", 0.9),
                                   Cand(0, 6, "Village", "第一书记兼村", "model", 0.9),
                                   Cand(0, 4, "Organization", "兼善中学", "model", 0.9),
                                   Cand(0, 5, "Agency", "青石乡党委", "model", 0.9)])
    assert [c.canonical for c in kept] == ["兼善中学", "青石乡党委"]


def test_unquoted_campaigns_and_documents_are_offered_by_their_ending() -> None:
    """产业扶贫 has a stem of two characters (after 借力, which jieba calls a noun); 实施方案 closes a
    document's name; a bare
    扶贫 after a verb names nothing."""
    text = "湖滨县借力产业扶贫，出台全县绿色发展实施方案和第一批工作方案。开展扶贫。"
    offered = {c.canonical for c in rule_candidates(text) if c.type == "Programme"}
    assert "产业扶贫" in offered
    assert any(o.endswith("绿色发展实施方案") for o in offered)
    assert not any(o.endswith("开展扶贫") or o == "扶贫" for o in offered)


def test_quotations_written_one_after_another_are_names_one_after_another() -> None:
    from kg.entities.recognized import _split_at_spaces

    text = "组建“三官一律”“50+调解队”等宣讲队"
    s, e = text.index("“"), text.index("等")
    pieces = [text[a:b] for a, b, _, _ in _split_at_spaces(text, [(s, e, "Organization", 0.9)])]
    assert pieces == ["“三官一律”", "“50+调解队”"]


def test_a_surname_and_a_title_name_a_person() -> None:
    """居民王女士, 许师傅: offered as people, the title kept in the name; 一位女士 names no one."""
    from kg.entities.people import find_people

    text = "居民王女士表示感谢。许师傅说，问题解决了。一位女士说，装机师傅来了。"
    found = {c.canonical for c in find_people(text) if c.rule == "surname+title"}
    assert found == {"王女士", "许师傅"}


def test_state_council_departments_are_agencies_by_name_and_part_of_no_word() -> None:
    """商务部会同工业和信息化部: two agencies; 教育部门, 财政部分 and 教育部署 hold none."""
    from kg.entities.bodies import find_departments

    ents = _entities("商务部会同工业和信息化部、国家数据局出台意见。")
    assert ("Agency", "商务部") in ents and ("Agency", "工业和信息化部") in ents
    text = "加强思想教育部署，财政部分资金到位，各地教育部门和省财政部落实。"
    assert not find_departments(text)


def test_a_company_named_by_business_words_only_is_a_clipped_name() -> None:
    """科技股份有限公司 is what a clipped 山鼎环保科技股份有限公司 leaves: no name of its own."""
    from kg.entities.bodies import generic_company

    assert generic_company("科技股份有限公司") and generic_company("发展有限公司")
    assert not generic_company("山鼎环保科技股份有限公司") and not generic_company("华为技术有限公司")


def test_a_level_body_with_no_place_of_its_level_in_sight_is_the_gazetteers() -> None:
    """市委 in an article about a county that names no city is the county's city's (GB/T 2260);
    a word that merely begins with 市 is no body."""
    ents = _entities("市委常委、安吉县委书记王建华到青石镇调研。按照省委部署，安吉县开展活动。")
    assert ("Agency", "湖州市委") in ents and ("Agency", "浙江省委") in ents
    assert not any(t == "Agency" and n.startswith(("湖州市场", "浙江省略")) for t, n in
                   _entities("安吉县以市场化方式引入文化公司运作。"))


def test_a_place_inside_a_body_name_is_one_mention() -> None:
    """A place the recognizer and a rule both find inside a cooperative's name is one mention:
    a mention is a span of the text."""
    doc = make_document("t.txt", "甘肃临夏回族自治州东乡族自治县青禾种植养殖农民专业合作社理事长王立山说。", "t.txt")
    spans = [(m.span.start, m.span.end) for m in extract_entities(segment(clean(doc))).mentions]
    assert spans and len(spans) == len(set(spans))


def test_a_quote_then_the_work_and_a_programme_ending_is_one_name() -> None:
    """“清风单位”创建活动 is one programme (创建 names its work); “三个一”开展活动 is not."""
    ents = _entities("湖滨区在全区开展“清风单位”创建活动。")
    assert ("Programme", "清风单位创建活动") in ents
    assert ("Programme", "三个一开展活动") not in _entities("湖滨区围绕“三个一”开展活动。")


def test_a_doubled_character_is_no_name_and_a_company_post_keeps_the_whole_company() -> None:
    """总书记殷殷嘱托: 殷殷 is a word, not a person after a post; 股份有限公司董事长: the post
    begins with the company's name, not inside its suffix (限公司董事长)."""
    doc = extract_entities(segment(clean(make_document("t", (
        "湖滨动力机械股份有限公司董事长李宗明表示将继续投资。习近平总书记殷殷嘱托。"), "t.txt"))))
    people = {m.canonical: m.post for m in doc.mentions if m.type in ("Person", "Official")}
    assert "殷殷" not in people
    assert people.get("李宗明") == "湖滨动力机械股份有限公司董事长"


def test_a_name_with_a_word_stuck_to_it_is_the_name_and_a_level_word_ends_no_name() -> None:
    """张红想给… in an article that names 张红 is 张红 (想 is a word); a person
    "name" ending in a level word is a place; 支付10000元 names no body."""
    from kg.entities.bodies import no_body_name
    from kg.entities.people import people_passes
    from kg.extract_entities import Cand

    text = "今年4月，张红想给李小文上个户口。院长张红说，欢迎。"
    cands = [Cand(5, 8, "Person", "张红想", "model", 0.9), Cand(20, 22, "Official", "张红", "model", 0.9),
             Cand(9, 12, "Person", "李小文", "model", 0.9)]
    assert {c.canonical for c in people_passes(text, cands)} == {"张红", "李小文"}
    text = "当年的干沙滩青禾镇如今产业旺，王建国说。"
    cands = [Cand(6, 9, "Person", "青禾镇", "model", 0.9), Cand(15, 18, "Person", "王建国", "model", 0.9)]
    assert [c.canonical for c in people_passes(text, cands)] == ["王建国"]
    assert no_body_name(Cand(0, 6, "Organization", "10000元", "model", 0.9))


def test_kinds_of_bodies_name_none_and_bodies_acting_together_are_two() -> None:
    """公安机关, 税务部门, 公交公司, 旅行社 are kinds of bodies; 湖滨市税务部门 and 工商银行 are named.
    财政厅会同应急管理厅 is two bodies; 会同省生态环境厅 is the body after the verb."""
    from kg.entities.bodies import bodies_acting_together, no_body_name
    from kg.extract_entities import Cand

    def kind(typ: str, name: str) -> bool:
        return no_body_name(Cand(0, len(name), typ, name, "model", 0.9))

    assert all(kind(t, n) for t, n in [("Agency", "公安机关"), ("Agency", "税务部门"), ("Company", "公交公司"),
                                       ("Company", "旅行社"), ("Company", "个人工作室")])
    assert not any(kind(t, n) for t, n in [("Agency", "湖滨市税务部门"), ("Company", "工商银行"),
                                           ("Company", "华为公司"), ("Company", "重庆银行")])
    text = "湖滨市财政局会同湖滨市应急管理局下达资金，会同省生态环境厅检查。"
    first = text.index("会同省")
    cands = [Cand(0, 16, "Agency", text[:16], "model", 0.9), Cand(first, first + 8, "Agency", text[first:first + 8], "model", 0.9)]
    assert [c.canonical for c in bodies_acting_together(cands)] == ["湖滨市财政局", "湖滨市应急管理局", "省生态环境厅"]


def test_a_town_keeps_a_first_character_that_is_a_time_word_and_a_village_sheds_its_higher_places() -> None:
    """清升镇 keeps 清 (a time word alone, but not counted as 10月 is); 广西南宁青禾社区 is 青禾社区;
    外贸出口重镇 is a kind of town."""
    ents = _entities("重庆荣昌区清升镇也来了。在广西南宁青禾社区，居民议事。这里是外贸出口重镇。")
    assert ("Township", "清升镇") in ents and ("Village", "青禾社区") in ents
    assert not any(n.endswith("重镇") for _, n in ents)


def test_a_post_after_a_name_is_an_apposition_and_the_longest_post() -> None:
    """王立新，区委副书记、区长 and 李红代表（…党总支书记）: posts in apposition, the bracket's
    书记 whole (支书 is a post too); 王建国注重将本职工作与委员… has no post, only words."""
    from kg.entities.people import post_near

    text = "人大代表李红霞代表（湖滨县青石镇桂花村党总支书记）说，好。"
    i = text.index("李红霞")
    assert post_near(text, i, i + 3) == "湖滨县青石镇桂花村党总支书记"
    assert post_near("王立新，区委副书记、区长，到村里调研。", 0, 3) == "区委副书记、区长"
    assert post_near("王建国注重将本职工作与委员履职结合。", 0, 3) is None


def test_a_body_cut_inside_its_place_begins_with_the_place() -> None:
    """禾乡党委 where the article names 青禾乡 is 青禾乡党委, 王山镇 where it names 黎王山镇 is
    黎王山镇; 湖滨电信联合农业科研院所 is 湖滨电信
    (a body the article names, then a verb of acting together; only agencies are split in two)."""
    from kg.entities.bodies import bodies_acting_together, names_begun_inside_a_place
    from kg.extract_entities import Cand

    text = "青禾乡位于湖滨县。青禾乡党委书记王勇说。"
    cands = [Cand(0, 3, "Township", "青禾乡", "model", 0.9), Cand(10, 14, "Agency", "禾乡党委", "model", 0.9)]
    names_begun_inside_a_place(text, cands)
    assert cands[1].canonical == "青禾乡党委" and cands[1].start == 9
    text = "湖滨县黎王山镇位于南部。黎王山镇原党委委员张小龙。"
    i = text.index("王山镇原")
    cands = [Cand(3, 7, "Township", "黎王山镇", "model", 0.9), Cand(i, i + 3, "Township", "王山镇", "model", 0.9)]
    names_begun_inside_a_place(text, cands)
    assert cands[1].canonical == "黎王山镇"
    text = "湖滨电信开展服务。湖滨电信联合农业科研院所推出平台。"
    cands = [Cand(0, 4, "Company", "湖滨电信", "model", 0.9), Cand(9, 21, "Company", text[9:21], "model", 0.9)]
    assert [c.canonical for c in bodies_acting_together(cands)] == ["湖滨电信", "湖滨电信"]


def test_a_bracketed_explanation_between_a_quoted_name_and_its_ending_is_skipped() -> None:
    """The rules offer “三小”（小书屋、小药箱…）建设 as the programme 三小建设, and 基层 before it is
    no part of the name (a generic word, unlike the noun of 城市“净网”建设). Whether the name
    takes its closing word (建设 yes, 服务 or 模式 less often) the recognizer learns from the
    annotated articles, so this is a test of the rules' candidates."""
    text = "集团工会扎实推进基层“三小”（小书屋、小药箱、小菜园）建设。城市“净网”建设持续推进。"
    cands = {(c.type, c.canonical) for c in find_programmes(text)}
    assert ("Programme", "三小建设") in cands and ("Programme", "城市净网建设") in cands
    assert not any(n.startswith("基层") for _, n in cands)
    ents = _entities(text)
    assert ("Programme", "城市净网建设") in ents and any(n.startswith("三小") for t, n in ents if t == "Programme")


def test_a_document_title_in_book_title_marks_is_whole_with_quotes_inside() -> None:
    """《关于落实市委“三项”“四创”…的实施意见》 is one programme, its quotation marks dropped."""
    ents = _entities("湖滨区专门印发《关于落实市委“三项”“四创”、区委“八大”重点工作的实施意见》，推动落实。")
    assert ("Programme", "关于落实市委三项四创、区委八大重点工作的实施意见") in ents
    assert not any(t == "Programme" and n.startswith("四创、") for t, n in ents)


def test_the_body_of_a_post_before_an_official_is_an_agency() -> None:
    """湖滨区农业农村局局长王文芳: the post names the body, found even where nothing else was; a list
    of posts (第一书记兼村党支部书记) names no body of its own."""
    from kg.entities.bodies import bodies_in_posts
    from kg.extract_entities import Cand

    text = "湖滨区农业农村局局长王文芳介绍，驻村第一书记兼村党支部书记张刚说。"
    i, j = text.index("王文芳"), text.index("张刚")
    cands = [Cand(0, 3, "County", "湖滨区", "model", 0.9),
             Cand(i, i + 3, "Official", "王文芳", "model", 0.9, post="湖滨区农业农村局局长"),
             Cand(j, j + 2, "Official", "张刚", "model", 0.9, post="驻村第一书记兼村党支部书记")]
    found = [(c.type, c.canonical) for c in bodies_in_posts(text, cands) if c.rule == "post-body"]
    assert found == [("Agency", "湖滨区农业农村局")]


def test_the_body_of_a_post_after_a_name_is_named_by_its_nearest_place() -> None:
    """李明芳（江西省吉水县青禾小学校长）: the post after the name names the school, known by its
    nearest place (吉水县青禾小学, not 江西省吉水县青禾小学)."""
    from kg.entities.bodies import bodies_in_posts
    from kg.extract_entities import Cand

    text = "江西省吉水县召开会议。李明芳（江西省吉水县青禾小学校长）说，学生多了。"
    i = text.index("李明芳")
    j = text.index("江西省吉水县青禾")
    cands = [Cand(0, 3, "City", "江西省", "model", 0.9), Cand(3, 6, "County", "吉水县", "model", 0.9),
             Cand(i, i + 3, "Official", "李明芳", "model", 0.9, post="江西省吉水县青禾小学校长"),
             Cand(j, j + 3, "City", "江西省", "model", 0.9), Cand(j + 3, j + 6, "County", "吉水县", "model", 0.9)]
    found = [(c.type, c.canonical, c.start) for c in bodies_in_posts(text, cands) if c.rule == "post-body"]
    assert found == [("Organization", "吉水县青禾小学", j + 3)]


def test_a_place_and_its_party_committee_in_a_post_name_the_committee() -> None:
    """杏林乡党委书记王平: the post is the 书记 of 杏林乡党委, a body the recognizer may miss."""
    from kg.entities.bodies import bodies_in_posts
    from kg.entities.stems import Cand

    text = "杏林乡党委书记王平说"
    chosen = [Cand(0, 3, "Township", "杏林乡", "suffix", 0.8),
              Cand(7, 9, "Official", "王平", "post+name", 0.8, post="杏林乡党委书记")]
    found = [c for c in bodies_in_posts(text, chosen) if c.rule == "post-body"]
    assert [(c.canonical, c.type, text[c.start : c.end]) for c in found] == [("杏林乡党委", "Agency", "杏林乡党委")]


def test_a_name_cut_inside_its_place_ending_runs_to_its_end() -> None:
    """The recognizer's 杏林街社 of 杏林街社区 is the village 杏林街社区; a whole name is left alone."""
    from kg.entities.recognized import _suffix_completed

    text = "湖滨县杏林街道杏林街社区居民"
    s = text.index("杏林街社区")
    assert _suffix_completed(text, s, s + 4, "Organization") == (s + 5, "Village")
    assert _suffix_completed(text, s, s + 5, "Village") == (s + 5, "Village")
    assert _suffix_completed(text, 3, 6, "Organization") == (7, "Township")  # 杏林街|道
    assert _suffix_completed("张三社区", 0, 3, "Person") == (3, "Person")


def test_a_word_saying_where_a_place_lies_is_not_part_of_its_name() -> None:
    """邻村杏林村: the neighbouring village is 杏林村, whatever span the recognizer gave."""
    from kg.entities.recognized import after_relative_word

    text = "上周，邻村杏林村村民王大勇在河边拍到了白鹭。"
    s = text.index("邻村")
    assert after_relative_word(text, s, s + 5) == s + 2
    assert after_relative_word(text, s + 2, s + 5) == s + 2
    assert after_relative_word("周边旗县", 0, 4) == 0  # too little is left to be a name
    ents = _entities(text)
    assert ("Village", "杏林村") in ents and not any(n.startswith("邻村") for _, n in ents)


def test_quoted_names_written_in_parallel_are_of_one_kind() -> None:
    """“A”服务在前、“B”宣传在前、“C”关爱在前: where one of them is a programme, so are the others; a
    list none of which is taken stays untaken."""
    from kg.entities.programmes import parallel_programmes
    from kg.entities.stems import Cand

    text = "推出“小扁担”服务在前、“小喇叭”宣传在前、“小药箱”关爱在前。做到“必答题”一个不少、“加分题”各有特色。"
    taken = [Cand(2, 9, "Programme", "小扁担服务", "quote+suffix", 0.8)]
    found = parallel_programmes(text, taken)
    assert [(c.type, c.canonical) for c in found] == [("Programme", "小喇叭"), ("Programme", "小药箱")]
    assert parallel_programmes(text, []) == []


def test_a_rule_name_listed_beside_the_recognizers_body_of_its_class_is_kept(monkeypatch) -> None:
    """长江网、荆楚网、湖北日报: the recognizer took the first two and read only 湖北 in the third; the
    suffix rule's 湖北日报, listed with them and of their class, is kept. A rule name standing alone
    that the recognizer gave nothing is not (the selection is tested with the recognizer's answer fixed:
    what it says of a given text is the model's business, what is done with it is this rule's)."""
    from kg.entities import recognized

    text = "也得到了长江网、荆楚网、湖北日报等媒体的关注。湖北日报社记者在场。"
    i = text.index("长江网")
    spans = [(i, i + 3, "Organization", 0.6), (i + 4, i + 7, "Organization", 0.6), (i + 8, i + 10, "City", 0.6)]
    monkeypatch.setattr(recognized, "recognise", lambda t, rules: (spans, {}))
    got = {(c.type, c.canonical, c.start) for c in recognized.model_names(text, rule_candidates(text))}
    assert ("Organization", "湖北日报", i + 8) in got
    assert not any(n.startswith("湖北日报") and s > i + 8 for _, n, s in got)


def test_a_newspaper_in_book_title_marks_is_an_organisation() -> None:
    assert ("Organization", "湖北日报") in _entities("本报记者 王小明《湖北日报》（2026年03月02日第 05 版）")


def test_the_longest_ending_decides_a_bodys_class_and_two_bodies_joined_by_and_are_two() -> None:
    """党群服务站 ends in the organisation's 服务站, not only in an agency's 站; 住房保障服务中心和政务服务中心
    is two centres (a left part that is a body's name is not the stem of one), while
    政务服务和大数据局 is one bureau."""
    cands = {(c.type, c.canonical) for c in rule_candidates(
        "怡园新村小区党群服务站召开会议。湖滨县住房保障服务中心和湖滨县政务服务中心参加。湖滨县政务服务和大数据局牵头。")}
    assert ("Organization", "怡园新村小区党群服务站") in cands
    assert ("Agency", "怡园新村小区党群服务站") not in cands
    assert {("Agency", "湖滨县住房保障服务中心"), ("Agency", "湖滨县政务服务中心")} <= cands
    assert ("Agency", "湖滨县政务服务和大数据局") in cands


def test_a_county_named_only_in_its_committee_names_the_city_above_and_what_its_pointer_names() -> None:
    """市委常委、安吉县委书记周立衡带队到该县产业园: 安吉县委 names 安吉县 (so 市委 is 湖州市's, by
    GB/T 2260); 带队 is no team; 该县产业园 is 安吉县产业园."""
    text = "近日，市委常委、安吉县委书记周立衡带队到该县产业园、梅溪镇等地开展调研。"
    cands = {(c.type, c.canonical) for c in rule_candidates(text)}
    assert {("County", "安吉县"), ("Agency", "安吉县委"), ("Agency", "湖州市委")} <= cands
    assert not any(n.endswith("带队") for _, n in cands)
    ents = _entities(text)
    assert any(n == "安吉县产业园" for _, n in ents)
    assert not any(n.startswith("该") for _, n in ents)


def test_a_business_written_short_after_its_full_name_is_one_business() -> None:
    """…湖滨县青禾农业开发有限公司。青禾公司…: 青禾公司 is its short form; 豆腐加工厂 after 石桥镇豆腐加工厂
    likewise. A branch is not its parent (湖滨能源石桥分公司, 湖滨能源集团公司)."""
    doc = extract_entities(segment(clean(make_document("t", (
        "桂花村成立村集体股份公司——湖滨县青禾农业开发有限公司。青禾公司与村民签约。"
        "石桥镇豆腐加工厂今年投产。豆腐加工厂带动村民增收。湖滨能源石桥分公司开展活动，湖滨能源集团公司支持。"), "t.txt"))))
    companies = {}
    for m in doc.mentions:
        if m.type == "Company":
            companies.setdefault(m.canonical, set()).add(m.text)
    assert companies["湖滨县青禾农业开发有限公司"] >= {"青禾公司"}
    assert companies["石桥镇豆腐加工厂"] >= {"豆腐加工厂"}
    assert {"湖滨能源石桥分公司", "湖滨能源集团公司"} <= set(companies)
    assert not any(n in companies for n in ("青禾公司", "豆腐加工厂"))


def test_a_clipped_organ_of_the_passages_place_stands_without_the_recognizer(monkeypatch) -> None:
    """区政府 in a passage about 茅箭区 is 茅箭区政府 even where the recognizer tags nothing there;
    a clipped name of another kind (区妇联) still needs it; 区委党校 is a party school's name."""
    from kg.entities import recognized

    monkeypatch.setattr(recognized, "recognise", lambda t, rules: ([], {}))
    text = "茅箭区扎实推进治理。同时，区政府筹措资金46万元，区妇联参与，区委党校组织学员。"
    got = {(c.type, c.canonical) for c in recognized.model_names(text, rule_candidates(text))}
    assert ("Agency", "茅箭区政府") in got
    assert ("Organization", "茅箭区妇联") not in got
    assert ("Organization", "茅箭区委党校") in {(c.type, c.canonical) for c in rule_candidates(text)}


def test_what_shortens_a_business_name_and_what_does_not() -> None:
    from kg.entities.short_names import _shortens

    assert _shortens("青禾集团", "宁夏青禾集团") and _shortens("松风公司", "松风茶业有限责任公司")
    assert not _shortens("青禾集团", "青禾康养服务有限公司")  # a group is not its subsidiary
    assert not _shortens("环保设备公司", "东方环保设备河北有限公司")  # the words do not begin the name
    assert not _shortens("湖滨能源", "湖滨能源石桥分公司")  # a branch is not its parent


def test_a_mass_organisation_split_from_the_body_it_acts_with_is_an_organisation() -> None:
    from kg.entities.bodies import bodies_acting_together
    from kg.entities.stems import Cand

    parts = bodies_acting_together([Cand(0, 15, "Agency", "湖滨能源集团工会协同安全生产部", "model", 0.5)])
    assert [(c.type, c.canonical) for c in parts][0] == ("Organization", "湖滨能源集团工会")
    assert [c.canonical for c in parts] == ["湖滨能源集团工会", "安全生产部"]


def test_a_quoted_name_takes_no_ending_that_is_a_verb_or_part_of_a_longer_word() -> None:
    """“绿岛”配套建设了一座站: 建设 with 了 after it is the verb; “银龄乐”活动室 is a room, so 活动
    does not end a programme there. Written the other way, both stay programmes."""
    bad = {c.canonical for c in find_programmes("湖滨村在村口配套“绿岛”配套建设了一座小站，为老人打造“银龄乐”活动室。")
           if c.type == "Programme"}
    assert not any(n.endswith(("建设", "活动")) for n in bad)
    good = {c.canonical for c in find_programmes("湖滨村推进“绿岛”建设，开展“银龄乐”活动。") if c.type == "Programme"}
    assert {"绿岛建设", "银龄乐活动"} <= good


def test_a_preposition_before_a_speech_verb_ends_the_name() -> None:
    """从, 向 need an object: before 介绍 or 说 they are a given name's last character (村民罗金从介绍);
    张三在说 keeps 在 out (an aspect), and 李四向记者介绍 keeps 向 out (its object follows)."""
    names = {(c.type, c.canonical) for c in rule_candidates("在田里干活的村民罗金从介绍。村民张三在说，村民李四向记者介绍。")
             if c.type == "Person"}
    assert {("Person", "罗金从"), ("Person", "张三"), ("Person", "李四")} <= names
    assert not any(n in ("罗金", "张三在", "李四向") for _, n in names)


def test_a_natural_village_ending_in_tun_is_a_village() -> None:
    """屯 names a natural village (青禾村白石屯); 屯里 is a pointer to one, like 村里."""
    places = {(c.type, c.canonical) for c in rule_candidates("青禾村白石屯老年食堂开张，屯里来了客人。") if c.layer == "place"}
    assert ("Village", "白石屯") in places
    assert not any(n.startswith("屯里") or n.endswith("屯里") for _, n in places)


def test_a_short_name_after_its_province_is_the_prefecture_its_seat_is_named_for() -> None:
    """新疆喀什: the prefecture 喀什地区, whose seat 喀什市 has the same short name; 浙江安吉 is the
    county 安吉县 (no prefecture of that name)."""
    ents = _entities("在新疆喀什，牧民用上了5G网络；在浙江安吉，竹林碳汇交易开市。")
    assert ("City", "喀什地区") in ents and ("County", "喀什市") not in ents
    assert ("County", "安吉县") in ents


def test_no_place_joined_by_a_plus_sign_no_person_ending_in_hua_no_agency_that_is_a_post() -> None:
    """“邻里+老旧小区”: a slogan, not a 小区; 群众|智慧化: no person after the role word 群众;
    市委常委: a post (the body is 市委常委会)."""
    from kg.entities.bodies import no_body_name
    from kg.entities.people import not_a_name
    from kg.entities.stems import Cand

    places = {c.canonical for c in rule_candidates("青石街道推行“邻里+老旧小区”模式。") if c.layer == "place"}
    assert not any("+" in n for n in places)
    assert not_a_name("智慧化") and not not_a_name("张文华")
    assert no_body_name(Cand(0, 4, "Agency", "市委常委", "model", 0.8))
    assert not no_body_name(Cand(0, 5, "Agency", "市委常委会", "model", 0.8))


def test_a_generic_body_after_a_pointer_to_a_place_is_that_place_s() -> None:
    """该区|纪委监委: 纪委监委 alone names no body, but 该区 says whose: 青山区纪委监委."""
    ents = _entities("湖滨县推进整改。该县纪委监委查处问题12个。")
    assert ("Agency", "湖滨县纪委监委") in ents


def test_the_state_council_commissions_are_agencies_by_name() -> None:
    """国家卫健委, 国家发展改革委: the ending rule leaves 国家 out as generic; the list names them."""
    cands = {(c.type, c.canonical) for c in rule_candidates("项目入选国家卫健委示范名单，国家民委发文表扬。")}
    assert ("Agency", "国家卫健委") in cands and ("Agency", "国家民委") in cands


def test_an_organisation_named_without_its_place_is_the_one_named_with_it() -> None:
    """青禾村希望小学 … 希望小学: one school, the short name an alias; 湖滨县人民医院 … 人民医院 too.
    A name the longer one does not end with stays apart."""
    from kg.entities.short_names import short_forms
    from kg.entities.stems import Cand

    cands = [Cand(0, 7, "Organization", "青禾村希望小学", "model", 0.9), Cand(20, 24, "Organization", "希望小学", "model", 0.9),
             Cand(30, 37, "Organization", "湖滨县人民医院", "model", 0.9), Cand(40, 44, "Organization", "人民医院", "model", 0.9),
             Cand(50, 54, "Organization", "实验中学", "model", 0.9)]
    short_forms(cands)
    assert [c.canonical for c in cands] == ["青禾村希望小学", "青禾村希望小学", "湖滨县人民医院", "湖滨县人民医院", "实验中学"]


def test_a_short_county_before_a_town_goes_on_with_the_chain_and_no_place_holds_a_body_word() -> None:
    """天津武清青柳镇: 天津市, 武清区, 青柳镇 (not 津武清青柳镇); 湖州长兴县青禾村 keeps its level
    (no 县青禾村); 主办部门|石桥镇 and 白鹭湖管理处|白沙村 begin after the body word."""
    places = {(c.type, c.canonical) for c in rule_candidates(
        "天津武清青柳镇推动地毯产业。浙江湖州长兴县青禾村种下蓝莓。工单派至主办部门石桥镇执法队，"
        "也到了白鹭湖管理处白沙村。") if c.layer == "place"}
    assert {("City", "天津市"), ("County", "武清区"), ("Township", "青柳镇"), ("Village", "青禾村"),
            ("Township", "石桥镇"), ("Village", "白沙村")} <= places
    assert not any(n.startswith(("津", "县", "部门", "湖管理处")) for _, n in places)


def test_a_role_and_a_name_before_a_one_character_ending_are_a_person_not_a_body() -> None:
    """青禾社区居民王建新|站在门口: 站 is the verb; 青石镇居民服务站 is a body all the same."""
    cands = rule_candidates("青禾社区居民王建新站在自家门口刷脸开门。青石镇居民服务站开门迎客。")
    assert not any(c.type in ("Agency", "Organization") and "王建新" in c.canonical for c in cands)
    assert any(c.type == "Person" and c.canonical == "王建新" for c in cands)
    assert any(c.canonical == "青石镇居民服务站" for c in cands)


def test_the_last_names_of_a_list_of_people_are_people() -> None:
    """（记者张明远、李晓、王可）: a name listed after people is a person, even one the recognizer
    left out; an item that is no full name (王五来了) is not taken."""
    from kg.entities.people import people_passes
    from kg.entities.stems import Cand

    text = "（本报记者张明远、李晓、王可）村民赵一、钱二来了。"
    chosen = [Cand(5, 8, "Person", "张明远", "model", 0.9), Cand(9, 11, "Person", "李晓", "model", 0.9),
              Cand(17, 19, "Person", "赵一", "model", 0.9)]
    names = {c.canonical for c in people_passes(text, chosen)}
    assert "王可" in names and not any(n.startswith("钱二") for n in names)


def test_a_verb_the_programme_needs_stays_in_its_name_when_cutting_it_would_leave_too_little() -> None:
    """青禾村建成|防渗灌溉工程: 防渗 is a verb, but 灌溉工程 alone names too little; 建成 is cut."""
    progs = {c.canonical for c in find_programmes("去年，青禾村建成防渗灌溉工程，农田缺水问题迎刃而解。") if c.type == "Programme"}
    assert "防渗灌溉工程" in progs


def test_no_programme_stem_begins_inside_a_word() -> None:
    """完成全区中小学护眼灯照明升级工程: a stem cut at 中 would begin inside 小学; no name is offered."""
    progs = {c.canonical for c in find_programmes("湖滨区完成全区中小学护眼灯照明升级工程。") if c.type == "Programme"}
    assert not any(n.startswith("学") for n in progs)


def test_a_platform_s_name_begins_after_the_verb_that_takes_it() -> None:
    """资源纳入|平台, 传播呈现|跨平台: the verb takes the platform as its object, no name is left;
    青禾区建成|智慧养老服务平台 is named after the verb."""
    orgs = {c.canonical for c in rule_candidates(
        "青禾区将农村资产资源纳入平台交易。信息传播呈现跨平台趋势。青禾区建成智慧养老服务平台。")
        if c.type == "Organization"}
    assert "智慧养老服务平台" in orgs
    assert not any("纳入" in n or "呈现" in n for n in orgs), orgs


def test_a_place_after_a_word_saying_where_it_lies_is_named_from_after_that_word() -> None:
    """邻村|追云村: the neighbouring village is 追云村, and its first character, though a verb
    alone (追), is not cut off as one."""
    from kg.entities.candidates import rule_candidates

    text = "上周，邻村追云村的村民也来参观。"
    for found in (_entities(text), {(c.type, c.canonical) for c in rule_candidates(text)}):
        assert ("Village", "追云村") in found
        assert not any(name.startswith("邻村") or name == "云村" for _, name in found)
