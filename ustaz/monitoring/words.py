"""The monitoring report's own words, per language (the data's words come from the files)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "methods": "Methods (M-3)", "no_methods": "not recorded",
        "report": "Monitoring of program effectiveness", "for_council": "For the methodological council (M-6)",
        "generated": "Prepared on", "summary": "Summary", "program": "Program", "responses": "Responses",
        "invited": "Invited", "response_rate": "Response rate", "targets_met": "Expected results reached",
        "averages": "averages against targets", "answers": "answers", "target": "target", "met": "reached",
        "not_met": "not reached", "question": "Question", "expected": "Expected result", "mean": "Average",
        "result": "Result", "distributions": "Distribution of answers", "decision": "Decision of the methodological council",
        "no_decision": "The council has not decided yet: record its decision in council.yml (date, protocol, decisions).",
        "protocol": "protocol", "record": "Record in the program's lifecycle once the director's order exists (P-11):",
        "update": "update the program", "revoke": "revoke the program", "value": "Answer", "count": "Teachers",
        "too_few": "published from {n} answers",
        "tick": "The black tick marks the target that stands for the expected result.",
    },
    "ru": {
        "methods": "Методы (M-3)", "no_methods": "не указаны",
        "report": "Мониторинг эффективности программ", "for_council": "Для методического совета (M-6)",
        "generated": "Подготовлено", "summary": "Сводка", "program": "Программа", "responses": "Ответов",
        "invited": "Приглашено", "response_rate": "Доля ответивших", "targets_met": "Достигнуто ожидаемых результатов",
        "averages": "средние и целевые значения", "answers": "ответов", "target": "цель", "met": "достигнуто",
        "not_met": "не достигнуто", "question": "Вопрос", "expected": "Ожидаемый результат", "mean": "Среднее",
        "result": "Итог", "distributions": "Распределение ответов", "decision": "Решение методического совета",
        "no_decision": "Совет ещё не принял решение: запишите его в council.yml (дата, протокол, решения).",
        "protocol": "протокол", "record": "После приказа директора внесите в жизненный цикл программы (P-11):",
        "update": "обновить программу", "revoke": "отменить программу", "value": "Ответ", "count": "Педагогов",
        "too_few": "публикуется от {n} ответов",
        "tick": "Чёрная черта — целевое значение, соответствующее ожидаемому результату.",
    },
    "kk": {
        "methods": "Әдістер (M-3)", "no_methods": "көрсетілмеген",
        "report": "Бағдарламалардың тиімділігін мониторингтеу", "for_council": "Әдістемелік кеңеске (M-6)",
        "generated": "Дайындалған күні", "summary": "Жиынтық", "program": "Бағдарлама", "responses": "Жауаптар",
        "invited": "Шақырылғандар", "response_rate": "Жауап бергендер үлесі",
        "targets_met": "Қол жеткізілген күтілетін нәтижелер", "averages": "орташа мәндер мен мақсаттар",
        "answers": "жауап", "target": "мақсат", "met": "қол жеткізілді", "not_met": "қол жеткізілмеді",
        "question": "Сұрақ", "expected": "Күтілетін нәтиже", "mean": "Орташа", "result": "Қорытынды",
        "distributions": "Жауаптардың таралуы", "decision": "Әдістемелік кеңестің шешімі",
        "no_decision": "Кеңес әлі шешім қабылдаған жоқ: оны council.yml файлына жазыңыз (күні, хаттама, шешімдер).",
        "protocol": "хаттама", "record": "Директордың бұйрығынан кейін бағдарламаның өмірлік цикліне жазыңыз (P-11):",
        "update": "бағдарламаны жаңарту", "revoke": "бағдарламаның күшін жою", "value": "Жауап",
        "count": "Педагогтер",
        "too_few": "{n} жауаптан бастап жарияланады",
        "tick": "Қара сызық — күтілетін нәтижеге сәйкес мақсатты мән.",
    },
    "ky": {
        "methods": "Ыкмалар (M-3)", "no_methods": "көрсөтүлгөн эмес",
        "report": "Программалардын натыйжалуулугун мониторингдөө", "for_council": "Методикалык кеңешке (M-6)",
        "generated": "Даярдалган күнү", "summary": "Жыйынтык", "program": "Программа", "responses": "Жооптор",
        "invited": "Чакырылгандар", "response_rate": "Жооп бергендердин үлүшү",
        "targets_met": "Жетишилген күтүлгөн натыйжалар", "averages": "орточо маанилер жана максаттар",
        "answers": "жооп", "target": "максат", "met": "жетишилди", "not_met": "жетишилген жок",
        "question": "Суроо", "expected": "Күтүлгөн натыйжа", "mean": "Орточо", "result": "Жыйынтык",
        "distributions": "Жооптордун бөлүштүрүлүшү", "decision": "Методикалык кеңештин чечими",
        "no_decision": "Кеңеш азырынча чечим кабыл алган жок: аны council.yml файлына жазыңыз.",
        "protocol": "протокол", "record": "Директордун буйругунан кийин программанын жашоо циклине жазыңыз (P-11):",
        "update": "программаны жаңылоо", "revoke": "программаны жокко чыгаруу", "value": "Жооп",
        "count": "Педагогдор",
        "too_few": "{n} жооптон баштап жарыяланат",
        "tick": "Кара сызык — күтүлгөн натыйжага туура келген максаттуу маани.",
    },
}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def method_names(methods: tuple[str, ...], lang: str) -> str:
    """M-3: the study's methods in the report's language, in the order recorded."""
    from ..vocab import MONITORING_METHOD_NAMES, name_in

    return ", ".join(name_in(MONITORING_METHOD_NAMES, m, lang) for m in methods) or words(lang)["no_methods"]
