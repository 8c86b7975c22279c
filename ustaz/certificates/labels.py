"""Words printed on certificates, appendices and references (C-16, C-17, C-20), per language.

The document names themselves (Сертификат, Анықтама, …) are policy values
(``policy.documents``); these are the sentences around them.
"""

from __future__ import annotations

from collections.abc import Mapping

PDF_LABELS: Mapping[str, Mapping[str, str]] = {
    "kk": {
        "completed": "біліктілікті арттыру курсынан өтті",
        "attended": "біліктілікті арттыру курсына қатысқанын растайды",
        "topic": "Курс тақырыбы",
        "hours": "Сағат саны",
        "hours_unit": "сағат",
        "dates": "Оқу мерзімі",
        "issued": "Берілген күні",
        "valid_until": "Жарамдылық мерзімі",
        "code": "Сертификат нөмірі",
        "check": "Түпнұсқалығын тексеру",
        "director": "Директор",
        "modules": "Модульдер",
        "theory": "Теория",
        "practice": "Практика",
        "independent": "Өзіндік жұмыс",
        "total": "Барлығы",
        "to": "Сертификатқа",
        "holder": "Тыңдаушы",
        "stamp": "М.О.",
    },
    "ru": {
        "completed": "прошёл(ла) курс повышения квалификации",
        "attended": "подтверждает, что слушатель посещал(а) курс повышения квалификации",
        "topic": "Тема курса",
        "hours": "Количество часов",
        "hours_unit": "часов",
        "dates": "Сроки обучения",
        "issued": "Дата выдачи",
        "valid_until": "Действителен до",
        "code": "Номер сертификата",
        "check": "Проверка подлинности",
        "director": "Директор",
        "modules": "Модули",
        "theory": "Теория",
        "practice": "Практика",
        "independent": "Самостоятельная работа",
        "total": "Итого",
        "to": "К сертификату",
        "holder": "Слушатель",
        "stamp": "М.П.",
    },
    "ky": {
        "completed": "квалификацияны жогорулатуу курсунан өттү",
        "attended": "квалификацияны жогорулатуу курсуна катышканын ырастайт",
        "topic": "Курстун темасы",
        "hours": "Саат саны",
        "hours_unit": "саат",
        "dates": "Окуу мөөнөтү",
        "issued": "Берилген күнү",
        "valid_until": "Жарактуулук мөөнөтү",
        "code": "Сертификаттын номери",
        "check": "Түп нускалуулугун текшерүү",
        "director": "Директор",
        "modules": "Модулдар",
        "theory": "Теория",
        "practice": "Практика",
        "independent": "Өз алдынча иш",
        "total": "Бардыгы",
        "to": "Сертификатка",
        "holder": "Угуучу",
        "stamp": "М.О.",
    },
    "en": {
        "completed": "has completed the professional development course",
        "attended": "confirms that the listener attended the professional development course",
        "topic": "Course topic",
        "hours": "Hours",
        "hours_unit": "hours",
        "dates": "Course dates",
        "issued": "Issued",
        "valid_until": "Valid until",
        "code": "Certificate number",
        "check": "Check authenticity",
        "director": "Director",
        "modules": "Modules",
        "theory": "Theory",
        "practice": "Practice",
        "independent": "Independent work",
        "total": "Total",
        "to": "To the certificate",
        "holder": "Listener",
        "stamp": "L.S.",
    },
}


def pdf_labels(lang: str) -> Mapping[str, str]:
    return PDF_LABELS.get(lang, PDF_LABELS["en"])
