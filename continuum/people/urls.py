from django.urls import path

from continuum.people import duplicates_views, relationship_views, views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("new", views.person_new, name="new"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/reason", views.give_reason, name="reason"),
    path(
        "<int:pk>/relationships",
        relationship_views.person_relationships,
        name="relationships",
    ),
    path("<int:pk>/audit", views.person_audit, name="audit"),
    path("<int:pk>/history", views.person_history, name="history"),
    path("<int:pk>/restriction", views.person_restriction, name="restriction"),
    path("duplicates/", duplicates_views.duplicate_list, name="duplicates"),
    path("duplicates/<int:pk>/", duplicates_views.duplicate_review, name="duplicate-review"),
    path("duplicates/<int:pk>/merge", duplicates_views.duplicate_merge, name="duplicate-merge"),
    path(
        "duplicates/<int:pk>/not-duplicate",
        duplicates_views.duplicate_dismiss,
        name="duplicate-dismiss",
    ),
    path("merges/<int:pk>/undo", duplicates_views.merge_undo, name="merge-undo"),
]
