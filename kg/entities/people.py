"""People and officials: names after posts and roles (区长王立新), before posts
(王立新，区长), before honorifics and titles (王女士); and the first pass over problems.
"""

from __future__ import annotations

import re

from .. import lexicon as L
from ..gazetteer import gazetteer
from ..resources import is_common_word, jieba_dictionary
from . import recogniser
from .stems import POST_RE, ROLE_RE, Cand, strip_name_quotes


_FOREIGN_RE = re.compile(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}")


def _name_at(text: str, i: int) -> int:
    """End of a Chinese personal name starting at ``i`` (0 if none)."""
    if text[i : i + 2] in L.COMPOUND_SURNAMES:
        sur = 2
    elif text[i : i + 1] in L.SURNAMES:
        sur = 1
    else:
        return 0
    j = i + sur
    given = 0
    while given < 2 and j < len(text) and "\u4e00" <= text[j] <= "\u9fff":
        if given == 1 and (_ends_name_before(text, j) or ROLE_RE.match(text, j) or POST_RE.match(text, j)):
            break
        if given == 0 and (text[j] in L.NOT_GIVEN_NAME_START or POST_RE.match(text, j) or ROLE_RE.match(text, j)):
            break
        given += 1
        j += 1
    if given < 1:
        return 0
    name = text[i:j]
    if not_a_name(name):
        if len(name) == 3 and not not_a_name(name[:2]) and text[j - 1] in L.AFTER_NAME:
            return j - 1
        return 0
    return j


_FUNCTION_AFTER_NAME = L.FUNCTION_AFTER_NAME


# Function characters that begin no name after a role word (向 and 曾 are also surnames).
_NO_NAME_START = frozenset(_FUNCTION_AFTER_NAME) - set(L.SURNAME_FUNCTION_CHARS)


_OBJECT_PREPOSITIONS = frozenset(L.PREPOSITIONS) - {"在"}


def _object_missing(text: str, j: int) -> bool:
    """Whether the preposition-like ``text[j]`` has no object: a speech verb follows it. Then it
    is a name's last character (村民陆金从介绍), where 在 is not (张三在说: "is saying")."""
    return text[j] in _OBJECT_PREPOSITIONS and text.startswith(L.SPEECH_VERBS, j + 1)


def _ends_name_before(text: str, j: int) -> bool:
    """Whether ``text[j]`` starts the word after a two-character name rather than ending a longer one.

    A function character (说, 在, 等) always does; another character that often
    follows names (同, 深, 带) does when it begins a common word there (同时, 深入).
    """
    c = text[j]
    if c in _FUNCTION_AFTER_NAME:
        return not _object_missing(text, j)
    return c in L.AFTER_NAME and is_common_word(text[j : j + 2], 100)


def _doubled(name: str) -> bool:
    """殷殷, 谆谆 (嘱托): a surname with itself as the given name is no one's full name; the
    genre names people in full, so a doubled character is a word (jieba even tags 殷殷 nr)."""
    return len(name) == 2 and name[0] == name[1]


def not_a_name(name: str) -> bool:
    """A common word (干部, 满意, 强调) is not a personal name, even after a post.

    Nor is a surname-like character before a common word (由社区) or a post (楼长).
    """
    if _doubled(name):
        return True
    for w in (name, name[:2]):
        if is_common_word(w, 50, ("nr",)):
            return True
    # jieba tags some everyday two-character words as names (师生 nr 634); real ones are rarer
    if len(name) == 2 and is_common_word(name, 300):
        return True
    if len(name) == 3 and is_common_word(name[1:], 2000, ("nr", "ns")):
        return True
    if len(name) >= 3 and name.endswith(L.PERSON_BODY_ENDS):
        return True  # 群众|智慧化: the role word before a -ise word, 非遗工坊: no given name ends so
    return bool(POST_RE.fullmatch(name)) or name.endswith(L.HEAD_POST_END)


