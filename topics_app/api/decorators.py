"""What API views under clusters/<cluster>/ share."""
from functools import wraps

from django.shortcuts import get_object_or_404

from topics_app.models import Cluster


def cluster_api(view):
    """The view gets the Cluster row for the URL's cluster name; a name with no row is a 404.

    Goes under @api_view and @permission_classes, so roles are checked first. ServiceErrors need
    nothing here: the API's exception handler (topics_app.api.errors) renders them.
    """

    @wraps(view)
    def wrapped(request, cluster, **kwargs):
        return view(request, get_object_or_404(Cluster, name=cluster), **kwargs)

    return wrapped
