"""The three roles (Django groups), checked the same way in pages, the API and websockets.

viewer reads, operator also acts on data (produce, reset offsets, jobs), admin also changes
the cluster's structure. Each role includes the ones before it; superusers are admins.
"""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

VIEWER, OPERATOR, ADMIN = "viewer", "operator", "admin"
ROLES = (VIEWER, OPERATOR, ADMIN)
# Creating a topic needs this role, whether from the topic pages and API or by a job that creates the topic
# it writes to (an ingest's create_topic, a replay's create_target).
TOPIC_CREATOR = ADMIN


def role_of(user):
    """The highest role a user holds, or None."""
    if not user or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    held = set(user.groups.values_list("name", flat=True))
    for role in reversed(ROLES):
        if role in held:
            return role
    return None


def has_role(user, role):
    held = role_of(user)
    return held is not None and ROLES.index(held) >= ROLES.index(role)


def role_required(role):
    """Page decorator: login first, then 403 unless the user holds `role` or higher."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, role):
                raise PermissionDenied(f"This needs the {role} role.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RolePerMethod(BasePermission):
    """DRF permission: the role a request needs depends on its HTTP method.

    Subclasses come from `role_per_method`; `roles` maps methods to roles and `default` is the
    role every other method needs.
    """

    roles = {}
    default = ADMIN

    def needed_role(self, method):
        if method in ("HEAD", "OPTIONS") and method not in self.roles:
            method = "GET"
        return self.roles.get(method, self.default)

    def has_permission(self, request, view):
        role = self.needed_role(request.method)
        # DRF reads the refusal's text from the instance right after this check.
        self.message = f"This needs the {role} role."
        return has_role(request.user, role)


def role_per_method(default=None, **roles):
    """A permission class needing roles[method], e.g. role_per_method(GET=VIEWER, POST=OPERATOR).

    HEAD and OPTIONS need what GET needs. Any other method not named needs `default`, which is the
    highest role named unless given, so a method added later is refused rather than let through.
    """
    if default is None:
        default = max(roles.values(), key=ROLES.index)
    label = "".join(f"{method.title()}{role.title()}" for method, role in roles.items()) or default.title()
    return type(f"RolePerMethod{label}", (RolePerMethod,), {"roles": roles, "default": default})


IsViewer = role_per_method(default=VIEWER)
IsOperator = role_per_method(default=OPERATOR)
IsAdmin = role_per_method(default=ADMIN)
