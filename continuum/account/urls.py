"""/sign-in/code and /sign-in/set-up (the second step of signing in) and /account/."""

from django.urls import path

from continuum.account import views

app_name = "account"
urlpatterns = [
    path("sign-in/code", views.code, name="code"),
    path("sign-in/set-up", views.set_up, name="set-up"),
    path("account/", views.account, name="home"),
    path("account/password", views.change_password, name="password"),
    path("account/locked-sign-ins", views.locked_sign_ins, name="locked-sign-ins"),
    path("account/locked-sign-ins/unlock", views.unlock, name="unlock"),
]
