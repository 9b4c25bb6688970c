"""Partner agencies' API tokens, for administrators: who holds one, when it was last used, and
a button to revoke it. Tokens are issued with `continuum api-token`, which prints one once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from continuum.organisation.models import ApiToken, Role
from continuum.organisation.tokens import ApiTokenError, revoke_token


def _check_administrator(request: HttpRequest) -> None:
    if request.user.role != Role.ADMINISTRATOR:
        raise PermissionDenied("Only administrators manage partner agencies' API tokens.")


def api_tokens(request: HttpRequest) -> HttpResponse:
    _check_administrator(request)
    tokens = ApiToken.objects.select_related("agency", "revoked_by")
    return render(
        request,
        "organisation/api_tokens.html",
        {
            "active": tokens.filter(revoked_at__isnull=True).order_by(
                "agency__name", "-created_at"
            ),
            "revoked": tokens.filter(revoked_at__isnull=False).order_by("-revoked_at")[:100],
        },
    )


@require_POST
def revoke_api_token(request: HttpRequest, pk: int) -> HttpResponse:
    _check_administrator(request)
    try:
        token = revoke_token(pk, acting_user=request.user)
    except ApiTokenError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Revoked token {token.prefix}… for {token.agency}. It no longer works."
        )
    return redirect("organisation:api-tokens")
