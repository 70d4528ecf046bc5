"""The short soak: load with a worker killed, Redis emptied and the database stopped, nothing lost.

The same code as `python -m bench soak`, on 300 comments at concurrency 20. It
runs its own PostgreSQL cluster and Redis server, so the faults it injects
never touch the shared ones.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bench.soak import PG_BIN, format_table, run_soak
from tests.support import service_missing

pytestmark = pytest.mark.integration


def test_no_accepted_comment_is_lost_while_a_worker_redis_and_the_database_fail() -> None:
    if not (PG_BIN / "initdb").exists():
        service_missing("PostgreSQL server binaries", f"apt-get install postgresql (looked in {PG_BIN})")
    if shutil.which("redis-server") is None:
        service_missing("redis-server", "apt-get install redis-server")
    if os.geteuid() == 0 and not Path("/usr/sbin/runuser").exists() and shutil.which("runuser") is None:
        service_missing("runuser", "needed to run PostgreSQL as its own user when tests run as root")

    lines: list[str] = []
    result = run_soak(300, 20, faults=True, log=lines.append, drain_timeout=120)
    report = format_table(result) + "\n" + "\n".join(lines)

    assert len(result["faults"]) == 6, report  # kill + restart, Redis down + up, database down + up
    assert result["answered_202"] == 300, report
    assert result["given_up"] == 0, report
    # While the database was down the answers were clean 503s with Retry-After.
    assert result["answers_during_outage"].get(503, 0) > 0, report
    assert result["unclean_5xx_count"] == 0, report
    assert result["hangs"] == 0, report
    assert result["missing_rows"] == 0, report
    assert result["still_received"] == 0, report
    assert result["lost"] == 0, report
    assert result["scored"] + result["score_failed"] == result["rows"], report
