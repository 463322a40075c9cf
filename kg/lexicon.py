"""Word lists the rule extractors share: name suffixes, cues for people, stop characters.

The lists live in ``kg/resources/lexicon.toml``, grouped by concept; this module
reads them once and gives each the type its users need (a tuple where order
matters, a frozenset for membership). They describe the genre (how Chinese
government reports name things), not any particular article.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import Iterable

_DATA = tomllib.loads(resources.files("kg").joinpath("resources", "lexicon.toml").read_text(encoding="utf-8"))


def _table(group: str) -> dict:
    """The table ``group`` of the lexicon; a dotted name is a table inside one (``bodies.form``)."""
    table = _DATA
    for part in group.split("."):
        table = table[part]
    return table


def _chars(group: str, key: str) -> frozenset[str]:
    """A set of characters written as joined strings."""
    return frozenset("".join(_table(group)[key]))


def _words(group: str, key: str) -> tuple[str, ...]:
    """A list of words, in its order."""
    return tuple(_table(group)[key])


def _text(group: str, key: str) -> str:
    """A string (a set of characters for a character class, or one word); a list is joined."""
    value = _table(group)[key]
    return value if isinstance(value, str) else "".join(value)


STOP_CHARS = _chars("stops", "chars")
STOP_WORDS = _words("stops", "words")
CORE_STOP_CHARS = _chars("stops", "core_chars")
TAIL_STOP_CHARS = _chars("stops", "tail_chars")
PLACE_NAME_CHARS = _chars("stops", "place_name_chars")
GENERIC_PREFIXES = _words("generic", "prefixes")
GENERIC_PLACE_STEMS = frozenset(_words("generic", "place_stems"))
GENERIC_PLACE_WORDS = frozenset(_words("generic", "place_words"))
KIND_OF_PLACE_ENDINGS = _words("generic", "kind_of_place_endings") + tuple(
    d + level for d in _words("generic", "kind_of_place_descriptors") for level in "省市县")
KIND_OF_PLACE_WORDS = frozenset(_words("generic", "kind_of_place_words"))
WHOLE_PLACE_ENDINGS = _words("generic", "whole_place_endings")
RELATIVE_PLACE_STARTS = _words("generic", "relative_place_starts")

VILLAGE_SUFFIXES = _words("places", "village_suffixes")
TOWNSHIP_SUFFIXES = _words("places", "township_suffixes")
COUNTY_SPECIAL_SUFFIXES = _words("places", "county_special_suffixes")
CITY_SUFFIXES = _words("places", "city_suffixes")
LEVEL_WORDS = _words("places", "level_words")
PLACE_NEVER_FIRST = _text("places", "never_first")
PLACE_STEM_BODY_WORDS = _words("places", "stem_body_words")
GAZETTEER_BODY_STARTS = _text("places", "gazetteer_body_starts")
NOT_AFTER = {suffix: set(chars) for suffix, chars in _DATA["places"]["not_after"].items()}

AGENCY_SUFFIXES = _words("bodies", "agency_suffixes")
WEAK_AGENCY_SUFFIXES = frozenset(_words("bodies", "weak_agency_suffixes"))
COMPANY_SUFFIXES = _words("bodies", "company_suffixes")
ORGANIZATION_SUFFIXES = _words("bodies", "organization_suffixes")
MEDIA_SUFFIXES = _words("bodies", "media_suffixes")
NEWS_SUFFIXES = _words("bodies", "news_suffixes")
NOT_NEWS_SUFFIXES = _words("bodies", "not_news_suffixes")
ORGANISATION_FORMS = _words("bodies", "organisation_forms")
FIRM_KIND_WORDS = _words("bodies.form", "firm_kind_words")
COUNTED_WORDS = _words("bodies.form", "counted_words")
ROAD_ENDINGS = _words("bodies.form", "road_endings")
KIND_OF_BODY_WORDS = frozenset(_words("bodies", "kind_of_body_words"))
STATE_COUNCIL_DEPARTMENTS = _words("bodies", "state_council_departments")
CENTRAL_AGENCIES = frozenset(_words("bodies", "central_agencies") + STATE_COUNCIL_DEPARTMENTS)
COMPANY_LIST_HEADS = _words("bodies", "company_list_heads")
COMPANY_LIST_MODIFIERS = _words("bodies", "company_list_modifiers")
POST_TENSE_WORDS = _words("people", "post_tense_words")
NAME_LEADING_VERBS = _words("bodies", "leading_verbs")
PLATFORM_OBJECT_VERBS = _words("bodies", "platform_object_verbs")
GENERIC_BODY_STEMS = frozenset(_words("bodies", "generic_stems"))
NOT_BODY_ENDINGS = _words("bodies", "not_body_endings")
# Endings of a body of any kind, longest first (the name's suffix when several fit): agencies and
# organisations, then companies.
BODY_SUFFIXES = tuple(sorted(set(AGENCY_SUFFIXES + ORGANIZATION_SUFFIXES), key=len, reverse=True))
ALL_BODY_SUFFIXES = BODY_SUFFIXES + tuple(COMPANY_SUFFIXES)
JOINT_BODIES = dict(_DATA["bodies"]["joint"])
UNIT_LIST_HEADS = _words("bodies", "unit_list_heads")
UNIT_LIST_MODIFIERS = _words("bodies", "unit_list_modifiers")

PROGRAMME_SUFFIXES = _words("programmes", "suffixes")
DOCUMENT_SUFFIXES = _words("programmes", "document_suffixes")
KNOWN_PROGRAMMES = _words("programmes", "known")
PROGRAMME_LIST_HEADS = frozenset(_words("programmes", "list_heads"))
ORGANIZATION_LIST_HEADS = frozenset(_words("bodies", "organization_list_heads"))
GENERIC_PROGRAMME_STEMS = frozenset(_words("programmes", "generic_stems"))
NUMBERED_SCHOOLS = _words("bodies", "numbered_schools")
STRONG_PROGRAMME_ENDS = _words("programmes", "strong_ends")
WEAK_PROGRAMME_ENDS = _words("programmes", "weak_ends")
SHORT_STEM_PROGRAMME_ENDS = frozenset(_words("programmes", "short_stem_ends"))
FUND_ENDS = _words("programmes", "fund_ends")
QUOTE_LAUNCH_VERBS = _words("programmes", "launch_verbs")
PROGRAMME_NAME_VERBS = frozenset(_words("programmes", "name_verbs"))
PROGRAMME_OBJECT_VERBS = frozenset(_words("programmes", "object_verbs")) | frozenset(QUOTE_LAUNCH_VERBS)

POSTS = _words("people", "posts")
OFFICIAL_POSTS = frozenset(POSTS) - frozenset(_words("people", "non_official_posts"))
NATIONAL_POSTS = frozenset(_words("people", "national_posts"))
CENTRAL_BODY_PREFIXES = _words("people", "central_body_prefixes")
ROLES = _words("people", "roles")
BODY_OF_POST = {post: tuple(ends) for post, ends in _DATA["people"]["body_of_post"].items()}
SURNAMES = _chars("people", "surnames")
COMPOUND_SURNAMES = _words("people", "compound_surnames")
AFTER_NAME = _chars("people", "after_name")
HONORIFICS = _words("people", "honorifics")
FUNCTION_AFTER_NAME = _chars("people", "function_after_name")
NAME_LEFT_OK = _chars("people", "name_left_ok")
SURNAME_TITLES = _words("people", "surname_titles")

# The relation rules' words, each list one alternation in its order (kg.extract_relations,
# kg.relation_model build their patterns from them).
REPORT_VERBS = _words("relations", "report_verbs")
VISIT_VERBS = _words("relations", "visit_verbs")
RESOLVE_VERBS = _words("relations", "resolve_verbs")
LAUNCH_VERBS = _words("relations", "launch_verbs")
FUND_VERBS = _words("relations", "fund_verbs")
RECEIVE_VERBS = _words("relations", "receive_verbs")
FIX_CUES = _words("relations", "fix_cues")
PROBLEM_WORDS = _words("relations", "problem_words")
MEANS_ENDINGS = _words("relations", "means_endings")
POINTING_STARTS = _words("relations", "pointing_starts")
GENERIC_ISSUE_STARTS = _words("relations", "generic_issue_starts")
CLIPPED_ISSUE_STARTS = _words("relations", "clipped_issue_starts")
MEASURE_WORDS = _chars("relations", "measure_words")
NOT_YET = _words("relations", "not_yet")
INTERROGATIVES = _words("relations", "interrogatives")
NOUN_AFTER_CUE = _words("relations", "noun_after_cue")
VISITING_TEAMS = _words("relations", "visiting_teams")
LEADING_WORDS = _words("relations", "leading_words")
TRIGGERS = {kind: tuple(words) for kind, words in _DATA["relations"]["triggers"].items()}


def longest_first(words: Iterable[str]) -> re.Pattern[str]:
    """A regular expression matching any of ``words``, the longest tried first (党委书记 before 书记):
    how the extractors find name endings and posts."""
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


def alternation(words: tuple[str, ...]) -> str:
    """A regular expression matching any of ``words``, tried in their order."""
    import re

    return "|".join(re.escape(w) for w in words)


# Posts, longest first (党委书记 before 书记): the entity rules read them beside names, the relation
# rules at the end of a post phrase.
POST_PATTERN = longest_first(POSTS)

# Web boilerplate lines (kg.clean).
LINE_LABELS = _words("cleaning", "line_labels")
COMMENT_WORDS = _words("cleaning", "comment_words")
WIDGET_WORDS = _words("cleaning", "widget_words")

# People: the words after a name that make it one, and the first pass over problems.
POSTS_AFTER_NAME = _words("people", "posts_after_name")
SPEECH_VERBS = _words("people", "speech_verbs")
ISSUE_VERBS = _words("people", "issue_verbs")
ISSUE_HEADS = _words("people", "issue_heads")

# Problems fixed (kg.relations.problems): what says a fix did or did not happen.
NOT_FIXED_BEFORE = _words("relations", "not_fixed_before")
NOT_FIXED_AFTER = _words("relations", "not_fixed_after")
HAD_IT_BEFORE = _words("relations", "had_it_before")
INTENTION_VERBS = _words("relations", "intention_verbs")
MEANS_AFTER = _words("relations", "means_after")
PROBLEM_HEADS = _words("relations", "problem_heads")
BARE_PROBLEM_WORDS = frozenset(_words("relations", "bare_problem_words"))
FIXED_PROBLEM_HEADS = _words("relations", "fixed_problem_heads")
FIXED_ADVERBS = _words("relations", "fixed_adverbs")
FIXED_WITHIN_UNITS = _words("relations", "fixed_within_units")
SINCE_WORDS = _words("relations", "since_words")
PURPOSE_OPENERS = _words("relations", "purpose_openers")
BARE_FIRST = _words("relations", "bare_first")
FIXED_PASSIVE = _words("relations", "fixed_passive")
FIXED_PASSIVE_LATER = _words("relations", "fixed_passive_later")
FIXED_MANNER = _words("relations", "fixed_manner")
FIXED_VERBS = _words("relations", "fixed_verbs")
AIM_ADVERBS = _words("relations", "aim_adverbs")
ADDRESSING_CUES = _words("relations", "addressing_cues")
ADDRESSED_HEADS = _words("relations", "addressed_heads")

# The form of body names (kg.entities.bodies): what makes an ending a body's, or not.
CHANNEL_SUFFIXES = _words("bodies.form", "channel_suffixes")
SHORT_FORM_HEADS = _words("bodies.form", "short_form_heads")
COMPANY_FORMS = _words("bodies.form", "company_forms")
BRANCH_WORDS = _words("bodies.form", "branch_words")
NOT_SUFFIX_BEFORE: dict[str, str] = dict(_DATA["bodies"]["form"]["not_suffix_before"])
NOT_DEPARTMENT_AFTER = _text("bodies.form", "not_department_after")
CLASS_OF_BODIES = _text("bodies.form", "class_of_bodies")
STEMLESS_AGENCIES = _words("bodies.form", "stemless_agencies")
NATIONAL_STARTS = _words("bodies.form", "national_starts")
SHORT_STEM_COMPANY_SUFFIXES = _words("bodies.form", "short_stem_company_suffixes")
LONG_STEM_COMPANY_SUFFIXES = _words("bodies.form", "long_stem_company_suffixes")
NOT_BEFORE_MINISTRY = _text("bodies.form", "not_before_ministry")
NOT_AFTER_MINISTRY = _text("bodies.form", "not_after_ministry")
JOINING_WORDS = _words("bodies.form", "joining_words")
ACTING_WITH = _words("bodies.form", "acting_with")
KIND_SUFFIXES = _words("bodies.form", "kind_suffixes")
KIND_OF_BODY_ENDINGS = _words("bodies.form", "kind_of_body_endings")

# The form of people's names and posts (kg.entities.people).
NOT_GIVEN_NAME_START = _text("people.form", "not_given_name_start")
SURNAME_FUNCTION_CHARS = _text("people.form", "surname_function_chars")
NICKNAME_PREFIXES = _text("people.form", "nickname_prefixes")
GROUP_COUNT_CHARS = _text("people.form", "group_count_chars")
GROUP_UNITS = _text("people.form", "group_units")
NOT_AFTER_POST = _text("people.form", "not_after_post")
POINTERS = _text("people.form", "pointers")
APPOSITION_ROLES = _words("people.form", "apposition_roles")
APPOSITION_TENSES = _words("people.form", "apposition_tenses")
PERSON_PLACE_ENDS = _words("people.form", "place_ends")
PERSON_BODY_ENDS = tuple(_text("people.form", "body_ends"))
PHOTO_CREDIT = _text("people.form", "photo_credit")
HEAD_POST_END = _text("people.form", "head_post_end")
POINTING_BUT_NAMED = _words("relations.issue_form", "pointing_but_named")
EXTRA_POINTERS = _words("relations.issue_form", "extra_pointers")
PROBLEM_NOUNS = _words("relations.issue_form", "problem_nouns")
COMPLETIONS = _text("relations.issue_form", "completions")
COUNT_NUMERALS = _text("relations.issue_form", "count_numerals")
COUNT_MEASURES = _text("relations.issue_form", "count_measures")
MUST_NOT_AFTER = _text("relations.issue_form", "must_not_after")
MUST_NOT_BEFORE = _text("relations.issue_form", "must_not_before")
ADVERBS_BEFORE_PROBLEM = _text("relations.issue_form", "adverbs_before")

# 该X / 我X / 本X: the kinds of entity they point at (kg.relations.mentions).
POINTER_KINDS = {word: frozenset(kinds) for word, kinds in _DATA["relations"]["pointers"]["kinds"].items()}
POINTER_BACK = _text("relations.pointers", "back")
POINTER_OWN = _words("relations.pointers", "own")
POINTER_ENDINGS = {word: tuple(ends) for word, ends in _DATA["relations"]["pointers"]["endings"].items()}
HERE_LEVELS = _words("relations.pointers", "here_levels")
HERE_SUFFIX = _text("relations.pointers", "here_suffix")
NOT_HERE_BEFORE = _text("relations.pointers", "not_here_before")

# The form of programme names (kg.entities.programmes).
NOT_AFTER_PROGRAMME_END = _text("programmes.form", "not_after_end")
VERB_AFTER_PROGRAMME_END = _text("programmes.form", "verb_after_end")
NUMBERED_CHANNELS = _words("programmes.form", "numbered_channels")
WEAK_QUOTED_ENDS = _words("programmes.form", "weak_quoted_ends")
RUN_POINTERS = _words("programmes.form", "run_pointers")
PROGRAMME_COUNT_MEASURES = _text("programmes.form", "count_measures")
MEANS_FRAMES = _words("programmes.form", "means_frames")

# Divisions: how their names end, long and short (kg.gazetteer, kg.entities.places, candidates).
PROVINCE_ENDINGS = _words("levels", "province_endings")
REGION_PEOPLES = _words("levels", "region_peoples")
COUNTY_ENDINGS = _words("levels", "county_endings")
ETHNIC_END = _text("levels", "ethnic_end")
TOWNSHIP_ENDINGS = _words("levels", "township_endings")
DOUBLED_LEVELS = _text("levels", "doubled_levels")
DOUBLED_LEVEL_BODIES = _words("levels", "doubled_level_bodies")
BODIES_ABOVE = _words("levels", "bodies_above")
REGION = _text("levels", "region")
NOT_DIVISIONS = _words("levels", "not_divisions")
NOT_DIVISION_MARK = _text("levels", "not_division_mark")
AFTER_SHORT_COUNTY = _text("levels", "after_short_county")
# A province-level name's short form drops these endings (广西壮族自治区 → 广西).
PROVINCE_SHORT_RE = re.compile(f"(?:{alternation(REGION_PEOPLES)})?(?:{alternation(PROVINCE_ENDINGS)})$")

# Reports: addressed, spoken for a company, received (kg.relations.reports).
REPORT_TOWARD = _text("relations.reports", "toward")
COMPANY_SPEAKERS = _words("relations.reports", "company_speakers")
REPORT_RECEIVE_VERBS = _words("relations.reports", "receive_verbs")
REPORTS_RECEIVED = _words("relations.reports", "received")
BETWEEN_RECEIVER = _text("relations.reports", "between_receiver")
VIA_CHANNEL = _words("relations.reports", "via_channel")
ON_CHANNEL = _text("relations.reports", "on_channel")

# Levels of places, and the posts and bodies of a level (kg.entities, kg.relations.posts).
LEVEL_CLASS = dict(_DATA["levels"]["class_of"])
POST_LEVEL_CLASSES = {level: tuple(classes) for level, classes in _DATA["levels"]["post_classes"].items()}
HEAD_POSTS = dict(_DATA["levels"]["head_posts"])
PLACE_BODIES = _words("levels", "place_bodies")
POST_QUALIFIERS = _text("levels", "post_qualifiers")
POST_LIST_MARKS = _text("levels", "post_list_marks")

# Numerals, date characters and list joiners, as strings of characters (for character classes).
NUMERAL_CHARS = _text("grammar", "numerals")
COUNT_CHARS = _text("grammar", "count_chars")
LEVEL_CHARS = _text("grammar", "level_chars")
SCHOOL_PLACE_ENDS = _text("grammar", "school_place_ends")
DATE_CHARS = _text("grammar", "date_chars")
LIST_JOINERS = _text("grammar", "list_joiners")

# Lists before a company noun (kg.entities.bodies), subjects and money (kg.relations).
LIST_LEADS = _words("bodies", "list_leads")
PREPOSITIONS = _chars("relations", "prepositions")
APPROXIMATE_WORDS = _words("relations", "approximate_words")
AGGREGATE_WORDS = _words("relations", "aggregate_words")
MONEY_NOUNS = _words("relations", "money_nouns")
PURPOSE_WORDS = _words("relations", "purpose_words")
HELPING_WORDS = _words("relations", "helping_words")


# Careers: post titles (kg.careers).
LEVEL_CHARS = _text("careers", "level_chars")
LEVEL_WORDS = _words("careers", "level_words")
FORMER_MARKS = _words("careers", "former")
ORGANS = _words("careers", "organs")
SHORT_TITLES: dict[str, str] = dict(_table("careers.short_titles"))
