"""The language switcher's links: for each page, the same page in every site language, else that language's home.

Pages are translations of each other when they have the same docs path under their language's folder:
`programs/x.md` (the default language), `ru/programs/x.md`, `en/programs/x.md`; `comment.md` and
`ru/comment.md`; `verify/index.md` and `ru/verify/index.md`. Every generated page (programs, discussion
records, drafts, catalogue, schedule, contributed pages) is made per language with the same rest of the
path, and hand-written pages follow the same rule in `content/<lang>/`. A page with no translation in a
language (`en/reference/…`) links that language's home, which always exists, so a switch never ends on a 404.

Links are relative to the page (computed from the URLs mkdocs gives the files, so they follow
`use_directory_urls`), so the site can be served under any path. Nothing here depends on Material.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from .languages import SiteLanguages, label


@dataclass(frozen=True, kw_only=True)
class Alternate:
    """One entry of a page's language switcher."""

    lang: str
    name: str  # the language's own name ("Русский")
    href: str  # relative link from the page
    url: str  # the target's URL from the site root ("ru/programs/x/"), for absolute links (sitemap)
    translated: bool  # True: the same page in `lang`; False: `lang` has no such page, `href` is its home
    current: bool  # the page itself
    note: str = ""  # for a home link: says, in the page's language, that the page has no translation


def relative_href(to_url: str, from_url: str) -> str:
    """A link between two site URLs ('' is the site root), relative; a folder URL keeps its slash."""
    rel = get_relative_url(to_url or ".", from_url or ".")
    if (not to_url or to_url.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel


@dataclass(frozen=True, kw_only=True)
class Translations:
    languages: SiteLanguages
    names: Mapping[str, str]  # language code → its own name
    page_urls: Mapping[str, str]  # docs path → site URL (mkdocs' File.url), for every page of the build

    def url_of(self, src_uri: str) -> str | None:
        url = self.page_urls.get(src_uri)
        return "" if url == "./" else url  # mkdocs calls the root "./"; '' is the root here

    def rest(self, src_uri: str) -> tuple[str, str]:
        """(language, path within the language's folder) of a docs path."""
        lang = self.languages.of(src_uri)
        prefix = self.languages.prefix(lang)
        return lang, src_uri[len(prefix):] if prefix and src_uri.startswith(prefix) else src_uri

    def home_url(self, lang: str) -> str:
        home = f"{self.languages.prefix(lang)}index.md"
        url = self.url_of(home)
        return self.languages.prefix(lang) if url is None else url

    def of(self, src_uri: str) -> list[Alternate]:
        """The switcher of the page at `src_uri`: one entry per site language, in the policy's order."""
        page_lang, rest = self.rest(src_uri)
        from_url = self.url_of(src_uri) or ""
        out: list[Alternate] = []
        for code in self.languages.codes:
            target = f"{self.languages.prefix(code)}{rest}"
            url = self.url_of(target)
            translated = url is not None
            if url is None:
                url = self.home_url(code)
            out.append(Alternate(lang=code, name=self.names.get(code, code), href=relative_href(url, from_url),
                                 url=url, translated=translated, current=code == page_lang,
                                 note="" if translated else label(page_lang, "no_translation")))
        return out

