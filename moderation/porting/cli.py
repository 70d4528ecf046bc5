"""`flask import wordpress|disqus|isso|json FILE --site KEY` and `flask export --site KEY`.

An import prints its report on stdout and a progress bar on stderr. Any file that cannot be
imported ends with one line on stderr and exit status 1, and nothing written: never a traceback.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import AppGroup

from models import Site

from .core import Importer, ImportOptions, parse_maps, run_import
from .export import export_json, export_wxr
from .records import ImportFailed, Report

__all__ = ["export_command", "import_cli"]

import_cli = AppGroup("import", help="Import comments from WordPress, Disqus, Isso or our JSON export.")
FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
Reader = Callable[[Importer], None]


def _site(key: str) -> Site:
    site = Site.by_key(key)
    if site is None:
        raise click.BadParameter(f"no site with key {key!r} (see: flask sites list)", param_hint="--site")
    return site


def import_options(command: Callable) -> Callable:
    for option in reversed([
        click.option("--site", "site_key", required=True, help="Key of the site to import into."),
        click.option("--dry-run", is_flag=True, help="Read everything and print the report; write nothing."),
        click.option("--map", "maps", multiple=True, metavar="OLD_PREFIX=NEW_PREFIX",
                     help="Rewrite page addresses that start with OLD_PREFIX (repeatable)."),
        click.option("--with-pingbacks", is_flag=True,
                     help="Keep pingbacks and trackbacks (skipped by default)."),
        click.option("--train", is_flag=True,
                     help="Afterwards, retrain the spam model on the decisions, imported ones included."),
    ]):
        command = option(command)
    return command


def _run(source: str, size: int, make_reader: Callable[[Callable[[int], None]], Reader], site_key: str,
         dry_run: bool, maps: tuple[str, ...], with_pingbacks: bool, train: bool, label: str) -> None:
    site = _site(site_key)
    try:
        options = ImportOptions(dry_run=dry_run, maps=parse_maps(maps), with_pingbacks=with_pingbacks)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--map") from None
    report = Report(source=label)
    with click.progressbar(length=max(size, 1), label=f"reading {label}", file=sys.stderr) as bar:
        try:
            run_import(site, source, make_reader(bar.update), options, report)
        except ImportFailed as error:
            raise click.ClickException(str(error)) from None
    click.echo(report.render())
    if train and not dry_run:
        from workers.training import retrain_if_due

        click.echo("training the spam model on the site's decisions...", err=True)
        result = retrain_if_due(force=True)
        click.echo(f"training: {result['message']}")


def _import(fmt: str, file: Path, site_key: str, **options: object) -> None:
    from .jobs import prepare_reader

    try:
        source, size, make_reader = prepare_reader(fmt, file)
    except ImportFailed as error:
        raise click.ClickException(str(error)) from None
    _run(source, size, make_reader, site_key, label=file.name, **options)


@import_cli.command("wordpress")
@click.argument("file", type=FILE)
@import_options
def import_wordpress(file: Path, site_key: str, **options: object) -> None:
    """Import a WordPress export (WXR 1.0 to 1.2, Tools > Export > All content)."""
    _import("wordpress", file, site_key, **options)


@import_cli.command("disqus")
@click.argument("file", type=FILE)
@import_options
def import_disqus(file: Path, site_key: str, **options: object) -> None:
    """Import a Disqus XML export."""
    _import("disqus", file, site_key, **options)


@import_cli.command("isso")
@click.argument("file", type=FILE)
@import_options
def import_isso(file: Path, site_key: str, **options: object) -> None:
    """Import an Isso database (comments.db); the file is only read."""
    _import("isso", file, site_key, **options)


@import_cli.command("json")
@click.argument("file", type=FILE)
@import_options
def import_json(file: Path, site_key: str, **options: object) -> None:
    """Import an export made by `flask export --format json` (a backup, or another installation's)."""
    _import("json", file, site_key, **options)


@click.command("export")
@click.option("--site", "site_key", required=True, help="Key of the site to export.")
@click.option("--format", "fmt", type=click.Choice(["json", "wxr"]), default="json", show_default=True,
              help="json: this service's schema, re-importable with `flask import json`; wxr: for WordPress.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write here instead of standard output (replaced only when the export is complete).")
@click.option("--decisions", is_flag=True, help="Include the moderators' decisions (JSON only).")
def export_command(site_key: str, fmt: str, output: Path | None, decisions: bool) -> None:
    """Export a site's threads and comments."""
    site = _site(site_key)
    if decisions and fmt != "json":
        raise click.UsageError("--decisions goes with --format json")

    def write(out) -> int:
        return export_json(site, out, decisions=decisions) if fmt == "json" else export_wxr(site, out)

    if output is None:
        count = write(sys.stdout)
    else:
        # A failed export must not leave half a file where a good backup was.
        handle, temporary = tempfile.mkstemp(dir=output.resolve().parent, prefix=f".{output.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                count = write(out)
            os.replace(temporary, output)
        except BaseException:
            os.unlink(temporary)
            raise
    click.echo(f"exported {count} comments as {fmt}" + (f" to {output}" if output else ""), err=True)
