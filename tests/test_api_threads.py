"""Reading threads and counts: approved comments only, in reply order, revalidated by ETag; CORS.

Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest

from models import Comment, DecisionAction, Site, db, decide
from tests.api_helpers import ORIGIN, Commenter

URI = "/2008/07/on-moderation"


@pytest.fixture
def commenter(app, client, site) -> Commenter:
    return Commenter(app, client, site.key)


def posted(commenter: Commenter, **fields) -> int:
    response = commenter.post(**fields)
    assert response.status_code == 202, response.json
    return response.json["id"]


def moderate(comment_id: int, action: DecisionAction) -> None:
    decide(comment_id, action, None)
    db.session.commit()


def read(commenter: Commenter, uri: str = URI, **headers):
    return commenter.client.get("/api/v1/threads", query_string={"site": commenter.site_key, "uri": uri},
                                headers=headers)


def test_only_approved_comments_are_served_in_reply_order(commenter):
    first = posted(commenter, author="Ada", body="first")
    pending = posted(commenter, author="Bob", body="still waiting")
    second = posted(commenter, author="Cy", body="second")
    rejected = posted(commenter, author="Dee", body="rejected")
    spam = posted(commenter, author="Eve", body="spam")
    moderate(second, DecisionAction.APPROVE)  # approved first: reply #1
    moderate(first, DecisionAction.APPROVE)
    moderate(rejected, DecisionAction.REJECT)
    moderate(spam, DecisionAction.SPAM)
    assert db.session.get(Comment, pending).status.value == "received"

    answer = read(commenter).json
    assert [(c["number"], c["author"]) for c in answer["comments"]] == [(1, "Cy"), (2, "Ada")]
    assert answer["count"] == 2
    assert answer["uri"] == URI and answer["title"] == "On moderation"
    text = str(answer)
    for hidden in ("still waiting", "rejected", "spam", "Bob", "Dee", "Eve"):
        assert hidden not in text
    query = {"site": commenter.site_key, "uri": URI}
    counts = commenter.client.get("/api/v1/counts", query_string=query).json
    assert counts == {"counts": {URI: 2}}


def test_a_pending_comment_cannot_name_the_page_until_a_comment_is_approved(commenter):
    waiting = posted(commenter, page_title="Cheap pills at pills.example", body="buy now")
    assert read(commenter).json["title"] == ""
    honest = posted(commenter, page_title="On moderation")
    moderate(waiting, DecisionAction.REJECT)
    assert read(commenter).json["title"] == ""
    moderate(honest, DecisionAction.APPROVE)
    answer = read(commenter).json
    assert answer["title"] == "On moderation" and answer["count"] == 1
    # A later approval does not rename the page.
    later = posted(commenter, page_title="Renamed by a commenter")
    moderate(later, DecisionAction.APPROVE)
    assert read(commenter).json["title"] == "On moderation"


def test_each_comment_has_number_author_posts_title_html_and_time(commenter):
    comment_id = posted(commenter, title="On <b>tags</b>",
                        body="See https://example.org/a?b=1&c=2\n\nBye <script>")
    moderate(comment_id, DecisionAction.APPROVE)
    [comment] = read(commenter).json["comments"]
    assert set(comment) == {"number", "author", "posts", "avatar", "title", "html",
                            "published_at", "created_at"}
    assert comment["title"] == "On <b>tags</b>"  # text; the widget escapes it
    assert comment["html"] == (
        '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.org/a?b=1&amp;c=2</a></p><p>Bye &lt;script&gt;</p>"
    )
    assert comment["created_at"].endswith("Z") and "T" in comment["created_at"]
    assert comment["published_at"] >= comment["created_at"]


def test_posts_counts_the_authors_approved_comments_across_the_site(commenter):
    for uri in ("/a", "/b", URI):
        moderate(posted(commenter, uri=uri, author="Ada", email="ADA@example.com"), DecisionAction.APPROVE)
    posted(commenter, author="Ada", email="ada@example.com")  # pending: not counted
    moderate(posted(commenter, author="Bob", email=None), DecisionAction.APPROVE)
    comments = read(commenter).json["comments"]
    assert [(c["author"], c["posts"]) for c in comments] == [("Ada", 3), ("Bob", 1)]


def test_a_page_without_comments_answers_an_empty_list(commenter):
    answer = read(commenter, "/never-commented")
    assert answer.status_code == 200
    assert answer.json == {"uri": "/never-commented", "title": "", "count": 0, "comments": [],
                           "before": None, "after": None}


def test_an_unchanged_thread_answers_304_and_an_approval_changes_its_etag(commenter):
    moderate(posted(commenter), DecisionAction.APPROVE)
    first = read(commenter)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = read(commenter, If_None_Match=etag)
    assert again.status_code == 304 and again.data == b""
    moderate(posted(commenter, author="Bob"), DecisionAction.APPROVE)
    changed = read(commenter, If_None_Match=etag)
    assert changed.status_code == 200 and changed.json["count"] == 2


def test_an_approval_on_another_page_changes_the_etag_because_post_counts_may_change(commenter):
    moderate(posted(commenter), DecisionAction.APPROVE)
    etag = read(commenter).headers["ETag"]
    moderate(posted(commenter, uri="/other"), DecisionAction.APPROVE)
    answer = read(commenter, If_None_Match=etag)
    assert answer.status_code == 200
    assert answer.json["comments"][0]["posts"] == 2


def test_withdrawing_an_approval_hides_the_comment_again(commenter):
    comment_id = posted(commenter)
    moderate(comment_id, DecisionAction.APPROVE)
    etag = read(commenter).headers["ETag"]
    moderate(comment_id, DecisionAction.REJECT)
    answer = read(commenter, If_None_Match=etag)
    assert answer.status_code == 200 and answer.json["comments"] == []


def test_counts_are_keyed_by_the_uri_as_sent(commenter):
    moderate(posted(commenter, uri="/a"), DecisionAction.APPROVE)
    answer = commenter.client.get("/api/v1/counts", query_string=[
        ("site", commenter.site_key), ("uri", "/a#comments"), ("uri", "/a"), ("uri", "/b")])
    assert answer.json == {"counts": {"/a#comments": 1, "/a": 1, "/b": 0}}


def test_counts_refuse_more_than_fifty_uris(commenter):
    answer = commenter.client.get("/api/v1/counts", query_string=[("site", commenter.site_key)]
                                  + [("uri", f"/p{i}") for i in range(51)])
    assert answer.status_code == 400 and "uri" in answer.json["fields"]


@pytest.mark.parametrize("path", ["/api/v1/threads", "/api/v1/counts"])
def test_reads_of_an_unknown_site_are_404(client, site, path):
    answer = client.get(path, query_string={"site": "nope", "uri": "/a"})
    assert answer.status_code == 404 and answer.json["error"] == "unknown_site"


@pytest.mark.parametrize("uri", ["", "javascript:alert(1)", "https://evil.example/a", "relative", "/a\x00b"])
def test_reads_with_a_bad_uri_name_the_field(client, site, uri):
    answer = client.get("/api/v1/threads", query_string={"site": site.key, "uri": uri})
    assert answer.status_code == 400 and "uri" in answer.json["fields"]


# --- CORS -------------------------------------------------------------------

def test_the_sites_origin_gets_cors_headers_and_a_foreign_one_does_not(commenter):
    ours = read(commenter, Origin=ORIGIN)
    assert ours.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in ours.headers["Vary"]
    # The same for every reader: shared caches need not keep a copy per cookie.
    assert "Cookie" not in ours.headers["Vary"] and "Set-Cookie" not in ours.headers


def test_a_foreign_page_is_told_its_origin_is_not_registered_and_gets_no_comments(commenter):
    moderate(posted(commenter, body="only for the blog's own pages"), DecisionAction.APPROVE)
    theirs = read(commenter, Origin="https://evil.example")
    # Readable by the refused page, so its widget can say what to fix; it holds no comment.
    assert theirs.status_code == 403 and theirs.json["error"] == "origin_not_allowed"
    assert "https://evil.example" in theirs.json["message"]
    assert theirs.headers["Access-Control-Allow-Origin"] == "https://evil.example"
    assert "only for the blog" not in theirs.get_data(as_text=True)
    # Without a browser's Origin (a feed reader, curl) the thread is public as before.
    assert read(commenter).status_code == 200


def test_an_origin_of_another_site_gets_no_comments_of_this_site(commenter):
    db.session.add(Site(name="Other", origins=["https://other.example"]))
    db.session.commit()
    answer = read(commenter, Origin="https://other.example")
    assert answer.status_code == 403 and answer.json["error"] == "origin_not_allowed"
    assert "comments" not in answer.json


def test_an_unknown_site_key_is_readable_by_the_page_that_used_it(client, site):
    answer = client.get("/api/v1/threads", query_string={"site": "mistyped", "uri": "/a"},
                        headers={"Origin": "https://anywhere.example"})
    assert answer.status_code == 404 and answer.json["error"] == "unknown_site"
    assert answer.headers["Access-Control-Allow-Origin"] == "https://anywhere.example"


def test_other_errors_stay_unreadable_by_a_foreign_page(client, site):
    answer = client.get("/api/v1/threads", query_string={"site": site.key, "uri": "javascript:x"},
                        headers={"Origin": "https://anywhere.example"})
    assert answer.status_code == 400
    assert "Access-Control-Allow-Origin" not in answer.headers


def test_the_preflight_is_answered_only_for_registered_origins(commenter):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ours = commenter.client.options("/api/v1/comments", headers={"Origin": ORIGIN, **preflight})
    assert ours.status_code == 200
    assert ours.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in ours.headers["Access-Control-Allow-Methods"]
    assert ours.headers["Access-Control-Allow-Headers"].lower() == "content-type"
    theirs = commenter.client.options("/api/v1/comments",
                                      headers={"Origin": "https://evil.example", **preflight})
    assert "Access-Control-Allow-Origin" not in theirs.headers
    tricky = commenter.client.options("/api/v1/comments",
                                      headers={"Origin": "https://blog_example", **preflight})
    assert "Access-Control-Allow-Origin" not in tricky.headers


def test_error_answers_carry_cors_headers_so_the_widget_can_read_them(commenter):
    answer = commenter.post(captcha_answer="WRONG")
    assert answer.status_code == 403
    assert answer.headers["Access-Control-Allow-Origin"] == ORIGIN


# --- replies, identity, numbers and times ------------------------------------

def test_a_reply_names_the_published_comment_it_answers_and_numbering_stays_flat(commenter):
    ann = posted(commenter, author="Ann", body="first")
    moderate(ann, DecisionAction.APPROVE)
    reply = posted(commenter, author="Bob", body="answering Ann", reply_to=1)
    moderate(reply, DecisionAction.APPROVE)
    assert db.session.get(Comment, reply).parent_id == ann
    comments = read(commenter).json["comments"]
    assert [c["number"] for c in comments] == [1, 2]
    assert "reply_to" not in comments[0]
    assert comments[1]["reply_to"] == {"number": 1, "author": "Ann"}
    # Withdrawn, the answered comment is no longer named: nothing hidden leaks through a reply.
    moderate(ann, DecisionAction.REJECT)
    [left] = read(commenter).json["comments"]
    assert left["number"] == 2 and "reply_to" not in left


@pytest.mark.parametrize("reply_to", [7, 0, "1", True, 1.5])
def test_a_reply_to_a_comment_that_is_not_published_here_is_a_field_error(commenter, reply_to):
    waiting = posted(commenter, author="Ann")  # pending: cannot be answered
    assert db.session.get(Comment, waiting).number is None
    form = commenter.form(reply_to=reply_to)
    answer = commenter.client.post("/api/v1/comments", json=form, headers={"Origin": commenter.origin})
    assert answer.status_code == 400 and "reply_to" in answer.json["fields"]
    # A field error, so the challenge was not spent: the same form with the field fixed goes through.
    form["reply_to"] = None
    again = commenter.client.post("/api/v1/comments", json=form, headers={"Origin": commenter.origin})
    assert again.status_code == 202


def test_same_name_authors_get_different_avatars_and_one_author_keeps_hers(commenter):
    for email in ("ann@one.example", "ann@two.example", "ann@one.example"):
        moderate(posted(commenter, author="Ann", email=email), DecisionAction.APPROVE)
    first, second, third = read(commenter).json["comments"]
    assert first["avatar"] != second["avatar"] and first["avatar"] == third["avatar"]
    # Keyed with the server's secret: not the author key, nor any plain hash of the address.
    import hashlib

    from models import author_key
    for guess in (author_key(commenter_site_id(commenter), "Ann", "ann@one.example"),
                  hashlib.sha256(b"ann@one.example").hexdigest()):
        assert not guess.startswith(first["avatar"])


def commenter_site_id(commenter: Commenter) -> int:
    return db.session.query(Site.id).filter_by(key=commenter.site_key).scalar()


def test_numbers_follow_publication_and_so_do_the_times_shown_beside_them(commenter):
    older = posted(commenter, author="Ann", body="written first")
    newer = posted(commenter, author="Bob", body="written second")
    moderate(newer, DecisionAction.APPROVE)
    moderate(older, DecisionAction.APPROVE)
    first, second = read(commenter).json["comments"]
    assert (first["number"], first["author"], second["number"], second["author"]) == (1, "Bob", 2, "Ann")
    # Written in the other order, but the times published read in the numbers' order.
    assert second["created_at"] <= first["created_at"]
    assert first["published_at"] <= second["published_at"]


# --- a commenter's own comment ----------------------------------------------

def own(commenter: Commenter, comment_id: int, token: str, site: str | None = None):
    return commenter.client.get(f"/api/v1/comments/{comment_id}", headers={"Origin": commenter.origin},
                                query_string={"site": site or commenter.site_key, "token": token})


def test_the_author_follows_their_comment_from_pending_to_published_with_its_token(commenter):
    answer = commenter.post(author="Ann")
    comment_id, token = answer.json["id"], answer.json["token"]
    waiting = own(commenter, comment_id, token)
    assert waiting.json == {"id": comment_id, "status": "pending"}
    assert waiting.headers["Access-Control-Allow-Origin"] == commenter.origin
    assert waiting.headers["Cache-Control"] == "no-store"
    moderate(comment_id, DecisionAction.APPROVE)
    assert own(commenter, comment_id, token).json == {"id": comment_id, "status": "published", "number": 1}


def test_a_refused_comment_is_told_to_its_author_only(commenter):
    answer = commenter.post(author="Ann", body="secret words")
    comment_id, token = answer.json["id"], answer.json["token"]
    moderate(comment_id, DecisionAction.SPAM)
    refused = own(commenter, comment_id, token)
    assert refused.json == {"id": comment_id, "status": "refused"}
    assert "secret words" not in refused.get_data(as_text=True)
    for wrong in ("", "0" * 32, token[:-1] + ("0" if token[-1] != "0" else "1")):
        assert own(commenter, comment_id, wrong).status_code == 404
    assert own(commenter, comment_id + 1, token).status_code == 404
    db.session.add(other := Site(name="Other", origins=["https://other.example"]))
    db.session.commit()
    assert own(commenter, comment_id, token, site=other.key).status_code == 404


# --- paging -------------------------------------------------------------------

@pytest.fixture
def long_thread(site):
    """250 published comments, numbered 1 to 250 (written straight to the table: paging is under test)."""
    from sqlalchemy import insert

    from models import Thread, author_key
    thread = Thread(site_id=site.id, uri=URI, title="On moderation", approved_count=250, version=1)
    db.session.add(thread)
    db.session.flush()
    db.session.execute(insert(Comment), [
        {"site_id": site.id, "thread_id": thread.id, "author": f"Reader {n}", "title": "",
         "author_key": author_key(site.id, f"Reader {n}", None), "body": f"comment {n}",
         "body_html": f"<p>comment {n}</p>", "status": "approved", "number": n}
        for n in range(1, 251)])
    db.session.commit()
    return thread


def page_of(commenter: Commenter, **params):
    return commenter.client.get("/api/v1/threads", query_string={
        "site": commenter.site_key, "uri": URI, **params})


def numbers(answer) -> list[int]:
    return [c["number"] for c in answer.json["comments"]]


def test_a_long_thread_is_read_a_hundred_comments_at_a_time(commenter, long_thread):
    first = page_of(commenter)
    assert numbers(first) == list(range(1, 101))
    assert (first.json["count"], first.json["before"], first.json["after"]) == (250, None, 100)
    second = page_of(commenter, after=100)
    assert numbers(second) == list(range(101, 201))
    assert (second.json["before"], second.json["after"]) == (101, 200)
    last = page_of(commenter, after=200)
    assert numbers(last) == list(range(201, 251)) and last.json["after"] is None
    back = page_of(commenter, before=101)
    assert numbers(back) == list(range(1, 101)) and back.json["before"] is None
    assert numbers(page_of(commenter, after=0, limit=10)) == list(range(1, 11))


def test_a_permalink_far_down_reads_the_page_that_starts_at_it(commenter, long_thread):
    at = page_of(commenter, after=179, limit=20)
    assert numbers(at) == list(range(180, 200))
    assert (at.json["before"], at.json["after"]) == (180, 199)
    # Past the end: nothing, and the way back to the last page.
    beyond = page_of(commenter, after=400)
    assert numbers(beyond) == [] and beyond.json["before"] == 401 and beyond.json["after"] is None


def test_pages_skip_gaps_left_by_withdrawn_comments(commenter, long_thread):
    for number in (2, 3):
        comment_id = db.session.query(Comment.id).filter_by(thread_id=long_thread.id, number=number).scalar()
        moderate(comment_id, DecisionAction.REJECT)
    assert numbers(page_of(commenter, limit=3)) == [1, 4, 5]
    assert numbers(page_of(commenter, before=4, limit=3)) == [1]


@pytest.mark.parametrize("params, field", [
    ({"after": "-1"}, "after"), ({"after": "x"}, "after"), ({"before": "0"}, "before"),
    ({"limit": "0"}, "limit"), ({"limit": "201"}, "limit"), ({"after": "1", "before": "9"}, "before"),
])
def test_bad_paging_parameters_are_named(commenter, long_thread, params, field):
    answer = page_of(commenter, **params)
    assert answer.status_code == 400 and field in answer.json["fields"]


def test_each_page_has_its_own_etag(commenter, long_thread):
    first = page_of(commenter)
    second = page_of(commenter, after=100)
    assert first.headers["ETag"] != second.headers["ETag"]
    again = commenter.client.get("/api/v1/threads", headers={"If-None-Match": second.headers["ETag"]},
                                 query_string={"site": commenter.site_key, "uri": URI, "after": 100})
    assert again.status_code == 304
