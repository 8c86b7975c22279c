"""Mends in the theme's own markup that templates cannot reach (Material writes them in base.html, which the
overrides do not copy): the page must pass the Nu HTML checker like everything ustaz writes.

- `autocomplete="off"` on the drawer's and search's checkbox toggles: HTML allows autocomplete on text-like
  inputs only. Material sets it so that a browser does not restore an open drawer or search on "back" (a
  page that was not kept in the back-forward cache may come back with the drawer open: one tap closes it).
- `autocorrect="off"` on the search field: a Safari-only attribute that is not HTML.
Each is an exact string of Material 9.x; the test of the Nu checker (tests/test_site_trust.py) fails if a new
Material writes them differently.
"""

from __future__ import annotations

THEME_MENDS = (
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
    (' autocapitalize="off" autocorrect="off" autocomplete="off"', ' autocapitalize="off" autocomplete="off"'),
)


def mend_theme(page_html: str) -> str:
    for old, new in THEME_MENDS:
        page_html = page_html.replace(old, new, 1)
    return page_html
