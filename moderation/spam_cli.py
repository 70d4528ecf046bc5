"""`flask spam ...`: train, evaluate and explain the spam classifier, and manage its versions.

    flask spam train [--csv FILE [--format youtube|sms|generic]] [--decisions] [--starter]
                     [--if-missing] [--promote/--no-promote]
    flask spam evaluate --csv FILE [--format ...] --protocol tubespam|cv
    flask spam evaluate --csv FILE [--format ...] --model starter|active|VERSION
    flask spam replay --csv FILE [--format ...] [--retrain-every N] [--shuffle SEED] [--plot FILE.png]
    flask spam explain TEXT
    flask spam models | flask spam models promote VERSION | flask spam models rollback
    flask spam models prune [--keep N] | flask spam models export VERSION [--to DIR]

Models are stored in the database (models.spam_model); `replay` never touches
it. A malformed CSV ends with one line naming the file, row and column, and
exit status 1. scikit-learn is imported only when a command runs, so `flask`
stays quick for every other command.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from models import SpamModel, db

from .cli import missing_schema

__all__ = ["spam_cli"]

spam_cli = AppGroup("spam", help="Train, evaluate and explain the spam classifier.")
FORMATS = click.Choice(["youtube", "sms", "generic"])


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int], None]]:
    """Yield a callback taking percent done, drawn as a click progress bar on stderr."""
    with click.progressbar(length=100, label=label, file=sys.stderr) as bar:
        def update(percent: int) -> None:
            step = max(0, min(100, int(percent)) - bar.pos)
            if step:
                bar.update(step)

        yield update


def _read_csvs(paths: tuple[str, ...], fmt: str | None) -> Any:
    from spam import CsvFormatError, Labelled, csv_corpus

    data = Labelled()
    for path in paths:
        try:
            data = data + csv_corpus(path, fmt)
        except CsvFormatError as error:
            raise click.ClickException(str(error)) from None
    return data


def _megabytes(size: int | None) -> str:
    return "-" if size is None else f"{size / 1e6:.1f} MB"


def _print_metrics(metrics: dict[str, Any]) -> None:
    auc = "n/a (one class only)" if metrics["roc_auc"] is None else f"{metrics['roc_auc']:.4f}"
    (tn, fp), (fn, tp) = metrics["confusion"]
    click.echo(f"  samples    {metrics['n']}")
    click.echo(f"  accuracy   {metrics['accuracy']:.4f}")
    click.echo(f"  precision  {metrics['precision']:.4f}")
    click.echo(f"  recall     {metrics['recall']:.4f}")
    click.echo(f"  spam F1    {metrics['f1']:.4f}")
    click.echo(f"  MCC        {metrics['mcc']:.4f}")
    click.echo(f"  FPR        {metrics['fpr']:.4f}  (share of ham held as spam)")
    click.echo(f"  ROC AUC    {auc}")
    click.echo("  confusion matrix (rows: true, columns: predicted)")
    click.echo(f"               {'ham':>6} {'spam':>6}")
    click.echo(f"    ham       {tn:>6} {fp:>6}")
    click.echo(f"    spam      {fn:>6} {tp:>6}")


@spam_cli.command("train")
@click.option("--csv", "csv_paths", multiple=True, type=click.Path(dir_okay=False),
              help="A labelled CSV to train on (repeatable).")
@click.option("--format", "fmt", type=FORMATS, default=None,
              help="The CSV's layout; guessed from its first line when omitted.")
@click.option("--decisions", is_flag=True,
              help="Add the moderators' decisions (approved = ham, spam = spam).")
@click.option("--starter", is_flag=True,
              help="Add the starter corpus (the default when nothing else is chosen).")
@click.option("--if-missing", is_flag=True, help="Do nothing when an active model is already installed.")
@click.option("--promote/--no-promote", default=True, show_default=True,
              help="Make the new model the active one.")
@click.option("--quiet", is_flag=True, help="Print one progress line and no metrics (for `make run`).")
def train_command(csv_paths: tuple[str, ...], fmt: str | None, decisions: bool, starter: bool,
                  if_missing: bool, promote: bool, quiet: bool) -> None:
    """Train a new model version and store it in the database."""
    from models.samples import decision_corpus
    from models.spam_model import ModelUnavailable, active_model_usable, register_model
    from spam import Labelled, starter_corpus
    from spam import train as train_model

    if if_missing:
        row = active_model_usable()
        if row is not None:
            try:
                row.load()
            except ModelUnavailable as error:
                # A model from before a change of feature layout: an upgraded checkout's
                # `make run` must train a new one, not start a worker that can score nothing.
                click.echo(f"{error}; training a new one")
            else:
                click.echo(f"spam model {row.version} is already active; nothing to train")
                return
    if not (csv_paths or decisions or starter):
        starter = True
    data = Labelled()
    sources = []
    until = 0
    if starter:
        data = data + starter_corpus()
        sources.append("starter")
    if csv_paths:
        data = data + _read_csvs(csv_paths, fmt)
        sources.append("csv")
    if decisions:
        labelled, until = decision_corpus()
        if not labelled:
            click.echo("no moderator decisions yet (approved or spam)", err=True)
        data = data + labelled
        sources.append("decisions")
    counts = {"spam": sum(data.labels), "ham": len(data) - sum(data.labels)}
    described = (f"{len(data)} comments ({counts['spam']} spam, {counts['ham']} ham) "
                 f"from {', '.join(sources)}")
    if not quiet:
        click.echo(f"training on {described}")
    try:
        with _progress(f"training the spam model on {described}" if quiet else "training") as progress:
            classifier = train_model(data, progress=progress)
    except ValueError as error:
        raise click.ClickException(f"cannot train: {error}") from None
    row = register_model(classifier, "+".join(sources), decisions_until=until, promote=promote)
    if quiet:
        return
    metrics = classifier.metadata.get("metrics") or {}
    if metrics:
        click.echo(f"cross-validated ({metrics.get('cross_validated')} folds):")
        _print_metrics(metrics)
    state = "active" if promote else "not active (flask spam models promote " + row.version + ")"
    click.echo(f"stored spam model {row.version} ({_megabytes(row.size_bytes)} in the database), {state}")


@spam_cli.command("evaluate")
@click.option("--csv", "csv_paths", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="A labelled CSV (repeatable; with tubespam each file is split on its own).")
@click.option("--format", "fmt", type=FORMATS, default=None,
              help="The CSV's layout; guessed from its first line when omitted.")
@click.option("--protocol", type=click.Choice(["tubespam", "cv"]), default=None,
              help="tubespam (the default): first 70%% of each class in file order trains, the rest "
                   "tests; cv: stratified 5-fold cross-validation.")
@click.option("--model", "model_name", default=None, metavar="starter|active|VERSION",
              help="Test this existing model on the whole CSV instead of training: the stored starter "
                   "model (trained in memory if none is stored), the active one, or a version.")
def evaluate_command(csv_paths: tuple[str, ...], fmt: str | None, protocol: str | None,
                     model_name: str | None) -> None:
    """Test on labelled CSVs and print the metrics; nothing is saved.

    Without --model, a new model is trained and tested by --protocol; with --model, an existing
    one is tested on every row of the CSVs.
    """
    from spam import Labelled, cross_validate, evaluate, train, tubespam_split

    if model_name is not None:
        if protocol is not None:
            raise click.UsageError("--protocol trains a new model; leave it out with --model")
        data = _read_csvs(csv_paths, fmt)
        model, described = _existing_model(model_name)
        click.echo(f"testing {described} on {len(data)} comments ({sum(data.labels)} spam)")
        try:
            metrics = evaluate(data.labels, model.score_many(data.samples))
        except ValueError as error:
            raise click.ClickException(f"cannot evaluate: {error}") from None
        click.echo("results (threshold 0.5):")
        _print_metrics(metrics)
        return
    protocol = protocol or "tubespam"
    try:
        if protocol == "tubespam":
            learn, test = Labelled(), Labelled()
            for path in csv_paths:
                data = _read_csvs((path,), fmt)
                tr, te = tubespam_split(data.labels)
                learn, test = learn + data.take(tr), test + data.take(te)
            click.echo(f"tubespam split: {len(learn)} train, {len(test)} test")
            with _progress("training") as progress:
                model = train(learn, progress=progress, evaluate_folds=0)
            y_true, y_score = test.labels, model.score_many(test.samples)
        else:
            data = _read_csvs(csv_paths, fmt)
            click.echo(f"stratified 5-fold cross-validation on {len(data)} comments")
            with _progress("cross-validating") as progress:
                y_true, y_score = cross_validate(data, lambda part: train(part, evaluate_folds=0),
                                                  folds=5, progress=progress)
    except ValueError as error:
        if isinstance(error, click.ClickException):
            raise
        raise click.ClickException(f"cannot evaluate: {error}") from None
    click.echo(f"results ({protocol}, threshold 0.5):")
    _print_metrics(evaluate(y_true, y_score))


def _existing_model(name: str) -> tuple[Any, str]:
    """Return the model ``evaluate --model`` names, and words describing it."""
    from models.spam_model import ModelUnavailable, SpamModel

    if name == "starter":
        try:
            row = db.session.scalar(
                select(SpamModel).where(SpamModel.source == "starter", SpamModel.stored)
                .order_by(SpamModel.id.desc()))
        except SQLAlchemyError as error:
            # A checkout with no database yet can still judge the starter model on a file.
            if not missing_schema(error):
                raise
            db.session.rollback()
            row = None
        if row is None:
            from spam import starter_corpus, train

            click.echo("no stored starter model: training one in memory from the starter corpus")
            with _progress("training") as progress:
                return train(starter_corpus(), progress=progress, evaluate_folds=0), "the starter model"
    elif name == "active":
        row = SpamModel.active_model()
        if row is None:
            raise click.ClickException("no active spam model: run flask spam train --starter")
    else:
        row = db.session.scalar(select(SpamModel).where(SpamModel.version == name))
        if row is None:
            raise click.BadParameter(f"no spam model {name!r} (see: flask spam models)",
                                     param_hint="--model")
    try:
        return row.load(), f"spam model {row.version}"
    except ModelUnavailable as error:
        raise click.ClickException(str(error)) from None


@spam_cli.command("replay")
@click.option("--csv", "csv_paths", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="A labelled CSV, replayed in its row order (repeatable: files follow each other).")
@click.option("--format", "fmt", type=FORMATS, default=None,
              help="The CSV's layout; guessed from its first line when omitted.")
@click.option("--retrain-every", type=click.IntRange(min=1), default=None,
              help="Decisions between retrainings after the early ones (default RETRAIN_MIN_DECISIONS).")
@click.option("--shuffle", "seed", type=int, default=None, help="Replay in a random order fixed by SEED.")
@click.option("--plot", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also draw the learning curve into this PNG file.")
def replay_command(csv_paths: tuple[str, ...], fmt: str | None, retrain_every: int | None,
                   seed: int | None, plot: str | None) -> None:
    """Replay labelled comments as a live site would see them, learning from each label.

    Each comment is scored before its label is known; the label then counts as a moderator's
    decision, and the model retrains on the site's schedule (RETRAIN_SCHEDULE, then every
    --retrain-every decisions), promoting a candidate only if it does no worse on the newest
    decisions. Prints the learning curve and the metrics over the whole stream. The database is
    not touched: the starter model is trained in memory.
    """
    from flask import current_app

    from spam import starter_corpus
    from spam.replay import draw_learning_curve, replay, shuffled

    if plot is not None and not plot.lower().endswith(".png"):
        raise click.BadParameter("the picture is a PNG: give a file name ending in .png", param_hint="--plot")
    data = _read_csvs(csv_paths, fmt)
    if seed is not None:
        data = shuffled(data, seed)
    early = current_app.config["RETRAIN_SCHEDULE"]
    every = retrain_every or current_app.config["RETRAIN_MIN_DECISIONS"]
    order = "in file order" if seed is None else f"shuffled (seed {seed})"
    points = ", ".join(str(p) for p in early)
    click.echo(f"replaying {len(data)} comments ({sum(data.labels)} spam) {order}; retraining after "
               f"{points + ', then ' if points else ''}every {every} decisions")
    try:
        with click.progressbar(length=len(data), label="replaying", file=sys.stderr) as bar:
            def advance(done: int, _total: int) -> None:
                bar.update(done - bar.pos)

            result = replay(data, starter_corpus(), early=early, every=every,
                            match_at=current_app.config["RETRAIN_DECISIONS_MATCH_STARTER"],
                            progress=advance)
    except ValueError as error:
        raise click.ClickException(f"cannot replay: {error}") from None
    for r in result.retrainings:
        active = "none" if r.active_mcc is None else f"{r.active_mcc:.3f}"
        verdict = "promoted" if r.promoted else "kept the model"
        click.echo(f"  after {r.at:>5} decisions: held-out MCC {r.candidate_mcc:.3f} vs {active}, {verdict}")
    click.echo("learning curve (each comment scored before its label was known):")
    click.echo(f"  {'comments':>13} {'spam':>5} {'MCC':>7} {'FPR':>7}")
    for b in result.blocks:
        click.echo(f"  {f'{b.start + 1}-{b.end}':>13} {b.spam:>5} {b.mcc:>7.3f} {b.fpr:>7.3f}")
    click.echo("over the whole stream (threshold 0.5):")
    _print_metrics(result.metrics)
    if plot is not None:
        try:
            path = draw_learning_curve(result, plot, title=", ".join(Path(p).name for p in csv_paths))
        except OSError as error:
            raise click.ClickException(f"cannot write {plot}: {error.strerror or error}") from None
        click.echo(f"learning curve drawn in {path}")


@spam_cli.command("explain")
@click.argument("text")
@click.option("--top", default=5, show_default=True, help="How many reasons to show.")
def explain_command(text: str, top: int) -> None:
    """Score TEXT with the active model and say why."""
    from models.spam_model import ModelUnavailable, active_model_usable
    from spam import Sample

    if not text.strip():
        raise click.BadParameter("give the text of a comment", param_hint="TEXT")
    row = active_model_usable()
    if row is None:
        raise click.ClickException("no active spam model: run flask spam train --starter")
    try:
        model = row.load()
    except ModelUnavailable as error:
        raise click.ClickException(str(error)) from None
    judgement = model.judge(Sample(body=text), top=top)
    click.echo(f"spam score {judgement.score:.3f} (model {row.version})")
    if not judgement.reasons:
        click.echo("no single feature stood out")
    for reason in judgement.reasons:
        direction = "towards spam" if reason.weight > 0 else "towards ham"
        click.echo(f"  {reason.weight:+7.3f}  {reason.text}  ({direction})")


@spam_cli.group("models", invoke_without_command=True)
@click.pass_context
@with_appcontext
def models_group(ctx: click.Context) -> None:
    """List model versions; `promote VERSION` and `rollback` change the active one."""
    if ctx.invoked_subcommand is not None:
        return
    rows = db.session.scalars(select(SpamModel).order_by(SpamModel.id)).all()
    if not rows:
        click.echo("no spam models yet: flask spam train --starter")
        return
    click.echo(f"  {'version':<24} {'source':<22} {'samples':>8} {'MCC':>6} {'size':>8}  created")
    for row in rows:
        meta = row.metadata_ or {}
        holdout = (meta.get("holdout") or {}).get("candidate") or {}
        mcc = (meta.get("metrics") or {}).get("mcc", holdout.get("mcc"))
        shown = f"{mcc:.3f}" if isinstance(mcc, int | float) else "-"
        mark = "*" if row.active else " "
        gone = "" if row.stored else "  (pruned)"
        click.echo(f"{mark} {row.version:<24} {row.source:<22} {meta.get('n_samples', '-'):>8} {shown:>6} "
                   f"{_megabytes(row.size_bytes):>8}  {row.created_at:%Y-%m-%d %H:%M}{gone}")
    click.echo("(* = active)")


@models_group.command("promote")
@click.argument("version")
def promote_command(version: str) -> None:
    """Make VERSION the active model; workers switch at their next comment."""
    row = db.session.scalar(select(SpamModel).where(SpamModel.version == version))
    if row is None:
        raise click.BadParameter(f"no spam model {version!r} (see: flask spam models)", param_hint="VERSION")
    if not row.stored:
        raise click.ClickException(f"spam model {version} was pruned: only its row and metrics remain")
    row.promote()
    db.session.commit()
    click.echo(f"spam model {version} is now active")


@models_group.command("prune")
@click.option("--keep", type=click.IntRange(min=1), default=None,
              help="Newest stored models to keep (default MODEL_KEEP), "
                   "besides the active and recently promoted ones.")
def prune_command(keep: int | None) -> None:
    """Delete the stored bytes of old models; their rows and metrics stay listed."""
    from models.spam_model import prune_models

    removed = prune_models(keep)
    listed = f": {', '.join(removed)}" if removed else ""
    click.echo(f"pruned {len(removed)} old spam models{listed}")


@models_group.command("export")
@click.argument("version")
@click.option("--to", "directory", type=click.Path(file_okay=False), default=None,
              help="The folder to write VERSION.skops into (default MODEL_DIR).")
def export_command(version: str, directory: str | None) -> None:
    """Write a stored model to a .skops file, to inspect or archive it outside the service."""
    from flask import current_app

    from models.spam_model import ModelUnavailable, export_model

    row = db.session.scalar(select(SpamModel).where(SpamModel.version == version))
    if row is None:
        raise click.BadParameter(f"no spam model {version!r} (see: flask spam models)", param_hint="VERSION")
    try:
        path = export_model(row, directory or current_app.config["MODEL_DIR"])
    except ModelUnavailable as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"cannot write the model: {error}") from None
    click.echo(f"wrote spam model {version} to {path}")


@models_group.command("rollback")
def rollback_command() -> None:
    """Re-activate the model that was active before the current one."""
    from models.spam_model import rollback

    row = rollback()
    if row is None:
        raise click.ClickException("no earlier spam model to go back to")
    click.echo(f"spam model {row.version} is active again")
