"""An app that answers every request with the same small JSON and does nothing else.

bench/api.py serves it exactly as it serves ours (gunicorn, 2 sync workers) and
drives it with the same clients: its rate is the ceiling of this machine for
that setup, the yardstick for the real figures beside it.
"""

BODY = b'{"ok":true}'


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))])
    return [BODY]
