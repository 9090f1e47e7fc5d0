"""What every admin-style page shares."""
from django.contrib import admin
from django.shortcuts import render


def page(request, template, title, cluster=None, status=200, **context):
    """Render an admin-style page with the admin's header and the cluster navigation."""
    context = {**admin.site.each_context(request), "title": title, "cluster": cluster, **context}
    return render(request, template, context, status=status)


def kafka_error_page(request, cluster, error, title):
    """The page shown when Kafka cannot answer (unreachable cluster, missing topic, ...)."""
    return page(request, "topics_app/kafka_error.html", title, cluster=cluster, status=error.status, error=error)
