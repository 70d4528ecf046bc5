"""The starter model for tests: trained once, kept in pytest's cache, stored in each test's database.

Training on the starter corpus takes seconds, so the trained file is keyed by
a hash of the corpus and the classifier's source and reused until either changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from config import BASE_DIR

SOURCES = ["data/starter_corpus.csv", *(f"spam/{p.name}" for p in sorted((BASE_DIR / "spam").glob("*.py")))]


def starter_model_file(cache_root: Path) -> Path:
    """Return the path of a starter model trained from the current sources (training it if needed)."""
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update((BASE_DIR / name).read_bytes())
    folder = Path(cache_root) / digest.hexdigest()[:16]
    found = sorted(folder.glob("*.skops"))
    if found:
        return found[0]
    from spam import starter_corpus, train

    model = train(starter_corpus(), evaluate_folds=0)
    # Several pytest processes may train at once: each stages in a folder of its own, and the
    # first to rename wins; the others use its file.
    staging = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    path = model.save(staging)
    try:
        staging.rename(folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return sorted(folder.glob("*.skops"))[0]
    return folder / path.name


def install_model(model_file: Path, version: str | None = None, active: bool = True):
    """Store a model file's bytes in the database as a registered model (in the current app
    context); commits."""
    from models import SpamModel, db

    payload = Path(model_file).read_bytes()
    row = SpamModel(version=version or model_file.stem, source="starter", metadata_={"n_samples": 0},
                    payload=payload, size_bytes=len(payload))
    db.session.add(row)
    db.session.flush()
    if active:
        row.promote()
    db.session.commit()
    return row
