"""``funded``: who paid whom how much, for what and when: the amount in yuan from the text
(300万元, 160多万元), the funder and recipient around a verb of giving or receiving.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .. import lexicon as L
from ..dates import find_date
from ..model import PLACE_LEVEL, Document, Funding, Mention, RelationMention
from . import relation_rule
from .mentions import (
    ACTORS,
    FUND_VERB_RE,
    LAUNCH_VERB_RE,
    RECEIVE_VERB_RE,
    carried_subject,
    free_match,
    make_relation,
    nearest_before,
    nested,
)


# 300万元, 160多万元, 3个多亿, 6.8个亿 (亿 needs no 元 where the clause ends: nothing else is counted so).
_MONEY = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<approx>多|余)?个?(?P<approx2>多)?"
                    r"(?:(?P<unit>亿|万|千)?元|(?P<yi>亿)(?=[，,。；;！？!?、）)]|$))")


_UNITS = {"亿": Decimal(100000000), "万": Decimal(10000), "千": Decimal(1000), None: Decimal(1)}


def parse_amount(text: str) -> tuple[Decimal, bool] | None:
    """Amount in yuan of the first money expression in ``text`` and whether it is approximate.

    ``300万元`` → 3000000; ``2.5亿元`` → 250000000; ``160多万元`` → (1600000, True).
    """
    m = _MONEY.search(text)
    if not m:
        return None
    value = Decimal(m["num"]) * _UNITS[m["unit"] or m["yi"]]
    approx = bool(m["approx"] or m["approx2"]) or bool(_APPROXIMATE.search(text[: m.start()]))
    return (value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()), approx


# The clause after an amount, up to 40 characters, as the purpose of the money (用于 dropped).
_PURPOSE = re.compile(rf"[,，]?(?:{L.alternation(L.PURPOSE_WORDS)})?([^,，。；;！？!?：:\n“”]{{2,40}})(?=[,，。；;！？!?\n]|$)")


# What the money is, written right after the amount: the purpose is the clause after it.
_MONEY_NOUN = re.compile(rf"[\u4e00-\u9fff]{{0,4}}(?:{L.alternation(L.MONEY_NOUNS)})")
_APPROXIMATE = re.compile(f"({L.alternation(L.APPROXIMATE_WORDS)})$")
_AGGREGATE = re.compile(L.alternation(L.AGGREGATE_WORDS))
_HELPING = re.compile(f"({L.alternation(L.HELPING_WORDS)})[^，,。；;]{{0,3}}$")


# 拨付专项资金用于“小切口办事”: money given for a named programme, its amount unsaid.
_FOR_PROGRAMME = re.compile(f"(?:{L.alternation(L.FUND_VERBS)})[\u4e00-\u9fff]{{0,4}}?(?:{L.alternation(L.MONEY_NOUNS)})"
                            f"(?:{L.alternation(L.PURPOSE_WORDS)})[“《]?")


def _funded_programmes(doc: Document, by_sent: dict[int, list[Mention]]) -> list[RelationMention]:
    """X 拨付/投入 …资金 用于 <programme>: X funded the programme (no amount written). X is the
    actor before the verb, else the subject carried over from the sentence before."""
    out = []
    for sent, ms in by_sent.items():
        span = doc.sentences[sent].span
        for m in _FOR_PROGRAMME.finditer(doc.text, span.start, span.end):
            # the programme starts right after 用于, its quotation mark inside its span or not
            at = {m.end(), m.end() - 1} if doc.text[m.end() - 1 : m.end()] in ("“", "《") else {m.end()}
            programme = next((p for p in ms if p.type == "Programme" and p.span.start in at
                              and not nested(p, ms)), None)
            if programme is None or _MONEY.search(doc.text, m.start(), m.end()):
                continue  # an amount is read by the rules below
            funder, conf = carried_subject(doc, by_sent, sent, m.start(), ACTORS)
            if funder is not None and funder.key != programme.key:
                out.append(make_relation("funded", funder, programme, sent, doc, "fund-for-programme", 0.5 * conf,
                                         funding=Funding(amount=None, amount_text="",
                                                         date=find_date(doc.text[span.start : span.end], doc.date))))
    return out


# The rule of a total paid to people the text does not name, given to the place its paragraph names.
TOTAL_TO_PLACE = "fund-total-to-place"


def _group_place(doc: Document, by_sent: dict[int, list[Mention]], sent: int, pos: int,
                 funder: Mention) -> Mention | None:
    """The place of a group a total was paid to (3户困难家庭): the most specific place the paragraph
    names before ``pos``, the latest of that level; not the funder itself. None if it names none."""
    para = doc.sentences[sent].paragraph
    places = [m for k in range(sent, -1, -1) if doc.sentences[k].paragraph == para
              for m in by_sent.get(k, []) if m.type in PLACE_LEVEL and m.span.start < pos and m.key != funder.key]
    if not places:
        return None
    return max(places, key=lambda m: (PLACE_LEVEL[m.type], m.span.start))


@relation_rule("fundings", predicates=("funded",), order=50)
def find_fundings(doc: Document, by_sent: dict[int, list[Mention]]) -> list[RelationMention]:
    out = _funded_programmes(doc, by_sent)
    # every sentence: one naming nobody may still pay through a word pointing back (该基金…发出16万元)
    for sent in range(len(doc.sentences)):
        ms = by_sent.get(sent, [])
        s_span = doc.sentences[sent].span
        text = doc.text[s_span.start : s_span.end]
        for money in _MONEY.finditer(text):
            # "X 领到了10万元 Y基金": the named fund or body right after the money paid X.
            mend = s_span.start + money.end()
            source = next((m for m in ms if mend <= m.span.start <= mend + 1 and not nested(m, ms)
                           and m.type in ("Programme", "Agency", "Company", "Organization")), None)
            got = free_match(RECEIVE_VERB_RE, text[max(0, money.start() - 6) : money.start()],
                              s_span.start + max(0, money.start() - 6), ms, last=True)
            gpos = s_span.start + max(0, money.start() - 6) + got.start() if got is not None else -1
            mstart = s_span.start + money.start()
            fund = None if source is not None else next(
                (m for m in ms if mstart - 1 <= m.span.end <= mstart and not nested(m, ms)
                 and m.type in ("Programme", "Agency", "Company", "Organization")), None)
            if fund is not None:
                # "X 获得 Y专项资金 280万元": the named fund written right before the money paid X.
                lo = max(s_span.start, fund.span.start - 4)
                got = free_match(RECEIVE_VERB_RE, doc.text[lo : fund.span.start], lo, ms, last=True)
                if got is not None:
                    source, gpos = fund, lo + got.start()
            if source is not None and got is not None:
                receiver, conf = carried_subject(doc, by_sent, sent, gpos, ACTORS)
                if receiver is not None and receiver.key != source.key:
                    amt = parse_amount(money.group())
                    out.append(make_relation("funded", source, receiver, sent, doc, "receive-amount-from", 0.6 * conf,
                                    funding=Funding(amount=amt[0] if amt else None, amount_text=money.group(),
                                                    approximate=amt[1] if amt else False,
                                                    date=find_date(text, doc.date))))
                    continue
            left = text[max(0, money.start() - 14) : money.start()]
            verb = free_match(FUND_VERB_RE, left, s_span.start + max(0, money.start() - 14), ms, last=True)
            if not verb:
                continue
            vpos = s_span.start + max(0, money.start() - 14) + verb.start()
            funder, conf = carried_subject(doc, by_sent, sent, vpos, ACTORS | {"Programme"})
            given_to = None
            # X 向/给/为 Y 拨付…: the name before the verb is the recipient.
            if funder is not None and doc.text[funder.span.start - 1 : funder.span.start] in ("向", "给", "为", "对"):
                given_to = funder
                funder, conf = carried_subject(doc, by_sent, sent, funder.span.start - 1, ACTORS | {"Programme"})
            if funder is not None and funder.type == "Programme" and given_to is None:
                # 荆州实施…整治工程,预计总投入51.5亿元: who launched the programme pays for it
                actor = nearest_before(ms, funder.span.start, ACTORS)
                if actor is not None and LAUNCH_VERB_RE.search(doc.text, actor.span.end, funder.span.start):
                    funder, given_to = actor, funder
            if funder is None or (given_to is not None and funder.key == given_to.key):
                continue  # no named funder, no funded relation
            mpos = s_span.start + money.end()
            others = [m for m in ms if m.key != funder.key and not nested(m, ms) and m.type in ACTORS]
            after = [m for m in others if m.span.start >= mpos]
            # between the funder and the money: 龙岗区累计支援大莫村2350万元, 协会支持农伟宏10万元
            between = [m for m in others if funder.span.end <= m.span.start
                       and m.span.end <= s_span.start + money.start()]
            # named before the funder as what it helps: 对口帮扶大莫村的深圳市龙岗区出资160万元
            helped = [m for m in others if m.span.end <= funder.span.start
                      and _HELPING.search(doc.text[max(s_span.start, m.span.start - 6) : m.span.start])]
            recipient = given_to or (between or after or helped or [None])[0]
            agg = bool(_AGGREGATE.search(text[: money.start()][-12:]))
            rule = "fund-verb-amount"
            if recipient is None and agg and got is None:
                rule = TOTAL_TO_PLACE
                # 共发出救助金16万元 to people the text does not name: a total goes to their place (SCHEMA);
                # not where they got it themselves (帮助20余家企业累计获得2.5亿元贷款: a helper, no payer)
                recipient = _group_place(doc, by_sent, sent, s_span.start + money.start(), funder)
            if recipient is None:
                continue
            amt = parse_amount(money.group())
            # what the money is for: the clause after the amount (用于…), whole or not at all
            purpose_m = _PURPOSE.match(text, money.end())
            if purpose_m and _MONEY_NOUN.fullmatch(purpose_m.group(1)):
                purpose_m = _PURPOSE.match(text, purpose_m.end())  # 10万元无息贷款,用于扩建民宿
            funding = Funding(amount=amt[0] if amt else None, amount_text=money.group(),
                              approximate=amt[1] if amt else False, aggregate=agg,
                              purpose=purpose_m.group(1) if purpose_m else None, date=find_date(text, doc.date))
            out.append(make_relation("funded", funder, recipient, sent, doc, rule, 0.6 * conf, funding=funding))
    return out
