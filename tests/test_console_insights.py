"""The Insights page and its CSV downloads: the right numbers, only for the sites a person may see."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from models import Comment, Role, Site, db
from tests.console_world import log_in, person
from tests.insights_world import build_insights_world

CHARTS = ["volume", "decision-times", "moderators", "filter", "histogram", "models", "released", "what-if"]


@pytest.fixture
def world(built_once):
    today = datetime.now(UTC).date()
    return built_once(("insights", today), lambda: build_insights_world(today))


def _csv(client, url: str) -> list[list[str]]:
    answer = client.get(url)
    assert answer.status_code == 200, url
    assert answer.mimetype == "text/csv" and "attachment" in answer.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(answer.get_data(as_text=True))))


def test_admin_sees_every_chart_with_its_table_and_csv(client, world):
    log_in(client, world.admin.email)
    html = client.get(f"/moderate/insights?site={world.site_a.id}&range=30").get_data(as_text=True)
    for title in ["Comments per day", "Time from a comment", "Decisions per moderator",
                  "The filter, judged by the moderators", "Filed as spam by the policy",
                  "Spam scores, by what became", "Which model version", "What a spam threshold of 0.9"]:
        assert title in html, title
    assert html.count('<table class="numbers">') == 8
    assert "Precision 66.7%, recall 50.0%, false-positive rate 20.0%" in html
    for name in CHARTS:
        assert f"/moderate/insights/{name}.csv?site={world.site_a.id}" in html, name
    # No inline script or style: the page works under the console's CSP.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and " style=" not in html
    rows = _csv(client, f"/moderate/insights/volume.csv?site={world.site_a.id}&range=30")
    assert rows[0] == ["Day", "Approved", "Rejected", "Spam (moderator)", "Spam (policy)", "Still waiting",
                       "Total", "Spam share"]
    assert len(rows) == 31 and rows[-1][1:] == ["4", "1", "2", "2", "1", "10", "0.4"]
    what_if = _csv(client, f"/moderate/insights/what-if.csv?site={world.site_a.id}&range=30&threshold=0.5")
    assert what_if[1] == ["Approved", "30"] and what_if[-1] == ["All filed", "150"]


def test_moderator_sees_only_their_sites_numbers(client, world):
    log_in(client, world.ana.email)
    html = client.get("/moderate/insights?range=all").get_data(as_text=True)
    assert "Beta blog" not in html and "Beta comment" not in html
    assert re.search(r"<dt>Comments</dt><dd>300</dd>", html)
    volume = _csv(client, "/moderate/insights/volume.csv?range=all")
    assert sum(int(r[6]) for r in volume[1:]) == 300  # site B's 7 comments are not among them
    models = _csv(client, "/moderate/insights/models.csv?range=all")
    assert [r[0] for r in models[1:]] == ["v1", "v2"]


def test_another_sites_insights_are_a_404_by_any_parameter(client, world):
    log_in(client, world.mod_b.email)
    a = world.site_a.id
    assert client.get(f"/moderate/insights?site={a}").status_code == 404
    assert client.get(f"/moderate/insights?site={a}&range=all&threshold=0.5").status_code == 404
    for name in CHARTS:
        assert client.get(f"/moderate/insights/{name}.csv?site={a}&range=all").status_code == 404, name
    # Their own page and files never mention site A's people or comments.
    html = client.get("/moderate/insights?range=all").get_data(as_text=True)
    assert "ana@alpha.example" not in html and "Reader " not in html and "Alpha blog" not in html
    released = _csv(client, "/moderate/insights/released.csv?range=all")
    people = _csv(client, "/moderate/insights/moderators.csv?range=all")
    assert len(released) == 1 and all("alpha" not in r[0] for r in people)
    assert client.get("/moderate/insights?site=999999").status_code == 404


def test_bad_parameters_get_a_clear_answer(client, world):
    log_in(client, world.admin.email)
    answer = client.get("/moderate/insights?range=365")
    assert answer.status_code == 400 and "choose 7, 30, 90 or all" in answer.get_data(as_text=True)
    assert client.get("/moderate/insights?site=abc").status_code == 400
    assert client.get("/moderate/insights/passwords.csv").status_code == 404
    wrong = client.get(f"/moderate/insights?site={world.site_a.id}&threshold=lots")
    text = wrong.get_data(as_text=True)
    assert wrong.status_code == 400 and "is not one of the thresholds counted" in text
    assert 'aria-invalid="true"' in text
    assert "Comments per day" in text  # the rest of the page is still there
    assert client.get("/moderate/insights?threshold=1.5").status_code == 400
    assert client.get("/moderate/insights?threshold=0.975").status_code == 400
    assert client.get("/moderate/insights/what-if.csv?threshold=nan").status_code == 400


def test_empty_site_shows_a_friendly_empty_state(client, app_context):
    empty = Site(name="Brand new blog", origins=[])
    db.session.add(empty)
    owner = person("owner@new.example", Role.OWNER, [empty])
    db.session.commit()
    log_in(client, owner.email)
    for query in ["", "?range=7", f"?site={empty.id}&range=all"]:
        answer = client.get(f"/moderate/insights{query}")
        assert answer.status_code == 200 and "Nothing to show yet" in answer.get_data(as_text=True)
    rows = _csv(client, f"/moderate/insights/filter.csv?site={empty.id}")
    assert rows == [["Week", "Precision", "Recall", "False-positive rate", "Judged", "Filed, spam",
                     "Filed, not spam", "Missed spam", "Passed, not spam"]]


def test_csv_defuses_formulas_in_commenters_text(client, world):
    db.session.execute(update(Comment).where(Comment.author == f"Reader {29}-3")
                       .values(author="=HYPERLINK(\"http://evil.example\")", body="+1 great"))
    db.session.commit()
    log_in(client, world.admin.email)
    rows = _csv(client, f"/moderate/insights/released.csv?site={world.site_a.id}&range=7")
    newest = rows[1]
    assert newest[2] == "'=HYPERLINK(\"http://evil.example\")" and newest[3] == "'+1 great"
