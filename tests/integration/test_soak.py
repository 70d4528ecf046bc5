"""The short soak: load with a worker killed, Redis emptied and the database stopped, nothing lost.

The benchmark's own command (`python -m bench.soak 300 20 --json`), run as a process as an operator
would, on 300 comments at concurrency 20. It runs its own PostgreSQL cluster and Redis server, so
the faults it injects never touch the shared ones.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from config import BASE_DIR
from tests.support import service_missing

pytestmark = pytest.mark.integration

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def test_no_accepted_comment_is_lost_while_a_worker_redis_and_the_database_fail(starter_file: Path) -> None:
    if not (PG_BIN / "initdb").exists():
        service_missing("PostgreSQL server binaries", f"apt-get install postgresql (looked in {PG_BIN})")
    if shutil.which("redis-server") is None:
        service_missing("redis-server", "apt-get install redis-server")
    if os.geteuid() == 0 and not Path("/usr/sbin/runuser").exists() and shutil.which("runuser") is None:
        service_missing("runuser", "needed to run PostgreSQL as its own user when tests run as root")

    # The tests' cached starter model, so the soak spends its minutes on faults, not on training.
    command = [sys.executable, "-m", "bench.soak", "300", "20", "--json", "--model", str(starter_file)]
    done = subprocess.run(command, cwd=BASE_DIR, capture_output=True, text=True, timeout=540)
    report = f"{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
    # The result is the last line printed, also when the soak then fails on it (exit code 1).
    last = done.stdout.strip().splitlines()[-1:] or [""]
    assert last[0].startswith("{"), f"the soak did not finish (exit code {done.returncode}):\n{report}"
    result = json.loads(last[0])

    assert len(result["faults"]) == 6, report  # kill + restart, Redis down + up, database down + up
    assert result["answered_202"] == 300, report
    assert result["given_up"] == 0, report
    # While the database was down the answers were clean 503s with Retry-After (JSON keys are text).
    assert result["answers_during_outage"].get("503", 0) > 0, report
    assert result["unclean_5xx_count"] == 0, report
    assert result["hangs"] == 0, report
    assert result["missing_rows"] == 0, report
    assert result["still_received"] == 0, report
    assert result["lost"] == 0, report
    assert result["scored"] + result["score_failed"] == result["rows"], report
