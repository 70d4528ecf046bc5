"""Command-line tools: `flask sites ...`, `flask moderators ...`, `flask worker ping`, `flask demo`.

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

from models import Moderator, Role, Site, db, normalise_origin

__all__ = ["init_app"]

sites_cli = AppGroup("sites", help="Register and list sites.")
moderators_cli = AppGroup("moderators", help="Create console accounts.")
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
    if ask_password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        if len(password) < 10:
            raise click.BadParameter("use at least 10 characters", param_hint="password")
    else:
        password = secrets.token_urlsafe(12)
    moderator = Moderator(email=email, role=Role(role), sites=sites)
    moderator.set_password(password)
    db.session.add(moderator)
    db.session.commit()
    click.echo(f"created {role} {email}")
    if not ask_password:
        click.echo(f"password (shown once): {password}")


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
        return
    site = Site(name="Demo blog", origins=_origins(origins))
    password = secrets.token_urlsafe(12)
    admin = Moderator(email="admin@example.com", role=Role.ADMIN)
    admin.set_password(password)
    db.session.add_all([site, admin])
    db.session.commit()
    click.echo(f"demo site: {site.key}")
    click.echo(f"console login (shown once): admin@example.com / {password}")


def init_app(app: Flask) -> None:
    app.cli.add_command(sites_cli)
    app.cli.add_command(moderators_cli)
    app.cli.add_command(worker_cli)
    app.cli.add_command(demo)
    from .spam_cli import spam_cli
    app.cli.add_command(spam_cli)
    from .porting.cli import export_command, import_cli
    app.cli.add_command(import_cli)
    app.cli.add_command(export_command)
    from .privacy_cli import privacy_cli
    app.cli.add_command(privacy_cli)
