"""Bodies: agencies, companies and organisations by their suffixes (…水利局, …有限公司,
…协会), the State Council's departments by name, named funds, and bodies written as a list
closed by a kind or a count (三星、华为等企业; 校团委、图书馆等8个单位).
"""

from __future__ import annotations

import bisect
import re

from .. import lexicon as L
from ..gazetteer import gazetteer
from ..model import PLACE_TYPES
from ..resources import is_common_word, jieba_dictionary, pos_cut
from . import recogniser
from .stems import (
    CJK,
    LEADING_VERB,
    LEVEL_OF,
    ROLE_AND_NAME,
    Cand,
    descriptive,
    ends_in_predicate,
    generic_before,
    left_stem,
    strip_to_name,
)


_AGENCY_RE = L.longest_first(L.AGENCY_SUFFIXES)


_COMPANY_RE = L.longest_first(L.COMPANY_SUFFIXES)


_ORG_RE = L.longest_first(tuple(s for s in L.ORGANIZATION_SUFFIXES if s not in L.CHANNEL_SUFFIXES))


# 农村集体资产综合监管平台: a platform named without quotes (a candidate the recognizer weighs by
# its own rule name: "服务平台" alone is a kind of platform, not one).
_PLATFORM_RE = re.compile("平台")
_PLATFORM_VERB = re.compile(L.alternation(L.PLATFORM_OBJECT_VERBS + L.NAME_LEADING_VERBS))


