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
    assert set(comment) == {"number", "author", "posts", "title", "html", "created_at"}
    assert comment["title"] == "On <b>tags</b>"  # text; the widget escapes it
    assert comment["html"] == (
        '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.org/a?b=1&amp;c=2</a></p><p>Bye &lt;script&gt;</p>"
    )
    assert comment["created_at"].endswith("Z") and "T" in comment["created_at"]


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
    assert answer.json == {"uri": "/never-commented", "title": "", "count": 0, "comments": []}


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
    theirs = read(commenter, Origin="https://evil.example")
    assert theirs.status_code == 200  # readable by anyone, but not by a foreign page's script
    assert "Access-Control-Allow-Origin" not in theirs.headers


def test_an_origin_of_another_site_gets_no_cors_for_this_site(commenter):
    db.session.add(Site(name="Other", origins=["https://other.example"]))
    db.session.commit()
    answer = read(commenter, Origin="https://other.example")
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
