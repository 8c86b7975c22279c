"""The findings reference in kk and ru (issue #17), generated from the English reference and the catalogues.

Each English page `content/en/reference/findings/<topic>.md` gets a twin in the centre's site languages:
the same codes in the same order, each with its example finding line as `ustaz check` prints it in that
language (the English line's template refilled from the catalogue with the same values) and a link to the
English entry for the full description. `scripts/findings_reference.py` writes them; tests/test_docs.py
holds them current and complete.
"""

from __future__ import annotations

import re
from pathlib import Path

from .i18n_catalogues import catalogue_strings, retranslate

# kk is the site's default language (content/ itself), ru is content/ru/
FOLDERS = {"kk": Path("content/reference/findings"), "ru": Path("content/ru/reference/findings")}
ENGLISH = Path("content/en/reference/findings")

TITLES = {
    "Findings": {"kk": "Тексеру нәтижелері", "ru": "Замечания проверки"},
    "Certificates and the register": {"kk": "Сертификаттар және тізілім", "ru": "Сертификаты и реестр"},
    "Courses": {"kk": "Курстар", "ru": "Курсы"},
    "Deadlines": {"kk": "Мерзімдер", "ru": "Сроки"},
    "Documents": {"kk": "Құжаттар", "ru": "Документы"},
    "Files and formats": {"kk": "Файлдар және форматтар", "ru": "Файлы и форматы"},
    "Networks": {"kk": "Желілер", "ru": "Сети"},
    "Policy and calendar": {"kk": "Саясат және күнтізбе", "ru": "Политика и календарь"},
    "Programs": {"kk": "Бағдарламалар", "ru": "Программы"},
    "Support and monitoring": {"kk": "Қолдау және мониторинг", "ru": "Сопровождение и мониторинг"},
    "Teachers": {"kk": "Педагогтер", "ru": "Педагоги"},
}
WORDS = {
    "kk": {
        "intro": "Әр жазба: код (ол аударылмайды), `ustaz check` қазақ тілінде шығаратын мысал жол және "
                 "толық сипаттамаға сілтеме (ағылшын тілінде). Бет `scripts/findings_reference.py` арқылы "
                 "ағылшын анықтамасы мен хабарлар каталогынан жасалады.",
        "more": "Толық сипаттамасы (ағылшын тілінде)",
    },
    "ru": {
        "intro": "Каждая запись: код (он не переводится), пример строки, которую `ustaz check` выводит на русском, "
                 "и ссылка на полное описание (на английском). Страница создаётся `scripts/findings_reference.py` "
                 "из английского справочника и каталога сообщений.",
        "more": "Полное описание (на английском)",
    },
}
_FINDING = re.compile(r"^(?P<head>\S+: (?:error|warning) [a-z0-9-]+: )(?P<message>.*)$")


def _title(line: str, lang: str) -> str:
    m = re.match(r"# Findings: (.+?)( \(.*\))?$", line)
    if m is None:
        return line
    topic = TITLES.get(m.group(1), {}).get(lang, m.group(1))
    return f"# {TITLES['Findings'][lang]}: {topic}{m.group(2) or ''}"


def render(english: str, name: str, lang: str, templates: dict[str, str]) -> str:
    """The `lang` twin of one English findings page."""
    lines = english.splitlines()
    up = "../" * (len(FOLDERS[lang].parts) - 1)
    out = [_title(lines[0], lang), "", WORDS[lang]["intro"], ""]
    code = ""
    in_text = False
    for line in lines[1:]:
        heading = re.match(r"^### ([a-z0-9-]+)$", line)
        if heading:
            code = heading.group(1)
            out += [line, "", f"[{WORDS[lang]['more']}]({up}en/reference/findings/{name}#{code})", ""]
        elif line.startswith("```text") and code:
            in_text = True
            out.append(line)
        elif line.startswith("```") and in_text:
            in_text = False
            out += [line, ""]
        elif in_text:
            m = _FINDING.match(line)
            local = retranslate(m.group("message"), lang, templates) if m else None
            out.append(m.group("head") + local if m and local else line)
    return "\n".join(out).rstrip() + "\n"


def pages(root: Path) -> dict[Path, str]:
    """Every twin page, keyed by its path under `root`."""
    out = {}
    for lang, folder in FOLDERS.items():
        templates = catalogue_strings(lang)
        for page in sorted((root / ENGLISH).glob("*.md")):
            out[folder / page.name] = render(page.read_text(encoding="utf-8"), page.name, lang, templates)
    return out
