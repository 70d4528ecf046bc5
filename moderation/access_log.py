"""Gunicorn's access log without the people in it: no full client address, no one-time token.

`gunicorn --logger-class moderation.access_log.PrivateAccessLog` writes the usual
lines, but the client is its network (IPv4 /24, IPv6 /48), the secret part of an
invitation link is replaced by "...", and the referrer loses its query. Headers and
environment atoms (`%({name}i)s`, `%({name}e)s`) are not offered at all, since any
of them (Cookie, X-Forwarded-For) may identify a person. The rule: nothing reaches
the log line except through `atoms` below.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from gunicorn.glogging import Logger

__all__ = ["PrivateAccessLog", "network_of", "without_tokens"]

# Paths whose last segment is a one-time secret.
_TOKEN_PATH = re.compile(r"(/moderate/invite/)[^/?#\s]+")


def network_of(address: str) -> str:
    """Return the /24 (IPv4) or /48 (IPv6) an address belongs to, or "-" when it is not one."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "-"
    bits = 24 if parsed.version == 4 else 48
    return str(ipaddress.ip_network(f"{parsed}/{bits}", strict=False))


def without_tokens(text: str) -> str:
    """Replace the secret in every invitation link of `text` with "..."."""
    return _TOKEN_PATH.sub(r"\1...", text)


class PrivateAccessLog(Logger):
    """Gunicorn's logger with access-log atoms that identify no person and carry no secret."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        full = super().atoms(resp, req, environ, request_time)
        atoms = {key: value for key, value in full.items() if not key.startswith("{")}
        atoms["h"] = network_of(str(environ.get("REMOTE_ADDR", "")))
        atoms["r"] = without_tokens(str(full["r"]))
        atoms["U"] = without_tokens(str(full["U"] or ""))
        referrer = str(full["f"])
        atoms["f"] = without_tokens(referrer.split("?", 1)[0])
        return atoms
