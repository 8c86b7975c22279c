"""Site contribution of post-course support and monitoring: anonymous counts and survey charts only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ...support.site_pages import monitoring_pages, support_pages, write_monitoring_charts
from ..extensions import GeneratedPage, page_generator, post_build

if TYPE_CHECKING:
    from ...checks import Context


@page_generator
def support_summary(ctx: Context) -> Iterator[GeneratedPage]:
    for page in [*support_pages(ctx.project), *monitoring_pages(ctx.project)]:
        yield GeneratedPage(path=page.path, content=page.content, lang=page.lang, title=page.title)


@post_build
def monitoring_charts(ctx: Context, site_dir: Path) -> None:
    write_monitoring_charts(ctx.project, site_dir)
