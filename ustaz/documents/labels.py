"""The fixed words the documents print, per language (kk, ru, ky, en).

Counts are written as «label: N» so that no language needs plural forms (80 часов, 72 часа).
"""

from __future__ import annotations

import datetime as dt

LABELS: dict[str, dict[str, str]] = {
    "course": {
        "kk": "Қосымша білім беру педагогтерінің біліктілігін арттыру курсының білім беру бағдарламасы",
        "ru": "Образовательная программа курса повышения квалификации педагогов дополнительного образования",
        "ky": "Кошумча билим берүү педагогдорунун квалификациясын жогорулатуу курсунун билим берүү программасы",
        "en": "Educational programme of a qualification course for teachers of additional education",
    },
    "retraining": {
        "kk": "Қосымша білім беру педагогтерін кәсіптік қайта даярлаудың білім беру бағдарламасы",
        "ru": "Образовательная программа профессиональной переподготовки педагогов дополнительного образования",
        "ky": "Кошумча билим берүү педагогдорун кесиптик кайра даярдоонун билим берүү программасы",
        "en": "Educational programme of professional retraining for teachers of additional education",
    },
    "approved": {"kk": "БЕКІТІЛДІ", "ru": "УТВЕРЖДЕНА", "ky": "БЕКИТИЛДИ", "en": "APPROVED"},
    "approved_by": {
        "kk": "директордың {date} жылғы № {order} бұйрығымен",
        "ru": "приказом директора от {date} № {order}",
        "ky": "директордун {date} жылдагы № {order} буйругу менен",
        "en": "by the director's order No. {order} of {date}",
    },
    "director": {"kk": "Директор", "ru": "Директор", "ky": "Директор", "en": "Director"},
    "direction": {"kk": "Бағыты", "ru": "Направление", "ky": "Багыты", "en": "Direction"},
    "audience": {"kk": "Тыңдаушылар санаты", "ru": "Категория слушателей", "ky": "Угуучулардын категориясы",
                 "en": "Audience"},
    "hours": {"kk": "Көлемі (академиялық сағат)", "ru": "Объём (академических часов)",
              "ky": "Көлөмү (академиялык саат)", "en": "Volume (academic hours)"},
    "form": {"kk": "Оқыту нысаны", "ru": "Форма обучения", "ky": "Окутуу формасы", "en": "Form of training"},
    "language": {"kk": "Оқыту тілі", "ru": "Язык обучения", "ky": "Окутуу тили", "en": "Language of instruction"},
    "authors": {"kk": "Әзірлеушілер", "ru": "Разработчики", "ky": "Иштеп чыгуучулар", "en": "Developers"},
    "draft": {"kk": "Жоба", "ru": "Проект", "ky": "Долбоор", "en": "Draft"},
    "plan": {"kk": "Оқу-тақырыптық жоспар", "ru": "Учебно-тематический план", "ky": "Окуу-тематикалык план",
             "en": "Curriculum plan"},
    "table": {"kk": "Кесте", "ru": "Таблица", "ky": "Таблица", "en": "Table"},
    "module": {"kk": "Модуль атауы", "ru": "Наименование модуля", "ky": "Модулдун аталышы", "en": "Module"},
    "theory": {"kk": "Теория", "ru": "Теория", "ky": "Теория", "en": "Theory"},
    "practice": {"kk": "Практика", "ru": "Практика", "ky": "Практика", "en": "Practice"},
    "independent": {"kk": "Өзіндік жұмыс", "ru": "Самостоятельная работа", "ky": "Өз алдынча иш",
                    "en": "Independent work"},
    "total": {"kk": "Барлығы", "ru": "Всего", "ky": "Бардыгы", "en": "Total"},
    "totals": {"kk": "Жиыны", "ru": "Итого", "ky": "Жыйынтыгы", "en": "Total"},
    "main_literature": {"kk": "Негізгі әдебиеттер", "ru": "Основная литература", "ky": "Негизги адабияттар",
                        "en": "Main literature"},
    "additional_literature": {"kk": "Қосымша әдебиеттер", "ru": "Дополнительная литература",
                              "ky": "Кошумча адабияттар", "en": "Additional literature"},
    "outcome_expelled": {"kk": "Шығарылды", "ru": "Отчислен(а)", "ky": "Чыгарылды", "en": "Expelled"},
    "outcome_incomplete": {"kk": "Аяқтамады", "ru": "Не завершил(а)", "ky": "Аяктаган жок", "en": "Incomplete"},
}


def label(key: str, lang: str) -> str:
    names = LABELS[key]
    return names.get(lang) or names["ru"]


def day(value: dt.date | None) -> str:
    """Dates as printed in KZ/KG documents: 07.05.2026."""
    return value.strftime("%d.%m.%Y") if value else ""
