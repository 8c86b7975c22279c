"""Vocabularies that the checker, the site, the documents and the bot all import (each lives once)."""

from __future__ import annotations

import enum


class Language(str, enum.Enum):
    KK = "kk"
    RU = "ru"
    KY = "ky"
    EN = "en"


LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "kk": {"kk": "Қазақша", "ru": "Казахский", "en": "Kazakh", "ky": "Казакча"},
    "ru": {"kk": "Орысша", "ru": "Русский", "en": "Russian", "ky": "Орусча"},
    "ky": {"kk": "Қырғызша", "ru": "Кыргызский", "en": "Kyrgyz", "ky": "Кыргызча"},
    "en": {"kk": "Ағылшынша", "ru": "Английский", "en": "English", "ky": "Англисче"},
}


class ProgramKind(str, enum.Enum):
    COURSE = "course"
    RETRAINING = "retraining"


class Form(str, enum.Enum):
    IN_PERSON = "in-person"
    ONLINE = "online"
    BLENDED = "blended"


class LiteratureKind(str, enum.Enum):
    MAIN = "main"
    ADDITIONAL = "additional"


class Origin(str, enum.Enum):
    DOMESTIC = "domestic"
    FOREIGN = "foreign"


class Event(str, enum.Enum):
    """Lifecycle events of a program (P-2 … P-11)."""

    NEEDS_ANALYSIS = "needs-analysis"  # P-2
    DEVELOPMENT_ORDERED = "development-ordered"  # P-3
    DISCUSSION_OPENED = "discussion-opened"  # P-6
    DISCUSSION_CLOSED = "discussion-closed"  # P-6
    SUBMITTED = "submitted"  # P-8
    EXPERT_CONCLUSION = "expert-conclusion"  # P-9
    RESUBMITTED = "resubmitted"  # P-9
    APPROVED = "approved"  # P-10
    REVIEWED = "reviewed"  # P-11
    REVOKED = "revoked"  # P-11


class Outcome(str, enum.Enum):
    REVISE = "revise"
    REJECT = "reject"
    AGREE = "agree"


class ReviewDecision(str, enum.Enum):
    UPDATE = "update"
    REVOKE = "revoke"


class Response(str, enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ProgramStatus(str, enum.Enum):
    """Where a program stands, derived from its lifecycle."""

    PLANNED = "planned"  # needs analysed / development ordered, not yet published
    DISCUSSION = "discussion"  # public discussion open (P-6)
    DISCUSSED = "discussed"  # discussion closed, not yet submitted
    SUBMITTED = "submitted"  # with the authorised body (P-8)
    REVISION = "revision"  # expert conclusion asked for revision (P-9)
    REJECTED = "rejected"  # agreement refused: to be developed anew (P-9)
    AGREED = "agreed"  # awaiting the approval order (P-10)
    APPROVED = "approved"  # in force (P-10, P-11)
    REVOKED = "revoked"


STATUS_NAMES: dict[str, dict[str, str]] = {
    "planned": {"kk": "Әзірленуде", "ru": "В разработке", "en": "In development", "ky": "Иштелип жатат"},
    "discussion": {"kk": "Қоғамдық талқылауда", "ru": "На общественном обсуждении",
                   "en": "In public discussion", "ky": "Коомдук талкууда"},
    "discussed": {"kk": "Талқыланды", "ru": "Обсуждение завершено", "en": "Discussed", "ky": "Талкууланды"},
    "submitted": {"kk": "Келісуге жіберілді", "ru": "Направлена на согласование",
                  "en": "Submitted for agreement", "ky": "Макулдашууга жөнөтүлдү"},
    "revision": {"kk": "Пысықталуда", "ru": "На доработке", "en": "In revision", "ky": "Иштелип чыгууда"},
    "rejected": {"kk": "Келісілмеді", "ru": "Не согласована", "en": "Not agreed", "ky": "Макулдашылган жок"},
    "agreed": {"kk": "Келісілді", "ru": "Согласована", "en": "Agreed", "ky": "Макулдашылды"},
    "approved": {"kk": "Бекітілді", "ru": "Утверждена", "en": "Approved", "ky": "Бекитилди"},
    "revoked": {"kk": "Күші жойылды", "ru": "Отменена", "en": "Revoked", "ky": "Жокко чыгарылды"},
}
