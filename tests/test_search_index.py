"""The console's search through its text index (models/search.py), on SQLite and PostgreSQL.

What a moderator types finds the same comments as before the index (a substring of the author,
email, title, text or page, any case), however the comments were written, decided, edited or
erased since; and the index exists where the migrations put it.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import delete, select, update

from models import Comment, CommentStatus, Site, db, utcnow, where_matches
from models.privacy import erase_commenter, purge_expired, subject_of
from models.search import POSTGRESQL_INDEXES, SEARCH_INDEXES, SQLITE_DDL
from moderation.console.queue import queue_page
from tests.console_world import build_world, comment, log_in

S = CommentStatus


@pytest.fixture
def world(built_once):
    def build():
        world = build_world()
        # Filler around the comments the tests look for, so a search that matched everything,
        # or nothing, could not pass.
        for i in range(30):
            comment(world.thread_a, score=round(0.01 * i, 3), author=f"Filler {i}",
                    email=f"filler{i}@example.net", body=f"Ordinary remark number {i} about the weather")
        db.session.commit()
        return world

    return built_once(("console-search",), build)


@pytest.fixture
def admin_client(client, world):
    assert log_in(client, world.admin.email).status_code == 302
    return client


def shown(client, q: str, **args) -> list[str]:
    """The texts of the comments the queue shows for a search."""
    html = client.get("/moderate/", query_string={"q": q, **args}).get_data(as_text=True)
    return re.findall(r'<div class="text" dir="auto">([^<]*)</div>', html)


def index_agrees() -> None:
    """On SQLite, FTS5's own check that its index holds exactly what `comments` holds."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(sa.text("INSERT INTO comments_search (comments_search, rank) "
                                   "VALUES ('integrity-check', 1)"))


def test_a_rare_word_and_a_part_of_a_word_are_found(admin_client, world):
    comment(world.thread_a, score=0.4, author="Ann", body="A recipe with Marzipan and plums")
    db.session.commit()
    assert shown(admin_client, "marzipan") == ["A recipe with Marzipan and plums"]
    assert shown(admin_client, "ARZIPA") == ["A recipe with Marzipan and plums"]  # inside a word, any case
    assert shown(admin_client, "zip plums") == ["A recipe with Marzipan and plums"]  # every word counts
    assert shown(admin_client, '"marzipan and"') == ["A recipe with Marzipan and plums"]
    assert shown(admin_client, '"marzipan plums"') == []  # a phrase is one substring


def test_an_address_a_name_and_a_title_are_found(admin_client, world):
    comment(world.thread_a, score=0.4, author="Zoë Quill", email="Zoe.Q@Example.ORG", body="First")
    titled = comment(world.thread_a, score=0.3, author="Ann", body="Second")
    titled.title = "Regarding sourdough"
    db.session.commit()
    assert shown(admin_client, "zoe.q@example.org") == ["First"]
    assert shown(admin_client, "filler17@") == ["Ordinary remark number 17 about the weather"]
    assert shown(admin_client, "quill") == ["First"]
    assert shown(admin_client, "sourdough") == ["Second"]


def test_a_page_finds_its_comments_and_a_short_word_still_works(admin_client, world):
    # "alpha-post" is in the page's address only; "a3" (two characters: too short for trigrams)
    # is in one address.
    thread_a = [f"Alpha comment {i}" for i in range(5)] + [
        f"Ordinary remark number {i} about the weather" for i in range(30)]
    assert sorted(shown(admin_client, "alpha-post")) == sorted(thread_a)
    assert shown(admin_client, "alpha-post", site=world.site_b.id) == []
    assert shown(admin_client, "a3") == ["Alpha comment 3"]
    assert sorted(shown(admin_client, "beta post")) == ["Beta comment 0", "Beta comment 1", "Beta comment 2"]


def test_no_match_says_so(admin_client, world):
    html = admin_client.get("/moderate/", query_string={"q": "quetzalcoatl"}).get_data(as_text=True)
    assert "No pending comment matches “quetzalcoatl”." in html
    assert shown(admin_client, "weather quetzalcoatl") == []  # one word missing is enough
    assert shown(admin_client, "rema_k") == [] and shown(admin_client, "rem%rk") == []  # no wildcards


