"""A child process in its own process group, its output in a log file: gunicorn, Celery.

Benchmarks and integration tests both start real servers and workers, kill
them with SIGKILL in the middle of their work and start them again; this is
that one piece, shared by bench/soak.py and tests/conftest.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

__all__ = ["ServiceProcess"]

BASE_DIR = Path(__file__).resolve().parent.parent


class ServiceProcess:
    """Start, SIGKILL, stop and restart one command, as its own process group."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.name, self.args, self.env, self.log_path = name, args, env, log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> ServiceProcess:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child keeps it for its life
        self.process = subprocess.Popen(self.args, cwd=BASE_DIR, env=self.env, stdout=log, stderr=log,
                                        start_new_session=True)
        log.close()
        return self

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
