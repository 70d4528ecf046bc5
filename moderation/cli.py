"""Command-line tools: `flask sites ...`, `flask moderators ...`, `flask worker ping`, `flask demo`.

In a `make run` checkout they need no variables: config.py finds the key `make run` keeps in
the instance folder, so `flask moderators set-password admin@example.com` just works.

Bad arguments end with one clear line and a non-zero exit (click's
UsageError/BadParameter), never a traceback.
"""

from __future__ import annotations

import secrets
import sys
import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from models import Moderator, Role, Site, db, normalise_origin

__all__ = ["init_app"]

sites_cli = AppGroup("sites", help="Register, change and show sites.")
moderators_cli = AppGroup("moderators", help="Create console accounts and reset their passwords.")
worker_cli = AppGroup("worker", help="Talk to the Celery workers.")


def _origins(values: tuple[str, ...]) -> list[str]:
    origins = []
    for value in values:
        try:
            origins.append(normalise_origin(value))
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--origin") from None
    return sorted(set(origins))


@sites_cli.command("create")
@click.argument("name")
@click.option("--origin", "origins", multiple=True, required=True,
              help="An origin the widget may be embedded on, e.g. https://blog.example (repeatable).")
def create_site(name: str, origins: tuple[str, ...]) -> None:
    """Register a site and print its key and embed snippet."""
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise click.BadParameter("must be 1 to 200 characters", param_hint="NAME")
    site = Site(name=name, origins=_origins(origins))
    db.session.add(site)
    db.session.commit()
    click.echo(f"site key: {site.key}")
    click.echo("embed snippet:")
    click.echo(site.embed_snippet(current_app.config["PUBLIC_URL"]))


@sites_cli.command("list")
def list_sites() -> None:
    """List every site with its key and origins."""
    sites = db.session.scalars(select(Site).order_by(Site.id)).all()
    if not sites:
        click.echo("no sites yet: flask sites create NAME --origin URL")
        return
    for site in sites:
        click.echo(f"{site.key}\t{site.name}\t{' '.join(site.origins)}")


def _site_or_fail(key: str) -> Site:
    site = Site.by_key(key)
    if site is None:
        raise click.BadParameter(f"no site with key {key!r} (see: flask sites list)", param_hint="KEY")
    return site


def _print_site(site: Site) -> None:
    click.echo(f"site key: {site.key}")
    click.echo(f"name:     {site.name}")
    click.echo(f"origins:  {' '.join(site.origins) or '(none: the widget works nowhere yet)'}")
    click.echo("embed snippet:")
    click.echo(site.embed_snippet(current_app.config["PUBLIC_URL"]))


@sites_cli.command("show")
@click.argument("key")
def show_site(key: str) -> None:
    """Print a site's name, origins and embed snippet."""
    _print_site(_site_or_fail(key))


@sites_cli.command("update")
@click.argument("key")
@click.option("--name", default=None, help="A new name for the site.")
@click.option("--origin", "add", multiple=True,
              help="Allow the widget on this origin too, e.g. https://www.blog.example (repeatable).")
@click.option("--remove-origin", "remove", multiple=True,
              help="Stop allowing this origin (repeatable).")
def update_site(key: str, name: str | None, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
    """Rename a site or change the origins it may be embedded on."""
    site = _site_or_fail(key)
    if name is None and not add and not remove:
        raise click.UsageError("nothing to change: give --origin, --remove-origin or --name")
    added = _origins(add)
    try:
        removed = sorted({normalise_origin(value) for value in remove})
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--remove-origin") from None
    if set(added) & set(removed):
        raise click.UsageError(f"{', '.join(sorted(set(added) & set(removed)))} is both added and removed")
    unknown = [origin for origin in removed if origin not in site.origins]
    if unknown:
        raise click.BadParameter(
            f"{', '.join(unknown)} is not one of the site's origins ({' '.join(site.origins) or 'none'})",
            param_hint="--remove-origin")
    if name is not None:
        name = name.strip()
        if not 1 <= len(name) <= 200:
            raise click.BadParameter("must be 1 to 200 characters", param_hint="--name")
        site.name = name
    origins = sorted((set(site.origins) | set(added)) - set(removed))
    if len(origins) > 50:
        raise click.UsageError("a site has at most 50 origins")
    site.origins = origins
    db.session.commit()
    _print_site(site)


@moderators_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.MODERATOR.value,
              show_default=True)
