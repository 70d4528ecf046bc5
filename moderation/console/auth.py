"""Signing in and out, and the one-time link that lets a new moderator choose a password.

Login attempts are limited twice, by the account named in the form and by the
client's address, and only failed attempts count: someone guessing one
account's password from many addresses is stopped, and so is one address
trying many accounts. While an account is limited even its right password is
refused, or the limit would tell the guesser when they have found it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from models import Moderator, db, utcnow

from ..extensions import client_address, limiter, login_manager
from . import bp
from .forms import ActionForm, LoginForm, SetPasswordForm
from .security import ID_MAX, safe_next

__all__ = ["INVITE_LIFETIME", "issue_invite", "token_hash"]

INVITE_LIFETIME = timedelta(hours=72)

login_manager.login_view = "console.login"
login_manager.login_message = "Please sign in to use the console."


@login_manager.user_loader
def load_moderator(user_id: str) -> Moderator | None:
    # "id.version": a session from before the account's last sign-out,
    # password change or block names an old version and is refused.
    account, _, version = user_id.partition(".")
    try:
        account_id, wanted = int(account), int(version)
    except ValueError:
        return None
    if not 0 < account_id <= ID_MAX:
        return None
    moderator = db.session.get(Moderator, account_id)
    if moderator is None or moderator.session_version != wanted:
        return None
    return moderator


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_invite(moderator: Moderator) -> str:
    """Give `moderator` a fresh one-time link (replacing any earlier one); return its token."""
    token = secrets.token_urlsafe(32)
    moderator.invite_token_hash = token_hash(token)
    moderator.invite_expires_at = utcnow() + INVITE_LIFETIME
    return token


def _account_key() -> str:
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"login-account:{email}"


def _client_key() -> str:
    return f"login-client:{client_address()}"


def _failed(response) -> bool:
    # A successful login redirects; a failed one shows the form again.
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_ACCOUNT"], key_func=_account_key,
               methods=["POST"], deduct_when=_failed, scope="login-account")
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_CLIENT"], key_func=_client_key,
               methods=["POST"], deduct_when=_failed, scope="login-client")
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("console.queue"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    status = 200
    if form.validate_on_submit():
        moderator = Moderator.by_email(form.email.data)
        # Check a password even for an unknown email, so timing does not tell
        # which addresses have accounts.
        # An invited account without a password yet is checked against the
        # dummy too, or its quick refusal would tell it apart.
        password = form.password.data
        has_password = moderator is not None and bool(moderator.password_hash)
        ok = moderator.check_password(password) if has_password else _dummy_check(password)
        if ok and moderator is not None and moderator.is_active:
            _fresh_csrf_secret()
            login_user(moderator)
            moderator.last_login_at = utcnow()
            db.session.commit()
            return redirect(safe_next(form.next.data))
        flash("Wrong email or password.", "error")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("console/login.html", form=form), status


_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16), method="scrypt")


def _fresh_csrf_secret() -> None:
    # A CSRF token learnt before signing in (on a shared computer, say) must
    # not work in the signed-in session: the next form gets a new secret.
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session.pop(name, None)
    g.pop(name, None)  # the token made from the old secret for this request


def _dummy_check(password: str) -> bool:
    check_password_hash(_DUMMY_HASH, password)
    return False


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    form = ActionForm()
    if not form.validate_on_submit():
        return redirect(url_for("console.queue"))
    # Every browser of this account, not only this one: a stolen cookie dies too.
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("console.login"))


def _invited(token: str) -> Moderator | None:
    moderator = db.session.scalar(select(Moderator).where(Moderator.invite_token_hash == token_hash(token)))
    if moderator is None or moderator.invite_expires_at is None or moderator.invite_expires_at < utcnow():
        return None
    return moderator


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit("30/minute", methods=["POST"])
def invite(token: str) -> ResponseReturnValue:
    moderator = _invited(token)
    if moderator is None:
        return render_template("console/invite_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        # Single use: the token is cleared in the same conditional update that
        # sets the password, so two tabs cannot both use it.
        moderator.set_password(form.password.data)
        used = db.session.execute(
            update(Moderator)
            .where(Moderator.id == moderator.id, Moderator.invite_token_hash == token_hash(token))
            .values(password_hash=moderator.password_hash, session_version=moderator.session_version,
                    invite_token_hash=None, invite_expires_at=None)
            .execution_options(synchronize_session=False)
        )
        if used.rowcount != 1:
            db.session.rollback()
            return render_template("console/invite_invalid.html"), 404
        db.session.commit()
        db.session.refresh(moderator)
        logout_user()
        _fresh_csrf_secret()
        login_user(moderator)
        flash("Your password is set. Welcome.", "info")
        return redirect(url_for("console.queue"))
    return render_template("console/invite.html", form=form, moderator=moderator), 400 if form.errors else 200
