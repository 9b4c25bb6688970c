"""Keep the matching index current whenever person data is saved, by any path (actions,
the admin, factories, imports). The index is derived data, like a search index: updating it
here keeps every writer of person data from having to remember it. Bulk inserts
(`bulk_create`, the demo generator) send no signals: run `continuum matching-index` after.
"""

from typing import Any

from django.db.models.signals import post_save

from continuum.people.models import Person, PersonAddress, PersonName, Relationship


def _refresh(person_ids: set[int]) -> None:
    from continuum.people.matching.index import refresh_people

    refresh_people(person_ids)


def on_person_saved(sender: type, instance: Person, **kwargs: Any) -> None:
    ids = {instance.pk}
    if instance.merged_into_id:
        ids.add(instance.merged_into_id)
    _refresh(ids)


def on_detail_saved(sender: type, instance: PersonName | PersonAddress, **kwargs: Any) -> None:
    _refresh({instance.person_id})


def on_relationship_saved(sender: type, instance: Relationship, **kwargs: Any) -> None:
    # A parent's name is part of the child's profile.
    _refresh({instance.other_id})


def connect() -> None:
    post_save.connect(on_person_saved, sender=Person, dispatch_uid="matching-person")
    post_save.connect(on_detail_saved, sender=PersonName, dispatch_uid="matching-name")
    post_save.connect(on_detail_saved, sender=PersonAddress, dispatch_uid="matching-address")
    post_save.connect(on_relationship_saved, sender=Relationship, dispatch_uid="matching-rel")
