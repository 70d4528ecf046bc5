"""The queue page and decisions: order, pagination, approve / reject / spam, bulk and undo."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Comment, CommentStatus, Decision, DecisionAction, Thread, db
from moderation.console.queue import queue_page
from tests.console_world import comment, log_in

S = CommentStatus


@pytest.fixture
def admin_client(client, world):
    assert log_in(client, world.admin.email).status_code == 302
    return client


def _status(comment_id: int) -> tuple[S, int | None]:
    db.session.expire_all()
    found = db.session.get(Comment, comment_id)
    return found.status, found.number


def test_queue_lists_pending_comments_highest_score_first_with_reasons(admin_client, world):
    page = admin_client.get(f"/moderate/?site={world.site_a.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    bodies = re.findall(r"Alpha comment (\d)", html)
    assert bodies == ["4", "3", "2", "1", "0"]
    assert "Beta comment" not in html
    assert "the word &#39;free&#39;" in html  # the reasons, in words, strongest first
    assert "a4@example.org" in html and "Alpha post" in html
    assert '<meter min="0" max="1"' in html


def test_queue_of_all_sites_shows_both_sites_to_an_admin(admin_client, world):
    html = admin_client.get("/moderate/").get_data(as_text=True)
    assert "Alpha comment 0" in html and "Beta comment 0" in html


@pytest.mark.parametrize("sort", ["score_desc", "score_asc", "time_desc", "time_asc"])
def test_keyset_pages_show_every_comment_exactly_once(world, sort):
    # Two unscored pending comments: they come after every scored one, in both directions.
    unscored = [comment(world.thread_a, score=None, body=f"unscored {i}") for i in range(2)]
    db.session.commit()
    seen, cursor = [], None
    for _ in range(10):
        page = queue_page(status=S.PENDING, site_ids={world.site_a.id}, sort=sort, cursor=cursor, per_page=2)
        seen += [c.id for c in page.comments]
        cursor = page.next_cursor
        if cursor is None:
            break
    expected = {c.id for c in world.comments_a} | {c.id for c in unscored}
    assert sorted(seen) == sorted(expected)
    if sort.startswith("score"):
        assert seen[-2:] == sorted(c.id for c in unscored)[:: -1 if sort == "score_desc" else 1]
        scores = [db.session.get(Comment, i).score for i in seen[:-2]]
        assert scores == sorted(scores, reverse=sort == "score_desc")


def test_next_page_link_leads_to_the_rest_of_the_queue(admin_client, world, monkeypatch):
    monkeypatch.setattr("moderation.console.queue.PER_PAGE", 3)
    first = admin_client.get(f"/moderate/?site={world.site_a.id}").get_data(as_text=True)
    link = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = admin_client.get(link).get_data(as_text=True)
    assert re.findall(r"Alpha comment (\d)", second) == ["1", "0"]
    assert 'rel="next"' not in second


def test_damaged_page_link_is_a_clear_400(admin_client, world):
    for bad in ["s~nan~1", "garbage", "s~0.5", "t~yesterday~3", "n~x"]:
        answer = admin_client.get(f"/moderate/?after={bad}")
        assert answer.status_code == 400
        assert "damaged" in answer.get_data(as_text=True)
    assert admin_client.get("/moderate/?status=deleted").status_code == 400
    assert admin_client.get("/moderate/?site=abc").status_code == 400


def test_approving_numbers_the_reply_logs_it_and_undo_restores_everything(admin_client, world):
    target = world.comments_a[0]
    version_before = db.session.get(Thread, world.thread_a.id).version
    answer = admin_client.post(f"/moderate/comments/{target.id}/decide", data={"action": "approve"})
    assert answer.status_code == 302
    assert _status(target.id) == (S.APPROVED, 1)
    assert db.session.get(Comment, target.id).body_html.startswith("<p>")
    assert db.session.get(Thread, world.thread_a.id).version > version_before
    decision = db.session.scalars(select(Decision).where(Decision.comment_id == target.id)).one()
    assert (decision.action, decision.moderator_id, decision.from_status, decision.to_status) == (
        DecisionAction.APPROVE, world.admin.id, S.PENDING, S.APPROVED)
    # The page (without JavaScript) offers to undo exactly that decision.
    html = admin_client.get("/moderate/").get_data(as_text=True)
    assert f'name="decision" value="{decision.id}"' in html
    assert admin_client.post("/moderate/undo", data={}).status_code == 302
    assert _status(target.id) == (S.PENDING, None)
    assert db.session.get(Thread, world.thread_a.id).approved_count == 0


def test_approving_twice_changes_nothing_the_second_time(admin_client, world):
    target = world.comments_a[1]
    admin_client.post(f"/moderate/comments/{target.id}/decide", data={"action": "approve"})
    again = admin_client.post(f"/moderate/comments/{target.id}/decide", data={"action": "approve"},
                              headers={"Accept": "application/json"})
    assert again.get_json()["changed"] is False
    logged = db.session.scalars(select(Decision.id).where(Decision.comment_id == target.id)).all()
    assert len(logged) == 1


def test_keyboard_requests_get_json_with_the_new_status(admin_client, world):
    target = world.comments_a[2]
    answer = admin_client.post(f"/moderate/comments/{target.id}/decide", data={"action": "spam"},
                               headers={"Accept": "application/json"})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["changed"] is True
    assert body["comments"] == [{"id": target.id, "status": "spam", "number": None}]
    undone = admin_client.post("/moderate/undo", data={"decision": body["decisions"]},
                               headers={"Accept": "application/json"}).get_json()
    assert undone["comments"][0]["status"] == "pending"


def test_bulk_spam_moves_every_selected_comment_and_one_undo_brings_all_back(admin_client, world):
    chosen = [c.id for c in world.comments_a[:3]]
    answer = admin_client.post("/moderate/bulk", data={"action": "spam", "ids": chosen},
                               follow_redirects=True)
    assert "3 comments marked as spam." in answer.get_data(as_text=True)
    assert [_status(i)[0] for i in chosen] == [S.SPAM] * 3
    assert _status(world.comments_a[3].id)[0] == S.PENDING
    admin_client.post("/moderate/undo", data={})
    assert [_status(i)[0] for i in chosen] == [S.PENDING] * 3


def test_not_spam_returns_a_spam_comment_to_the_queue(admin_client, world):
    target = world.comments_a[0]
    admin_client.post(f"/moderate/comments/{target.id}/decide", data={"action": "spam"})
    admin_client.post(f"/moderate/comments/{target.id}/decide", data={"action": "not_spam"})
    assert _status(target.id)[0] == S.PENDING


def test_unknown_action_or_bad_selection_is_a_400_and_changes_nothing(admin_client, world):
    target = world.comments_a[0]
    decide_url = f"/moderate/comments/{target.id}/decide"
    assert admin_client.post(decide_url, data={"action": "delete"}).status_code == 400
    assert admin_client.post("/moderate/bulk", data={"action": "spam", "ids": ["1", "x"]}).status_code == 400
    assert admin_client.post("/moderate/undo", data={"decision": "x"}).status_code == 400
    assert all(_status(c.id)[0] == S.PENDING for c in world.comments_a)


def test_history_lists_decisions_and_filters_by_action(admin_client, world):
    admin_client.post(f"/moderate/comments/{world.comments_a[0].id}/decide", data={"action": "approve"})
    admin_client.post(f"/moderate/comments/{world.comments_a[1].id}/decide", data={"action": "reject"})
    html = admin_client.get("/moderate/history").get_data(as_text=True)
    assert "Approved" in html and "Rejected" in html and world.admin.email in html
    only = admin_client.get("/moderate/history?action=reject").get_data(as_text=True)
    assert "Alpha comment 1" in only and "Alpha comment 0" not in only
    assert admin_client.get("/moderate/history?action=eat").status_code == 400


def test_console_pages_forbid_inline_script_and_framing(admin_client, world):
    for url in ["/moderate/", "/moderate/history", "/moderate/sites", f"/moderate/sites/{world.site_a.id}",
                "/moderate/moderators", "/moderate/login", "/moderate/nowhere"]:
        answer = admin_client.get(url)
        # The header the browser gets, read directive by directive.
        header = answer.headers["Content-Security-Policy"]
        policy = dict(d.strip().partition(" ")[::2] for d in header.split(";"))
        assert policy["default-src"] == policy["script-src"] == policy["style-src"] == "'self'", url
        assert policy["frame-ancestors"] == policy["object-src"] == "'none'", url
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        html = answer.get_data(as_text=True)
        assert " style=" not in html and "<script>" not in html and " onclick=" not in html, url


def test_a_comment_links_to_its_page_on_the_site_and_never_to_the_console_host(admin_client, world):
    html = admin_client.get(f"/moderate/?site={world.site_a.id}").get_data(as_text=True)
    assert 'href="https://alpha.example/2008/07/alpha-post"' in html
    world.site_a.origins = []  # a site whose origins were all removed
    db.session.commit()
    html = admin_client.get(f"/moderate/?site={world.site_a.id}").get_data(as_text=True)
    assert "Alpha post" in html
    assert 'href="/2008/07/alpha-post"' not in html


def test_thread_public_url_keeps_absolute_addresses_and_puts_paths_on_the_first_origin(world):
    assert world.thread_a.public_url == "https://alpha.example/2008/07/alpha-post"
    absolute = Thread(site_id=world.site_a.id, uri="https://alpha.example/other", title="")
    db.session.add(absolute)
    db.session.commit()
    assert absolute.public_url == "https://alpha.example/other"


# --- counts, search, messages, the policy's spam, undo in place (issue: the moderator's desk) ---

def _json(client, url: str, **data):
    return client.post(url, data=data, headers={"Accept": "application/json"}).get_json()


def test_the_filter_counts_each_status(admin_client, world):
    _json(admin_client, f"/moderate/comments/{world.comments_a[0].id}/decide", action="spam")
    html = admin_client.get(f"/moderate/?site={world.site_a.id}").get_data(as_text=True)
    assert re.search(r'Pending <span class="count" data-count="pending">4</span>', html)
    assert re.search(r'Spam <span class="count" data-count="spam">1</span>', html)
    assert "Pending (4)" in html  # the select says it too


def test_a_long_queue_is_counted_up_to_a_cap(admin_client, world, monkeypatch):
    # Counting stops one past the cap, so 100,000 waiting comments cost 10,001 index entries.
    monkeypatch.setattr("moderation.console.queue.COUNT_CAP", 3)
    html = admin_client.get(f"/moderate/?site={world.site_a.id}").get_data(as_text=True)
    assert re.search(r'Pending <span class="count" data-count="pending" data-capped>3\+</span>', html)
    assert re.search(r'Spam <span class="count" data-count="spam">0</span>', html)


def test_an_empty_queue_says_all_caught_up_and_keeps_no_stale_message(admin_client, world):
    for c in world.comments_a:
        _json(admin_client, f"/moderate/comments/{c.id}/decide", action="approve")
    # The keyboard's undo and decisions answer in JSON and leave nothing to show on a later page.
    _json(admin_client, "/moderate/undo")
    _json(admin_client, "/moderate/undo")
    _json(admin_client, f"/moderate/comments/{world.comments_a[4].id}/decide", action="reject")
    html = admin_client.get(f"/moderate/?site={world.site_a.id}").get_data(as_text=True)
    assert "All caught up." in html and "data-empty hidden" not in html
    assert "Alpha comment" not in html and 'class="flash' not in html
    html = admin_client.get(f"/moderate/?site={world.site_a.id}&status=rejected").get_data(as_text=True)
    assert "All caught up" not in html and "Alpha comment 4" in html


def test_decision_messages_name_the_author_and_what_happened_without_ids(admin_client, world):
    target = world.comments_a[2]
    answer = _json(admin_client, f"/moderate/comments/{target.id}/decide", action="approve")
    whose = "\u2068Author 2\u2069's comment on \u2068Alpha post\u2069"  # isolated: may run right to left
    assert answer["message"] == f"Approved as reply #1: {whose}."
    again = _json(admin_client, f"/moderate/comments/{target.id}/decide", action="approve")
    assert again["message"] == f"{whose} is already approved; nothing changed."
    undone = _json(admin_client, "/moderate/undo", decision=answer["decisions"])
    assert undone["message"] == f"Undone: {whose} is pending again."
    assert str(target.id) not in answer["message"] + again["message"] + undone["message"]


def test_undo_answers_the_restored_row_for_the_page_to_put_back(admin_client, world):
    target = world.comments_a[4]
    answer = _json(admin_client, f"/moderate/comments/{target.id}/decide", action="reject")
    undone = _json(admin_client, "/moderate/undo", decision=answer["decisions"],
                   next="/moderate/?status=pending")
    assert undone["changed"] and list(undone["rows"]) == [str(target.id)]
    row = undone["rows"][str(target.id)]
    assert row.startswith(f'<li class="item status-pending" id="comment-{target.id}"')
    assert "Alpha comment 4" in row and 'value="approve"' in row
    assert 'name="next" value="/moderate/?status=pending"' in row


def _policy_spam(world) -> Comment:
    filed = comment(world.thread_a, score=0.997, author="Prize Bot", body="WIN NOW", status=S.SPAM,
                    reasons=[{"feature": "structure:exclaims", "text": "runs of '!!'", "weight": 2.0}])
    db.session.commit()
    return filed


def test_the_policys_spam_is_marked_and_confirming_it_is_a_decision(admin_client, world):
    filed = _policy_spam(world)
    html = admin_client.get(f"/moderate/?site={world.site_a.id}&status=spam").get_data(as_text=True)
    assert "Filed as spam by the site&#39;s policy at 0.99" in html
    assert "Confirm spam" in html
    answer = _json(admin_client, f"/moderate/comments/{filed.id}/decide", action="spam")
    assert answer["changed"] and answer["comments"][0]["status"] == "spam"
    whose = "\u2068Prize Bot\u2069's comment on \u2068Alpha post\u2069"
    assert answer["message"] == f"Confirmed as spam: {whose}. The filter learns from it."
    db.session.expire_all()
    assert db.session.get(Comment, filed.id).decided_by_id == world.admin.id  # a training label now
    decision = db.session.get(Decision, answer["decisions"][0])
    assert (decision.action, decision.from_status, decision.to_status) == (
        DecisionAction.SPAM, S.SPAM, S.SPAM)
    html = admin_client.get(f"/moderate/?site={world.site_a.id}&status=spam").get_data(as_text=True)
    assert "Filed as spam by the site" not in html and "Confirm spam" not in html
    # Confirming twice changes nothing; undo gives the verdict back to the policy.
    assert not _json(admin_client, f"/moderate/comments/{filed.id}/decide", action="spam")["changed"]
    assert _json(admin_client, "/moderate/undo", decision=answer["decisions"])["changed"]
    db.session.expire_all()
    back = db.session.get(Comment, filed.id)
    assert back.status == S.SPAM and back.decided_at is None and back.decided_by_id is None
    history = admin_client.get("/moderate/history").get_data(as_text=True)
    assert "confirming the policy" in history and "Undo of “Marked spam”" in history
    assert "undo of decision" not in history


def test_bulk_spam_on_the_policys_spam_confirms_each_like_any_other_decision(admin_client, world):
    filed = [_policy_spam(world) for _ in range(2)]
    pending = world.comments_a[0]
    chosen = [c.id for c in filed] + [pending.id]
    answer = admin_client.post("/moderate/bulk", follow_redirects=True,
                               data={"action": "spam", "ids": chosen, "next": "/moderate/?status=spam"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "3 comments marked as spam." in html and "already were" not in html
    db.session.expire_all()
    decisions = db.session.scalars(select(Decision).where(Decision.comment_id.in_(chosen))
                                   .order_by(Decision.comment_id)).all()
    assert {d.comment_id: (d.action, d.from_status, d.to_status, d.moderator_id) for d in decisions} == {
        filed[0].id: (DecisionAction.SPAM, S.SPAM, S.SPAM, world.admin.id),
        filed[1].id: (DecisionAction.SPAM, S.SPAM, S.SPAM, world.admin.id),
        pending.id: (DecisionAction.SPAM, S.PENDING, S.SPAM, world.admin.id),
    }
    assert all(db.session.get(Comment, i).decided_by_id == world.admin.id for i in chosen)  # labels now
    assert "Confirm spam" not in admin_client.get("/moderate/?status=spam").get_data(as_text=True)
    # The keyboard's JSON answer for the same selection: nothing left to do, and not an error.
    again = admin_client.post("/moderate/bulk", data={"action": "spam", "ids": chosen},
                              headers={"Accept": "application/json"})
    assert again.status_code == 200 and again.get_json()["changed"] is False
    # One undo takes all three back: the filed ones to the policy's verdict, the other to pending.
    admin_client.post("/moderate/undo", data={})
    db.session.expire_all()
    assert [(db.session.get(Comment, c.id).status, db.session.get(Comment, c.id).decided_by_id)
            for c in filed] == [(S.SPAM, None), (S.SPAM, None)]
    assert _status(pending.id)[0] == S.PENDING


def test_reasons_are_split_by_direction_and_weak_words_are_left_out(admin_client, world):
    comment(world.thread_a, score=0.002, author="Maria", body="Coming back to this recipe", reasons=[
        {"feature": "words:coming", "text": "the word 'coming'", "weight": -0.031},
        {"feature": "cues:on_topic", "text": "speaks about the page ('recipe')", "weight": -1.1},
        {"feature": "words:thanks", "text": "the word 'thanks'", "weight": -0.4},
        {"feature": "structure:length", "text": "length (26 characters)", "weight": 0.6},
        {"feature": "words:__url__", "text": "a link", "weight": 0.1},
    ])
    db.session.commit()
    html = admin_client.get(f"/moderate/?site={world.site_a.id}&sort=score_asc").get_data(as_text=True)
    item = html[html.index("Coming back to this recipe"):]
    item = item[:item.index("</li>")]
    spam_side = item[item.index("Towards spam:"):item.index("Towards fine:")]
    fine_side = item[item.index("Towards fine:"):]
    assert "length (26 characters)" in spam_side and "a link" in spam_side
    assert fine_side.index("speaks about the page") < fine_side.index("the word &#39;thanks&#39;")
    assert "coming&#39;" not in item


def test_the_console_and_the_classifier_share_the_word_floor():
    from moderation.console.reasons import WORD_MIN_WEIGHT as console_floor
    from spam.reasons import WORD_MIN_WEIGHT as classifier_floor

    assert console_floor == classifier_floor


@pytest.mark.parametrize(("search", "expected"), [
    ("Author 3", ["3"]),            # the name
    ("A2@EXAMPLE.ORG", ["2"]),      # the email, any case
    ("comment 1", ["1"]),           # the text
    ("alpha-post", ["4", "3", "2", "1", "0"]),  # the page address
    ('"Alpha comment 4"', ["4"]),   # a quoted phrase
    ("100%", []),                   # LIKE wildcards are literal
])
def test_search_finds_author_email_text_and_page(admin_client, world, search, expected):
    answer = admin_client.get("/moderate/", query_string={"site": world.site_a.id, "q": search})
    html = answer.get_data(as_text=True)
    assert re.findall(r'<div class="text" dir="auto">Alpha comment (\d)', html) == expected
    if not expected:
        assert "comment matches" in html


def test_search_pages_with_the_same_keyset(admin_client, world, monkeypatch):
    monkeypatch.setattr("moderation.console.queue.PER_PAGE", 2)
    first = admin_client.get(f"/moderate/?site={world.site_a.id}&q=alpha").get_data(as_text=True)
    assert re.findall(r"Alpha comment (\d)", first) == ["4", "3"]
    link = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "q=alpha" in link
    second = admin_client.get(link).get_data(as_text=True)
    assert re.findall(r"Alpha comment (\d)", second) == ["2", "1"]
    assert "data-count=" not in second  # matches are not counted: that would read every comment


def test_a_search_longer_than_the_limit_is_a_clear_400(admin_client, world):
    answer = admin_client.get("/moderate/", query_string={"q": "x" * 201})
    assert answer.status_code == 400
    assert "Search for at most 200 characters" in answer.get_data(as_text=True)


def test_each_policy_setting_is_explained_with_an_example(admin_client, world):
    html = admin_client.get(f"/moderate/sites/{world.site_a.id}").get_data(as_text=True)
    policy = html[html.index("Policy: what happens before a moderator looks"):]
    for label in ("Straight to spam at score", "…when their score is below",
                  "Never auto-approve a comment with more than this many links"):
        after = policy[policy.index(label):]
        hint = after[after.index('<p class="hint">'):after.index("</p>")]
        assert "Example: at " in hint, label
    assert 'type="number"' in policy  # styled like the other inputs, not the browser's default


def test_history_searches_the_decided_comments(admin_client, world):
    for c in world.comments_a[:3]:
        _json(admin_client, f"/moderate/comments/{c.id}/decide", action="approve")
    html = admin_client.get("/moderate/history", query_string={"q": "a1@example"}).get_data(as_text=True)
    assert re.findall(r"<bdi>Author (\d)</bdi>", html) == ["1"]
    assert 'value="a1@example"' in html
    html = admin_client.get("/moderate/history", query_string={"q": "alpha post"}).get_data(as_text=True)
    assert sorted(re.findall(r"<bdi>Author (\d)</bdi>", html)) == ["0", "1", "2"]
