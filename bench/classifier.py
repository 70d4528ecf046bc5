"""Benchmark the spam classifier: in-domain, on sites it never saw, its size and its speed.

Run ``python -m bench.classifier`` from the repository root. It reads the three YouTube files from
``../shared/data/youtube-spam`` and the programming blog's readers from ``../shared/data/blog-ham``
(or the folder named by ``SHARED_DATA``, which may point at either ``shared/data`` or the
``youtube-spam`` folder itself) and prints one table, each figure beside its target with PASS or
MISS: the paper's protocol per YouTube file (first 70% of each class in file order trains, the last
30% tests), leave-one-file-out, and then the starter model (trained on ``data/starter_corpus.csv``
only) where it never trained: its corpus with each family of comment held out in turn, each whole
YouTube file, the blog readers' comments (the share it would hold as spam) and the hand-written
blog comments under data/ when present: the hold-outs ``blog_holdout_2.csv`` and
``wordpress_era_holdout.csv`` (kept for measuring only: nothing is ever tuned on them) and the
development sets ``blog_holdout.csv`` and ``wordpress_era_dev.csv``; then the same starter figures
averaged over corpora the generator writes with other seeds (one seed's corpus moves them by a few
hundredths, so a change is judged on the mean and the spread, not on one draw); last its size, load
time, ``score_many`` throughput and one ``judge()`` call's latency, judged by this process's CPU
time (the wall time, which also counts the neighbours' load on a shared machine, is shown beside
it). Where the YouTube data is absent it says so in one line and exits 0. ``rows()`` returns the
same figures as dicts for other drivers, which may add rows of their own.

``--speed`` prints only the last four rows (the starter model is still trained, a minute of the
run), for profiling: ``python -m cProfile -s cumtime -m bench.classifier --speed``.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spam import (
    STARTER_CSV,
    Labelled,
    Sample,
    SpamClassifier,
    corpus_kinds,
    cross_validate,
    evaluate,
    load_labelled_csv,
    starter_corpus,
    tubespam_split,
)

__all__ = ["FILES", "blog_ham_file", "blog_readers_figures", "data_dir", "main", "rows"]

FILES = ("Youtube01-Psy.csv", "Youtube02-KatyPerry.csv", "Youtube03-LMFAO.csv")
BLOG_HAM = Path("blog-ham") / "tigraine-approved.csv"
DATA = Path(__file__).resolve().parents[1] / "data"
# Hand-written labelled comments, each with the goal of the unseen real data it stands in for: a
# tutorial blog today (MCC, and readers held at most 2%), and blogs of 2007-2010 in WordPress
# exports, half of them spam (MCC; no goal is set for readers held there). A hold-out is kept for
# measuring only; a development set's mistakes may be read to find what the corpus lacks.
HOLDOUTS = (
    (DATA / "blog_holdout_2.csv", "hold-out", 0.70, 0.02),
    (DATA / "wordpress_era_holdout.csv", "hold-out", 0.85, None),
    (DATA / "blog_holdout.csv", "dev set", 0.70, 0.02),
    (DATA / "wordpress_era_dev.csv", "dev set", 0.85, None),
)
GENERATOR = Path(__file__).resolve().parents[1] / "data" / "make_starter_corpus.py"
# The shipped corpus's seed and these: each other seed is a generation and a training (~10 s).
OTHER_SEEDS = 2

PAPER_MCC = 0.95
LOFO_MCC = 0.92
STARTER_F1 = 0.85
KIND_OUT_MCC = 0.80
BLOG_HAM_FPR = 0.02
MODEL_BYTES = 5_000_000
LOAD_S = 1.0
THROUGHPUT = 5000.0
P95_MS = 5.0


def data_dir() -> Path:
    """Return the folder holding the YouTube CSV files (it may not exist)."""
    override = os.environ.get("SHARED_DATA")
    base = Path(override) if override else Path(__file__).resolve().parents[2] / "shared" / "data"
    return base if (base / FILES[0]).exists() else base / "youtube-spam"


def blog_readers_figures(model: SpamClassifier, readers: list[Sample]) -> dict[str, Any]:
    """How many of the blog's readers `model` holds, with the two counts that say who they are.

    The file repeats some comments many times, so the distinct texts held are counted too. The
    owner also approved link drops (shoe shops, a web agency, dozens of times over): the comments
    without a link are the readers, and their count says how often a reader is held.
    """
    # One judgement a comment gives both its score and its link count.
    judged = [model.judge(sample, top=0) for sample in readers]
    scores = [j.score for j in judged]
    m = evaluate([0] * len(readers), scores)
    distinct: dict[str, float] = {}
    for sample, score in zip(readers, scores, strict=True):
        distinct[sample.body.strip()] = max(score, distinct.get(sample.body.strip(), 0.0))
    m["distinct"] = len(distinct)
    m["distinct_flagged"] = sum(1 for s in distinct.values() if s >= 0.5)
    plain = [j.score for j in judged if j.links == 0]
    m["plain"] = len(plain)
    m["plain_flagged"] = sum(1 for s in plain if s >= 0.5)
    return m


def blog_ham_file() -> Path:
    """Return the blog readers' comments file (it may not exist)."""
    folder = data_dir()
    base = folder.parent if folder.name == "youtube-spam" else folder
    return base / BLOG_HAM


