"""P-8: the agreement package — cover letter, draft program, protocol and order, the active discussion link,
and a manifest; anything missing is an error that names its file and line."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from conftest import run_ustaz
from docx.oxml.ns import qn
from docx.shared import Pt

PROGRAM = Path("programs") / "robotics-basics"
URL = "https://github.com/example-centre/ustaz/pull/12"


def package(project: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_ustaz("export", "package", "robotics-basics", "-o", str(out), "--date", "2026-03-20", *args,
                     cwd=project)


def manifest(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_p8_complete_package_of_the_example(project: Path, tmp_path: Path) -> None:
    """P-8: letter, program (kk, ru), protocol and order references, the active link; manifest in JSON and text."""
    out = tmp_path / "pkg"
    res = package(project, out, "--lang", "ru")
    assert res.returncode == 0, res.stdout + res.stderr
    m = manifest(out)
    # issue 17: the protocol and order are only referenced (warnings), so the package is not called complete
    assert (m["complete"], m["state"]) == (False, "with-warnings")
    items = [(i["item"], i["status"]) for i in m["items"]]
    assert items == [("cover-letter", "included"), ("program", "included"), ("program", "included"),
                     ("protocol", "reference"), ("order", "reference"), ("discussion-link", "included")]
    assert {i["file"] for i in m["items"] if i["file"]} == {
        "01-cover-letter.ru.docx", "02-robotics-basics.kk.docx", "02-robotics-basics.ru.docx"}
    for name in ("01-cover-letter.ru.docx", "02-robotics-basics.kk.docx", "02-robotics-basics.ru.docx"):
        assert (out / name).stat().st_size > 5000
    link = next(i for i in m["items"] if i["item"] == "discussion-link")
    assert link["detail"] == URL
    assert link["source"] == f"{PROGRAM.as_posix()}/program.yml:{line_of(project / PROGRAM / 'program.yml', 'discussion-opened')}"
    text = (out / "manifest.txt").read_text(encoding="utf-8")
    assert text.startswith("Agreement package (P-8) for robotics-basics, made 2026-03-20: NOT COMPLETE — 2 warning(s)")
    assert res.stderr.strip().splitlines()[-1].rsplit("; ", 1)[1].startswith("not complete: 2 warning(s)")
    assert "[reference] protocol: No. 3 of 15.01.2026" in text
    # without scanned copies the package holds references, and says so
    assert "warning package-copy:" in res.stdout
    assert "error" not in res.stdout


def test_p8_cover_letter_is_on_the_letterhead_with_the_active_link(project: Path, tmp_path: Path) -> None:
    """P-8: the letter carries the centre's letterhead (policy.organisation) and the discussion URL as a live link."""
    out = tmp_path / "pkg"
    assert package(project, out, "--lang", "ru").returncode == 0
    d = docx.Document(str(out / "01-cover-letter.ru.docx"))
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == "Центр повышения квалификации «Пример» (вымышленный)"
    assert "Астана, Үлгі көшесі, 1" in texts[1]
    assert texts[1] == "Астана, Үлгі көшесі, 1 · https://example.org/ustaz"
    assert "Астана, 20.03.2026" in texts
    body = "\n".join(texts)
    assert "«Основы робототехники для педагогов дополнительного образования»" in body
    assert "протокола методического совета от 15.01.2026 № 3" in body
    assert "приказа директора от 20.01.2026 № 12" in body
    assert "Д. Директорова (fictional)" in body
    rels = [r for r in d.part.rels.values() if r.is_external]
    assert URL in {r.target_ref for r in rels}
    linked = [p for p in d.paragraphs if p._p.find(qn("w:hyperlink")) is not None and URL in p.text]
    assert linked, "the discussion URL must be an active hyperlink"
    assert d.styles["Normal"].font.name == "Times New Roman" and d.styles["Normal"].font.size == Pt(14)
    enclosures = [p.text for p in d.paragraphs if p.style.name == "List Number"]
    assert len(enclosures) == 4  # two program texts, the protocol, the order
    assert enclosures[2] == "Протокол методического совета от 15.01.2026 № 3."


