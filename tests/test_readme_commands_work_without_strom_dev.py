"""The README's commands work as written on a checkout: no SECRET_KEY and no STROM_DEV needed by hand."""
import os
import subprocess
import sys

from tests.conftest import REPO


def without_development_settings(database):
    env = {name: value for name, value in os.environ.items()
           if name not in ("SECRET_KEY", "STROM_DEV", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    return {**env, "DATABASE_URL": f"sqlite:///{database}"}


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)


def test_create_user_as_the_readme_writes_it(tmp_path):
    env = without_development_settings(tmp_path / "readme.sqlite3")
    assert manage(env, "migrate", "--no-input").returncode == 0

    created = manage(env, "create_user", "alice", "--role", "viewer")
    with_password = manage(env, "create_user", "bob", "--role", "admin", "--password", "a long password")

    assert created.returncode == 0, created.stderr
    assert "SECRET_KEY" not in created.stderr
    assert with_password.returncode == 0, with_password.stderr
