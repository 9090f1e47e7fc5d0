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


def row_page(model, url_argument, role, title, cluster_of=None):
    """Decorator for a page under a row named in its URL (a Kafka cluster, a Connect cluster): login and `role`
    first, then the row (or 404), which the view gets in place of its name.

    A ServiceError the view lets escape becomes the Kafka error page titled `title`, formatted with the view's
    URL arguments and the row (e.g. "Topic {topic}"), shown under the Kafka cluster `cluster_of(row)` (the row
    itself when not given); errors a form shows next to a field are caught in the view.
    """

    def decorator(view):
        @role_required(role)
        @wraps(view)
        def wrapped(request, **kwargs):
            row = get_object_or_404(model, name=kwargs.pop(url_argument))
            try:
                return view(request, row, **kwargs)
            except ServiceError as error:
                cluster = cluster_of(row) if cluster_of else row
                return kafka_error_page(request, cluster, error, title.format(**{url_argument: row}, **kwargs))

        return wrapped

    return decorator


def cluster_page(role, title):
    """A page under /clusters/<cluster>/ (see row_page): the view gets the Cluster."""
    return row_page(Cluster, "cluster", role, title)
