from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Brugernavn eller adgangskode er forkert. Husk at der skelnes mellem store og små bogstaver."
        ),
        "inactive": "Brugeren er deaktiveret.",
    }

    username = forms.CharField(
        label="Brugernavn", max_length=150, widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(
        label="Adgangskode",
        strip=False,
        max_length=4096,  # bounds the hashing work a single login attempt can cause
        widget=forms.PasswordInput,
        error_messages={"max_length": "Adgangskoden må højst være 4096 tegn."},
    )
