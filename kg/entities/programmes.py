"""Programmes: quoted names and the word that closes them (“五个一”工作法), quoted lists,
book-title documents (《…实施方案》), names known by their ending (…专项行动, …示范工程).
"""

from __future__ import annotations

import re

from .. import lexicon as L
from ..resources import jieba_dictionary, splits_word
from . import recogniser
from .stems import (
    BOOK_RE,
    CJK,
    QUOTE_RE,
    Cand,
    generic_before,
    left_stem,
    quoted_text,
    strip_name_quotes,
    strip_to_name,
)


# A scheme's nickname may mix in digits, Latin letters and joining marks (“网格+热线”, “5G服务我先行”).
_BARE_NAME = re.compile(r"[\u4e00-\u9fff0-9A-Za-z+＋·—]+$")


_BARE_QUOTE_MAX = 10


_PROGRAMME_END = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(L.STRONG_PROGRAMME_ENDS + L.WEAK_PROGRAMME_ENDS, key=len, reverse=True)))
    + rf")(?![\u4e00-\u9fff]{{0,1}}[{L.NOT_AFTER_PROGRAMME_END}])")


_LAUNCH = L.QUOTE_LAUNCH_VERBS


_TAIL_STOP = L.TAIL_STOP_CHARS


def _ends_word(text: str, end: int) -> bool:
    """Whether a name's ending may stop at ``end``: not before an aspect particle (“专区”配套建设了:
    a verb) nor inside a longer word (“夕阳红”活动室: a room, not an activity)."""
    nxt = text[end : end + 1]
    if nxt and nxt in L.VERB_AFTER_PROGRAMME_END:
        return False
    return not (nxt and text[end - 2 : end + 1] in jieba_dictionary())


_EXPLAINED = re.compile(r"[（(][^（()）\n。]{1,30}[）)]")
_DIGIT_HOTLINE = re.compile(rf"(?<![\d])(\d{{3,6}})(?:[\u4e00-\u9fff]{{0,8}}?)({L.alternation(L.NUMBERED_CHANNELS)})")


# A known name this short (主题教育, 学习教育) is also the common word for a part of a campaign's work.
_SHORT_KNOWN = 4


