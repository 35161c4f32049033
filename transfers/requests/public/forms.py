"""The request form. Its recipient choices come from the public register only, so an unknown or
non-public id is just "not a choice" (the same answer for both: nothing leaks)."""

from django import forms

from transfers.requests.public.selectors import PublicRecipient

NAME_MAX = 200
EMAIL_MAX = 254
HONEYPOT_FIELD = "website"


class CopyRequestForm(forms.Form):
    name = forms.CharField(
        label="Your full name",
        max_length=NAME_MAX,
        help_text="As you use it with us, so we can find you.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=EMAIL_MAX,
        help_text="We send a confirmation link here, and later your copy.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    all_recipients = forms.BooleanField(
        label="All recipients with Standard Contractual Clauses",
        required=False,
    )
    recipients = forms.MultipleChoiceField(
        label="Or only these recipients",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose recipients from the list."},
    )
    # Honeypot: hidden from people (CSS, aria-hidden, no tab stop); bots fill it in.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, recipients: tuple[PublicRecipient, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.public_recipients = {recipient.key: recipient for recipient in recipients}
        self.fields["recipients"].choices = [
            (recipient.key, f"{recipient.name} ({recipient.country.name})")
            for recipient in recipients
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        nothing_chosen = not cleaned.get("all_recipients") and not cleaned.get("recipients")
        if nothing_chosen and "recipients" not in self.errors:
            self.add_error("recipients", "Choose at least one recipient, or all of them.")
        return cleaned

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def chosen_recipients(self) -> list[PublicRecipient]:
        if self.cleaned_data.get("all_recipients"):
            return []
        return [self.public_recipients[key] for key in self.cleaned_data["recipients"]]
