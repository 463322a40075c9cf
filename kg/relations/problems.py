"""``resolved`` and ``affects``: problems the text says were fixed, who fixed them and whom they
concern; each problem becomes an ``Issue`` mention named by its own words.
"""

from __future__ import annotations

import re

from .. import lexicon as L
from ..model import PLACE_TYPES, Document, Mention, RelationMention, Span
from ..resources import jieba_dictionary, splits_word
from . import relation_rule
from .mentions import (
    CONTEXT_RULE,
    EXTRACTOR,
    actors_between,
    carried_subject,
    chain_end,
    dominant_place,
    free_match,
    make_relation,
)


# Quotes and 的 do not belong in a problem's name (群众的“出行难” → 群众出行难).
_UNNAMED = re.compile(r"[“”的]")


# Verbs that say a problem was fixed, settled or helped over (针对 says aim, not a fix).
_RESOLVE_CUE = re.compile(L.alternation(L.FIX_CUES))


# A fix said not to have happened (整改却停滞不前, 尚未解决).
_NOT_FIXED_BEFORE = re.compile(f"({L.alternation(L.NOT_FIXED_BEFORE)})$")


_NOT_FIXED_AFTER = re.compile(rf"[^，,。；;]{{0,6}}?({L.alternation(L.NOT_FIXED_AFTER)})")


# The same, a list of objects allowed (整治垃圾乱堆乱放、乱搭乱建千余处).
_CLAUSE_LIST = re.compile(rf"(?:{'|'.join(L.COMPLETIONS)})?([^，,。；;！？!?“”]{{2,24}})(?=[，,。；;！？!?]|$)")


def _says_what_is_wrong(obj: str) -> bool:
    """Whether what a fixing verb acts on names a problem: each item of a list says what is
    wrong (垃圾乱堆乱放、乱搭乱建), and it ends in no means or frame (…的措施, …方面)."""
    obj = _COUNT_AFTER.sub("", obj)  # 解决问题377个, 整治…千余处: the count says how many, not what
    if obj in L.BARE_PROBLEM_WORDS or len(obj) < 2:
        return False  # a bare problem word names no problem
    return not _MEANS.search(obj) and all(_PROBLEM_WORD.search(item) for item in obj.split("、"))


_COUNT_AFTER = re.compile(f"[{L.COUNT_NUMERALS}]+[{L.COUNT_MEASURES}]?$")


# Clause ends that name a means or a frame, not the problem a fixing verb acts on.
_MEANS = re.compile("(" + L.alternation(L.MEANS_ENDINGS) + ")$")


# A problem phrase that only points at a problem (他们出行难题, 这些问题) names none.
_POINTING = re.compile("^(" + L.alternation(L.POINTING_STARTS) + ")")


# A phrase names a problem when it says what is wrong (路面损毁, 饮水难, 供暖温度不达标, 欠薪).
_PROBLEM_WORD = re.compile(L.alternation(L.PROBLEM_WORDS))


_ISSUE_PHRASE = re.compile(rf"[\u4e00-\u9fff“”]{{2,16}}?(?:{L.alternation(L.PROBLEM_HEADS)})(?![\u4e00-\u9fff])")


_RESOLVERS = frozenset({"Agency", "Official", "Organization", "Company"}) | PLACE_TYPES


_AFFECTED = PLACE_TYPES | {"Company", "Person", "Organization"}


# "问题迎刃而解", "难题得到解决": the problem, then the words that say it was fixed.
_WITHIN = f"[{L.NUMERAL_CHARS}几半]+(?:{L.alternation(L.FIXED_WITHIN_UNITS)})之?内"
_FIXED_AFTER = re.compile(f"(?:{L.alternation(L.FIXED_PROBLEM_HEADS)})(?:{L.alternation(L.FIXED_ADVERBS)}|{_WITHIN})*"
                          f"(?:{L.alternation(L.FIXED_PASSIVE)})?(?:了)?"
                          f"(?:{L.alternation(L.FIXED_MANNER)})?(?:{L.alternation(L.FIXED_VERBS)})")