@recogniser("programmes", classes=("Programme", "Organization"), order=20)
def find_programmes(text: str) -> list[Cand]:
    out: list[Cand] = _quoted_lists(text)
    listed = {(c.start, c.end) for c in out}
    for m in QUOTE_RE.finditer(text):
        inner = quoted_text(m).strip()
        if not inner or not CJK.search(inner) or (m.start(), m.end()) in listed or "…" in inner:
            continue  # (a quotation trailing off names nothing: “山歌唱起来……”)
        # an explanation in brackets may stand between the name and its ending:
        # “四小”（小食堂、小浴室、小卫生间、小活动室）建设 is the programme 四小建设
        after = m.end()
        if (bracket := _EXPLAINED.match(text, after)) is not None:
            after = bracket.end()
        tail = ""
        for ch in text[after : after + 10]:
            if not "\u4e00" <= ch <= "\u9fff" or ch in _TAIL_STOP:
                break
            tail += ch
        tail = _tail_before_verb(tail)
        if any(tail.startswith(v) for v in _LAUNCH) and not _named_work(tail):
            tail = ""  # “五个一”开展活动: the verb begins the predicate, not the name's last word
        cand = None
        # The longest tail that ends a name decides its class: “天眼”平台 and “小板凳”志愿服务队 are
        # bodies, “我为群众办实事”实践活动 a programme (志愿服务队 is longer than 志愿服务).
        for k in range(len(tail), 0, -1):
            piece = tail[:k]
            if any(piece.endswith(s) for s in L.ORGANIZATION_SUFFIXES if len(s) >= 2 or s in L.CHANNEL_SUFFIXES):
                cand = Cand(m.start(), after + k, "Organization", inner + piece, "quote+suffix", 0.8)
                break
            if not _ends_word(text, after + k):
                continue
            if any(piece.endswith(s) for s in L.PROGRAMME_SUFFIXES if len(s) >= 2 or k == 1):
                # a noun written against the quote belongs to the name: 城市“净网”建设
                head = text[max(0, m.start() - 2) : m.start()]
                entry = jieba_dictionary().get(head)
                if len(head) == 2 and entry and entry[1] in ("n", "ns") and head not in L.ROLES \
                        and not head.startswith(L.GENERIC_PREFIXES) and head not in L.GENERIC_BODY_STEMS:
                    cand = Cand(m.start() - 2, after + k, "Programme", head + inner + piece,
                                "noun+quote+suffix", 0.75)
                else:
                    # the quoted name alone is how the text also calls it (“金晖行动”志愿服务 is 金晖行动)
                    cand = Cand(m.start(), after + k, "Programme", inner + piece, "quote+suffix", 0.8,
                                alias=strip_name_quotes(inner))
                break
        if cand is None and len(inner) >= 2:
            before = text[max(0, m.start() - 4) : m.start()]
            if inner.endswith(L.CHANNEL_SUFFIXES) and len(inner) >= 3:
                cand = Cand(m.start(), m.end(), "Organization", inner, "quote", 0.75)
            elif len(inner) >= 3 and any(inner.endswith(s) for s in L.PROGRAMME_SUFFIXES
                                         if s not in L.WEAK_QUOTED_ENDS):
                cand = Cand(m.start(), m.end(), "Programme", inner, "quote", 0.7)
            elif any(before.rstrip("了") .endswith(v) for v in _LAUNCH) and len(inner) <= 10:
                cand = Cand(m.start(), m.end(), "Programme", inner, "quote-after-verb", 0.6)
            elif len(inner) <= _BARE_QUOTE_MAX and _BARE_NAME.match(inner) and len(CJK.findall(inner)) >= 2:
                # A short quoted phrase with nothing around it to say what it is: reports quote
                # their schemes' nicknames (“双报到”, “小铃铛”) but also slogans and words used
                # loosely. Offered to the recognizer, whose context features decide.
                cand = Cand(m.start(), m.end(), "Programme", inner, "quote-bare", 0.3)
        if cand is not None:
            cand.canonical = strip_name_quotes(cand.canonical)
            out.append(cand)
    for m in BOOK_RE.finditer(text):
        inner = m.group(1)
        if inner.endswith(L.DOCUMENT_SUFFIXES):
            out.append(Cand(m.start(), m.end(), "Programme", strip_name_quotes(inner), "book-title", 0.75))
        elif inner.strip().endswith(L.MEDIA_SUFFIXES) and len(inner.strip()) >= 3:
            out.append(Cand(m.start(), m.end(), "Organization", strip_name_quotes(inner).strip(), "book-title-media", 0.75))
    for name in L.KNOWN_PROGRAMMES:
        for m in re.finditer(re.escape(name), text):
            if len(name) <= _SHORT_KNOWN and "、" in (text[m.start() - 1 : m.start()] + text[m.end() : m.end() + 1]):
                continue  # 把学习教育、调查研究、检视整改…结合: a part of the campaign's work, not its name
            out.append(Cand(m.start(), m.end(), "Programme", name, "known-programme", 0.7))
    for m in _PROGRAMME_END.finditer(text):
        shortest = 2 if m.group() in L.SHORT_STEM_PROGRAMME_ENDS else 4
        start = left_stem(text, m.start(), 14)
        start = strip_to_name(text, start, m.start(), last_verb=True, cut_verbs=L.PROGRAMME_OBJECT_VERBS,
                              min_rest=shortest)
        start = _listed_start(text, start)
        stem = text[start : m.start()]
        if splits_word(text, start):
            continue  # 中小|学护眼灯…工程: the stem was cut inside a word, the name is not all there
        if len(stem) >= shortest and not generic_before(text, start) and CJK.match(stem):
            # Ends that mostly close a programme's name and ends that as often close a common
            # noun phrase (基础设施建设) are told apart for the recognizer, which weighs each.
            weak = m.group() in L.WEAK_PROGRAMME_ENDS
            out.append(Cand(start, m.end(), "Programme", stem + m.group(),
                            "suffix-programme-weak" if weak else "suffix-programme", 0.35 if weak else 0.5))
    for m in _DIGIT_HOTLINE.finditer(text):
        out.append(Cand(m.start(), m.end(), "Organization", m.group(), "hotline", 0.6))
    return out