def _row(check: str, data: str, metrics: dict[str, Any], key: str, target: float,
         below: bool = False) -> dict[str, Any]:
    """One figure; ``below`` when smaller is better (a false-positive rate, bytes, seconds)."""
    value = metrics[key]
    passed = value is not None and (value <= target if below else value >= target)
    return {"check": check, "data": data, "metric": key, "value": value, "target": target,
            "below": below, "pass": passed, "detail": metrics}


def _in_domain_rows(data: dict[str, tuple[list[Sample], list[int]]]) -> list[dict[str, Any]]:
    out = []
    for name, (samples, labels) in data.items():
        tr, te = tubespam_split(labels)
        model = SpamClassifier.train(
            [samples[i] for i in tr], [labels[i] for i in tr], evaluate_folds=0
        )
        m = evaluate([labels[i] for i in te], model.score_many([samples[i] for i in te]))
        out.append(_row("paper 70/30", name, m, "mcc", PAPER_MCC))
    for name in FILES:
        train_s: list[Sample] = []
        train_y: list[int] = []
        for other in FILES:
            if other != name:
                train_s += data[other][0]
                train_y += data[other][1]
        model = SpamClassifier.train(train_s, train_y, evaluate_folds=0)
        m = evaluate(data[name][1], model.score_many(data[name][0]))
        out.append(_row("leave-one-file-out", name, m, "mcc", LOFO_MCC))
    return out


def _unseen_rows(starter: SpamClassifier, corpus: Labelled,
                 data: dict[str, tuple[list[Sample], list[int]]]) -> list[dict[str, Any]]:
    out = []
    kinds = corpus_kinds(STARTER_CSV)
    if any(kinds):
        labels, scores = cross_validate(
            corpus, lambda part: SpamClassifier.train(part.samples, part.labels, sources=part.sources,
                                                      evaluate_folds=0),
            folds=5, groups=kinds,
        )
        m = evaluate(labels, scores)
        out.append(_row("starter, kinds held out", "5 groups of kinds", m, "mcc", KIND_OUT_MCC))
    for name, (samples, labels) in data.items():
        m = evaluate(labels, starter.score_many(samples))
        out.append(_row("starter model, whole file", name, m, "f1", STARTER_F1))
    blog = blog_ham_file()
    if blog.exists():
        m = blog_readers_figures(starter, load_labelled_csv(blog, "generic")[0])
        out.append(_row("starter, blog readers", blog.name, m, "fpr", BLOG_HAM_FPR, below=True))
    else:
        print(f"(blog readers' comments not found at {blog}: row left out)")
    for path, role, mcc_goal, fpr_goal in HOLDOUTS:
        if path.exists():
            samples, labels = load_labelled_csv(path, "generic")
            m = evaluate(labels, starter.score_many(samples))
            row = _row(f"starter, {role}", path.name, {**m, "fpr_goal": fpr_goal}, "mcc", mcc_goal)
            row["pass"] = row["pass"] and (fpr_goal is None or m["fpr"] <= fpr_goal)
            out.append(row)
    return out


def _generator() -> Any:
    """The corpus generator, data/make_starter_corpus.py, loaded as a module (it is not a package)."""
    spec = importlib.util.spec_from_file_location("make_starter_corpus", GENERATOR)
    generator = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generator  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(generator)
    finally:
        del sys.modules[spec.name]
    return generator


def _generated_corpus(generator: Any, seed: int, folder: Path) -> Path:
    """Write the starter corpus the generator makes with ``seed`` to a CSV in ``folder``."""
    generator.R.seed(seed)
    path = folder / f"starter-{seed}.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=generator.COLUMNS)
        writer.writeheader()
        writer.writerows(generator.generate())
    return path


def _spread(values: list[float], fmt: str) -> str:
    return f"{statistics.mean(values):{fmt}} ({min(values):{fmt}}-{max(values):{fmt}})"


