"""The browser fixtures (headless Chromium) are shared with tests/browser, imported not copied."""

from tests.browser.conftest import browser, page  # noqa: F401 - pytest finds fixtures by name
