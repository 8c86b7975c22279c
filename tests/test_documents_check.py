"""P-7, P-8 in `ustaz check`: a broken document format or attachments.yml is found before export time."""

from __future__ import annotations

from pathlib import Path

from conftest import run_ustaz


def test_p8_attachments_are_checked_by_ustaz_check(project: Path) -> None:
    folder = project / "programs" / "robotics-basics"
    (folder / "attachments.yml").write_text(
        "protocol: attachments/protocol-3.pdf\norder: /etc/passwd\nnote: x\n", encoding="utf-8")
    res = run_ustaz("check", "programs/robotics-basics", "--today", "2026-11-23", cwd=project)
    out = res.stdout
    assert res.returncode == 1
    assert ("programs/robotics-basics/attachments.yml:1: error attachment-missing: "
            "programs/robotics-basics/attachments/protocol-3.pdf does not exist") in out
    assert "programs/robotics-basics/attachments.yml:2: error attachment-path:" in out
    assert "programs/robotics-basics/attachments.yml:3: error unknown-key:" in out


def test_p7_unusable_document_format_is_an_error(project: Path) -> None:
    policy = project / "data" / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + (
        "document_format:\n  font_size_pt: 0\n  margin_left_cm: 15.0\n  margin_right_cm: 7.0\n"
        "  page_numbers: top\n"), encoding="utf-8")
    res = run_ustaz("check", "data/policy.yml", "--today", "2026-11-23", cwd=project)
    assert res.returncode == 1
    lines = [x for x in res.stdout.splitlines() if "document-format" in x]
    # checked when the policy loads (issue #20): each finding names the line of its value
    first = len(policy.read_text(encoding="utf-8").splitlines()) - 3  # the line of font_size_pt
    assert lines == [
        f"data/policy.yml:{first}: error document-format: 'document_format.font_size_pt' must be above 0, not 0",
        (f"data/policy.yml:{first + 1}: error document-format: 'document_format' margins leave no room for text: "
        "left + right must be less than the page width"),
        (f"data/policy.yml:{first + 3}: error document-format: 'document_format.page_numbers' is 'top'; use one of: "
        "bottom-center, bottom-right, none"),
    ]


def test_shipped_example_has_no_document_findings() -> None:
    from conftest import ROOT

    res = run_ustaz("check", "--today", "2026-11-23", cwd=ROOT)
    assert not [x for x in res.stdout.splitlines() if "document-format" in x or "attachment" in x]