_FIXED_HEAD = re.compile(L.alternation(L.FIXED_PROBLEM_HEADS))
# The problem as the topic, then a clause of how, then the passive that says it was fixed
# ("大班额"问题，通过新建多所学校也已得到妥善解决; 问题，经县水利局协调得到解决): the clause names
# no problem of its own, and the passive (得到, 得以) is required, for a topic alone is often an aim.
_FIXED_LATER = re.compile(f"(?:{L.alternation(L.FIXED_PROBLEM_HEADS)})[，,](?P<how>[^，,。；;！？!?“”]{{2,20}}?)"
                          f"(?:{L.alternation(L.FIXED_ADVERBS)})*(?:{L.alternation(L.FIXED_PASSIVE_LATER)})"
                          f"(?:{L.alternation(L.FIXED_MANNER)})?(?:{L.alternation(L.FIXED_VERBS)})")


_CLAUSE_MARKS = "，,。；;！？!?：:"
# Before a fixing verb: who had the problem (问题得到解决), or an intention (提出解决…); after it, a means.
_HAD_IT = re.compile(f"({L.alternation(L.HAD_IT_BEFORE)})$")
_INTENTION = re.compile(f"({L.alternation(L.INTENTION_VERBS)})$")
_MEANS_AFTER = re.compile(f"[^，,。；]{{0,12}}?的({L.alternation(L.MEANS_AFTER)})")


# Words before a fixing verb that make it an aim, a plan or a question (要想彻底解决, 将解决, 如何解决).
_NOT_YET = re.compile(f"({L.alternation(L.NOT_YET)})({L.alternation(L.AIM_ADVERBS)})?$")


# A problem phrase that begins so is the object of an aim (确保问题妥善解决), and one that asks is a question.
_AIM_START = re.compile("(" + L.alternation(L.NOT_YET) + ")")


# 要 as "must" (各级党组织要…解决…): what is asked, not what was done; not 主要, 重要, 需要, 要求….
_EXHORTED = re.compile(f"(?<![{L.MUST_NOT_AFTER}])要(?![{L.MUST_NOT_BEFORE}])")


_NOUN_USE = re.compile("(" + L.alternation(L.NOUN_AFTER_CUE) + ")")


_ASKED = re.compile(L.alternation(L.INTERROGATIVES))


def _resolved_passive(doc: Document, by_sent: dict[int, list[Mention]],
                      home: Mention | None) -> tuple[list[RelationMention], list[Mention]]:
    """Problems the text says were fixed, written problem first (农田灌溉问题也迎刃而解): the actor
    named before the clause fixed it, else the paragraph's subject, else the article's place; the
    problem concerns the names inside its own phrase, else the resolver's place."""
    rels: list[RelationMention] = []
    issues: list[Mention] = []
    for sent, span in enumerate(s.span for s in doc.sentences):
        text = doc.text[span.start : span.end]
        ms = by_sent.get(sent, [])
        for fx in [*_FIXED_AFTER.finditer(text), *_FIXED_LATER.finditer(text)]:
            head = max(text.rfind(c, 0, fx.start()) for c in _CLAUSE_MARKS) + 1
            problem_end = fx.start() + len(_FIXED_HEAD.match(text, fx.start()).group())
            how = fx.groupdict().get("how")
            if how is not None and (_PROBLEM_WORD.search(how) or _AIM_START.search(how) or _RESOLVE_CUE.search(how)):
                continue  # the clause between has a problem or an aim of its own
            a, b = span.start + head, span.start + problem_end
            label = _UNNAMED.sub("", doc.text[a:b]).lstrip(L.ADVERBS_BEFORE_PROBLEM)
            topic = _TOPIC.search(text, 0, head) if _verb_and_bare_word(label) else None
            if topic is not None:
                # 针对群众提出的问题和需求，…推动问题解决: the problem is the one the sentence took up
                a, b, label = span.start + topic.start(1), span.start + topic.end(1), _UNNAMED.sub("", topic.group(1))
            if len(label) < 4 or (_POINTING.match(label) and topic is None) or _ASKED.search(label):
                continue  # (the problem the sentence took up may be written as whose it is: 群众提出的问题)
            if _NOT_YET.search(text[:head].rstrip("，,")) or _AIM_START.match(label) or text.rstrip().endswith(("？", "?")) \
                    or _EXHORTED.search(text[: fx.start()]):
                continue
            if _RESOLVE_CUE.search(label) or _verb_and_bare_word(label):
                continue  # a clause about fixing (…解决实际困难和问题, 推动问题解决): no problem named
            before = actors_between(doc, ms, span.start, a, _RESOLVERS)
            if how is not None:
                # a body named in the clause of how fixed it (经县水利局协调得到解决)
                before = actors_between(doc, ms, span.start + fx.start("how"), span.start + fx.end("how"),
                                        _RESOLVERS) or before
            named = (chain_end(before[-1], before, doc) if len(before) == 1 else before[-1][1]) if before else None
            rule = "fixed-after-problem" if how is None else "fixed-later-clause"
            found = _problem_fixed(doc, by_sent, sent, a, b, label, named, rule, home, 0.5 if how is None else 0.45)
            if found:
                rels += found[0]
                issues.append(found[1])
    return rels, issues