@recogniser("people", classes=("Person", "Official"), order=50)
def find_people(text: str) -> list[Cand]:
    out: list[Cand] = []
    for regex, is_post in ((POST_RE, True), (ROLE_RE, False)):
        for m in regex.finditer(text):
            i = m.end()
            end = 0
            fm = _FOREIGN_RE.match(text, i)
            if fm:
                end = fm.end()
                while text[end - 1] in L.AFTER_NAME and end - fm.start() > 4:
                    end -= 1
            elif text[i : i + 1] and text[i] in L.NICKNAME_PREFIXES and text[i + 1 : i + 2] in L.SURNAMES \
                    and (not "\u4e00" <= text[i + 2 : i + 3] <= "\u9fff" or _ends_name_before(text, i + 2)
                         or is_common_word(text[i + 2 : i + 4], 100)):
                end = i + 2  # 村民老左由衷感谢
            else:
                end = _name_at(text, i)
                if end and text[i] in _NO_NAME_START:
                    continue  # 教师都深受…: an adverb after the role, no name
                if end - i >= 3 and text[end : end + 1] not in _FUNCTION_AFTER_NAME \
                        and swallows_next_word(text, end):
                    end -= 1  # 副市长李政参|加: the name ran into the verb after it (李春明|说 did not)
            if not end or _doubled(text[i:end]):
                continue
            name = text[i:end]
            if is_post and m.group() in L.OFFICIAL_POSTS:
                pstart = _post_start(text, m.start())
                out.append(Cand(i, end, "Official", name, "post+name", 0.85, post=text[pstart : m.end()]))
            else:
                out.append(Cand(i, end, "Person", name, "role+name", 0.8))
    for m in re.finditer(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,4}·[\u4e00-\u9fff]{2,4}", text):
        end = m.end()
        while text[end - 1] in _FUNCTION_AFTER_NAME and end - m.start() > 5:
            end -= 1  # 麦努斯·奥斯曼是 → 麦努斯·奥斯曼
        out.append(Cand(m.start(), end, "Person", text[m.start() : end], "foreign-name", 0.6))
    # Names before what names them: 韩全芳女士, 叶白等4名业主, 习近平总书记.
    for m in _AFTER_NAME_RE.finditer(text):
        j = m.start()
        post = m.group("post")
        # before a post or a speech verb only a full three-character name counts (王建国表示,)
        i = _name_before(text, j, strict=bool(post or m.group("speech")))
        if i < 0:
            continue
        name = text[i:j]
        if post and post in L.OFFICIAL_POSTS:
            out.append(Cand(i, j, "Official", name, "name+post", 0.75, post=post))
        else:
            out.append(Cand(i, j, "Person", name, "name+title", 0.7))
    # People the text names by surname and title only (居民王女士, 许师傅): the name is both.
    for m in _SURNAME_TITLE_RE.finditer(text):
        i = m.start()
        role = ROLE_RE.search(text, max(0, i - 4), i)
        if i == 0 or text[i - 1] in _NAME_LEFT_OK or not "\u4e00" <= text[i - 1] <= "\u9fff" \
                or (role is not None and role.end() == i):
            out.append(Cand(i, m.end(), "Person", m.group(), "surname+title", 0.6))
    # Photo credits and bylines: "熊华明摄" at the end of a caption.
    for m in re.finditer(r"(?<=[。\n])([\u4e00-\u9fff]{2,3})摄(?:$|\n)", text):
        if _name_at(text, m.start(1)) == m.end(1):
            out.append(Cand(m.start(1), m.end(1), "Person", m.group(1), "photo-credit", 0.7))
    return out


_HONORIFICS = L.HONORIFICS


_AFTER_NAME_RE = re.compile(
    "(?:" + "|".join(_HONORIFICS) + f"|等[{L.GROUP_COUNT_CHARS}]+[{L.GROUP_UNITS}])"
    + f"|(?P<post>{L.alternation(L.POSTS_AFTER_NAME)})(?![{L.NOT_AFTER_POST}])"
    + f"|(?P<speech>{L.alternation(L.SPEECH_VERBS)})(?=[,，:：“])")


_NAME_LEFT_OK = L.NAME_LEFT_OK


