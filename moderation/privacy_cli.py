"""`flask privacy export|erase EMAIL`, `flask privacy purge` and `flask privacy settings --site KEY`.

What a commenter asks for (a copy of their comments, or their erasure) and what the retention
settings forget on schedule. Every action is logged in `privacy_log` under a hash of the address.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from models import Moderator, Site, db
from models.privacy import commenter_comments, erase_commenter, export_commenter, purge_expired

__all__ = ["privacy_cli"]

privacy_cli = AppGroup("privacy", help="A commenter's data on request, and the retention settings.")


def _sites(keys: tuple[str, ...]) -> list[int] | None:
    if not keys:
        return None
    ids = []
    for key in keys:
        site = Site.by_key(key)
        if site is None:
            raise click.BadParameter(f"no site with key {key!r} (see: flask sites list)", param_hint="--site")
        ids.append(site.id)
    return ids


def _moderator(email: str | None) -> Moderator | None:
    if email is None:
        return None
    moderator = Moderator.by_email(email.strip().lower())
    if moderator is None:
        raise click.BadParameter(f"no console account {email!r}", param_hint="--by")
    return moderator


def _address(email: str) -> str:
    email = email.strip()
    if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
        raise click.BadParameter(f"not an email address: {email!r}", param_hint="EMAIL")
    return email


SITE_OPTION = click.option("--site", "site_keys", multiple=True,
                           help="Only this site (repeatable; default: every site).")
BY_OPTION = click.option("--by", "by", help="The console account acting on the request, for the log.")


@privacy_cli.command("export")
@click.argument("email")
@SITE_OPTION
@BY_OPTION
@click.option("--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write here instead of standard output.")
def export_command(email: str, site_keys: tuple[str, ...], by: str | None, output: Path | None) -> None:
    """Give a commenter every comment written with EMAIL, as JSON."""
    document = export_commenter(_address(email), _sites(site_keys), _moderator(by))
    db.session.commit()
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
    click.echo(f"exported {len(document['comments'])} comments", err=True)


@privacy_cli.command("erase")
@click.argument("email")
@SITE_OPTION
@BY_OPTION
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase_command(email: str, site_keys: tuple[str, ...], by: str | None, yes: bool) -> None:
    """Erase every comment written with EMAIL.

    Where the site keeps numbering, approved replies stay in place as "deleted".
    """
    email = _address(email)
    sites = _sites(site_keys)
    moderator = _moderator(by)
    found = len(commenter_comments(email, sites))
    if not found:
        click.echo(f"no comments written with {email}")
        return
    if not yes:
        click.confirm(f"erase {found} comments written with {email}?", abort=True)
    result = erase_commenter(email, sites, moderator)
    db.session.commit()
    click.echo(f"erased {found} comments: {result['deleted']} deleted, "
               f"{result['kept_as_deleted']} kept as 'deleted' to keep the reply numbers")


@privacy_cli.command("purge")
def purge_command() -> None:
    """Apply every site's retention settings now (the same work as the scheduled purge)."""
    result = purge_expired()
    db.session.commit()
    click.echo(f"cleared the network and user agent of {result['networks_cleared']} comments; "
               f"deleted {result['rejected_deleted']} rejected or spam comments")


def _days(value: str | None, name: str) -> int | None | bool:
    if value is None:
        return False  # not given: unchanged
    if value == "never":
        return None
    try:
        days = int(value)
    except ValueError:
        raise click.BadParameter("a number of days, or 'never'", param_hint=name) from None
    if days < 1:
        raise click.BadParameter("at least 1 day, or 'never'", param_hint=name)
    return days


@privacy_cli.command("settings")
@click.option("--site", "site_key", required=True, help="Key of the site.")
@click.option("--keep-network-days", metavar="DAYS|never",
              help="Forget a comment's network and user agent after this many days.")
@click.option("--keep-rejected-days", metavar="DAYS|never",
              help="Delete rejected and spam comments this many days after the decision.")
@click.option("--erase", type=click.Choice(["keep-numbering", "delete"]),
              help="Erasing a commenter keeps their approved replies as 'deleted', or deletes them.")
def settings_command(site_key: str, keep_network_days: str | None, keep_rejected_days: str | None,
                     erase: str | None) -> None:
    """Show, or change, a site's privacy settings."""
    site = Site.by_key(site_key)
    if site is None:
        raise click.BadParameter(f"no site with key {site_key!r} (see: flask sites list)",
                                 param_hint="--site")
    network = _days(keep_network_days, "--keep-network-days")
    rejected = _days(keep_rejected_days, "--keep-rejected-days")
    if network is not False:
        site.keep_network_days = network
    if rejected is not False:
        site.keep_rejected_days = rejected
    if erase is not None:
        site.erase_keeps_numbering = erase == "keep-numbering"
    db.session.commit()

    def days(value: int | None) -> str:
        return "kept" if value is None else f"{value} days"

    click.echo(f"{site.key}: network and user agent {days(site.keep_network_days)}; "
               f"rejected and spam comments {days(site.keep_rejected_days)}; erasing a commenter "
               + ("keeps their approved replies as 'deleted'" if site.erase_keeps_numbering
                  else "deletes their comments"))
