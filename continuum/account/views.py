"""The second-factor step, setting up an authenticator app, the account page, changing a
password, and (for administrators) unlocking sign-ins."""

import base64

import segno
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from continuum.account import actions, rules
from continuum.account.access import is_verified, safe_next, second_factor_pending
from continuum.account.forms import ChangePasswordForm, CodeForm
from continuum.account.lockout import cool_off_minutes
from continuum.account.models import DemoDevice
from continuum.core import clock
from continuum.organisation.models import Role


def code(request: HttpRequest) -> HttpResponse:
    """Step two of signing in: the code from the person's authenticator app."""
    next_url = safe_next(request)
    if not second_factor_pending(request):
        return redirect(next_url)
    if not user_has_device(request.user):
        return redirect(f"{reverse('account:set-up')}?{urlencode({'next': next_url})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.verify_second_factor(request, form.cleaned_data["code"])
        except actions.SignInError as refused:
            form.add_error("code", str(refused))
        else:
            return redirect(next_url)
    return render(
        request, "account/code.html", {"form": form, "next": next_url, "signing_in": True}
    )


def set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), then prove it with a
    code. Someone who already has an app must give its code first: a password alone never
    adds a second factor."""
    user = request.user
    next_url = safe_next(request)
    if user_has_device(user) and not is_verified(request):
        return redirect(f"{reverse('account:code')}?{urlencode({'next': next_url})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_up_authenticator(request, form.cleaned_data["code"])
        except actions.SignInError as refused:
            form.add_error("code", str(refused))
        else:
            messages.success(request, "Your authenticator app is set up")
            return redirect(next_url)
    secret = actions.new_authenticator_secret(request)
    address = TOTPDevice(user=user, key=base64.b32decode(secret).hex()).config_url
    pending = second_factor_pending(request)
    return render(
        request,
        "account/set_up.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": segno.make(address, error="m").svg_inline(
                scale=5, dark="#0b0c0c", light="#ffffff", title="QR code for your authenticator app"
            ),
            "secret": rules.grouped_secret(secret),
            "signing_in": pending,
            "replacing": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        },
    )


def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "account/account.html",
        {
            "has_app": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "has_demo_code": DemoDevice.objects.filter(user=user).exists(),
            "app_required": not user.is_partner,
            "is_administrator": user.role == Role.ADMINISTRATOR,
        },
    )


def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.change_password(request, form.cleaned_data["new_password"])
        messages.success(request, "Your password has been changed")
        return redirect("account:home")
    return render(request, "account/change_password.html", {"form": form})


def _administrator(request: HttpRequest) -> None:
    if request.user.role != Role.ADMINISTRATOR:
        raise PermissionDenied("Only administrators can unlock sign-ins.")


def locked_sign_ins(request: HttpRequest) -> HttpResponse:
    """Usernames and addresses locked out now, with a button to unlock each."""
    _administrator(request)
    recent = AccessAttempt.objects.filter(
        attempt_time__gte=clock.now() - settings.AXES_COOLOFF_TIME
    )

    def locked(field: str, limit: int) -> list[dict]:
        rows = (
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by("-last")
        )
        return [{"name": r[field], "failures": r["failures"], "last": r["last"]} for r in rows]

    return render(
        request,
        "account/locked_sign_ins.html",
        {
            "tables": [
                ("Usernames", locked("username", settings.AXES_FAILURE_LIMIT), "username"),
                (
                    "Addresses",
                    locked("ip_address", settings.CONTINUUM_SIGN_IN_ADDRESS_FAILURE_LIMIT),
                    "address",
                ),
            ],
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cool_off": rules.minutes(cool_off_minutes()),
        },
    )


@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    _administrator(request)
    username = request.POST.get("username", "")[:150]
    address = request.POST.get("address", "")[:45]
    try:
        actions.unlock_sign_in(acting_user=request.user, username=username, address=address)
    except actions.SignInError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Unlocked {username or address}")
    return redirect("account:locked-sign-ins")
