from django import template
from django.utils.html import format_html

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