_QUOTED_RUN = re.compile(rf"((?:“[^“”。，,！？]{{2,10}}”、?){{2,}})({L.alternation(L.RUN_POINTERS)})?(?P<head>[\u4e00-\u9fff]{{2,6}})")


_QUOTED_ONE_OF = re.compile(rf"(“[^“”。，,！？]{{2,10}}”)等(?:[{L.GROUP_COUNT_CHARS}]+[{L.PROGRAMME_COUNT_MEASURES}])?"
                            r"(?P<head>[\u4e00-\u9fff]{2,8})")


_ONE_QUOTE = re.compile(r"“([^“”]{2,10})”")


# Organisation endings of two characters or more (one-character ones, 网, end too many words).
_LONG_ORG_SUFFIXES = tuple(s for s in L.ORGANIZATION_SUFFIXES if len(s) >= 2)


_ORG_LIST_HEADS = tuple(L.ORGANIZATION_LIST_HEADS)


def _kind_of_listed(head: str) -> str | None:
    """The class the words after a run of quoted names give them (等志愿者队伍, 等平台, 等活动)."""
    for k in range(len(head), 1, -1):
        word = head[:k]
        if word.endswith(_ORG_LIST_HEADS) or word.endswith(_LONG_ORG_SUFFIXES):
            return "Organization"
        if word in L.PROGRAMME_LIST_HEADS or word in L.PROGRAMME_SUFFIXES:
            return "Programme"
    return None


def _quoted_lists(text: str) -> list[Cand]:
    """Names quoted one after another before the word for what they are (“法治研学游”“民法典大转盘”
    等活动, “乡村大喇叭”“微犍为”等平台, “双报到”“四下基层”载体), or one quoted name with 等 and
    that word (“邻里帮帮团”等志愿者队伍, “某某到家”等15个小程序): each is one of those."""
    out: list[Cand] = []
    for rx in (_QUOTED_RUN, _QUOTED_ONE_OF):
        for m in rx.finditer(text):
            typ = _kind_of_listed(m.group("head"))
            if typ is None:
                continue
            for q in _ONE_QUOTE.finditer(text, m.start(1), m.end(1)):
                if CJK.search(q.group(1)):
                    out.append(Cand(q.start(), q.end(), typ, q.group(1), "quote-list", 0.75))
    return out


# Quoted names in one list, each with a few words after it (“小板凳”服务在前、“小铃铛”教育在前).
_PARALLEL_RUN = re.compile(r"(?:“[^“”。，,！？]{2,10}”[\u4e00-\u9fff]{0,4}、)+“[^“”。，,！？]{2,10}”[\u4e00-\u9fff]{0,4}")


def parallel_programmes(text: str, chosen: list[Cand]) -> list[Cand]:
    """Quoted names written in parallel in one list are names of one kind: where the recognizer took
    one of them (or a name around one) as a programme, the others untaken are programmes too."""
    out: list[Cand] = []
    for run in _PARALLEL_RUN.finditer(text):
        quotes = list(_ONE_QUOTE.finditer(text, run.start(), run.end()))
        if not any(c.type == "Programme" and c.start <= q.start() + 1 and q.end() - 1 <= c.end
                   for q in quotes for c in chosen):
            continue
        for q in quotes:
            if not any(c.start < q.end() and q.start() < c.end for c in chosen) and CJK.search(q.group(1)):
                out.append(Cand(q.start(), q.end(), "Programme", q.group(1), "quote-parallel", 0.6))
    return out


