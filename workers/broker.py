"""kombu's Redis transport, publishing through one Redis client per channel.

kombu makes a new redis-py client for every message it publishes, and with
redis-py 8 making one costs as much as the publish itself (about 550 Python
calls: every response callback is registered anew). A client is a thin
handle on the channel's connection pool and safe to share between threads,
so this channel keeps one and makes a new one only when kombu replaces the
pool (after a lost connection). config.py selects it for `redis://` brokers.
"""

from __future__ import annotations

from typing import Any

from kombu.transport import redis

__all__ = ["Transport"]


class Channel(redis.Channel):
    _kept_client: Any = None

    def _create_client(self, asynchronous: bool = False) -> Any:
        if asynchronous:
            return super()._create_client(asynchronous=True)
        client = self._kept_client
        if client is None or client.connection_pool is not self.pool:
            client = self._kept_client = super()._create_client()
        return client


class Transport(redis.Transport):
    Channel = Channel
