"""Lag over time drawn as inline SVG on the server: no script, no CDN, readable without JavaScript."""
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 900, 260
LEFT, RIGHT, TOP, BOTTOM = 70, 10, 10, 30
# Total first and darkest; topics take the next colours in turn.
COLOURS = ["#205067", "#e07a10", "#2a9d4b", "#b8336a", "#6c4fc2", "#8a6d1f", "#1f8a8a", "#c23b22"]


def _number(n):
    return f"{n:,}"


def lag_chart(history, time_format="%H:%M"):
    """An SVG with one line for the total and one per topic, or None when there are no samples."""
    if not history.points:
        return None
    span = max((history.end - history.start).total_seconds(), 1)
    peak = max(max(p.total for p in history.points), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    # Coordinates as text: format_html escapes its arguments, so numbers arrive already formatted.
    def x(at):
        return f"{LEFT + plot_w * (at - history.start).total_seconds() / span:.1f}"

    def y(lag):
        return f"{TOP + plot_h * (1 - lag / peak):.1f}"

    series = [("total", [(p.at, p.total) for p in history.points], 2.5)]
    series += [(topic, [(p.at, p.topics[topic]) for p in history.points if topic in p.topics], 1.2)
               for topic in history.topics]

    lines, legend = [], []
    for index, (name, values, width) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        points = " ".join(f"{x(at)},{y(lag)}" for at, lag in values)
        title = f"{name}: latest {_number(values[-1][1])}"
        lines.append(format_html(
            '<polyline fill="none" stroke="{}" stroke-width="{}" points="{}" data-series="{}"><title>{}</title>'
            "</polyline>", colour, width, points, name, title))
        # A single sample draws no line; the dot on the latest value keeps it visible.
        at, lag = values[-1]
        lines.append(format_html('<circle cx="{}" cy="{}" r="2.5" fill="{}"/>', x(at), y(lag), colour))
        legend.append((colour, name))

    grid = format_html_join("", (
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ccc" stroke-dasharray="2,3"/>'
        '<text x="{}" y="{}" dy="4" text-anchor="end" font-size="11" fill="currentColor">{}</text>'
    ), ((LEFT, WIDTH - RIGHT, y(v), y(v), LEFT - 6, y(v), _number(v)) for v in (0, peak // 2, peak)))
    axis = format_html(
        '<text x="{}" y="{}" font-size="11" fill="currentColor">{}</text>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="currentColor">{}</text>',
        LEFT, HEIGHT - 8, timezone.localtime(history.start).strftime(time_format), WIDTH - RIGHT, HEIGHT - 8,
        timezone.localtime(history.end).strftime(time_format))
    svg = format_html(
        '<svg class="strom-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}">{}{}{}</svg>',
        WIDTH, HEIGHT, f"Lag of {history.group_id} over {history.window}", grid, axis, mark_safe("".join(lines)))
    key = format_html_join(" ", '<span class="strom-key"><span style="background:{}"></span>{}</span>', legend)
    return format_html('{}<p class="strom-legend">{}</p>', svg, key)
