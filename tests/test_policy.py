"""Policies: presets hold the regulation's numbers (C-6, K-1, C-15, P-6, P-9, P-10, P-11, C-20)."""

from __future__ import annotations

from pathlib import Path

from ustaz.policy import load_policy, preset


def test_kz_2023_preset_numbers_from_order_10() -> None:
    p = preset("kz-2023")
    assert (p.course_hours, p.discussion_working_days, p.revision_working_days, p.approval_working_days) == (80, 10, 15, 3)
    assert (p.review_years, p.certificate_valid_years, p.literature_freshness_years) == (3, 3, 5)
    s = p.scoring
    assert (s.test_max, s.test_threshold, s.attendance_max, s.activity_max, s.project_max, s.pass_total) == (40, 20, 10, 10, 40, 50)
    assert s.total_max == 100 and s.test_questions * s.points_per_question == s.test_max
    assert len(p.directions) == 7 and p.country == "KZ" and p.default_language == "kk"
    for lang in ("kk", "ru", "ky", "en"):
        assert len(p.section_titles(lang)) == 10


def test_kg_2013_preset_k1_72_hours_and_kyrgyz_calendar() -> None:
    p = preset("kg-2013")
    assert p.course_hours == 72 and p.country == "KG" and p.default_language == "ky"
    assert p.teacher_cycle_years == 5 and p.teacher_cycle_hours == 72


def _write(root: Path, text: str) -> None:
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "policy.yml").write_text(text, encoding="utf-8")


def test_overrides_merge_into_the_preset(tmp_path: Path) -> None:
    _write(tmp_path, "preset: kz-2023\ncourse_hours: 72\nscoring: {pass_total: 60}\n")
    p, findings = load_policy(tmp_path)
    assert findings == []
    assert p.course_hours == 72 and p.scoring.pass_total == 60 and p.scoring.test_max == 40


def test_unknown_keys_and_wrong_types_are_findings(tmp_path: Path) -> None:
    _write(tmp_path, "preset: kz-2023\ncourse_hour: 72\nscoring: {pass_total: many}\ndirections: music\n")
    p, findings = load_policy(tmp_path)
    assert [(f.code, f.line) for f in findings] == [
        ("policy-unknown-key", 2), ("policy-type", 3), ("policy-type", 4)]
    assert "did you mean 'course_hours'" in findings[0].message
    assert p.course_hours == 80  # the preset's value stands


def test_unknown_preset(tmp_path: Path) -> None:
    _write(tmp_path, "preset: kz-2030\n")
    p, findings = load_policy(tmp_path)
    assert [f.code for f in findings] == ["policy-preset"] and p.name == "kz-2023"


def test_no_policy_file_means_the_default_preset(tmp_path: Path) -> None:
    p, findings = load_policy(tmp_path)
    assert findings == [] and p.name == "kz-2023"
