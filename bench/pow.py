"""What the proof of work costs a bot and what it makes a person wait.

A puzzle of size M (`Site.pow_max_number`) hides a number drawn uniformly from
[0, M], so a solver tries (M + 1) / 2 numbers on average and M + 1 at worst,
whoever it is. Measured here, in hashes per CPU-second (hashes per second of
wall time for the browser):
- bots: Python's hashlib in a tight loop, and a C solver on OpenSSL's SHA-256
  (built with `cc -lcrypto` when both are present) that also solves real
  puzzles from `proof_of_work.issue`, to check the average;
- people: the widget's own solver (pow.js, and `solve` taken from embed.js)
  in headless Chromium, in its Web Worker, and on the page thread under
  `Emulation.setCPUThrottlingRate` 4 and 6 as a phone. Chromium applies that
  throttle to pages only ("Operation is only supported for pages, not
  workers"), so the throttled figures run the widget's fallback, which does
  the same hashes in slices between the page's tasks.
The table then gives, for each size, the bot's expected CPU-seconds per
attempt (each attempt at the CAPTCHA consumes a challenge and its puzzle) and
per accepted comment when its CAPTCHA solver is right on 3% of attempts, and
the phone's median and worst solve and the seconds of typing after which
Post never waits more than 1 s.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from models.site import POW_MAX_NUMBER  # noqa: E402
from moderation import proof_of_work  # noqa: E402

__all__ = ["main"]

SIZES = tuple(sorted({1_000_000, 2_000_000, POW_MAX_NUMBER, 5_000_000, 10_000_000}))
CAPTCHA_SOLVED = 0.03  # the image CAPTCHA's goal for off-the-shelf solvers (bench/captcha.py)
C_PUZZLES = 12
WORKER_PUZZLES = 3
THROTTLED_PUZZLES = 2
CHROMIUM = "/usr/bin/chromium"

C_SOLVER = r"""
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* solver SALT CHALLENGE_HEX MAX: print the number and how many were tried */
int main(int argc, char **argv) {
  if (argc != 4) return 2;
  const char *salt = argv[1]; unsigned char target[32], md[32]; unsigned long max = strtoul(argv[3], 0, 10);
  for (int i = 0; i < 32; i++) sscanf(argv[2] + 2 * i, "%2hhx", &target[i]);
  SHA256_CTX base, c; SHA256_Init(&base); SHA256_Update(&base, salt, strlen(salt));
  char digits[24], tmp[24];
  for (unsigned long n = 0; n <= max; n++) {
    int len = 0; unsigned long v = n;
    do { tmp[len++] = '0' + v % 10; v /= 10; } while (v);
    for (int i = 0; i < len; i++) digits[i] = tmp[len - 1 - i];
    c = base; SHA256_Update(&c, digits, len); SHA256_Final(md, &c);
    if (md[0] == target[0] && memcmp(md, target, 32) == 0) { printf("%lu %lu\n", n, n + 1); return 0; }
  }
  printf("-1 %lu\n", max + 1); return 1;
}
"""


def _puzzle(size: int) -> proof_of_work.Puzzle:
    return proof_of_work.issue(secrets.token_bytes(32), secrets.token_hex(16), size)


def python_rate(tries: int = 600_000) -> float:
    """Hashes per CPU-second for hashlib in a tight loop, the salt's state copied once per try."""
    puzzle = _puzzle(POW_MAX_NUMBER)
    base = hashlib.sha256(puzzle.salt.encode())
    target = bytes.fromhex(puzzle.challenge)
    started = time.process_time()
    for number in range(tries):
        state = base.copy()
        state.update(str(number).encode())
        if state.digest() == target:
            break
    return tries / (time.process_time() - started)


def c_solver(tmp: Path) -> Path | None:
    compiler = shutil.which("cc")
    if compiler is None:
        return None
    (tmp / "solver.c").write_text(C_SOLVER)
    built = subprocess.run([compiler, "-O2", "-o", str(tmp / "solver"), str(tmp / "solver.c"), "-lcrypto"],
                           capture_output=True, text=True)
    return tmp / "solver" if built.returncode == 0 else None


def c_solves(solver: Path, size: int, count: int) -> tuple[float, float]:
    """Solve `count` real puzzles; return (hashes per CPU-second, mean tries / size)."""
    tries = cpu = 0.0
    for _ in range(count):
        puzzle = _puzzle(size)
        before = os.times()
        out = subprocess.run([str(solver), puzzle.salt, puzzle.challenge, str(size)],
                             capture_output=True, text=True, check=True).stdout.split()
        after = os.times()
        cpu += (after.children_user + after.children_system) - (before.children_user + before.children_system)
        tried = int(out[1])
        assert hashlib.sha256(f"{puzzle.salt}{out[0]}".encode()).hexdigest() == puzzle.challenge
        tries += tried
    return tries / cpu, tries / count / size


