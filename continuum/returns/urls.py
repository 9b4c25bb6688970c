from django.urls import path

from continuum.returns import views

app_name = "returns"
urlpatterns = [path("", views.performance, name="performance")]
