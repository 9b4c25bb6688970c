"""Connects the assessment and Child in Need plan records to the rest (called at start-up):
the pathway asks whether an episode has an open plan, and the chronology links each event to
the record behind it."""

from django.urls import reverse


def connect() -> None:
    from continuum.core.chronology import register_source_url
    from continuum.socialwork import actions, actions_assessment_plan, due_plans

    due_plans.register()
    actions.register_open_plan_check(
        "child_in_need", actions_assessment_plan.has_open_child_in_need_plan
    )
    register_source_url(
        "socialwork.Assessment", lambda pk: reverse("socialwork:assessment", args=[pk])
    )
    register_source_url(
        "socialwork.ChildInNeedPlan", lambda pk: reverse("socialwork:cin-plan", args=[pk])
    )
    register_source_url(
        "socialwork.PlanReview", lambda pk: reverse("socialwork:cin-review", args=[pk])
    )
