"""The Insights page: how a site's comments, its moderators and its spam filter are doing.

Each chart is built here once as a `Chart`: a table of numbers that the page shows under the
chart, that /static/insights.js draws the chart from, and that the CSV download writes out, so the
three can never disagree. The numbers come from `models.insights`; the sites are always the ones
the signed-in person may see (a site they may not see is a 404 by any parameter).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from flask import Response, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from models import insights as data

from . import bp
from .security import int_arg, visible_site_or_404, visible_sites

__all__ = ["CHARTS", "Cell", "Chart", "build_charts"]

# One colour per outcome, the same in every chart.
COLOURS = {
    "approved": "#1f7a3a",
    "rejected": "#a36200",
    "spam_moderator": "#b3261e",
    "spam_policy": "#7b3fa6",
    "waiting": "#6b7280",
}
LINE_COLOURS = ("#2456c9", "#b3261e", "#a36200")
CHARTS = ("volume", "decision-times", "moderators", "filter", "histogram", "models", "released", "what-if")
DEFAULT_RANGE = "30"


@dataclass
class Column:
    name: str
    series: bool = False  # drawn in the chart
    colour: str = ""
    unit: str = ""  # "rate" (0..1), "seconds", or plain counts


# A table's cell: (what the CSV and the chart read, what the table shows, a link or None). A plain
# tuple of plain values, as its row is, which the garbage collector stops tracking: a year's tables
# are 5,000 cells a page, and as objects they brought on its full collections (~100 ms) every few pages.
Cell = tuple[Any, str, str | None]
Row = tuple[Cell, ...]


def _cell(value: Any, text: str, href: str | None = None) -> Cell:
    return (value, text, href)


@dataclass
class Chart:
    slug: str
    title: str
    kind: str  # how insights.js draws it: stacked, line, hbar, bar, or none (a table only)
    summary: str  # the chart in one sentence, for screen readers and the caption
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    note: str = ""


def _number(n: int) -> Cell:
    return _cell(n, f"{n:,}")


def _rate(value: float | None) -> Cell:
    if value is None:
        return _cell(None, "no data")
    return _cell(round(value, 4), f"{value:.0%}" if value in (0, 1) else f"{value:.1%}")


def duration_words(seconds: int | None) -> str:
    if seconds is None:
        return f"over {duration_words(data.DURATION_EDGES[-1])}"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds / 3600:g} h"
    days = seconds / 86400
    return f"{days:g} day" + ("" if days == 1 else "s")


def age_words(seconds: float) -> str:
    """A waiting time in whole units: "under a minute", "40 min", "5 h", "28 days"."""
    if seconds < 60:
        return "under a minute"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h"
    days = int(seconds // 86400)
    return f"{days} day" + ("" if days == 1 else "s")


def _within(seconds: int | None, decided: int) -> Cell:
    if not decided:
        return _cell(None, "no data")
    # Past the last bucket the chart still needs a point: the last edge, shown as "over ...".
    return _cell(seconds or data.DURATION_EDGES[-1], f"within {duration_words(seconds)}"
                if seconds is not None else duration_words(None))


def _day(d: date) -> Cell:
    return _cell(d.isoformat(), d.strftime("%d %b %Y"))


def _week(d: date) -> Cell:
    return _cell(d.isoformat(), "week of " + d.strftime("%d %b %Y"))


def _when(moment: datetime) -> Cell:
    return _cell(moment.isoformat(timespec="seconds"), moment.strftime("%d %b %Y, %H:%M"))


def _outcome_columns() -> list[Column]:
    return [Column(name, True, COLOURS[key]) for key, name in data.OUTCOMES.items()]


def build_charts(seen: data.Insights, site_names: dict[int, str]) -> dict[str, Chart]:
    """Turn the numbers into the page's charts and tables, by slug."""
    charts: dict[str, Chart] = {}

    volume = Chart("volume", "Comments per day, by what became of them", "stacked",
                   f"{seen.total:,} comments in this range; "
                   + (f"{seen.spam_share:.0%} of them spam." if seen.spam_share is not None else "none yet."),
                   [Column("Day"), *_outcome_columns(), Column("Total"), Column("Spam share", unit="rate")])
    for day in seen.days:
        spam = day.counts["spam_moderator"] + day.counts["spam_policy"]
        volume.rows.append((_day(day.day), *(_number(day.counts[k]) for k in data.OUTCOMES),
                            _number(day.total), _rate(data.rate(spam, day.total))))
    charts["volume"] = volume

    times = Chart("decision-times", "Time from a comment's arrival to a moderator's decision", "line",
                  "Half of the comments decided each week were decided within the median; nine in ten "
                  "within the 90th percentile (a logarithmic scale).",
                  [Column("Week"), Column("Decided"), Column("Median", True, LINE_COLOURS[0], "seconds"),
                   Column("90th percentile", True, LINE_COLOURS[1], "seconds")],
                  note="Counted in steps (1, 5, 10, 15, 30 min, 1, 2, 3 h ...): "
                       "\"within 2 h\" means the time fell between the step below and 2 hours.")
    for week in seen.decision_times:
        times.rows.append((_week(week.week), _number(week.decided), _within(week.median, week.decided),
                           _within(week.p90, week.decided)))
    charts["decision-times"] = times

    people = Chart("moderators", "Decisions per moderator", "hbar",
                   f"{sum(w.decisions for w in seen.moderators):,} decisions in this range, "
                   f"{sum(w.undone for w in seen.moderators):,} of them undone.",
                   [Column("Who"), Column("Decisions", True, LINE_COLOURS[0]),
                    Column("Undone", True, COLOURS["rejected"])],
                   note="A decision counts on the day it was made; an undone decision still counts once.")
    for work in seen.moderators:
        people.rows.append((_cell(work.name, work.name), _number(work.decisions), _number(work.undone)))
    charts["moderators"] = people

    overall = seen.overall
    judged = Chart("filter", "The filter, judged by the moderators, per week", "line",
                   f"Precision {_rate(overall.precision)[1]}, recall {_rate(overall.recall)[1]}, "
                   f"false-positive rate {_rate(overall.false_positive_rate)[1]} over the range.",
                   [Column("Week"), Column("Precision", True, LINE_COLOURS[0], "rate"),
                    Column("Recall", True, LINE_COLOURS[2], "rate"),
                    Column("False-positive rate", True, LINE_COLOURS[1], "rate"),
                    Column("Judged"), Column("Filed, spam"), Column("Filed, not spam"),
                    Column("Missed spam"), Column("Passed, not spam")],
                   note="The filter files a comment when its score reaches the site's spam threshold. "
                        "People's verdict: spam when a moderator marked it so or the policy filed it and "
                        "nobody released it; not spam when a moderator approved or rejected it. Comments "
                        "still waiting are not counted.")
    for week, confusion in seen.weeks:
        judged.rows.append((_week(week), _rate(confusion.precision), _rate(confusion.recall),
                            _rate(confusion.false_positive_rate), _number(confusion.judged),
                            _number(confusion.true_pos), _number(confusion.false_pos),
                            _number(confusion.false_neg), _number(confusion.true_neg)))
    charts["filter"] = judged

    histogram = Chart("histogram", "Spam scores, by what became of the comments", "stacked",
                      "How many comments got each score, coloured by their final outcome: spam should "
                      "pile up on the right, approved comments on the left.",
                      [Column("Score"), *_outcome_columns()])
    width = 1 / data.HISTOGRAM_BINS
    if any(sum(b) for b in seen.histogram.values()):
        for i in range(data.HISTOGRAM_BINS):
            label = f"{i * width:.2f}–{(i + 1) * width:.2f}"
            histogram.rows.append((_cell(f"{i * width:.2f}", label),
                                   *(_number(seen.histogram[k][i]) for k in data.OUTCOMES)))
    charts["histogram"] = histogram

    models = Chart("models", "Which model version scored them", "bar",
                   f"{len(seen.models)} model version{'s' if len(seen.models) != 1 else ''} "
                   "scored the comments of this range.",
                   [Column("Model version"), Column("Comments", True, LINE_COLOURS[0]), Column("First"),
                    Column("Last"), Column("Precision", unit="rate"), Column("Recall", unit="rate"),
                    Column("False-positive rate", unit="rate")])
    for model in seen.models:
        c = model.confusion
        models.rows.append((_cell(model.version, model.version), _number(model.comments),
                            _day(model.first_seen), _day(model.last_seen), _rate(c.precision),
                            _rate(c.recall), _rate(c.false_positive_rate)))
    charts["models"] = models

    released = Chart("released", "Filed as spam by the policy, released by a moderator", "none",
                     f"{seen.released_count:,} comments the policy filed as spam were taken out of the "
                     "spam folder by a moderator: the filter's costly mistakes.",
                     [Column("Received"), Column("Site"), Column("Author"), Column("Comment"),
                      Column("Score"), Column("Model"), Column("Now"), Column("Page")])
    if seen.released_count > len(seen.released):
        released.note = f"The newest {len(seen.released)} are listed."
    queue = url_for("console.queue")  # once: building it is most of what a row costs
    for item in seen.released:
        console = f"{queue}?{urlencode({'thread': item.thread_id, 'status': item.status.value})}" \
            f"#comment-{item.comment_id}"
        excerpt = item.body if len(item.body) <= 120 else item.body[:117] + "…"
        released.rows.append((
            _when(item.created_at), _cell(site_names.get(item.site_id, ""), site_names.get(item.site_id, "")),
            _cell(item.author, item.author), _cell(item.body, excerpt, console),
            _cell(round(item.score, 4) if item.score is not None else None,
                 f"{item.score:.2f}" if item.score is not None else "none"),
            _cell(item.model_version or "", item.model_version or ""),
            _cell(item.status.value, item.status.value),
            _cell(item.page_url or "", item.page_title, item.page_url),
        ))
    charts["released"] = released
    return charts