@recogniser("bodies", classes=("Agency", "Company", "Organization"), order=10, needs_places=True)
def find_bodies(text: str, places: list[Cand]) -> list[Cand]:
    place_starts = {c.start: c for c in places}
    place_ends = {c.end for c in places}
    place_by_end = {c.end: c for c in sorted(places, key=lambda c: c.start)}  # the shortest place ending there
    by_start = sorted(places, key=lambda c: c.start)
    starts = [c.start for c in by_start]

    def places_after(lo: int, hi: int) -> list[Cand]:
        """Places starting strictly inside (lo, hi)."""
        return by_start[bisect.bisect_right(starts, lo) : bisect.bisect_left(starts, hi)]

    found: list[tuple[int, Cand]] = []  # each name with the length of the ending it was found by
    for regex, typ in ((_AGENCY_RE, "Agency"), (_COMPANY_RE, "Company"), (_ORG_RE, "Organization"),
                       (_PLATFORM_RE, "Organization")):
        for m in regex.finditer(text):
            suf = m.group()
            nxt = text[m.end() : m.end() + 1]
            if len(suf) == 1 and nxt and is_common_word(suf + nxt, 20) and not _AGENCY_RE.match(text, m.end()):
                continue  # 处于, 所有, 办税: the suffix begins another word
            if len(suf) == 1 and is_common_word(text[m.start() - 1 : m.end()], 200, ("n",)):
                continue  # 地处, 到处: the suffix ends a verb or adverb, not a body's name
            if suf in ("党组", "支部") and nxt == "织":
                continue
            if m.start() > 0 and text[m.start() - 1] in L.NOT_SUFFIX_BEFORE.get(suf, ""):
                continue  # 干部, 全部, 内部, 部署: the ending closes another word
            if len(suf) == 1 and ROLE_AND_NAME.search(text, max(0, m.start() - 9), m.start()):
                continue  # 居民李伟信|站在门口: a person, then a verb, not a body's ending
            start = left_stem(text, m.start(), 18)
            start = strip_to_name(text, start, m.start())
            # 市政务服务和大数据局: a stem cut at 和 is joined when its left part names no body.
            if start > 0 and text[start - 1] == "和":
                left = left_stem(text, start - 1, 12)
                part = text[left : start - 1]
                if part and (part[0] in LEVEL_OF or left in place_starts) and not part.endswith(L.AGENCY_SUFFIXES):
                    start = left
            lead = next((p.end for p in places if p.start == start and p.end < m.start()), start)
            verb = LEADING_VERB.match(text, start, m.start()) or LEADING_VERB.match(text, lead, m.start())
            # 联合|县妇联, 建成|…平台, 湖滨县新建改建|医院, 资源纳入|平台: the name begins after the verb
            start = max([verb.end() if verb else start] + ([v.end() for v in _PLATFORM_VERB.finditer(
                text, start, m.start())] if regex is _PLATFORM_RE else []))
            across = next((p for p in places if p.start < start < p.end), None)
            if across is not None:
                start = across.start  # a long name cut at its length limit: it never starts inside a place
            attached = place_by_end.get(m.start())
            if attached is not None and attached.start > start and (
                    generic_before(text, start) or text[start : attached.start].startswith(L.GENERIC_PREFIXES)):
                start = attached.start  # 该市刁窝镇东冯村党支部 is 东冯村党支部
            stem = text[start : m.start()]
            if generic_before(text, start) or (stem and not CJK.match(stem[0])):
                continue
            head_place = place_starts.get(start)
            clipped = bool(stem) and stem[0] in LEVEL_OF and head_place is None
            if clipped and stem[1:2] and stem[1:2] in L.CLASS_OF_BODIES:
                continue  # 市直部门, 县级单位: a class of bodies, not one
            if typ == "Agency":
                strong = suf not in L.WEAK_AGENCY_SUFFIXES
                if not stem and suf not in L.STEMLESS_AGENCIES:
                    continue
                if not (head_place or clipped or stem.startswith(L.NATIONAL_STARTS)
                        or (strong and len(stem) >= 2)):
                    continue
                if suf == "部" and nxt in L.NOT_DEPARTMENT_AFTER:
                    continue
            elif typ == "Company":
                if len(stem) < 2 and suf not in L.SHORT_STEM_COMPANY_SUFFIXES:
                    continue
                if is_common_word(stem, 1000, ("ns",)) and not is_common_word(stem + suf, 1):
                    continue  # 工作银行 is no bank; 重庆银行 is one
                if ends_in_predicate(stem):
                    continue  # 对接会发放银行: a clause
                if suf in L.LONG_STEM_COMPANY_SUFFIXES and len(stem) < 2:
                    continue
            else:
                if (len(stem) < 2 and not clipped) or descriptive(stem):
                    continue  # 谢谢学校, 改扩建学校 (区妇联 is clipped: completed from the article's place)
                entry = jieba_dictionary().get(stem)
                if stem in L.ROLES or (entry and entry[0] >= 50 and not entry[1].startswith("n") and not clipped):
                    continue  # 党员志愿服务队 (a kind of team), 谢谢学校, 改扩建学校: no name before the suffix
                if suf in L.NUMBERED_SCHOOLS and not (re.search(f"[{L.SCHOOL_PLACE_ENDS}]$", stem) or head_place):
                    continue  # 关沮镇二小 and 大祥一中 are schools; 分包一小 is not
                if suf == "平台" and len(stem) < 3:
                    continue
            canonical = stem + suf
            alias = None
            # A body named after a chain of places is known by its nearest place
            # (万盛经开区平山园区党工委 → 平山园区党工委); the long form stays an alias.
            inner = [p for p in places_after(start, m.start()) if p.start in place_ends]
            if inner and typ == "Agency" and head_place is not None:
                cut = max(p.start for p in inner)
                alias = canonical
                canonical = text[cut : m.end()]
            rule = "suffix-clipped" if clipped else ("suffix-platform" if suf == "平台" else "suffix")
            cand = Cand(start, m.end(), typ, canonical, rule, 0.6 if clipped else 0.8, alias=alias)
            found.append((len(suf), cand))
    # One name read by two endings of two classes (党群服务|站 an agency's 站, 党群|服务站 an
    # organisation's): the longer ending decides its class.
    longest: dict[tuple[int, int], int] = {}
    for n, c in found:
        longest[(c.start, c.end)] = max(longest.get((c.start, c.end), 0), n)
    return [c for n, c in found if n == longest[(c.start, c.end)]]


_DEPARTMENT_RE = re.compile(f"(?<![{L.NOT_BEFORE_MINISTRY}])(?:" + L.longest_first(L.STATE_COUNCIL_DEPARTMENTS).pattern
                            + f")(?![{L.NOT_AFTER_MINISTRY}])")


@recogniser("departments", classes=("Agency",), order=40)
def find_departments(text: str) -> list[Cand]:
    """The State Council's departments by name (商务部, 工业和信息化部), not 教育部门 nor 省财政部…"""
    return [Cand(m.start(), m.end(), "Agency", m.group(), "known-agency", 0.8) for m in _DEPARTMENT_RE.finditer(text)]


def generic_company(name: str) -> bool:
    """A company name of business words only (科技股份有限公司, 发展有限公司): its stem is a common word."""
    suffix = next((x for x in L.COMPANY_SUFFIXES if name.endswith(x)), None)
    stem = name[: -len(suffix)] if suffix else name
    return len(stem) <= 1 or is_common_word(stem, 50)


