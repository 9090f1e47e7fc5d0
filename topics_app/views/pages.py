"""What every admin-style page shares."""
from functools import wraps

from django.contrib import admin
from django.shortcuts import get_object_or_404, render

from topics_app.errors import ServiceError
from topics_app.models import Cluster
from topics_app.roles import ADMIN, OPERATOR, has_role, role_required


def page(request, template, title, cluster=None, status=200, **context):
    """Render an admin-style page with the admin's header and the cluster navigation.

    The role flags decide which links the navigation and a topic's tabs offer.
    """
    context = {**admin.site.each_context(request), "title": title, "cluster": cluster,
               "user_is_operator": has_role(request.user, OPERATOR), "user_is_admin": has_role(request.user, ADMIN),
               **context}
    return render(request, template, context, status=status)


def kafka_error_page(request, cluster, error, title):
    """The page shown when Kafka cannot answer (unreachable cluster, missing topic, ...)."""
    return page(request, "topics_app/kafka_error.html", title, cluster=cluster, status=error.status, error=error)


def cluster_page(role, title):
    """Decorator for a page under /clusters/<cluster>/: login and `role` first, then the Cluster row (or 404).

    The view gets the Cluster instead of its name. A ServiceError the view lets escape becomes
    the Kafka error page titled `title`, formatted with the view's URL arguments and the cluster
    (e.g. "Topic {topic}"); errors a form shows next to a field are caught in the view.
    """

    def decorator(view):
        @role_required(role)
        @wraps(view)
        def wrapped(request, cluster, **kwargs):
            cluster = get_object_or_404(Cluster, name=cluster)
            try:
                return view(request, cluster, **kwargs)
            except ServiceError as error:
                return kafka_error_page(request, cluster, error, title.format(cluster=cluster, **kwargs))

        return wrapped

    return decorator
