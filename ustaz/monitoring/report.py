"""The monitoring report for the methodological council (M-6): HTML with the SVG charts inline, and
.docx (python-docx) with the same numbers. Word cannot show SVG without a raster copy and ustaz draws
no rasters, so in .docx each distribution is a table whose bar column is drawn with block characters —
the numbers stay text a reader can copy, and the charts stay the SVG ones in HTML and on the site."""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from ..writefile import write_atomic
from .charts import distribution_chart, response_chart, targets_chart
from .council import Council
from .stats import ProgramStats
from .survey import Survey
from .words import method_names, words

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111827}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #d1d5db}table{border-collapse:collapse;margin:1rem 0}
th,td{border:1px solid #d1d5db;padding:.35rem .6rem;text-align:left;vertical-align:top}th{background:#f3f4f6}
td.n{text-align:right}figure{margin:1rem 0}svg{max-width:100%;height:auto}code{background:#f3f4f6;padding:.1rem .3rem}
.met{color:#2e7d32;font-weight:bold}.not{color:#b3541e;font-weight:bold}
"""


@dataclass(frozen=True, kw_only=True)
class MonitoringReport:
    survey: Survey
    stats: tuple[ProgramStats, ...]
    council: Council | None
    lang: str
    centre: str
    prepared: dt.date
    masked: Mapping[str, str] = field(default_factory=dict)  # the site's small counts (program → "< N …")

    @property
    def words(self) -> dict[str, str]:
        return words(self.lang)

    def verdict(self, met: bool | None) -> str:
        w = self.words
        return "" if met is None else (f"✓ {w['met']}" if met else f"✗ {w['not_met']}")

    def charts(self) -> dict[str, str]:
        """file name → SVG, for the report folder and the site."""
        return charts_of(self.stats, self.words, self.masked)


def charts_of(stats: tuple[ProgramStats, ...], w: dict[str, str], masked: Mapping[str, str]) -> dict[str, str]:
    """file name → SVG of a survey's statistics (the report's and, from the published aggregates, the site's)."""
    out = {"response-rate.svg": response_chart(list(stats), w, masked)}
    for p in stats:
        svg = targets_chart(p, w)
        if svg:
            out[f"{p.program}-targets.svg"] = svg
        for q in p.questions:
            if q.answered:
                out[f"{p.program}-{q.question.id}.svg"] = distribution_chart(q, w)
    return out


def _rate(p: ProgramStats) -> str:
    return f"{100 * p.response_rate:.0f}%" if p.response_rate is not None else "—"


def to_html(r: MonitoringReport) -> str:
    w, e = r.words, html.escape
    charts = r.charts()
    parts = [f'<!doctype html><html lang="{e(r.lang)}"><head><meta charset="utf-8">',
             f"<title>{e(w['report'])} — {e(r.survey.title_in(r.lang))}</title><style>{CSS}</style></head><body>",
             (f"<h1>{e(w['report'])}</h1><p><strong>{e(r.survey.title_in(r.lang))}</strong><br>{e(r.centre)}<br>"
             f"{e(w['for_council'])}. {e(w['generated'])}: {r.prepared.isoformat()}</p>"),
             f"<p class=methods><strong>{e(w['methods'])}:</strong> {e(method_names(r.survey.methods, r.lang))}</p>",
             (f"<h2>{e(w['summary'])}</h2><table><tr><th>{e(w['program'])}</th><th>{e(w['responses'])}</th>"
             f"<th>{e(w['invited'])}</th><th>{e(w['response_rate'])}</th><th>{e(w['targets_met'])}</th></tr>")]
    for p in r.stats:
        met, judged = p.targets
        parts.append(f"<tr><td>{e(p.title)}</td><td class=n>{p.responses}</td><td class=n>{p.invited or '—'}</td>"
                     f"<td class=n>{_rate(p)}</td><td class=n>{met} / {judged}</td></tr>")
    parts.append(f"</table><figure>{charts['response-rate.svg']}</figure>")
    for p in r.stats:
        parts.append(f"<h2>{e(p.title)}</h2>")
        if f"{p.program}-targets.svg" in charts:
            parts.append(f"<figure>{charts[p.program + '-targets.svg']}</figure>")
        parts.append(f"<table><tr><th>{e(w['question'])}</th><th>{e(w['expected'])}</th><th>{e(w['responses'])}</th>"
                     f"<th>{e(w['mean'])}</th><th>{e(w['target'].capitalize())}</th><th>{e(w['result'])}</th></tr>")
        for q in p.questions:
            cls = "" if q.met is None else ("met" if q.met else "not")
            mean = f"{q.mean:.2f}" if q.mean is not None else "—"
            target = f"{q.question.target:.1f}" if q.question.target is not None else "—"
            parts.append(f"<tr><td>{e(q.question.column)}</td><td>{e(q.question.expected)}</td>"
                         f"<td class=n>{q.answered}</td><td class=n>{mean}</td><td class=n>{target}</td>"
                         f"<td class={cls}>{e(r.verdict(q.met))}</td></tr>")
        parts.append(f"</table><h3>{e(w['distributions'])}</h3>")
        for q in p.questions:
            name = f"{p.program}-{q.question.id}.svg"
            if name in charts:
                parts.append(f"<figure>{charts[name]}</figure>")
    parts.append(f"<h2>{e(w['decision'])}</h2>")
    if r.council is None:
        parts.append(f"<p>{e(w['no_decision'])}</p>")
    else:
        parts.append(f"<p>{r.council.date.isoformat()}, {e(w['protocol'])} № {e(r.council.protocol)}</p><ul>")
        for d in r.council.decisions:
            note = f" — {e(d.note)}" if d.note else ""
            parts.append(f"<li><strong>{e(d.program)}</strong>: {e(w[d.decision])}{note}<br>{e(w['record'])} "
                         f"<code>{e(r.council.lifecycle_line(d))}</code></li>")
        parts.append("</ul>")
    parts.append("</body></html>\n")
    return "".join(parts)


def _table(doc: DocxDocument, header: list[str], rows: list[list[str]], widths_cm: list[float]) -> Table:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = text
    for row in table.rows:  # Word reads the cells' widths, LibreOffice the columns'
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    return cast(Table, table)  # python-docx leaves add_table (and the table's add_row) unannotated


def to_docx(r: MonitoringReport, path: Path) -> None:
    w = r.words
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    doc.add_heading(w["report"], level=0)
    p = doc.add_paragraph()
    p.add_run(r.survey.title_in(r.lang)).bold = True
    doc.add_paragraph(f"{r.centre}\n{w['for_council']}. {w['generated']}: {r.prepared.isoformat()}")
    methods = doc.add_paragraph()
    methods.add_run(f"{w['methods']}: ").bold = True
    methods.add_run(method_names(r.survey.methods, r.lang))
    doc.add_heading(w["summary"], level=1)
    _table(doc, [w["program"], w["responses"], w["invited"], w["response_rate"], w["targets_met"]],
           [[s.title, str(s.responses), str(s.invited or "—"), _rate(s), "{} / {}".format(*s.targets)]
            for s in r.stats], [6.5, 2.2, 2.2, 2.6, 3.0])
    for s in r.stats:
        doc.add_heading(s.title, level=1)
        _table(doc, [w["question"], w["expected"], w["responses"], w["mean"], w["target"].capitalize(), w["result"]],
               [[q.question.column, q.question.expected, str(q.answered),
                 f"{q.mean:.2f}" if q.mean is not None else "—",
                 f"{q.question.target:.1f}" if q.question.target is not None else "—", r.verdict(q.met)]
                for q in s.questions], [5.0, 4.2, 2.0, 2.2, 1.6, 2.6])
        doc.add_heading(w["distributions"], level=2)
        for q in s.questions:
            if not q.answered:
                continue
            doc.add_paragraph().add_run(f"{q.question.id}: {q.question.column}").italic = True
            biggest = max(c for _, c in q.distribution) or 1
            table = _table(doc, [w["value"], w["count"], ""],
                           [[value, f"{count} ({100 * count / q.answered:.0f}%)", ""]
                            for value, count in q.distribution], [6.0, 2.5, 8.0])
            for row, (_, count) in zip(table.rows[1:], q.distribution):
                run = row.cells[2].paragraphs[0].add_run("█" * round(20 * count / biggest))
                run.font.color.rgb = RGBColor(0x1F, 0x5F, 0xA8)
    doc.add_heading(w["decision"], level=1)
    if r.council is None:
        doc.add_paragraph(w["no_decision"])
    else:
        doc.add_paragraph(f"{r.council.date.isoformat()}, {w['protocol']} № {r.council.protocol}")
        for d in r.council.decisions:
            para = doc.add_paragraph(style="List Bullet")
            para.add_run(f"{d.program}: ").bold = True
            para.add_run(w[d.decision] + (f" — {d.note}" if d.note else ""))
            code = doc.add_paragraph(f"{w['record']} {r.council.lifecycle_line(d)}")
            code.alignment = WD_ALIGN_PARAGRAPH.LEFT
    buffer = io.BytesIO()
    doc.save(buffer)
    write_atomic(path, buffer.getvalue())  # a half-written .docx never replaces a good one