_CENTRAL_HEAD = L.longest_first(L.CENTRAL_AGENCIES)


_JOINING_WORDS = L.JOINING_WORDS


def end_of_known_body(text: str, s: int, e: int) -> int:
    """Where a body the model ran on into its clause ends: a name that opens with an organisation
    name jieba knows (中国电信) and then goes on without ending as a body's name does
    (中国电信认真学习贯彻…) is that organisation."""
    name = text[s:e]
    head = _CENTRAL_HEAD.match(name)
    if head and head.end() < len(name) and name.startswith(_JOINING_WORDS, head.end()):
        return s + head.end()  # 商务部会同工业和信息化部: two agencies, the model's name is the first
    if name.endswith(_ALL_BODY_SUFFIXES + ("组",)):  # (江西省委巡视组: a team of the committee)
        return e
    first, tag = next(iter(pos_cut(name)), ("", ""))
    return s + len(first) if tag == "nt" and 2 <= len(first) < len(name) else e


# A 、-list closed by 等 + a company noun: 和三星、华为、联想等一线著名品牌建立合作.
_ITEM = r"[^\s、，,。；;：:“”\"（）()《》]{2,12}"


_COMPANY_LIST_RE = re.compile(
    rf"((?:{_ITEM}、)+{_ITEM})等(?:\d+|[{L.COUNT_CHARS}]+)?家?"
    rf"(?:{L.alternation(L.COMPANY_LIST_MODIFIERS)})*(?:{L.alternation(L.COMPANY_LIST_HEADS)})")


# A 、-list closed by 等 + a count of units: 校团委、旅游学院、图书馆等8个单位. The count makes the items
# named bodies, even common-looking ones (图书馆 of a university).
_UNIT_LIST_RE = re.compile(
    rf"((?:{_ITEM}、)+{_ITEM})等(?:\d+|[{L.COUNT_CHARS}]+)个?"
    rf"(?:{L.alternation(L.UNIT_LIST_MODIFIERS)})*(?:{L.alternation(L.UNIT_LIST_HEADS)})")


# Words that end the text before a list's first item (目前和|三星).
_LIST_LEAD_RE = re.compile(f"^.*(?:{L.alternation(L.LIST_LEADS)})")


def listed_companies(text: str, chosen: list[Cand]) -> list[Cand]:
    """Names listed before 等…企业/品牌/公司 that no one else took: companies (brands like OPPO
    included, which no suffix marks). No item may be a number, hold a stop word or be a place,
    and at most a third of them common words (联想 is one). Names listed before 等N个单位 are
    bodies: agencies by a state body's ending, organisations otherwise."""
    return _listed(text, chosen, _COMPANY_LIST_RE, True) + _listed(text, chosen, _UNIT_LIST_RE, False)


def _listed(text: str, chosen: list[Cand], regex: re.Pattern[str], companies: bool) -> list[Cand]:
    taken = [(c.start, c.end) for c in chosen]
    out: list[Cand] = []
    for m in regex.finditer(text):
        pos = m.start(1)
        items = m.group(1).split("、")
        lead = _LIST_LEAD_RE.match(items[0])
        if lead:
            pos += lead.end()
            items[0] = items[0][lead.end():]
        spans = []
        for item in items:
            spans.append((pos, pos + len(item)))
            pos += len(item) + 1
        if any(not 2 <= b - a <= 10 or _not_a_listed_name(text[a:b]) for a, b in spans):
            continue
        # a list of common words is no list of names (政策、资金、用地等企业关心的问题)
        if companies and 3 * sum(is_common_word(text[a:b], 50, ("nz", "nr", "nt", "j"))
                                 for a, b in spans) > len(spans):
            continue
        for a, b in spans:
            if any(s < b and a < e for s, e in taken):
                continue
            name = text[a:b]
            typ = "Company" if companies else \
                "Agency" if name.endswith(_STRONG_AGENCY_ENDS) else "Organization"
            out.append(Cand(a, b, typ, name, "company-list" if companies else "unit-list", 0.6))
    return out


# jieba's tags of names and abbreviations (nt 党中央, j 村委会): such words are not mere kinds.
_NAME_TAGS = ("nr", "ns", "nt", "nz", "j")


_BODY_SUFFIXES = L.BODY_SUFFIXES


_ALL_BODY_SUFFIXES = L.ALL_BODY_SUFFIXES


_STRONG_AGENCY_ENDS = tuple(s for s in L.AGENCY_SUFFIXES if s not in L.WEAK_AGENCY_SUFFIXES)