# A surname and a title with no given name between (王女士, 许师傅); the name ends with the title
# whatever follows (王先生们, 李阿姨家).
_SURNAME_TITLE_RE = re.compile("[" + "".join(sorted(L.SURNAMES)) + "](?:" + "|".join(L.SURNAME_TITLES) + ")")


def _name_before(text: str, j: int, strict: bool = False) -> int:
    """Start of a personal name ending at ``j`` (-1 if none), longest first.

    The name must begin the text or follow a word boundary (的, 和, punctuation);
    ``strict`` (a post after the name) asks for three characters and a surname
    that is not also a common word start, since 区委书记 or 市长 readings abound.
    """
    for n in (3, 2, 4):
        i = j - n
        if i < 0 or _name_at(text, i) != j:
            continue
        left_ok = i == 0 or text[i - 1] in _NAME_LEFT_OK or not "\u4e00" <= text[i - 1] <= "\u9fff"
        if strict:
            # after a verb (学习贯彻习近平总书记…) the boundary is the end of that common word
            left_ok = left_ok or (i >= 2 and is_common_word(text[i - 2 : i], 100))
            if n == 3 and left_ok and not is_common_word(text[i : i + 2], 20):
                return i
            continue
        if left_ok:
            return i
    return -1


_BRACKETED_BEFORE = re.compile(r"[（(][\u4e00-\u9fff]{1,6}[）)]$")


# How far back a post's body may begin (重庆市人大常委会备案审查工委备案审查处|副处长).
_LONGEST_POST_BODY = 24


def _post_start(text: str, pos: int) -> int:
    """Start of the post phrase ending at ``pos``: back over body names and 、-joined posts."""
    i = pos
    while i > 0:
        if pos - i >= _LONGEST_POST_BODY:
            i = pos  # no start in reach (…动力机械股份有限|公司董事长): the title alone, never half a name
            break
        if text[i - 1] not in L.STOP_CHARS or _word_across(text, i):
            i -= 1  # a stop character that begins a word of the post goes with it: 中心主任, 就业促进处
        elif (inner := _BRACKETED_BEFORE.search(text, max(0, i - 8), i)) is not None and inner.start() > 0:
            i = inner.start()  # 区委（政府）办公室主任: a bracketed word inside a body's name
        else:
            break
    if 0 < i and text[i - 1] in L.POINTERS:
        # 该校校长, 该局副局长: the body is the one referred to, the post is 校长, 副局长
        i = next((j for j in range(i + 1, min(i + 3, len(text))) if any(text.startswith(p, j) for p in L.POSTS)), i)
    if i > 1 and text[i - 1] == "、" and any(text[max(0, i - 12) : i - 1].endswith(p) for p in L.POSTS):
        return _post_start(text, i - 1)  # 市委书记、市人大常委会主任严华: both posts are his
    tense = next((w for w in L.POST_TENSE_WORDS if text.startswith(w, i) and i + len(w) < pos), None)
    if tense:
        return i + len(tense)  # 时任县委常委: the post is 县委常委, 时任 only dates it
    entry = jieba_dictionary().get(text[i : i + 2])
    if entry is not None and entry[1] == "v" and gazetteer().name_at(text, i + 2):
        return i + 2  # 专访青山区委书记 (a headline): the verb before the place begins no post
    return i


# Body suffixes that begin with a stop character (有限公司 with 有).
_STOP_STARTED_SUFFIXES = tuple(s for s in L.ALL_BODY_SUFFIXES if s[0] in L.STOP_CHARS and len(s) >= 3)


def _word_across(text: str, i: int) -> bool:
    """Whether the stop character before ``i`` and the one at ``i`` make a common noun or verb
    (中心, 中队, 就业): then the stop character is part of a name or post, not a boundary."""
    if i < 1 or i >= len(text):
        return False
    if text.startswith(_STOP_STARTED_SUFFIXES, i - 1):
        return True  # 股份|有限公司董事长: 有 begins the company's suffix
    entry = jieba_dictionary().get(text[i - 1 : i + 1])
    return bool(entry) and entry[0] >= 100 and entry[1][:1] in ("n", "v")


