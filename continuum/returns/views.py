"""The performance dashboard: figures, charts and a CSV of every table."""

import csv
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from continuum.core import clock
from continuum.organisation.models import Role, Team
from continuum.returns import dashboard, rules

MAY_SEE_PERFORMANCE = (Role.DATA_OFFICER, Role.TEAM_MANAGER, Role.ADMINISTRATOR)


def _filters(request: HttpRequest) -> tuple[dashboard.Filters, dict[str, str]]:
    """The period and team asked for, or the census year to date; problems by field."""
    today = clock.today()
    default_start, _ = rules.collection_year_of(today)
    problems: dict[str, str] = {}
    values = {}
    for name, default in (("start", default_start), ("end", today)):
        text = request.GET.get(name, "").strip()
        try:
            values[name] = dt.date.fromisoformat(text) if text else default
        except ValueError:
            problems[name] = "Enter a real date, for example 2026-04-01"
            values[name] = default
    if not problems and (problem := rules.period_problem(values["start"], values["end"])):
        problems["end"] = problem
        values["start"], values["end"] = default_start, today
    team = None
    slug = request.GET.get("team", "")
    if slug:
        team = Team.objects.filter(slug=slug, is_active=True).first()
        if team is None:
            problems["team"] = "Choose a team from the list"
    return dashboard.Filters(values["start"], values["end"], team), problems


def performance(request: HttpRequest) -> HttpResponse:
    if request.user.role not in MAY_SEE_PERFORMANCE and not request.user.is_superuser:
        raise PermissionDenied("Performance figures are for managers and data officers.")
    filters, problems = _filters(request)
    download = request.GET.get("download", "")
    if download:
        chosen = dashboard.table(filters, download)
        if chosen is None:
            problems["download"] = "There is no such table to download"
        else:
            return _csv(chosen, filters)
    return render(
        request,
        "returns/performance.html",
        {
            "filters": filters,
            "problems": problems,
            "tables": dashboard.tables(filters),
            "teams": Team.objects.filter(is_active=True).order_by("name"),
            "query": request.GET.urlencode(),
        },
        status=400 if problems else 200,
    )


def _csv(table: dashboard.Table, filters: dashboard.Filters) -> HttpResponse:
    team = filters.team.slug if filters.team else "all-teams"
    name = f"{table.slug}-{team}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return response
