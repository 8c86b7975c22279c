"""The schedule as an iCalendar feed (RFC 5545), one per year: one all-day VEVENT per cohort."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from .schedule import ScheduleRow

CRLF = "\r\n"


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1) without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75  # continuation lines start with one space
        current += ch
        size += n
    out.append(current)
    return CRLF.join(out)


def _date(d: dt.date) -> str:
    return d.strftime("%Y%m%d")


def calendar(rows: Iterable[ScheduleRow], *, year: int, host: str, stamp: dt.date, name: str,
             summary: Callable[[ScheduleRow], str], description: Callable[[ScheduleRow], str],
             location: Callable[[ScheduleRow], str], url: Callable[[ScheduleRow], str] | None = None) -> str:
    """The feed's text. `stamp` is the build's date, so the same content gives the same file."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ustaz//schedule//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    for row in rows:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(row.cohort)}-{year}@{host}",
            f"DTSTAMP:{_date(stamp)}T000000Z",
            f"DTSTART;VALUE=DATE:{_date(row.starts)}",
            f"DTEND;VALUE=DATE:{_date(row.ends + dt.timedelta(days=1))}",  # DTEND of a date is exclusive
            f"SUMMARY:{escape_text(summary(row))}",
            f"DESCRIPTION:{escape_text(description(row))}",
            f"LOCATION:{escape_text(location(row))}",
            *([f"URL:{url(row)}"] if url is not None and url(row) else []),
            f"STATUS:{'CONFIRMED' if row.agreed else 'TENTATIVE'}",  # C-2: not yet agreed
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
