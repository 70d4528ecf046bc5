"""Rate limits: fixed windows counted in a store every web process shares, all of a request's windows at once.

`limiter.limit(...)` decorates a view with limits in Flask-Limiter's syntax
("10/minute;100/day"), counted per client address (or another key), in the
store RATELIMIT_STORAGE_URI names: Redis, or the SQLite file of
`ratelimit_store.py`, both shared by every gunicorn worker, never per process
(create_app refuses memory:// in production). A request over a limit gets 429
with the breached window's own Retry-After (errors.py writes the answer).

It replaces Flask-Limiter, whose hooks and per-window round trips cost about a
quarter of a comment POST's CPU: here a request's windows are counted in one
round trip (one Lua script on Redis, one transaction in the SQLite file), and
nothing runs for requests to views without limits. Counting keeps
Flask-Limiter's rules and its keys, so counters carry over: windows are
counted shortest first and counting stops at the first one exceeded, so a
refused request does not use up the longer windows. A limit with
`deduct_when` (the console's login, where only failed attempts count) is only
read before the view; the answer is counted afterwards if `deduct_when(answer)`
says so, a refused attempt included. Should the store fail, counting goes on
in this process's memory (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED), and the store
is tried again after 1, 2, 4 ... 32 s.
The rule a change must keep: every count goes to the shared store while it
answers; a window that is only read (`deduct_when`) is counted after the view.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, request
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, RedisClusterStorage, RedisStorage, Storage, storage_from_string
from werkzeug.exceptions import TooManyRequests

from .ratelimit_store import SQLiteCounters

__all__ = ["RateLimiter"]

# A window to count: its limit and its counter's key.
Window = tuple[RateLimitItem, str]

log = logging.getLogger(__name__)

# Each window in turn: count it, start its time on the first count, stop at
# the first one exceeded and say which (1-based) and when it ends, in ms.
_HIT_WINDOWS = """
for i, key in ipairs(KEYS) do
  local count = redis.call("INCRBY", key, 1)
  if count == 1 then redis.call("EXPIRE", key, ARGV[2 * i - 1]) end
  if count > tonumber(ARGV[2 * i]) then return {i, redis.call("PTTL", key)} end
end
return {0, 0}
"""
# The back-off between looks at a failed store: 2**n seconds, n from 0 to this, then again from 0.
_MAX_BACKOFF_EXPONENT = 5


@functools.lru_cache(maxsize=4096)
def _windows(limits: str, *identifiers: str) -> tuple[Window, ...]:
    """The windows of `limits` for one client and view, shortest first, each with its counter's key."""
    windows = sorted(parse_many(limits), key=lambda window: window.get_expiry())
    return tuple((window, window.key_for(*identifiers)) for window in windows)


@dataclass(frozen=True, slots=True)
class _Rule:
    limits: str | Callable[[], str]
    key_func: Callable[[], str] | None
    methods: frozenset[str] | None
    deduct_when: Callable[[Response], bool] | None
    scope: str | None




def _retry_after(window: RateLimitItem, seconds: float) -> int:
    """Whole seconds until the window ends, at least 1 and never past the window's own length."""
    return max(1, min(window.get_expiry(), math.ceil(seconds)))


class _Counters:
    """One app's counters: its shared store, and the memory fallback while the store fails."""

    def __init__(self, storage: Storage, fallback: bool, key_prefix: str) -> None:
        self.storage = storage
        self.fallback = MemoryStorage() if fallback else None
        self.key_prefix = key_prefix
        self.dead = False
        self._looked_at = 0.0
        self._looks = 0
        self._script: Any = None
        self._client: Any = None
        self._client_pid = 0
        if isinstance(storage, RedisStorage) and not isinstance(storage, RedisClusterStorage):
            # One script with several keys: a cluster would refuse keys of different slots.
            self._script = storage.get_connection().register_script(_HIT_WINDOWS)

    def _redis(self) -> Any:
        """This process's own connection to the store's Redis, kept between requests.

        A client on the store's pool takes a connection from it and gives it
        back around every command (about 70 Python calls a request). Made in
        the process that uses it (a connection must not cross a fork), and
        again if making it failed. Before each use it is checked as the pool
        checks a connection it hands out: one that Redis closed (a restart)
        has its end of file to read, and is made again by the command.
        """
        if self._client is None or self._client_pid != os.getpid():
            self._client = None
            shared = self.storage.get_connection()
            self._client = type(shared)(connection_pool=shared.connection_pool, single_connection_client=True)
            self._client_pid = os.getpid()
        connection = self._client.connection
        try:
            if connection.can_read():
                connection.disconnect()
        except Exception:  # noqa: BLE001 - the command reconnects, or fails and the fallback counts
            connection.disconnect()
        return self._client

    def _store(self) -> Storage:
        if self.dead and self.fallback is not None:
            if self._may_look_again() and self.storage.check():
                log.info("rate-limit storage recovered")
                self.dead, self._looks = False, 0
            else:
                return self.fallback
        return self.storage

    def _may_look_again(self) -> bool:
        if self._looks > _MAX_BACKOFF_EXPONENT:
            self._looks = 0
        if time.time() - self._looked_at > 2**self._looks:
            self._looked_at = time.time()
            self._looks += 1
            return True
        return False

    def _with_fallback(self, action: Callable[[Storage], Any]) -> Any:
        store = self._store()
        try:
            return action(store)
        except Exception:
            if self.fallback is None or store is self.fallback:
                raise
            log.warning("rate-limit storage unreachable: counting in this process's memory meanwhile",
                        exc_info=True)
            self.dead = True
            return action(self.fallback)

    def hit(self, windows: list[Window]) -> int | None:
        """Count a request in each window, shortest first; the first exceeded one's Retry-After, else None."""
        return self._with_fallback(lambda store: self._hit(store, windows))

    def _hit(self, store: Storage, windows: list[Window]) -> int | None:
        if store is self.storage and self._script is not None:
            args: list[int] = []
            for window, _ in windows:
                args += (window.get_expiry(), window.amount)
            index, milliseconds = self._script(keys=[key for _, key in windows], args=args,
                                               client=self._redis())
            if not index:
                return None
            return _retry_after(windows[index - 1][0], max(int(milliseconds), 0) / 1000)
        if isinstance(store, SQLiteCounters):
            found = store.hit_windows([(key, window.get_expiry(), window.amount) for window, key in windows])
            return None if found is None else _retry_after(windows[found[0]][0], found[1])
        for window, key in windows:
            if store.incr(key, window.get_expiry()) > window.amount:
                return _retry_after(window, store.get_expiry(key) - time.time())
        return None

    def exceeded(self, windows: list[Window]) -> int | None:
        """Read, without counting, whether a request would exceed a window; its Retry-After if so."""
        def read(store: Storage) -> int | None:
            for window, key in windows:
                if store.get(key) >= window.amount:
                    return _retry_after(window, store.get_expiry(key) - time.time())
            return None
        return self._with_fallback(read)

    def count(self, windows: list[Window]) -> None:
        """Count one request in every window (a deduction after the answer: nothing to refuse)."""
        def count(store: Storage) -> None:
            for window, key in windows:
                store.incr(key, window.get_expiry())
        self._with_fallback(count)