def _cell_html(cell: Cell) -> str:
    value, text, href = cell
    text = f"<bdi>{escape(text)}</bdi>"
    if href:
        # A link off the console opens apart from it and vouches for nothing.
        away = "" if href[:1] == "/" else ' rel="noopener noreferrer nofollow" target="_blank"'
        text = f'<a href="{escape(href)}"{away}>{text}</a>'
    if value.__class__ not in (int, float):  # most cells: a number, which needs no escaping
        value = escape("" if value is None else value)
    return f'<td data-value="{value}">{text}</td>'


@bp.app_template_filter("table_rows")
def table_rows(rows: list[Row]) -> Markup:
    """A chart's table body: the first cell heads its row, the others hold a value for the chart."""
    # Written here, not by a template loop: a year's tables are 4,000 cells, 8 ms a page in Jinja.
    html = "".join(f'<tr><th scope="row">{escape(row[0][1])}</th>{"".join(map(_cell_html, row[1:]))}</tr>\n'
                   for row in rows)
    return Markup(html)  # noqa: S704 - every text and value in it went through escape()


def what_if_chart(answer: data.WhatIf) -> Chart:
    chart = Chart("what-if", f"What a spam threshold of {answer.threshold:g} would have done", "none",
                  f"{answer.filed:,} of {answer.scored:,} scored comments would have gone straight to the "
                  f"spam folder; people approved {answer.approved:,} of them.",
                  [Column("What became of them"), Column("Comments")])
    for key, name in data.OUTCOMES.items():
        chart.rows.append((_cell(name, name), _number(answer.by_outcome[key])))
    chart.rows.append((_cell("All filed", "All filed"), _number(answer.filed)))
    return chart


