"""Child protection's wiring, done when the app is ready (apps.py): the pathway's facts, where
the chronology's events link to, and the flags on a child's record."""

from django.template.loader import render_to_string
from django.urls import reverse

from continuum.core import clock
from continuum.core.chronology import register_source_link


def _plan_part(model_name: str, anchor: str):  # noqa: ANN202 - a url_for(pk) function
    def url_for(pk: int) -> str:
        from django.apps import apps

        plan_id = (
            apps.get_model("socialwork", model_name)
            .objects.filter(pk=pk)
            .values_list("plan_id", flat=True)
            .first()
        )
        return f"{reverse('protection:plan', args=[plan_id])}#{anchor}-{pk}" if plan_id else ""

    return url_for


def register() -> None:
    from continuum.people.panels import register_record_banner
    from continuum.socialwork import protection

    protection.register()
    links = (
        ("StrategyDiscussion", "protection:strategy", "Open the strategy discussion"),
        ("Section47Enquiry", "protection:section47", "Open the Section 47 enquiry"),
        ("Conference", "protection:conference", "Open the conference"),
        ("ChildProtectionPlan", "protection:plan", "Open the Child Protection plan"),
    )
    for model_name, url_name, text in links:
        register_source_link(
            f"socialwork.{model_name}",
            lambda pk, url_name=url_name: reverse(url_name, args=[pk]),
            text,
        )
    register_source_link(
        "socialwork.CoreGroup", _plan_part("CoreGroup", "core-group"), "Open the core group"
    )
    register_source_link(
        "socialwork.ChairReview", _plan_part("ChairReview", "chair-review"), "Open the review"
    )
    register_source_link(
        "socialwork.IssueResolution", _plan_part("IssueResolution", "issue"), "Open the issue"
    )
    register_record_banner(record_banner)


def record_banner(person, user) -> str:  # noqa: ANN001 - a Person and a User
    """Child protection on the child's record: the open plan with its flags and what is due,
    or the conference still to be held."""
    from continuum.socialwork import due_protection

    summary = due_protection.child_summary(person, clock.today())
    if summary is None:
        return ""
    return render_to_string("socialwork/protection/_banner.html", {"summary": summary})
