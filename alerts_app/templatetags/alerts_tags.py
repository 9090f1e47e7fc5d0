"""The "firing now" table for pages of other apps (the home page), which may not import alerts_app."""
from django import template

from alerts_app.services.status import firing_now

register = template.Library()


@register.inclusion_tag("alerts_app/_firing_now.html")
def alerts_firing_now(cluster=None):
    return {"firing": firing_now(cluster)}
