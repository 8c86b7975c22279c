"""A program proposal from the issue form `.github/ISSUE_TEMPLATE/propose-program.yml`.

GitHub renders a submitted form as Markdown: `### <label>` then the value (`_No response_` when an
optional field is left empty). The labels below are the form's labels; a test keeps them in step.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..i18n import t
from ..model.program import ID_PATTERN
from ..policy import Policy
from ..skeleton import SkeletonAuthor, SkeletonValues
from ..vocab import Form, ProgramKind

PROPOSAL_LABEL = "proposal"

# form field label → key (the form's `attributes.label`s, in kk and ru: content/kk/terms.md)
FIELDS = {
    "Бағдарлама коды / Код программы": "id",
    "Атауы / Название": "titles",
    "Бағыты / Направление": "direction",
    "Тыңдаушылар / Слушатели": "audience",
    "Түрі / Вид": "kind",
    "Сағат саны / Объём, часов": "hours",
    "Оқыту нысаны / Форма обучения": "form",
    "Тілдері / Языки": "languages",
    "Авторлары / Авторы": "authors",
    "Қажеттілікті талдау хаттамасының нөмірі / Номер протокола анализа потребностей": "protocol",
    "Хаттаманың күні / Дата протокола": "protocol_date",
}
# the form's earlier English labels: an issue opened before the form spoke kk and ru is still read
EARLIER_FIELDS = {
    "Program id": "id", "Titles": "titles", "Direction": "direction", "Audience": "audience", "Kind": "kind",
    "Hours": "hours", "Form of training": "form", "Languages": "languages", "Authors": "authors",
    "Needs-analysis protocol number": "protocol", "Needs-analysis protocol date": "protocol_date",
}
REQUIRED = tuple(FIELDS)
FORM_NAME = "Бағдарлама ұсыну / Предложить программу"
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.MULTILINE)
_LANG_LINE = re.compile(r"^\s*([a-z]{2})\s*[:：]\s*(.+?)\s*$")
_AUTHOR_LINE = re.compile(r"^\s*[-*]?\s*(?P<name>.*?)[\s,;—–-]*@(?P<login>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\s*$")


@dataclass(frozen=True, kw_only=True)
class Problem:
    field: str  # the form's label
    message: str  # what to fix


def form_values(body: str) -> dict[str, str]:
    """`### Label` sections of a rendered issue form → {key: value}; unknown headings are ignored."""
    values: dict[str, str] = {}
    matches = list(_HEADING.finditer(body or ""))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        value = body[m.end():end].strip()
        key = FIELDS.get(m.group(1).strip()) or EARLIER_FIELDS.get(m.group(1).strip())
        if key is not None:
            values[key] = "" if value == "_No response_" else value
    return values


def _per_language(label: str, text: str, languages: tuple[str, ...], problems: list[Problem]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _LANG_LINE.match(line)
        if m is None:
            problems.append(Problem(field=label, message=t("write one line per language as `kk: …`; this line is not: {line!r}", line=line.strip()[:60])))
            continue
        out[m.group(1)] = m.group(2)
    for lang in languages:
        if not out.get(lang):
            problems.append(Problem(field=label, message=t("give the {lang} version (a line `{lang}: …`)", lang=lang)))
    for lang in sorted(set(out) - set(languages)):
        problems.append(Problem(field=label, message=t("{lang} is not among the languages you chose", lang=lang)))
    return out


def parse_proposal(body: str, policy: Policy) -> tuple[SkeletonValues | None, list[Problem]]:
    values = form_values(body)
    problems: list[Problem] = []
    labels = {key: label for label, key in FIELDS.items()}
    for label in REQUIRED:
        if not values.get(FIELDS[label]):
            problems.append(Problem(field=label, message=t("this field is empty; fill it in")))
    if len(values) < 3:
        return None, [Problem(field="(the whole issue)", message=t("this is not the proposal form's text; open the issue with the form «{form}»", form=FORM_NAME))]
    pid = values.get("id", "")
    if pid and not ID_PATTERN.match(pid):
        problems.append(Problem(field=labels["id"], message=t("{pid!r} must be 3–64 characters of a-z, 0-9 and '-', e.g. `robotics-basics`", pid=pid)))
    langs = tuple(x.strip() for x in re.split(r"[,\s]+", values.get("languages", "")) if x.strip())
    bad_langs = [x for x in langs if x not in policy.program_languages]
    if bad_langs:
        problems.append(Problem(field=labels["languages"], message=t("{bad_langs}: choose from {program_languages}", bad_langs=', '.join(bad_langs), program_languages=', '.join(policy.program_languages))))
    langs = tuple(x for x in langs if x in policy.program_languages)
    titles = _per_language(labels["titles"], values.get("titles", ""), langs, problems) if values.get("titles") else {}
    audience = (_per_language(labels["audience"], values.get("audience", ""), langs, problems)
                if values.get("audience") else {})
    direction = values.get("direction", "")
    if direction and direction not in policy.directions:
        problems.append(Problem(field=labels["direction"], message=t("{direction!r} is not a direction of the policy; choose one of {directions}", direction=direction, directions=', '.join(policy.directions))))
    kind = values.get("kind", "")
    if kind and kind not in {k.value for k in ProgramKind}:
        problems.append(Problem(field=labels["kind"], message=t("choose course or retraining")))
    form = values.get("form", "")
    if form and form not in {f.value for f in Form}:
        problems.append(Problem(field=labels["form"], message=t("choose in-person, online or blended")))
    hours: int | None = None
    raw_hours = values.get("hours", "")
    if raw_hours:
        if raw_hours.isdigit():
            hours = int(raw_hours)
            if kind == ProgramKind.COURSE.value and hours != policy.course_hours:
                problems.append(Problem(field=labels["hours"], message=t("a course has {course_hours} hours (C-6); you wrote {hours}", course_hours=policy.course_hours, hours=hours)))
            if kind == ProgramKind.RETRAINING.value and hours < policy.retraining_hours:
                problems.append(Problem(field=labels["hours"], message=t("a retraining program has at least {retraining_hours} hours (K-3)", retraining_hours=policy.retraining_hours)))
        else:
            problems.append(Problem(field=labels["hours"], message=t("{raw_hours!r} is not a whole number of hours", raw_hours=raw_hours)))
    authors: list[SkeletonAuthor] = []
    for line in values.get("authors", "").splitlines():
        if not line.strip():
            continue
        m = _AUTHOR_LINE.match(line)
        if m is None or not m.group("name").strip():
            problems.append(Problem(field=labels["authors"], message=t("write each author as `Name Surname @login`; this line is not: {line!r}", line=line.strip()[:60])))
            continue
        authors.append(SkeletonAuthor(name=m.group("name").strip(), github=m.group("login")))
    protocol = values.get("protocol", "")
    day: dt.date | None = None
    raw_day = values.get("protocol_date", "")
    if raw_day:
        try:
            day = dt.date.fromisoformat(raw_day)
        except ValueError:
            problems.append(Problem(field=labels["protocol_date"], message=t("{raw_day!r} is not a date; write YYYY-MM-DD", raw_day=raw_day)))
    if problems:
        return None, problems
    return SkeletonValues(program_id=pid, languages=langs, title=titles, audience=audience, direction=direction,
                          kind=kind, hours=hours, form=form, authors=tuple(authors),
                          needs_analysis=(day, protocol) if day else None), []
