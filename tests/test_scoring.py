"""The worker's scoring: the site's policy, the sample from the database, retries, the sweeper, retraining.

Runs on SQLite and on PostgreSQL with the real starter model; tasks run in
this process here (the real worker process is in tests/integration).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from config import load_config
from models import (
    Comment,
    CommentStatus,
    Decision,
    DecisionAction,
    MailKind,
    Moderator,
    Notification,
    Role,
    Site,
    SpamModel,
    Subscription,
    SubscriptionKind,
    Thread,
    Webhook,
    WebhookDelivery,
    author_key,
    db,
    decide,
    samples,
    utcnow,
)
from models.spam_model import ModelUnavailable, register_model
from spam import Sample, SpamClassifier
from spam.learning import at_least_as_good, next_retrain_at
from tests.starter_model import install_model, starter_model_file
from workers import tasks, training
from workers.tasks import queue_backlog, retry_delay, score_comment, send_to_worker, sweep_received

S = CommentStatus
SPAM_TEXT = ("CHECK OUT MY CHANNEL!!! subscribe http://bit.ly/free-money win $500 now "
             "http://cheap-pills.example http://casino.example")
HAM_TEXT = ("I tried the sourdough recipe from your post last weekend and the crust came out "
            "much better with the longer proof. Thanks for explaining why it works.")


@pytest.fixture(scope="session")
def starter_file(request: pytest.FixtureRequest) -> Path:
    return starter_model_file(request.config.cache.mkdir("starter-model"))


@pytest.fixture
def model(app, app_context, starter_file) -> SpamModel:
    return install_model(starter_file)


@pytest.fixture
def thread(site) -> Thread:
    thread = Thread(site_id=site.id, uri="/2008/07/bread", title="Bread")
    db.session.add(thread)
    db.session.commit()
    return thread


@pytest.fixture
def new_comment(thread):
    def make(body: str = HAM_TEXT, author: str = "Ada", status: CommentStatus = S.RECEIVED,
             created_at=None, **values) -> Comment:
        comment = Comment(site_id=thread.site_id, thread_id=thread.id, author=author,
                          author_key=author_key(thread.site_id, author, None), body=body,
                          status=status, created_at=created_at or utcnow(), **values)
        db.session.add(comment)
        db.session.commit()
        return comment

    return make


def reload(comment: Comment) -> Comment:
    db.session.expire_all()
    return db.session.get(Comment, comment.id)


def test_a_received_comment_is_scored_and_waits_for_a_moderator(model, new_comment):
    comment = new_comment()
    assert score_comment(comment.id) == "pending"
    comment = reload(comment)
    assert comment.status == S.PENDING
    assert 0.0 <= comment.score < 0.5
    assert comment.model_version == model.version
    assert comment.scored_at is not None and comment.score_attempts == 1
    assert comment.reasons and {"feature", "text", "weight"} == set(comment.reasons[0])


def test_a_second_delivery_changes_nothing(model, new_comment):
    comment = new_comment(SPAM_TEXT)
    score_comment(comment.id)
    first = reload(comment)
    score, scored_at, reasons = first.score, first.scored_at, first.reasons
    assert score_comment(comment.id) == "already scored"
    again = reload(comment)
    assert (again.score, again.scored_at, again.reasons) == (score, scored_at, reasons)
    assert again.score_attempts == 1


def test_obvious_spam_goes_to_the_spam_folder_when_the_site_says_so(model, site, new_comment):
    site.spam_threshold = 0.9
    db.session.commit()
    comment = new_comment(SPAM_TEXT)
    assert score_comment(comment.id) == "spam"
    assert reload(comment).score >= 0.9
    logged = db.session.scalars(select(Decision).where(Decision.comment_id == comment.id)).all()
    assert [(d.action, d.moderator_id) for d in logged] == [(DecisionAction.AUTO_SPAM, None)]


def test_a_site_without_a_spam_threshold_keeps_even_spam_for_its_moderators(model, site, new_comment):
    site.spam_threshold = None
    db.session.commit()
    comment = new_comment(SPAM_TEXT)
    assert score_comment(comment.id) == "pending"
    assert reload(comment).score > 0.9


def test_typing_an_approved_authors_name_and_email_never_gets_a_comment_approved(model, site, new_comment):
    new_comment("An earlier comment of mine that a moderator approved.", status=S.APPROVED, number=1)
    site.auto_approve_trusted, site.auto_approve_below = True, 0.5
    db.session.commit()
    # The approved author's name (an unconfirmed email would be no better): anyone can type it.
    impostor = new_comment()
    assert score_comment(impostor.id) == "pending"
    assert reload(impostor).number is None


def test_a_scored_comment_that_asked_for_mail_is_subscribed_and_asked_to_confirm(model, new_comment):
    comment = new_comment(email="ada@example.com", signals={"notify": ["published", "page"]})
    assert score_comment(comment.id) == "pending"
    kinds = db.session.scalars(select(Subscription.kind).where(Subscription.comment_id == comment.id)).all()
    assert set(kinds) == {SubscriptionKind.PUBLISHED, SubscriptionKind.PAGE}
    asked = db.session.execute(select(Notification.comment_id, Notification.recipient)
                               .where(Notification.kind == MailKind.CONFIRM)).all()
    assert asked == [(comment.id, "ada@example.com")]


def test_a_webhook_hears_of_the_scored_comment_as_it_is_once_scored(model, site, new_comment):
    db.session.add(Webhook(site_id=site.id, url="https://hooks.example/in", events=["comment.scored"]))
    db.session.commit()
    comment = new_comment()
    assert score_comment(comment.id) == "pending"
    body = json.loads(db.session.scalars(select(WebhookDelivery.body)).one())
    scored = reload(comment)
    assert body["comment"]["status"] == "pending" and body["comment"]["score"] == scored.score
    assert body["comment"]["page"]["title"] == "Bread"


@pytest.mark.parametrize(("score", "expected"), [
    (0.995, S.SPAM),
    (0.95, S.PENDING),
    (0.01, S.PENDING),  # even on a site that opted in to trusting authors
])
def test_the_site_policy_decides_where_a_scored_comment_goes(score, expected):
    site = Site(name="x", spam_threshold=0.99, hold_links_over=2, auto_approve_trusted=True,
                auto_approve_below=0.1)
    assert tasks.choose_status(site, score) == expected


def test_the_sample_counts_the_authors_earlier_verdicts_on_this_site(app, model, new_comment):
    new_comment("first", status=S.APPROVED, number=1)
    new_comment("second", status=S.APPROVED, number=2)
    new_comment("buy now", status=S.SPAM)
    new_comment("rejected one", status=S.REJECTED)
    new_comment("someone else's", author="Bob", status=S.APPROVED, number=3)
    other_site = Site(name="Other")
    db.session.add(other_site)
    db.session.commit()
    comment = new_comment(honeypot=True, seconds_to_submit=2.5)
    sample = samples.build_sample(comment)
    assert (sample.author_approved, sample.author_spam) == (2, 1)
    assert sample.honeypot is True and sample.seconds_to_submit == 2.5
    assert sample.body == HAM_TEXT and sample.author == "Ada"


def test_near_identical_comments_of_the_last_day_are_counted(model, new_comment):
    template = "Earn {} dollars a day from home, visit {} and sign up today my friends"
    for n, url in [(100, "http://a.example/1"), (250, "http://b.example/x?y=2"), (999, "www.c.example")]:
        score_comment(new_comment(template.format(n, url), author=f"bot{n}").id)
    old = new_comment(template.format(5, "http://old.example"), author="old",
                      created_at=utcnow() - timedelta(days=2))
    old.body_fingerprint = samples.body_fingerprint(old.body)
    db.session.commit()
    latest = new_comment(template.format(42, "HTTP://D.EXAMPLE/z").upper(), author="bot42")
    assert samples.build_sample(latest).near_duplicates == 3
    assert samples.build_sample(new_comment(HAM_TEXT)).near_duplicates == 0


def test_short_everyday_comments_are_never_near_duplicates():
    assert samples.body_fingerprint("Thanks!") is None
    assert samples.body_fingerprint("Great post, thanks") is None
    assert samples.body_fingerprint("Call 555 0100 now for a free quote on the loan") == \
        samples.body_fingerprint("call 555 0199 NOW for a free quote,  on the loan!")


def test_a_newly_promoted_model_is_used_without_a_restart(app, model, new_comment, starter_file):
    first = new_comment()
    score_comment(first.id)
    assert reload(first).model_version == model.version
    newer = install_model(starter_file, version="promoted-later")
    second = new_comment()
    score_comment(second.id)
    assert reload(second).model_version == newer.version


def test_the_model_comes_from_the_database_with_no_model_folder(app, model, new_comment):
    assert not Path(app.config["MODEL_DIR"]).exists()
    tasks._cache.clear()  # as in a freshly started worker
    comment = new_comment(SPAM_TEXT)
    score_comment(comment.id)
    scored = reload(comment)
    assert scored.model_version == model.version and scored.score > 0.9


class NotAModelPart:
    """A type no spam model may contain: loading it could run code."""


def test_a_stored_model_with_a_type_outside_the_allow_list_is_refused(app, app_context):
    import skops.io

    payload = skops.io.dumps({"format": 1, "pipeline": NotAModelPart()})
    row = SpamModel(version="foreign", payload=payload, size_bytes=len(payload))
    db.session.add(row)
    db.session.commit()
    with pytest.raises(ModelUnavailable, match="outside the allow-list.*NotAModelPart"):
        row.load()


def test_an_unreadable_model_is_retried_then_the_comment_is_parked(make_app, tmp_path):
    app = make_app(SCORE_MAX_ATTEMPTS=2)
    with app.app_context():
        site = Site(name="Blog")
        db.session.add(site)
        db.session.flush()
        thread = Thread(site_id=site.id, uri="/p")
        db.session.add(thread)
        broken = SpamModel(version="broken", payload=b"this is not a model")
        db.session.add(broken)
        db.session.flush()
        broken.promote()
        comment = Comment(site_id=site.id, thread_id=thread.id, author="Ada",
                          author_key=author_key(site.id, "Ada", None), body=HAM_TEXT)
        db.session.add(comment)
        db.session.commit()

        # Called outside a worker, Celery's retry re-raises the original error.
        with pytest.raises(ModelUnavailable, match="cannot load model broken"):
            score_comment(comment.id)
        assert reload(comment).status == S.RECEIVED
        assert score_comment(comment.id) == "score_failed"
        parked = reload(comment)
        assert parked.status == S.SCORE_FAILED and parked.score_attempts == 2
        assert "not scored after 2 attempts" in parked.score_error and "broken" in parked.score_error


def test_retries_back_off_with_jitter_up_to_a_cap():
    delays = [retry_delay(attempt, 2.0, 60.0) for attempt in (1, 2, 3, 4, 10) for _ in range(50)]
    firsts, tenths = delays[:50], delays[-50:]
    assert all(1.0 <= d <= 3.0 for d in firsts) and len(set(firsts)) > 1
    assert all(30.0 <= d <= 90.0 for d in tenths)


@pytest.fixture
def empty_queue(app):
    """Start with no task waiting (the in-memory broker is shared by every test in the process)."""
    celery = app.extensions["celery"]
    with celery.connection_for_write() as connection:
        connection.default_channel.queue_declare(queue=celery.conf.task_default_queue)
        connection.default_channel.queue_purge(celery.conf.task_default_queue)
    return celery


def test_the_sweeper_resends_stale_comments_and_parks_hopeless_ones(app, model, new_comment, empty_queue):
    long_ago = utcnow() - timedelta(minutes=10)
    fresh = new_comment()
    stale = new_comment(created_at=long_ago)
    hopeless = new_comment(created_at=long_ago, score_attempts=app.config["SCORE_MAX_ATTEMPTS"])
    done = new_comment(created_at=long_ago, status=S.PENDING)
    assert sweep_received() == {"sent": 1, "score_failed": 1, "unsent": 0}
    assert reload(stale).enqueued_at is not None
    assert reload(fresh).enqueued_at is None
    assert reload(hopeless).status == S.SCORE_FAILED
    assert reload(done).status == S.PENDING
    assert sweep_received()["sent"] == 0  # just re-sent: not stale again yet


def test_behind_a_backlog_the_sweeper_resends_only_what_was_never_sent(app, model, new_comment,
                                                                       empty_queue):
    long_ago = utcnow() - timedelta(minutes=10)
    waiting = new_comment(created_at=long_ago, enqueued_at=long_ago)  # sent, still queued
    never_sent = new_comment(created_at=long_ago)  # the broker was down when it came
    assert send_to_worker(new_comment().id)  # a queue that has not caught up yet
    assert queue_backlog() == 1
    assert sweep_received() == {"sent": 1, "score_failed": 0, "unsent": 0}
    assert reload(never_sent).enqueued_at is not None
    assert reload(waiting).enqueued_at == long_ago
    # Once the queue has drained, a comment still waiting was lost: re-send it.
    with empty_queue.connection_for_write() as connection:
        connection.default_channel.queue_purge(empty_queue.conf.task_default_queue)
    assert queue_backlog() == 0
    assert sweep_received()["sent"] == 1
    assert reload(waiting).enqueued_at > long_ago


def test_enqueue_reports_a_broker_that_is_down_without_raising(make_app, tmp_path):
    # The broker settings an app gets from REDIS_URL (its transport, one quick retry), with
    # nothing listening on port 1.
    settings = load_config({"APP_ENV": "test", "INSTANCE_PATH": str(tmp_path),
                            "SECRET_KEY": "test-secret-key-0123456789", "REDIS_URL": "redis://127.0.0.1:1/0"})
    broker = ("broker_url", "broker_transport", "broker_transport_options")
    app = make_app(celery={key: settings["CELERY"][key] for key in broker})
    with app.app_context():
        site = Site(name="Blog")
        db.session.add(site)
        db.session.flush()
        thread = Thread(site_id=site.id, uri="/p")
        db.session.add(thread)
        db.session.flush()
        comment = Comment(site_id=site.id, thread_id=thread.id, author="Ada", author_key="k",
                          body=HAM_TEXT)
        db.session.add(comment)
        db.session.commit()
        assert send_to_worker(comment.id) is False
        assert reload(comment).enqueued_at is None


# --- learning from moderators --------------------------------------------------------------

@pytest.fixture
def moderator(site) -> Moderator:
    # Decisions need a moderator, not a password: no hash to compute.
    person = Moderator(email="mod@example.com", role=Role.MODERATOR, sites=[site])
    db.session.add(person)
    db.session.commit()
    return person


def _spammy(i: int) -> str:
    return f"Win a free phone number {i}, claim at http://prize{i}.example now!!!"


def _hammy(i: int) -> str:
    return f"Thanks for part {i} of the series, the diagrams made it click for me."


def _record(new_comment, moderator, verdicts: list[tuple[str, bool]], first: int = 0) -> None:
    """Have the moderator decide each (body, is_spam) in turn, as separate comments."""
    for i, (body, spam) in enumerate(verdicts, start=first):
        comment = new_comment(body, author=f"author{i}", status=S.PENDING)
        decide(comment.id, DecisionAction.SPAM if spam else DecisionAction.APPROVE, moderator.id)
        db.session.commit()


def _decided(new_comment, moderator, n: int) -> None:
    _record(new_comment, moderator, [(_spammy(i), True) if i % 2 == 0 else (_hammy(i), False)
                                     for i in range(n)])


def test_retraining_waits_for_the_sites_first_ten_decisions(app, model, new_comment, moderator):
    _decided(new_comment, moderator, 9)
    result = training.retrain_if_due()
    assert result["retrained"] is False and result["new_decisions"] == 9
    assert "no site reached its next retraining point (10, 25, 50, then every 50)" in result["message"]
    assert db.session.scalar(select(func.count()).select_from(SpamModel)) == 1


def test_a_new_site_retrains_after_10_then_25_decisions(app, model, smaller_starter_corpus, new_comment,
                                                        moderator):
    _decided(new_comment, moderator, 10)
    rejected = new_comment("Off topic but harmless", author="x", status=S.PENDING)
    decide(rejected.id, DecisionAction.REJECT, moderator.id)
    db.session.commit()
    result = training.retrain_if_due()
    assert result["retrained"] is True and result["holdout"] == 2
    candidate = db.session.scalar(select(SpamModel).where(SpamModel.version == result["version"]))
    assert candidate.source == "decisions" and candidate.stored
    assert candidate.metadata_["holdout"]["active_version"] == model.version
    assert candidate.metadata_["training_counts"]["decisions"] == {"spam": 4, "ham": 4}
    # The site's decisions outweigh starter rows from the start: 100 of them weigh as much as
    # the whole starter corpus.
    assert candidate.metadata_["holdout"]["decision_weight"] > 10
    assert candidate.active is result["promoted"]
    # The same decisions do not trigger another round; the 25th decision does.
    assert training.retrain_if_due()["retrained"] is False
    _decided(new_comment, moderator, 14)
    assert training.retrain_if_due()["retrained"] is False
    _decided(new_comment, moderator, 1)
    assert training.retrain_if_due()["retrained"] is True


def test_a_new_site_is_due_early_even_beside_a_site_with_many_decisions(app, model, site, new_comment,
                                                                        moderator):
    _decided(new_comment, moderator, 60)
    since = db.session.scalar(select(func.max(Decision.id)))
    assert training.due_sites(since, (10, 25, 50), 50) == ([], 0)
    newcomer = Site(name="New blog")
    db.session.add(newcomer)
    db.session.flush()
    newcomer_thread = Thread(site_id=newcomer.id, uri="/first-post")
    db.session.add(newcomer_thread)
    moderator.sites.append(newcomer)
    db.session.commit()
    for i in range(10):
        comment = Comment(site_id=newcomer.id, thread_id=newcomer_thread.id, author=f"reader{i}",
                          author_key=author_key(newcomer.id, f"reader{i}", None), status=S.PENDING,
                          body=f"Reader question number {i} about the first post")
        db.session.add(comment)
        db.session.commit()
        decide(comment.id, DecisionAction.APPROVE, moderator.id)
        db.session.commit()
    # The old site has 60 decisions, 10 short of its next point; the new one reached its first.
    assert training.due_sites(since, (10, 25, 50), 50) == ([newcomer.id], 10)
    assert training.due_sites(since, (), 50) == ([], 10)


def test_the_retraining_schedule_comes_early_then_every_n():
    points, trained_with = [], 0
    while trained_with < 200:
        trained_with = next_retrain_at(trained_with, (10, 25, 50), 50)
        points.append(trained_with)
    assert points == [10, 25, 50, 100, 150, 200]
    assert next_retrain_at(37, (10, 25, 50), 50) == 50
    assert next_retrain_at(0, (), 30) == 30 and next_retrain_at(61, (), 30) == 90


def test_retraining_runs_on_its_own_queue(app, empty_queue):
    from workers.tasks import retrain_from_decisions

    with empty_queue.connection_for_write() as connection:
        connection.default_channel.queue_declare(queue="training")
        connection.default_channel.queue_purge("training")
        retrain_from_decisions.apply_async()
        score_comment.apply_async((1,))
        on_training = connection.default_channel.queue_declare(queue="training", passive=True)
        on_scoring = connection.default_channel.queue_declare(queue="moderation", passive=True)
        connection.default_channel.queue_purge("training")
        connection.default_channel.queue_purge("moderation")
    assert (on_training.message_count, on_scoring.message_count) == (1, 1)
    beat = app.config["CELERY"]["beat_schedule"]["retrain"]
    assert beat["schedule"] <= 300  # often enough that a new site's early retrainings come soon


# --- the promotion gate, on rounds whose verdict is known before they run ---------------------

@pytest.fixture
def backwards_model(app, app_context) -> SpamModel:
    """An active model that has this site backwards: it learned its spam as ham and its ham as spam."""
    texts = [text for i in range(10) for text in (_spammy(i), _hammy(i))]
    backwards = SpamClassifier.train([Sample(body=t) for t in texts], [0, 1] * 10, evaluate_folds=0)
    return register_model(backwards, "test", promote=True)


def test_a_candidate_better_on_the_newest_decisions_replaces_the_active_model(
        app, backwards_model, smaller_starter_corpus, new_comment, moderator):
    _decided(new_comment, moderator, 10)
    result = training.retrain_if_due()
    assert result["retrained"] is True and result["holdout"] == 2
    assert result["active"]["mcc"] < 0 < result["candidate"]["mcc"]  # the round is the one we built
    assert result["promoted"] is True
    assert SpamModel.active_model().version == result["version"]


def test_a_candidate_worse_on_the_newest_decisions_is_kept_aside(
        app, backwards_model, smaller_starter_corpus, new_comment, moderator):
    # Eight decisions as usual, then the two newest (the held-out ones) go the other way: the
    # candidate learned the usual pattern and gets them wrong; the backwards model gets them right.
    _decided(new_comment, moderator, 8)
    _record(new_comment, moderator, [(_spammy(8), False), (_hammy(9), True)], first=8)
    result = training.retrain_if_due()
    assert result["retrained"] is True and result["holdout"] == 2
    assert result["candidate"]["mcc"] < 0 < result["active"]["mcc"]
    assert result["promoted"] is False
    assert SpamModel.active_model().version == backwards_model.version
    kept = db.session.scalar(select(SpamModel).where(SpamModel.version == result["version"]))
    assert kept is not None and not kept.active


def test_promotion_needs_at_least_the_active_models_mcc_then_f1():
    base = {"mcc": 0.8, "f1": 0.9, "accuracy": 0.9}
    assert at_least_as_good(base, dict(base))
    assert at_least_as_good({**base, "mcc": 0.81, "f1": 0.5}, base)
    assert not at_least_as_good({**base, "mcc": 0.79, "f1": 1.0}, base)
    assert not at_least_as_good({**base, "f1": 0.89}, base)
