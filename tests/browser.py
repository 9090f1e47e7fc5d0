"""Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright, never a downloaded browser."""
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def pwned(page):
    """What a script injected through message content would have set; None when nothing ran."""
    return page.evaluate("typeof window.__pwned === 'undefined' ? null : window.__pwned")


def with_server_password(user, password):
    """Give `user` a password the server fixture can check: the fast hasher the tests swap in is known
    only to the test process, not to the server's own settings."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(password, hasher.salt(), iterations=1000)
    user.save()
    return user