def _problem_fixed(doc: Document, by_sent: dict[int, list[Mention]], sent: int, a: int, b: int, label: str,
                   named: Mention | None, rule: str, home: Mention | None,
                   conf: float) -> tuple[list[RelationMention], Mention] | None:
    """The relations and Issue of a problem written at ``a:b`` that the sentence says was fixed:
    fixed by ``named`` (the actor written before it), else the paragraph's subject, else the
    article's place (``home``, at a lower confidence); it concerns the names inside its phrase,
    else the resolver's place. None when no resolver or no one concerned is in sight."""
    resolver = named
    if resolver is None:
        resolver, _ = carried_subject(doc, by_sent, sent, doc.sentences[sent].span.start, _RESOLVERS)
        if resolver is None:
            resolver, rule, conf = home, "resolve-home-place", 0.4
    if resolver is None:
        return None
    inside = sorted((m.span.start, m) for m in by_sent.get(sent, [])
                    if a <= m.span.start and m.span.end <= b and m.type in _AFFECTED)
    target = chain_end(inside[0], inside, doc) if inside else resolver if resolver.type in PLACE_TYPES else None
    context = target is None
    if context:
        target = concerned(doc, by_sent, sent, a, resolver)
    if target is None:
        return None
    issue = _issue_mention(doc, a, b, label, target, rule)
    return _fixed(doc, sent, resolver, issue, target, rule, conf, CONTEXT_RULE if context else rule), issue


# Who a problem concerns when its own words name no one: a village, township or company the
# paragraph names before it (村民反映…, then the fix), else the place the resolver belongs to.
_CONCERNED = frozenset({"Village", "Township", "Company"})


def concerned(doc: Document, by_sent: dict[int, list[Mention]], sent: int, pos: int,
              resolver: Mention) -> Mention | None:
    """Whom a problem written at ``pos`` concerns, when its phrase names no one: the latest
    village, township or company named before it in its paragraph (not the resolver, nor a
    name inside another), else the resolver's own place (区住建局 → 东城区), else None."""
    para = doc.sentences[sent].paragraph
    k = sent
    while k >= 0 and doc.sentences[k].paragraph == para:
        span = doc.sentences[k].span
        found = [m for _, m in actors_between(doc, by_sent.get(k, []), span.start, min(pos, span.end), _CONCERNED)
                 if m.key != resolver.key]
        if found:
            return found[-1]
        k -= 1
    if resolver.parent:
        return next((m for m in doc.mentions if m.type in PLACE_TYPES and m.canonical == resolver.parent), None)
    return None


# The problem a sentence takes up first (针对群众提出的问题和需求，…).
_TOPIC = re.compile(rf"(?:{L.alternation(L.ADDRESSING_CUES)})([^，,。；;！？]{{2,20}}?(?:{L.alternation(L.PROBLEM_HEADS)})[^，,。；;]{{0,4}})[，,]")


def _verb_and_bare_word(label: str) -> bool:
    """Whether a problem phrase is only a verb and a bare problem word (推动|问题)."""
    head = next((w for w in L.BARE_PROBLEM_WORDS if label.endswith(w)), None)
    entry = jieba_dictionary().get(label[: -len(head)]) if head else None
    return entry is not None and entry[1].startswith("v")


def _in_short_quote(text: str, k: int) -> bool:
    """Whether position ``k`` lies inside a quotation of a few words (a name: “六个纠治”), not one
    of a sentence or more (what someone said, which states facts like any other sentence)."""
    opened, closed = text.rfind("“", 0, k), text.find("”", k)
    return 0 <= opened and closed >= 0 and text.rfind("”", 0, k) < opened and closed - opened <= 12


def _inside_word(text: str, a: int) -> bool:
    """Whether position ``a`` falls inside a word of the dictionary (形|式主义)."""
    return a > 0 and "\u4e00" <= text[a - 1] <= "\u9fff" and splits_word(text, a)


