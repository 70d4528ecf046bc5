"""The starter model for tests: trained once, kept in pytest's cache, copied into each test's MODEL_DIR.

Training on the starter corpus takes seconds, so the trained file is keyed by
a hash of the corpus and the classifier's source and reused until either changes.
"""

from __future__ import annotations

import hashlib
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
    from spam import SpamClassifier, load_labelled_csv

    samples, labels = load_labelled_csv(BASE_DIR / "data" / "starter_corpus.csv", "generic")
    model = SpamClassifier.train(samples, labels, sources=["starter"] * len(labels), evaluate_folds=0)
    staging = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    path = model.save(staging)
    staging.rename(folder)
    return folder / path.name


def install_model(model_file: Path, model_dir: str | Path, version: str | None = None,
                  active: bool = True):
    """Copy a model file into MODEL_DIR and register it (in the current app context); commits."""
    from models import SpamModel, db

    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    version = version or model_file.stem
    target = model_dir / f"{version}.skops"
    shutil.copyfile(model_file, target)
    row = SpamModel(version=version, filename=target.name, source="starter",
                    metadata_={"n_samples": 0})
    db.session.add(row)
    db.session.flush()
    if active:
        row.promote()
    db.session.commit()
    return row
