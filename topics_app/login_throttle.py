"""Login throttle: django-axes counts failed logins per username and per address (settings: AXES_*)."""
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check, for logins that come over HTTP.

    A login without a request (the test client's login(), a management command) comes from no
    address and from no one who could guess passwords: it is not throttled rather than refused.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_address(request):
    """The address a login came from: behind a TLS proxy, the one the proxy appended to X-Forwarded-For
    (a client can write the header's earlier entries, not the last); otherwise the connection's."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The login page's answer once the limit is reached: 429 and what to do, in the site's layout."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/login_locked.html", {"title": "Too many failed logins", "minutes": minutes,
                                                              "failure_limit": settings.AXES_FAILURE_LIMIT},
                  status=429)
