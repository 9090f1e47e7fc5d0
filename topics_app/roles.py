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


class _RolePermission(BasePermission):
    role = VIEWER

    @property
    def message(self):
        return f"This needs the {self.role} role."

    def has_permission(self, request, view):
        return has_role(request.user, self.role)


class IsViewer(_RolePermission):
    role = VIEWER


class IsOperator(_RolePermission):
    role = OPERATOR


class IsAdmin(_RolePermission):
    role = ADMIN
