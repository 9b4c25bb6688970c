"""The second-factor code, setting up an authenticator app, and changing a password."""

from django import forms
from django.contrib.auth import password_validation

from continuum.core.forms import GovukForm


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code",
        help_text="Enter the 6-digit code from your authenticator app",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The code is 6 numbers, like 123456")
        return code


class ChangePasswordForm(GovukForm):
    current_password = forms.CharField(
        label="Current password",
        strip=False,
        max_length=200,
        error_messages={"required": "Enter your current password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label="New password",
        help_text=(
            "At least 12 characters. Not a common password, not only numbers, and not like "
            "your name or username. A few unrelated words make a good one."
        ),
        strip=False,
        max_length=200,
        error_messages={"required": "Enter a new password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label="New password again",
        strip=False,
        max_length=200,
        error_messages={"required": "Enter the new password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: object, *args: object, **kwargs: object) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your current password is not right")
        return password

    def clean_new_password(self) -> str:
        password = self.cleaned_data["new_password"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self) -> dict:
        cleaned = super().clean()
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", "The two new passwords are not the same")
        current = cleaned.get("current_password")
        if new and current and new == current:
            self.add_error(
                "new_password", "The new password must be different from the current one"
            )
        return cleaned
