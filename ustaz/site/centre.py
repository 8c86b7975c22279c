"""The centre as every page names it: its name per language, address, city, contacts, site and logo, from the
policy's `organisation` (data/policy.yml). The header, `<title>` and footer of every page (overrides/) and the
lookup page read one `Centre`, so the site names the centre the same way everywhere (the certificate reads the
same policy keys through ustaz.certificates.issuer.names_of).

The logo is a file of the repository (`organisation.logo`, a path from the project root): only a regular PNG,
JPEG or WebP file inside the project, of bounded size, is published; an SVG logo (the certificates draw one) is
not put on the site, which keeps the theme's icon (an SVG opened at its own URL could run script on the site's
origin); any other file stops the build with an error that says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..certificates.issuer import names_of
from ..policy import Policy

LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
LOGO_MAX_BYTES = 256 * 1024  # a logo is a few kilobytes; more is a mistake or an attack on every page's weight
LOGO_SITE_PATH = "assets/ustaz/logo"  # + the file's own suffix
CONTACT_KEYS = ("phone", "email")  # organisation.contacts: the centre's own public contacts


def _per_language(value: Any) -> dict[str, str]:
    """A text given per language ({kk: …, ru: …}) or once (one string for every language)."""
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items() if v is not None and str(v).strip()}
    return {"": str(value)} if value is not None and str(value).strip() else {}


def _in(texts: Mapping[str, str], lang: str, default: str) -> str:
    return texts.get(lang) or texts.get("") or texts.get(default) or next(iter(texts.values()), "")


@dataclass(frozen=True, kw_only=True)
class Centre:
    """The centre's public identity (all text; the templates escape it)."""

    default_language: str
    names: Mapping[str, str] = field(default_factory=dict)
    addresses: Mapping[str, str] = field(default_factory=dict)
    cities: Mapping[str, str] = field(default_factory=dict)
    phone: str = ""
    email: str = ""
    site_url: str = ""
    logo_source: str = ""  # the policy's path of the logo, relative to the project root

    @classmethod
    def from_policy(cls, policy: Policy) -> Centre:
        org = policy.organisation
        found = org.get("contacts")
        contacts: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
        logo = org.get("logo")
        return cls(default_language=policy.default_language, names=names_of(org),
                   addresses=_per_language(org.get("address")), cities=_per_language(org.get("city")),
                   phone=str(contacts.get("phone") or "").strip(), email=str(contacts.get("email") or "").strip(),
                   site_url=policy.site_url, logo_source=str(logo).strip() if isinstance(logo, str) else "")

    def name(self, lang: str) -> str:
        return _in(self.names, lang, self.default_language) or "ustaz"

    def address(self, lang: str) -> str:
        return _in(self.addresses, lang, self.default_language)

    def city(self, lang: str) -> str:
        return _in(self.cities, lang, self.default_language)

    def logo_file(self, root: Path) -> tuple[Path | None, str]:
        """(the logo's file, '') when it may be published, else (None, why not; '' when no logo is set)."""
        if not self.logo_source:
            return None, ""
        suffix = Path(self.logo_source).suffix.lower()
        if suffix == ".svg":  # the certificates draw it (the same key); the site shows the theme's icon instead
            return None, ""
        if suffix not in LOGO_TYPES:
            return None, f"organisation.logo must be a {', '.join(sorted(LOGO_TYPES))} file"
        base = root.resolve()
        path = base / self.logo_source
        if path.is_symlink() or not path.is_file():
            return None, f"organisation.logo {self.logo_source!r} is not a regular file of the project"
        try:
            path.resolve().relative_to(base)
        except ValueError:
            return None, f"organisation.logo {self.logo_source!r} is outside the project"
        if path.stat().st_size > LOGO_MAX_BYTES:
            return None, f"organisation.logo is larger than {LOGO_MAX_BYTES // 1024} KiB"
        return path, ""

    def logo_path(self) -> str:
        """Where the logo is published, docs-relative ('' without a logo)."""
        return f"{LOGO_SITE_PATH}{Path(self.logo_source).suffix.lower()}" if self.logo_source else ""

    def for_page(self, lang: str, logo: str) -> dict[str, str]:
        """What the theme shows on a page in `lang` (overrides/partials/*.html read page.meta.ustaz_centre)."""
        return {"name": self.name(lang), "address": self.address(lang), "city": self.city(lang),
                "phone": self.phone, "email": self.email, "site_url": self.site_url, "logo": logo}
