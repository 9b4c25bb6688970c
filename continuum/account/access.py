"""Who must still give a second factor, and where a signed-in person may be sent next."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import user_has_device

from continuum.account import rules


def is_verified(request: HttpRequest) -> bool:
    """Has this session given a second factor? (django-otp's middleware keeps the device.)"""
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def second_factor_pending(request: HttpRequest) -> bool:
    """Signed in with a password but not yet past the second-factor step, and needs to be."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return False
    if not user.is_partner:
        return True
    return rules.needs_second_factor(is_partner=True, has_device=user_has_device(user))


def safe_next(request: HttpRequest, default: str = "home") -> str:
    """The `next` address if it stays on this site, otherwise the default page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)
