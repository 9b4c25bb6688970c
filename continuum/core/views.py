"""Home (the worker's caseload) and signing in and out."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode

from continuum.account.access import second_factor_pending
from continuum.core.forms import GovukFormMixin
from continuum.governance.access import caseload, reasons_for_manager
from continuum.organisation.models import Role
from continuum.people.forms import SearchForm
from continuum.people.models import Allocation


class SignInForm(GovukFormMixin, auth_views.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is inactive",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    """Step one of signing in: username and password. Too many wrong passwords lock the
    username or the address (django-axes; continuum.account.lockout). Staff, and partners who
    have set up an authenticator app, go on to the code step (continuum.account)."""

    template_name = "core/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if second_factor_pending(self.request):
            return f"{reverse('account:code')}?{urlencode({'next': url})}"
        return url


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    children = (
        caseload(user)
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=Allocation.objects.filter(end_date__isnull=True).select_related(
                    "worker", "team"
                ),
                to_attr="open_allocations",
            )
        )
        .order_by("family_name", "given_name")[:300]
    )
    context = {
        "children": children,
        "search_form": SearchForm(),
        "is_partner": user.role == Role.PARTNER,
        "reasons_waiting": reasons_for_manager(user).filter(reviewed_at__isnull=True).count()
        if user.role == Role.TEAM_MANAGER
        else 0,
    }
    return render(request, "core/home.html", context)
