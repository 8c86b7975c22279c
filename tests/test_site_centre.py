"""The centre's identity on the site (issue 18): the policy's organisation — name per language, address,
contacts, logo — in every page's header, <title> and footer, and a logo file that is published only when it is
a small raster image inside the project."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import yaml
from conftest import run_ustaz
from PIL import Image
from site_fixtures import BUILD_DAY, copy_project

from ustaz.policy import load_policy
from ustaz.site.centre import LOGO_MAX_BYTES, Centre


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def _set_organisation(root: Path, **values: object) -> None:
    path = root / "data/policy.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["organisation"].update(values)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _build(root: Path, site: Path):  # type: ignore[no-untyped-def]
    return run_ustaz("build", "--site-dir", str(site), cwd=root, env={"USTAZ_TODAY": BUILD_DAY})


@pytest.fixture
def centre_project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_the_logo_and_contacts_reach_every_page(centre_project: Path, tmp_path: Path) -> None:
    root = centre_project
    (root / "data/logo.png").write_bytes(_png())
    _set_organisation(root, logo="data/logo.png", contacts={"email": "office@example.org"})
    done = _build(root, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    assert (site / "assets/ustaz/logo.png").read_bytes() == _png()
    policy, _ = load_policy(root)
    for page in (site / "index.html", site / "ru/programs/robotics-basics/index.html", site / "404.html"):
        html = page.read_text(encoding="utf-8")
        assert 'assets/ustaz/logo.png" alt=""' in html, page
        assert "mailto:office@example.org" in html, page
        lang = "ru" if "/ru/" in str(page) else "kk"
        assert policy.organisation["name"][lang] in html.split("<title>")[1].split("</title>")[0], page


@pytest.mark.parametrize("kind", ["gif", "outside", "symlink", "missing", "huge"])
def test_a_logo_that_may_not_be_published_stops_the_build_with_a_message(centre_project: Path, tmp_path: Path,
                                                                          kind: str) -> None:
    root = centre_project
    logo = {"gif": "data/logo.gif", "outside": "../logo.png", "symlink": "data/link.png", "missing": "data/none.png",
            "huge": "data/huge.png"}[kind]
    (root / "data/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                                        encoding="utf-8")
    (root / "data/logo.gif").write_bytes(b"GIF89a")
    (root.parent / "logo.png").write_bytes(_png())
    os.symlink(root.parent / "logo.png", root / "data/link.png")
    (root / "data/huge.png").write_bytes(_png() + b"\0" * LOGO_MAX_BYTES)
    _set_organisation(root, logo=logo)
    done = _build(root, tmp_path / "site")
    assert done.returncode != 0
    out = done.stderr + done.stdout
    # `ustaz check` (policy-logo, file-* findings) or the site's own refusal names the file
    assert "the logo is not published" in out or f"{logo}:1: error " in out, out
    assert "Traceback" not in done.stderr
    path, why = Centre.from_policy(load_policy(root)[0]).logo_file(root)
    assert path is None and why


def test_the_centre_is_named_in_each_language_with_fallbacks() -> None:
    from ustaz.policy import preset

    base = preset("kz-2023")
    centre = Centre.from_policy(base)
    assert centre.name("kk") == base.organisation["name"]["kk"]
    assert centre.name("ky") == base.organisation["name"]["kk"]  # no ky name: the default language's


def test_an_svg_logo_is_for_the_certificates_not_the_site(centre_project: Path, tmp_path: Path) -> None:
    """An SVG opened at its own URL could run script on the site's origin: the site keeps the theme's icon."""
    root = centre_project
    (root / "data/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                                        '<rect width="10" height="10"/></svg>', encoding="utf-8")
    _set_organisation(root, logo="data/logo.svg")
    done = _build(root, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert not list((tmp_path / "site").rglob("logo.svg"))
    assert "logo.svg" not in (tmp_path / "site/index.html").read_text(encoding="utf-8")
