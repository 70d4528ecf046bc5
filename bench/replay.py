"""Benchmark learning from moderators: labelled comments replayed as a live site, and models in the database.

Run ``python -m bench.replay`` from the repository root. Each YouTube file, and each hand-written
blog hold-out and development set under data/ (see ``bench.classifier.HOLDOUTS``), is replayed in
its own order with ``spam.replay`` (the same rounds the live worker runs: scored before its label is
known, retrained after 10, 25 and 50 decisions and then every 50, promoted only when no worse on
the newest decisions): MCC and false-positive rate over the stream, and the share of the
programming blog's readers the model each replay ended with would hold as spam. Then the starter
model as the service keeps it: stored in a database row (SQLite, in a temporary folder), its size
there and the time a worker takes to load it from there. ``rows()`` returns the figures in
``bench.classifier``'s row format, so one table printer shows both.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.classifier import (
    FILES,
    HOLDOUTS,
    _fmt,
    _row,
    blog_ham_file,
    blog_readers_figures,
    data_dir,
    print_table,
)
from spam import Labelled, SpamClassifier, csv_corpus, load_labelled_csv, starter_corpus
from spam.replay import replay

__all__ = ["main", "rows"]

REPLAY_MCC = 0.75
BLOG_HAM_FPR = 0.02
MODEL_BYTES = 5_000_000
LOAD_S = 1.0
EVERY = 50


def _replay_rows(starter: SpamClassifier, base: Labelled) -> list[dict[str, Any]]:
    out = []
    folder = data_dir()
    blog = blog_ham_file()
    readers = load_labelled_csv(blog, "generic")[0] if blog.exists() else []
    for name in FILES:
        result = _replay_stream(out, name, csv_corpus(folder / name, "youtube"), base, starter)
        if readers:
            fpr = blog_readers_figures(result.model, readers)
            out.append(_row("blog-ham after replay", name, fpr, "fpr", BLOG_HAM_FPR, below=True))
    # The hand-written blogs, each in its file's order (threads as they arrived), as the unseen
    # blog is replayed when this is judged.
    for path, _role, _mcc, _fpr in HOLDOUTS:
        if path.exists():
            _replay_stream(out, path.name, csv_corpus(path, "generic"), base, starter)
    return out


def _replay_stream(out: list[dict[str, Any]], name: str, stream: Labelled, base: Labelled,
                   starter: SpamClassifier) -> Any:
    """Replay one file, add its two stream rows to `out`, and return the replay's result."""
    result = replay(stream, base, every=EVERY, initial=starter)
    promoted = sum(r.promoted for r in result.retrainings)
    metrics = {**result.metrics, "promoted": promoted, "rounds": len(result.retrainings)}
    out.append(_row("replay, stream", name, metrics, "mcc", REPLAY_MCC))
    out.append(_row("replay, stream FPR", name, metrics, "fpr", BLOG_HAM_FPR, below=True))
    return result


def _database_rows(starter: SpamClassifier) -> list[dict[str, Any]]:
    """Store the starter model as the service does and load it back as a worker would."""
    from sqlalchemy import func, select

    from config import test_config
    from models import SpamModel, db
    from models.spam_model import load_model, register_model
    from moderation import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(test_config(Path(tmp)))
        with app.app_context():
            db.create_all()
            row = register_model(starter, "starter", promote=True)
            stored = db.session.scalar(select(func.length(SpamModel.payload)).where(SpamModel.id == row.id))
            loads = []
            for _ in range(3):
                db.session.expire_all()
                t0 = time.perf_counter()
                load_model(row.id, row.version)
                loads.append(time.perf_counter() - t0)
            db.session.remove()
            db.engine.dispose()
    return [
        _row("model size, database", "spam_models.payload", {"bytes": int(stored)}, "bytes",
             MODEL_BYTES, True),
        _row("load from database", "load_model(), median of 3", {"s": statistics.median(loads)}, "s",
             LOAD_S, True),
    ]


def _fmt_replay(row: dict[str, Any]) -> str:
    if row["check"] == "replay, stream":
        d = row["detail"]
        figures = (f"MCC {d['mcc']:.3f}  recall {d['recall']:.3f}  FPR {d['fpr']:.3f}  "
                   f"promoted {d['promoted']}/{d['rounds']}")
        verdict = "PASS" if row["pass"] else "MISS"
        return (f"{row['check']:<26} {row['data']:<26} {figures:<56} "
                f"{'MCC >= ' + format(row['target'], '.2f'):<26} {verdict}")
    if row["check"] == "replay, stream FPR":
        figures = f"held {row['detail']['fpr']:.1%} of the stream's ham"
        verdict = "PASS" if row["pass"] else "MISS"
        return (f"{row['check']:<26} {row['data']:<26} {figures:<56} "
                f"{'FPR <= ' + format(row['target'], '.2f'):<26} {verdict}")
    return _fmt(row)


def rows() -> list[dict[str, Any]]:
    """Run the replays and the database figures; empty if the YouTube data is absent."""
    folder = data_dir()
    if not all((folder / f).exists() for f in FILES):
        return []
    base = starter_corpus()
    starter = SpamClassifier.train(base.samples, base.labels, sources=base.sources, evaluate_folds=0)
    return _replay_rows(starter, base) + _database_rows(starter)


def main() -> int:
    """Print the table; return 0 (figures below target are reported, not fatal)."""
    return print_table("replay", rows, _fmt_replay)


if __name__ == "__main__":
    main()