_ISSUE_RE = re.compile(rf"(?:{L.alternation(L.ISSUE_VERBS)})(?:了)?([\u4e00-\u9fff“”]{{2,14}}?(?:{L.alternation(L.ISSUE_HEADS)}))")


# Starts of a phrase that points at a problem without naming it (他们出行难题, 这一难题), or was cut
# from a clause; the generic starts (群众…) only make a short phrase generic, and 此, 一些, 各种 may
# begin a named one (一些村民饮水难问题), so they are not here.
_ISSUE_POINTERS = tuple(w for w in L.POINTING_STARTS if w not in L.GENERIC_ISSUE_STARTS
                        and w not in L.POINTING_BUT_NAMED) + L.EXTRA_POINTERS + L.CLIPPED_ISSUE_STARTS


# What is left of a problem phrase without its problem nouns, quotes and 的 must say something.
_BARE_PROBLEM = re.compile(L.alternation(L.PROBLEM_NOUNS) + "|[“”的]")


@recogniser("issues", classes=("Issue",), order=60)
def find_issues(text: str) -> list[Cand]:
    out = []
    for m in _ISSUE_RE.finditer(text):
        s = m.start(1)
        phrase = m.group(1)
        if phrase.startswith(L.GENERIC_ISSUE_STARTS) and len(phrase) <= 6:
            continue
        if phrase.startswith(_ISSUE_POINTERS) \
                or len(_BARE_PROBLEM.sub("", phrase)) < 2:
            continue  # 他们出行难题: the phrase points at a problem without naming it
        out.append(Cand(s, m.end(1), "Issue", strip_name_quotes(phrase).replace("的", ""), "issue-pattern", 0.5))
    return out


def type_officials(chosen: list[Cand]) -> None:
    """A name once introduced with a post is an Official everywhere in the article."""
    posts: dict[str, str] = {}
    for c in chosen:
        if c.type == "Official" and c.post:
            posts.setdefault(c.canonical, c.post)
    for c in chosen:
        if c.type == "Person" and c.canonical in posts:
            c.type = "Official"


_ROLES_BEFORE = L.alternation(L.APPOSITION_ROLES)
_POST_AFTER_RE = re.compile(rf"(?:[，,]|(?:{_ROLES_BEFORE})?[（(])?[^，,。；;！？!?、\n“”]{{0,20}}?(?:" + POST_RE.pattern + ")")
_POST_LEAD = re.compile(rf"^(?:(?:{_ROLES_BEFORE})(?=[（(]))?[，,（(]*(?:{L.alternation(L.APPOSITION_TENSES)})?")


def post_near(text: str, s: int, e: int) -> str | None:
    """The post of a person named at ``s:e``, said right before the name (区委书记王立新) or right
    after it (王立新，区委书记 / 习近平总书记)."""
    for m in POST_RE.finditer(text, max(0, s - 16), s):
        if m.end() == s and m.group() in L.OFFICIAL_POSTS:
            return text[_post_start(text, m.start()) : s]
    m = _POST_AFTER_RE.match(text, e)
    if m is None or not any(m.group().endswith(p) for p in L.OFFICIAL_POSTS) or (
            not m.group().startswith(_APPOSITION_MARKS) and not POST_RE.fullmatch(m.group())):
        # no apposition (连玉明注重将本职工作与委员…: words between): only the title itself right
        # after the name, whatever a bracket after it says (单杨委员（中国工程院院士…）)
        title = POST_RE.match(text, e)
        return title.group() if title and title.group() in L.OFFICIAL_POSTS else None
    end = m.end()
    # the longest post the words end with (…党总支书|记: 支书 is a post, 书记 the longer one)
    end = max([end] + [pm.end() for st in range(end - 3, end) if (pm := POST_RE.match(text, st))
                       and pm.end() - end <= 2])
    # a list of posts goes on after 、 (…镇原党委委员、副镇长)
    while (more := _NEXT_POST_RE.match(text, end)) is not None:
        end = more.end()
    return _POST_LEAD.sub("", text[m.start() : end]) or None


