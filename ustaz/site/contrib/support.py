"""Site contribution of post-course support and monitoring: anonymous counts and survey charts only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...support.site_pages import monitoring_charts, monitoring_pages, support_pages
from ..extensions import GeneratedPage, page_generator

if TYPE_CHECKING:
    from ...workspace import Workspace


@page_generator
def support_summary(ctx: Workspace) -> Iterator[GeneratedPage]:
    for page in [*support_pages(ctx.project), *monitoring_pages(ctx.project)]:
        yield GeneratedPage(path=page.path, content=page.content, lang=page.lang, title=page.title)
    default = ctx.policy.languages[0]
    for path, svg in monitoring_charts(ctx.project):  # images of the monitoring pages
        yield GeneratedPage(path=path, content=svg, lang=default)
