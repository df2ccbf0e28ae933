"""Account e-mails (sign-up), sent through panal.core.jobs after the sign-up's transaction commits."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .jobs import job

SUBJECTS = {
    "activate": "Active su cuenta de Panal",
    "existing": "Ya tiene una cuenta en Panal",
}


def activation_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.PANAL_BASE_URL.rstrip("/") + reverse("accounts:activate", args=[uid, token])


@job
def send_signup_email(user_id: int, kind: str) -> None:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return
    base = settings.PANAL_BASE_URL.rstrip("/")
    context = {
        "email": user.email,
        "activation_url": activation_url(user) if kind == "activate" else "",
        "login_url": base + reverse("accounts:login"),
        "reset_url": base + reverse("accounts:password_reset"),
    }
    body = render_to_string(f"accounts/email/signup_{kind}.txt", context)
    send_mail(SUBJECTS[kind], body, settings.DEFAULT_FROM_EMAIL, [user.email])
