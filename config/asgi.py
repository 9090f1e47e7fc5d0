import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from config.websocket_origins import CsrfOriginValidator  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": CsrfOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# What start-up made (Django, and every view module the URLconf imports, loaded now rather than at the first
# request) lives as long as the process. Frozen, it is skipped by the garbage collector's full passes, which
# walked it all, 120,000 objects and 70-130 ms of CPU each, while every socket of the process waited.
get_resolver().url_patterns
gc.collect()
gc.freeze()
