"""Browser tests' host pages; the `browser` and `page` fixtures live in tests/conftest.py."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask
from playwright.sync_api import Page
from werkzeug.serving import make_server

from models import Site, db
from moderation.demo import create_demo_app
from tests.widget_helpers import HostPage


@pytest.fixture
def host_page(app: Flask, live_server: str) -> Iterator[HostPage]:
    """The demo article on its own origin, with the snippet for a site registered for that origin."""
    # The API writes absolute CAPTCHA URLs from PUBLIC_URL: here, the live server.
    app.config["PUBLIC_URL"] = live_server
    with app.app_context():
        # A small puzzle: these tests are about the form; the proof-of-work tests size it themselves.
        site = Site(name="Demo blog", origins=[], pow_max_number=20_000)
        db.session.add(site)
        db.session.commit()
        site_id, site_key = site.id, site.key
    server = make_server("127.0.0.1", 0, create_demo_app(site_key, live_server), threaded=True)
    origin = f"http://127.0.0.1:{server.server_port}"
    with app.app_context():
        db.session.get(Site, site_id).origins = [origin]
        db.session.commit()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield HostPage(f"{origin}/", site_id, site_key, live_server)
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def unguarded_page(browser) -> Iterator[Page]:
    """A page whose host CSP is switched off: what stays inert then is the widget's doing."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def custom_host(app: Flask, host_page: HostPage) -> Iterator[object]:
    """Serve one hand-written host page from a real server on yet another origin.

    The origin is registered for the site unless `register=False` (a set-up mistake).
    """
    servers = []

    def serve(html: str, csp: str, register: bool = True) -> str:
        class Page(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Security-Policy", csp)
                self.end_headers()
                self.wfile.write(html.encode())

            def log_message(self, *args) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        origin = f"http://127.0.0.1:{server.server_port}"
        if register:
            with app.app_context():
                site = db.session.get(Site, host_page.site_id)
                site.origins = [*site.origins, origin]
                db.session.commit()
        return f"{origin}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
