"""The site's languages: the policy's `languages`, the first one the default (served without a prefix)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..policy import Policy


@dataclass(frozen=True, kw_only=True)
class SiteLanguages:
    codes: tuple[str, ...]

    @property
    def default(self) -> str:
        return self.codes[0]

    def prefix(self, lang: str) -> str:
        """Docs-relative folder of a language: '' for the default, 'ru/' for Russian."""
        return "" if lang == self.default else f"{lang}/"

    def of(self, src_uri: str) -> str:
        """The language of a docs file, from its first folder."""
        head = src_uri.split("/", 1)[0]
        return head if head in self.codes and head != self.default and "/" in src_uri else self.default

    @classmethod
    def from_policy(cls, policy: Policy) -> SiteLanguages:
        return cls(codes=tuple(policy.languages) or ("kk",))


@cache
def _labels() -> dict[str, dict[str, str]]:
    text = resources.files("ustaz.site").joinpath("labels.yml").read_text(encoding="utf-8")
    data: Any = yaml.safe_load(text)
    return {str(lang): {str(k): str(v) for k, v in words.items()} for lang, words in data.items()}


def label(lang: str, key: str) -> str:
    """A word of the generated pages in a language (English when the language lacks it)."""
    words = _labels()
    return words.get(lang, {}).get(key) or words["en"].get(key) or key
