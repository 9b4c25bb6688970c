from django.urls import path

from continuum.socialwork import views

app_name = "socialwork"
urlpatterns = [path("<slug:slug>/", views.team_queue, name="team-queue")]
