"""The command line: sites and moderators, with one clear line for bad arguments."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Moderator, Role, Site, db


def test_sites_create_prints_the_key_and_snippet(runner, app_context):
    result = runner.invoke(args=["sites", "create", "Field notes", "--origin", "https://Notes.Example/",
                                 "--origin", "http://localhost:8000"])
    assert result.exit_code == 0, result.output
    site = db.session.scalar(select(Site))
    assert site.name == "Field notes"
    assert site.origins == ["http://localhost:8000", "https://notes.example"]
    assert f"site key: {site.key}" in result.output
    snippet = f'<script src="http://127.0.0.1:5000/embed.js" data-site="{site.key}" async></script>'
    assert snippet in result.output
    assert '<div id="comments"></div>' in result.output


def test_sites_list_shows_every_site(runner, site):
    result = runner.invoke(args=["sites", "list"])
    assert result.exit_code == 0
    assert result.output.strip() == f"{site.key}\tTest blog\thttps://blog.example"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sites", "create", "Blog", "--origin", "ftp://files.example"], "not an http(s) origin"),
        (["sites", "create", "Blog", "--origin", "https://blog.example/path"], "an origin has no path"),
        (["sites", "create", "Blog"], "Missing option '--origin'"),
        (["sites", "create", "", "--origin", "https://blog.example"], "must be 1 to 200 characters"),
    ],
)
def test_sites_create_refuses_bad_arguments_in_one_line(runner, app_context, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(Site)) is None


def test_moderators_create_generates_a_password_shown_once(runner, site):
    result = runner.invoke(args=["moderators", "create", "Mod@Example.com", "--role", "moderator",
                                 "--site", site.key])
    assert result.exit_code == 0, result.output
    password = result.output.split("password (shown once): ")[1].strip()
    person = Moderator.by_email("mod@example.com")
    assert person.role == Role.MODERATOR
    assert [s.key for s in person.sites] == [site.key]
    assert person.check_password(password)
    assert password not in (person.password_hash or "")


def test_moderators_create_can_ask_for_the_password(runner, site):
    result = runner.invoke(args=["moderators", "create", "owner@example.com", "--role", "owner",
                                 "--site", site.key, "--ask-password"],
                           input="a long passphrase\na long passphrase\n")
    assert result.exit_code == 0, result.output
    assert "shown once" not in result.output
    assert Moderator.by_email("owner@example.com").check_password("a long passphrase")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["moderators", "create", "not-an-email", "--role", "admin"], "not an email address"),
        (["moderators", "create", "x@example.com", "--role", "king"], "'king' is not one of"),
        (["moderators", "create", "x@example.com", "--role", "moderator"], "needs at least one --site"),
        (["moderators", "create", "x@example.com", "--site", "nope"], "no site with key 'nope'"),
    ],
)
def test_moderators_create_refuses_bad_arguments(runner, site, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(Moderator)) is None


def test_a_second_account_with_the_same_email_is_refused(runner, app_context):
    assert runner.invoke(args=["moderators", "create", "a@example.com", "--role", "admin"]).exit_code == 0
    result = runner.invoke(args=["moderators", "create", "A@example.com", "--role", "admin"])
    assert result.exit_code == 2
    assert "already has an account" in result.output


def test_demo_setup_runs_once(runner, app_context):
    first = runner.invoke(args=["demo", "--origin", "http://127.0.0.1:8000"])
    assert first.exit_code == 0, first.output
    assert "console login (shown once): admin@example.com / " in first.output
    second = runner.invoke(args=["demo", "--origin", "http://127.0.0.1:8000"])
    assert "already set up" in second.output
    assert len(db.session.scalars(select(Site)).all()) == 1
    assert len(db.session.scalars(select(Moderator)).all()) == 1