@click.option("--site", "site_keys", multiple=True, help="Key of a site this person works on (repeatable).")
@click.option("--ask-password", is_flag=True, help="Ask for the password instead of generating one.")
def create_moderator(email: str, role: str, site_keys: tuple[str, ...], ask_password: bool) -> None:
    """Create a console account; the generated password is printed once."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or " " in email:
        raise click.BadParameter(f"not an email address: {email!r}", param_hint="EMAIL")
    if Moderator.by_email(email) is not None:
        raise click.BadParameter(f"{email} already has an account", param_hint="EMAIL")
    if role != Role.ADMIN and not site_keys:
        raise click.UsageError(f"a {role} needs at least one --site KEY")
    sites = []
    for key in site_keys:
        site = Site.by_key(key)
        if site is None:
            raise click.BadParameter(f"no site with key {key!r} (see: flask sites list)", param_hint="--site")
        sites.append(site)
    password = _ask_password() if ask_password else secrets.token_urlsafe(12)
    moderator = Moderator(email=email, role=Role(role), sites=sites)
    moderator.set_password(password)
    db.session.add(moderator)
    db.session.commit()
    click.echo(f"created {role} {email}")
    if not ask_password:
        click.echo(f"password (shown once): {password}")


def _ask_password() -> str:
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.BadParameter("use at least 10 characters", param_hint="password")
    return password


@moderators_cli.command("set-password")
@click.argument("email")
@click.option("--ask-password", is_flag=True, help="Ask for the password instead of generating one.")
def set_password(email: str, ask_password: bool) -> None:
    """Give an account a new password (generated and shown once) and sign it out everywhere."""
    moderator = Moderator.by_email(email.strip().lower())
    if moderator is None:
        known = db.session.scalars(select(Moderator.email).order_by(Moderator.email).limit(5)).all()
        hint = f"; accounts: {', '.join(known)}" if known else "; create one with flask moderators create"
        raise click.BadParameter(f"no account for {email!r}{hint}", param_hint="EMAIL")
    password = _ask_password() if ask_password else secrets.token_urlsafe(12)
    moderator.set_password(password)  # also ends every session signed in with the old one
    db.session.commit()
    click.echo(f"new password set for {moderator.email}; every browser signed in as them is signed out")
    if not ask_password:
        click.echo(f"password (shown once): {password}")
    if not moderator.active:
        click.echo(f"{moderator.email} is deactivated: an admin reactivates them on the People page")


@worker_cli.command("ping")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for an answer.")
def ping_worker(timeout: float) -> None:
    """Send a ping task and wait for a worker to answer it."""
    from workers.tasks import ping

    started = time.monotonic()
    result = None
    try:
        result = ping.apply_async(expires=timeout)
        answer = result.get(timeout=timeout)
    except Exception as error:  # noqa: BLE001 - any failure is "no worker answered"
        if result is not None:
            # Stop listening for the answer now: left to AsyncResult.__del__ at interpreter exit,
            # the unsubscribe runs after imports are torn down and prints a traceback.
            result.backend.remove_pending_result(result)
            result.backend = None
        click.echo(f"no worker answered within {timeout:g} s ({type(error).__name__})", err=True)
        sys.exit(1)
    click.echo(f"pong from worker pid {answer['pid']} on {answer['host']} "
               f"in {time.monotonic() - started:.2f} s")


@click.command("demo")
@click.option("--origin", "origins", multiple=True, required=True, help="The demo page's origin.")
def demo(origins: tuple[str, ...]) -> None:
    """Create the demo site and an admin when the database has no site yet (for `make run`)."""
    if db.session.scalar(select(func.count()).select_from(Site)):
        site = db.session.scalars(select(Site).order_by(Site.id)).first()
        wanted = _origins(origins)
        if site is not None and not set(wanted) <= set(site.origins):
            site.origins = sorted(set(site.origins) | set(wanted))
            db.session.commit()
        click.echo(f"demo site: {site.key if site else '?'} (already set up)")
        admin = db.session.scalars(
            select(Moderator).where(Moderator.role == Role.ADMIN, Moderator.active).order_by(Moderator.id)
        ).first()
        if admin is not None:
            # scripts/run.sh reads this line for its banner.
            click.echo(f"console admin: {admin.email}")
        return
    site = Site(name="Demo blog", origins=_origins(origins))
    password = secrets.token_urlsafe(12)
    admin = Moderator(email="admin@example.com", role=Role.ADMIN)
    admin.set_password(password)
    db.session.add_all([site, admin])
    db.session.commit()
    click.echo(f"demo site: {site.key}")
    click.echo(f"console admin: {admin.email}")
    click.echo(f"console password (shown once): {password}")


def missing_schema(error: Exception) -> bool:
    """Say whether a database error means the tables were never created (no `flask db upgrade`)."""
    if not isinstance(error, OperationalError | ProgrammingError):
        return False
    orig = getattr(error, "orig", None)
    return ("no such table" in str(orig)  # SQLite
            or getattr(orig, "sqlstate", None) == "42P01")  # PostgreSQL: undefined table


def _schema_explained(command: click.Command) -> None:
    """Make `command` end in one line, not a traceback, on a database whose tables were never
    created: the first thing a fresh checkout runs into. A group's invoke runs its subcommands,
    so wrapping the group covers them."""
    invoke = command.invoke

    def explained(ctx: click.Context) -> object:
        try:
            return invoke(ctx)
        except (OperationalError, ProgrammingError) as error:
            if missing_schema(error):
                raise click.ClickException(
                    "the database has no tables yet: run `flask db upgrade` first (`make run` does)"
                ) from None
            raise

    command.invoke = explained  # type: ignore[method-assign]


def init_app(app: Flask) -> None:
    from .porting.cli import export_command, import_cli
    from .privacy_cli import privacy_cli
    from .spam_cli import spam_cli

    for command in (sites_cli, moderators_cli, worker_cli, demo, spam_cli, import_cli, export_command,
                    privacy_cli):
        _schema_explained(command)
        app.cli.add_command(command)