def _seed_rows(starter: SpamClassifier,
               data: dict[str, tuple[list[Sample], list[int]]]) -> list[dict[str, Any]]:
    """The starter model's unseen-data figures, averaged over the shipped corpus and other seeds'."""
    if not GENERATOR.exists():
        return []
    generator = _generator()
    models = [starter]
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(generator.SEED + 1, generator.SEED + 1 + OTHER_SEEDS):
            corpus = starter_corpus(_generated_corpus(generator, seed, Path(tmp)))
            models.append(SpamClassifier.train(corpus.samples, corpus.labels, sources=corpus.sources,
                                               evaluate_folds=0))
    check = f"starter, {len(models)} corpus seeds"
    out = []
    f1 = [statistics.mean(evaluate(labels, model.score_many(samples))["f1"]
                          for samples, labels in data.values()) for model in models]
    out.append(_row(check, "YouTube files, mean F1",
                    {"f1": statistics.mean(f1), "seeds": f"F1 {_spread(f1, '.3f')}",
                     "goal": f"F1 >= {STARTER_F1:.2f}"}, "f1", STARTER_F1))
    blog = blog_ham_file()
    if blog.exists():
        samples, labels = load_labelled_csv(blog, "generic")
        held = [evaluate(labels, model.score_many(samples))["fpr"] for model in models]
        out.append(_row(check, blog.name,
                        {"fpr": statistics.mean(held),
                         "seeds": f"held {_spread([h * 100 for h in held], '.1f')} %",
                         "goal": f"FPR <= {BLOG_HAM_FPR:.2f}"}, "fpr", BLOG_HAM_FPR, below=True))
    for path, _role, mcc_goal, fpr_goal in HOLDOUTS:
        if not path.exists():
            continue
        samples, labels = load_labelled_csv(path, "generic")
        held_out = [evaluate(labels, model.score_many(samples)) for model in models]
        mcc = [m["mcc"] for m in held_out]
        fpr = [m["fpr"] for m in held_out]
        row = _row(check, path.name,
                   {"mcc": statistics.mean(mcc),
                    "seeds": f"MCC {_spread(mcc, '.3f')}  FPR {_spread(fpr, '.3f')}",
                    "goal": _holdout_goal(mcc_goal, fpr_goal)}, "mcc", mcc_goal)
        row["pass"] = row["pass"] and (fpr_goal is None or statistics.mean(fpr) <= fpr_goal)
        out.append(row)
    return out


def _holdout_goal(mcc_goal: float, fpr_goal: float | None) -> str:
    return f"MCC >= {mcc_goal:.2f}" + ("" if fpr_goal is None else f", FPR <= {fpr_goal:.2f}")


def _cost_rows(starter: SpamClassifier, pool: list[Sample]) -> list[dict[str, Any]]:
    out = []
    blob = starter.to_bytes()
    out.append(_row("model size", "to_bytes()", {"bytes": len(blob)}, "bytes", MODEL_BYTES, True))
    loads = []
    for _ in range(3):
        t0 = time.perf_counter()
        SpamClassifier.from_bytes(blob)
        loads.append(time.perf_counter() - t0)
    out.append(_row("load time", "from_bytes(), median of 3", {"s": statistics.median(loads)}, "s",
                    LOAD_S, True))
    batch = [pool[i % len(pool)] for i in range(5000)]
    starter.score_many(batch[:100])  # warm up
    # This process's CPU time decides (the median of three runs): on a shared machine the wall
    # time also counts the neighbours' load, so it is only shown beside it.
    walls, cpus = [], []
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        starter.score_many(batch)
        walls.append(time.perf_counter() - t0)
        cpus.append(max(time.process_time() - c0, 1e-9))
    out.append(_row("throughput score_many", "5000 comments, median of 3",
                    {"cpu_per_s": len(batch) / statistics.median(cpus),
                     "wall_per_s": len(batch) / statistics.median(walls)},
                    "cpu_per_s", THROUGHPUT))
    lat, cpu = [], []
    for s in pool[:600]:
        t0, c0 = time.perf_counter(), time.process_time()
        starter.judge(s)
        lat.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    q = statistics.quantiles(lat, n=100)
    cq = statistics.quantiles(cpu, n=100)
    out.append(_row("latency judge()", f"{len(lat)} single calls",
                    {"cpu_p50_ms": cq[49], "cpu_p95_ms": cq[94], "wall_p95_ms": q[94]},
                    "cpu_p95_ms", P95_MS, below=True))
    return out


