from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from .services import canonical_email


class LoginForm(AuthenticationForm):
    """Logs in with the e-mail under the one rule sign-up and the API use (canonical_email)."""

    def clean_username(self):
        return canonical_email(self.cleaned_data.get("username"))


class SignupForm(forms.Form):
    email = forms.EmailField(
        label="Correo electrónico",
        error_messages={"required": "Escriba su correo electrónico.", "invalid": "Escriba un correo válido."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label="Contraseña",
        strip=False,
        help_text="Al menos 10 caracteres; que no sea solo números ni una contraseña común.",
        error_messages={"required": "Escriba una contraseña."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Repita la contraseña",
        strip=False,
        error_messages={"required": "Repita la contraseña."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        return canonical_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Las contraseñas no coinciden.")
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
