"""The WSGI entry point: `gunicorn wsgi:app`. A bad setting stops here with one line."""

import gc
import sys

from config import ConfigError
from moderation import create_app

try:
    app = create_app()
except ConfigError as error:
    print(f"configuration error: {error}", file=sys.stderr)
    # 3 is gunicorn's "worker failed to boot": the master stops instead of
    # respawning workers that can never start.
    raise SystemExit(3) from None

# The ~165,000 objects the app is made of live as long as the process: out of the collector's
# sight, a full collection stops costing ~100 ms of CPU on whichever request triggers it (every
# few console pages with large tables).
gc.freeze()
