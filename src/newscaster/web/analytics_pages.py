"""The listening dashboard: ``/analytics`` for the site, ``/analytics/articles/{id}`` for one article.

The newsroom's page (a signed-in browser, or a server that needs no credentials); others are sent to sign
in. The figures are the API's (``analytics.py``), drawn as inline SVG (``charts.py``), each chart followed
by its table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from ..store.listening import QUARTILES_PERCENT, ListeningFigures, Totals
from .access import may_administer
from .analytics import DEFAULT_DAYS, MAX_DAYS, TOP_ARTICLES, date_range
from .charts import Bar, bar_chart, column_chart
from .pages import not_found_page, templates
from .site import app_path, root_of
from .state import AppState

router = APIRouter(tags=["pages"], include_in_schema=False)

DAY_CHOICES = (7, 30, 90, 365)
"""The ranges the dashboard links to."""


@dataclass(frozen=True)
class Chart:
    """A chart and the same figures as a table."""

    title: str
    svg: Markup
    headers: tuple[str, str]
    rows: list[tuple[str, str]]
    links: dict[str, str] = field(default_factory=dict)
    """Row label → where it links (an article's own view)."""


def percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _per_day(figures: ListeningFigures) -> Chart:
    points = [(d.day[5:], float(d.totals.plays)) for d in figures.per_day]
    return Chart(
        "Listens per day",
        column_chart(
            points,
            ident="chart-days",
            title="Listens per day",
            description=f"Plays each day from {figures.since} to {figures.until}",
        ),
        ("Day", "Plays"),
        [(d.day, str(d.totals.plays)) for d in figures.per_day if d.totals.plays],
    )


def _completion(totals: Totals) -> Chart:
    shares = [
        (q, (min(r, totals.plays) / totals.plays) if totals.plays else 0.0)
        for q, r in zip(QUARTILES_PERCENT, totals.reached, strict=True)
    ]
    bars = [Bar(f"Reached {q} %", share, percent(share)) for q, share in shares]
    return Chart(
        f"How far listeners got (average completion {percent(totals.average_completion)})",
        bar_chart(
            bars,
            ident="chart-completion",
            title="Share of plays reaching each quarter of the audio",
            description=f"Average completion {percent(totals.average_completion)}",
            maximum=1.0,
        ),
        ("Point in the audio", "Share of plays"),
        [(bar.label, bar.shown) for bar in bars],
    )


def _plays_chart(ident: str, title: str, header: str, items: list[tuple[str, int]]) -> Chart:
    bars = [Bar(label, float(plays), f"{plays:,}") for label, plays in items]
    svg = bar_chart(bars, ident=ident, title=title, description=f"Plays by {header.lower()}")
    return Chart(title, svg, (header, "Plays"), [(bar.label, bar.shown) for bar in bars])


def _charts(figures: ListeningFigures, root: str, site: bool) -> list[Chart]:
    charts = [_per_day(figures), _completion(figures.totals)]
    if site:
        top = _plays_chart(
            "chart-articles",
            "Most listened articles",
            "Article",
            [(a.title, a.totals.plays) for a in figures.articles],
        )
        links = {a.title: f"{root}/analytics/articles/{a.article_id}" for a in figures.articles}
        charts.append(Chart(top.title, top.svg, top.headers, top.rows, links))
    charts.append(
        _plays_chart(
            "chart-speeds", "Listening speed", "Speed", [(f"{s.speed:g}x", s.plays) for s in figures.speeds]
        )
    )
    charts.append(
        _plays_chart("chart-voices", "Voices", "Voice", [(v.voice_id, v.plays) for v in figures.voices])
    )
    return charts


def _sign_in_first(request: Request) -> Response:
    here = app_path(request.scope) + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{root_of(request.scope)}/signin?{urlencode({'next': here})}", status_code=303)


def _dashboard(request: Request, days: int, figures: ListeningFigures, **context: object) -> HTMLResponse:
    root = root_of(request.scope)
    return templates.TemplateResponse(
        request,
        "analytics.html",
        {
            "page": "analytics",
            "days": days,
            "day_choices": DAY_CHOICES,
            "figures": figures,
            "completion": percent(figures.totals.average_completion),
            "charts": _charts(figures, root, site="article" not in context),
            **context,
        },
        headers={"Cache-Control": "private, no-store"},
    )


@router.get("/analytics", response_class=HTMLResponse)
def analytics_page(request: Request, days: int = Query(DEFAULT_DAYS, ge=1, le=MAX_DAYS)) -> Response:
    if not may_administer(request):
        return _sign_in_first(request)
    state: AppState = request.app.state.newscaster
    since, until = date_range(days)
    return _dashboard(request, days, state.listening.figures(since, until, top=TOP_ARTICLES))


@router.get("/analytics/articles/{article_id}", response_class=HTMLResponse)
def article_analytics_page(
    request: Request, article_id: str, days: int = Query(DEFAULT_DAYS, ge=1, le=MAX_DAYS)
) -> Response:
    if not may_administer(request):
        return _sign_in_first(request)
    state: AppState = request.app.state.newscaster
    stored = state.library.get_article(article_id)
    if stored is None:
        return not_found_page(request, f"There is no article {article_id!r} in the library.")
    since, until = date_range(days)
    figures = state.listening.figures(since, until, article_id=stored.id)
    return _dashboard(request, days, figures, article=stored)