def _issue_mention(doc: Document, a: int, b: int, label: str, target: Mention, rule: str) -> Mention:
    """The Issue mention of the problem written at ``a:b``, labelled with the place or party it
    concerns in front unless the label names it already (青山村生活污水问题). A phrase cut after a
    number (4|项技术难题) loses the number's measure word too (技术难题)."""
    if a > 0 and doc.text[a - 1].isdigit() and label[:1] in L.MEASURE_WORDS and len(label) > 3:
        label = label[1:]
    if target.canonical not in label and not label.startswith(target.canonical[:2]):
        label = f"{target.canonical}{label}"
    return Mention(span=Span(a, b), text=doc.text[a:b], type="Issue", canonical=label,
                   extractor=f"{EXTRACTOR}:{rule}", confidence=0.5)


def _fixed(doc: Document, sent: int, resolver: Mention, issue: Mention, target: Mention, rule: str,
           conf: float, affects_rule: str | None = None) -> list[RelationMention]:
    """``resolver`` fixed ``issue``, which concerned ``target``: the two relations that say so
    (``affects_rule`` names how ``target`` was found when not by ``rule``)."""
    return [make_relation("resolved", resolver, issue, sent, doc, rule, conf),
            make_relation("affects", issue, target, sent, doc, affects_rule or rule, conf - 0.1)]


@relation_rule("problems", predicates=("resolved", "affects"), order=60, makes_issues=True)
def find_resolved(doc: Document, by_sent: dict[int, list[Mention]]) -> tuple[list[RelationMention], list[Mention]]:
    """Who fixed which problem, and whom it concerned; each problem becomes an Issue mention."""
    rels: list[RelationMention] = []
    issues: list[Mention] = []
    home = dominant_place(doc)
    for sent, span in enumerate(s.span for s in doc.sentences):
        ms = by_sent.get(sent, [])
        text = doc.text[span.start : span.end]
        cue = free_match(_RESOLVE_CUE, text, span.start, ms, whole_words=True)
        if cue is None:
            continue
        cpos = span.start + cue.start()
        if _in_short_quote(text, cue.start()):
            continue  # “六个纠治”: the verb is a word of a quoted name, not the sentence's predicate
        if _HAD_IT.search(text[: cue.start()]):
            continue  # "问题得到解决": the name before the verb had the problem, it did not fix it
        if _NOT_FIXED_BEFORE.search(text[: cue.start()]) or _NOT_FIXED_AFTER.match(text, cue.end()):
            continue  # the text says it was not fixed
        if _NOT_YET.search(text[: cue.start()]) or text.rstrip().endswith(("？", "?")):
            continue  # 要想彻底解决…, 将解决…, 如何解决…?: an aim or a question, not a fix
        if _EXHORTED.search(text[: cue.start()]) or _NOUN_USE.match(text, cue.end()):
            continue  # 各级党组织要…解决: an exhortation; 基层治理中: the word is a noun here
        if _INTENTION.search(text[: cue.start()]) or _MEANS_AFTER.match(text, cue.end()):
            continue  # 提出解决问题的办法, 研究解决方案: an intention, not a problem fixed
        resolvers = actors_between(doc, ms, span.start, cpos, _RESOLVERS)
        rule = "resolve-cue"
        if resolvers:
            resolver = chain_end(resolvers[0], resolvers + actors_between(doc, ms, span.start, cpos,
                                                                    frozenset({"Agency"})), doc)
            rpos = resolvers[0][0]
            official = next((m for p, m in actors_between(doc, ms, rpos, cpos, frozenset({"Official"}))
                             if p - rpos <= 14), None)
            resolver = official or resolver
            # whom it concerned is named after the resolver, not inside its chain (浙江省丽水市|松阳县)
            rpos = max([rpos] + [p for p, m in resolvers if m.key == resolver.key])
        else:
            # A sentence without its subject (推动解决群众缺水等问题72个) goes on from the one before,
            # else the article's own place is speaking: taken only when the text names the problem.
            obj = _CLAUSE_LIST.match(text, cue.end())
            if not _ISSUE_PHRASE.search(text, cue.end()) and not (obj and _says_what_is_wrong(obj.group(1))):
                continue
            resolver, _ = carried_subject(doc, by_sent, sent, span.start, _RESOLVERS)
            rule = "resolve-cue-subject"
            if resolver is None:
                resolver, rule = home, "resolve-home-place"
            if resolver is None:
                continue
            rpos = cpos
        found = [(p, m) for p, m in actors_between(doc, ms, rpos + 1, span.end, _AFFECTED) if m.key != resolver.key]
        affected = [chain_end(found[0], found, doc)] if found else []
        if affected and affected[0].key == resolver.key:
            affected = [m for _, m in found[1:2]]
        target = affected[0] if affected else resolver if resolver.type in PLACE_TYPES else None
        affects_rule = rule
        if target is None:
            target, affects_rule = concerned(doc, by_sent, sent, cpos, resolver), CONTEXT_RULE
        if target is None:
            continue
        found = [m for m in ms if m.type == "Issue" and m.span.start >= cpos]
        if found:
            issue = found[0]
        else:
            # The problem as the text names it (…问题/难题/困难), else what the verb acts on, up to
            # the end of the clause (解决了群众出行不便 → 群众出行不便); never just its place.
            ph = _ISSUE_PHRASE.search(text, cue.end())
            if ph is None:
                ph = _CLAUSE_LIST.match(text, cue.end())
                if ph is not None and not _says_what_is_wrong(ph.group(1)):
                    continue  # 解决…的措施, 帮助…恢复原状, 整治…体系: a means, or no problem named
            if ph is None or _POINTING.match(ph.group(ph.lastindex or 0)):
                continue
            a, b = span.start + ph.start(ph.lastindex or 0), span.start + ph.end(ph.lastindex or 0)
            if a > span.start + cue.end() and _inside_word(doc.text, a):
                continue  # (形)|式主义背后…问题: the phrase's length cut a word, it names no problem whole
            label = _UNNAMED.sub("", ph.group(ph.lastindex or 0))
            # a phrase that runs over another fixing verb (累计解决各类民生问题) names what follows it
            label = _COUNT_AFTER.sub("", _RESOLVE_CUE.split(label)[-1].lstrip(L.COMPLETIONS[:2]))  # 了, 好 (as before 掉 was listed)
            if len(label) < 2 or _POINTING.match(label) or label in L.BARE_PROBLEM_WORDS \
                    or label.startswith(L.BARE_FIRST) or _ASKED.search(label):
                continue
            issue = _issue_mention(doc, a, b, label, target, rule)
            issues.append(issue)
        rels += _fixed(doc, sent, resolver, issue, target, rule, 0.6 if rule == "resolve-cue" else 0.4, affects_rule)
    passive, passive_issues = _resolved_passive(doc, by_sent, home)
    addressed, addressed_issues = _addressed(doc, by_sent, home)
    return rels + passive + addressed, issues + passive_issues + addressed_issues


