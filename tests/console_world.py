"""Two sites, their people and comments, for the console tests (unit and browser)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask.testing import FlaskClient

from models import Comment, CommentStatus, Moderator, Role, Site, Thread, author_key, db
from tests.support import PASSWORD, PASSWORD_HASH


@dataclass
class World:
    site_a: Site
    site_b: Site
    thread_a: Thread
    thread_b: Thread
    admin: Moderator
    mod_a: Moderator
    owner_a: Moderator
    comments_a: list[Comment] = field(default_factory=list)
    comments_b: list[Comment] = field(default_factory=list)


def person(email: str, role: Role, sites: list[Site]) -> Moderator:
    """A new account that signs in with PASSWORD (its hash is computed once for the whole suite)."""
    someone = Moderator(email=email, role=role, sites=sites, password_hash=PASSWORD_HASH)
    db.session.add(someone)
    return someone


def comment(thread: Thread, *, score: float | None, author: str = "Ada", body: str = "Nice post.",
            status: CommentStatus = CommentStatus.PENDING, reasons: list[dict] | None = None,
            email: str | None = None) -> Comment:
    made = Comment(
        site_id=thread.site_id, thread_id=thread.id, author=author, email=email,
        author_key=author_key(thread.site_id, author, email), body=body, status=status, score=score,
        reasons=reasons,
    )
    db.session.add(made)
    return made


def build_world(pending_a: int = 5, pending_b: int = 3) -> World:
    """Create sites A and B, an admin, a moderator and an owner of A, and pending comments."""
    site_a = Site(name="Alpha blog", origins=["https://alpha.example"])
    site_b = Site(name="Beta blog", origins=["https://beta.example"])
    db.session.add_all([site_a, site_b])
    db.session.flush()
    thread_a = Thread(site_id=site_a.id, uri="/2008/07/alpha-post", title="Alpha post")
    thread_b = Thread(site_id=site_b.id, uri="/beta-post", title="Beta post")
    db.session.add_all([thread_a, thread_b])
    db.session.flush()
    world = World(
        site_a=site_a, site_b=site_b, thread_a=thread_a, thread_b=thread_b,
        admin=person("admin@example.com", Role.ADMIN, []),
        mod_a=person("mod-a@example.com", Role.MODERATOR, [site_a]),
        owner_a=person("owner-a@example.com", Role.OWNER, [site_a]),
    )
    for i in range(pending_a):
        world.comments_a.append(comment(
            thread_a, score=round(0.1 + 0.8 * i / max(pending_a - 1, 1), 3), author=f"Author {i}",
            body=f"Alpha comment {i}", email=f"a{i}@example.org",
            reasons=[{"feature": "links", "text": f"{i} links to other sites", "weight": 0.5},
                     {"feature": "w:free", "text": "the word 'free'", "weight": 1.5}],
        ))
    for i in range(pending_b):
        world.comments_b.append(comment(thread_b, score=0.5, author=f"Beta {i}", body=f"Beta comment {i}"))
    db.session.commit()
    return world


def log_in(client: FlaskClient, email: str, password: str = PASSWORD):
    return client.post("/moderate/login", data={"email": email, "password": password})
