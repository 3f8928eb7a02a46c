from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from stdnum.dk import cpr as stdnum_cpr

from kompensation.ui.fields import replace_django_messages


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            replace_django_messages(field)

    error_messages = {
        "invalid_login": (
            "Brugernavn eller adgangskode er forkert. Husk at der skelnes mellem store og små bogstaver."
        ),
        "inactive": "Brugeren er deaktiveret.",
    }

    username = forms.CharField(
        label="Brugernavn",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True}),
        error_messages={
            "required": "Skriv dit brugernavn.",
            "max_length": "Brugernavnet må højst være 150 tegn.",
        },
    )
    password = forms.CharField(
        label="Adgangskode",
        strip=False,
        max_length=4096,  # bounds the hashing work a single login attempt can cause
        widget=forms.PasswordInput,
        error_messages={
            "required": "Skriv din adgangskode.",
            "max_length": "Adgangskoden må højst være 4096 tegn.",
        },
    )


class CprLookupForm(forms.Form):
    """The data-protection officer's lookup: a full CPR number, always POSTed, never put in a URL."""

    INVALID = "Skriv et gyldigt CPR-nummer med 10 cifre, fx 010190-1234. De første 6 cifre er fødselsdatoen."

    cpr = forms.CharField(
        label="CPR-nummer",
        help_text="10 cifre, med eller uden bindestreg.",
        max_length=20,
        error_messages={
            "required": "Skriv personens CPR-nummer.",
            "max_length": "Skriv højst 20 tegn: CPR-nummeret med 10 cifre, fx 010190-1234.",
        },
        widget=forms.TextInput(
            attrs={"class": "form-input input-width-s", "autocomplete": "off", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        replace_django_messages(self.fields["cpr"])

    def clean_cpr(self) -> str:
        try:
            return str(stdnum_cpr.validate(self.cleaned_data["cpr"]))
        except ValueError as error:  # stdnum's errors (format, length, birth date) are ValueErrors
            raise forms.ValidationError(self.INVALID) from error
