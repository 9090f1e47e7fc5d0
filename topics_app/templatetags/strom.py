from urllib.parse import quote

from django import template
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import RFC3986_SUBDELIMS
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
    language's lookups, filters and {% url %} in every cell took about 200 ms of the page, and format_html's
    escaping of every number and a reverse() per row another 100. Every text is escaped; numbers are ints."""
    link = escape(_topic_link(context, topic.name))
    internal = ' <span class="help">(internal)</span>' if topic.internal else ""
    rate = "—" if topic.messages_per_s is None else escape(localize(topic.messages_per_s))
    health = "healthy"
    if problems := topic.health.problems:
        health = format_html('<img src="/static/admin/img/icon-alert.svg" alt="problem"> {}', format_html_join(
            "; ", "{}: {} partition{}", ((label, count, pluralize(count)) for label, count in problems)))
    return mark_safe(
        f'<tr>\n      <td><a href="{link}">{escape(topic.name)}</a>{internal}</td>\n'
        f'      <td class="strom-num">{int(topic.partitions):,}</td>\n'
        f'      <td class="strom-num">{int(topic.replication_factor)}</td>\n'
        f'      <td class="strom-num">{int(topic.messages):,}</td>\n'
        f'      <td class="strom-num" title="{int(topic.size_bytes):,} bytes">'
        f'{escape(topic_rules.human_bytes(topic.size_bytes))}</td>\n'
        f'      <td class="strom-num rate">{rate}</td>\n'
        f'      <td class="health">{health}</td>\n    </tr>')


def _topic_link(context, name):
    """reverse() of the topic's page, from the cluster's part reversed once per rendering (45 µs a row, otherwise);
    the name quoted as reverse() quotes it."""
    around = context.render_context.get(_topic_link)
    if around is None:
        url = reverse("topics_app:topic-detail", args=[context["cluster"].name, "topic"])
        around = context.render_context[_topic_link] = url.rsplit("topic", 1)
    return quote(name, safe=RFC3986_SUBDELIMS + "/~:@").join(around)