def _not_a_listed_name(item: str) -> bool:
    """An item of a list that cannot be a company's name: a number, a stop word, a place."""
    if any(ch.isdigit() for ch in item) or any(w in item for w in L.STOP_WORDS):
        return True
    return bool(gazetteer().lookup(item)) or item in gazetteer().city_short


# Company endings after which a trade word alone names no business (公交公司, 个人工作室).
_KIND_SUFFIXES = L.KIND_SUFFIXES
_LEVEL_CHARS = re.compile(f"[{L.LEVEL_CHARS}]")
_MONEY_ONLY = re.compile(r"[0-9０-９.,，]+[万亿千]?元$")


def no_body_name(c: Cand) -> bool:
    """Whether a body the rules or the model proposed names none: a frequent common noun (博物馆,
    集成电路), a word that only ends in a body's last character (…部署, 开新局), or a body
    word after a generic modifier only (基层政府, 地方党委, 党群服务中心)."""
    name = c.canonical
    if name.endswith(L.NOT_BODY_ENDINGS) or _MONEY_ONLY.match(name) or name in L.KIND_OF_BODY_WORDS:
        return True  # (支付10000元款项: a sum of money is no body)
    if c.type == "Company":  # (联想 and 电信 are common words too: only longer ones are tested)
        if is_common_word(name, 200, _NAME_TAGS) and len(name) >= 3:
            return True  # 旅行社, 合作社: the kind of business, unnamed
        kind = next((s for s in _KIND_SUFFIXES if name.endswith(s)), None)
        if kind and len(name) - len(kind) <= 2 and is_common_word(name[: -len(kind)], 200, _NAME_TAGS + ("j",)):
            return True  # 公交公司, 劳务公司, 个人工作室: a business by its trade, unnamed (工商银行 is named)
        return len(name) >= 4 and not name.endswith(L.COMPANY_SUFFIXES) and is_common_word(name, 50, _NAME_TAGS)
    if c.type == "Agency" and name.endswith(L.KIND_OF_BODY_ENDINGS) and not _LEVEL_CHARS.search(name[:-2]):
        return True  # 公安机关, 税务部门: the kind of body (荆州市税务部门 names the city's)
    if c.type == "Organization" and len(name) >= 3 and is_common_word(name, 50, _NAME_TAGS):
        return True  # (教育部 is a common noun and a ministry: agencies are not tested)
    if name in _BODY_SUFFIXES:
        return True  # 法院, 党委 alone: the kind of body, unnamed (a clipped 区委 is completed, not dropped)
    suffix = next((x for x in _BODY_SUFFIXES if name.endswith(x) and len(name) > len(x)), None)
    return suffix is not None and name[: -len(suffix)] in L.GENERIC_BODY_STEMS


def after_concurrent_post(chosen: list[Cand]) -> list[Cand]:
    """Without body or place names that begin with a post and 兼 (第一书记兼村党支部, 第一书记兼村):
    they are pieces of a list of posts (驻村第一书记兼村党支部书记), whose body the post rules read."""
    return [c for c in chosen if c.type in ("Person", "Official", "Programme")
            or (k := c.canonical.rfind("兼")) <= 0 or not c.canonical[:k].endswith(L.POSTS)]


# Verbs that join two bodies acting together (财政厅会同应急管理厅): never inside one name.
_ACTING_WITH = L.ACTING_WITH


