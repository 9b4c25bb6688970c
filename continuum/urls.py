"""The site's URLs: one include per app."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from continuum.api import api
from continuum.core import views as core_views
from continuum.directory.urls import practitioner_patterns, public_patterns

urlpatterns = [
    path("", core_views.home, name="home"),
    path("sign-in", core_views.SignInView.as_view(), name="sign-in"),
    path("sign-out", auth_views.LogoutView.as_view(), name="sign-out"),
    path("", include("continuum.account.urls")),  # /sign-in/code, /sign-in/set-up, /account/
    path("people/", include("continuum.people.urls")),
    path("governance/", include("continuum.governance.urls")),
    path("organisation/", include("continuum.organisation.urls")),
    path("hub/", include("continuum.frontdoor.urls")),
    path("teams/", include("continuum.socialwork.urls")),
    path("performance/", include("continuum.returns.urls")),
    path("casework/", include("continuum.socialwork.urls_casework")),  # casework-a
    path("early-help/", include("continuum.earlyhelp.urls")),
    path("protection/", include("continuum.socialwork.urls_protection")),  # child protection
    path("services/", include((public_patterns, "services"))),
    path("directory/", include((practitioner_patterns, "directory"))),
    path("api/v1/", api.urls),
]

# GOV.UK-styled error pages; problem documents under /api/ (continuum/core/errors.py).
handler400 = "continuum.core.errors.bad_request"
handler403 = "continuum.core.errors.permission_denied"
handler404 = "continuum.core.errors.page_not_found"
handler500 = "continuum.core.errors.server_error"
