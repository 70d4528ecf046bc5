"""Flask extensions, created unbound here and bound to the app in create_app()."""

from __future__ import annotations

import functools
import ipaddress

from flask import request
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from . import ratelimit_store  # noqa: F401 - registers the sqlite-counters:// storage with `limits`
from .ratelimits import RateLimiter

__all__ = ["client_address", "csrf", "limiter", "login_manager", "migrate"]


def client_address() -> str:
    """Return the client's network for rate limits: the /64 for IPv6, the address for IPv4.

    An IPv6 user controls a whole /64, so limiting single addresses would be
    no limit at all.
    """
    return _network(request.remote_addr or "unknown")


@functools.lru_cache(maxsize=1024)  # parsing an address costs more than the rest of a limit's key
def _network(raw: str) -> str:
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = RateLimiter(key_func=client_address)