class RateLimiter:
    """The app's rate limits: `limit()` decorates views; `init_app` gives each app its own counters."""

    def __init__(self, key_func: Callable[[], str]) -> None:
        self.key_func = key_func

    def init_app(self, app: Flask) -> None:
        config = app.config
        if not config.get("RATELIMIT_ENABLED", True):
            app.extensions.pop("ratelimits", None)
            return
        storage = storage_from_string(config.get("RATELIMIT_STORAGE_URI") or "memory://",
                                      **config.get("RATELIMIT_STORAGE_OPTIONS", {}))
        app.extensions["ratelimits"] = _Counters(
            storage, bool(config.get("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", False)),
            config.get("RATELIMIT_KEY_PREFIX", ""))
        app.after_request(_count_deductions)

    def limit(self, limits: str | Callable[[], str], *, key_func: Callable[[], str] | None = None,
              methods: list[str] | None = None, deduct_when: Callable[[Response], bool] | None = None,
              scope: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Limit a view. Stacked on one view, the limits are checked together, shortest window first."""
        rule = _Rule(limits, key_func, frozenset(m.upper() for m in methods) if methods else None,
                     deduct_when, scope)

        def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
            inner = getattr(view, "_rate_limited", None)
            if inner is not None:  # already limited by us: one check for all of them
                view, rules = inner[0], (rule, *inner[1])
            else:
                rules = (rule,)

            @functools.wraps(view)
            def limited(*args: Any, **kwargs: Any) -> Any:
                counters = current_app.extensions.get("ratelimits")
                if counters is not None:
                    self._check(counters, rules)
                return view(*args, **kwargs)

            limited._rate_limited = (view, rules)  # type: ignore[attr-defined]
            return limited

        return decorate

    def _check(self, counters: _Counters, rules: tuple[_Rule, ...]) -> None:
        method, endpoint = request.method, request.endpoint or ""
        counted: list[Window] = []
        read: list[tuple[_Rule, Window]] = []
        for rule in rules:
            if rule.methods is not None and method not in rule.methods:
                continue
            key = (rule.key_func or self.key_func)()
            if not key or not endpoint:
                log.error("rate limit %s skipped: no key", rule.limits)
                continue
            scope = f"{endpoint}:{rule.scope}" if rule.scope else endpoint
            limits = rule.limits() if callable(rule.limits) else rule.limits
            windows = _windows(limits, counters.key_prefix, key, scope)
            if rule.deduct_when is None:
                counted += windows
            else:
                read += ((rule, entry) for entry in windows)
        retry_after = None
        if read:
            read.sort(key=lambda pair: pair[1][0].get_expiry())
            # Noted first: a refused attempt is counted after its answer like any other.
            g._ratelimit_deductions = read
            retry_after = counters.exceeded([entry for _, entry in read])
        if retry_after is None and counted:
            if len(rules) > 1:
                counted.sort(key=lambda entry: entry[0].get_expiry())
            retry_after = counters.hit(counted)
        if retry_after is not None:
            log.info("rate limit exceeded at %s", endpoint)
            raise TooManyRequests(retry_after=retry_after)


def _count_deductions(response: Response) -> Response:
    deductions = g.pop("_ratelimit_deductions", None)
    if deductions:
        windows = [entry for rule, entry in deductions if rule.deduct_when(response)]
        if windows:
            current_app.extensions["ratelimits"].count(windows)
    return response
