"""The child's record shows what is due in their assessment and plan, with the days left."""

from django import template

from continuum.core import clock
from continuum.socialwork.due import due_for_child

register = template.Library()


@register.inclusion_tag("socialwork/_child_due.html")
def child_due(person) -> dict:  # noqa: ANN001 - people.Person
    today = clock.today()
    return {"items": [(item, item.due(today)) for item in due_for_child(person)]}
