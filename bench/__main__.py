"""`make bench`: run every benchmark under bench/ and print each one's table."""

from __future__ import annotations

import importlib
import sys
import time

# In the order a comment travels: widget, CAPTCHA, proof of work, API, worker, classifier,
# mail, console, whole system.
BENCHMARKS = ["widget", "captcha", "pow", "api", "classifier", "replay", "worker", "notify", "queue",
              "insights", "importers", "soak"]


def main(names: list[str]) -> int:
    failed = []
    for name in names or BENCHMARKS:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"bench.{name}":
                continue
            raise
        print(f"\n== bench/{name}.py ==", flush=True)
        started = time.monotonic()
        try:
            module.main()
        except Exception as error:  # noqa: BLE001 - report and go on to the next table
            failed.append(name)
            print(f"bench/{name}.py failed: {type(error).__name__}: {error}", flush=True)
        print(f"({time.monotonic() - started:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
