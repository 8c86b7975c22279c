"""Temp copies of the example project with extra programs, for the site tests (real files, real builds)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT, run_ustaz

BUILD_DAY = "2026-11-23"


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("programs", "data", "content", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")


def add_program(root: Path, program_id: str, *, title: dict[str, str], lifecycle: list[dict[str, str]],
                discussion: dict[str, Any] | None = None, texts: dict[str, str] | None = None) -> Path:
    """A new program folder made from robotics-basics with its own id, title and lifecycle."""
    src = root / "programs" / "robotics-basics"
    folder = root / "programs" / program_id
    folder.mkdir()
    data = yaml.safe_load((src / "program.yml").read_text(encoding="utf-8"))
    data["id"] = program_id
    data["title"] = title
    data["lifecycle"] = lifecycle
    for entry in data["lifecycle"]:
        for key in ("date", "due"):
            if key in entry:
                entry[key] = str(entry[key])
    for item in data["literature"]:
        item["year"] = int(item["year"])
    _dump(folder / "program.yml", data)
    for md in src.glob("program.*.md"):
        body = md.read_text(encoding="utf-8")
        lang = md.name.split(".")[1]
        first, rest = body.split("\n", 1)
        text = (texts or {}).get(lang)
        (folder / md.name).write_text(text if text is not None else f"# {title.get(lang, first)}\n{rest}",
                                      encoding="utf-8")
    if discussion is not None:
        _dump(folder / "discussion.yml", discussion)
    return folder


def add_example_programs(root: Path) -> None:
    """A draft under discussion (opened the Monday before the build day) and a program in revision."""
    add_program(root, "robotics-advanced", title={"kk": "Робототехниканың жетілдірілген курсы",
                                                  "ru": "Робототехника: продвинутый курс"},
                lifecycle=[{"event": "needs-analysis", "date": "2026-10-01", "protocol": "9"},
                           {"event": "development-ordered", "date": "2026-10-05", "order": "77", "due": "2026-11-16"},
                           {"event": "discussion-opened", "date": "2026-11-16",
                            "url": "https://github.com/example-centre/ustaz/pull/31"}],
                discussion={"thread": "https://github.com/example-centre/ustaz/pull/31", "suggestions": [
                    {"id": 1, "author": "methodist-demo", "date": "2026-11-17",
                     "url": "https://github.com/example-centre/ustaz/pull/31#discussion_r1",
                     "text": "Добавить модуль по микроконтроллерам.", "response": "accepted",
                     "answered_by": "aigerim-test", "answered": "2026-11-18"},
                    {"id": 2, "author": "teacher-demo", "date": "2026-11-18",
                     "url": "https://github.com/example-centre/ustaz/pull/31#discussion_r2",
                     "text": "Сократить теорию вдвое."}]})
    add_program(root, "eco-lab", title={"kk": "Экологиялық зертхана", "ru": "Экологическая лаборатория"},
                lifecycle=[{"event": "needs-analysis", "date": "2026-06-01", "protocol": "5"},
                           {"event": "development-ordered", "date": "2026-06-03", "order": "50", "due": "2026-07-01"},
                           {"event": "discussion-opened", "date": "2026-07-01",
                            "url": "https://github.com/example-centre/ustaz/pull/20"},
                           {"event": "discussion-closed", "date": "2026-07-20"},
                           {"event": "submitted", "date": "2026-07-22"},
                           {"event": "expert-conclusion", "date": "2026-11-20", "outcome": "revise"}],
                discussion={"thread": "https://github.com/example-centre/ustaz/pull/20", "suggestions": []})
    data = yaml.safe_load((root / "programs" / "eco-lab" / "program.yml").read_text(encoding="utf-8"))
    data["direction"] = "ecological-biological"
    _dump(root / "programs" / "eco-lab" / "program.yml", data)


def build(root: Path, site_dir: Path, *args: str) -> None:
    done = run_ustaz("build", "--site-dir", str(site_dir), *args, cwd=root, env={"USTAZ_TODAY": BUILD_DAY})
    assert done.returncode == 0, done.stderr + done.stdout