def bodies_acting_together(chosen: list[Cand]) -> list[Cand]:
    """A body name run on over 会同 / 协同 / 联合 into a second body is the first body
    (广西壮族自治区财政厅会同应急管理厅 → …财政厅); one that begins with the verb (会同省生态环境厅)
    is the body after it. The first part must end as a body's name does, or be a body the article
    names (中国电信联合农业科研院所)."""
    kept = []
    known = {c.canonical for c in chosen if c.type in ("Agency", "Organization", "Company")}
    for c in chosen:
        if c.type in PLACE_TYPES and c.canonical.startswith(_ACTING_WITH) and "gazetteer" not in c.rule:
            continue  # 会同|省生态环境厅 read as a place 会同省: the verb and the level of the body after it
        if c.type in ("Agency", "Organization", "Company") and c.canonical == c.canonical.strip():
            name = c.canonical
            if name.startswith(_ACTING_WITH) and len(name) > 4:
                c.start += 2
                c.canonical = name[2:]
            else:
                k = next((name.find(v) for v in _ACTING_WITH if name.find(v) > 0), -1)
                if k > 0 and (name[:k].endswith(_ALL_BODY_SUFFIXES) or name[:k] in known):
                    rest = name[k + 2 :]
                    if c.end - c.start == len(name):
                        c.end = c.start + k
                        if c.type == "Agency" and len(rest) >= 3 and rest.endswith(_ALL_BODY_SUFFIXES):
                            # the second body, as written (a clipped one is completed later)
                            kept.append(Cand(c.start + k + 2, c.start + len(name), c.type, rest, c.rule, c.conf))
                    c.canonical = name[:k]
                    if c.type == "Agency" and c.canonical.endswith(L.ORGANISATION_FORMS):
                        c.type = "Organization"  # 中国电信集团工会|协同…: a mass organisation by its form
        kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def names_begun_inside_a_place(text: str, chosen: list[Cand]) -> None:
    """A body or place name that begins inside the name of a place of the article begins with
    that place: the cut fell inside the place's name (卜乡党委 where the article names 逐卜乡;
    王山镇 where it names 僰王山镇, a character the recognizer rarely saw)."""
    places = {c.canonical for c in chosen if c.type in PLACE_TYPES and c.canonical == text[c.start : c.end]}
    for c in chosen:
        if c.type not in _BODY_OR_PLACE or c.canonical != text[c.start : c.end]:
            continue
        for k in (1, 2, 3):
            a = c.start - k
            if a < 0 or not "\u4e00" <= text[a] <= "\u9fff":
                break
            # a place grows only into the whole of a longer place; a body into any place it begins with
            if any(text.startswith(p, a) and c.start < a + len(p) <= c.end
                   and (c.type not in PLACE_TYPES or a + len(p) == c.end) for p in places):
                c.start = a
                c.canonical = text[a : c.end]
                break


_BODY_OR_PLACE = frozenset({"Agency", "Organization", "Company"}) | PLACE_TYPES


# Longest first: 党委书记 before 书记, so the body keeps no piece of the title.
_TITLES = tuple(sorted(L.POSTS, key=len, reverse=True))
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def bodies_in_posts(text: str, chosen: list[Cand]) -> list[Cand]:
    """The body named in a post written before an official's name (茅箭区农业农村局局长庹文芳:
    茅箭区农业农村局), when nothing was found there: the post names the body the official holds
    it in. Typed by its ending; a clipped one (区农业农村局) is completed later like any other."""
    taken = [(c.start, c.end) for c in chosen if c.type not in PLACE_TYPES]  # (a place may lie inside)
    # a place as named and as written (湖滨县, or 湖滨 for short) may begin the body
    places = {n for c in chosen if c.type in PLACE_TYPES for n in (c.canonical, text[c.start : c.end])}
    found = []
    for c in chosen:
        if c.type != "Official" or not c.post:
            continue
        # the post as written before the name, or after it (周明芳（吉水县文峰小学校长）)
        start = c.start - len(c.post) if text[c.start - len(c.post) : c.start] == c.post else \
            text.find(c.post, c.end, c.end + len(c.post) + 4)
        title = next((t for t in _TITLES if c.post.endswith(t) and len(c.post) > len(t)), None)
        if start < 0 or title is None:
            continue
        body = c.post[: -len(title)]
        # a body named after a chain of places is known by its nearest place (江西省|吉水县文峰小学)
        while (head := next((p for p in places if body.startswith(p) and len(body) > len(p)
                             and any(body.startswith(q, len(p)) for q in places)), None)) is not None:
            body, start = body[len(head) :], start + len(head)
        own = next((w for w in L.PLACE_BODIES if title.startswith(w) and len(title) > len(w)), None)
        if own is not None and body in places:
            body += own  # 逐卜乡|党委书记: the post is the 书记 of the township's 党委
        end = start + len(body)
        typ = ("Company" if body.endswith(L.COMPANY_SUFFIXES) else
               "Organization" if body.endswith(L.ORGANIZATION_SUFFIXES) else
               "Agency" if body.endswith(L.AGENCY_SUFFIXES) else None)
        if typ is None or len(body) < 4 or not _CJK_RUN.fullmatch(body) or "兼" in body \
                or any(a < end and start < b for a, b in taken):  # (第一书记兼村党支部: two posts)
            continue
        if not (body[0] in LEVEL_OF or any(text.startswith(p, start) for p in places)):
            continue  # only a body named with its place (危重症医学科 names a ward, not a body)
        found.append(Cand(start, end, typ, body, "post-body", 0.6))
        taken.append((start, end))
    return sorted(chosen + found, key=lambda c: (c.start, c.end))
