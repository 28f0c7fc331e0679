"""Plots as inline SVG, drawn on the server: no script, no third party, nothing the strict CSP refuses
(presentation comes from classes in static/insight/insight.css). Every label is escaped here; each plot has a
text alternative (role="img" and a <title>), and the page gives its numbers in a table beside it."""

from itertools import groupby

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _svg(width: int, height: int, title: str, body: list[str], css: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text below is escaped  # nosec
        f'<svg class="insight-plot {css}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def sparkline(values: list[float | None], title: str, *, width: int = 160, height: int = 32) -> SafeString:
    """A line through the values (None leaves a gap), scaled to the largest; a dot on the last."""
    if all(v is None for v in values):
        return format_html('<span class="insight-none">{}</span>', "none yet")
    dot = '<circle class="spark-dot" cx="{:.1f}" cy="{:.1f}" r="2.5"/>'.format
    segments, body = _runs_of_points(values, width, height), []
    for segment in segments:
        if len(segment) == 1:
            body.append(dot(*segment[0]))
        else:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            body.append(f'<polyline class="spark-line" points="{path}"/>')
    body.append(dot(*segments[-1][-1]))
    return _svg(width, height, title, body, "insight-spark")


def _runs_of_points(values: list[float | None], width: int, height: int) -> list[list[tuple[float, float]]]:
    """Each run of known values as (x, y) points in the plot, the largest value at the top."""
    top = max(v for v in values if v is not None) or 1
    step = (width - 8) / max(len(values) - 1, 1)
    points = [
        None if v is None else (4 + i * step, height - 4 - (height - 8) * v / top)
        for i, v in enumerate(values)
    ]
    return [list(run) for is_point, run in groupby(points, key=bool) if is_point]


def bars(rows: list[tuple[str, int]], title: str, *, width: int = 640, label_width: int = 260) -> SafeString:
    """Horizontal bars, one a row, largest first as given, each with its label and number."""
    if not rows:
        return format_html('<p class="insight-none">{}</p>', "Nothing to show yet.")
    row_height = 26
    height = row_height * len(rows) + 4
    top = max(value for _, value in rows) or 1
    room = width - label_width - 60
    body = []
    for i, (label, value) in enumerate(rows):
        y = 2 + i * row_height
        length = max(room * value / top, 1 if value else 0)
        shown = label if len(label) <= 40 else label[:39] + "…"
        label_x, bar_height = label_width - 8, row_height - 8
        body.append(
            f'<text class="bar-label" x="{label_x}" y="{y + 17}" text-anchor="end">{escape(shown)}</text>'
            f'<rect class="bar" x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{bar_height}"/>'
            f'<text class="bar-value" x="{label_width + length + 6:.1f}" y="{y + 17}">{value}</text>'
        )
    return _svg(width, height, title, body, "insight-bars")


def funnel(stages: list[tuple[str, int]], title: str, *, width: int = 640) -> SafeString:
    """The checker's funnel: each stage's bar, with its share of those who started."""
    started = stages[0][1] if stages else 0
    rows = [(label + (f" ({value / started:.0%})" if started else ""), value) for label, value in stages]
    return bars(rows, title, width=width, label_width=240)


def stacked_weeks(weeks: list[tuple[str, dict]], levels: list[tuple[str, str]], title: str) -> SafeString:
    """One column a week, stacked by level (most urgent at the bottom), with a legend."""
    if not weeks or not any(sum(counts.values()) for _, counts in weeks):
        return format_html('<p class="insight-none">{}</p>', "No results yet.")
    plot_height, column, gap, left, legend_height = 160, 22, 8, 36, 28
    width = max(left + len(weeks) * (column + gap) + 10, 600)  # room for the legend
    height = plot_height + 36 + legend_height
    top = max(sum(counts.values()) for _, counts in weeks) or 1
    axis_y = plot_height + 4
    body = [
        f'<line class="axis" x1="{left - 4}" y1="{axis_y}" x2="{width - 4}" y2="{axis_y}"/>',
        f'<text class="axis-label" x="{left - 8}" y="14" text-anchor="end">{top}</text>',
        f'<text class="axis-label" x="{left - 8}" y="{axis_y}" text-anchor="end">0</text>',
    ]
    for i, (week, counts) in enumerate(weeks):
        x = left + i * (column + gap)
        body += _stacked_column(week, counts, levels, x, axis_y, scale=(plot_height - 10) / top, width=column)
        if i % 2 == 0 or len(weeks) <= 8:
            body.append(
                f'<text class="axis-label" x="{x + column / 2}" y="{plot_height + 20}" '
                f'text-anchor="middle">{escape(week)}</text>'
            )
    x = left
    for level, name in levels:
        body.append(
            f'<rect class="level-{level}" x="{x}" y="{height - 18}" width="12" height="12"/>'
            f'<text class="legend" x="{x + 16}" y="{height - 8}">{escape(name)}</text>'
        )
        x += 24 + 8 * len(name)
    return _svg(width, height, title, body, "insight-weeks")


def _stacked_column(
    week: str, counts: dict, levels, x: int, y: float, *, scale: float, width: int
) -> list[str]:
    """One week's column: a box a level with results, stacked upwards from `y`."""
    boxes = []
    for level, _ in levels:
        if value := counts.get(level, 0):
            h = scale * value
            y -= h
            boxes.append(
                f'<rect class="level-{level}" x="{x}" y="{y:.1f}" width="{width}" height="{h:.1f}">'
                f"<title>{escape(week)}: {value} {escape(level)}</title></rect>"
            )
    return boxes
