"""Vocabularies that the checker, the site, the documents and the bot all import (each lives once)."""

from __future__ import annotations

import enum

from .i18n import N_


class Language(enum.StrEnum):
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


class ProgramKind(enum.StrEnum):
    COURSE = "course"
    RETRAINING = "retraining"


class Form(enum.StrEnum):
    IN_PERSON = "in-person"
    ONLINE = "online"
    BLENDED = "blended"


class LiteratureKind(enum.StrEnum):
    MAIN = "main"
    ADDITIONAL = "additional"


class Origin(enum.StrEnum):
    DOMESTIC = "domestic"
    FOREIGN = "foreign"


class Event(enum.StrEnum):
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


class Outcome(enum.StrEnum):
    REVISE = "revise"
    REJECT = "reject"
    AGREE = "agree"


class ReviewDecision(enum.StrEnum):
    UPDATE = "update"
    REVOKE = "revoke"


class Response(enum.StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ProgramStatus(enum.StrEnum):
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


# ISO 3166-2 subdivisions where courses run (schedule `region`, organizations). KZ as renumbered in
# 2020–2022 (Abai, Jetisu, Ulytau added); KG per ISO 3166-2:KG. Names in English, for messages.
REGIONS: dict[str, str] = {
    "KZ-10": "Abai Region", "KZ-11": "Akmola Region", "KZ-15": "Aktobe Region", "KZ-19": "Almaty Region",
    "KZ-23": "Atyrau Region", "KZ-27": "West Kazakhstan Region", "KZ-31": "Jambyl Region",
    "KZ-33": "Jetisu Region", "KZ-35": "Karaganda Region", "KZ-39": "Kostanay Region",
    "KZ-43": "Kyzylorda Region", "KZ-47": "Mangystau Region", "KZ-55": "Pavlodar Region",
    "KZ-59": "North Kazakhstan Region", "KZ-61": "Turkistan Region", "KZ-62": "Ulytau Region",
    "KZ-63": "East Kazakhstan Region", "KZ-71": "Astana", "KZ-75": "Almaty", "KZ-79": "Shymkent",
    "KG-B": "Batken Region", "KG-C": "Chüy Region", "KG-GB": "Bishkek", "KG-GO": "Osh (city)",
    "KG-J": "Jalal-Abad Region", "KG-N": "Naryn Region", "KG-O": "Osh Region", "KG-T": "Talas Region",
    "KG-Y": "Issyk-Kul Region",
}


class TrainerCategory(enum.StrEnum):
    """Who may teach a course (C-4)."""

    TEACHER = "teacher"  # a teacher with experience in the program's profile
    SPECIALIST = "specialist"  # under a service contract: needs the policy's minimum experience
    UNIVERSITY = "university"  # university teaching staff
    METHODOLOGIST = "methodologist"
    SCHOOL_HEAD = "school-head"
    PRACTITIONER = "practitioner"
    EMPLOYER = "employer"  # an employers' representative


class Decision(enum.StrEnum):
    """Decisions about a listener (C-18, C-19)."""

    EXPELLED = "expelled"  # C-19: by order, on the commission's decision; the employer is notified
    TRANSFERRED = "transferred"  # C-18: to another cohort of the same year, for a valid reason
    REASSESSMENT = "reassessment"  # C-18: at most the policy's count per year
    COMPLETION = "completion"  # C-18: finishing an unfinished course on supporting documents


class ResultOutcome(enum.StrEnum):
    """A listener's result (C-15 … C-19); contract of `ustaz course results`."""

    CERTIFICATE = "certificate"
    REFERENCE = "reference"
    EXPELLED = "expelled"
    INCOMPLETE = "incomplete"


class SurveyKind(enum.StrEnum):
    """Surveys of C-13 (Google Forms exports)."""

    NEEDS = "needs"  # professional difficulties and needs, at the start
    EVALUATION = "evaluation"  # the course evaluation, at the end


# documents each listener provides (C-3, C-8), as the columns of listeners.csv
LISTENER_DOCUMENTS: dict[str, str] = {
    "id_copy": N_("copy of the identity document"),
    "personal_data_form": N_("personal-data consent form"),
    "application": N_("application"),
    "contract": N_("contract"),
}
# documents each trainer provides (C-5), as the columns of <private>/trainers.csv
TRAINER_DOCUMENTS: dict[str, str] = {
    "id_copy": N_("copy of the identity document"),
    "diploma": N_("diploma"),
}


# P-1 directions as the site and documents name them (the codes are the policy's `directions`)
DIRECTION_NAMES: dict[str, dict[str, str]] = {
    "scientific-technical": {"kk": "Ғылыми-техникалық", "ru": "Научно-техническое",
                             "en": "Scientific and technical", "ky": "Илимий-техникалык"},
    "musical": {"kk": "Музыкалық", "ru": "Музыкальное", "en": "Musical", "ky": "Музыкалык"},
    "artistic-aesthetic": {"kk": "Көркем-эстетикалық", "ru": "Художественно-эстетическое",
                           "en": "Artistic and aesthetic", "ky": "Көркөм-эстетикалык"},
    "ecological-biological": {"kk": "Экологиялық-биологиялық", "ru": "Эколого-биологическое",
                              "en": "Ecological and biological", "ky": "Экологиялык-биологиялык"},
    "tourism-local-history": {"kk": "Туристік-өлкетану", "ru": "Туристско-краеведческое",
                              "en": "Tourism and local history", "ky": "Туристтик-мекен таануу"},
    "military-patriotic": {"kk": "Әскери-патриоттық", "ru": "Военно-патриотическое",
                           "en": "Military and patriotic", "ky": "Аскердик-патриоттук"},
    "social-pedagogical": {"kk": "Әлеуметтік-педагогикалық", "ru": "Социально-педагогическое",
                           "en": "Social and pedagogical", "ky": "Социалдык-педагогикалык"},
}

FORM_NAMES: dict[str, dict[str, str]] = {
    "in-person": {"kk": "Күндізгі (бетпе-бет)", "ru": "Очная", "en": "In person", "ky": "Күндүзгү"},
    "online": {"kk": "Онлайн", "ru": "Онлайн", "en": "Online", "ky": "Онлайн"},
    "blended": {"kk": "Аралас", "ru": "Смешанная", "en": "Blended", "ky": "Аралаш"},
}

KIND_NAMES: dict[str, dict[str, str]] = {
    "course": {"kk": "Біліктілікті арттыру курсы", "ru": "Курс повышения квалификации",
               "en": "Qualification course", "ky": "Квалификацияны жогорулатуу курсу"},
    "retraining": {"kk": "Кәсіби қайта даярлау", "ru": "Профессиональная переподготовка",
                   "en": "Professional retraining", "ky": "Кесиптик кайра даярдоо"},
}


def name_in(names: dict[str, dict[str, str]], code: str | None, lang: str) -> str:
    """The name of a vocabulary value in a language (English, then the code, when it has none; '' for None)."""
    if code is None:
        return ""
    entry = names.get(code, {})
    return entry.get(lang) or entry.get("en") or code


# ISO 3166-2 regions in the site's languages (REGIONS above has every code with its English name)
REGION_NAMES: dict[str, dict[str, str]] = {
    "KZ-71": {"kk": "Астана", "ru": "Астана", "en": "Astana"},
    "KZ-75": {"kk": "Алматы", "ru": "Алматы", "en": "Almaty"},
    "KZ-79": {"kk": "Шымкент", "ru": "Шымкент", "en": "Shymkent"},
    "KZ-11": {"kk": "Ақмола облысы", "ru": "Акмолинская область", "en": "Akmola Region"},
    "KZ-15": {"kk": "Ақтөбе облысы", "ru": "Актюбинская область", "en": "Aktobe Region"},
    "KZ-19": {"kk": "Алматы облысы", "ru": "Алматинская область", "en": "Almaty Region"},
    "KZ-35": {"kk": "Қарағанды облысы", "ru": "Карагандинская область", "en": "Karaganda Region"},
    "KZ-61": {"kk": "Түркістан облысы", "ru": "Туркестанская область", "en": "Turkistan Region"},
    "KG-GB": {"ky": "Бишкек", "ru": "Бишкек", "en": "Bishkek", "kk": "Бішкек"},
    "KG-GO": {"ky": "Ош", "ru": "Ош", "en": "Osh", "kk": "Ош"},
    "KG-C": {"ky": "Чүй облусу", "ru": "Чуйская область", "en": "Chuy Region", "kk": "Шу облысы"},
}


# P-6: an author answers a suggestion with a reply that starts with one of these words. A rejection
# is the word, a colon and the justification ("Rejected: …"); the bot and the docs read this table.
ANSWER_KEYWORDS: dict[Response, dict[str, str]] = {
    Response.ACCEPTED: {"kk": "Қабылданды", "ru": "Принято", "en": "Accepted", "ky": "Кабыл алынды"},
    Response.REJECTED: {"kk": "Қабылданбады", "ru": "Отклонено", "en": "Rejected", "ky": "Четке кагылды"},
}


class DiscussionStage(enum.StrEnum):
    """Where a pull request's public discussion stands (P-6); each stage is one PR label."""

    NOT_A_DISCUSSION = "none"  # the PR opens no discussion (a data fix, an approved program's edit)
    DRAFT = "draft"  # a new program not yet published: no discussion-opened event for this PR
    OPEN = "open"  # within the period
    ANSWERS_DUE = "answers-due"  # the period is over, suggestions still unanswered
    CLOSED = "closed"  # the period is over, every suggestion answered, the record written


STAGE_LABELS: dict[DiscussionStage, str] = {
    DiscussionStage.DRAFT: "discussion: draft",
    DiscussionStage.OPEN: "discussion: open",
    DiscussionStage.ANSWERS_DUE: "discussion: answers due",
    DiscussionStage.CLOSED: "discussion: closed",
}


# --- post-course support (S-3 … S-11) and monitoring (M-4, M-5) ---------------------------------


class SupportLevel(enum.StrEnum):
    """S-8: the levels a teacher's practice rises through, in order; a positive review at one opens the next."""

    ORGANISATION = "organisation"
    DISTRICT = "district"  # district or city
    REGION = "region"
    REPUBLIC = "republic"

    @property
    def rank(self) -> int:
        return list(SupportLevel).index(self)


class SupportEventKind(enum.StrEnum):
    """S-5, S-7, S-9: what a support plan's events are."""

    OPEN_LESSON = "open-lesson"
    MASTER_CLASS = "master-class"
    WEBINAR = "webinar"
    SEMINAR = "seminar"
    CONTEST = "contest"
    COMPETITION = "competition"
    TRAINING = "training"
    CONSULTATION = "consultation"
    PUBLICATION = "publication"
    ROUND_TABLE = "round-table"
    CONFERENCE = "conference"
    METHODOLOGICAL_AID = "methodological-aid"
    PRESENTATION = "presentation"  # S-7: portfolio, methodological product, seminar for colleagues


class SupportEventStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class EvidenceKind(enum.StrEnum):
    """S-11 (seed 000): the kinds of evidence of post-course activity."""

    SURVEY_RESPONSE = "survey-response"
    DEVELOPMENT_DOCUMENT = "development-document"  # master classes, seminars, publications, aids, contests …
    REFLECTIVE_ANALYSIS = "reflective-analysis"


EVIDENCE_NAMES: dict[str, dict[str, str]] = {
    "survey-response": {"kk": "Сауалнама жауаптары", "ru": "Ответы на анкету", "en": "Survey responses",
                        "ky": "Сурамжылоонун жооптору"},
    "development-document": {"kk": "Кәсіби дамуды куәландыратын құжаттар",
                             "ru": "Документы, подтверждающие профессиональное развитие",
                             "en": "Documents certifying professional development",
                             "ky": "Кесиптик өнүгүүнү тастыктаган документтер"},
    "reflective-analysis": {"kk": "Өз тәжірибесін рефлексивті талдау", "ru": "Рефлексивный анализ своей практики",
                            "en": "Reflective analysis of one's own practice",
                            "ky": "Өз тажрыйбасын рефлексиялык талдоо"},
}

LEVEL_NAMES: dict[str, dict[str, str]] = {
    "organisation": {"kk": "Ұйым", "ru": "Организация", "en": "Organisation", "ky": "Уюм"},
    "district": {"kk": "Аудан (қала)", "ru": "Район (город)", "en": "District (city)", "ky": "Район (шаар)"},
    "region": {"kk": "Облыс", "ru": "Область", "en": "Region", "ky": "Облус"},
    "republic": {"kk": "Республика", "ru": "Республика", "en": "Republic", "ky": "Республика"},
}


class Locality(enum.StrEnum):
    """M-5: urban or rural organisation (data/organizations.csv `locality`)."""

    URBAN = "urban"
    RURAL = "rural"


class HalfYear(enum.StrEnum):
    """S-10: the two half-year reports of an organisation."""

    FIRST = "1"
    SECOND = "2"

EVENT_KIND_NAMES: dict[str, dict[str, str]] = {
    "open-lesson": {"kk": "Ашық сабақ", "ru": "Открытый урок", "en": "Open lesson", "ky": "Ачык сабак"},
    "master-class": {"kk": "Шеберлік сынып", "ru": "Мастер-класс", "en": "Master class", "ky": "Мастер-класс"},
    "webinar": {"kk": "Вебинар", "ru": "Вебинар", "en": "Webinar", "ky": "Вебинар"},
    "seminar": {"kk": "Семинар", "ru": "Семинар", "en": "Seminar", "ky": "Семинар"},
    "contest": {"kk": "Байқау", "ru": "Конкурс", "en": "Contest", "ky": "Сынак"},
    "competition": {"kk": "Жарыс", "ru": "Соревнование", "en": "Competition", "ky": "Мелдеш"},
    "training": {"kk": "Тренинг", "ru": "Тренинг", "en": "Training", "ky": "Тренинг"},
    "consultation": {"kk": "Кеңес беру", "ru": "Консультация", "en": "Consultation", "ky": "Консультация"},
    "publication": {"kk": "Жарияланым", "ru": "Публикация", "en": "Publication", "ky": "Басылма"},
    "round-table": {"kk": "Дөңгелек үстел", "ru": "Круглый стол", "en": "Round table", "ky": "Тегерек стол"},
    "conference": {"kk": "Конференция", "ru": "Конференция", "en": "Conference", "ky": "Конференция"},
    "methodological-aid": {"kk": "Әдістемелік құрал", "ru": "Методическое пособие", "en": "Methodological aid",
                           "ky": "Методикалык колдонмо"},
    "presentation": {"kk": "Нәтижелер тұсаукесері", "ru": "Презентация результатов", "en": "Presentation of results",
                     "ky": "Натыйжаларды тааныштыруу"},
}


class DocumentKind(enum.StrEnum):
    """Documents a listener receives; their names per language are the policy's `documents` (K-1, K-3, C-16)."""

    CERTIFICATE = "certificate"  # after a course: сертификат (KZ), күбөлүк (KG)
    APPENDIX = "appendix"
    REFERENCE = "reference"  # attended but did not pass (C-17)
    DIPLOMA = "diploma"  # after professional retraining (K-3)


# the document a completed program of each kind leads to (K-1: курс → күбөлүк, K-3: retraining → диплом)
DOCUMENT_OF_KIND: dict[str, str] = {
    ProgramKind.COURSE.value: DocumentKind.CERTIFICATE.value,
    ProgramKind.RETRAINING.value: DocumentKind.DIPLOMA.value,
}


class NetworkRole(enum.StrEnum):
    """An organisation's place in a leading-school network (N-1, N-3); empty: not in a network."""

    LEADING = "leading"
    PARTNER = "partner"


class NetworkEventKind(enum.StrEnum):
    """Network events a leading school plans, runs and analyses (N-4)."""

    SEMINAR = "seminar"
    LESSON_STUDY = "lesson-study"
    ACTION_RESEARCH = "action-research"
    MASTER_CLASS = "master-class"
    CONFERENCE = "conference"
    FORUM = "forum"  # presentations at forums and the August conference (N-4)


class ResourceKind(enum.StrEnum):
    """Parts of a network's resource base (N-4: медиатека, портал, ресурс кітапханасы)."""

    MEDIA_LIBRARY = "media-library"
    PORTAL = "portal"
    RESOURCE_LIBRARY = "resource-library"


NETWORK_EVENT_NAMES: dict[str, dict[str, str]] = {
    "seminar": {"kk": "Семинар", "ru": "Семинар", "ky": "Семинар", "en": "Seminar"},
    "lesson-study": {"kk": "Lesson Study", "ru": "Lesson Study", "ky": "Lesson Study", "en": "Lesson Study"},
    "action-research": {"kk": "Іс-әрекеттегі зерттеу", "ru": "Исследование в действии",
                        "ky": "Иш-аракеттеги изилдөө", "en": "Action research"},
    "master-class": {"kk": "Шеберлік сабағы", "ru": "Мастер-класс", "ky": "Чеберчилик сабагы", "en": "Master class"},
    "conference": {"kk": "Конференция", "ru": "Конференция", "ky": "Конференция", "en": "Conference"},
    "forum": {"kk": "Форум", "ru": "Форум", "ky": "Форум", "en": "Forum"},
}

RESOURCE_KIND_NAMES: dict[str, dict[str, str]] = {
    "media-library": {"kk": "Медиатека", "ru": "Медиатека", "ky": "Медиатека", "en": "Media library"},
    "portal": {"kk": "Портал", "ru": "Портал", "ky": "Портал", "en": "Portal"},
    "resource-library": {"kk": "Ресурс кітапханасы", "ru": "Библиотека ресурсов", "ky": "Ресурстар китепканасы",
                         "en": "Resource library"},
}


class ResearchMethod(enum.StrEnum):
    """Methods of a coordination centre's monitoring research (N-5)."""

    SURVEY = "survey"
    LESSON_OBSERVATION = "lesson-observation"
    INTERVIEW = "interview"
    DOCUMENT_ANALYSIS = "document-analysis"
    MIXED = "mixed"


class ResearchStatus(enum.StrEnum):
    """Where a monitoring study stands, derived from its dates and the day (N-5)."""

    PLANNED = "planned"  # starts after today
    RUNNING = "running"  # started, not ended (or ends after today)
    ENDED = "ended"


RESEARCH_METHOD_NAMES: dict[str, dict[str, str]] = {
    "survey": {"kk": "Сауалнама", "ru": "Анкетирование", "ky": "Сурамжылоо", "en": "Survey"},
    "lesson-observation": {"kk": "Сабақты бақылау", "ru": "Наблюдение уроков", "ky": "Сабакка байкоо",
                           "en": "Lesson observation"},
    "interview": {"kk": "Сұхбат", "ru": "Интервью", "ky": "Маек", "en": "Interview"},
    "document-analysis": {"kk": "Құжаттарды талдау", "ru": "Анализ документов", "ky": "Документтерди талдоо",
                          "en": "Document analysis"},
    "mixed": {"kk": "Аралас әдістер", "ru": "Смешанные методы", "ky": "Аралаш ыкмалар", "en": "Mixed methods"},
}

RESEARCH_STATUS_NAMES: dict[str, dict[str, str]] = {
    "planned": {"kk": "Жоспарланған", "ru": "Запланировано", "ky": "Пландалган", "en": "Planned"},
    "running": {"kk": "Жүріп жатыр", "ru": "Идёт", "ky": "Жүрүп жатат", "en": "Running"},
    "ended": {"kk": "Аяқталды", "ru": "Завершено", "ky": "Аяктады", "en": "Ended"},
}


class MonitoringMethod(enum.StrEnum):
    """M-3: the methods of a study of the programs' effectiveness."""

    QUESTIONNAIRE = "questionnaire"
    RATING = "rating"
    STATISTICS = "statistics"
    DOCUMENTS_AND_PRODUCTS = "documents-and-products"
    INTERPRETATION = "interpretation"


MONITORING_METHOD_NAMES: dict[str, dict[str, str]] = {
    "questionnaire": {"kk": "Сауалнама", "ru": "Анкетирование", "ky": "Анкеталык сурамжылоо", "en": "Questionnaire"},
    "rating": {"kk": "Рейтинг", "ru": "Рейтинг", "ky": "Рейтинг", "en": "Rating"},
    "statistics": {"kk": "Статистикалық өңдеу", "ru": "Статистическая обработка", "ky": "Статистикалык иштетүү",
                   "en": "Statistical processing"},
    "documents-and-products": {"kk": "Құжаттар мен өнімдерді зерделеу", "ru": "Изучение документов и продуктов",
                               "ky": "Документтерди жана продуктуларды изилдөө",
                               "en": "Study of documents and products"},
    "interpretation": {"kk": "Интерпретация", "ru": "Интерпретация", "ky": "Интерпретация", "en": "Interpretation"},
}


class SupportAim(enum.StrEnum):
    """S-2: what post-course support aims at; a plan names the aims its events serve."""

    CONTINUITY = "continuity"  # between the course and the post-course period
    PRACTICE = "practice"  # putting the competences into practice
    TRAJECTORY = "trajectory"  # an individual development trajectory
    EXPERT_REVIEW = "expert-review"  # expert review of the teacher's practice
