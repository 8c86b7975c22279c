"""Statistics of the impact survey per program (M-1, M-3, M-4): response rate, averages,
distributions, and the comparison of each measured result with the program's expected result."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .survey import Question, Survey


@dataclass(frozen=True, kw_only=True)
class QuestionStats:
    question: Question
    answered: int
    distribution: tuple[tuple[str, int], ...]  # value → count, in scale or choice order
    mean: float | None  # scale questions only

    @property
    def met(self) -> bool | None:
        """Whether the average reaches the target that stands for the expected result (None: no target)."""
        if self.mean is None or self.question.target is None:
            return None
        return round(self.mean, 2) >= self.question.target


@dataclass(frozen=True, kw_only=True)
class ProgramStats:
    program: str
    title: str
    responses: int
    invited: int | None
    questions: tuple[QuestionStats, ...]
    stray: int = 0  # answers from outside the sample or without a code, counted apart (survey.Survey.stray)

    @property
    def response_rate(self) -> float | None:
        """The sample's answers over the invited, never above 1 (a teacher sampled for another program may
        answer for this one)."""
        return min(self.responses, self.invited) / self.invited if self.invited else None

    @property
    def targets(self) -> tuple[int, int]:
        """(met, with a target)"""
        judged = [q.met for q in self.questions if q.met is not None]
        return sum(1 for m in judged if m), len(judged)


def _question_stats(q: Question, values: list[int | str]) -> QuestionStats:
    if q.scale is not None:
        numbers = [int(v) for v in values]
        order = [str(v) for v in range(q.scale[0], q.scale[1] + 1)]
        counts = {k: 0 for k in order}
        for v in numbers:
            counts[str(v)] += 1
        mean = sum(numbers) / len(numbers) if numbers else None
        return QuestionStats(question=q, answered=len(numbers), distribution=tuple(counts.items()), mean=mean)
    counts2: dict[str, int] = {c: 0 for c in q.choices}
    for answer in values:
        counts2[str(answer)] = counts2.get(str(answer), 0) + 1
    return QuestionStats(question=q, answered=len(values), distribution=tuple(counts2.items()), mean=None)


def program_stats(survey: Survey, titles: dict[str, str]) -> list[ProgramStats]:
    """One entry per program that was invited or answered, in program-id order."""
    programs = sorted(set(survey.invited) | {r.program for r in survey.responses})
    stray = Counter(r.program for r in survey.stray)
    out = []
    for program in programs:
        answers = [r for r in survey.responses if r.program == program]
        qstats = tuple(_question_stats(q, [r.answers[q.id] for r in answers if q.id in r.answers])
                       for q in survey.questions)
        out.append(ProgramStats(program=program, title=titles.get(program, program), responses=len(answers),
                                invited=survey.invited.get(program), questions=qstats,
                                stray=stray[program]))
    return out


def as_json(stats: list[ProgramStats]) -> dict[str, object]:
    return {"programs": [{
        "program": p.program, "responses": p.responses, "invited": p.invited, "outside_sample": p.stray,
        "response_rate": round(p.response_rate, 4) if p.response_rate is not None else None,
        "questions": [{
            "id": q.question.id, "answered": q.answered,
            "mean": round(q.mean, 2) if q.mean is not None else None,
            "target": q.question.target, "met": q.met, "expected": q.question.expected,
            "distribution": dict(q.distribution)} for q in p.questions]} for p in stats]}