# --- the request ------------------------------------------------------------

def _scope_from_request() -> tuple[data.Scope, Any, str]:
    """Read site and range; a site the person may not see is a 404, a range we do not offer a 400."""
    chosen = request.args.get("range", DEFAULT_RANGE)
    if chosen not in data.RANGES:
        abort(400, f"Unknown range {chosen!r}: choose 7, 30, 90 or all.")
    site_id = int_arg("site")
    site = visible_site_or_404(site_id) if site_id is not None else None
    site_ids = {site.id} if site is not None else current_user.site_ids()
    return data.Scope.last(data.RANGES[chosen], site_ids), site, chosen


def _step_at_or_below(value: float) -> float:
    return max((step for step in data.SCORE_STEPS if step <= value + 1e-9), default=data.SCORE_STEPS[0])


def _threshold_from_request(site: Any) -> tuple[float, str | None]:
    """The what-if's threshold: one of SCORE_STEPS; by default the site's own (or the step below it)."""
    raw = request.args.get("threshold", "").strip()
    own = site.spam_threshold if site is not None else None
    fallback = _step_at_or_below(own) if own is not None else 0.9
    if not raw:
        return fallback, None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not any(abs(step - value) < 1e-9 for step in data.SCORE_STEPS):
        return fallback, (f"{raw[:20]!r} is not one of the thresholds counted: choose one from the list "
                          "(steps of 0.05, and of 0.01 from 0.90 up).")
    return value, None


