"""The working calendar: the one service every deadline uses (DESIGN.md "Deadline rules").

Working days are Monday–Friday minus the country's public holidays (the `holidays` package) and
the centre's overrides in data/calendar.yml; governments move days off by decree every year and the
package does not know those transfers, so the overrides file is where a centre enters them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

from .findings import Finding, define, error
from .i18n import t
from .model.fields import Reader, parse_date
from .sourcefile import LocMap, load_yaml

CALENDAR_FILE = define("calendar-file", "data/calendar.yml is malformed or contradicts itself.")

_HOLIDAY_LANGS = {"KZ": {"kk": "kk", "en": "en_US", "ru": "kk"},
                  "KG": {"ky": "ky", "ru": "ru_KG", "en": "en_US"}}


@lru_cache(maxsize=8)
def _country(country: str, language: str | None) -> holidays.HolidayBase:
    return holidays.country_holidays(country, language=language)


@dataclass(frozen=True, kw_only=True)
class WorkingCalendar:
    country: str
    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    working_days: frozenset[dt.date] = field(default_factory=frozenset)
    # answers so far: deadlines count working days over years, day by day
    _known: dict[dt.date, bool] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)
    _spans: dict[tuple[dt.date, dt.date], tuple[dt.date, ...]] = field(default_factory=dict, init=False, repr=False,
                                                                        compare=False, hash=False)

    def _holidays(self, language: str | None = None) -> holidays.HolidayBase:
        return _country(self.country, language)

    def is_working_day(self, day: dt.date) -> bool:
        known = self._known.get(day)
        if known is None:
            known = self._known[day] = self._is_working_day(day)
        return known

    def _is_working_day(self, day: dt.date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        if day.weekday() >= 5:
            return False
        return day not in self._holidays()

    def holiday_name(self, day: dt.date, lang: str = "en") -> str | None:
        if day in self.days_off:
            return t("day off (data/calendar.yml)")
        language = _HOLIDAY_LANGS.get(self.country, {}).get(lang)
        try:
            return self._holidays(language).get(day)
        except (NotImplementedError, KeyError):  # a language the package lacks
            return self._holidays().get(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        d = day + dt.timedelta(days=1)
        while not self.is_working_day(d):
            d += dt.timedelta(days=1)
        return d

    def add_working_days(self, event: dt.date, n: int) -> dt.date:
        """The last day of a period of `n` working days "from" `event`.

        The period starts on the next working day after the event and ends at the end of the
        n-th working day (P-6, P-9, P-10)."""
        if n <= 0:
            return event
        d = event
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        d = start
        while d < end:
            d += dt.timedelta(days=1)
            if self.is_working_day(d):
                count += 1
        return count

    def days_in(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Working days from start to end, both included (course days)."""
        span = self._spans.get((start, end))
        if span is None:  # cohorts share their dates: a schedule of 40,000 cohorts has a few thousand spans
            out = []
            d = start
            while d <= end:
                if self.is_working_day(d):
                    out.append(d)
                d += dt.timedelta(days=1)
            span = self._spans[(start, end)] = tuple(out)
        return list(span)


def add_years(day: dt.date, years: int) -> dt.date:
    """D + N years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def valid_until(issued: dt.date, years: int) -> dt.date:
    """A certificate issued on D is valid through D + N years − 1 day, inclusive (C-20)."""
    return add_years(issued, years) - dt.timedelta(days=1)


def today_in(timezone: str) -> dt.date:
    return dt.datetime.now(ZoneInfo(timezone)).date()


@dataclass(frozen=True, kw_only=True)
class AsOf:
    """The day a project is judged as of, and where that day came from (shown in every output)."""

    day: dt.date
    source: str  # "--today", "USTAZ_TODAY", "data/policy.yml checked_as_of", "today"

    @property
    def pinned(self) -> bool:
        """The day is not today and the command line did not say so: the output names it."""
        return self.source not in ("today", "--today")


def as_of(given: dt.date | None, from_env: dt.date | None, checked_as_of: dt.date | None,
          timezone: str) -> AsOf:
    """The one rule every command, the site build and the workflows share: a date given on the command line,
    else $USTAZ_TODAY, else data/policy.yml's `checked_as_of` (the dated example content), else today in the
    policy's time zone."""
    for day, source in ((given, "--today"), (from_env, "USTAZ_TODAY"),
                        (checked_as_of, "data/policy.yml checked_as_of")):
        if day is not None:
            return AsOf(day=day, source=source)
    return AsOf(day=today_in(timezone), source="today")


def _dates(r: Reader, key: str) -> Iterable[tuple[dt.date, int]]:
    seq = r.sequence(key, required=False)
    if seq is None:
        return []
    out = []
    for i, value in enumerate(seq):
        d = parse_date(str(value), r.path, seq.line_of(i), f"{key}[{i}]", r.findings)
        if d is not None:
            out.append((d, seq.line_of(i)))
    return out


def load_calendar(root: Path, country: str) -> tuple[WorkingCalendar, list[Finding]]:
    path = root / "data" / "calendar.yml"
    shown = "data/calendar.yml"
    if not path.exists():
        return WorkingCalendar(country=country), []
    data, findings = load_yaml(path, shown)
    if data is None:
        return WorkingCalendar(country=country), findings
    if not isinstance(data, LocMap):
        findings.append(error(shown, 1, CALENDAR_FILE, t("the calendar must be a mapping: {{days_off: [...], working_days: [...]}}")))
        return WorkingCalendar(country=country), findings
    r = Reader(data, shown, findings)
    r.known_keys("days_off", "working_days")
    off = dict(_dates(r, "days_off"))
    work = dict(_dates(r, "working_days"))
    for d in sorted(set(off) & set(work)):
        findings.append(error(shown, work[d], CALENDAR_FILE,
                              t("{d} is both a day off and a working day; keep it in one list", d=d)))
    return WorkingCalendar(country=country, days_off=frozenset(off), working_days=frozenset(work) - frozenset(off)), findings