def _widget_solver() -> str:
    """The widget's `solve` and its solver, pow.js, which its worker loads from a blob: URL here."""
    static = BASE_DIR / "moderation" / "static"
    solver = (static / "pow.js").read_text()
    source = (static / "embed.js").read_text()
    return (f"{solver}\nvar POW = URL.createObjectURL(new Blob([{json.dumps(solver)}]));\n"
            + source[source.index("function solve("):source.index("// An identicon")])


_SOLVE = """([puzzle, pageOnly]) => new Promise(resolve => {
  if (pageOnly) window.Worker = undefined;  // the widget's fallback: slices on the page thread
  const started = performance.now();
  solve(puzzle, n => resolve([n, performance.now() - started]));
})"""


def browser_rates() -> dict[str, tuple[float, list[float]]]:
    """{setting: (tries per second, seconds of real solves at the default size)} in Chromium."""
    from playwright.sync_api import sync_playwright

    results: dict[str, tuple[float, list[float]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            for name, rate, page_only, solves in (("worker, not throttled", 1, False, WORKER_PUZZLES),
                                                  ("page, CPU throttled 4x", 4, True, THROTTLED_PUZZLES),
                                                  ("page, CPU throttled 6x", 6, True, 0)):
                page = browser.new_page()
                page.goto("data:text/html,<title>pow</title>")
                page.add_script_tag(content=_widget_solver() + "\nwindow.solve = solve;")
                page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
                # A puzzle with no answer in range: exactly max_number + 1 tries.
                empty = {"salt": "x.", "challenge": "00" * 32, "max_number": 299_999}
                _, ms = page.evaluate(_SOLVE, [empty, page_only])
                speed = 300_000 / (ms / 1000)
                seconds = []
                for _ in range(solves):
                    puzzle = _puzzle(POW_MAX_NUMBER).as_json()
                    number, ms = page.evaluate(_SOLVE, [puzzle, page_only])
                    found = hashlib.sha256(f"{puzzle['salt']}{number}".encode()).hexdigest()
                    assert found == puzzle["challenge"], "the widget's solver answered wrongly"
                    seconds.append(ms / 1000)
                results[name] = (speed, seconds)
                page.close()
        finally:
            browser.close()
    return results


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-pow-"))
    try:
        bots = {"Python hashlib loop": python_rate()}
        solver = c_solver(tmp)
        checked = ""
        if solver is not None:
            speed, share = c_solves(solver, POW_MAX_NUMBER, C_PUZZLES)
            bots["C, OpenSSL SHA-256"] = speed
            checked = (f"C solver on {C_PUZZLES} real puzzles of {POW_MAX_NUMBER:,}: "
                       f"tried {share:.2f} x the size on average (expected 0.50)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{os.cpu_count()} CPUs; the default puzzle size is {POW_MAX_NUMBER:,} "
          f"(a solver tries half of it on average, all of it at worst)")
    print()
    header = f"{'bot solver':<24}{'hashes/CPU-s':>14}" + "".join(
        f"{f'{size / 1e6:g}M: /try':>12}{'/comment':>10}" for size in SIZES)
    print(header)
    print("-" * len(header))
    for name, speed in bots.items():
        cells = "".join(f"{(size + 1) / 2 / speed:>11.2f}s{(size + 1) / 2 / speed / CAPTCHA_SOLVED:>9.1f}s"
                        for size in SIZES)
        print(f"{name:<24}{speed:>14,.0f}{cells}")
    if solver is None:
        print("C solver: not measured (needs cc and OpenSSL's headers: apt-get install -y gcc libssl-dev)")
    else:
        print(checked)
    print(f"/try: expected CPU-seconds per attempt; /comment: per accepted comment when the bot reads "
          f"{CAPTCHA_SOLVED:.0%} of CAPTCHAs (a person solving them for it: the /try figure)")
    print()
    if not Path(CHROMIUM).exists():
        print("browser: not measured (Chromium missing: make chromium)")
        return
    header = (f"{'widget in Chromium':<24}{'hashes/s':>10}{'size':>6}{'median':>9}{'worst':>8}"
              f"{'typing for <=1 s wait':>23}   real solves of the default (s)")
    print(header)
    print("-" * len(header))
    for name, (speed, seconds) in browser_rates().items():
        for size in SIZES:
            worst = (size + 1) / speed
            solved = ", ".join(f"{s:.1f}" for s in seconds) if size == POW_MAX_NUMBER and seconds else ""
            print(f"{name:<24}{speed:>10,.0f}{f'{size / 1e6:g}M':>6}{worst / 2:>8.1f}s{worst:>7.1f}s"
                  f"{max(0.0, worst - 1):>22.1f}s   {solved}")
    print("typing for <=1 s wait: seconds from the first focus on the form after which Post waits at most "
          "1 s for any puzzle (the widget starts solving then)")


if __name__ == "__main__":
    main()
