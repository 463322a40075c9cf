"""``reportedTo``: who raised a problem with whom, by a verb of reporting (向…反映), a visit
(来到县信访局反映), or a body that received it (收到…反映).
"""

from __future__ import annotations

import re

from .. import lexicon as L
from ..model import Document, Mention, RelationMention
from . import relation_rule
from .mentions import (
    REPORT_VERB_RE,
    actors_between,
    carried_subject,
    free_match,
    make_relation,
    nearest_before,
    nested,
    pointed_at,
)


@relation_rule("reports", predicates=("reportedTo",), order=30)
def find_reports(doc: Document, by_sent: dict[int, list[Mention]]) -> list[RelationMention]:
    out = []
    for sent in range(len(doc.sentences)):
        ms = by_sent.get(sent, [])  # a sentence naming no one may still report to a team (企业负责人向调研组反映)
        s_span = doc.sentences[sent].span
        text = doc.text[s_span.start : s_span.end]
        for vm in re.finditer(L.REPORT_TOWARD, text):
            after = text[vm.end() : vm.end() + 30]
            verb = free_match(REPORT_VERB_RE, after, s_span.start + vm.end(), ms)
            if not verb:
                continue
            pos = s_span.start + vm.start()
            targets = [m for m in ms if m.type in ("Agency", "Official") and m.span.start >= pos + 1
                       and m.span.end <= pos + 1 + verb.start() and not nested(m, ms)]
            reporters = frozenset({"Person", "Official", "Company", "Organization", "Village"})
            named = actors_between(doc, ms, s_span.start, pos, reporters)
            subj, conf = (named[-1][1], 1.0) if named else carried_subject(doc, by_sent, sent, pos, reporters)
            # 公司负责人向…反映: the person speaks for the company last named.
            if not named and any(w in text[: vm.start()] for w in L.COMPANY_SPEAKERS):
                subj, conf = pointed_at(doc, "公司", pos) or subj, 0.8
            rule = "x-xiang-y-fanying"
            if not targets and text[vm.end() : vm.end() + verb.start()].strip() in L.VISITING_TEAMS:
                leader = _visit_leader(doc, by_sent, sent)
                targets, rule = ([leader], "x-xiang-team-fanying") if leader else ([], rule)
            for t in targets:
                if subj and subj.key != t.key:
                    out.append(make_relation("reportedTo", subj, t, sent, doc, rule, 0.8 * conf))
        out.extend(_received_reports(doc, by_sent, sent, ms, text, s_span.start))
        out.extend(_channel_reports(doc, by_sent, sent, ms))
        out.extend(_visited_reports(doc, by_sent, sent, ms, text, s_span.start))
    return out


def _channel_reports(doc: Document, by_sent: dict[int, list[Mention]], sent: int,
                     ms: list[Mention]) -> list[RelationMention]:
    """X 通过/在/向 <hotline or platform>(上) 反映…: X reported to the body the text names acting on it
    next (…，市委社会工作部随即…), in the rest of the sentence or the next one of its paragraph.
    With no body named, no one: the channel is an Organization, and the schema has reports go to
    bodies and officials only (the SHACL shapes check it)."""
    out = []
    for ch in ms:
        if ch.type != "Organization" or not ch.canonical.endswith(L.CHANNEL_SUFFIXES) or nested(ch, ms):
            continue
        before = doc.text[max(0, ch.span.start - 2) : ch.span.start]
        via = next((w for w in L.VIA_CHANNEL if before.endswith(w)), None)
        if via is None:
            continue
        window = doc.text[ch.span.end : ch.span.end + 6]
        rest = window.lstrip(L.ON_CHANNEL)
        verb = REPORT_VERB_RE.match(rest)
        if verb is None:
            continue
        after = ch.span.end + len(window) - len(rest) + verb.end()  # where the verb ends
        pos = ch.span.start - len(via)
        named = actors_between(doc, ms, doc.sentences[sent].span.start, pos, _REPORTERS)
        reporter, conf = (named[-1][1], 0.7) if named else carried_subject(doc, by_sent, sent, pos, _REPORTERS)
        if reporter is None:
            continue
        following = [m for k in (sent, sent + 1) if k < len(doc.sentences)
                     and doc.sentences[k].paragraph == doc.sentences[sent].paragraph
                     for m in by_sent.get(k, []) if m.type in ("Agency", "Official") and m.span.start >= after
                     and not nested(m, by_sent.get(k, []))]
        if not following:
            continue
        target = min(following, key=lambda m: m.span.start)
        if target.key != reporter.key:
            out.append(make_relation("reportedTo", reporter, target, sent, doc, "x-via-channel-reported", 0.6 * conf))
    return out