@pytest.mark.parametrize("sort", ["score_desc", "score_asc", "time_desc", "time_asc"])
def test_search_results_page_by_the_same_keyset(world, sort):
    matching = [comment(world.thread_b, score=None if i == 4 else round(0.2 + 0.1 * i, 3), author=f"Pat {i}",
                        body=f"Pistachio note {i}") for i in range(7)]
    db.session.commit()
    seen, cursor = [], None
    for _ in range(10):
        page = queue_page(status=S.PENDING, site_ids=None, sort=sort, cursor=cursor, per_page=2,
                          words=["pistachio"])
        seen += [c.id for c in page.comments]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(c.id for c in matching) and len(seen) == len(set(seen))
    if sort.startswith("score"):
        assert seen[-1] == matching[4].id  # the unscored one after every scored one
        scores = [db.session.get(Comment, i).score for i in seen[:-1]]
        assert scores == sorted(scores, reverse=sort == "score_desc")


def test_a_common_word_is_sought_in_the_queues_order_with_the_same_result(admin_client, world, monkeypatch):
    # On SQLite a word in RARE comments or more skips the FTS5 lookup (PostgreSQL's planner makes
    # that choice itself): what is found must not depend on which way was taken.
    # Likewise a word on more than PAGES_LISTED pages is looked for through a subquery.
    monkeypatch.setattr("models.search.RARE", 3)
    monkeypatch.setattr("models.search.PAGES_LISTED", 1)
    assert shown(admin_client, "weather")[:3] == [f"Ordinary remark number {i} about the weather"
                                                   for i in (29, 28, 27)]
    assert shown(admin_client, "weather filler17@") == ["Ordinary remark number 17 about the weather"]
    assert shown(admin_client, "a1@example") == ["Alpha comment 1"]  # rare still: one comment
    assert sorted(shown(admin_client, "post comment")) == sorted(  # on both pages
        [f"Alpha comment {i}" for i in range(5)] + [f"Beta comment {i}" for i in range(3)])


def test_the_next_page_link_of_a_search_continues_it(admin_client, world, monkeypatch):
    monkeypatch.setattr("moderation.console.queue.PER_PAGE", 4)
    html = admin_client.get("/moderate/?q=weather").get_data(as_text=True)
    texts = re.findall(r"Ordinary remark number (\d+)", html)
    pages = 1
    while (link := re.search(r'rel="next" href="([^"]+)"', html)) is not None:
        html = admin_client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
        texts += re.findall(r"Ordinary remark number (\d+)", html)
        pages += 1
    assert pages == 8 and sorted(map(int, texts)) == list(range(30))
    assert [int(t) for t in texts] == list(range(29, -1, -1))  # by score, highest first


def test_decisions_keep_comments_findable_under_their_new_status(admin_client, world):
    target = world.comments_a[2]
    admin_client.post(f"/moderate/comments/{target.id}/decide", data={"action": "approve"})
    assert shown(admin_client, "a2@example") == []
    assert shown(admin_client, "a2@example", status="approved") == ["Alpha comment 2"]
    html = admin_client.get("/moderate/history", query_string={"q": "a2@example"}).get_data(as_text=True)
    assert re.findall(r"<bdi>Author (\d)</bdi>", html) == ["2"]
    index_agrees()


def test_an_edited_comment_is_found_by_its_new_words_only(admin_client, world):
    target = world.comments_a[1]
    db.session.execute(update(Comment).where(Comment.id == target.id).values(
        body="Rewritten about gooseberries", author="Renamed", email="new@example.org", title="Fresh"))
    db.session.commit()
    assert shown(admin_client, "alpha comment 1") == []
    assert shown(admin_client, "a1@example") == []
    assert shown(admin_client, "gooseberr") == ["Rewritten about gooseberries"]
    assert shown(admin_client, "renamed new@example fresh") == ["Rewritten about gooseberries"]
    # A change to other columns leaves the text where it was.
    db.session.execute(update(Comment).where(Comment.id == target.id).values(score=0.99, status=S.SPAM))
    db.session.commit()
    assert shown(admin_client, "gooseberr", status="spam") == ["Rewritten about gooseberries"]
    index_agrees()


