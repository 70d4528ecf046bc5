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
    assert "console admin: admin@example.com\nconsole password (shown once): " in first.output
    password = first.output.split("console password (shown once): ")[1].strip()
    assert Moderator.by_email("admin@example.com").check_password(password)
    second = runner.invoke(args=["demo", "--origin", "http://127.0.0.1:8000"])
    assert "already set up" in second.output
    # The banner of every later `make run` still names the account, never a password.
    assert "console admin: admin@example.com" in second.output
    assert "password" not in second.output
    assert len(db.session.scalars(select(Site)).all()) == 1
    assert len(db.session.scalars(select(Moderator)).all()) == 1


# --- sites update / show ------------------------------------------------------

def test_sites_show_prints_the_origins_and_the_snippet(runner, site):
    result = runner.invoke(args=["sites", "show", site.key])
    assert result.exit_code == 0, result.output
    assert "origins:  https://blog.example" in result.output
    snippet = f'<script src="http://127.0.0.1:5000/embed.js" data-site="{site.key}" async></script>'
    assert snippet in result.output


def test_sites_update_adds_and_removes_origins(runner, site):
    result = runner.invoke(args=["sites", "update", site.key, "--origin", "https://WWW.blog.example/",
                                 "--origin", "http://localhost:8000", "--remove-origin", "https://blog.example"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert site.origins == ["http://localhost:8000", "https://www.blog.example"]
    assert "origins:  http://localhost:8000 https://www.blog.example" in result.output
    # The API's CORS check reads the new list at once.
    assert site.allows_origin("https://www.blog.example") and not site.allows_origin("https://blog.example")


def test_sites_update_renames(runner, site):
    result = runner.invoke(args=["sites", "update", site.key, "--name", "Field notes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert site.name == "Field notes" and site.origins == ["https://blog.example"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--remove-origin", "https://other.example"],
         "https://other.example is not one of the site's origins"),
        (["--origin", "ftp://files.example"], "not an http(s) origin"),
        (["--remove-origin", "not an origin"], "Invalid value for --remove-origin"),
        (["--origin", "https://a.example", "--remove-origin", "https://a.example"],
         "is both added and removed"),
        ([], "nothing to change"),
        (["--name", "  "], "must be 1 to 200 characters"),
    ],
)
def test_sites_update_refuses_bad_arguments_and_changes_nothing(runner, site, args, message):
    result = runner.invoke(args=["sites", "update", site.key, *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    db.session.expire_all()
    assert site.origins == ["https://blog.example"] and site.name == "Test blog"


@pytest.mark.parametrize("args", [["show", "nope"], ["update", "nope", "--origin", "https://a.example"]])
def test_an_unknown_site_key_is_named(runner, site, args):
    result = runner.invoke(args=["sites", *args])
    assert result.exit_code == 2
    assert "no site with key 'nope' (see: flask sites list)" in result.output


# --- moderators set-password ---------------------------------------------------

def _account() -> Moderator:
    person = Moderator(email="ana@example.com", role=Role.ADMIN)
    person.set_password("the old password")
    db.session.add(person)
    db.session.commit()
    return person


def test_set_password_generates_one_and_signs_the_account_out(runner, app_context):
    person = _account()
    sessions_before = person.get_id()
    result = runner.invoke(args=["moderators", "set-password", "Ana@Example.com"])
    assert result.exit_code == 0, result.output
    password = result.output.split("password (shown once): ")[1].strip()
    db.session.expire_all()
    assert person.check_password(password)
    assert not person.check_password("the old password")
    assert person.get_id() != sessions_before  # every cookie naming the old session is refused


def test_set_password_can_ask_for_it(runner, app_context):
    person = _account()
    result = runner.invoke(args=["moderators", "set-password", "ana@example.com", "--ask-password"],
                           input="a new long passphrase\na new long passphrase\n")
    assert result.exit_code == 0, result.output
    assert "shown once" not in result.output
    db.session.expire_all()
    assert person.check_password("a new long passphrase")


def test_set_password_refuses_a_short_one_and_keeps_the_old(runner, app_context):
    person = _account()
    result = runner.invoke(args=["moderators", "set-password", "ana@example.com", "--ask-password"],
                           input="short\nshort\n")
    assert result.exit_code == 2
    assert "use at least 10 characters" in result.output
    db.session.expire_all()
    assert person.check_password("the old password")


def test_set_password_for_an_unknown_email_names_the_accounts(runner, app_context):
    _account()
    result = runner.invoke(args=["moderators", "set-password", "bob@example.com"])
    assert result.exit_code == 2
    assert "no account for 'bob@example.com'; accounts: ana@example.com" in result.output


@pytest.fixture
def fresh_checkout_app(tmp_path):
    """An app on a database nobody has migrated yet, as a fresh checkout has."""
    from config import test_config
    from moderation import create_app

    app = create_app(test_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'new.db'}"))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("args", [["sites", "list"], ["spam", "models"],
                                  ["moderators", "create", "a@example.com"]])
def test_a_database_with_no_tables_gets_one_line_saying_what_to_run(fresh_checkout_app, args):
    result = fresh_checkout_app.test_cli_runner().invoke(args=args, input="long-enough-password\n" * 2)
    assert result.exit_code == 1
    assert "no tables yet: run `flask db upgrade` first" in result.output
    assert "Traceback" not in result.output


def test_the_starter_model_can_be_judged_on_a_file_before_any_database(fresh_checkout_app, tmp_path,
                                                                        smaller_starter_corpus):
    labelled = tmp_path / "mine.csv"
    labelled.write_text("text,label\n\"Thanks, the second fix worked for me.\",0\n"
                        "Buy cheap viagra online now http://cheap-pills-online.example,1\n", encoding="utf-8")
    result = fresh_checkout_app.test_cli_runner().invoke(
        args=["spam", "evaluate", "--model", "starter", "--csv", str(labelled)])
    assert result.exit_code == 0, result.output
    assert "training one in memory" in result.output
    assert any(line.split()[:1] == ["MCC"] for line in result.output.splitlines())