def rows(speed_only: bool = False) -> list[dict[str, Any]]:
    """Run every benchmark and return one dict per figure (empty if the YouTube data is absent).

    ``speed_only`` leaves out every row but size, load time, throughput and latency.
    """
    folder = data_dir()
    if not all((folder / f).exists() for f in FILES):
        return []
    data = {f: load_labelled_csv(folder / f, "youtube") for f in FILES}
    out = [] if speed_only else _in_domain_rows(data)
    corpus = starter_corpus()
    starter = SpamClassifier.train(corpus.samples, corpus.labels, sources=corpus.sources,
                                   evaluate_folds=0)
    if not speed_only:
        out += _unseen_rows(starter, corpus, data)
        out += _seed_rows(starter, data)
    pool = [s for samples, _ in data.values() for s in samples]
    blog = blog_ham_file()
    if blog.exists():
        # Blog comments are longer than YouTube ones; time both kinds.
        readers = load_labelled_csv(blog, "generic")[0]
        pool = [s for pair in zip(pool, readers, strict=False) for s in pair]
    out += _cost_rows(starter, pool)
    return out


def _fmt(row: dict[str, Any]) -> str:
    d = row["detail"]
    metric = row["metric"]
    if "seeds" in d:
        figures, goal = d["seeds"], d["goal"]
    elif "mcc" in d:
        auc = "-" if d["roc_auc"] is None else f"{d['roc_auc']:.3f}"
        if metric == "fpr":
            figures = (f"held {d['fpr']:.1%} of {d['n']} ({d['distinct_flagged']}/"
                       f"{d['distinct']} distinct; no link: {d['plain_flagged']}/{d['plain']})")
            goal = f"FPR <= {row['target']:.2f}"
        elif "fpr_goal" in d:
            figures = (f"MCC {d['mcc']:.3f}  recall {d['recall']:.3f}  FPR {d['fpr']:.3f}  "
                       f"AUC {auc}")
            goal = _holdout_goal(row["target"], d["fpr_goal"])
        else:
            figures = (f"acc {d['accuracy']:.3f}  F1 {d['f1']:.3f}  MCC {d['mcc']:.3f}  "
                       f"FPR {d['fpr']:.3f}")
            goal = f"{metric.upper()} >= {row['target']:.2f}"
    elif metric == "bytes":
        figures = f"{d['bytes']:,} bytes"
        goal = f"<= {row['target']:,.0f}"
    elif metric == "s":
        figures = f"{d['s'] * 1000:.0f} ms"
        goal = f"<= {row['target'] * 1000:.0f} ms"
    elif metric == "cpu_per_s":
        figures = (f"CPU time: {d['cpu_per_s']:,.0f} comments/s "
                   f"(wall: {d['wall_per_s']:,.0f}/s)")
        goal = f">= {row['target']:,.0f}/s CPU"
    elif metric == "cpu_p95_ms":
        figures = (f"CPU p50 {d['cpu_p50_ms']:.2f} ms  p95 {d['cpu_p95_ms']:.2f} ms "
                   f"(wall p95 {d['wall_p95_ms']:.2f})")
        goal = f"p95 < {row['target']:.0f} ms CPU"
    else:  # a row another driver added: show its value as it is
        figures = f"{metric} {row['value']}"
        goal = f"{'<=' if row.get('below') else '>='} {row['target']}"
    verdict = "PASS" if row["pass"] else "MISS"
    return f"{row['check']:<26} {row['data']:<26} {figures:<56} {goal:<26} {verdict}"


def print_table(name: str, rows_of: Callable[[], list[dict[str, Any]]],
                fmt: Callable[[dict[str, Any]], str]) -> int:
    """Print one benchmark's table with its PASS/MISS count; return 0 (misses are reported, not fatal)."""
    folder = data_dir()
    if not all((folder / f).exists() for f in FILES):
        print(f"{name} benchmark skipped: YouTube spam data not found in {folder}")
        return 0
    t0 = time.perf_counter()
    table = rows_of()
    width = 26 + 26 + 56 + 26 + 10
    print(f"{'check':<26} {'data':<26} {'figures':<56} {'target':<26} result")
    print("-" * width)
    for row in table:
        print(fmt(row))
    misses = sum(not r["pass"] for r in table)
    print("-" * width)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{len(table) - misses} PASS, {misses} MISS in {time.perf_counter() - t0:.1f} s "
          f"(load average {load} on {os.cpu_count()} CPUs)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark table; return 0 (figures below target are reported, not fatal)."""
    parser = argparse.ArgumentParser(prog="python -m bench.classifier", description=__doc__.split("\n")[0])
    parser.add_argument("--speed", action="store_true",
                        help="only the model's size, load time, throughput and latency")
    args = parser.parse_args([] if argv is None else argv)
    return print_table("classifier", lambda: rows(speed_only=args.speed), _fmt)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