def test_p8_missing_protocol_fails_with_a_clear_message(project: Path, tmp_path: Path) -> None:
    """P-8: a program without the methodological council's protocol cannot be packaged: exit 1, file and line."""
    yml = project / PROGRAM / "program.yml"
    yml.write_text("\n".join(line for line in yml.read_text(encoding="utf-8").splitlines()
                             if "needs-analysis" not in line) + "\n", encoding="utf-8")
    out = tmp_path / "pkg"
    res = package(project, out)
    assert res.returncode == 1
    line = line_of(yml, "lifecycle:")
    expected = (f"programs/robotics-basics/program.yml:{line}: error package-missing: the package needs the "
                "methodological council's protocol (P-2, P-8): record it in the lifecycle as "
                '`- {event: needs-analysis, date: YYYY-MM-DD, protocol: "N"}`')
    assert expected in res.stdout.splitlines()
    assert "Traceback" not in res.stderr and "INCOMPLETE" in res.stderr
    m = manifest(out)
    assert m["complete"] is False
    assert {"item": "protocol", "status": "missing"}.items() <= next(
        i for i in m["items"] if i["item"] == "protocol").items()
    assert (out / "manifest.txt").read_text(encoding="utf-8").splitlines()[0].endswith(
        "INCOMPLETE — do not send: fix the errors below and run it again")


def test_p8_missing_or_inactive_discussion_link(project: Path, tmp_path: Path) -> None:
    """P-8: the link to the draft in public discussion must be an active http(s) link."""
    yml = project / PROGRAM / "program.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace(f'url: "{URL}"', 'url: "pull/12"'), encoding="utf-8")
    res = package(project, tmp_path / "a")
    line = line_of(yml, "discussion-opened")
    assert res.returncode == 1
    assert f"programs/robotics-basics/program.yml:{line}: error package-link: the discussion link 'pull/12'" in res.stdout
    yml.write_text("\n".join(x for x in text.splitlines() if "discussion-" not in x) + "\n", encoding="utf-8")
    res = package(project, tmp_path / "b")
    assert res.returncode == 1
    assert "error package-missing: the package needs the active link" in res.stdout


def test_p8_scanned_copies_from_attachments_yml(project: Path, tmp_path: Path) -> None:
    """P-8: copies listed in attachments.yml go into the package; a listed file that is missing is an error."""
    folder = project / PROGRAM
    (folder / "attachments").mkdir()
    scan = b"%PDF-1.4\n% a fictional scan of protocol No. 3\n"
    (folder / "attachments" / "protocol-3.pdf").write_bytes(scan)
    (folder / "attachments" / "survey.pdf").write_bytes(b"%PDF-1.4\n% survey\n")
    (folder / "attachments.yml").write_text(
        "protocol: attachments/protocol-3.pdf\n"
        "order: attachments/order-12.pdf\n"
        "other:\n"
        "  - {file: attachments/survey.pdf, title: \"Needs survey results\"}\n"
        "  - {file: ../../data/policy.yml, title: \"escape\"}\n", encoding="utf-8")
    out = tmp_path / "pkg"
    res = package(project, out)
    assert res.returncode == 1
    assert ("programs/robotics-basics/attachments.yml:2: error attachment-missing: "
            "programs/robotics-basics/attachments/order-12.pdf does not exist") in res.stdout
    assert "programs/robotics-basics/attachments.yml:5: error attachment-path:" in res.stdout
    assert (out / "03-protocol.pdf").read_bytes() == scan
    assert (out / "05-survey.pdf").exists()
    m = manifest(out)
    statuses = {i["item"]: i["status"] for i in m["items"]}
    assert statuses["protocol"] == "included" and statuses["order"] == "reference"
    d = docx.Document(str(out / "01-cover-letter.kk.docx"))
    assert any("03-protocol.pdf" in p.text and "хаттамасының көшірмесі" in p.text for p in d.paragraphs)


