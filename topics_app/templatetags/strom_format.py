from django import template

register = template.Library()


@register.filter
def duration_ms(value):
    """A duration in milliseconds as a person reads it: 850 ms, 12.3 s, 4 min 5 s, 3 h 12 min, 2 d 4 h."""
    if value is None:
        return ""
    ms = int(value)
    if ms < 1000:
        return f"{ms} ms"
    seconds = ms / 1000
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"
