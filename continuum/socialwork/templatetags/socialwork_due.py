"""The child's record shows what is due in their assessment and plan, with the days left."""

from django import template

from continuum.socialwork.due import due_for_child

register = template.Library()


@register.inclusion_tag("socialwork/_child_due.html")
def child_due(person) -> dict:  # noqa: ANN001 - people.Person
    return {"items": [(item, item.due) for item in due_for_child(person)]}
