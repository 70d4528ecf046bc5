"""`flask spam ...`: train, evaluate and explain the spam classifier, and manage its versions.

    flask spam train [--csv FILE [--format youtube|sms|generic]] [--decisions] [--starter]
                     [--if-missing] [--promote/--no-promote]
    flask spam evaluate --csv FILE [--format ...] --protocol tubespam|cv
    flask spam explain TEXT
    flask spam models | flask spam models promote VERSION | flask spam models rollback

A malformed CSV ends with one line naming the file, row and column, and exit
status 1. scikit-learn is imported only when a command runs, so `flask` stays
quick for every other command.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from models import SpamModel, db

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


def _print_metrics(metrics: dict[str, Any]) -> None:
    auc = "n/a (one class only)" if metrics["roc_auc"] is None else f"{metrics['roc_auc']:.4f}"
    (tn, fp), (fn, tp) = metrics["confusion"]
    click.echo(f"  samples    {metrics['n']}")
    click.echo(f"  accuracy   {metrics['accuracy']:.4f}")
    click.echo(f"  precision  {metrics['precision']:.4f}")
    click.echo(f"  recall     {metrics['recall']:.4f}")
    click.echo(f"  spam F1    {metrics['f1']:.4f}")
    click.echo(f"  MCC        {metrics['mcc']:.4f}")
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
def train_command(csv_paths: tuple[str, ...], fmt: str | None, decisions: bool, starter: bool,
                  if_missing: bool, promote: bool) -> None:
    """Train a new model version and save it into MODEL_DIR."""
    from models.samples import decision_corpus
    from models.spam_model import active_model_usable, register_model
    from spam import Labelled, starter_corpus
    from spam import train as train_model

    if if_missing:
        row = active_model_usable()
        if row is not None:
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
    click.echo(f"training on {len(data)} comments ({counts['spam']} spam, {counts['ham']} ham) "
               f"from {', '.join(sources)}")
    try:
        with _progress("training") as progress:
            classifier = train_model(data, progress=progress)
    except ValueError as error:
        raise click.ClickException(f"cannot train: {error}") from None
    row = register_model(classifier, "+".join(sources), decisions_until=until, promote=promote)
    metrics = classifier.metadata.get("metrics") or {}
    if metrics:
        click.echo(f"cross-validated ({metrics.get('cross_validated')} folds):")
        _print_metrics(metrics)
    state = "active" if promote else "not active (flask spam models promote " + row.version + ")"
    click.echo(f"saved spam model {row.version} ({row.filename}), {state}")


@spam_cli.command("evaluate")
@click.option("--csv", "csv_paths", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="A labelled CSV (repeatable; with tubespam each file is split on its own).")
@click.option("--format", "fmt", type=FORMATS, default=None,
              help="The CSV's layout; guessed from its first line when omitted.")
@click.option("--protocol", type=click.Choice(["tubespam", "cv"]), default="tubespam", show_default=True,
              help="tubespam: first 70%% of each class in file order trains, the rest tests; "
                   "cv: stratified 5-fold cross-validation.")
def evaluate_command(csv_paths: tuple[str, ...], fmt: str | None, protocol: str) -> None:
    """Train and test on labelled CSVs and print the metrics; no model is saved."""
    from spam import Labelled, cross_validate, evaluate, train, tubespam_split

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
    click.echo(f"  {'version':<24} {'source':<22} {'samples':>8} {'MCC':>6}  created")
    for row in rows:
        meta = row.metadata_ or {}
        holdout = (meta.get("holdout") or {}).get("candidate") or {}
        mcc = (meta.get("metrics") or {}).get("mcc", holdout.get("mcc"))
        shown = f"{mcc:.3f}" if isinstance(mcc, int | float) else "-"
        mark = "*" if row.active else " "
        gone = "" if row.file_present() else "  (file deleted)"
        click.echo(f"{mark} {row.version:<24} {row.source:<22} {meta.get('n_samples', '-'):>8} {shown:>6}  "
                   f"{row.created_at:%Y-%m-%d %H:%M}{gone}")
    click.echo("(* = active)")


@models_group.command("promote")
@click.argument("version")
def promote_command(version: str) -> None:
    """Make VERSION the active model; workers switch at their next comment."""
    row = db.session.scalar(select(SpamModel).where(SpamModel.version == version))
    if row is None:
        raise click.BadParameter(f"no spam model {version!r} (see: flask spam models)", param_hint="VERSION")
    if not row.file_present():
        raise click.ClickException(f"the file of spam model {version} is missing from MODEL_DIR")
    row.promote()
    db.session.commit()
    click.echo(f"spam model {version} is now active")


@models_group.command("prune")
@click.option("--keep", type=click.IntRange(min=1), default=None,
              help="Newest model files to keep (default MODEL_KEEP), "
                   "besides the active and recently promoted ones.")
def prune_command(keep: int | None) -> None:
    """Delete the files of old models; their rows and metrics stay listed."""
    from models.spam_model import prune_model_files

    removed = prune_model_files(keep)
    listed = f": {', '.join(removed)}" if removed else ""
    click.echo(f"deleted the files of {len(removed)} old spam models{listed}")


@models_group.command("rollback")
def rollback_command() -> None:
    """Re-activate the model that was active before the current one."""
    from models.spam_model import rollback

    row = rollback()
    if row is None:
        raise click.ClickException("no earlier spam model to go back to")
    click.echo(f"spam model {row.version} is active again")
