"""The demo authority's second factor. Real accounts use an authenticator app (django-otp's
TOTPDevice); the demo's accounts, whose password is printed for anyone to use, also accept one
fixed code, printed beside it by `continuum demo-sign-ins`."""

import hmac

from django_otp.models import Device

DEMO_CODE = "123456"


class DemoDevice(Device):
    """Accepts DEMO_CODE, for the demo authority's accounts only.

    Only the demo generator creates these (`account.actions.give_demo_second_factor`, called
    from `continuum.demo`), and the generator refuses any database that holds people other
    than its own. No page or command adds one, and changing the password removes it: a
    demo account whose password someone has made their own is no longer a demo account.
    """

    class Meta(Device.Meta):
        verbose_name = "demo second factor"

    def verify_token(self, token: object) -> bool:
        return hmac.compare_digest(str(token).strip().encode(), DEMO_CODE.encode())
