"""The working calendar and the counting rule of DESIGN.md "Deadline rules" (P-6, P-9, P-10, P-11, C-20).

Dates worked out by hand with a 2026/2027 wall calendar and the Kazakh holiday list (Labour Code art. 84/85:
a holiday on a weekend moves to the next working day): N working days "from" an event start on the next
working day after it, and the period ends at the end of the N-th.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ustaz.calendar import WorkingCalendar, add_years, load_calendar, valid_until

KZ = WorkingCalendar(country="KZ")
D = dt.date


def test_p6_ten_working_days_across_8_march_observed() -> None:
    # Mon 2 Mar 2026 + 10: 3,4,5,6 (4); 9 Mar is off (8 March fell on Sunday); 10–13 (8); 16, 17 (10)
    assert KZ.add_working_days(D(2026, 3, 2), 10) == D(2026, 3, 17)


def test_p6_ten_working_days_across_nauryz() -> None:
    # Mon 16 Mar 2026 + 10: 17–20 (4); 21–25 Nauryz (23 Mon, 24–25 observed for the weekend days);
    # 26, 27 (6); 30, 31 (8); 1, 2 Apr (10)
    assert KZ.add_working_days(D(2026, 3, 16), 10) == D(2026, 4, 2)


def test_p10_three_working_days_across_victory_day() -> None:
    # Wed 6 May 2026 + 3: Thu 7 May is Defender of the Fatherland Day; Fri 8 (1); Sat 9 May Victory Day
    # is observed on Mon 11; Tue 12 (2), Wed 13 (3)
    assert KZ.add_working_days(D(2026, 5, 6), 3) == D(2026, 5, 13)


def test_p9_fifteen_working_days_across_year_end() -> None:
    # Mon 21 Dec 2026 + 15: 22–25 (4); 28–31 (8); 1–2 Jan 2027 holidays, Jan 2 (Sat) observed Mon 4;
    # Tue 5, Wed 6 (10); Thu 7 Orthodox Christmas; Fri 8 (11); 11–14 (15)
    assert KZ.add_working_days(D(2026, 12, 21), 15) == D(2027, 1, 14)


def test_an_event_on_a_weekend_starts_counting_on_monday() -> None:
    # Sat 14 Nov 2026 + 1 = Mon 16 Nov
    assert KZ.add_working_days(D(2026, 11, 14), 1) == D(2026, 11, 16)


def test_calendar_overrides_move_deadlines(tmp_path: Path) -> None:
    """A day off added by decree pushes the P-6 end a day later; a working Saturday pulls it earlier."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "calendar.yml").write_text(
        "days_off: [2026-03-13]\nworking_days: [2026-03-07]\n", encoding="utf-8")
    cal, findings = load_calendar(tmp_path, "KZ")
    assert findings == []
    # from Mon 2 Mar: 3,4,5,6 (4), Sat 7 (5), 10,11,12 (8), 13 off, 16 (9), 17 (10)
    assert cal.add_working_days(D(2026, 3, 2), 10) == D(2026, 3, 17)
    only_off = WorkingCalendar(country="KZ", days_off=frozenset({D(2026, 3, 13)}))
    # without the working Saturday the end moves from 17 to 18 March
    assert only_off.add_working_days(D(2026, 3, 2), 10) == D(2026, 3, 18)


def test_contradictory_overrides_are_a_finding(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "calendar.yml").write_text(
        "days_off: [2026-03-13]\nworking_days: [2026-03-13, 2026-02-30]\n", encoding="utf-8")
    _, findings = load_calendar(tmp_path, "KZ")
    assert sorted(f.code for f in findings) == ["calendar-file", "invalid-date"]
    assert all(f.path == "data/calendar.yml" and f.line == 2 for f in findings)


def test_kyrgyz_calendar_uses_kyrgyz_holidays() -> None:
    kg = WorkingCalendar(country="KG")
    # Mon 31 Aug 2026 is Kyrgyz Independence Day, an ordinary working day in Kazakhstan;
    # Mon 6 Jul 2026 is Kazakh Capital Day, an ordinary working day in Kyrgyzstan
    assert not kg.is_working_day(D(2026, 8, 31))
    assert KZ.is_working_day(D(2026, 8, 31))
    assert kg.is_working_day(D(2026, 7, 6))
    assert not KZ.is_working_day(D(2026, 7, 6))


def test_c20_validity_is_inclusive_and_p11_review_is_the_anniversary() -> None:
    assert valid_until(D(2026, 5, 7), 3) == D(2029, 5, 6)
    assert add_years(D(2026, 5, 7), 3) == D(2029, 5, 7)
    # 29 February: the period in years ends on the last day of February (civil-code rule)
    assert add_years(D(2028, 2, 29), 3) == D(2031, 2, 28)


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert KZ.working_days_between(D(2026, 11, 23), D(2026, 11, 30)) == 5
    assert KZ.working_days_between(D(2026, 11, 30), D(2026, 11, 23)) == -5


def test_holiday_names_in_kazakh() -> None:
    assert KZ.holiday_name(D(2026, 3, 23), "kk") == "Наурыз мейрамы"
