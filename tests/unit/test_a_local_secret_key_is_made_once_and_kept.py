"""Without SECRET_KEY a checkout keeps its own random key in a private file, made on first use."""
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import local_secret_key


def test_the_first_use_writes_a_long_random_key_only_its_owner_can_read(tmp_path):
    path = tmp_path / ".secret_key"

    key = local_secret_key(path)

    assert len(key) >= 50
    assert path.read_text().strip() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_later_uses_read_the_same_key(tmp_path):
    path = tmp_path / ".secret_key"

    assert local_secret_key(path) == local_secret_key(path)


def test_two_checkouts_have_different_keys(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()

    assert local_secret_key(tmp_path / "a" / ".secret_key") != local_secret_key(tmp_path / "b" / ".secret_key")


def test_a_place_that_cannot_be_written_says_to_set_secret_key(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="Set the SECRET_KEY environment variable"):
        local_secret_key(tmp_path / "missing-folder" / ".secret_key")