@bp.get("/insights")
@login_required
def insights() -> ResponseReturnValue:
    scope, site, chosen = _scope_from_request()
    threshold, threshold_error = _threshold_from_request(site)
    sites = visible_sites()
    seen = data.collect(scope)
    charts = build_charts(seen, {s.id: s.name for s in sites})
    answer = data.what_if(scope, threshold)
    status = 400 if threshold_error else 200
    csv_urls = {name: url_for("console.insights_csv", name=name, site=site.id if site else None, range=chosen,
                              **({"threshold": f"{answer.threshold:g}"} if name == "what-if" else {}))
                for name in CHARTS}
    return render_template(
        "console/insights.html", seen=seen, charts=charts, what_if=what_if_chart(answer), answer=answer,
        csv_urls=csv_urls,
        threshold=threshold, threshold_error=threshold_error, site=site, sites=sites, range=chosen,
        ranges=data.RANGES, thresholds=data.thresholds(scope), age_words=age_words, steps=data.SCORE_STEPS,
        now=datetime.utcnow(),  # noqa: DTZ003 - naive UTC, as stored
        counted_at=data.counted_at(scope), refresh_every=_refresh_every(),
    ), status


def _refresh_every() -> int:
    schedule = current_app.config["CELERY"].get("beat_schedule", {}).get("insights", {})
    return int(schedule.get("schedule", 30))


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _csv_value(value: Any) -> Any:
    # A spreadsheet runs a cell starting with = + - @ as a formula; comment text and names are the
    # commenters' own, so such cells get a leading apostrophe.
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return "" if value is None else value


@bp.get("/insights/<name>.csv")
@login_required
def insights_csv(name: str) -> ResponseReturnValue:
    if name not in CHARTS:
        abort(404)
    scope, site, chosen = _scope_from_request()
    if name == "what-if":
        threshold, error = _threshold_from_request(site)
        if error:
            abort(400, error)
        chart = what_if_chart(data.what_if(scope, threshold))
    else:
        chart = build_charts(data.collect(scope), {s.id: s.name for s in visible_sites()})[name]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.name for c in chart.columns])
    for row in chart.rows:
        writer.writerow([_csv_value(value) for value, _, _ in row])
    slug = re.sub(r"[^a-z0-9]+", "-", site.name.lower()).strip("-") if site is not None else "all-sites"
    filename = f"insights-{name}-{slug or 'site'}-{chosen if chosen == 'all' else chosen + 'd'}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
