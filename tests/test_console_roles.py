"""Roles and sites: a moderator of site A never reads or acts on site B, by any URL or form field."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Comment, CommentStatus, Decision, DecisionAction, Moderator, Site, db, decide
from tests.console_world import log_in

S = CommentStatus


@pytest.fixture
def mod_a_client(client, world):
    assert log_in(client, world.mod_a.email).status_code == 302
    return client


def _nothing_changed(world) -> None:
    db.session.expire_all()
    assert {c.status for c in db.session.scalars(select(Comment))} == {S.PENDING}


def test_moderator_of_site_a_gets_404_for_every_read_of_site_b(mod_a_client, world):
    b_decision = decide(world.comments_b[0].id, DecisionAction.REJECT, world.admin.id)
    db.session.commit()
    for url in [
        f"/moderate/?site={world.site_b.id}",
        f"/moderate/?site={world.site_b.id}&status=rejected",
        f"/moderate/?thread={world.thread_b.id}",
        f"/moderate/history?site={world.site_b.id}",
        f"/moderate/sites/{world.site_b.id}",
    ]:
        assert mod_a_client.get(url).status_code == 404, url
    # Their own pages never show site B's comments, sites or decisions.
    for url in ["/moderate/", "/moderate/?status=rejected", "/moderate/history", "/moderate/sites"]:
        html = mod_a_client.get(url).get_data(as_text=True)
        assert "Beta comment" not in html and "Beta blog" not in html, url
    assert b_decision is not None


def test_moderator_of_site_a_gets_404_for_every_action_on_site_b(mod_a_client, world):
    b_ids = [c.id for c in world.comments_b]
    a_id = world.comments_a[0].id
    for action in ["approve", "reject", "spam", "not_spam"]:
        assert mod_a_client.post(f"/moderate/comments/{b_ids[0]}/decide",
                                 data={"action": action}).status_code == 404
        assert mod_a_client.post("/moderate/bulk", data={"action": action, "ids": b_ids}).status_code == 404
        # One foreign id hidden among their own: the whole bulk is refused.
        assert mod_a_client.post("/moderate/bulk",
                                 data={"action": action, "ids": [a_id, b_ids[1]]}).status_code == 404
    _nothing_changed(world)
    # Undoing site B's decision, named in the form, is refused too.
    b_decision = decide(b_ids[2], DecisionAction.SPAM, world.admin.id)
    db.session.commit()
    assert mod_a_client.post("/moderate/undo", data={"decision": b_decision.id}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Comment, b_ids[2]).status == S.SPAM
    # Settings of site B: neither read nor written.
    answer = mod_a_client.post(f"/moderate/sites/{world.site_b.id}",
                               data={"name": "taken", "hold_links_over": "1", "auto_approve_below": "0.1"})
    assert answer.status_code == 404
    db.session.expire_all()
    assert db.session.get(Site, world.site_b.id).name == "Beta blog"
    # A missing comment looks exactly like a foreign one.
    missing = mod_a_client.post("/moderate/comments/999999/decide", data={"action": "approve"})
    assert missing.status_code == 404


def test_moderator_works_on_site_a_normally(mod_a_client, world):
    target = world.comments_a[0]
    answer = mod_a_client.post(f"/moderate/comments/{target.id}/decide", data={"action": "approve"})
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(Comment, target.id).status == S.APPROVED


def test_moderator_counts_only_site_a_comments(mod_a_client, world):
    # 8 comments wait (5 on site A, 3 on B); site B's comment marked spam must not show either.
    decide(world.comments_b[0].id, DecisionAction.SPAM, world.admin.id)
    db.session.commit()
    assert db.session.scalar(select(func.count()).where(Comment.status == S.PENDING)) == 7
    html = mod_a_client.get("/moderate/").get_data(as_text=True)
    assert '<span class="count" data-count="pending">5</span>' in html
    assert '<span class="count" data-count="spam">0</span>' in html


def test_admin_and_owner_pages_are_refused_to_a_moderator(mod_a_client, world):
    assert mod_a_client.get("/moderate/moderators").status_code == 403
    invite = {"email": "x@example.com", "role": "admin"}
    assert mod_a_client.post("/moderate/moderators", data=invite).status_code == 403
    assert mod_a_client.post(f"/moderate/moderators/{world.admin.id}/invite").status_code == 403
    assert mod_a_client.post("/moderate/sites/new", data={"name": "Mine", "hold_links_over": "2",
                                                          "auto_approve_below": "0.1"}).status_code == 403
    # Their own site's settings belong to its owners.
    assert mod_a_client.get(f"/moderate/sites/{world.site_a.id}").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Site)) == 2
    assert db.session.scalar(select(func.count()).select_from(Moderator)) == 3


def test_owner_changes_own_site_policy_but_not_another_site(client, world):
    log_in(client, world.owner_a.email)
    form = {"name": "Alpha weblog", "origins": "HTTPS://Alpha.Example:443/\nhttp://localhost:8000",
            "spam_threshold": "0.95", "hold_links_over": "0", "auto_approve_below": "0.05",
            "auto_approve_trusted": "y"}
    assert client.post(f"/moderate/sites/{world.site_a.id}", data=form).status_code == 302
    db.session.expire_all()
    site = db.session.get(Site, world.site_a.id)
    assert site.origins == ["https://alpha.example", "http://localhost:8000"]
    assert (site.name, site.spam_threshold, site.hold_links_over, site.auto_approve_trusted) == (
        "Alpha weblog", 0.95, 0, True)
    page = client.get(f"/moderate/sites/{world.site_a.id}").get_data(as_text=True)
    assert f'data-site=&#34;{site.key}&#34;' in page and "/embed.js" in page
    assert client.get(f"/moderate/sites/{world.site_b.id}").status_code == 404
    assert client.post("/moderate/sites/new", data=form).status_code == 403


def test_bad_site_settings_name_the_field_and_save_nothing(client, world):
    log_in(client, world.admin.email)
    answer = client.post(f"/moderate/sites/{world.site_a.id}",
                         data={"name": "Alpha", "origins": "ftp://alpha.example", "hold_links_over": "-1",
                               "auto_approve_below": "2"})
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert "not an http(s) origin" in html and "Between 0 and 1000." in html and "Between 0 and 1." in html
    db.session.expire_all()
    assert db.session.get(Site, world.site_a.id).origins == ["https://alpha.example"]


def test_new_sites_start_with_auto_approval_off(client, world):
    log_in(client, world.admin.email)
    answer = client.post("/moderate/sites/new", data={"name": "Gamma", "origins": "https://gamma.example",
                                                      "hold_links_over": "2", "auto_approve_below": "0.1"})
    assert answer.status_code == 302
    gamma = db.session.scalar(select(Site).where(Site.name == "Gamma"))
    assert gamma.auto_approve_trusted is False and gamma.origins == ["https://gamma.example"]


def test_owner_invites_only_to_own_sites_and_never_an_admin(client, world):
    log_in(client, world.owner_a.email)
    assert client.post("/moderate/moderators", data={"email": "new@example.com", "role": "admin",
                                                     "sites": [world.site_a.id]}).status_code == 400
    assert client.post("/moderate/moderators", data={"email": "new@example.com", "role": "moderator",
                                                     "sites": [world.site_b.id]}).status_code == 400
    assert Moderator.by_email("new@example.com") is None
    assert client.post(f"/moderate/moderators/{world.admin.id}/invite").status_code == 404
    people = client.get("/moderate/moderators").get_data(as_text=True)
    assert world.mod_a.email in people and world.admin.email not in people


def test_undo_by_history_of_a_decision_still_current(client, world):
    log_in(client, world.mod_a.email)
    decision = decide(world.comments_a[0].id, DecisionAction.APPROVE, world.owner_a.id)
    db.session.commit()
    assert client.post("/moderate/undo", data={"decision": decision.id}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Decision, decision.id).undone_by_id is not None
    assert db.session.get(Comment, world.comments_a[0].id).status == S.PENDING
