"""Lag over time drawn as inline SVG on the server: no script, no CDN, readable without JavaScript."""
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
    peak = max(int(peak), 1)
    rough = peak / count
    magnitude = 10 ** (len(str(int(rough))) - 1) if rough >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    return [t for t in range(0, peak, step) if peak - t >= step / 2] + [peak]


def lag_chart(history, time_format="%H:%M"):
    """An SVG with one line for the total and one per topic, or None when there are no samples."""
    if not history.points:
        return None
    span = max((history.end - history.start).total_seconds(), 1)
    ticks = nice_ticks(max(p.total for p in history.points))
    peak = ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    # Coordinates as text: format_html escapes its arguments, so numbers arrive already formatted.
    def x(at):
        return f"{LEFT + plot_w * (at - history.start).total_seconds() / span:.1f}"

    def y(lag):
        return f"{TOP + plot_h * (1 - lag / peak):.1f}"

    series = [("total", [(p.at, p.total) for p in history.points], 4)]
    series += [(topic, [(p.at, p.topics[topic]) for p in history.points if topic in p.topics], 1.5)
               for topic in history.topics]
    colours = {name: COLOURS[index % len(COLOURS)] for index, (name, _, _) in enumerate(series)}

    lines, legend = [], []
    # SVG paints in document order: the topics first, then the total over them, so it is never hidden.
    for name, values, width in series[1:] + series[:1]:
        colour = colours[name]
        points = " ".join(f"{x(at)},{y(lag)}" for at, lag in values)
        title = f"{name}: latest {_number(values[-1][1])}"
        lines.append(format_html(
            '<polyline fill="none" stroke="{}" stroke-width="{}" points="{}" data-series="{}"><title>{}</title>'
            "</polyline>", colour, width, points, name, title))
        # A single sample draws no line; the dot on the latest value keeps it visible.
        at, lag = values[-1]
        lines.append(format_html('<circle cx="{}" cy="{}" r="{}" fill="{}"/>', x(at), y(lag), width + 1, colour))
    legend = [(colours[name], name) for name, _, _ in series]

    grid = format_html_join("", (
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ccc" stroke-dasharray="2,3"/>'
        '<text x="{}" y="{}" dy="4" text-anchor="end" font-size="{}" fill="currentColor">{}</text>'
    ), ((LEFT, WIDTH - RIGHT, y(v), y(v), LEFT - 8, y(v), FONT, _number(v)) for v in ticks))
    times = [history.start + (history.end - history.start) * i / (TIME_TICKS - 1) for i in range(TIME_TICKS)]
    anchors = ["start"] + ["middle"] * (TIME_TICKS - 2) + ["end"]
    axis = format_html_join("", (
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="currentColor"/>'
        '<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="currentColor">{}</text>'
    ), ((x(at), x(at), HEIGHT - BOTTOM, HEIGHT - BOTTOM + 5, x(at), HEIGHT - BOTTOM + 20, FONT, anchor,
         timezone.localtime(at).strftime(time_format)) for at, anchor in zip(times, anchors)))
    titles = format_html(
        '<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="currentColor" '
        'transform="rotate(-90 {} {})">Lag (offsets)</text>'
        '<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="currentColor">Time ({})</text>',
        16, TOP + plot_h / 2, FONT, 16, TOP + plot_h / 2,
        LEFT + plot_w / 2, HEIGHT - 6, FONT, timezone.get_current_timezone_name())
    svg = format_html(
        '<svg class="strom-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}">{}{}{}{}</svg>',
        WIDTH, HEIGHT, f"Lag of {history.group_id} over {history.window}", grid, axis, titles,
        mark_safe("".join(lines)))
    key = format_html_join(" ", '<span class="strom-key"><span style="background:{}"></span>{}</span>', legend)
    return format_html('{}<p class="strom-legend">{}</p>', svg, key)