def test_cover_letter_template_is_overridden_by_the_project(project: Path, tmp_path: Path) -> None:
    """Templates are editable by the centre: templates/documents/ wins over the built-in one."""
    own = project / "templates" / "documents"
    own.mkdir(parents=True)
    (own / "cover-letter.ru.md.j2").write_text(
        "Исх. № 7 от {{ date }}\n\nНаправляем «{{ program.title }}»: <{{ discussion.url }}>.\n", encoding="utf-8")
    out = tmp_path / "pkg"
    assert package(project, out, "--lang", "ru").returncode == 0
    texts = [p.text for p in docx.Document(str(out / "01-cover-letter.ru.docx")).paragraphs]
    assert "Исх. № 7 от 20.03.2026" in texts
    assert f"Направляем «Основы робототехники для педагогов дополнительного образования»: {URL}." in texts
    (own / "cover-letter.ru.md.j2").write_text("Line one\n\n{{ program.titel }}\n", encoding="utf-8")
    res = package(project, tmp_path / "pkg2", "--lang", "ru")
    assert res.returncode == 1
    assert "templates/documents/cover-letter.ru.md.j2:3: error template-error:" in res.stdout
    assert "titel" in res.stdout
    (own / "cover-letter.ru.md.j2").write_text("{% if %}\n", encoding="utf-8")
    res = package(project, tmp_path / "pkg3", "--lang", "ru")
    assert res.returncode == 1 and "cover-letter.ru.md.j2:1: error template-error: template syntax" in res.stdout


def test_package_never_writes_into_a_foreign_folder_and_replaces_its_own(project: Path, tmp_path: Path) -> None:
    """Outputs are written whole: a folder that is not a package is refused; a package is replaced."""
    foreign = tmp_path / "work"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    res = package(project, foreign)
    assert res.returncode == 2 and "is not an ustaz package" in res.stderr
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]
    out = tmp_path / "pkg"
    assert package(project, out).returncode == 0
    (out / "stale.docx").write_bytes(b"old")
    assert package(project, out).returncode == 0
    assert not (out / "stale.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no staging left


def test_p8_active_link_survives_into_the_pdf(project: Path, tmp_path: Path) -> None:
    """P-8: «active link» — printed to PDF by LibreOffice, the letter still carries a clickable link (a URI
    annotation) to the draft in public discussion."""
    import shutil
    import subprocess

    out = tmp_path / "pkg"
    assert package(project, out, "--lang", "kk").returncode == 0
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: run scripts/install-system-deps.sh"
    res = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--norestore",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(out / "01-cover-letter.kk.docx")],
                         check=False, capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "01-cover-letter.kk.pdf"
    assert res.returncode == 0 and pdf.exists(), res.stderr
    assert f"/URI({URL})".encode() in pdf.read_bytes().replace(b"/URI (", b"/URI(")


def test_p8_only_a_package_without_warnings_is_called_complete(project: Path, tmp_path: Path) -> None:
    """Issue 17: with scanned copies of the protocol and the order enclosed nothing is missing — complete; drop one
    and the same package is made, with a warning, and not called complete (manifest, JSON and the summary)."""
    folder = project / PROGRAM
    (folder / "attachments").mkdir()
    for name in ("protocol-3.pdf", "order-12.pdf"):
        (folder / "attachments" / name).write_bytes(b"%PDF-1.4\n% a fictional scan\n")
    listed = "protocol: attachments/protocol-3.pdf\norder: attachments/order-12.pdf\n"
    for attachments, state, head in ((listed, "complete", "COMPLETE\n"),
                                     (listed.splitlines()[0] + "\n", "with-warnings", "NOT COMPLETE — 1 warning(s)")):
        (folder / "attachments.yml").write_text(attachments, encoding="utf-8")
        out = tmp_path / state
        res = package(project, out)
        assert res.returncode == 0, res.stdout + res.stderr
        m = manifest(out)
        assert (m["state"], m["complete"]) == (state, state == "complete")
        summary = res.stderr.strip().splitlines()[-1]
        assert summary.endswith("; complete") == (state == "complete"), summary
        first = (out / "manifest.txt").read_text(encoding="utf-8").splitlines()[0]
        assert first.split(": ", 1)[1].startswith(head.strip()), first
