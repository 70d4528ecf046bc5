"""Console accounts: admins manage everyone, owners the people of their own sites.

A new account has no password: whoever creates it gets a one-time link to hand
over (valid 72 hours, single use; only its hash is stored), and the new
moderator chooses a password there.
"""

from __future__ import annotations

from flask import abort, current_app, flash, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from models import Moderator, Role, Site, db, moderator_sites

from . import bp
from .auth import INVITE_LIFETIME, issue_invite
from .forms import ModeratorForm
from .security import checked_id, require_role, visible_sites


def _managed_people() -> list[Moderator]:
    if current_user.role == Role.ADMIN:
        return sorted(db.session.scalars(select(Moderator)), key=lambda m: m.email)
    mine = current_user.site_ids() or {-1}
    sharing = select(moderator_sites.c.moderator_id).where(moderator_sites.c.site_id.in_(mine))
    people = db.session.scalars(
        select(Moderator).where(Moderator.id.in_(sharing), Moderator.role != Role.ADMIN))
    return sorted(people, key=lambda m: m.email)


def _may_manage(person: Moderator) -> bool:
    if current_user.role == Role.ADMIN:
        return True
    # An owner manages a person only when every site of that person is theirs.
    return person.role != Role.ADMIN and bool(person.sites) and all(
        current_user.can_manage(s.id) for s in person.sites)


def _form() -> ModeratorForm:
    return _choices(ModeratorForm())


def _choices(form: ModeratorForm) -> ModeratorForm:
    # Only my sites, and the admin role only for admins.
    form.sites.choices = [SelectChoice(s.id, s.name) for s in visible_sites()]
    if current_user.role != Role.ADMIN:
        form.role.choices = [c for c in form.role.choices if c.value != "admin"]
    return form


def _page(form: ModeratorForm, link: str | None = None, for_email: str | None = None, status: int = 200):
    return render_template("console/moderators.html", form=form, people=_managed_people(),
                           may_manage=_may_manage, link=link, for_email=for_email,
                           hours=int(INVITE_LIFETIME.total_seconds() // 3600)), status


@bp.route("/moderators", methods=["GET", "POST"])
@login_required
@require_role(Role.ADMIN, Role.OWNER)
def moderators() -> ResponseReturnValue:
    form = _form()
    if request.method == "POST":
        if not form.validate_on_submit():
            return _page(form, status=400)
        role = Role(form.role.data)
        chosen = [db.session.get(Site, i) for i in form.sites.data or []]
        if role != Role.ADMIN and not chosen:
            form.sites.errors.append("Choose at least one site.")
            return _page(form, status=400)
        if Moderator.by_email(form.email.data) is not None:
            form.email.errors.append("This address already has an account.")
            return _page(form, status=400)
        person = Moderator(email=form.email.data, role=role, sites=[] if role == Role.ADMIN else chosen)
        token = issue_invite(person)
        db.session.add(person)
        db.session.commit()
        link = _invite_link(token)
        return _page(_form_blank(), link=link, for_email=person.email)
    return _page(form)


def _form_blank() -> ModeratorForm:
    return _choices(ModeratorForm(formdata=None))


def _managed_person_or_404(person_id: int) -> Moderator:
    # Someone outside the people this account manages is a 404, like any unknown id.
    person = db.session.get(Moderator, checked_id(person_id, "person"))
    if person is None or person not in _managed_people():
        abort(404)
    return person


@bp.post("/moderators/<int:person_id>/invite")
@login_required
@require_role(Role.ADMIN, Role.OWNER)
def reinvite(person_id: int) -> ResponseReturnValue:
    person = _managed_person_or_404(person_id)
    if not _may_manage(person):
        abort(403, "This person also works on sites you do not own.")
    token = issue_invite(person)
    db.session.commit()
    flash("A new one-time link replaces the earlier one.", "done")
    link = _invite_link(token)
    return _page(_form_blank(), link=link, for_email=person.email)


@bp.post("/moderators/<int:person_id>/active")
@login_required
@require_role(Role.ADMIN, Role.OWNER)
def set_active(person_id: int) -> ResponseReturnValue:
    person = _managed_person_or_404(person_id)
    if not _may_manage(person) or person.id == current_user.id:
        abort(403, "You cannot change this account.")
    person.set_active(request.form.get("active") == "1")
    db.session.commit()
    flash(f"{person.email} can {'now' if person.active else 'no longer'} sign in.", "done")
    return _page(_form_blank())


def _invite_link(token: str) -> str:
    # Built on PUBLIC_URL, never on the request's Host header, which a client
    # (or a misconfigured proxy) controls: the link must point at us.
    return current_app.config["PUBLIC_URL"] + url_for("console.invite", token=token)