# What begins a post written after a name: a comma, or a bracket (陈小静代表（…党总支书记）).
_APPOSITION_MARKS = ("，", ",", "（", "(") + tuple(r + b for r in L.APPOSITION_ROLES for b in "（(")


_NEXT_POST_RE = re.compile(r"、[^，,。；;！？!?、\n“”（）()]{0,6}?(?:" + POST_RE.pattern + r")(?![\u4e00-\u9fff])")


def swallows_next_word(text: str, e: int) -> bool:
    """Whether a name ending at ``e`` took the first character of the word after it: that
    character is a function word or speech verb (说, 在, 等), or begins a verb, adverb,
    preposition or time word with what follows (解|决 → 解决, 龚正昨|天)."""
    last = text[e - 1]
    if last in _FUNCTION_AFTER_NAME:
        return not _object_missing(text, e - 1)
    words = jieba_dictionary()
    for k in (2, 3):
        entry = words.get(text[e - 1 : e - 1 + k])
        if e - 1 + k <= len(text) and entry is not None and entry[1][:1] in "vdpct" and entry[0] >= 100:
            return True
    return False


# A character that ends no given name when a word of it begins there (陈佩|想给…, 让|连玉明):
# a verb, preposition, adverb, conjunction, particle or pronoun this frequent.
_WORD_TAGS = ("v", "p", "d", "c", "u", "r")
_WORD_FREQ = 3000
# Level words a full personal name does not end with (闽宁镇, 吴川市 are places; 州 does: 程远州).
_PLACE_ENDS = L.PERSON_PLACE_ENDS


def people_passes(text: str, chosen: list[Cand]) -> list[Cand]:
    """Document-level repairs of people's names: a name that is another name of the article with
    a verb or a preposition stuck to it (陈佩想给…, 姜亚福亮开嗓子, 让连玉明难忘) is that name; a
    "name" ending in a level word (闽宁镇) is a place; a photo credit's 摄 (蔡  赫摄) is not part
    of the name. Returns the candidates kept."""
    names = {c.canonical for c in chosen if c.type in ("Person", "Official")}
    kept = []
    for c in chosen:
        if c.type in ("Person", "Official") and c.canonical == text[c.start : c.end]:
            name = c.canonical
            if name.endswith(_PLACE_ENDS) and len(name) >= 3:
                continue
            if name.endswith(L.PHOTO_CREDIT) and (c.end == len(text) or not "\u4e00" <= text[c.end] <= "\u9fff"):
                c.end -= 1  # a photo credit's 摄 after the name
            elif len(name) >= 3 and name[:-1] in names and _a_word(name[-1]):
                c.end -= 1
            elif len(name) >= 3 and name[1:] in names and _a_word(name[0]):
                c.start += 1
            c.canonical = text[c.start : c.end]
            if len(c.canonical) < 2:
                continue
        kept.append(c)
    return kept + _listed_people(text, kept)


# One item of a 、-list of names: two or three characters between list marks or brackets.
_ITEM_AFTER = re.compile(r"、([\u4e00-\u9fff]{2,3})(?=[、）)，,。；;\s]|$)")


def _listed_people(text: str, chosen: list[Cand]) -> list[Cand]:
    """Names listed after people (记者史一棋、尹晓宇、…、江萌): the last items of a 、-list of
    people that the recognizer left out are people too, when each is a full name."""
    taken = {(c.start, c.end) for c in chosen}
    ends = {c.end for c in chosen if c.type in ("Person", "Official")}
    out: list[Cand] = []
    for end in sorted(ends):
        while (m := _ITEM_AFTER.match(text, end)) is not None and (m.start(1), m.end(1)) not in taken \
                and _name_at(text, m.start(1)) == m.end(1) and not not_a_name(m.group(1)):
            out.append(Cand(m.start(1), m.end(1), "Person", m.group(1), "listed-person", 0.6))
            end = m.end(1)
    return out


def _a_word(ch: str) -> bool:
    """Whether the character is a frequent function word or verb on its own (想, 给, 让, 亮)."""
    entry = jieba_dictionary().get(ch)
    return bool(entry) and entry[0] >= _WORD_FREQ and entry[1].startswith(_WORD_TAGS)
