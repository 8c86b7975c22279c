"""SVG charts of the survey statistics, drawn here without a plotting library.

Horizontal bars read well with long Kazakh/Russian labels: the label column wraps text, every bar
carries its number as text (colour is never the only signal), and a target is drawn as a dark tick
with its value written next to it. The SVG is self-contained (no scripts, no external fonts), so the
same file goes on the site and into the HTML report.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .stats import ProgramStats, QuestionStats

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
BAR = "#1f5fa8"
MET = "#2e7d32"
NOT_MET = "#b3541e"
NEUTRAL = "#6b7280"
WIDTH = 880
LABEL_W = 270
BAR_W = 340
ROW_H = 36
TITLE_CHARS = 72  # bold 16 px DejaVu Sans: about 11 px a character


@dataclass(frozen=True, kw_only=True)
class BarRow:
    label: str
    value: float
    text: str
    color: str = BAR
    marker: float | None = None  # a target drawn as a tick
    marker_text: str = ""


def _wrap(text: str, width: int = 30, lines: int = 2) -> list[str]:
    words, out, cur = text.split(), [], ""
    for w in words:
        if len(cur) + len(w) + (1 if cur else 0) <= width:
            cur = f"{cur} {w}" if cur else w
        else:
            if cur:
                out.append(cur)
            cur = w
    if cur:
        out.append(cur)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return [o if len(o) <= width + 8 else o[: width + 7] + "…" for o in out] or [""]


_TITLE = re.compile(r"<title>([^<]{1,2000})</title>")


def chart_title(svg: str) -> str:
    """The title a chart of this module carries (its <title>), as text: the image's alternative text."""
    found = _TITLE.search(svg)
    return html.unescape(found.group(1)) if found else ""


def bar_chart(title: str, rows: list[BarRow], maximum: float, ticks: list[tuple[float, str]],
              minimum: float = 0.0, note: str = "") -> str:
    title_lines = _wrap(title, TITLE_CHARS, 3)
    top = 20 + 20 * len(title_lines) + 12
    height = top + ROW_H * len(rows) + 40 + (22 if note else 0)
    span = (maximum - minimum) or 1.0

    def x(v: float) -> float:
        return LABEL_W + BAR_W * (max(minimum, min(v, maximum)) - minimum) / span

    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
           f'height="{height}" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" '
           f'font-family="{FONT}" font-size="14">'),
           f"<title>{escape(title)}</title>",
           f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>']
    for i, line in enumerate(title_lines):
        out.append(f'<text x="12" y="{24 + i * 20}" font-size="16" font-weight="bold" fill="#111827">'
                   f"{escape(line)}</text>")
    axis_y = top + ROW_H * len(rows) + 4
    for value, label in ticks:
        tx = x(value)
        out.append(f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{axis_y}" stroke="#e5e7eb"/>')
        out.append(f'<text x="{tx:.1f}" y="{axis_y + 18}" text-anchor="middle" fill="#374151" '
                   f'font-size="12">{escape(label)}</text>')
    for i, row in enumerate(rows):
        y = top + i * ROW_H
        lines = _wrap(row.label, 28)  # 14 px DejaVu Sans: under 9 px a character
        for j, line in enumerate(lines):
            ly = y + ROW_H / 2 + 5 + (j - (len(lines) - 1) / 2) * 15
            out.append(f'<text x="{LABEL_W - 10}" y="{ly:.1f}" text-anchor="end" fill="#111827">{escape(line)}</text>')
        w = x(row.value) - LABEL_W
        out.append(f'<rect x="{LABEL_W}" y="{y + 6}" width="{max(w, 0):.1f}" height="{ROW_H - 12}" '
                   f'fill="{row.color}" rx="2"/>')
        text_x = LABEL_W + max(w, 0) + 6
        if row.marker is not None:
            mx = x(row.marker)
            text_x = max(text_x, mx + 6)  # never write over the target tick
            out.append(f'<line x1="{mx:.1f}" y1="{y + 2}" x2="{mx:.1f}" y2="{y + ROW_H - 2}" stroke="#111827" '
                       f'stroke-width="3"/>')
        out.append(f'<text x="{text_x:.1f}" y="{y + ROW_H / 2 + 5}" fill="#111827">{escape(row.text)}</text>')
    out.append(f'<line x1="{LABEL_W}" y1="{top - 4}" x2="{LABEL_W}" y2="{axis_y}" stroke="#374151"/>')
    if note:
        out.append(f'<text x="{LABEL_W}" y="{axis_y + 40}" fill="#374151" font-size="12">{escape(note)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def distribution_chart(qs: QuestionStats, words: dict[str, str]) -> str:
    """How many teachers gave each answer (count and share)."""
    total = qs.answered or 1
    biggest = max((c for _, c in qs.distribution), default=0) or 1
    rows = [BarRow(label=value, value=count, text=f"{count} ({100 * count / total:.0f}%)")
            for value, count in qs.distribution]
    step = max(1, -(-biggest // 5))
    ticks = [(float(v), str(v)) for v in range(0, biggest + step, step)]
    title = qs.question.column or qs.question.id  # titled by the question as it was asked, not its id
    return bar_chart(f"{title} — {words['answers']}: {qs.answered}", rows, float(ticks[-1][0]), ticks)


def targets_chart(p: ProgramStats, words: dict[str, str]) -> str:
    """Each scale question's average against the target that stands for the expected result."""
    scaled = [q for q in p.questions if q.mean is not None and q.question.scale is not None]
    if not scaled:
        return ""
    low = min(q.question.scale[0] for q in scaled if q.question.scale)
    high = max(q.question.scale[1] for q in scaled if q.question.scale)
    rows = []
    for q in scaled:
        assert q.mean is not None
        if q.met is None:
            color, verdict = NEUTRAL, ""
        elif q.met:
            color, verdict = MET, f" ✓ {words['met']}"
        else:
            color, verdict = NOT_MET, f" ✗ {words['not_met']}"
        target = f" / {words['target']} {q.question.target:.1f}" if q.question.target is not None else ""
        rows.append(BarRow(label=q.question.expected or q.question.id, value=q.mean, color=color,
                           text=f"{q.mean:.2f}{target}{verdict}", marker=q.question.target))
    ticks = [(float(v), str(v)) for v in range(low, high + 1)]
    return bar_chart(f"{p.title} — {words['averages']}", rows, float(high), ticks, minimum=float(low),
                     note=words["tick"])


def response_chart(stats: list[ProgramStats], words: dict[str, str],
                   masked: Mapping[str, str] | None = None) -> str:
    """`masked`: program → the text the public site writes instead of its numbers (small counts, C-8);
    such a bar is not drawn, as its length would tell the rate."""
    rows = []
    for p in stats:
        if masked and p.program in masked:
            rows.append(BarRow(label=p.title, value=0.0, text=masked[p.program]))
            continue
        rate = p.response_rate
        text = f"{p.responses} / {p.invited} ({100 * rate:.0f}%)" if rate is not None else f"{p.responses}"
        rows.append(BarRow(label=p.title, value=100 * min(rate, 1.0) if rate is not None else 0.0, text=text))
    ticks = [(float(v), f"{v}%") for v in range(0, 101, 20)]
    return bar_chart(words["response_rate"], rows, 100.0, ticks)