# 针对/聚焦 …难问题, <a measure>: the measure answers the problem (聚焦留守老人吃饭难问题，推行“打平伙”食堂).
_ADDRESSED = re.compile(rf"(?:{L.alternation(L.ADDRESSING_CUES)})(?P<problem>[^，,。；;！？]{{2,24}}(?:{L.alternation(L.ADDRESSED_HEADS)}))"
                        r"[^，,。；;]{0,4}?[，,]")


_MEASURE = re.compile("(" + L.alternation(L.LAUNCH_VERBS) + ")")


def _addressed(doc: Document, by_sent: dict[int, list[Mention]],
               home: Mention | None) -> tuple[list[RelationMention], list[Mention]]:
    """A problem a measure was taken against: the text names the problem, then what was done
    about it in the same sentence. The actor is named before, else the paragraph's subject,
    else the article's place."""
    rels: list[RelationMention] = []
    issues: list[Mention] = []
    for sent, span in enumerate(s.span for s in doc.sentences):
        text = doc.text[span.start : span.end]
        ms = by_sent.get(sent, [])
        for m in _ADDRESSED.finditer(text):
            if not _MEASURE.search(text, m.end()) or text.rstrip().endswith(("？", "?")) \
                    or _EXHORTED.search(text):
                continue  # a topic with nothing done about it, a question, or an exhortation
            a, b = span.start + m.start("problem"), span.start + m.end("problem")
            fixing = list(_RESOLVE_CUE.finditer(doc.text, a, b))
            if fixing:
                a = fixing[-1].end()  # 聚焦解决受灾群众就业难题: the problem is what follows the verb
            label = _UNNAMED.sub("", doc.text[a:b])
            if len(label) < 4 or _POINTING.match(label) or _ASKED.search(label):
                continue
            before = actors_between(doc, ms, span.start, span.start + m.start(), _RESOLVERS)
            named = chain_end(before[0], before, doc) if before else None
            found = _problem_fixed(doc, by_sent, sent, a, b, label, named, "addressed-problem", home, 0.4)
            if found:
                rels += found[0]
                issues.append(found[1])
    return rels, issues
