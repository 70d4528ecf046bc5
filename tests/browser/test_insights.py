"""The Insights page in headless Chromium: every chart drawn, at desktop and phone widths, under the CSP.

Screenshots land in test-results/ (kept out of git) so a person can look at what was tested.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import BASE_DIR
from models import Role, Site, db
from tests.console_world import person
from tests.insights_world import build_insights_world
from tests.support import PASSWORD, axe_violations

pytestmark = pytest.mark.browser

SHOTS = BASE_DIR / "test-results"
WIDTHS = {"desktop": (1280, 900), "narrow": (390, 844)}


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    # The numbers are checked on both databases by the unit tests; the browser needs one.
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/moderate/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/moderate/")


def _watch(page, base: str) -> dict[str, list[str]]:
    """Collect script errors, CSP violations and any request that leaves the service."""
    seen: dict[str, list[str]] = {"errors": [], "outside": []}
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: r.url.startswith(base) or r.url.startswith("data:")
            or seen["outside"].append(r.url))
    return seen


def _drawn(page) -> list[dict]:
    """Each chart: its kind, its series, the canvas size and how many pixels were painted."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('figure[data-chart]'))
        .filter(f => f.dataset.chart !== 'none').map(f => {
            const canvas = f.querySelector('canvas');
            const chart = canvas && window.Chart.getChart(canvas);
            let painted = 0;
            if (canvas) {
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
            }
            return {slug: f.querySelector('.chart-box').className, kind: f.dataset.chart,
                    series: chart ? chart.data.datasets.length : 0,
                    tableSeries: f.querySelectorAll('th[data-series]').length,
                    width: canvas ? canvas.getBoundingClientRect().width : 0,
                    label: canvas ? canvas.getAttribute('aria-label') : null, painted};
        })""")


def test_every_chart_renders_at_desktop_and_narrow_widths_and_passes_axe(app, app_context, live_server, page):
    world = build_insights_world(datetime.now(UTC).date())
    seen = _watch(page, live_server)
    _sign_in(page, live_server, world.admin.email)
    SHOTS.mkdir(exist_ok=True)
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server}/moderate/insights?site={world.site_a.id}&range=30")
        page.wait_for_selector("figure[data-drawn]")
        charts = _drawn(page)
        assert len(charts) == 6, charts  # volume, decision times, moderators, filter, histogram, models
        for chart in charts:
            assert chart["series"] == chart["tableSeries"] > 0, chart
            assert chart["painted"] > 2000, chart  # something was drawn, not a blank canvas
            assert 0 < chart["width"] <= width, chart
            assert chart["label"] and "table below" in chart["label"]
        # Nothing sticks out sideways on a phone: the tables scroll inside their own boxes.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        page.screenshot(path=str(SHOTS / f"insights-{name}.png"), full_page=True)
        serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
        assert serious == [], (name, serious)
    assert seen["errors"] == [] and seen["outside"] == []


def test_charts_follow_the_range_and_the_what_if_answers_in_place(app, app_context, live_server, page):
    world = build_insights_world(datetime.now(UTC).date())
    seen = _watch(page, live_server)
    _sign_in(page, live_server, world.ana.email)
    page.goto(f"{live_server}/moderate/insights?range=7")
    page.wait_for_selector("figure[data-drawn]")
    days = page.evaluate("""() => window.Chart.getChart(
        document.querySelector('.chart-volume canvas')).data.labels.length""")
    assert days == 7
    page.select_option("#threshold", "0.50")
    page.get_by_role("button", name="Count", exact=True).click()
    page.wait_for_selector("text=What a spam threshold of 0.5 would have done")
    assert "35 of the" in page.locator(".what-if-answer").inner_text()  # 5 a day for 7 days
    assert page.locator("select[name=site] option").all_inner_texts() == ["All my sites", "Alpha blog"]
    assert seen["errors"] == [] and seen["outside"] == []


def test_empty_state_is_friendly_and_accessible(app, app_context, live_server, page):
    site = Site(name="Brand new blog", origins=[])
    db.session.add(site)
    owner = person("owner@new.example", Role.OWNER, [site])
    db.session.commit()
    seen = _watch(page, live_server)
    _sign_in(page, live_server, owner.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/moderate/insights")
    assert page.locator("h2", has_text="Nothing to show yet").is_visible()
    page.screenshot(path=str(SHOTS / "insights-empty-narrow.png"), full_page=True)
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == [] and seen["errors"] == [] and seen["outside"] == []
