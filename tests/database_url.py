"""The test database's URL, for the processes tests start (Celery worker, the ASGI server): they must see
the rows a test commits, on whichever engine the suite runs (SQLite file or PostgreSQL)."""
from urllib.parse import quote

from django.db import connection


def shared_database_url():
    """DATABASE_URL naming the database this test session made (Django's `test_<name>` on PostgreSQL)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    assert connection.vendor == "postgresql", f"no URL for a {connection.vendor} test database"
    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(settings['NAME'], safe='')}"
