from django import template
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from topics_app import topic_rules

register = template.Library()
register.filter("human_bytes", topic_rules.human_bytes)
register.filter("human_duration", topic_rules.human_duration)


@register.simple_tag(takes_context=True)
def sort_link(context, key, label):
    """A column header that sorts by `key`, flipping the direction when it already does."""
    request = context["request"]
    current = request.GET.get("sort", "name")
    params = request.GET.copy()
    params["sort"] = f"-{key}" if current == key else key
    arrow = " ▲" if current == key else " ▼" if current == f"-{key}" else ""
    return format_html('<a href="?{}">{}{}</a>', params.urlencode(), label, arrow)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


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


@register.filter
def thousands(value):
    """A whole number with thousands separators (300,065); anything else as it is."""
    if isinstance(value, bool):
        return value
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    if str(value).strip().lstrip("-").isdigit() or isinstance(value, int):
        return f"{number:,}"
    return value


@register.simple_tag(takes_context=True)
def topic_row(context, topic):
    """One row of the topic list, built here rather than in the template: with a thousand topics, the template
    language's lookups, filters and {% url %} in every cell took about 200 ms of the page."""
    link = reverse("topics_app:topic-detail", args=[context["cluster"].name, topic.name])
    internal = mark_safe(' <span class="help">(internal)</span>') if topic.internal else ""
    rate = "—" if topic.messages_per_s is None else localize(topic.messages_per_s)
    problems = topic.health.problems
    health = format_html_join("; ", "{}: {} partition{}",
                              ((label, count, pluralize(count)) for label, count in problems))
    if problems:
        health = format_html('<img src="/static/admin/img/icon-alert.svg" alt="problem"> {}', health)
    return format_html(
        '<tr>\n      <td><a href="{}">{}</a>{}</td>\n'
        '      <td class="strom-num">{}</td>\n'
        '      <td class="strom-num">{}</td>\n'
        '      <td class="strom-num">{}</td>\n'
        '      <td class="strom-num" title="{} bytes">{}</td>\n'
        '      <td class="strom-num rate">{}</td>\n'
        '      <td class="health">{}</td>\n    </tr>',
        link, topic.name, internal, thousands(topic.partitions), topic.replication_factor, thousands(topic.messages),
        thousands(topic.size_bytes), topic_rules.human_bytes(topic.size_bytes), rate, health or "healthy")
