from django.urls import path

from continuum.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("new", views.person_new, name="new"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/reason", views.give_reason, name="reason"),
    path("<int:pk>/audit", views.person_audit, name="audit"),
    path("<int:pk>/history", views.person_history, name="history"),
]