def _named_work(tail: str) -> bool:
    """Whether a tail after a quote is the work a programme names, then its ending:
    “廉洁单位”创建活动 (创建 names the work, as in 乡村风貌提升行动), not “五个一”开展活动."""
    return any(tail.startswith(v) and any(tail[len(v):].startswith(s) for s in L.PROGRAMME_SUFFIXES if len(s) >= 2)
               for v in L.PROGRAMME_NAME_VERBS)


def _tail_before_verb(tail: str) -> str:
    """The tail after a quote, cut where a programme word is followed by a verb.

    “我为群众办实事”实践活动贯穿学习教育: the name ends at 实践活动; 贯穿 begins the predicate.
    """
    for j in range(2, len(tail) - 1):
        if any(tail[:j].endswith(sfx) for sfx in L.PROGRAMME_SUFFIXES if len(sfx) >= 2):
            entry = jieba_dictionary().get(tail[j : j + 2])
            if entry and entry[1] == "v":  # a verb proper: 工作 (vn) may still name the programme's part
                return tail[:j]
    return tail


_LISTED_CHUNK = re.compile(r"[\u4e00-\u9fff]{2,8}$")


def _listed_start(text: str, start: int) -> int:
    """Start of a 、-list of parallel phrases that ends a programme name, after its launch verb.

    开展群众大走访、问题大起底、…、环境大整治行动 names one campaign; without the launch
    verb before the list, the last phrase stands alone.
    """
    i = start
    while i > 0 and text[i - 1] == "、":
        m = _LISTED_CHUNK.search(text, max(0, i - 9), i - 1)
        if not m:
            break
        j = m.start()
        # the first chunk holds the launch verb itself: (扎实)开展|群众大走访
        chunk = text[j : i - 1]
        for v in _LAUNCH:
            q = chunk.rfind(v)
            if q >= 0 and len(chunk) - (q + len(v)) >= 2:
                return j + q + len(v)
        i = j
    return start


_PROGRAMME_ENDINGS = tuple(sorted(set(L.PROGRAMME_SUFFIXES + L.STRONG_PROGRAMME_ENDS + L.WEAK_PROGRAMME_ENDS),
                                   key=len, reverse=True))


def generic_programme(name: str) -> bool:
    """A programme word with nothing but a generic modifier before it (专项整治行动, 重点项目建设,
    关键工程) names a kind of work, not a programme; nor does a word of the common dictionary
    with no programme ending (“专区”, “飞地”, “夕阳红”, “三农”): a scheme's name is coined for it."""
    stem = name
    while True:
        end = next((e for e in _PROGRAMME_ENDINGS if stem.endswith(e) and len(stem) > len(e)), None)
        if end is None:
            if stem == name and name in jieba_dictionary() and name not in _KNOWN:
                return True
            return stem in L.GENERIC_PROGRAMME_STEMS
        stem = stem[: -len(end)]


_KNOWN = frozenset(L.KNOWN_PROGRAMMES)


_FUND_END = L.longest_first(L.FUND_ENDS)


_FUND_STEM = re.compile(r"[\u4e00-\u9fff]{1,14}$")


@recogniser("funds", classes=("Programme",), order=30, needs_places=True)
def find_funds(text: str, places: list[Cand]) -> list[Cand]:
    """Named funds (湖北省中小企业发展专项资金): a fund ending after a stem that a place begins,
    without a verb inside. Funds are programmes (SCHEMA: 重庆市大足应急救助基金)."""
    out = []
    for m in _FUND_END.finditer(text):
        for p in places:
            if p.start < m.start() and p.end <= m.start() and m.start() - p.start <= 16 \
                    and _FUND_STEM.match(text, p.start, m.start()) \
                    and strip_to_name(text, p.end, m.start(), last_verb=True) == p.end:
                out.append(Cand(p.start, m.end(), "Programme", text[p.start : m.end()], "fund", 0.6))
                break
    return out
