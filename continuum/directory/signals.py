"""Deleting a service or a place removes its search entries by cascade, without
`refresh_search_entries`: tell the in-memory search index, so no process goes on finding it.
(Everything that adds or changes services calls `refresh_search_entries`, which does this
itself.)"""

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from continuum.directory import search_index
from continuum.directory.models import Location, Service


@receiver(post_delete, sender=Service, dispatch_uid="directory-service-deleted")
@receiver(post_delete, sender=Location, dispatch_uid="directory-location-deleted")
def forget_deleted(sender: type, **kwargs: Any) -> None:
    search_index.changed()
