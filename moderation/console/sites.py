"""Sites: the list, a new site (admins), and each site's settings, policy and embed snippet."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from models import Role, Site, db
from models.site import POW_MAX_NUMBER

from . import bp
from .forms import SiteForm
from .security import manageable_site_or_404, require_role, visible_sites


@bp.get("/sites")
@login_required
def sites() -> ResponseReturnValue:
    return render_template("console/sites.html", sites=visible_sites(), form=SiteForm(formdata=None))


def _apply(form: SiteForm, site: Site) -> None:
    site.name = form.name.data.strip()
    site.origins = form.origin_list
    site.spam_threshold = form.spam_threshold.data
    site.hold_links_over = form.hold_links_over.data
    site.auto_approve_trusted = bool(form.auto_approve_trusted.data)
    site.auto_approve_below = form.auto_approve_below.data
    site.pow_max_number = form.pow_max_number.data or POW_MAX_NUMBER


@bp.post("/sites/new")
@login_required
@require_role(Role.ADMIN)
def new_site() -> ResponseReturnValue:
    form = SiteForm()
    if form.validate_on_submit():
        site = Site()
        _apply(form, site)
        db.session.add(site)
        db.session.commit()
        flash(f"Site {site.name!r} created. Paste its snippet into your pages.", "done")
        return redirect(url_for("console.site_settings", site_id=site.id))
    return render_template("console/sites.html", sites=visible_sites(), form=form), 400


@bp.route("/sites/<int:site_id>", methods=["GET", "POST"])
@login_required
def site_settings(site_id: int) -> ResponseReturnValue:
    site = manageable_site_or_404(site_id)
    form = SiteForm(obj=site) if request.method == "GET" else SiteForm()
    if request.method == "GET":
        form.origins.data = "\n".join(site.origins)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            _apply(form, site)
            db.session.commit()
            flash("Settings saved.", "done")
            return redirect(url_for("console.site_settings", site_id=site.id))
        status = 400
    snippet = site.embed_snippet(current_app.config["PUBLIC_URL"])
    from .porting import site_data_panels

    return render_template("console/site.html", site=site, form=form, snippet=snippet,
                           **site_data_panels(site)), status
