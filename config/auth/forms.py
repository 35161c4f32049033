"""The form that verifies a second factor for a session that is already signed in."""

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django_otp import match_token
from django_otp.models import Device


class SecondFactorForm(forms.Form):
    """One code: six digits from the authenticator app, or one of the recovery codes (which
    then stops working)."""

    otp_token = forms.CharField(
        label="Code",
        max_length=16,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text="The code your authenticator app shows now, or one of your recovery codes.",
    )

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Device | None = None

    def clean_otp_token(self) -> str:
        token = self.cleaned_data["otp_token"].replace(" ", "")
        self.device = match_token(self.user, token)
        if self.device is None:
            raise forms.ValidationError(
                "That code is wrong, expired or already used. Wait for the next code if you "
                "entered several in a row.",
                code="invalid",
            )
        return token
