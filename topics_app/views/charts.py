"""Lag and rates over time drawn as inline SVG on the server: no script, no CDN, readable without JavaScript."""
import math

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 1100, 380
LEFT, RIGHT, TOP, BOTTOM = 90, 20, 16, 48
FONT = 13
TIME_TICKS = 6
# Total first and darkest; topics take the next colours in turn.
COLOURS = ["#205067", "#e07a10", "#2a9d4b", "#b8336a", "#6c4fc2", "#8a6d1f", "#1f8a8a", "#c23b22"]


def _number(n):
    return f"{n:,}"


def nice_ticks(peak, count=4):
    """Lag axis values: round steps (1, 2 or 5 times a power of ten) from 0, then the peak itself at the top,
    so the highest lag reads exactly; a round step too close to the peak is left out."""
    peak = max(math.ceil(peak), 1)
    rough = peak / count
    magnitude = 10 ** (len(str(int(rough))) - 1) if rough >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    return [t for t in range(0, peak, step) if peak - t >= step / 2] + [peak]


def chart_time_format(window):
    return "%d %b %H:%M" if window == "7d" else "%H:%M"


def lag_chart(history, time_format="%H:%M"):
    """An SVG with one line for a group's total lag and one per topic, or None when there are no samples."""
    return line_chart(history.start, history.end, [(p.at, p.total, p.topics) for p in history.points],
                      history.topics, title=f"Lag of {history.group_id} over {history.window}",
                      axis="Lag (offsets)", time_format=time_format)


def rate_chart(history, what, series_name=str, time_format="%H:%M"):
    """An SVG of messages/s in total and per partition or topic, or None when there are no two samples yet."""
    return line_chart(history.start, history.end, [(p.at, p.total, p.series) for p in history.points],
                      history.series, title=f"{what} of {history.subject} over {history.window}",
                      axis="Messages/s", time_format=time_format, series_name=series_name)


def line_chart(start, end, points, names, *, title, axis, time_format, series_name=str):
    """`points`: [(at, total, {name: value})] oldest first; one line for the total and one per name."""
    if not points:
        return None
    span = max((end - start).total_seconds(), 1)
    ticks = nice_ticks(max(total for _, total, _ in points))
    peak = ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    # Coordinates as text: format_html escapes its arguments, so numbers arrive already formatted.
    def x(at):
        return f"{LEFT + plot_w * (at - start).total_seconds() / span:.1f}"

    def y(value):
        return f"{TOP + plot_h * (1 - value / peak):.1f}"

    series = [("total", [(at, total) for at, total, _ in points], 4)]
    series += [(series_name(name), [(at, values[name]) for at, _, values in points if name in values], 1.5)
               for name in names]
    colours = {name: COLOURS[index % len(COLOURS)] for index, (name, _, _) in enumerate(series)}

    lines, legend = [], []
    # SVG paints in document order: the topics first, then the total over them, so it is never hidden.
    for name, values, width in series[1:] + series[:1]:
        colour = colours[name]
        points = " ".join(f"{x(at)},{y(lag)}" for at, lag in values)
        tip = f"{name}: latest {_number(values[-1][1])}"
        lines.append(format_html(
            '<polyline fill="none" stroke="{}" stroke-width="{}" points="{}" data-series="{}"><title>{}</title>'
            "</polyline>", colour, width, points, name, tip))
        # A single sample draws no line; the dot on the latest value keeps it visible.
        at, lag = values[-1]
        lines.append(format_html('<circle cx="{}" cy="{}" r="{}" fill="{}"/>', x(at), y(lag), width + 1, colour))
    legend = [(colours[name], name) for name, _, _ in series]

    grid = format_html_join("", (
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ccc" stroke-dasharray="2,3"/>'
        '<text x="{}" y="{}" dy="4" text-anchor="end" font-size="{}" fill="currentColor">{}</text>'
    ), ((LEFT, WIDTH - RIGHT, y(v), y(v), LEFT - 8, y(v), FONT, _number(v)) for v in ticks))
    times = [start + (end - start) * i / (TIME_TICKS - 1) for i in range(TIME_TICKS)]
    anchors = ["start"] + ["middle"] * (TIME_TICKS - 2) + ["end"]
    time_axis = format_html_join("", (
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="currentColor"/>'
        '<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="currentColor">{}</text>'
    ), ((x(at), x(at), HEIGHT - BOTTOM, HEIGHT - BOTTOM + 5, x(at), HEIGHT - BOTTOM + 20, FONT, anchor,
         timezone.localtime(at).strftime(time_format)) for at, anchor in zip(times, anchors)))
    titles = format_html(
        '<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="currentColor" '
        'transform="rotate(-90 {} {})">{}</text>'
        '<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="currentColor">Time ({})</text>',
        16, TOP + plot_h / 2, FONT, 16, TOP + plot_h / 2, axis,
        LEFT + plot_w / 2, HEIGHT - 6, FONT, timezone.get_current_timezone_name())
    svg = format_html(
        '<svg class="strom-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}">{}{}{}{}</svg>',
        WIDTH, HEIGHT, title, grid, time_axis, titles,
        mark_safe("".join(lines)))
    key = format_html_join(" ", '<span class="strom-key"><span style="background:{}"></span>{}</span>', legend)
    return format_html('{}<p class="strom-legend">{}</p>', svg, key)
