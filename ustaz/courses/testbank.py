"""Test banks (C-7): ``<private>/programs/<id>/tests.<lang>.yml`` with
``questions: [{text, options: [3 strings], answer: 0-based index}]`` — the policy's number of
questions (20) × options (3), one correct, per language of the program. They hold the answers, so
they live in the private tree only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding, define, error
from ..i18n import t
from ..model.fields import WRONG_TYPE, Reader
from ..policy import Policy
from ..sourcefile import LocMap, load_yaml, rel

TESTBANK_SIZE = define("testbank-size", "A test bank does not have the policy's number of questions.", "C-7")
TESTBANK_QUESTION = define("testbank-question", "A test question lacks text, has the wrong number of options, repeated "
                           "options, or no valid correct answer.", "C-7")


@dataclass(frozen=True, kw_only=True)
class Question:
    text: str
    options: tuple[str, ...]
    answer: int
    line: int


@dataclass(frozen=True, kw_only=True)
class TestBank:
    __test__ = False  # not a pytest class

    program: str
    language: str
    path: str
    questions: tuple[Question, ...]


def bank_paths(private: Path) -> list[tuple[str, str, Path]]:
    """(program, language, path) of every tests.<lang>.yml in the private tree."""
    base = private / "programs"
    if not base.is_dir():
        return []
    out = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("tests.*.yml")):
            out.append((folder.name, path.name[len("tests."):-len(".yml")], path))
    return out


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def load_test_bank(root: Path, path: Path, program: str, language: str, policy: Policy
                   ) -> tuple[TestBank | None, list[Finding]]:
    shown = rel(path, root)
    data, findings = load_yaml(path, shown)
    if data is None:
        if not findings:
            findings.append(error(shown, 1, TESTBANK_SIZE, t("the test bank is empty; write 'questions:'")))
        return None, findings
    if not isinstance(data, LocMap):
        findings.append(error(shown, 1, WRONG_TYPE, t("a test bank is a mapping: 'questions: [{{text, options, answer}}]'")))
        return None, findings
    r = Reader(data, shown, findings)
    r.known_keys("questions")
    questions: list[Question] = []
    items = r.each_mapping("questions")
    want_q, want_o = policy.test_bank_questions, policy.test_bank_options
    seen: dict[str, int] = {}
    for i, m in items:
        qr = r.child(m, f"questions[{i}].")
        qr.known_keys("text", "options", "answer")
        text = qr.text("text")
        options = qr.sequence("options")
        answer = qr.integer("answer")
        n = i + 1

        def bad(message: str, key: str | None = None, qr: Reader = qr) -> None:
            qr.err(key, TESTBANK_QUESTION, message)

        if text is not None and not text.strip():
            bad(t("question {n} has no text", n=n), "text")
            text = None
        if text is not None:
            key = _norm(text)
            if key in seen:
                bad(t("question {n} repeats question {seen}; every question must differ", n=n, seen=seen[key]), "text")
            seen.setdefault(key, n)
        opts: list[str] = []
        if options is not None:
            opts = [str(o).strip() for o in options if isinstance(o, (str, int, float)) and str(o).strip()]
            if len(opts) != len(options):
                bad(t("question {n}: every option must be non-empty text", n=n), "options")
            elif len(opts) != want_o:
                bad(t("question {n} has {count} options; it must have exactly {want_o} (C-7)", n=n, count=len(opts), want_o=want_o), "options")
            elif len({_norm(o) for o in opts}) != len(opts):
                bad(t("question {n} repeats an option; the {want_o} options must differ", n=n, want_o=want_o), "options")
        if answer is not None and opts and not 0 <= answer < len(opts):
            bad(t("question {n}: 'answer' is {answer}; it is the 0-based index of the correct option, 0 to {value}", n=n, answer=answer, value=len(opts) - 1), "answer")
            answer = None
        if text and answer is not None and len(opts) == want_o:
            questions.append(Question(text=text, options=tuple(opts), answer=answer, line=m.line))
    if items is not None and len(items) != want_q and "questions" in data:
        findings.append(error(shown, data.line_of("questions"), TESTBANK_SIZE,
                              t("the test bank has {count} question(s); it must have exactly {want_q} (C-7)", count=len(items), want_q=want_q)))
    return TestBank(program=program, language=language, path=shown, questions=tuple(questions)), findings