_LEADING = re.compile(L.alternation(L.LEADING_WORDS))


def _visit_leader(doc: Document, by_sent: dict[int, list[Mention]], sent: int, back: int = 5) -> Mention | None:
    """The official who led the visit a team (调研组) stands for: the first official of the latest
    of this and the ``back`` sentences before that says he led it (率队, 带队, 一行)."""
    for k in range(sent, max(-1, sent - back - 1), -1):
        if _LEADING.search(doc.sentence_text(k)):
            official = next((m for m in by_sent.get(k, []) if m.type == "Official"), None)
            if official is not None:
                return official
    return None


_VISITED = re.compile(f"(?:{L.alternation(L.VISIT_VERBS)})")


def _visited_reports(doc: Document, by_sent: dict[int, list[Mention]], sent: int, ms: list[Mention],
                     text: str, offset: int) -> list[RelationMention]:
    """X 来到/找到/拨打 Y(,) 反映…: X reported to the body or official it went to or called."""
    out = []
    for visit in _VISITED.finditer(text):
        vpos = offset + visit.end()
        target = next((m for m in ms if m.span.start == vpos and m.type in ("Agency", "Official")
                       and not nested(m, ms)), None)
        if target is None:
            continue
        rest = doc.text[target.span.end : min(target.span.end + 16, offset + len(text))]
        report = REPORT_VERB_RE.search(rest)
        if report is None or re.search(r"[。；;！？]", rest[: report.start()]):
            continue  # the report is said in the same clause or the next one
        pos = offset + visit.start()
        named = actors_between(doc, ms, offset, pos, _REPORTERS)
        reporter, conf = (named[-1][1], 0.7) if named else carried_subject(doc, by_sent, sent, pos, _REPORTERS)
        if reporter is not None and reporter.key != target.key:
            out.append(make_relation("reportedTo", reporter, target, sent, doc, "x-visited-y-reported", 0.7 * conf))
    return out


_RECEIVED = re.compile(f"(?:{L.alternation(L.REPORT_RECEIVE_VERBS)})(?P<mid>[^，,。；]{{0,16}}?)"
                       f"(?:{L.alternation(L.REPORTS_RECEIVED)})")


_REPORTERS = frozenset({"Person", "Official", "Company", "Organization", "Village"})


def _received_reports(doc: Document, by_sent: dict[int, list[Mention]], sent: int, ms: list[Mention],
                      text: str, offset: int) -> list[RelationMention]:
    """Y 收到/接到 (X 的) 反映: X reported to Y; X named inside, else the reporter of the sentence before."""
    out = []
    for cue in _RECEIVED.finditer(text):
        cpos = offset + cue.start()
        if free_match(_RECEIVED, text[cue.start() : cue.end()], cpos, ms) is None:
            continue
        receiver = nearest_before(ms, cpos, frozenset({"Agency", "Official"}))
        if receiver is None or doc.text[receiver.span.end : cpos].strip(L.BETWEEN_RECEIVER) not in ("",):
            continue  # the receiver is written right before the verb
        lo, hi = offset + cue.start("mid"), offset + cue.end("mid")
        named = [m for m in ms if m.type in _REPORTERS and lo <= m.span.start and m.span.end <= hi]
        if named:
            reporter, conf = named[-1], 0.8
        else:
            prev_span = doc.sentences[sent - 1].span if sent > 0 else None
            prev = actors_between(doc, by_sent.get(sent - 1, []), prev_span.start, prev_span.end, _REPORTERS) \
                if prev_span is not None else []
            reporter, conf = (prev[0][1], 0.5) if prev else (None, 0.0)
        if reporter is not None and reporter.key != receiver.key:
            out.append(make_relation("reportedTo", reporter, receiver, sent, doc, "y-received-report", conf))
    return out