def test_erasure_and_retention_leave_nothing_to_find(admin_client, world):
    approved, pending = world.comments_a[0], world.comments_a[1]
    admin_client.post(f"/moderate/comments/{approved.id}/decide", data={"action": "approve"})
    repeat = comment(world.thread_a, score=0.5, author="Author 0", email="a0@example.org", body="Hello again")
    for written in (approved, repeat):
        written.email_hash = subject_of("a0@example.org")
    db.session.commit()
    repeat_id = repeat.id
    assert sorted(shown(admin_client, "a0@example")) == ["Hello again"]
    erase_commenter("a0@example.org")
    db.session.commit()
    # The approved reply stays as "deleted"; the pending one is gone; neither has a trace left.
    assert shown(admin_client, "a0@example", status="approved") == []
    assert shown(admin_client, "alpha comment 0", status="approved") == []
    assert shown(admin_client, "hello again") == []
    assert db.session.get(Comment, repeat_id) is None
    assert shown(admin_client, "deleted", status="approved") == ["deleted"]

    db.session.execute(update(Comment).where(Comment.id == pending.id).values(
        status=S.REJECTED, decided_at=utcnow() - timedelta(days=40)))
    world.site_a.keep_rejected_days = 30
    db.session.commit()
    assert shown(admin_client, "alpha comment 1", status="rejected") == ["Alpha comment 1"]
    assert purge_expired()["rejected_deleted"] == 1
    db.session.commit()
    assert shown(admin_client, "alpha comment 1", status="rejected") == []
    index_agrees()


def test_a_deleted_site_takes_its_comments_out_of_the_index(admin_client, world):
    db.session.execute(delete(Site).where(Site.id == world.site_b.id))
    db.session.commit()
    assert shown(admin_client, "beta comment") == []
    index_agrees()
    if db.engine.dialect.name == "sqlite":
        left = db.session.execute(sa.text("SELECT count(*) FROM comments_search_docsize")).scalar()
        assert left == db.session.execute(select(sa.func.count()).select_from(Comment)).scalar()


# --- where the index lives ----------------------------------------------------------------------

def _search_objects(connection: sa.Connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'comments_search' "
            "OR (type = 'trigger' AND name LIKE 'comments_search%')")
    else:
        rows = connection.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = ANY(%s)", (sorted(SEARCH_INDEXES),))
    return {re.sub(r"\s+", " ", row[0]) for row in rows}


def test_the_migrations_and_the_models_build_the_same_index(app, tmp_path):
    """The migrations (PostgreSQL's test database, a fresh SQLite file) and `create_all` (the tests'
    SQLite schema) build the same index; a later migration that rebuilt `comments` and lost the
    triggers would fail here."""
    from flask_migrate import upgrade

    from config import test_config
    from moderation import create_app

    with app.app_context():
        with db.engine.connect() as connection:
            built = _search_objects(connection)
        dialect = db.engine.dialect.name
    if dialect == "sqlite":
        assert built == {re.sub(r"\s+", " ", s) for s in SQLITE_DDL}
        migrated = create_app(test_config(tmp_path / "m", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/m.db"))
        with migrated.app_context():
            upgrade(revision="heads")
            with db.engine.connect() as connection:
                assert _search_objects(connection) == built
            db.engine.dispose()
    else:
        assert len(built) == len(POSTGRESQL_INDEXES)
        assert any("gin_trgm_ops" in d and "COALESCE(email" in d for d in built), built


def _sent_by(run) -> list[tuple]:
    sent: list[tuple] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:
        sent.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        run()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)
    return sent


def test_the_search_can_find_a_word_through_the_index(app_context, world):
    """The statements the search sends can use the text index. SQLite: FTS5 names the comments
    with each word, and the queue looks them up by id. PostgreSQL: the words' condition compares
    exactly the indexed expressions; told not to read the tables, the planner goes through the
    indexes (which it prefers by itself only when the tables are large: bench/queue.py prints
    that plan)."""
    if db.engine.dialect.name == "sqlite":
        sent = _sent_by(lambda: queue_page(status=S.PENDING, site_ids=None, words=["marzipan", "a1@example"]))
        assert sum("WHERE comments_search MATCH" in s for s, _ in sent) == 2
        queue = next((s, p) for s, p in sent if "JOIN threads" in s)
        plan = [str(row[-1]) for row in db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + queue[0], queue[1])]
        assert plan[0] == "SEARCH comments USING INTEGER PRIMARY KEY (rowid=?)", plan
        return
    sent = _sent_by(lambda: db.session.execute(where_matches(select(Comment.id), ["marzipan"])).all())
    pages = next((s, p) for s, p in sent if "FROM threads" in s)
    words = next((s, p) for s, p in sent if "FROM comments" in s)
    connection = db.session.connection()
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    connection.exec_driver_sql("SET LOCAL enable_indexscan = off")

    def plan_of(statement: str, parameters: object) -> str:
        return "\n".join(connection.exec_driver_sql("EXPLAIN " + statement, parameters).scalars())

    assert "Bitmap Index Scan on ix_comments_search" in plan_of(*words), plan_of(*words)
    assert "ix_threads_search_title" in plan_of(*pages) and "ix_threads_search_uri" in plan_of(*pages)
    db.session.rollback()
