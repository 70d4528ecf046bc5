"""Start local servers for the tests and the benchmarks: free ports, child processes, readiness.

Integration tests and benchmarks both start real gunicorn, Celery and redis-server processes, kill
them with SIGKILL in the middle of their work and start them again. A child runs in its own process
group with its output in a log file. The rule not to break: a caller waits for a server's port (or
another sign of life), never a fixed time, so a slow machine is slower but never wrong.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

__all__ = ["RedisServer", "ServiceProcess", "free_port", "redis_server", "wait_for_port"]

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float, what: str, process: subprocess.Popen | None = None) -> None:
    """Return once 127.0.0.1:`port` accepts connections; RuntimeError if `process` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not listen on port {port} within {timeout:g} s") from None
            time.sleep(0.05)


class ServiceProcess:
    """Start, SIGKILL, stop and restart one command, as its own process group.

    With `port`, `start()` returns only once the process listens on it.
    """

    def __init__(self, name: str, args: list[str], env: dict[str, str] | None, log_path: Path,
                 port: int | None = None, ready_timeout: float = 30.0) -> None:
        self.name, self.args, self.env, self.log_path = name, args, env, log_path
        self.port, self.ready_timeout = port, ready_timeout
        self.process: subprocess.Popen | None = None

    def start(self) -> ServiceProcess:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child keeps it for its life
        self.process = subprocess.Popen(self.args, cwd=BASE_DIR, env=self.env, stdout=log, stderr=log,
                                        start_new_session=True)
        log.close()
        if self.port is not None:
            try:
                wait_for_port(self.port, self.ready_timeout, self.name, self.process)
            except RuntimeError as error:
                self.kill()
                raise RuntimeError(f"{error}; log:\n{self.tail()}") from None
        return self

    def restart(self) -> ServiceProcess:
        """SIGKILL, then start again with the same arguments (and port)."""
        self.kill()
        return self.start()

    def kill(self) -> None:
        """SIGKILL the whole group: a Celery worker and its pool child die mid-task."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM (a warm shutdown for Celery), then SIGKILL if it has not gone in 20 s."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log().splitlines()[-lines:])


class RedisServer(ServiceProcess):
    """A redis-server of its own on 127.0.0.1, without persistence: a restart starts it empty."""

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def redis_server(folder: Path, port: int | None = None) -> RedisServer:
    """A RedisServer on `port` (a free one by default); `.start()` waits for its port.

    `.start()` raises FileNotFoundError when redis-server is not installed.
    """
    port = port or free_port()
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", str(folder)]
    return RedisServer("redis-server", args, None, Path(folder) / f"redis-{port}.log", port=port)
